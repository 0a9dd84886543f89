"""Outbound webhooks: every change a subscription asks for becomes a delivery row in the same transaction,
sent by a worker, signed like our inbound tracking webhooks (``X-Postpurchase-Signature: t=…,v1=…``),
retried with backoff while the receiver is down, never lost."""

import json
import random
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta

import requests
from django.db import transaction
from django.utils import timezone

from api.models import WebhookDelivery, WebhookSubscription
from tracking.webhooks import postpurchase_signature

EVENTS = frozenset(
    {
        "order.created",
        "order.updated",
        "order.cancelled",
        "shipment.status_changed",
        "shipment.delayed",
        "return.status_changed",
    }
)
MAX_ATTEMPTS = 8
MAX_COUNTDOWN = timedelta(minutes=30)


def webhook_event_emit(*, event: str, payload: dict) -> list[WebhookDelivery]:
    """A delivery for every active subscription to ``event``, written in the caller's transaction and sent
    after commit."""
    return webhook_events_emit(event=event, payloads=[payload])


def webhook_events_emit(*, event: str, payloads: Sequence[dict]) -> list[WebhookDelivery]:
    """``webhook_event_emit`` for many events of one kind (a batch of orders): each payload is an event of its
    own (its own id), with one query for the subscriptions and one INSERT for all deliveries."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    if not payloads:
        return []
    subscribed = [
        subscription
        for subscription in WebhookSubscription.objects.filter(is_active=True).only("id", "events")
        if event in subscription.event_set
    ]
    if not subscribed:
        return []
    created_at = timezone.now().isoformat()
    deliveries = []
    for payload in payloads:
        event_id = str(uuid.uuid4())
        body = {"id": event_id, "event": event, "created_at": created_at, "data": payload}
        deliveries += [
            WebhookDelivery(subscription=subscription, event=event, event_id=event_id, payload=body)
            for subscription in subscribed
        ]
    deliveries = WebhookDelivery.objects.bulk_create(deliveries)
    created = [delivery.pk for delivery in deliveries]  # bulk_create sets them on PostgreSQL and SQLite
    transaction.on_commit(lambda: _enqueue(created))
    return deliveries


def _enqueue(delivery_ids, countdown: float = 0) -> None:
    from api.tasks import webhook_deliver_task

    for delivery_id in delivery_ids:
        webhook_deliver_task.apply_async((delivery_id,), countdown=countdown)


def retry_delay(*, attempts: int) -> timedelta:
    """About 10 s, 20 s, 40 s, … up to 6 hours, with jitter."""
    return timedelta(seconds=min(6 * 3600, 10 * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2))


def webhook_deliver(*, delivery_id: int) -> str:
    """Send one delivery (safe to call twice: a delivered one is not sent again); returns its status."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"
        body = json.dumps(delivery.payload, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Postpurchase-Event": delivery.event,
            "X-Postpurchase-Delivery": delivery.event_id,
            "X-Postpurchase-Signature": postpurchase_signature(
                secret=delivery.subscription.secret, timestamp=int(time.time()), body=body
            ),
        }
        delivery.attempts += 1
        try:
            response = requests.post(delivery.subscription.url, data=body, headers=headers, timeout=10)
            delivery.response_code, delivery.last_error = response.status_code, ""
            ok = 200 <= response.status_code < 300
            if not ok:
                delivery.last_error = response.text[:500]
        except requests.RequestException as exc:
            delivery.response_code, delivery.last_error, ok = (
                None,
                f"{type(exc).__name__}: {exc}"[:500],
                False,
            )
        if ok:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                timezone.now(),
                None,
            )
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = timezone.now() + retry_delay(attempts=delivery.attempts)
        delivery.save()
        if delivery.next_attempt_at and delivery.next_attempt_at - timezone.now() <= MAX_COUNTDOWN:
            wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
            transaction.on_commit(lambda: _enqueue([delivery.pk], countdown=max(0.0, wait)))
    return delivery.status


def webhooks_due_send(*, now=None) -> list[int]:
    """Beat: hand retries that wait longer than a broker countdown to a worker when they are due."""
    now = now or timezone.now()
    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:1000]
    )
    _enqueue(due)
    return due


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Staff send a delivery again by hand (also a failed or a delivered one)."""
    delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.PENDING, None
    delivery.save(update_fields=["status", "next_attempt_at"])
    transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return delivery
