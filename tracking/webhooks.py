"""Signatures and payload formats of the inbound tracking webhooks. No database access here: the views
verify, parse, and hand the events to ``tracking.services.inbound_events_receive``."""

import base64
import hashlib
import hmac
import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tracking.models import DelayReason, TrackingStatus
from tracking.services import EVENT_STATUSES, CarrierEvent, InboundEvent

SIGNATURE_TOLERANCE_SECONDS = 300
MAX_EVENTS_PER_REQUEST = 1000
BERLIN = ZoneInfo("Europe/Berlin")
EARLIEST = datetime(2000, 1, 1, tzinfo=BERLIN)
FUTURE_TOLERANCE = timedelta(days=1)


class PayloadError(ValueError):
    """The body cannot be understood; the message says why (it goes back to the sender with a 400)."""


# --- Signatures ------------------------------------------------------------------------------------------


def postpurchase_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The header value a sender puts on ``body``: ``t=<unix seconds>,v1=<hex HMAC-SHA256>``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def postpurchase_signature_valid(*, header: str, body: bytes, secrets: list[str], now: float) -> bool:
    """True when the header carries a fresh timestamp (±5 minutes) and a ``v1`` signature made with one of
    ``secrets`` (several are valid while a secret is rotated). Compared in constant time."""
    if not header or not secrets:
        return False
    timestamp, signatures = None, []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures or abs(now - timestamp) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = [hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest() for secret in secrets if secret]
    return any(
        hmac.compare_digest(e, s.encode("ascii", "replace").decode()) for e in expected for s in signatures
    )


