"""A webhook stores and answers; the parcel is worked out by a worker, asked once for a burst of requests."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ShipmentFactory
from tests.tracking.conftest import sign
from tracking import services, tasks
from tracking.models import TrackingStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    calls = []
    monkeypatch.setattr(
        tasks.tracking_events_process_task, "apply_async", lambda **kwargs: calls.append(kwargs)
    )
    monkeypatch.setattr(services, "_refresh_asked_at", -10.0)
    return calls


def post(client, payload):
    body = json.dumps(payload).encode()
    return client.post(
        "/webhooks/tracking/",
        data=body,
        content_type="application/json",
        HTTP_X_POSTPURCHASE_SIGNATURE=sign(body),
    )


def test_the_answer_comes_before_the_parcel_is_refreshed_and_a_burst_asks_the_worker_once(
    client, asked, django_capture_on_commit_callbacks
):
    shipment = ShipmentFactory(status=TrackingStatus.IN_TRANSIT)
    scan = {"carrier": "dhl_paket", "tracking_number": shipment.tracking_number, "location": "Hamburg"}
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for minutes, code in ((30, "HUB_DESTINATION"), (10, "OUT_FOR_DELIVERY")):
            occurred = (now - timedelta(minutes=minutes)).isoformat()
            assert post(client, {**scan, "code": code, "occurred_at": occurred}).status_code == 200

    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.IN_TRANSIT  # not yet: the worker has not run
    assert shipment.events.filter(refresh_pending=True).count() == 2
    assert asked == [{"countdown": services.REFRESH_DEBOUNCE_SECONDS}]

    assert services.tracking_events_process() == 1  # what the task does

    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.OUT_FOR_DELIVERY
    assert not shipment.events.filter(refresh_pending=True).exists()
    assert services.tracking_events_process() == 0  # nothing left; running again changes nothing


def test_a_rolled_back_request_asks_nobody(client, asked, django_capture_on_commit_callbacks):
    shipment = ShipmentFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, {"carrier": "dhl_paket", "tracking_number": shipment.tracking_number, "code": "DELIVERED",
                      "occurred_at": timezone.now().isoformat()})  # fmt: skip
    assert len(callbacks) == 1 and asked == []  # enqueued only when the commit happens


def test_one_parcel_that_cannot_be_refreshed_does_not_hold_up_the_others(monkeypatch):
    broken, fine = ShipmentFactory(), ShipmentFactory(status=TrackingStatus.IN_TRANSIT)
    now = timezone.now()
    for shipment in (broken, fine):
        services.shipments_events_ingest(
            events=[(shipment, services.CarrierEvent(occurred_at=now, code="DELIVERED"))],
            source="test",
            refresh="later",
        )
    real_refresh = services.shipment_tracking_refresh

    def refresh(*, shipment_id, **kwargs):
        if shipment_id == broken.pk:
            raise ValueError("a bug in one parcel's data")
        return real_refresh(shipment_id=shipment_id, **kwargs)

    monkeypatch.setattr(services, "shipment_tracking_refresh", refresh)

    assert services.tracking_events_process() == 1

    fine.refresh_from_db()
    assert fine.status == TrackingStatus.DELIVERED
    assert broken.events.filter(refresh_pending=True).exists()  # kept for the next sweep
