"""A shop that already uses AfterShip points its tracking webhook at us.

The payloads follow AfterShip's documented webhook (Tracking → Webhook → Webhook Specifications: ``event``,
``event_id``, ``is_tracking_first_tag``, ``msg`` with the tracking and its ``checkpoints``, ``ts``) with the
fields of its sample; the values are a German DHL parcel."""

import copy
import time

import pytest

from tests.factories import CarrierFactory, ShipmentFactory
from tracking.models import TrackingEvent, TrackingStatus, UnmatchedTrackingEvent

pytestmark = pytest.mark.django_db

TRACKING_NUMBER = "00340434161094015902"


def checkpoint(time_: str, tag: str, subtag: str, message: str, raw_tag: str, city: str = "Hamburg") -> dict:
    return {
        "slug": "dhl-germany",
        "city": city,
        "created_at": "2025-06-11T14:10:12+00:00",
        "location": f"{city}, Germany",
        "country_name": "Germany",
        "message": message,
        "country_iso3": "DEU",
        "tag": tag,
        "subtag": subtag,
        "subtag_message": "",
        "checkpoint_time": time_,
        "coordinates": [],
        "state": None,
        "zip": None,
        "raw_tag": raw_tag,
    }


SAMPLE = {
    "event_id": "3f645f5e-530b-4062-8695-db6a64420af8",
    "event": "tracking_update",
    "is_tracking_first_tag": False,
    "msg": {
        "id": "grhrexm6t3hiwkjwq37jd003",
        "tracking_number": TRACKING_NUMBER,
        "title": TRACKING_NUMBER,
        "note": None,
        "origin_country_iso3": "DEU",
        "destination_country_iso3": "DEU",
        "courier_destination_country_iso3": "DEU",
        "shipment_package_count": 1,
        "active": False,
        "order_id": "NH-10000042",
        "order_id_path": None,
        "order_date": "2025-06-09T08:52:54Z",
        "customer_name": None,
        "source": "api",
        "emails": [],
        "smses": [],
        "subscribed_smses": [],
        "subscribed_emails": [],
        "android": [],
        "ios": [],
        "return_to_sender": False,
        "custom_fields": {},
        "tag": "Delivered",
        "subtag": "Delivered_001",
        "subtag_message": "Delivered",
        "slug": "dhl-germany",
        "expected_delivery": "2025-06-11",
        "shipment_type": "Paket",
        "signed_by": None,
        "delivery_time": 2,
        "checkpoints": [
            checkpoint(
                "2025-06-09T18:20:00+02:00",
                "InfoReceived",
                "InfoReceived_001",
                "Die Auftragsdaten zu dieser Sendung wurden vom Absender elektronisch an DHL übermittelt.",
                "PARCEL_ANNOUNCED",
                city="Neumünster",
            ),
            checkpoint(
                "2025-06-10T21:03:00+02:00",
                "InTransit",
                "InTransit_001",
                "Die Sendung wurde im Start-Paketzentrum bearbeitet.",
                "HUB_START",
                city="Neumünster",
            ),
            checkpoint(
                "2025-06-11T06:12:00+02:00",
                "OutForDelivery",
                "OutForDelivery_001",
                "Die Sendung wurde in das Zustellfahrzeug geladen.",
                "OUT_FOR_DELIVERY",
            ),
            checkpoint(
                "2025-06-11T14:05:00+02:00",
                "Delivered",
                "Delivered_001",
                "Die Sendung wurde erfolgreich zugestellt.",
                "DELIVERED",
            ),
        ],
    },
    "ts": 1749643812,
}


@pytest.fixture
def parcel():
    return ShipmentFactory(
        tracking_number=TRACKING_NUMBER, carrier=CarrierFactory(), status=TrackingStatus.PENDING
    )


def test_the_documented_payload_gives_the_whole_timeline(post_aftership, parcel):
    response = post_aftership(SAMPLE)

    assert response.status_code == 200
    assert response.json()["matched"] == 4
    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.DELIVERED
    timeline = list(parcel.events.values_list("status", "carrier_code", "location"))
    assert timeline[0] == ("delivered", "DELIVERED", "Hamburg, Germany")
    assert timeline[-1] == ("info_received", "PARCEL_ANNOUNCED", "Neumünster, Germany")


