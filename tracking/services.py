"""Writes for shipments. Tracking events enter through one service, :func:`shipment_events_ingest`
(and its batch form :func:`shipments_events_ingest`, which webhooks use): normalise, insert with
``ON CONFLICT DO NOTHING``, then recompute the parcel from all its events (:func:`shipment_tracking_refresh`).
"""

import hashlib
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from core.errors import DomainError
from core.statuses import status_transition
from orders.models import Order, OrderLine
from orders.services import order_status_refresh
from tracking import events as domain_events
from tracking.models import (
    Carrier,
    CarrierEventCode,
    DelayReason,
    PollingState,
    Shipment,
    ShipmentLine,
    TrackingEvent,
    TrackingStatus,
    UnmatchedTrackingEvent,
)

logger = logging.getLogger(__name__)

_ACTIVE = frozenset(
    {
        TrackingStatus.INFO_RECEIVED,
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.OUT_FOR_DELIVERY,
        TrackingStatus.AVAILABLE_FOR_PICKUP,
        TrackingStatus.FAILED_ATTEMPT,
        TrackingStatus.EXCEPTION,
        TrackingStatus.DELIVERED,
        TrackingStatus.RETURNED_TO_SENDER,
        TrackingStatus.EXPIRED,
    }
)
# A parcel never goes back to "pending" once the carrier has it. "delivered" and "returned_to_sender" are
# final unless a later scan really says otherwise (a parcel delivered to the wrong address is picked up
# again; a returned parcel is sent out anew), which is why they are not dead ends.
SHIPMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    TrackingStatus.PENDING: _ACTIVE,
    **{status: _ACTIVE - {status} for status in _ACTIVE},
}


