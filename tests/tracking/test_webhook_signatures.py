"""Only signed, fresh requests get in; anything else is a 401 that writes nothing."""

import json
import time

import pytest

from tests.factories import ShipmentFactory
from tests.tracking.conftest import OLD_SECRET, SECRET, sign
from tracking.models import TrackingEvent, UnmatchedTrackingEvent

pytestmark = pytest.mark.django_db


def delivered_event(shipment) -> dict:
    return {
        "carrier": "dhl_paket",
        "tracking_number": shipment.tracking_number,
        "event_id": "dhl-evt-1",
        "code": "DELIVERED",
        "description": "Die Sendung wurde erfolgreich zugestellt.",
        "location": "Hamburg",
        "occurred_at": "2025-06-11T14:05:00+02:00",
    }


def nothing_written() -> bool:
    return not TrackingEvent.objects.exists() and not UnmatchedTrackingEvent.objects.exists()


def test_a_signed_event_is_stored_and_moves_the_parcel(post_events):
    shipment = ShipmentFactory()

    response = post_events(delivered_event(shipment))

    assert response.status_code == 200
    assert response.json() == {"received": 1, "matched": 1, "unmatched": 0}
    shipment.refresh_from_db()
    assert shipment.status == "delivered"
    assert shipment.events.get().description == "Die Sendung wurde erfolgreich zugestellt."


def test_a_wrong_signature_is_refused(post_events):
    shipment = ShipmentFactory()
    body = json.dumps(delivered_event(shipment)).encode()

    response = post_events(None, raw=body, signature=sign(body, secret="not-our-secret"))

    assert response.status_code == 401
    assert nothing_written()
    shipment.refresh_from_db()
    assert shipment.status == "in_transit"


def test_a_signature_over_another_body_is_refused(post_events):
    shipment = ShipmentFactory()
    body = json.dumps(delivered_event(shipment)).encode()
    tampered = body.replace(b"DELIVERED", b"NOT_DELIVERED")

    assert post_events(None, raw=tampered, signature=sign(body)).status_code == 401
    assert nothing_written()


@pytest.mark.parametrize("age_seconds", [301, 3600, -301])
def test_a_request_older_than_five_minutes_is_refused_as_a_replay(post_events, age_seconds):
    shipment = ShipmentFactory()
    body = json.dumps(delivered_event(shipment)).encode()

    response = post_events(None, raw=body, signature=sign(body, at=int(time.time()) - age_seconds))

    assert response.status_code == 401
    assert nothing_written()


def test_a_request_four_minutes_old_is_accepted(post_events):
    shipment = ShipmentFactory()
    body = json.dumps(delivered_event(shipment)).encode()

    assert post_events(None, raw=body, signature=sign(body, at=int(time.time()) - 240)).status_code == 200


@pytest.mark.parametrize("header", [None, "", "t=,v1=", "v1=abc", "t=123", "garbage", "t=1,v1=" + "0" * 64])
def test_a_missing_or_unreadable_signature_is_refused(post_events, header):
    shipment = ShipmentFactory()

    response = post_events(delivered_event(shipment), signature=header)

    assert response.status_code == 401
    assert nothing_written()


def test_while_a_secret_is_rotated_old_and_new_are_both_accepted(post_events, settings):
    shipment = ShipmentFactory()
    assert settings.TRACKING_WEBHOOK_SECRETS == [SECRET, OLD_SECRET]
    first = json.dumps(delivered_event(shipment)).encode()
    second = json.dumps({**delivered_event(shipment), "event_id": "dhl-evt-2"}).encode()

    assert post_events(None, raw=first, signature=sign(first, secret=OLD_SECRET)).status_code == 200
    assert post_events(None, raw=second, signature=sign(second, secret=SECRET)).status_code == 200
    assert shipment.events.count() == 2


def test_a_retired_secret_is_refused(post_events, settings):
    settings.TRACKING_WEBHOOK_SECRETS = [SECRET]
    shipment = ShipmentFactory()
    body = json.dumps(delivered_event(shipment)).encode()

    assert post_events(None, raw=body, signature=sign(body, secret=OLD_SECRET)).status_code == 401
    assert nothing_written()


def test_without_configured_secrets_every_request_is_refused(post_events, settings):
    settings.TRACKING_WEBHOOK_SECRETS = []
    shipment = ShipmentFactory()

    assert post_events(delivered_event(shipment)).status_code == 401
    assert nothing_written()


def test_only_post_is_answered(client):
    assert client.get("/webhooks/tracking/").status_code == 405
