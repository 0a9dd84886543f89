"""An order's status follows from its lines and shipments, and every change is on its timeline."""

import pytest

from core.errors import IllegalTransition
from orders.models import OrderStatus
from orders.services import order_number_next, order_status_derive, order_status_refresh
from tests.factories import CarrierFactory, OrderFactory, OrderLineFactory
from tracking.models import TrackingStatus
from tracking.services import shipment_create


@pytest.mark.parametrize(
    ("ordered", "shipped", "delivered", "expected"),
    [
        (3, 0, 0, OrderStatus.PLACED),
        (3, 1, 0, OrderStatus.PARTIALLY_SHIPPED),
        (3, 3, 0, OrderStatus.SHIPPED),
        (3, 3, 1, OrderStatus.PARTIALLY_DELIVERED),
        (3, 2, 2, OrderStatus.PARTIALLY_DELIVERED),
        (3, 3, 3, OrderStatus.DELIVERED),
    ],
)
def test_status_is_derived_from_shipped_and_delivered_units(ordered, shipped, delivered, expected):
    assert (
        order_status_derive(quantity_ordered=ordered, quantity_shipped=shipped, quantity_delivered=delivered)
        == expected
    )


def _ship(order, line, quantity, number):
    return shipment_create(
        order=order, carrier=CarrierFactory(), tracking_number=number, lines=[(line, quantity)]
    )


def test_a_split_order_moves_through_partial_states_and_keeps_a_timeline(db):
    order = OrderFactory()
    boots = OrderLineFactory(order=order, quantity=1, product_name="Wanderschuh Alpin")
    socks = OrderLineFactory(order=order, quantity=2, product_name="Merinosocken")

    first = _ship(order, boots, 1, "PARCEL-1")
    order.refresh_from_db()
    assert order.status == OrderStatus.PLACED  # a parcel still at the warehouse ("pending") is not shipped

    first.status = TrackingStatus.IN_TRANSIT
    first.save()
    order_status_refresh(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_SHIPPED

    second = _ship(order, socks, 2, "PARCEL-2")
    second.status = TrackingStatus.IN_TRANSIT
    second.save()
    first.status = TrackingStatus.DELIVERED
    first.save()
    order_status_refresh(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_DELIVERED

    second.status = TrackingStatus.DELIVERED
    second.save()
    assert order_status_refresh(order_id=order.pk) is True
    assert order_status_refresh(order_id=order.pk) is False  # nothing changed, no new history row
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert list(order.status_changes.values_list("from_status", "to_status")) == [
        ("placed", "partially_shipped"),
        ("partially_shipped", "partially_delivered"),
        ("partially_delivered", "delivered"),
    ]


def test_a_cancelled_order_stays_cancelled(db):
    order = OrderFactory(status=OrderStatus.CANCELLED)
    OrderLineFactory(order=order)
    assert order_status_refresh(order_id=order.pk) is False
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_a_transition_outside_the_map_is_refused(db):
    from core.statuses import status_transition
    from orders.services import ORDER_TRANSITIONS

    order = OrderFactory(status=OrderStatus.CANCELLED)
    with pytest.raises(IllegalTransition, match="cancelled.*delivered"):
        status_transition(instance=order, to_status=OrderStatus.DELIVERED, transitions=ORDER_TRANSITIONS)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert not order.status_changes.exists()


def test_order_numbers_are_consecutive_and_unique(db):
    numbers = [order_number_next() for _ in range(3)]
    assert numbers == [str(int(numbers[0]) + i) for i in range(3)]
    assert order_number_next(prefix="B2B-").startswith("B2B-")
