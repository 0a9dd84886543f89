"""A real Celery worker works the events a webhook stored into the parcel: status, history, order status."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.celery_worker import celery_worker, wait_for
from tests.conftest import REQUIRE_SERVICES
from tests.factories import ShipmentLineFactory
from tests.tracking.conftest import SECRET, sign
from tracking.models import TrackingStatus

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_moves_the_parcel_after_the_webhook_answered(tmp_path):
    if REQUIRE_SERVICES:
        assert settings.CELERY_BROKER_URL.startswith("redis://"), "CI must run this test on Redis"
    line = ShipmentLineFactory(shipment__status=TrackingStatus.IN_TRANSIT, order_line__quantity=1)
    shipment = line.shipment
    now = timezone.now()
    body = json.dumps(
        {
            "events": [
                {"carrier": "dhl_paket", "tracking_number": shipment.tracking_number, "code": code,
                 "occurred_at": (now - timedelta(hours=hours)).isoformat(), "location": "Hamburg"}
                for code, hours in (("DELIVERED", 1), ("OUT_FOR_DELIVERY", 6))
            ]
        }
    ).encode()  # fmt: skip
    log_path = tmp_path / "worker.log"

    with celery_worker(mail_dir=tmp_path, log_path=log_path, extra_env={"TRACKING_WEBHOOK_SECRETS": SECRET}):
        response = Client().post(
            "/webhooks/tracking/",
            data=body,
            content_type="application/json",
            HTTP_X_POSTPURCHASE_SIGNATURE=sign(body),
        )
        assert response.status_code == 200

        def delivered():
            shipment.refresh_from_db()
            return shipment.status == TrackingStatus.DELIVERED

        wait_for(delivered, timeout=90, log_path=log_path)

    assert not shipment.events.filter(refresh_pending=True).exists()
    assert list(shipment.status_changes.values_list("to_status", "actor_label"))[-1] == (
        "delivered",
        "carrier",
    )
    line.order_line.order.refresh_from_db()
    assert line.order_line.order.status == "delivered"
