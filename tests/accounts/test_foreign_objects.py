"""Someone else's order, parcel, product page, invoice or return: a 404 on every page and file."""

import pytest
from django.urls import reverse

from tests.accounts.test_pages import order_pages


@pytest.mark.parametrize("page", ["order", "shipping", "item", "shipment", "invoice"])
def test_another_customers_order_is_not_found(client, customer, foreign_order, page):
    client.force_login(customer)
    assert client.get(order_pages(foreign_order)[page]).status_code == 404


def test_a_parcel_or_line_of_another_order_is_not_found_under_my_order(
    client, customer, order, foreign_order
):
    client.force_login(customer)
    foreign_shipment = foreign_order.shipments.first()
    foreign_line = foreign_order.lines.first()
    assert client.get(reverse("shipment_detail", args=[order.number, foreign_shipment.pk])).status_code == 404
    assert client.get(reverse("order_line", args=[order.number, foreign_line.pk])).status_code == 404


def test_an_unknown_order_is_not_found(client, customer, order):
    client.force_login(customer)
    assert client.get(reverse("order_detail", args=["NH-00000000"])).status_code == 404


def test_another_customers_returns_do_not_appear_in_my_hub(client, customer, order, foreign_order):
    from tests.factories import ReturnRequestFactory

    foreign_return = ReturnRequestFactory(order=foreign_order)
    client.force_login(customer)
    html = client.get(reverse("account_home")).content.decode()
    assert foreign_return.number not in html
    assert foreign_order.number not in html


def test_without_login_any_order_number_leads_to_the_login_alike(client, order):
    known = client.get(reverse("order_detail", args=[order.number]))
    unknown = client.get(reverse("order_detail", args=["NH-00000000"]))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].startswith(reverse("login"))


def test_a_page_cached_for_its_owner_is_still_not_found_for_anyone_else(client, customer, stranger, order):
    from tests.accounts.test_pages import order_pages

    pages = order_pages(order)
    client.force_login(customer)
    for url in pages.values():
        assert client.get(url).status_code == 200
    client.force_login(stranger)
    for url in pages.values():
        assert client.get(url).status_code == 404
    client.logout()
    for url in pages.values():
        assert client.get(url).status_code == 302
