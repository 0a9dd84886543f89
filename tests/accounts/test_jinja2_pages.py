"""The order pages are Jinja2 templates (core/jinja2.py): what they fill in is escaped, their links are the
ones Django reverses, their messages are translated and their plurals chosen."""

import html

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from tests.accounts.conftest import order_build
from tests.factories import ShipmentFactory


@pytest.mark.parametrize(
    "number", ["NH-10000001", "A B", "Grüße", "50%", "a&b", "x{0}y", "semi;colon", "~:@", "quote'd", "<b>"]
)
@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("order_detail", ()),
        ("order_invoice", ()),
        ("return_start", ()),
        ("order_line", (7,)),
        ("shipment_detail", (0,)),
    ],
)
def test_order_links_are_what_django_reverses(number, name, ids):
    assert html.unescape(order_link(name, number, *ids)) == reverse(name, args=(number, *ids))


def order_link(name, number, *ids) -> str:
    """``{{ order_url(…) }}`` in a template rendered for a request, as the order pages render."""
    template = engines["jinja2"].from_string("{{ order_url(name, number, *ids) }}")
    return template.render({"name": name, "number": number, "ids": ids}, RequestFactory().get("/"))


def test_an_order_link_django_cannot_build_fails_as_django_does():
    with pytest.raises(NoReverseMatch):
        order_link("order_detail", "a/b")
    with pytest.raises(NoReverseMatch):
        order_link("order_line", "NH-1", -1)


def test_order_links_follow_the_script_prefix():
    order_link("order_detail", "NH-1")  # the format for "/" is kept
    set_script_prefix("/shop/")
    try:
        assert (
            order_link("order_detail", "NH-1")
            == "/shop/account/orders/NH-1/"
            == reverse("order_detail", args=["NH-1"])
        )
    finally:
        set_script_prefix("/")


def test_what_the_pages_fill_in_is_escaped_once(client, customer):
    order = order_build(
        customer=customer, lines=1, parcels=1, events=1, shipping_company="Müller & Söhne <GmbH>"
    )
    line = order.lines.get()
    line.product_name = '<script>alert("x")</script> & Co'
    line.product_sku = "<i>SKU</i>"
    line.save()
    shipment = order.shipments.get()
    client.force_login(customer)
    pages = [
        reverse("order_detail", args=[order.number]),
        reverse("order_shipping", args=[order.number]),
        reverse("order_line", args=[order.number, line.pk]),
    ]
    for path in pages:
        html = client.get(path).content.decode()
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html, path
        assert "&amp;amp;" not in html, path
    overview = client.get(pages[0]).content.decode()
    assert "Müller &amp; Söhne &lt;GmbH&gt;" in overview
    # A value inside a translated message (blocktranslate's rule): the message is markup, the value text.
    assert "Art.-Nr. &lt;i&gt;SKU&lt;/i&gt;" in overview
    tracking = client.get(reverse("shipment_detail", args=[order.number, shipment.pk])).content.decode()
    assert '<a href="mailto:' in tracking  # the help's translated message keeps its link


def test_the_pages_translate_and_choose_plurals(client, customer, english):
    order = order_build(customer=customer, lines=1, parcels=0, events=0)
    line = order.lines.get()
    line.product.warranty_months = 1
    line.product.save()
    client.force_login(customer)
    path = reverse("order_line", args=[order.number, line.pk])
    english_html = client.get(path).content.decode()
    assert "1 month from delivery" in english_html
    assert "days from delivery" in english_html
    client.cookies["django_language"] = "de"
    german_html = client.get(path).content.decode()
    assert "1 Monat ab Zustellung" in german_html
    assert "Tage ab Zustellung" in german_html
    assert "Deine Bestellung" in german_html and "Your order" in english_html


def test_a_parcel_without_scans_and_a_delay_read_plainly(client, customer):
    order = order_build(customer=customer, lines=1, parcels=0, events=0)
    shipment = ShipmentFactory(order=order, is_delayed=True, delay_reason="weather")
    client.force_login(customer)
    with translation.override("de"):
        html = client.get(reverse("shipment_detail", args=[order.number, shipment.pk])).content.decode()
    assert "Noch keine Scans." in html
    assert "Dein Paket verspätet sich" in html
    assert "Grund: Wetter." in html


@pytest.mark.parametrize(("language", "label"), [("de", "Übersicht"), ("en", "Overview")])
def test_a_template_is_compiled_per_language_with_its_messages_as_text(language, label):
    """core.jinja2: "de:…" and "en:…" are two compilations; the labels are in the compiled code, and no
    message is looked up while a page renders."""

    env = engines["jinja2"].env
    name = f"{language}:accounts/_order_tabs.html"
    source, _filename, _uptodate = env.loader.get_source(env, name)
    code = env.compile(source, name, raw=True)
    assert f">{label}</a>" in code
    assert "name='_'" not in code  # no call of _() left
    # Without a language (not how pages load them), the messages are looked up while rendering.
    assert "name='_'" in env.compile(source, "accounts/_order_tabs.html", raw=True)
    with translation.override(language):
        assert engines["jinja2"].get_template("accounts/_order_tabs.html").template.name == name


def test_a_changed_catalogue_drops_the_templates_compiled_with_it():
    """runserver reloads the translations when a .mo file changes (no restart): the order templates, which
    hold their labels compiled in, are compiled anew."""
    from pathlib import Path

    from django.utils.autoreload import file_changed

    jinja = engines["jinja2"]
    with translation.override("en"):
        jinja.get_template("accounts/_order_tabs.html")
    assert len(jinja.env.cache)
    file_changed.send(sender=None, file_path=Path("locale/en/LC_MESSAGES/django.po"))
    assert len(jinja.env.cache)  # not a catalogue that is loaded
    file_changed.send(sender=None, file_path=Path("locale/en/LC_MESSAGES/django.mo"))
    assert not len(jinja.env.cache)
