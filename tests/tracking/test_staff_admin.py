"""What support staff do with parcels: find the stuck ones, enter a scan by hand, attach waiting events,
review unknown codes, read what the carrier sent."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from tests.admin.helpers import admin_url, changelist_results, count_queries
from tests.factories import ShipmentFactory, StaffFactory, TrackingEventFactory
from tracking.models import CarrierEventCode, Shipment, TrackingStatus, UnmatchedTrackingEvent
from tracking.services import CarrierEvent, shipment_events_ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def test_the_stuck_filter_lists_silent_and_overdue_parcels_only(staff_client):
    now = timezone.now()
    silent = ShipmentFactory(last_event_at=now - timedelta(days=4))
    overdue = ShipmentFactory(last_event_at=now, estimated_delivery=timezone.localdate() - timedelta(days=1))
    ShipmentFactory(last_event_at=now)  # moving
    ShipmentFactory(last_event_at=now - timedelta(days=9), status=TrackingStatus.DELIVERED)  # done

    url = admin_url(Shipment, "changelist")
    found = {
        key: {s.pk for s in changelist_results(staff_client.get(f"{url}?stuck={key}"))}
        for key in ("silent", "overdue", "any")
    }

    assert found == {"silent": {silent.pk}, "overdue": {overdue.pk}, "any": {silent.pk, overdue.pk}}


def test_the_stuck_list_costs_the_same_queries_for_5_or_50_parcels(staff_client):
    old = timezone.now() - timedelta(days=5)
    ShipmentFactory.create_batch(5, last_event_at=old)
    url = admin_url(Shipment, "changelist") + "?stuck=any"
    staff_client.get(url)
    with_5 = count_queries(staff_client, url)
    ShipmentFactory.create_batch(45, last_event_at=old)
    assert count_queries(staff_client, url) == with_5


def test_staff_enter_a_scan_by_hand_and_the_parcel_follows(staff_client):
    shipment = ShipmentFactory(status=TrackingStatus.IN_TRANSIT)
    url = reverse("admin:tracking_shipment_add_event", args=[shipment.pk])
    assert staff_client.get(url).status_code == 200

    response = staff_client.post(
        url,
        {
            "status": "available_for_pickup",
            "occurred_at": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
            "description": "Laut Hotline in der Postfiliale 512 abholbereit",
            "location": "Postfiliale 512, Hamburg",
        },
    )

    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.AVAILABLE_FOR_PICKUP
    event = shipment.events.get()
    assert (event.source, event.carrier_code) == ("staff", "STAFF")
    assert shipment.status_changes.last().actor_label == "staff"


@pytest.mark.parametrize("typed", ["01.01.0001 10:00", "01.01.2062 10:00"])
def test_a_scan_time_that_cannot_be_right_is_refused_and_nothing_is_entered(staff_client, typed):
    shipment = ShipmentFactory(status=TrackingStatus.IN_TRANSIT)
    url = reverse("admin:tracking_shipment_add_event", args=[shipment.pk])
    response = staff_client.post(url, {"status": "delivered", "occurred_at": typed})
    assert response.status_code == 200
    assert "letzten zwölf Monaten" in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.IN_TRANSIT and not shipment.events.exists()


def test_the_parcel_page_shows_the_raw_payloads(staff_client):
    shipment = ShipmentFactory()
    shipment_events_ingest(
        shipment=shipment,
        events=[
            CarrierEvent(occurred_at=timezone.now(), code="HUB_START", raw={"piece_code": "JJD000390007"})
        ],
    )
    page = staff_client.get(admin_url(shipment)).content.decode()
    assert "JJD000390007" in page
    assert reverse("admin:tracking_shipment_add_event", args=[shipment.pk]) in page


def test_staff_attach_waiting_events_to_a_parcel_whose_number_the_sender_got_wrong(staff_client):
    shipment = ShipmentFactory(tracking_number="00340434161094015902", status=TrackingStatus.IN_TRANSIT)
    waiting = UnmatchedTrackingEvent.objects.create(
        source="webhook",
        carrier_hint="dhl_paket",
        tracking_number="0034043416109401590",  # one digit short
        dedupe_key="id:1",
        event={"occurred_at": timezone.now().isoformat(), "code": "DELIVERED", "description": "Zugestellt"},
    )
    url = admin_url(UnmatchedTrackingEvent, "changelist")
    form = {"action": "attach_to_shipment", ACTION_CHECKBOX_NAME: [waiting.pk]}
    assert "Zuordnen" in staff_client.post(url, form).content.decode()

    response = staff_client.post(
        url,
        {**form, "attach": "1", "carrier": shipment.carrier_id, "tracking_number": shipment.tracking_number},
    )

    assert response.status_code == 302
    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.DELIVERED
    waiting.refresh_from_db()
    assert waiting.shipment == shipment and waiting.attached_at is not None


def test_unknown_codes_are_listed_for_review_first(staff_client):
    shipment = ShipmentFactory()
    shipment_events_ingest(
        shipment=shipment, events=[CarrierEvent(occurred_at=timezone.now(), code="NEW_CODE_7")]
    )
    response = staff_client.get(admin_url(CarrierEventCode, "changelist") + "?needs_review__exact=1")
    assert [row.code for row in changelist_results(response)] == ["NEW_CODE_7"]


def test_the_shipment_page_query_count_does_not_grow_with_raw_payloads(staff_client):
    small, large = ShipmentFactory(), ShipmentFactory()
    TrackingEventFactory(shipment=small, raw={"a": 1})
    for minutes in range(20):
        TrackingEventFactory(
            shipment=large, raw={"a": minutes}, occurred_at=timezone.now() - timedelta(minutes=minutes)
        )
    staff_client.get(admin_url(small))
    assert count_queries(staff_client, admin_url(large)) == count_queries(staff_client, admin_url(small))
