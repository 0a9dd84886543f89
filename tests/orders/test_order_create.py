from decimal import Decimal

import pytest

from core.errors import DomainError
from notifications.models import Message
from orders.services import OrderLineInput, order_create
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Jana",
    "last_name": "Vogel",
    "street": "Hafenstraße 3",
    "postcode": "24103",
    "city": "Kiel",
    "country": "DE",
}


def test_an_order_is_recorded_with_snapshots_totals_history_and_its_confirmation(
    django_capture_on_commit_callbacks,
):
    product = ProductFactory(sku="NH-1", name="Thermobecher Fjord")
    with django_capture_on_commit_callbacks() as callbacks:
        order = order_create(
            email="Jana.Vogel@Example.com",
            lines=[
                OrderLineInput(
                    sku="NH-1", name="Thermobecher Fjord", unit_price=Decimal("24.90"), quantity=2
                ),
                OrderLineInput(
                    sku="BOOK", name="Buch", unit_price=Decimal("10.70"), quantity=1, vat_rate=Decimal("7")
                ),
            ],
            shipping_address=ADDRESS,
            shipping_total=Decimal("4.90"),
            payment_method_detail="Visa •••• 4242",
        )
    assert order.email == "jana.vogel@example.com"
    assert order.subtotal == Decimal("60.50") and order.grand_total == Decimal("65.40")
    assert order.tax_total == Decimal("7.95") + Decimal("0.70")
    assert [line.product for line in order.lines.all()] == [product, None]
    assert order.billing_city == "Kiel"
    assert order.status_changes.get().to_status == "placed"
    assert Message.objects.get(order=order).template_key.startswith("order_confirmation")
    assert len(callbacks) == 1


def test_a_number_in_use_or_an_empty_order_is_refused_and_nothing_is_written():
    line = OrderLineInput(sku="X", name="X", unit_price=Decimal("1"), quantity=1)
    order_create(email="a@example.com", lines=[line], shipping_address=ADDRESS, number="SHOP-1")
    with pytest.raises(DomainError, match="exists already"):
        order_create(email="b@example.com", lines=[line], shipping_address=ADDRESS, number="SHOP-1")
    with pytest.raises(DomainError, match="at least one line"):
        order_create(email="b@example.com", lines=[], shipping_address=ADDRESS)
    assert Message.objects.count() == 1


def test_amounts_beyond_what_the_books_hold_are_refused():
    line = OrderLineInput(sku="X", name="X", unit_price=Decimal("86373967"), quantity=361)
    with pytest.raises(DomainError, match="below"):
        order_create(email="a@example.com", lines=[line], shipping_address=ADDRESS)
