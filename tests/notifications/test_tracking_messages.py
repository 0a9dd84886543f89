"""Scans that really change a parcel become messages to the customer, once each."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from notifications.models import Message
from tests.factories import ShipmentLineFactory
from tracking.models import TrackingStatus
from tracking.services import CarrierEvent, shipment_events_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipment():
    return ShipmentLineFactory(shipment__status=TrackingStatus.PENDING, shipment__shipped_at=None).shipment


def ingest(shipment, capture, *events):
    with capture(execute=True):
        shipment_events_ingest(shipment=shipment, events=list(events))


def scan(status, hours_ago, **extra):
    return CarrierEvent(
        occurred_at=timezone.now() - timedelta(hours=hours_ago),
        status=status,
        description=status,
        location="Hamburg",
        **extra,
    )


def test_a_parcels_journey_sends_shipped_out_for_delivery_and_delivered_once_each(
    shipment, django_capture_on_commit_callbacks
):
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.IN_TRANSIT, 30))
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.IN_TRANSIT, 30))  # the same scan
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.OUT_FOR_DELIVERY, 3))
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.DELIVERED, 1))
    keys = list(Message.objects.order_by("pk").values_list("template_key", flat=True))
    assert keys == ["shipment_shipped", "shipment_out_for_delivery", "shipment_delivered"]
    assert all(m.recipient == shipment.order.email for m in Message.objects.all())


def test_a_delay_sends_an_apology_and_back_on_track_is_not_a_second_shipping_notice(
    shipment, django_capture_on_commit_callbacks
):
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.IN_TRANSIT, 50))
    ingest(
        shipment,
        django_capture_on_commit_callbacks,
        scan(
            TrackingStatus.EXCEPTION,
            20,
            delay_reason="weather",
            estimated_delivery=date.today() + timedelta(days=3),
        ),
    )
    ingest(shipment, django_capture_on_commit_callbacks, scan(TrackingStatus.IN_TRANSIT, 10))
    keys = list(Message.objects.order_by("pk").values_list("template_key", flat=True))
    assert keys == ["shipment_shipped", "shipment_delayed"]
    delayed = Message.objects.get(template_key="shipment_delayed")
    assert delayed.payload["shipment"]["is_delayed"] is True
    assert delayed.payload["shipment"]["delay_reason"]
