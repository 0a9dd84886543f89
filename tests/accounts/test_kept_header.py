"""The site header and footer are rendered once per language, sign-in state and page, then kept: every page
still gets its own CSRF token, its own path in the language switch, the right current page and language."""

import re

from django.conf import settings
from django.template import engines
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.accounts.conftest import order_build


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_each_request_gets_its_own_token_and_path_in_the_kept_header(client, customer):
    order = order_build(customer=customer)
    client.force_login(customer)
    orders_page = client.get(reverse("account_orders")).content.decode()
    order_page = client.get(reverse("order_detail", args=[order.number])).content.decode()
    orders_again = client.get(reverse("account_orders")).content.decode()

    for html, path in (
        (orders_page, reverse("account_orders")),
        (order_page, reverse("order_detail", args=[order.number])),
    ):
        assert f'name="next" value="{path}"' in header(html)
        assert len(tokens(html)) == 1  # language switch and logout carry the same token
    assert tokens(orders_page) != tokens(orders_again)  # a fresh mask each time, as Django renders it
    assert 'href="/account/orders/" aria-current="page"' in header(orders_page)
    assert 'aria-current="page"' not in header(order_page)


def test_the_kept_header_follows_language_and_sign_in(client, customer):
    client.force_login(customer)
    german = client.get(reverse("account_home"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("account_home")).content.decode()
    assert "Abmelden" in header(german) and 'value="de" lang="de" selected' in header(german)
    assert "Sign out" in header(english) and 'value="en" lang="en" selected' in header(english)
    client.logout()
    signed_out = client.get(reverse("login")).content.decode()
    assert "Sign out" not in header(signed_out) and reverse("guest_lookup") in header(signed_out)


def test_a_changed_shop_name_is_shown_at_once(client, db):
    client.get(reverse("login"))
    with override_settings(SHOP_NAME="Südwind Laden"):
        html = client.get(reverse("login")).content.decode()
    assert "Südwind Laden" in header(html)
    assert "Südwind Laden ·" in html[html.index("<footer") :]


def test_a_kept_block_sees_only_its_keys(rf: RequestFactory):
    template = engines["django"].from_string(
        "{% load render_once %}{% render_once name=name %}{{ name }}/{{ secret }}/"
        "{% live %}{{ secret }}{% endlive %}{% endrender_once %}"
    )
    first = template.render({"name": "a", "secret": "first person"})
    second = template.render({"name": "a", "secret": "second person"})
    # What is not a key cannot be kept and shown to the next person; a {% live %} hole is rendered each time.
    assert first == "a//first person"
    assert second == "a//second person"
