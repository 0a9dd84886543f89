"""A read compiled once answers like the queryset it was built from, for every value it is run with."""

import pytest

from accounts.prepared import PreparedRead
from orders.models import Order, OrderLine
from tests.accounts.conftest import order_build
from tracking.models import TrackingEvent

LINES = PreparedRead(
    lambda number, customer_id: OrderLine.objects.filter(
        order__number=number, order__customer_id=customer_id
    ).values_list("product_name", "unit_price", "quantity", "order__placed_at", "order__customer__is_active"),
    number=str,
    customer_id=int,
)


def test_a_prepared_read_returns_what_the_queryset_returns(customer, stranger):
    mine = order_build(customer=customer, lines=3)
    theirs = order_build(customer=stranger, lines=2)
    for order in (mine, theirs, mine):
        expected = list(
            OrderLine.objects.filter(
                order__number=order.number, order__customer_id=order.customer_id
            ).values_list(
                "product_name", "unit_price", "quantity", "order__placed_at", "order__customer__is_active"
            )
        )
        assert LINES(number=order.number, customer_id=order.customer_id) == expected
        assert len(expected) == order.lines.count()
    # The same number for someone else: nothing.
    assert LINES(number=mine.number, customer_id=stranger.pk) == []


def test_dates_and_amounts_come_back_typed_and_in_order(customer):
    order = order_build(customer=customer, lines=1, parcels=1, events=4)
    events = PreparedRead(
        lambda shipment_id: TrackingEvent.objects.filter(shipment_id=shipment_id).values_list(
            "occurred_at", "id"
        ),
        shipment_id=int,
    )
    rows = events(shipment_id=order.shipments.get().pk)
    assert rows == list(
        TrackingEvent.objects.filter(shipment=order.shipments.get()).values_list("occurred_at", "id")
    )
    assert all(moment.tzinfo is not None for moment, _ in rows)
    assert [moment for moment, _ in rows] == sorted((moment for moment, _ in rows), reverse=True)


def test_a_value_the_orm_would_transform_is_refused(db):
    # ``__contains`` sends "%value%": a later value would not be treated the same way.
    read = PreparedRead(
        lambda number: Order.objects.filter(number__contains=number).values_list("id"), number=str
    )
    with pytest.raises(ValueError, match="number"):
        read(number="NH-1")
