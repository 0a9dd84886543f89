"""Every page of the customer area answers for its customer, in German and in English."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import OrderLineFactory


def order_pages(order) -> dict[str, str]:
    line = order.lines.first()
    shipment = order.shipments.first()
    return {
        "order": reverse("order_detail", args=[order.number]),
        "shipping": reverse("order_shipping", args=[order.number]),
        "item": reverse("order_line", args=[order.number, line.pk]),
        "shipment": reverse("shipment_detail", args=[order.number, shipment.pk]),
        "invoice": reverse("order_invoice", args=[order.number]),
    }


GERMAN = {
    "home": "Deine letzten Bestellungen",
    "orders": "Deine Bestellungen",
    "settings": "Passwort ändern",
    "order": "Lieferadresse",
    "shipping": "Deine Bestellung kommt in 2 Paketen.",
    "item": "Technische Daten",
    "shipment": "Sendungsverlauf",
}
ENGLISH = {
    "home": "Your recent orders",
    "orders": "Your orders",
    "settings": "Change password",
    "order": "Delivery address",
    "shipping": "Your order comes in 2 parcels.",
    "item": "Specifications",
    "shipment": "Tracking history",
}


def all_pages(order) -> dict[str, str]:
    return {
        "home": reverse("account_home"),
        "orders": reverse("account_orders"),
        "settings": reverse("account_settings"),
        **order_pages(order),
    }


@pytest.mark.parametrize("page", list(GERMAN))
def test_each_page_speaks_german_by_default(client, customer, order, page):
    client.force_login(customer)
    response = client.get(all_pages(order)[page], HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    html = response.content.decode()
    assert GERMAN[page] in html
    assert '<html lang="de">' in html


@pytest.mark.parametrize("page", list(ENGLISH))
def test_each_page_speaks_english_when_chosen(english, customer, order, page):
    english.force_login(customer)
    response = english.get(all_pages(order)[page])
    assert response.status_code == 200
    html = response.content.decode()
    assert ENGLISH[page] in html
    assert '<html lang="en">' in html


def test_the_browser_language_is_used_without_a_choice(client, customer, order):
    client.force_login(customer)
    response = client.get(reverse("order_detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert "Delivery address" in response.content.decode()


def test_money_and_dates_in_the_customers_locale(client, customer, order):
    from django.utils import timezone

    order.grand_total = "1234.56"
    order.save()
    placed = timezone.localtime(order.placed_at)
    client.force_login(customer)
    german = client.get(
        reverse("order_detail", args=[order.number]), HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "1.234,56\u00a0€" in german
    assert f"Bestellt am {placed:%d.%m.%Y}, {placed:%H:%M} Uhr" in german
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("order_detail", args=[order.number])).content.decode()
    assert "€1,234.56" in english
    assert f"Ordered on {placed.day} {placed:%b %Y}" in english


def test_invoice_is_a_pdf_named_after_the_invoice_number(client, customer, order):
    client.force_login(customer)
    response = client.get(reverse("order_invoice", args=[order.number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"RE-{order.number}.pdf" in response["Content-Disposition"]


def test_order_page_shows_lines_addresses_payment_and_actions(client, customer, order):
    client.force_login(customer)
    html = client.get(reverse("order_detail", args=[order.number])).content.decode()
    for line in order.lines.all():
        assert line.product_name in html
    assert order.shipping_street in html
    assert "Visa •••• 4242" in html
    assert reverse("order_invoice", args=[order.number]) in html
    assert reverse("order_shipping", args=[order.number]) in html
    assert "Artikel zurücksenden" in html


def test_shipping_page_links_the_carriers_tracking_page_and_says_what_is_in_each_parcel(
    client, customer, order
):
    client.force_login(customer)
    html = client.get(reverse("order_shipping", args=[order.number])).content.decode()
    shipment = order.shipments.first()
    assert shipment.tracking_url.replace("&", "&amp;") in html
    assert "Mein Paket ist noch nicht da" in html
    assert shipment.lines.first().order_line.product_name in html


def test_product_page_shows_gallery_alt_texts_and_return_date(client, customer):
    from tests.accounts.conftest import order_build

    order = order_build(customer=customer, lines=1, parcels=1, delivered=True)
    client.force_login(customer)
    line = order.lines.first()
    html = client.get(reverse("order_line", args=[order.number, line.pk])).content.decode()
    assert 'alt="Vorderansicht 0"' in html and 'alt="Seitenansicht 0"' in html
    assert "möglich bis" in html
    assert "Edelstahl" in html


def test_a_line_whose_product_was_deleted_still_has_its_page(client, customer, order):
    line = OrderLineFactory(order=order, product=None, product_name="Alter Artikel")
    client.force_login(customer)
    response = client.get(reverse("order_line", args=[order.number, line.pk]))
    assert response.status_code == 200
    assert "Alter Artikel" in response.content.decode()


def test_orders_are_filtered_by_status_and_paginated(client, customer, settings):
    from tests.accounts.conftest import order_build

    settings.ACCOUNT_ORDERS_PER_PAGE = 2
    for _ in range(3):
        order_build(customer=customer, parcels=0)
    delivered = order_build(customer=customer, parcels=1, delivered=True, status="delivered")
    client.force_login(customer)
    first = client.get(reverse("account_orders")).content.decode()
    assert "Seite 1 von 2" in first
    only_delivered = client.get(reverse("account_orders"), {"status": "delivered"}).content.decode()
    assert delivered.number in only_delivered
    assert only_delivered.count('<li class="card">') == 1


def test_the_hub_points_at_parcels_that_need_attention(client, customer, order):
    shipment = order.shipments.first()
    shipment.status = "available_for_pickup"
    shipment.save()
    client.force_login(customer)
    html = client.get(reverse("account_home")).content.decode()
    assert "Braucht deine Aufmerksamkeit" in html
    assert "Liegt zur Abholung bereit" in html


def test_delay_banner_shows_reason_and_both_dates(client, customer, order):
    from datetime import timedelta

    shipment = order.shipments.first()
    shipment.is_delayed = True
    shipment.delay_reason = "weather"
    shipment.original_estimated_delivery = shipment.estimated_delivery
    shipment.estimated_delivery = shipment.estimated_delivery + timedelta(days=3)
    shipment.save()
    client.force_login(customer)
    html = client.get(reverse("shipment_detail", args=[order.number, shipment.pk])).content.decode()
    assert "Dein Paket verspätet sich" in html
    assert "Ursprünglich erwartet: " + shipment.original_estimated_delivery.strftime("%d.%m.%Y") in html
    assert "Neu erwartet: " + shipment.estimated_delivery.strftime("%d.%m.%Y") in html


def test_settings_save_name_and_language(client, customer):
    client.force_login(customer)
    response = client.post(
        reverse("account_settings"),
        {"form": "profile", "first_name": "Lena", "last_name": "Meyer", "language": "en"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.last_name, customer.language) == ("Meyer", "en")
    assert response.cookies["django_language"].value == "en"


def test_settings_change_the_password_and_keep_the_session(client, customer):
    client.force_login(customer)
    response = client.post(
        reverse("account_settings"),
        {
            "form": "password",
            "old_password": "geheim-123",
            "new_password1": "Ein-neues-Passwort-42",
            "new_password2": "Ein-neues-Passwort-42",
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("Ein-neues-Passwort-42")
    assert client.get(reverse("account_home")).status_code == 200


def test_the_account_needs_a_login(client, db):
    for name in ("account_home", "account_orders", "account_settings"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_tracking_page_lists_every_scan_once_newest_first_and_every_part_of_the_parcel(client, customer):
    from tests.accounts.conftest import order_build

    order = order_build(customer=customer, lines=3, parcels=1, events=4)
    shipment = order.shipments.get()
    client.force_login(customer)
    html = client.get(reverse("shipment_detail", args=[order.number, shipment.pk])).content.decode()
    timeline = html[
        html.index('<ol class="timeline"') : html.index("</ol>", html.index('<ol class="timeline"'))
    ]
    moments = [event.occurred_at for event in shipment.events.order_by("-occurred_at")]
    assert timeline.count("<li>") == 4
    positions = [timeline.index(f'datetime="{timezone.localtime(moment).isoformat()}"') for moment in moments]
    assert positions == sorted(positions)
    contents = ", ".join(f"1 × {line.product_name}" for line in order.lines.order_by("shipment_lines__id"))
    assert f"<dd>{contents}</dd>" in html
