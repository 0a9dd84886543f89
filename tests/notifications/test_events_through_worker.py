"""Every event produces the right message, sent by a real worker (Redis in CI)."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.utils import timezone

from notifications.models import Message, MessageStatus
from notifications.services import order_confirmation_queue
from returns.services import return_request_transition
from tests.celery_worker import celery_worker, wait_for
from tests.factories import ReturnLineFactory, ShipmentLineFactory
from tracking.models import TrackingStatus
from tracking.services import CarrierEvent, shipment_events_ingest

pytestmark = pytest.mark.slow

EXPECTED = {
    "order_confirmation",
    "shipment_shipped",
    "shipment_out_for_delivery",
    "shipment_ready_for_pickup",
    "shipment_delivered",
    "shipment_delayed",
    "return_approved",
    "return_rejected",
}


@pytest.mark.django_db(transaction=True)
def test_each_event_is_one_message_sent_by_a_real_worker(tmp_path):
    from notifications.models import ConfirmationRule

    ConfirmationRule.objects.all().delete()
    now = timezone.now()
    parcel = ShipmentLineFactory(shipment__status=TrackingStatus.PENDING, shipment__shipped_at=None).shipment
    pickup = ShipmentLineFactory(shipment__status=TrackingStatus.PENDING, shipment__shipped_at=None).shipment
    log = tmp_path / "worker.log"
    with celery_worker(mail_dir=tmp_path / "mail", log_path=log):
        order_confirmation_queue(order=parcel.order)
        for status, hours_ago, extra in (
            (TrackingStatus.IN_TRANSIT, 50, {}),
            (TrackingStatus.EXCEPTION, 30, {"delay_reason": "weather"}),
            (TrackingStatus.OUT_FOR_DELIVERY, 3, {}),
            (TrackingStatus.DELIVERED, 1, {}),
        ):
            shipment_events_ingest(
                shipment=parcel,
                events=[CarrierEvent(occurred_at=now - timedelta(hours=hours_ago), status=status, **extra)],
            )
        shipment_events_ingest(
            shipment=pickup,
            events=[
                CarrierEvent(occurred_at=now - timedelta(hours=2), status=TrackingStatus.AVAILABLE_FOR_PICKUP)
            ],
        )
        approved = ReturnLineFactory(return_request__order=parcel.order).return_request
        return_request_transition(return_request=approved, to_status="approved")
        rejected = ReturnLineFactory(return_request__order=pickup.order).return_request
        return_request_transition(return_request=rejected, to_status="rejected", reason="Hygieneartikel")

        def all_sent():
            statuses = dict(Message.objects.values_list("template_key", "status"))
            return set(statuses) >= EXPECTED and all(s == MessageStatus.SENT for s in statuses.values())

        wait_for(all_sent, timeout=120, log_path=log)

    keys = sorted(Message.objects.values_list("template_key", flat=True))
    assert sorted(EXPECTED) == keys  # each once
    subjects = []
    for path in (tmp_path / "mail").glob("*.log"):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                subjects.append(message_from_bytes(raw.strip(), policy=policy.default)["Subject"])
    assert len(subjects) == len(EXPECTED)
    assert any("das tut uns leid" in subject for subject in subjects)
