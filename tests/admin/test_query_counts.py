"""Admin pages issue the same number of queries however much data is behind them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import Message
from orders.models import Order
from returns.models import ReturnRequest
from tests.admin.helpers import admin_url, count_queries
from tests.factories import (
    MessageFactory,
    OrderFactory,
    ReturnLineFactory,
    ShipmentFactory,
    ShipmentLineFactory,
    TrackingEventFactory,
    UserFactory,
)
from tracking.models import Shipment, ShipmentStatusChange

pytestmark = pytest.mark.django_db


def order_with_parcels(parcels: int, events_per_parcel: int) -> Order:
    order = OrderFactory()
    now = timezone.now()
    for _ in range(parcels):
        line = ShipmentLineFactory(shipment__order=order)
        ShipmentStatusChange.objects.create(shipment=line.shipment, to_status="in_transit", changed_at=now)
        for minutes in range(events_per_parcel):
            TrackingEventFactory(shipment=line.shipment, occurred_at=now - timedelta(minutes=minutes))
        ReturnLineFactory(return_request__order=order, order_line=line.order_line)
        MessageFactory(order=order)
    return order


def warm_count(client, url: str) -> int:
    client.get(url)  # the first request fills per-process caches (content types, sessions)
    return count_queries(client, url)


def test_order_list_with_5_or_50_orders(staff_client):
    for _ in range(5):
        ShipmentFactory(order=OrderFactory())
    url = admin_url(Order, "changelist")
    with_5 = warm_count(staff_client, url)

    for _ in range(45):
        ShipmentFactory(order=OrderFactory())
    with_50 = count_queries(staff_client, url)

    assert with_50 == with_5


@pytest.mark.parametrize("query", [{"q": "T100001"}, {"status__exact": "placed"}])
def test_searched_and_filtered_order_list_with_5_or_50_orders(staff_client, query):
    OrderFactory.create_batch(5)
    url = admin_url(Order, "changelist") + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    with_5 = warm_count(staff_client, url)

    OrderFactory.create_batch(45)

    assert count_queries(staff_client, url) == with_5


def test_order_page_with_1_or_10_parcels_of_20_events(staff_client):
    small = order_with_parcels(parcels=1, events_per_parcel=20)
    large = order_with_parcels(parcels=10, events_per_parcel=20)

    assert warm_count(staff_client, admin_url(large)) == warm_count(staff_client, admin_url(small))


def test_shipment_page_with_1_or_20_events(staff_client):
    small = order_with_parcels(parcels=1, events_per_parcel=1).shipments.get()
    large = order_with_parcels(parcels=1, events_per_parcel=20).shipments.get()

    assert warm_count(staff_client, admin_url(large)) == warm_count(staff_client, admin_url(small))


def test_customer_page_with_1_or_30_orders(staff_client):
    few, many = UserFactory(), UserFactory()
    OrderFactory(customer=few)
    OrderFactory.create_batch(30, customer=many)

    assert warm_count(staff_client, admin_url(many)) == warm_count(staff_client, admin_url(few))


@pytest.mark.parametrize(
    "model", [Shipment, ReturnRequest, Message, Order._meta.get_field("customer").related_model]
)
def test_other_lists_with_2_or_20_rows(staff_client, model):
    def add_rows(count: int) -> None:
        for _ in range(count):
            order_with_parcels(parcels=1, events_per_parcel=1)

    add_rows(2)
    url = admin_url(model, "changelist")
    few = warm_count(staff_client, url)

    add_rows(18)

    assert count_queries(staff_client, url) == few
