"""Every event produces the right message, sent by a real worker (Redis in CI)."""

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.utils import timezone

from notifications.models import Message, MessageStatus
from notifications.services import (
    account_activation_queue,
    magic_link_queue,
    order_confirmation_queue,
    password_reset_queue,
)
from returns.models import ReturnPolicy
from returns.services import (
    ReturnLineRequest,
    return_request_create,
    return_request_refund,
    return_request_transition,
)
from tests.celery_worker import celery_worker, wait_for
from tests.factories import ReturnLineFactory, ReturnReasonFactory, ShipmentLineFactory
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
    "return_requested",
    "return_approved",
    "return_rejected",
    "return_received",
    "return_refunded",
    "magic_link",
    "password_reset",
    "account_activation",
}


@pytest.mark.django_db(transaction=True)
def test_each_event_is_one_message_sent_by_a_real_worker(tmp_path):
    from notifications.models import ConfirmationRule

    ConfirmationRule.objects.all().delete()
    now = timezone.now()
    parcel = ShipmentLineFactory(
        shipment__status=TrackingStatus.PENDING, shipment__shipped_at=None, order_line__quantity=1
    ).shipment
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
        ReturnPolicy.objects.update_or_create(pk=1, defaults={"auto_approve": False})
        returned_line = parcel.lines.get().order_line
        refunded = return_request_create(
            order=parcel.order,
            lines=[
                ReturnLineRequest(order_line_id=returned_line.pk, quantity=1, reason=ReturnReasonFactory())
            ],
        )
        for status in ("approved", "label_issued", "in_transit", "received"):
            refunded = return_request_transition(return_request=refunded, to_status=status)
        return_request_refund(return_request=refunded)
        rejected = ReturnLineFactory(return_request__order=pickup.order).return_request
        return_request_transition(return_request=rejected, to_status="rejected", reason="Hygieneartikel")
        magic_link_queue(order=parcel.order, url="https://shop.example/link", window="w1")
        password_reset_queue(user=parcel.order.customer, url="https://shop.example/reset", token="t1")
        account_activation_queue(order=pickup.order, url="https://shop.example/activate")

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