def shipment_status_change(
    *, shipment: Shipment, to_status: str, at=None, actor=None, actor_label: str = "carrier", reason: str = ""
) -> bool:
    """Move a parcel to ``to_status`` (with a history row) and refresh its order's derived status."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        at = at or timezone.now()
        update_fields = []
        if to_status != TrackingStatus.PENDING and locked.shipped_at is None:
            locked.shipped_at = at
            update_fields.append("shipped_at")
        if to_status == TrackingStatus.DELIVERED:
            locked.delivered_at = at
            update_fields.append("delivered_at")
        changed = status_transition(
            instance=locked,
            to_status=to_status,
            transitions=SHIPMENT_TRANSITIONS,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            at=at,
            extra_update_fields=tuple(update_fields),
        )
        if changed:
            order_status_refresh(order_id=locked.order_id, actor=actor, actor_label=actor_label)
    shipment.refresh_from_db()
    return changed


def shipment_create(
    *,
    order: Order,
    carrier: Carrier,
    tracking_number: str,
    lines: Sequence[tuple[OrderLine, int]],
    estimated_delivery=None,
    actor=None,
    actor_label: str = "system",
) -> Shipment:
    """Put quantities of the order's lines into a new parcel.

    The order row is locked while the unshipped quantities are checked, so that two concurrent requests
    cannot put the same unit into two parcels.
    """
    tracking_number = tracking_number.strip()
    if not tracking_number:
        raise DomainError("A shipment needs a tracking number.")
    if not lines:
        raise DomainError("A shipment needs at least one order line.")
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=order.pk)
        order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
        already_shipped: dict[int, int] = {}
        for line_id, quantity in ShipmentLine.objects.filter(order_line__order=order).values_list(
            "order_line_id", "quantity"
        ):
            already_shipped[line_id] = already_shipped.get(line_id, 0) + quantity
        for line, quantity in lines:
            if line.pk not in order_lines:
                raise DomainError(f"Order line {line.pk} does not belong to order {order.number}.")
            if quantity < 1:
                raise DomainError(f"Quantity for {line.product_name} must be at least 1.")
            open_quantity = order_lines[line.pk].quantity - already_shipped.get(line.pk, 0)
            if quantity > open_quantity:
                raise DomainError(
                    f"Only {open_quantity} of {line.product_name} are left to ship, not {quantity}."
                )
        try:
            with transaction.atomic():
                shipment = Shipment.objects.create(
                    order=order,
                    carrier=carrier,
                    tracking_number=tracking_number,
                    status=TrackingStatus.PENDING,
                    estimated_delivery=estimated_delivery,
                    original_estimated_delivery=estimated_delivery,
                )
        except IntegrityError as exc:
            raise DomainError(f"{carrier.name} tracking number {tracking_number} is already in use.") from exc
        ShipmentLine.objects.bulk_create(
            ShipmentLine(shipment=shipment, order_line=line, quantity=quantity) for line, quantity in lines
        )
        shipment.status_changes.create(
            from_status="",
            to_status=TrackingStatus.PENDING,
            changed_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label,
        )
        order_status_refresh(order_id=order.pk, actor=actor, actor_label=actor_label)
        # Events the carrier sent before the shop announced the parcel have waited in the inbox.
        unmatched_events_attach(shipment=shipment)
    return shipment


# --- Ingestion -------------------------------------------------------------------------------------------

# Statuses after which a parcel's journey is over, unless a later scan really says otherwise. Scans that
# do not say otherwise: the carrier re-sending its announcement, or "no more information".
FINAL_STATUSES = frozenset({TrackingStatus.DELIVERED, TrackingStatus.RETURNED_TO_SENDER})
DOES_NOT_REOPEN = frozenset({TrackingStatus.PENDING, TrackingStatus.INFO_RECEIVED, TrackingStatus.EXPIRED})
EVENT_STATUSES = frozenset(TrackingStatus.values) - {TrackingStatus.PENDING}

# The rule for a code that is not in the table: words that mean trouble make it an exception, anything
# else is taken for an ordinary scan on the way. Matched against code and text, lower-case.
EXCEPTION_WORDS = (
    "verzög", "verspät", "delay", "problem", "fehler", "error", "exception", "beschädig", "damage",
    "verlust", "verloren", "lost", "adress", "anschrift", "address", "nicht zustellbar", "unzustellbar",
    "undeliverable", "zoll", "customs", "refused", "verweigert", "unwetter", "witterung",
)  # fmt: skip
DELAY_REASON_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DelayReason.ADDRESS_PROBLEM, ("adress", "anschrift", "address", "empfänger unbekannt", "umgezogen")),
    (
        DelayReason.WEATHER,
        ("wetter", "witterung", "unwetter", "sturm", "schnee", "glätte", "weather", "storm"),
    ),
    (DelayReason.HIGH_VOLUME, ("aufkommen", "sendungsvolumen", "volume", "hochsaison", "peak")),
)
STUCK_AFTER_DAYS = 3


@dataclass(frozen=True)
class CarrierEvent:
    """One scan as a sender reports it, before it is stored. ``status`` is set when the sender already
    speaks our vocabulary (AfterShip's tag, staff); otherwise the carrier's ``code`` is looked up."""

    occurred_at: datetime
    code: str = ""
    status: str = ""
    description: str = ""
    location: str = ""
    event_id: str = ""
    estimated_delivery: date | None = None
    delay_reason: str = ""
    raw: dict = field(default_factory=dict)

    def dedupe_key(self) -> str:
        """The carrier's event id when it gives one, else a hash of what makes a scan that scan."""
        if self.event_id:
            return f"id:{self.event_id}"[:128]
        when = self.occurred_at.astimezone(UTC).replace(microsecond=0).isoformat()
        what = self.code or self.status
        where = " ".join(self.location.split()).casefold()
        return "h:" + hashlib.sha256(f"{what}|{when}|{where}".encode()).hexdigest()

    def as_json(self) -> dict:
        return {
            "occurred_at": self.occurred_at.isoformat(),
            "code": self.code,
            "status": self.status,
            "description": self.description,
            "location": self.location,
            "event_id": self.event_id,
            "estimated_delivery": self.estimated_delivery.isoformat() if self.estimated_delivery else None,
            "delay_reason": self.delay_reason,
        }

    @classmethod
    def from_json(cls, data: dict, raw: dict | None = None) -> "CarrierEvent":
        estimate = data.get("estimated_delivery")
        return cls(
            occurred_at=datetime.fromisoformat(data["occurred_at"]),
            code=data.get("code") or "",
            status=data.get("status") or "",
            description=data.get("description") or "",
            location=data.get("location") or "",
            event_id=data.get("event_id") or "",
            estimated_delivery=date.fromisoformat(estimate) if estimate else None,
            delay_reason=data.get("delay_reason") or "",
            raw=raw or {},
        )


def unknown_code_status(*, code: str, description: str) -> str:
    """The rule for a code that is not in the table."""
    text = f"{code} {description}".casefold()
    return (
        TrackingStatus.EXCEPTION
        if any(word in text for word in EXCEPTION_WORDS)
        else TrackingStatus.IN_TRANSIT
    )


def delay_reason_from_text(text: str) -> str:
    text = text.casefold()
    for reason, words in DELAY_REASON_WORDS:
        if any(word in text for word in words):
            return reason
    return DelayReason.UNKNOWN


# The code table is read once per carrier and process and kept for EVENT_CODES_TTL seconds: a webhook then
# costs no query for it. A code staff remap reaches every process within that time (at once in the
# process that saved it: the admin calls event_codes_forget).
EVENT_CODES_TTL = 30.0
_event_codes_cache: dict[int, tuple[float, dict[str, CarrierEventCode]]] = {}


def event_codes_forget() -> None:
    _event_codes_cache.clear()


def _carrier_codes(carrier_id: int, *, reload: bool = False) -> dict[str, CarrierEventCode]:
    cached = _event_codes_cache.get(carrier_id)
    if reload or cached is None or time.monotonic() - cached[0] > EVENT_CODES_TTL:
        rows = {row.code: row for row in CarrierEventCode.objects.filter(carrier_id=carrier_id)}
        cached = (time.monotonic(), rows)
        _event_codes_cache[carrier_id] = cached
    return cached[1]


def _event_codes(*, carrier_id: int, events: Iterable[CarrierEvent]) -> dict[str, CarrierEventCode]:
    """The table rows for the codes of ``events``; codes never seen before are added, mapped by rule and
    marked for review (concurrent senders of the same new code: the unique constraint keeps one row)."""
    wanted = {event.code: event for event in events if event.code and not event.status}
    if not wanted:
        return {}
    known = _carrier_codes(carrier_id)
    missing = [code for code in wanted if code not in known]
    if missing:
        known = _carrier_codes(carrier_id, reload=True)
        missing = [code for code in missing if code not in known]
    if missing:
        now = timezone.now()
        new_rows = []
        for code in missing:
            event = wanted[code]
            status = unknown_code_status(code=code, description=event.description)
            new_rows.append(
                CarrierEventCode(
                    carrier_id=carrier_id,
                    code=code,
                    status=status,
                    is_delay=status == TrackingStatus.EXCEPTION,
                    description=event.description[:300],
                    needs_review=True,
                    first_seen_at=now,
                )
            )
            logger.warning("unknown event code %r of carrier %s, mapped to %s", code, carrier_id, status)
        CarrierEventCode.objects.bulk_create(new_rows, ignore_conflicts=True)
        known = _carrier_codes(carrier_id, reload=True)
    return {code: known[code] for code in wanted if code in known}


def _event_row(*, shipment_id: int, event: CarrierEvent, code_row, source: str) -> TrackingEvent:
    if event.status:
        status = event.status
        is_delay = status == TrackingStatus.EXCEPTION or bool(event.delay_reason)
        table_reason = ""
    else:
        status = code_row.status
        is_delay = code_row.is_delay or status == TrackingStatus.EXCEPTION
        table_reason = code_row.delay_reason
    delay_reason = ""
    if is_delay:
        delay_reason = event.delay_reason or table_reason or delay_reason_from_text(f"{event.description}")
    return TrackingEvent(
        shipment_id=shipment_id,
        status=status,
        carrier_code=event.code[:64],
        description=event.description[:300],
        location=event.location[:120],
        occurred_at=event.occurred_at,
        dedupe_key=event.dedupe_key(),
        raw=event.raw,
        estimated_delivery=event.estimated_delivery,
        delay_reason=delay_reason,
        source=source[:32],
    )


INSERT_BATCH = 1000


def _events_insert_autocommit(rows: list[TrackingEvent]) -> None:
    """``INSERT … ON CONFLICT DO NOTHING`` of ``rows`` as one statement, outside any transaction block.
    The same insert bulk_create makes (its ``_insert`` step), without bulk_create's surrounding transaction."""
    from django.db.models.constants import OnConflict

    for row in rows:
        row._state.adding = True
    fields = [field for field in TrackingEvent._meta.concrete_fields if not field.primary_key]
    TrackingEvent.objects._insert(rows, fields=fields, on_conflict=OnConflict.IGNORE)


def shipments_events_ingest(
    *,
    events: Sequence[tuple["Shipment | _ParcelRef", CarrierEvent]],
    source: str,
    refresh: str = "now",
    actor=None,
) -> set[int]:
    """Store many parcels' events at once; return the ids of the parcels they belong to.

    A repeated event is a no-op insert (unique ``(shipment, dedupe_key)``, ``ON CONFLICT DO NOTHING``), also
    when two workers insert it at the same moment. ``refresh="now"`` recomputes each parcel in this call;
    ``"later"`` leaves that to a worker (after commit), which is what the webhooks do to answer fast.
    """
    if refresh not in ("now", "later"):
        raise ValueError("refresh must be 'now' or 'later'")
    by_carrier: dict[int, list[tuple[Shipment | _ParcelRef, CarrierEvent]]] = defaultdict(list)
    for shipment, event in events:
        by_carrier[shipment.carrier_id].append((shipment, event))
    rows = []
    for carrier_id, items in by_carrier.items():
        codes = _event_codes(carrier_id=carrier_id, events=(event for _shipment, event in items))
        for shipment, event in items:
            rows.append(
                _event_row(
                    shipment_id=shipment.pk, event=event, code_row=codes.get(event.code), source=source
                )
            )
    shipment_ids = {row.shipment_id for row in rows}
    # One order for every writer: two batches that share events then wait on each other at most once
    # instead of each holding a key the other needs (a deadlock on PostgreSQL).
    rows.sort(key=lambda row: (row.shipment_id, row.dedupe_key))
    if refresh == "later":
        for row in rows:
            row.refresh_pending = True
        if len(rows) <= INSERT_BATCH and not transaction.get_connection().in_atomic_block:
            # One statement is atomic by itself. bulk_create would wrap it in a transaction, which costs
            # two more round trips (BEGIN, COMMIT) on the webhook's hot path; on_commit then runs at once.
            _events_insert_autocommit(rows)
            transaction.on_commit(lambda: tracking_refresh_soon())
            return shipment_ids
    with transaction.atomic(savepoint=False):
        TrackingEvent.objects.bulk_create(rows, ignore_conflicts=True, batch_size=INSERT_BATCH)
        if refresh == "later":
            transaction.on_commit(lambda: tracking_refresh_soon())
        else:
            for shipment_id in sorted(shipment_ids):
                shipment_tracking_refresh(shipment_id=shipment_id, actor=actor, actor_label=source)
    return shipment_ids


# A webhook request asks a worker to work in what it stored, but one process asks at most once a second:
# the task starts a second later and takes everything pending, so a burst of requests costs one task, not
# one broker round trip each. The beat sweep (every minute) picks up whatever a lost task left behind.
REFRESH_DEBOUNCE_SECONDS = 1.0
_refresh_asked_at = -REFRESH_DEBOUNCE_SECONDS


def tracking_refresh_soon() -> None:
    global _refresh_asked_at
    from tracking.tasks import tracking_events_process_task

    now = time.monotonic()
    if now - _refresh_asked_at < REFRESH_DEBOUNCE_SECONDS:
        return
    _refresh_asked_at = now
    tracking_events_process_task.apply_async(countdown=REFRESH_DEBOUNCE_SECONDS)


def tracking_events_process(*, limit: int = 500) -> int:
    """Work stored-but-pending events into their parcels; return how many parcels were refreshed.

    Per parcel, under its row lock: clear the pending marks, then recompute from all events. An event
    committed after the marks were cleared keeps its mark and is picked up by the next round. A parcel whose
    refresh fails keeps its marks (the transaction rolls back), is logged, and is retried by the next sweep;
    it does not hold up the others."""
    refreshed = 0
    failed: set[int] = set()
    while True:
        shipment_ids = list(
            TrackingEvent.objects.filter(refresh_pending=True)
            .exclude(shipment_id__in=failed)
            .order_by()
            .values_list("shipment_id", flat=True)
            .distinct()[:limit]
        )
        if not shipment_ids:
            return refreshed
        for shipment_id in shipment_ids:
            try:
                with transaction.atomic():
                    if not Shipment.objects.select_for_update().filter(pk=shipment_id).exists():
                        continue
                    TrackingEvent.objects.filter(shipment_id=shipment_id, refresh_pending=True).update(
                        refresh_pending=False
                    )
                    shipment_tracking_refresh(shipment_id=shipment_id)
            except OperationalError:
                raise  # the database is in trouble: the task retries with backoff
            except Exception:
                logger.exception("refreshing shipment %s from its events failed", shipment_id)
                failed.add(shipment_id)
                continue
            refreshed += 1


def shipment_events_ingest(
    *, shipment: Shipment, events: Sequence[CarrierEvent], source: str = "api", actor=None
) -> Shipment:
    """The one way events enter a parcel: stored once each, then the parcel's status, estimate and delay
    are worked out again from all its events. Returns the refreshed shipment."""
    if events:
        shipments_events_ingest(
            events=[(shipment, event) for event in events], source=source, refresh="now", actor=actor
        )
    shipment.refresh_from_db()
    return shipment


def timeline_status(events: Sequence[TrackingEvent]) -> TrackingEvent | None:
    """The event whose status the parcel has: the latest by time, except that a final status
    (delivered, returned) stays unless a later scan really says otherwise."""
    current = None
    for event in sorted(events, key=lambda event: (event.occurred_at, event.pk or 0)):
        if current is not None and current.status in FINAL_STATUSES and event.status in DOES_NOT_REOPEN:
            continue
        current = event
    return current


def shipment_tracking_refresh(
    *, shipment_id: int, today: date | None = None, actor=None, actor_label: str = "carrier"
) -> list[str]:
    """Recompute a parcel from all its events under a row lock: status (with history and the order's
    derived status), dates, the carrier's newest estimate, and whether it is late. Publishes a domain event
    for each real change, after commit; returns their names. Safe to call any number of times."""
    today = today or timezone.localdate()
    published: list[str] = []
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("carrier").get(pk=shipment_id)
        events = list(
            TrackingEvent.objects.filter(shipment_id=shipment_id)
            .only("id", "status", "occurred_at", "estimated_delivery", "delay_reason")
            .order_by("occurred_at", "id")
        )
        if not events:
            return published
        before = (shipment.status, shipment.estimated_delivery, shipment.is_delayed, shipment.delay_reason)
        base = {
            "shipment_id": shipment.pk,
            "order_id": shipment.order_id,
            "carrier": shipment.carrier.code,
            "tracking_number": shipment.tracking_number,
        }

        current = timeline_status(events)
        if current.status != shipment.status:
            shipment_status_change(
                shipment=shipment,
                to_status=current.status,
                at=current.occurred_at,
                actor=actor,
                actor_label=actor_label or "carrier",
                reason=f"event {current.pk}",
            )
            published.append(domain_events.SHIPMENT_STATUS_CHANGED)
            domain_events.publish(
                domain_events.SHIPMENT_STATUS_CHANGED,
                {
                    **base,
                    "from_status": before[0],
                    "to_status": current.status,
                    "at": current.occurred_at.isoformat(),
                },
            )

        shipment.shipped_at = events[0].occurred_at
        shipment.last_event_at = events[-1].occurred_at
        shipment.delivered_at = current.occurred_at if current.status == TrackingStatus.DELIVERED else None

        with_estimate = [event for event in events if event.estimated_delivery]
        if with_estimate:
            newest = with_estimate[-1].estimated_delivery
            if shipment.original_estimated_delivery is None:
                shipment.original_estimated_delivery = newest
            if newest != shipment.estimated_delivery:
                shipment.estimated_delivery = newest
                published.append(domain_events.SHIPMENT_ESTIMATE_CHANGED)
                domain_events.publish(
                    domain_events.SHIPMENT_ESTIMATE_CHANGED,
                    {
                        **base,
                        "previous": before[1].isoformat() if before[1] else None,
                        "estimated_delivery": newest.isoformat(),
                        "original_estimated_delivery": shipment.original_estimated_delivery.isoformat(),
                    },
                )

        reason = shipment_delay_reason(shipment=shipment, events=events, status=current.status, today=today)
        shipment.is_delayed, shipment.delay_reason = bool(reason), reason
        if reason and (not before[2] or reason != before[3]):
            published.append(domain_events.SHIPMENT_DELAYED)
            domain_events.publish(
                domain_events.SHIPMENT_DELAYED,
                {**base, "delay_reason": reason, "estimated_delivery": _iso(shipment.estimated_delivery)},
            )
        if current.status in FINAL_STATUSES and shipment.polling_retired_at is None:
            shipment.polling_retired_at = timezone.now()
        shipment.save(
            update_fields=[
                "shipped_at", "last_event_at", "delivered_at", "estimated_delivery",
                "original_estimated_delivery", "is_delayed", "delay_reason", "polling_retired_at",
            ]
        )  # fmt: skip
    return published


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def shipment_delay_reason(
    *, shipment: Shipment, events: Sequence[TrackingEvent], status: str, today: date
) -> str:
    """Why the parcel is late ("" when it is not): a scan that reports a delay (an exception or a carrier
    delay code), an estimate that has passed without delivery, or a carrier estimate later than the
    first one. A delivered or returned parcel is not late any more."""
    if status in FINAL_STATUSES:
        return ""
    delay_events = [event for event in events if event.delay_reason]
    if delay_events:
        return delay_events[-1].delay_reason
    if shipment.estimated_delivery and shipment.estimated_delivery < today:
        return DelayReason.UNKNOWN
    if (
        shipment.estimated_delivery
        and shipment.original_estimated_delivery
        and shipment.estimated_delivery > shipment.original_estimated_delivery
    ):
        return DelayReason.UNKNOWN
    return ""


def shipments_overdue_refresh(*, today: date | None = None, limit: int = 1000) -> int:
    """Mark parcels late whose estimate has passed without any new scan (time passes without events)."""
    today = today or timezone.localdate()
    ids = list(
        Shipment.objects.filter(estimated_delivery__lt=today, is_delayed=False, last_event_at__isnull=False)
        .exclude(status__in=[*FINAL_STATUSES, TrackingStatus.PENDING])
        .values_list("pk", flat=True)[:limit]
    )
    for shipment_id in ids:
        shipment_tracking_refresh(shipment_id=shipment_id, today=today)
    return len(ids)


# --- Events for tracking numbers we do not know yet -------------------------------------------------------


@dataclass(frozen=True)
class InboundEvent:
    """An event as a webhook delivers it: for a tracking number, perhaps with the sender's carrier name."""

    tracking_number: str
    carrier_hint: str
    event: CarrierEvent


@dataclass(frozen=True)
class _ParcelRef:
    """What ingesting needs to know of a parcel: its id and carrier."""

    pk: int
    carrier_id: int
    carrier_code: str


@dataclass
class ReceiveResult:
    matched: int = 0
    unmatched: int = 0
    shipment_ids: set[int] = field(default_factory=set)


def inbound_events_receive(
    *, inbound: Sequence[InboundEvent], source: str, carrier_codes: Mapping[str, str] | None = None
) -> ReceiveResult:
    """Find the parcel of each event and ingest it (refresh later, in a worker); events for unknown tracking
    numbers wait in the unmatched inbox. ``carrier_codes`` translates the sender's carrier names to ours."""
    carrier_codes = carrier_codes or {}
    numbers = {item.tracking_number for item in inbound}
    # Plain values, not model instances with a join: this is the one read on the webhook's hot path.
    candidates: dict[str, list[_ParcelRef]] = defaultdict(list)
    parcels = Shipment.objects.filter(tracking_number__in=numbers).order_by()
    for pk, number, carrier_id, carrier_code in parcels.values_list(
        "pk", "tracking_number", "carrier_id", "carrier__code"
    ):
        candidates[number].append(_ParcelRef(pk=pk, carrier_id=carrier_id, carrier_code=carrier_code))
    carriers: dict[str, Carrier] = {}

    def carrier_named(code: str) -> Carrier | None:
        # Only read when a sender's carrier does not match the parcel (rare): not once per request.
        if not carriers:
            carriers.update({carrier.code: carrier for carrier in Carrier.objects.all()})
        return carriers.get(code)

    matched: list[tuple[_ParcelRef, CarrierEvent]] = []
    unmatched: list[UnmatchedTrackingEvent] = []
    for item in inbound:
        carrier_code = carrier_codes.get(item.carrier_hint, item.carrier_hint)
        found = candidates.get(item.tracking_number, [])
        same_carrier = [shipment for shipment in found if shipment.carrier_code == carrier_code]
        if same_carrier or carrier_named(carrier_code) is not None:
            # A carrier we know: only its parcel. A name we do not know: the tracking number decides.
            found = same_carrier
        if len(found) == 1:
            matched.append((found[0], item.event))
        else:
            carrier = carrier_named(carrier_code)
            unmatched.append(
                UnmatchedTrackingEvent(
                    source=source,
                    carrier=carrier,
                    carrier_hint=item.carrier_hint[:64],
                    tracking_number=item.tracking_number[:64],
                    dedupe_key=item.event.dedupe_key(),
                    event=item.event.as_json(),
                    raw=item.event.raw,
                )
            )
    result = ReceiveResult(matched=len(matched), unmatched=len(unmatched))
    if not unmatched:  # one insert: no transaction needed around it (see shipments_events_ingest)
        result.shipment_ids = shipments_events_ingest(events=matched, source=source, refresh="later")
        return result
    with transaction.atomic(savepoint=False):
        if matched:
            result.shipment_ids = shipments_events_ingest(events=matched, source=source, refresh="later")
        if unmatched:
            unmatched.sort(key=lambda row: (row.tracking_number, row.carrier_hint, row.dedupe_key))
            UnmatchedTrackingEvent.objects.bulk_create(unmatched, ignore_conflicts=True, batch_size=1000)
    return result


def unmatched_events_attach(
    *, shipment: Shipment, unmatched: Iterable[UnmatchedTrackingEvent] | None = None, actor=None
) -> int:
    """Ingest waiting events into ``shipment``: by default those for its tracking number (and its carrier,
    when the sender named one); staff may hand over any rows. Returns how many were attached."""
    with transaction.atomic():
        if unmatched is None:
            rows = list(
                UnmatchedTrackingEvent.objects.select_for_update()
                .filter(tracking_number=shipment.tracking_number, attached_at__isnull=True)
                .filter(Q(carrier__isnull=True) | Q(carrier_id=shipment.carrier_id))
            )
        else:
            ids = [row.pk for row in unmatched]
            rows = list(
                UnmatchedTrackingEvent.objects.select_for_update().filter(
                    pk__in=ids, attached_at__isnull=True
                )
            )
        if not rows:
            return 0
        events = [CarrierEvent.from_json(row.event, raw=row.raw) for row in rows]
        shipments_events_ingest(
            events=[(shipment, event) for event in events], source="inbox", refresh="now", actor=actor
        )
        UnmatchedTrackingEvent.objects.filter(pk__in=[row.pk for row in rows]).update(
            shipment=shipment, attached_at=timezone.now()
        )
    return len(rows)


# --- Staff --------------------------------------------------------------------------------------------------


def shipment_event_add_manually(
    *,
    shipment: Shipment,
    actor,
    status: str,
    occurred_at: datetime,
    description: str = "",
    location: str = "",
    estimated_delivery: date | None = None,
    delay_reason: str = "",
) -> Shipment:
    """A scan entered by staff (a carrier told them on the phone): goes through the ingestion service like
    any other, marked as coming from staff."""
    if status not in EVENT_STATUSES:
        raise DomainError(f"{status!r} is not a status a scan can have.")
    event = CarrierEvent(
        occurred_at=occurred_at,
        status=status,
        code="STAFF",
        description=description,
        location=location,
        estimated_delivery=estimated_delivery,
        delay_reason=delay_reason,
        raw={"entered_by": getattr(actor, "email", "") or str(actor or "")},
    )
    return shipment_events_ingest(shipment=shipment, events=[event], source="staff", actor=actor)


# --- Polling --------------------------------------------------------------------------------------------

POLL_LOCK_SECONDS = 300  # longer than a run may take (the task's hard time limit is 90 s)
POLL_RETIRE_AFTER = timedelta(days=90)


@dataclass
class PollResult:
    adapter: str
    skipped: str = ""  # "locked" | "rate_limited" | ""
    polled: int = 0
    retired: int = 0
    shipment_ids: list[int] = field(default_factory=list)


def polling_lock_acquire(*, adapter: str, now: datetime) -> PollingState | None:
    """Take the adapter's lock with one conditional UPDATE (works alike on SQLite and PostgreSQL, across
    processes); None when another run holds it. A crashed run's lock expires after POLL_LOCK_SECONDS."""
    PollingState.objects.get_or_create(adapter=adapter)
    state = PollingState.objects.get(adapter=adapter)
    taken = (
        PollingState.objects.filter(adapter=adapter)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=now + timedelta(seconds=POLL_LOCK_SECONDS))
    )
    return state if taken else None


