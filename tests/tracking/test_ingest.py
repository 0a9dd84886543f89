"""Every scan once, in the right order, with the right status, and an honest word when a parcel is late."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from orders.models import OrderStatus
from tests.factories import ShipmentFactory, ShipmentLineFactory
from tracking import events as domain_events
from tracking.models import CarrierEventCode, Shipment, TrackingStatus
from tracking.services import (
    CarrierEvent,
    event_codes_forget,
    shipment_events_ingest,
    shipments_overdue_refresh,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


TODAY = timezone.localdate()
ESTIMATE = TODAY + timedelta(days=1)


def at(day: int, hour: int = 12) -> datetime:
    """Day 10 is five days ago, day 14 yesterday."""
    return datetime.combine(TODAY + timedelta(days=day - 15), time(hour), tzinfo=BERLIN)


def scan(code: str, when: datetime, **kwargs) -> CarrierEvent:
    return CarrierEvent(occurred_at=when, code=code, location=kwargs.pop("location", "Hamburg"), **kwargs)


@pytest.fixture
def parcel():
    line = ShipmentLineFactory(
        shipment__status=TrackingStatus.PENDING,
        shipment__shipped_at=None,
        shipment__estimated_delivery=ESTIMATE,
        order_line__quantity=1,
    )
    return line.shipment


@pytest.fixture
def published():
    seen: list[tuple[str, dict]] = []
    handlers = {
        name: (lambda payload, name=name: seen.append((name, payload))) for name in domain_events.EVENT_NAMES
    }
    for name, handler in handlers.items():
        domain_events.subscribe(name, handler)
    yield seen
    for name, handler in handlers.items():
        domain_events.unsubscribe(name, handler)


def test_the_same_carrier_event_twice_is_stored_once(parcel):
    event = scan("PICKED_UP", at(10), event_id="dhl-1")
    shipment_events_ingest(shipment=parcel, events=[event])
    shipment_events_ingest(shipment=parcel, events=[event, event])
    assert parcel.events.count() == 1


def test_without_an_event_id_the_same_code_time_and_place_is_the_same_scan(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("PICKED_UP", at(10), location="Neumünster")])
    shipment_events_ingest(shipment=parcel, events=[scan("PICKED_UP", at(10), location=" neumünster ")])
    shipment_events_ingest(shipment=parcel, events=[scan("PICKED_UP", at(10, 13), location="Neumünster")])
    assert parcel.events.count() == 2


def test_events_arriving_out_of_order_give_the_status_of_the_latest_scan(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("OUT_FOR_DELIVERY", at(12, 7))])
    shipment_events_ingest(
        shipment=parcel, events=[scan("PARCEL_ANNOUNCED", at(10, 9)), scan("HUB_START", at(10, 20))]
    )

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.OUT_FOR_DELIVERY
    assert parcel.shipped_at == at(10, 9)
    assert parcel.last_event_at == at(12, 7)
    timeline = list(parcel.events.values_list("carrier_code", flat=True))  # newest first
    assert timeline == ["OUT_FOR_DELIVERY", "HUB_START", "PARCEL_ANNOUNCED"]


def test_a_late_older_scan_does_not_undo_a_delivery(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("DELIVERED", at(12, 15))])
    shipment_events_ingest(shipment=parcel, events=[scan("IN_TRANSIT", at(11, 9))])

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.DELIVERED
    assert parcel.delivered_at == at(12, 15)
    assert parcel.order.status == OrderStatus.DELIVERED


def test_a_re_sent_announcement_after_delivery_does_not_reopen_it(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("DELIVERED", at(12, 15))])
    shipment_events_ingest(shipment=parcel, events=[scan("PARCEL_ANNOUNCED", at(13, 8))])

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.DELIVERED


def test_a_later_scan_that_really_says_otherwise_reopens_a_delivery(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("DELIVERED", at(12, 15))])
    shipment_events_ingest(shipment=parcel, events=[scan("RETURN_TO_SENDER", at(14, 9))])

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.RETURNED_TO_SENDER
    assert parcel.delivered_at is None
    history = list(parcel.status_changes.values_list("from_status", "to_status"))
    assert history[-2:] == [("pending", "delivered"), ("delivered", "returned_to_sender")]


def test_the_carriers_new_estimate_is_kept_beside_the_original(
    parcel, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shipment_events_ingest(
            shipment=parcel,
            events=[scan("IN_TRANSIT", at(11, 9), estimated_delivery=ESTIMATE + timedelta(days=1))],
        )

    parcel.refresh_from_db()
    assert parcel.original_estimated_delivery == ESTIMATE
    assert parcel.estimated_delivery == ESTIMATE + timedelta(days=1)
    changed = dict(published)[domain_events.SHIPMENT_ESTIMATE_CHANGED]
    assert changed["previous"] == ESTIMATE.isoformat()
    assert changed["estimated_delivery"] == (ESTIMATE + timedelta(days=1)).isoformat()
    # A later date than first promised is late, even before it has passed.
    assert (parcel.is_delayed, parcel.delay_reason) == (True, "unknown")


def test_domain_events_follow_real_changes_only_and_only_after_commit(
    parcel, published, django_capture_on_commit_callbacks
):
    event = scan("HUB_START", at(10, 20))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        shipment_events_ingest(shipment=parcel, events=[event])
        assert published == []  # nothing before the commit
    assert [name for name, _payload in published] == [domain_events.SHIPMENT_STATUS_CHANGED]
    assert published[0][1]["to_status"] == "in_transit"
    assert len(callbacks) >= 1

    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        shipment_events_ingest(shipment=parcel, events=[event])  # the same scan again
        shipment_events_ingest(shipment=parcel, events=[scan("HUB_DESTINATION", at(11, 3))])  # same status
    assert published == []


@pytest.mark.parametrize(
    ("code", "description", "reason"),
    [
        ("DELAY", "Aufgrund eines Unwetters verzögert sich die Zustellung.", "weather"),
        (
            "DELAY",
            "Die Sendung konnte wegen hohen Sendungsaufkommens nicht bearbeitet werden.",
            "high_volume",
        ),
        ("DELAY", "Die Sendung verzögert sich.", "unknown"),
        ("ADDRESS_ERROR", "Die Sendung wird geprüft.", "address_problem"),
    ],
)
def test_a_carrier_delay_scan_marks_the_parcel_late_with_a_readable_reason(
    parcel, code, description, reason, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shipment_events_ingest(shipment=parcel, events=[scan(code, at(11, 4), description=description)])

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.EXCEPTION
    assert (parcel.is_delayed, parcel.delay_reason) == (True, reason)
    assert dict(published)[domain_events.SHIPMENT_DELAYED]["delay_reason"] == reason


def test_a_parcel_stays_late_after_resuming_and_is_no_longer_late_once_delivered(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("DELAY", at(11, 4), description="Unwetter")])
    shipment_events_ingest(shipment=parcel, events=[scan("IN_TRANSIT", at(12, 9))])
    parcel.refresh_from_db()
    assert (parcel.status, parcel.is_delayed, parcel.delay_reason) == ("in_transit", True, "weather")

    shipment_events_ingest(shipment=parcel, events=[scan("DELIVERED", at(13, 15))])
    parcel.refresh_from_db()
    assert (parcel.status, parcel.is_delayed, parcel.delay_reason) == ("delivered", False, "")


def test_an_estimate_that_passed_without_delivery_makes_the_parcel_late(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("HUB_START", at(10, 20))])
    parcel.refresh_from_db()
    assert parcel.is_delayed is False

    assert shipments_overdue_refresh(today=ESTIMATE + timedelta(days=1)) == 1
    parcel.refresh_from_db()
    assert (parcel.is_delayed, parcel.delay_reason) == (True, "unknown")


def test_an_estimate_on_the_day_itself_is_not_late_yet():
    shipment = ShipmentFactory(estimated_delivery=ESTIMATE, status=TrackingStatus.PENDING)
    shipment_events_ingest(shipment=shipment, events=[scan("HUB_START", at(12, 6))])
    assert shipments_overdue_refresh(today=ESTIMATE) == 0
    assert Shipment.objects.get(pk=shipment.pk).is_delayed is False


def test_an_unknown_code_keeps_its_text_and_is_listed_for_staff(parcel):
    shipment_events_ingest(
        shipment=parcel,
        events=[scan("ZX_81", at(11, 8), description="Sendung im Umschlagzentrum umgeladen")],
    )

    parcel.refresh_from_db()
    event = parcel.events.get()
    assert (event.status, event.description) == ("in_transit", "Sendung im Umschlagzentrum umgeladen")
    review = CarrierEventCode.objects.get(carrier=parcel.carrier, code="ZX_81")
    assert review.needs_review and review.status == "in_transit"


def test_an_unknown_code_that_sounds_like_trouble_is_an_exception(parcel):
    shipment_events_ingest(
        shipment=parcel, events=[scan("ZX_99", at(11, 8), description="Sendung beschädigt, wird geprüft")]
    )

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.EXCEPTION
    assert parcel.is_delayed and parcel.delay_reason == "unknown"
    assert CarrierEventCode.objects.get(carrier=parcel.carrier, code="ZX_99").needs_review


def test_once_staff_map_an_unknown_code_the_table_is_used(parcel):
    shipment_events_ingest(shipment=parcel, events=[scan("ZX_55", at(11, 8))])
    CarrierEventCode.objects.filter(code="ZX_55").update(status="out_for_delivery", needs_review=False)
    event_codes_forget()  # what the admin does on save; other processes see it within EVENT_CODES_TTL

    shipment_events_ingest(shipment=parcel, events=[scan("ZX_55", at(12, 7))])

    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.OUT_FOR_DELIVERY