def aftership_signature(*, secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def aftership_signature_valid(*, header: str, body: bytes, secret: str) -> bool:
    """AfterShip signs the raw body: base64 of HMAC-SHA256 with the shop's webhook secret."""
    if not header or not secret:
        return False
    return hmac.compare_digest(aftership_signature(secret=secret, body=body), header.strip())


# --- Reading JSON safely ---------------------------------------------------------------------------------


def json_load(body: bytes):
    """Parse a UTF-8 JSON body, refusing what the database could not store (NUL, lone surrogates)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadError("The body is not UTF-8.") from exc
    if "\\u0000" in text or "\x00" in text:
        raise PayloadError("The body contains a NUL character.")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise PayloadError(f"The body is not valid JSON: {exc}") from exc
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError) as exc:
        raise PayloadError("The body contains characters that are not valid Unicode.") from exc
    return data


def _string(data: dict, key: str, where: str, *, max_length: int, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise PayloadError(f"{where}: '{key}' is missing.")
        return ""
    if not isinstance(value, str):
        raise PayloadError(f"{where}: '{key}' must be a string.")
    value = value.strip()
    if len(value) > max_length:
        raise PayloadError(f"{where}: '{key}' is longer than {max_length} characters.")
    if required and not value:
        raise PayloadError(f"{where}: '{key}' is empty.")
    return value


def _timestamp(value, where: str, key: str, *, naive_zone=None, now: datetime) -> datetime:
    if not isinstance(value, str) or not value.strip():
        raise PayloadError(f"{where}: '{key}' must be an ISO 8601 date and time.")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise PayloadError(f"{where}: '{key}' is not an ISO 8601 date and time.") from exc
    if moment.tzinfo is None:
        if naive_zone is None:
            raise PayloadError(f"{where}: '{key}' needs a time zone offset (e.g. +02:00 or Z).")
        moment = moment.replace(tzinfo=naive_zone)
    try:
        moment.utcoffset()
        if moment < EARLIEST or moment > now + FUTURE_TOLERANCE:
            raise PayloadError(f"{where}: '{key}' is not a plausible time for a scan.")
    except OverflowError as exc:
        raise PayloadError(f"{where}: '{key}' is out of range.") from exc
    return moment


def _date(value, where: str, key: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise PayloadError(f"{where}: '{key}' must be a date (YYYY-MM-DD).")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise PayloadError(f"{where}: '{key}' is not a date (YYYY-MM-DD).") from exc


# --- Our own format -------------------------------------------------------------------------------------


def postpurchase_payload_parse(data, *, now: datetime) -> list[InboundEvent]:
    """``{"events": [event, …]}`` or one event object; see docs/tracking.md for the fields."""
    if not isinstance(data, dict):
        raise PayloadError("The body must be a JSON object.")
    if "events" in data:
        items = data["events"]
        if not isinstance(items, list) or not items:
            raise PayloadError("'events' must be a non-empty list.")
    else:
        items = [data]
    if len(items) > MAX_EVENTS_PER_REQUEST:
        raise PayloadError(f"At most {MAX_EVENTS_PER_REQUEST} events per request.")
    parsed = []
    for index, item in enumerate(items):
        where = f"events[{index}]"
        if not isinstance(item, dict):
            raise PayloadError(f"{where} must be an object.")
        code = _string(item, "code", where, max_length=64)
        status = _string(item, "status", where, max_length=32)
        if status and status not in EVENT_STATUSES:
            raise PayloadError(f"{where}: 'status' must be one of {', '.join(sorted(EVENT_STATUSES))}.")
        if not code and not status:
            raise PayloadError(f"{where}: give the carrier's 'code' or our 'status'.")
        delay_reason = _string(item, "delay_reason", where, max_length=32)
        if delay_reason and delay_reason not in DelayReason.values:
            raise PayloadError(f"{where}: 'delay_reason' must be one of {', '.join(DelayReason.values)}.")
        event = CarrierEvent(
            occurred_at=_timestamp(item.get("occurred_at"), where, "occurred_at", now=now),
            code=code,
            status=status,
            description=_string(item, "description", where, max_length=300),
            location=_string(item, "location", where, max_length=120),
            event_id=_string(item, "event_id", where, max_length=100),
            estimated_delivery=_date(item.get("estimated_delivery"), where, "estimated_delivery"),
            delay_reason=delay_reason,
            raw=item,
        )
        parsed.append(
            InboundEvent(
                tracking_number=_string(item, "tracking_number", where, max_length=64, required=True),
                carrier_hint=_string(item, "carrier", where, max_length=64, required=True),
                event=event,
            )
        )
    return parsed


# --- AfterShip ----------------------------------------------------------------------------------------------

# AfterShip's courier slugs for our carriers.
AFTERSHIP_SLUGS = {
    "dhl-germany": "dhl_paket",
    "dhl": "dhl_express",
    "deutsch-post": "deutsche_post",
    "dpd-de": "dpd",
    "dpd": "dpd",
    "hermes-de": "hermes",
    "hermes": "hermes",
    "gls": "gls",
    "ups": "ups",
    "fedex": "fedex",
}
AFTERSHIP_TAGS = {
    "Pending": TrackingStatus.INFO_RECEIVED,
    "InfoReceived": TrackingStatus.INFO_RECEIVED,
    "InTransit": TrackingStatus.IN_TRANSIT,
    "OutForDelivery": TrackingStatus.OUT_FOR_DELIVERY,
    "AttemptFail": TrackingStatus.FAILED_ATTEMPT,
    "Delivered": TrackingStatus.DELIVERED,
    "AvailableForPickup": TrackingStatus.AVAILABLE_FOR_PICKUP,
    "Exception": TrackingStatus.EXCEPTION,
    "Expired": TrackingStatus.EXPIRED,
}
# Sub-statuses that say more than the tag (AfterShip "Delivery Sub-statuses").
AFTERSHIP_SUBTAG_STATUS = {
    "Exception_010": TrackingStatus.RETURNED_TO_SENDER,  # returning to sender
    "Exception_011": TrackingStatus.RETURNED_TO_SENDER,  # returned to sender
}
AFTERSHIP_SUBTAG_DELAY = {
    "Exception_002": DelayReason.ADDRESS_PROBLEM,  # customer moved
    "Exception_007": DelayReason.ADDRESS_PROBLEM,  # incorrect address
}


def _aftership_estimate(msg: dict) -> date | None:
    for key in ("courier_estimated_delivery_date", "aftership_estimated_delivery_date"):
        value = msg.get(key)
        if isinstance(value, dict):
            value = value.get("estimated_delivery_date")
        if isinstance(value, str) and value:
            try:
                return _date(value, "msg", key)
            except PayloadError:
                continue
    expected = msg.get("expected_delivery")
    if isinstance(expected, str) and expected:
        try:
            return _date(expected, "msg", "expected_delivery")
        except PayloadError:
            return None
    return None


def aftership_payload_parse(data, *, now: datetime) -> tuple[list[InboundEvent], str]:
    """AfterShip's tracking webhook (``tracking_update``, ``edd_revise``): one event per checkpoint; the
    tracking's estimate rides on its newest checkpoint. Returns (events, AfterShip's event name)."""
    if not isinstance(data, dict):
        raise PayloadError("The body must be a JSON object.")
    msg = data.get("msg")
    if not isinstance(msg, dict):
        raise PayloadError("'msg' must be an object.")
    name = data.get("event") if isinstance(data.get("event"), str) else ""
    tracking_number = _string(msg, "tracking_number", "msg", max_length=64, required=True)
    slug = _string(msg, "slug", "msg", max_length=64)
    checkpoints = msg.get("checkpoints") or []
    if not isinstance(checkpoints, list):
        raise PayloadError("'msg.checkpoints' must be a list.")
    if len(checkpoints) > MAX_EVENTS_PER_REQUEST:
        raise PayloadError(f"At most {MAX_EVENTS_PER_REQUEST} checkpoints per request.")
    events: list[CarrierEvent] = []
    for index, checkpoint in enumerate(checkpoints):
        where = f"msg.checkpoints[{index}]"
        if not isinstance(checkpoint, dict):
            raise PayloadError(f"{where} must be an object.")
        if not checkpoint.get("checkpoint_time"):
            continue  # a checkpoint without a time cannot be placed on the timeline
        occurred_at = _timestamp(
            checkpoint.get("checkpoint_time"), where, "checkpoint_time", naive_zone=BERLIN, now=now
        )
        tag = _string(checkpoint, "tag", where, max_length=32)
        subtag = _string(checkpoint, "subtag", where, max_length=32)
        status = AFTERSHIP_SUBTAG_STATUS.get(subtag) or AFTERSHIP_TAGS.get(tag, "")
        raw_tag = _string(checkpoint, "raw_tag", where, max_length=64)
        location = _string(checkpoint, "location", where, max_length=500) or ", ".join(
            part
            for part in (
                _string(checkpoint, "city", where, max_length=120),
                _string(checkpoint, "country_name", where, max_length=120),
            )
            if part
        )
        events.append(
            CarrierEvent(
                occurred_at=occurred_at,
                code=(raw_tag or subtag or tag)[:64],
                status=status,
                description=_string(checkpoint, "message", where, max_length=2000)[:300],
                location=location[:120],
                delay_reason=AFTERSHIP_SUBTAG_DELAY.get(subtag, ""),
                raw=checkpoint,
            )
        )
    estimate = _aftership_estimate(msg)
    if events and estimate:
        newest = max(range(len(events)), key=lambda i: events[i].occurred_at)
        events[newest] = replace(events[newest], estimated_delivery=estimate)
    event_id = data.get("event_id") if isinstance(data.get("event_id"), str) else ""
    ts = data.get("ts")
    if name == "edd_revise" and estimate and event_id and isinstance(ts, int) and not isinstance(ts, bool):
        # A new estimate without a new scan: it enters the timeline as a line of its own, stamped with the
        # time AfterShip sent it, so that it is not lost as a repeat of the newest checkpoint.
        try:
            revised_at = datetime.fromtimestamp(ts, tz=BERLIN)
        except (OverflowError, OSError, ValueError) as exc:
            raise PayloadError("'ts' is not a valid Unix time.") from exc
        if EARLIEST <= revised_at <= now + FUTURE_TOLERANCE:
            events.append(
                CarrierEvent(
                    occurred_at=revised_at,
                    code="EDD_REVISE",
                    status=AFTERSHIP_TAGS.get(msg.get("tag"), TrackingStatus.IN_TRANSIT),
                    description=f"Neuer voraussichtlicher Zustelltermin: {estimate:%d.%m.%Y}",
                    event_id=f"aftership:{event_id[:80]}",
                    estimated_delivery=estimate,
                    raw={"event": name, "event_id": event_id, "ts": ts},
                )
            )
    carrier_hint = AFTERSHIP_SLUGS.get(slug, slug)
    return [
        InboundEvent(tracking_number=tracking_number, carrier_hint=carrier_hint, event=e) for e in events
    ], name
