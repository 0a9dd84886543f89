"""The language switch remembers the choice (cookie, and the account when signed in) and goes back only to
this site; the invoice lists VAT per rate; the benchmark's floor page answers the customer's first name."""

from decimal import Decimal

from django.urls import reverse

from orders.invoices import invoice_number, vat_breakdown
from tests.factories import OrderFactory, OrderLineFactory


def test_switching_language_saves_it_on_the_account(client, customer):
    client.force_login(customer)
    response = client.post(reverse("language_set"), {"language": "en", "next": "/account/orders/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/orders/"
    assert response.cookies["django_language"].value == "en"
    customer.refresh_from_db()
    assert customer.language == "en"


def test_switching_language_as_a_guest_sets_the_cookie_only(client, db):
    response = client.post(reverse("language_set"), {"language": "en", "next": "/track/"})
    assert response.cookies["django_language"].value == "en"
    assert "Find your order" in client.get("/track/").content.decode()


def test_the_switch_never_sends_anyone_to_another_site(client, db):
    response = client.post(reverse("language_set"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_an_unknown_language_falls_back_to_german(client, db):
    response = client.post(reverse("language_set"), {"language": "xx"})
    assert response.cookies["django_language"].value == "de"


def test_vat_is_listed_per_rate_with_shipping_at_the_main_rate(db):
    order = OrderFactory(shipping_total=Decimal("4.90"), discount_total=Decimal("0"))
    OrderLineFactory(order=order, unit_price=Decimal("119.00"), quantity=1, vat_rate=Decimal("19.00"))
    OrderLineFactory(order=order, unit_price=Decimal("10.70"), quantity=2, vat_rate=Decimal("7.00"))
    rows = {row.rate: row for row in vat_breakdown(order=order)}
    assert rows[Decimal("19.00")].gross == Decimal("123.90")
    assert rows[Decimal("19.00")].net == Decimal("104.12")
    assert rows[Decimal("19.00")].vat == Decimal("19.78")
    assert rows[Decimal("7.00")].gross == Decimal("21.40")
    assert rows[Decimal("7.00")].net == Decimal("20.00")
    assert invoice_number(order=order) == f"RE-{order.number}"


def test_the_floor_page_answers_the_first_name(client, customer):
    client.force_login(customer)
    response = client.get(reverse("account_ping"))
    assert response.status_code == 200
    assert response.content.decode() == "Lena"
