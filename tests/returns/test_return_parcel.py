"""The return parcel is tracked like any shipment, but it is not a delivery of the order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import Message
from orders.models import OrderStatus
from returns.services import (
    ReturnLineRequest,
    return_label_issue,
    return_request_create,
    return_request_transition,
)
from tests.returns.conftest import delivered_line
from tracking.models import Shipment, TrackingStatus
from tracking.services import CarrierEvent, shipment_events_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(policy, reason):
    line = delivered_line(
        delivered_at=timezone.now() - timedelta(days=2), quantity=1, unit_price=Decimal("20")
    )
    return_request = return_request_create(
        order=line.order, lines=[ReturnLineRequest(order_line_id=line.pk, quantity=1, reason=reason)]
    )
    return_request = return_request_transition(return_request=return_request, to_status="approved")
    return return_label_issue(return_request=return_request)


def test_issuing_the_label_creates_the_return_parcel(labelled):
    parcel = Shipment.objects.get(return_request=labelled)
    assert parcel.tracking_number.startswith("RT") and parcel.carrier.code == "dhl_paket"
    assert parcel.order == labelled.order


def test_the_first_scan_puts_the_return_in_transit_without_a_shipping_notice(
    labelled, django_capture_on_commit_callbacks
):
    parcel = Shipment.objects.get(return_request=labelled)
    with django_capture_on_commit_callbacks(execute=True):
        shipment_events_ingest(
            shipment=parcel,
            events=[
                CarrierEvent(occurred_at=timezone.now(), status=TrackingStatus.IN_TRANSIT, location="Filiale")
            ],
        )
    labelled.refresh_from_db()
    assert labelled.status == "in_transit"
    assert labelled.status_changes.last().actor_label == "carrier"
    assert not Message.objects.filter(template_key__startswith="shipment_").exists()
    labelled.order.refresh_from_db()
    assert labelled.order.status == OrderStatus.DELIVERED  # the way back is not a delivery


def test_the_customer_sees_the_return_parcel_on_the_return_not_among_the_orders_parcels(client, labelled):
    client.force_login(labelled.order.customer)
    parcel = Shipment.objects.get(return_request=labelled)
    assert parcel.tracking_number in client.get(f"/account/returns/{labelled.number}/").content.decode()
    shipping = client.get(f"/account/orders/{labelled.order.number}/shipping/").content.decode()
    assert parcel.tracking_number not in shipping
