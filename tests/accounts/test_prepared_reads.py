"""A read compiled once answers like the queryset it was built from, for every value it is run with."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import signals
from django.utils import timezone

from accounts.prepared import PreparedRead
from accounts.selectors import order_page
from orders.models import Category, Order, OrderLine, OrderStatusChange, Product
from returns.models import ReturnPolicy, ReturnRequest
from tests.accounts.conftest import order_build
from tests.factories import ReturnRequestFactory
from tracking.models import Carrier, Shipment, TrackingEvent

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


def test_the_history_and_returns_that_come_with_the_order_read_as_the_orm_reads_them(customer):
    """They come as JSON inside the order's row (accounts.selectors._json_rows): same values, same types,
    same order as the ORM's own reads, on SQLite as on PostgreSQL."""
    order = order_build(customer=customer, lines=1, parcels=1, events=1)
    now = timezone.now()
    same_moment = now - timedelta(days=2, microseconds=123456)
    for status, moment in [("shipped", same_moment), ("placed", now - timedelta(days=3)), ("delivered", now)]:
        OrderStatusChange.objects.create(order=order, to_status=status, changed_at=moment)
    OrderStatusChange.objects.create(order=order, to_status="partially_shipped", changed_at=same_moment)
    older = ReturnRequestFactory(
        order=order, requested_at=now - timedelta(days=1), refund_amount=Decimal("1234.50")
    )
    newer = ReturnRequestFactory(order=order, requested_at=now, refund_amount=None)

    page = order_page(number=order.number, customer_id=customer.pk, granted=False)

    assert page.history == list(order.status_changes.values_list("to_status", "changed_at"))
    assert [changed_at.tzinfo is not None for _, changed_at in page.history] == [True] * 4
    assert [
        (entry.pk, entry.number, entry.status, entry.requested_at, entry.refund_amount)
        for entry in page.returns
    ] == [
        (entry.pk, entry.number, entry.status, entry.requested_at, entry.refund_amount)
        for entry in (newer, older)
    ]
    assert page.returns[1].refund_amount == Decimal("1234.50")
    assert str(page.returns[1].refund_amount) == "1234.50"


def test_an_order_without_history_or_returns_reads_empty_lists(customer):
    order = order_build(customer=customer, lines=1, parcels=0, events=0)
    order.status_changes.all().delete()
    page = order_page(number=order.number, customer_id=customer.pk, granted=False)
    assert (page.history, page.returns, page.shipments) == ([], [], [])


@pytest.mark.parametrize(
    "model", [Order, OrderLine, Product, Category, Shipment, Carrier, ReturnRequest, ReturnPolicy]
)
def test_the_models_the_order_pages_build_without_init_have_no_init_receivers(model):
    """accounts.selectors._instance skips Model.__init__: a receiver added for one of these models would not
    hear of them, so this fails first."""
    assert not signals.pre_init.has_listeners(model)
    assert not signals.post_init.has_listeners(model)


def test_a_column_the_page_did_not_read_loads_when_asked_for(customer):
    order = order_build(customer=customer, lines=1, parcels=1, events=1, external_id="shop-77")
    page = order_page(number=order.number, customer_id=customer.pk, granted=False)
    assert "external_id" not in page.order.__dict__
    assert page.order.external_id == "shop-77"  # deferred, as with .only()
    assert page.lines[0].order_id == order.pk
    assert page.lines[0].product.name == order.lines.get().product.name
