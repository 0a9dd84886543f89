"""Orders of any size for the customer-area tests: lines with pictures and specs, parcels, scans."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from tests.factories import (
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    ProductImageFactory,
    ProductSpecFactory,
    ReturnLineFactory,
    ReturnRequestFactory,
    ShipmentFactory,
    ShipmentLineFactory,
    TrackingEventFactory,
    UserFactory,
)
from tracking.models import TrackingStatus

PASSWORD = "geheim-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def customer(db):
    return UserFactory(email="lena@example.com", first_name="Lena", last_name="Schneider", password=PASSWORD)


@pytest.fixture
def stranger(db):
    return UserFactory(email="jonas@example.com", first_name="Jonas", password=PASSWORD)


def order_build(
    *, customer, lines: int = 1, parcels: int = 1, events: int = 1, delivered: bool = False, **extra
):
    """An order with ``lines`` lines (each product with specs and two pictures), spread over ``parcels``
    parcels, each with ``events`` scans."""
    order = OrderFactory(customer=customer, **extra)
    order_lines = []
    for index in range(lines):
        product = ProductFactory(usage_instructions="Vor dem ersten Gebrauch ausspülen.")
        ProductSpecFactory(product=product, key="Material", value="Edelstahl")
        ProductSpecFactory(product=product, key="Inhalt", value="0,5 l")
        ProductImageFactory(product=product, alt_text=f"Vorderansicht {index}")
        ProductImageFactory(product=product, alt_text=f"Seitenansicht {index}")
        order_lines.append(OrderLineFactory(order=order, product=product, quantity=1, position=index))
    now = timezone.now()
    for parcel in range(parcels):
        shipment = ShipmentFactory(
            order=order,
            status=TrackingStatus.DELIVERED if delivered else TrackingStatus.IN_TRANSIT,
            delivered_at=now - timedelta(days=1) if delivered else None,
            last_event_at=now,
        )
        for line in order_lines[parcel::parcels]:
            ShipmentLineFactory(shipment=shipment, order_line=line, quantity=line.quantity)
        for event in range(events):
            TrackingEventFactory(shipment=shipment, occurred_at=now - timedelta(hours=events - event))
    return order


@pytest.fixture
def order(customer):
    order = order_build(customer=customer, lines=2, parcels=2, events=3)
    ReturnLineFactory(return_request=ReturnRequestFactory(order=order), order_line=order.lines.first())
    return order


@pytest.fixture
def foreign_order(stranger):
    return order_build(customer=stranger, lines=1, parcels=1, events=1)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
