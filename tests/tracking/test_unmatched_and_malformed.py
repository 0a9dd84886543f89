"""Events for parcels we do not know yet are not lost; a body we cannot read is a 400, never a 500."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CarrierFactory, OrderLineFactory
from tests.tracking.conftest import sign
from tracking.models import TrackingEvent, TrackingStatus, UnmatchedTrackingEvent
from tracking.services import shipment_create

pytestmark = pytest.mark.django_db


def event(number: str, code: str, hours_ago: float, **extra) -> dict:
    return {
        "carrier": "dhl_paket",
        "tracking_number": number,
        "code": code,
        "occurred_at": (timezone.now() - timedelta(hours=hours_ago)).isoformat(),
        "location": "Paketzentrum Hamburg",
        **extra,
    }


def test_events_for_an_unknown_number_wait_and_attach_when_the_parcel_is_announced(post_events):
    number = "00340434999000000001"
    response = post_events({"events": [event(number, "PICKED_UP", 5), event(number, "HUB_START", 3)]})
    assert response.json() == {"received": 2, "matched": 0, "unmatched": 2}
    post_events({"events": [event(number, "PICKED_UP", 5)]})  # the carrier repeats itself
    assert UnmatchedTrackingEvent.objects.filter(tracking_number=number).count() == 2

    line = OrderLineFactory(quantity=1)
    shipment = shipment_create(
        order=line.order, carrier=CarrierFactory(), tracking_number=number, lines=[(line, 1)]
    )

    shipment.refresh_from_db()
    assert shipment.status == TrackingStatus.IN_TRANSIT
    assert list(shipment.events.values_list("carrier_code", flat=True)) == ["HUB_START", "PICKED_UP"]
    assert not UnmatchedTrackingEvent.objects.filter(attached_at__isnull=True).exists()
    line.order.refresh_from_db()
    assert line.order.status == "shipped"


def test_a_waiting_event_of_another_carrier_does_not_attach(post_events):
    number = "4711"
    post_events(event(number, "02_PICKUP", 2, carrier="dpd"))
    line = OrderLineFactory(quantity=1)
    shipment = shipment_create(
        order=line.order, carrier=CarrierFactory(), tracking_number=number, lines=[(line, 1)]
    )
    assert not shipment.events.exists()
    assert UnmatchedTrackingEvent.objects.get().attached_at is None


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([], "must be a JSON object"),
        ({"events": []}, "non-empty list"),
        ({"events": ["x"]}, "events[0] must be an object"),
        (
            {"tracking_number": "1", "code": "X", "occurred_at": "2025-06-11T10:00:00+02:00"},
            "'carrier' is missing",
        ),
        (
            {"carrier": "dhl_paket", "tracking_number": "1", "occurred_at": "2025-06-11T10:00:00Z"},
            "'code' or our 'status'",
        ),
        (
            {
                "carrier": "dhl_paket",
                "tracking_number": "1",
                "code": "X",
                "occurred_at": "2025-06-11T10:00:00",
            },
            "time zone",
        ),
        (
            {
                "carrier": "dhl_paket",
                "tracking_number": "1",
                "status": "lost",
                "occurred_at": "2025-06-11T10:00:00Z",
            },
            "'status' must be one of",
        ),
        (
            {
                "carrier": "dhl_paket",
                "tracking_number": "1",
                "code": "X",
                "occurred_at": "2999-01-01T10:00:00Z",
            },
            "plausible",
        ),
        (
            {
                "carrier": "dhl_paket",
                "tracking_number": "1" * 65,
                "code": "X",
                "occurred_at": "2025-06-11T10:00:00Z",
            },
            "longer than 64",
        ),
    ],
)
def test_a_malformed_body_is_a_400_with_the_reason_and_writes_nothing(post_events, payload, reason):
    response = post_events(payload)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not TrackingEvent.objects.exists() and not UnmatchedTrackingEvent.objects.exists()


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"\xff\xfe", b'{"carrier": "\\u0000"}', b'{"a": "\\ud800"}', b"[" * 5000]
)
def test_unreadable_bytes_are_a_400(post_events, raw):
    assert post_events(None, raw=raw).status_code == 400


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
field_values = st.one_of(
    json_values,
    st.sampled_from(
        ["dhl_paket", "dpd", "DELIVERED", "in_transit", "2025-06-11T10:00:00+02:00", "2025-06-11", "Z", ""]
    ),
    st.datetimes().map(lambda moment: moment.isoformat()),
    st.text(max_size=400),
)
EVENT_KEYS = ("carrier", "tracking_number", "code", "status", "occurred_at", "description", "location")
EVENT_KEYS += ("event_id", "estimated_delivery", "delay_reason")
CHECKPOINT_KEYS = ("checkpoint_time", "tag", "subtag", "message", "location", "city", "raw_tag")
MSG_KEYS = ("tracking_number", "slug", "tag", "expected_delivery")
event_like = st.fixed_dictionaries({}, optional=dict.fromkeys(EVENT_KEYS, field_values))
checkpoints = st.lists(
    st.fixed_dictionaries({}, optional=dict.fromkeys(CHECKPOINT_KEYS, field_values)), max_size=4
)
aftership_msgs = st.fixed_dictionaries(
    {}, optional={**dict.fromkeys(MSG_KEYS, field_values), "checkpoints": checkpoints | json_values}
)
bodies = st.one_of(
    json_values, event_like, st.fixed_dictionaries({"events": st.lists(event_like, max_size=5)})
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=bodies)
def test_no_signed_body_whatever_its_shape_gives_a_server_error(post_events, payload):
    response = post_events(payload)
    assert response.status_code in (200, 400), response.content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_no_signed_byte_string_gives_a_server_error(post_events, raw):
    assert post_events(None, raw=raw).status_code in (200, 400)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(msg=aftership_msgs, event_name=field_values, ts=json_values)
def test_no_aftership_body_whatever_its_shape_gives_a_server_error(post_aftership, msg, event_name, ts):
    response = post_aftership({"event": event_name, "event_id": "e", "msg": msg, "ts": ts})
    assert response.status_code in (200, 400), response.content


def test_the_signature_is_checked_before_the_body_is_read(client):
    body = b"not json at all"
    response = client.post("/webhooks/tracking/", data=body, content_type="application/json",
                           HTTP_X_POSTPURCHASE_SIGNATURE=sign(body, secret="wrong"))  # fmt: skip
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "missing, wrong or expired signature"}
