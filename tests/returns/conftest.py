from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from returns.models import ReturnPolicy, ReturnReason
from tests.factories import CarrierFactory, OrderLineFactory
from tracking.models import Shipment, ShipmentLine, TrackingStatus

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def policy(db):
    ReturnPolicy.objects.all().delete()
    return ReturnPolicy.objects.create(window_days=30, auto_approve=False)


@pytest.fixture
def reason(db):
    return ReturnReason.objects.get_or_create(code="too_small", defaults={"label": "Zu klein"})[0]


@pytest.fixture
def defect(db):
    return ReturnReason.objects.get_or_create(
        code="defective", defaults={"label": "Artikel ist defekt", "is_defect": True}
    )[0]


def delivered_line(*, delivered_at: datetime, quantity: int = 2, **line_fields):
    """An order line whose every unit was delivered at ``delivered_at``."""
    line = OrderLineFactory(quantity=quantity, **line_fields)
    shipment = Shipment.objects.create(
        order=line.order,
        carrier=CarrierFactory(),
        tracking_number=f"T{line.pk}-{delivered_at:%s}",
        status=TrackingStatus.DELIVERED,
        shipped_at=delivered_at,
        delivered_at=delivered_at,
    )
    ShipmentLine.objects.create(shipment=shipment, order_line=line, quantity=quantity)
    return line