def polling_lock_release(*, adapter: str, **fields) -> None:
    PollingState.objects.filter(adapter=adapter).update(locked_until=None, **fields)


def carrier_poll(*, adapter_name: str, now: datetime | None = None) -> PollResult:
    """One polling run of one adapter: retire parcels that are done, ask the carrier about the next batch
    (within its rate limit), ingest what it says. Runs of the same adapter never overlap."""
    from tracking.adapters import adapter_get

    adapter = adapter_get(adapter_name)
    now = now or timezone.now()
    result = PollResult(adapter=adapter_name)
    state = polling_lock_acquire(adapter=adapter_name, now=now)
    if state is None:
        result.skipped = "locked"
        return result
    try:
        # Rate limit: a run may make as many requests as the adapter's per-minute budget has refilled
        # since the last run started, at most one batch.
        budget = adapter.batch_size
        if state.last_started_at:
            minutes = max((now - state.last_started_at).total_seconds(), 0) / 60
            budget = min(adapter.batch_size, int(adapter.requests_per_minute * minutes))
        if budget < 1:
            result.skipped = "rate_limited"
            polling_lock_release(adapter=adapter_name)
            return result
        PollingState.objects.filter(adapter=adapter_name).update(last_started_at=now)
        active = Shipment.objects.filter(
            carrier__code__in=adapter.carrier_codes, polling_retired_at__isnull=True
        )
        result.retired = active.filter(
            Q(status__in=[*FINAL_STATUSES, TrackingStatus.EXPIRED])
            | Q(created_at__lt=now - POLL_RETIRE_AFTER)
        ).update(polling_retired_at=now)
        shipments = list(adapter.due(active.select_related("carrier", "order"), now=now)[:budget])
        found = adapter.fetch(shipments, now=now) if shipments else {}
        for shipment in shipments:
            events = found.get(shipment.pk, [])
            if events:
                shipment_events_ingest(shipment=shipment, events=events, source=f"poll:{adapter_name}")
        Shipment.objects.filter(pk__in=[shipment.pk for shipment in shipments]).update(last_polled_at=now)
        result.polled = len(shipments)
        result.shipment_ids = [shipment.pk for shipment in shipments]
    finally:
        if not result.skipped:
            polling_lock_release(
                adapter=adapter_name, last_finished_at=timezone.now(), last_polled_count=result.polled
            )
    return result