def test_the_same_webhook_retried_stores_nothing_new(post_aftership, parcel):
    post_aftership(SAMPLE)
    post_aftership(SAMPLE)
    assert parcel.events.count() == 4


def test_a_retry_with_more_checkpoints_adds_only_the_new_ones(post_aftership, parcel):
    earlier = copy.deepcopy(SAMPLE)
    earlier["msg"]["checkpoints"] = earlier["msg"]["checkpoints"][:2]
    earlier["msg"]["tag"] = "InTransit"
    post_aftership(earlier)
    post_aftership(SAMPLE)
    assert parcel.events.count() == 4


def test_returned_to_sender_is_read_from_the_sub_status(post_aftership, parcel):
    payload = copy.deepcopy(SAMPLE)
    payload["msg"]["checkpoints"][-1] = checkpoint(
        "2025-06-11T14:05:00+02:00",
        "Exception",
        "Exception_011",
        "Die Sendung wird an den Absender zurückgeschickt.",
        "RETURN_TO_SENDER",
    )
    post_aftership(payload)
    parcel.refresh_from_db()
    assert parcel.status == TrackingStatus.RETURNED_TO_SENDER


def test_an_incorrect_address_is_a_delay_with_an_address_problem(post_aftership, parcel):
    payload = copy.deepcopy(SAMPLE)
    payload["msg"]["checkpoints"][-1] = checkpoint(
        "2025-06-11T10:05:00+02:00", "Exception", "Exception_007", "Adresse unvollständig", "ADDRESS_ERROR"
    )
    post_aftership(payload)
    parcel.refresh_from_db()
    assert (parcel.status, parcel.is_delayed, parcel.delay_reason) == ("exception", True, "address_problem")


def test_an_edd_revise_without_a_new_checkpoint_still_moves_the_estimate(post_aftership, parcel):
    post_aftership(
        SAMPLE
        | {"msg": {**SAMPLE["msg"], "tag": "InTransit", "checkpoints": SAMPLE["msg"]["checkpoints"][:2]}}
    )
    revise = copy.deepcopy(SAMPLE)
    revise.update(
        event="edd_revise", event_id="6d2f1a0e-8b1c-4c1e-9a57-0c3c5a1f2b11", ts=int(time.time()) - 60
    )
    revise["msg"].update(
        tag="InTransit", expected_delivery="2025-06-13", checkpoints=SAMPLE["msg"]["checkpoints"][:2]
    )

    post_aftership(revise)

    parcel.refresh_from_db()
    assert str(parcel.estimated_delivery) == "2025-06-13"
    assert parcel.original_estimated_delivery is not None


@pytest.mark.parametrize("secret", [None, "another-shops-secret"])
def test_a_missing_or_wrong_aftership_signature_is_refused(post_aftership, parcel, secret):
    response = post_aftership(SAMPLE, secret=secret)
    assert response.status_code == 401
    assert not TrackingEvent.objects.exists()
    assert not UnmatchedTrackingEvent.objects.exists()


def test_a_tracking_we_do_not_know_waits_in_the_inbox(post_aftership):
    response = post_aftership(SAMPLE)
    assert response.status_code == 200
    assert UnmatchedTrackingEvent.objects.filter(tracking_number=TRACKING_NUMBER).count() == 4
    assert set(UnmatchedTrackingEvent.objects.values_list("carrier__code", flat=True)) == {"dhl_paket"}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"event": "tracking_update"}, "'msg' must be an object"),
        ({"msg": {"checkpoints": []}}, "'tracking_number' is missing"),
        ({"msg": {"tracking_number": "1", "checkpoints": "x"}}, "must be a list"),
        (
            {"msg": {"tracking_number": "1", "checkpoints": [{"checkpoint_time": "gestern"}]}},
            "not an ISO 8601",
        ),
    ],
)
def test_a_malformed_aftership_body_is_a_400_with_the_reason(post_aftership, body, reason):
    response = post_aftership(body)
    assert response.status_code == 400
    assert reason in response.json()["error"]
