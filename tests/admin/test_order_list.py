"""Support finds an order by what the customer has at hand, and narrows the list with filters."""

import pytest

from orders.models import Order, OrderStatus
from tests.admin.helpers import admin_url, changelist_results
from tests.factories import CarrierFactory, OrderFactory, ShipmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, term: str) -> list:
    response = client.get(admin_url(Order, "changelist"), {"q": term})
    assert response.status_code == 200
    return changelist_results(response)


@pytest.fixture
def orders():
    return [OrderFactory(number=f"T90000{i}") for i in range(3)]


def test_search_by_order_number_finds_only_that_order(staff_client, orders):
    assert search(staff_client, "T900001") == [orders[1]]


def test_search_by_order_number_ignores_case_and_surrounding_spaces(staff_client, orders):
    assert search(staff_client, "  t900002 ") == [orders[2]]


def test_search_by_order_email_finds_the_order(staff_client, orders):
    guest_order = OrderFactory(customer=None, email="gast.meier@example.com")

    assert search(staff_client, "gast.meier@example.com") == [guest_order]
    assert search(staff_client, "Gast.Meier@Example.com") == [guest_order]


def test_search_by_account_email_finds_orders_placed_under_another_address(staff_client, orders):
    customer = UserFactory(email="neue.adresse@example.com")
    order = OrderFactory(customer=customer, email="alte.adresse@example.com")

    assert search(staff_client, "neue.adresse@example.com") == [order]


def test_search_by_tracking_number_finds_the_order_once(staff_client, orders):
    shipment = ShipmentFactory(order=orders[0], tracking_number="00340434161234567890")
    ShipmentFactory(order=orders[0])  # a second parcel must not list the order twice
    ShipmentFactory(order=orders[1])

    assert search(staff_client, shipment.tracking_number) == [orders[0]]
    # As printed on the label, in groups of four.
    assert search(staff_client, "0034 0434 1612 3456 7890") == [orders[0]]


def test_search_for_an_unknown_term_finds_nothing(staff_client, orders):
    assert search(staff_client, "T9") == []


def test_list_shows_customer_total_and_parcel_count(staff_client):
    order = OrderFactory(billing_first_name="Erika", billing_last_name="Mustermann")
    ShipmentFactory.create_batch(2, order=order)

    response = staff_client.get(admin_url(Order, "changelist"))

    content = response.content.decode()
    assert "Erika Mustermann" in content
    assert "54,70 EUR" in content
    row = next(row for row in content.split("<tr") if order.number in row)
    assert '<td class="field-parcel_count">2</td>' in row
    assert "Bestellt" in row


def test_filter_by_status(staff_client):
    placed = OrderFactory(status=OrderStatus.PLACED)
    shipped = OrderFactory(status=OrderStatus.SHIPPED)

    response = staff_client.get(admin_url(Order, "changelist"), {"status__exact": "shipped"})

    results = changelist_results(response)
    assert shipped in results
    assert placed not in results


def test_filter_by_carrier_lists_each_order_once(staff_client):
    dhl = CarrierFactory(code="dhl_paket")
    dpd = CarrierFactory(code="dpd")
    with_dpd = OrderFactory()
    ShipmentFactory.create_batch(2, order=with_dpd, carrier=dpd)
    with_dhl = OrderFactory()
    ShipmentFactory(order=with_dhl, carrier=dhl)

    response = staff_client.get(admin_url(Order, "changelist"), {"carrier": dpd.pk})

    assert changelist_results(response) == [with_dpd]


def test_filter_by_payment_method(staff_client):
    paypal = OrderFactory(payment_method_type="paypal")
    card = OrderFactory(payment_method_type="card")

    response = staff_client.get(admin_url(Order, "changelist"), {"payment_method_type__exact": "paypal"})

    assert changelist_results(response) == [paypal]
    assert card not in changelist_results(response)


def test_the_order_list_has_no_add_button(staff_client):
    response = staff_client.get(admin_url(Order, "changelist"))

    assert admin_url(Order, "add") not in response.content.decode()
    assert staff_client.get(admin_url(Order, "add")).status_code == 403
