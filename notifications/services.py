"""The outbox. A message is a row written in the caller's transaction; a worker sends it after commit.

States: queued → sending → sent (→ delivered | bounced), with failed for what cannot be sent and
suppressed for recipients who must not get mail. A crash between "sending" and "sent" is repaired by the
sweeper, which puts the message back in the queue.
"""

import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import make_msgid
from django.db import connection, transaction
from django.db.models import F, Q
from django.template import TemplateSyntaxError
from django.utils import timezone

from core.errors import IllegalTransition
from core.formatting import date_format
from core.statuses import status_transition
from notifications.catalog import CATALOG, EVENT_TEMPLATES
from notifications.channels import text_backend
from notifications.consent import marketing_consent_allows, unsubscribe_url
from notifications.models import (
    Channel,
    Message,
    MessageStatus,
    MessageStatusChange,
    NotificationEvent,
    Suppression,
    SuppressionReason,
    TemplateKind,
)
from notifications.payloads import (
    customer_payload,
    order_confirmation_payload,
    order_language,
    order_message_payload,
    shop_payload,
)
from notifications.rendering import Rendered, source_render, template_source
from notifications.sandbox import RenderLimitExceeded
from notifications.selectors import event_setting, order_confirmation_variant, order_confirmation_variants
from orders.models import Order

logger = logging.getLogger(__name__)

MESSAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    MessageStatus.QUEUED: frozenset({MessageStatus.SENDING, MessageStatus.FAILED, MessageStatus.SUPPRESSED}),
    MessageStatus.SENDING: frozenset({MessageStatus.SENT, MessageStatus.QUEUED, MessageStatus.FAILED}),
    MessageStatus.SENT: frozenset({MessageStatus.DELIVERED, MessageStatus.BOUNCED}),
    MessageStatus.DELIVERED: frozenset({MessageStatus.BOUNCED}),
    MessageStatus.FAILED: frozenset(),
    MessageStatus.BOUNCED: frozenset(),
    MessageStatus.SUPPRESSED: frozenset(),
}

MAX_ATTEMPTS = 5
STUCK_AFTER = timedelta(minutes=10)
MAX_COUNTDOWN = timedelta(minutes=30)


def message_queue(
    *,
    template_key: str,
    recipient: str,
    language: str,
    payload: dict,
    idempotency_key: str,
    order: Order | None = None,
    customer=None,
    channel: str = Channel.EMAIL,
    send_after=None,
) -> tuple[Message, bool]:
    """Write the message in the current transaction and send it after commit (or at ``send_after``). The
    same idempotency key twice gives the first message back and sends nothing more."""
    message = Message(
        idempotency_key=idempotency_key,
        template_key=template_key,
        recipient=recipient,
        language=language,
        payload=payload,
        order=order,
        customer=customer,
        channel=channel,
        send_after=send_after,
    )
    return messages_queue(messages=[message])[0]


def messages_queue(*, messages: Sequence[Message]) -> list[tuple[Message, bool]]:
    """``message_queue`` for many unsaved messages at once: one INSERT that skips the idempotency keys used
    before, one INSERT of the new messages' history rows, one commit hook. Returns each message as stored
    (the first one for a key used before) and whether it is new."""
    if not messages:
        return []
    first_of_key: dict[str, Message] = {}
    for message in messages:
        first_of_key.setdefault(message.idempotency_key, message)
    # No transaction of its own inside the caller's: the messages are written and fail with the caller's work.
    with transaction.atomic(savepoint=False):
        # Insert first (new messages are the common case: no look-up before); a key used before is skipped by
        # the database, without an error that would spoil the caller's transaction.
        new_ids = _messages_insert_new(list(first_of_key.values()))
        new = [message for key, message in first_of_key.items() if key in new_ids]
        for message in new:
            message.pk, message._state.adding, message._state.db = (
                new_ids[message.idempotency_key],
                False,
                "default",
            )
        stored = {
            message.idempotency_key: message
            for message in Message.objects.filter(idempotency_key__in=set(first_of_key) - set(new_ids))
        }
        stored.update((message.idempotency_key, message) for message in new)
        if new:
            now = timezone.now()
            MessageStatusChange.objects.bulk_create(
                MessageStatusChange(
                    message=message, to_status=MessageStatus.QUEUED, changed_at=now, actor_label="system"
                )
                for message in new
            )
            transaction.on_commit(lambda: messages_send_enqueue(messages=new))
    written = {id(message) for message in new}
    return [(stored[message.idempotency_key], id(message) in written) for message in messages]


def _messages_insert_new(messages: Sequence[Message]) -> dict[str, int]:
    """INSERT the messages in one statement, skipping every idempotency key that is stored already; return
    the ids of those written by key (``INSERT … ON CONFLICT DO NOTHING RETURNING``, PostgreSQL and SQLite)."""
    meta = Message._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    rows = [
        [field.get_db_prep_save(field.pre_save(message, add=True), connection) for field in fields]
        for message in messages
    ]
    quote = connection.ops.quote_name
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(fields)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608
        f"VALUES {placeholders} ON CONFLICT ({quote('idempotency_key')}) DO NOTHING "
        f"RETURNING {quote('idempotency_key')}, {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        return dict(cursor.fetchall())


def message_send_enqueue(*, message: Message) -> None:
    """Hand the message to a worker (see ``messages_send_enqueue``)."""
    messages_send_enqueue(messages=[message])


def messages_send_enqueue(*, messages: Sequence[Message]) -> None:
    """Hand messages to a worker: those that are due go with the next batch (``messages_send_soon``, asked
    once), one due soon gets a task with a countdown. A countdown never exceeds ``MAX_COUNTDOWN`` (well under
    the broker's visibility timeout): later messages wait as rows, and the beat task ``messages_due_send``
    enqueues them when they are due."""
    from notifications.tasks import message_send_task

    now = timezone.now()
    due = False
    for message in messages:
        wait = (message.send_after - now).total_seconds() if message.send_after else 0
        if wait <= 0:
            due = True
        elif wait <= MAX_COUNTDOWN.total_seconds():
            message_send_task.apply_async((message.pk,), countdown=wait)
    if due:
        messages_send_soon()


# A queued message asks a worker to send what is waiting, but one process asks at most once a second: the
# task starts a second later and sends everything waiting in batches (``messages_send``: one lock query, one
# provider connection, bulk writes), so a burst of orders costs one task, not a broker round trip and a
# worker transaction per message. Whatever a lost task leaves behind, the sweeper re-enqueues.
SEND_SOON_SECONDS = 1.0
_send_asked_at = -SEND_SOON_SECONDS


def messages_send_soon() -> None:
    global _send_asked_at
    from notifications.tasks import messages_send_pending_task

    now = time.monotonic()
    if now - _send_asked_at < SEND_SOON_SECONDS:
        return
    messages_send_pending_task.apply_async(countdown=SEND_SOON_SECONDS)
    _send_asked_at = now  # only once the broker has it: after a failed publish the next message asks again


def messages_send_pending(*, limit: int = 2_000) -> Counter:
    """Send the messages waiting for their first attempt that are due, in batches; return the outcomes.
    Messages waiting for a retry keep their backoff (their own tasks send them); a message another worker
    holds is skipped by the lock, so two of these tasks at once send nothing twice. After ``limit`` messages
    (a few seconds, well within the task's time limit) another task goes on."""
    from notifications.tasks import messages_send_pending_task

    outcome: Counter = Counter()
    after, taken = 0, 0
    while taken < limit:
        batch = list(
            Message.objects.filter(status=MessageStatus.QUEUED, attempts=0, pk__gt=after)
            .filter(Q(send_after__isnull=True) | Q(send_after__lte=timezone.now()))
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        if not batch:
            break
        after, taken = batch[-1], taken + len(batch)
        outcome.update(messages_send(message_ids=batch))
    else:
        messages_send_pending_task.delay()
    return +outcome


def event_notify(
    *, event: str, order: Order, shipment=None, return_request=None, withdrawal=None, variant: str = ""
) -> list[tuple[Message, bool]]:
    """Queue the messages the shop wants for ``event`` (its ``EventSetting``: enabled, channels, delay),
    one per channel, in the current transaction. Idempotent: the same event twice queues nothing more;
    ``variant`` tells apart events that may really happen twice (a second, further delay)."""
    from notifications.payloads import return_message_payload, shipment_message_payload

    language = order_language(order=order)
    email_key = EVENT_TEMPLATES[event]
    about = f"order:{order.pk}"
    if shipment is not None:
        payload = shipment_message_payload(shipment=shipment, language=language)
        about = f"shipment:{shipment.pk}"
    elif withdrawal is not None:
        payload = order_message_payload(order=order, language=language)
        payload["withdrawal"] = {
            "declared_at": date_format(withdrawal.declared_at, language, with_time=True),
            "statement": withdrawal.statement,
            "lines": withdrawal.lines,
        }
        about = f"withdrawal:{withdrawal.pk}"
    elif return_request is not None:
        payload = return_message_payload(return_request=return_request, language=language)
        about = f"return:{return_request.pk}"
    elif event == NotificationEvent.ORDER_PLACED:
        # The shop's rules choose one of the confirmation's variants for email; texts stay short and simple.
        email_key = order_confirmation_variant(order=order)
        payload = order_confirmation_payload(order=order, language=language, variant=email_key)
    else:
        payload = order_message_payload(order=order, language=language)
    return messages_queue(
        messages=_event_messages(
            event=event, order=order, payload=payload, email_key=email_key, about=about, variant=variant
        )
    )


def _event_messages(
    *, event: str, order: Order, payload: dict, email_key: str, about: str, variant: str = ""
) -> list[Message]:
    """The unsaved messages the shop wants for ``event`` (its ``EventSetting``: enabled, channels, delay),
    one per channel that reaches the customer."""
    key = EVENT_TEMPLATES[event]
    setting = event_setting(event=event)
    channels = setting.channels if setting else [Channel.EMAIL]
    delay = timedelta(minutes=setting.delay_minutes) if setting and setting.delay_minutes else None
    language = order_language(order=order)
    messages = []
    for channel in channels:
        phone = order.customer.phone if order.customer else ""
        recipient = order.email if channel == Channel.EMAIL else phone
        if not recipient:
            continue
        messages.append(
            Message(
                template_key=email_key if channel == Channel.EMAIL else key,
                recipient=recipient,
                language=language,
                payload=payload,
                idempotency_key=f"{key}:{about}{variant}:{channel}:{recipient.lower()}",
                order=order,
                customer=order.customer,
                channel=channel,
                send_after=timezone.now() + delay if delay else None,
            )
        )
    return messages


def message_resend(*, message: Message, actor=None) -> Message:
    """Send a message again, on purpose: a new row with a new idempotency key and the same data."""
    copy, _ = message_queue(
        template_key=message.template_key,
        recipient=message.recipient,
        language=message.language,
        payload=message.payload,
        idempotency_key=f"resend:{message.pk}:{uuid.uuid4()}",
        order=message.order,
        customer=message.customer,
        channel=message.channel,
    )
    copy.status_changes.filter(to_status=MessageStatus.QUEUED).update(
        actor=actor if getattr(actor, "pk", None) else None, reason=f"resend of message {message.pk}"
    )
    return copy


def order_confirmation_queue(*, order: Order) -> tuple[Message | None, bool]:
    """The order confirmation by email (and the other channels the shop chose)."""
    return order_confirmations_queue(orders=[order])[0]


def order_confirmations_queue(*, orders: Sequence[Order]) -> list[tuple[Message | None, bool]]:
    """The confirmations of orders written one after the other (a batch, in its order), each as
    ``event_notify`` queues one: the variant by the shop's rules (one first-order query for the batch), the
    payload from the orders' lines in memory, the same idempotency keys; all messages in one INSERT. Returns
    each order's first message (None when no channel reaches the customer) and whether it is new."""
    variants = order_confirmation_variants(orders=orders)
    wanted = []
    for order, email_key in zip(orders, variants, strict=True):
        payload = order_confirmation_payload(
            order=order, language=order_language(order=order), variant=email_key
        )
        wanted.append(
            _event_messages(
                event=NotificationEvent.ORDER_PLACED,
                order=order,
                payload=payload,
                email_key=email_key,
                about=f"order:{order.pk}",
            )
        )
    queued = iter(messages_queue(messages=[message for messages in wanted for message in messages]))
    results = []
    for messages in wanted:
        of_order = [next(queued) for _ in messages]
        results.append(of_order[0] if of_order else (None, False))
    return results


def _order_link_queue(*, order: Order, template_key: str, url: str, key_suffix: str) -> tuple[Message, bool]:
    """A message to the order's email address carrying one signed link (magic link, account activation)."""
    payload = {
        "shop": shop_payload(),
        "customer": customer_payload(order=order),
        "order": {"number": order.number},
        "link": url,
    }
    return message_queue(
        template_key=template_key,
        recipient=order.email,
        language=order_language(order=order),
        payload=payload,
        idempotency_key=f"{template_key}:order:{order.pk}:{order.email.lower()}{key_suffix}",
        order=order,
        customer=order.customer,
    )


def magic_link_queue(*, order: Order, url: str, window: str) -> tuple[Message, bool]:
    """The link that opens one order without a password, sent to the order's email address. ``window``
    (e.g. a ten-minute slot) makes repeated requests within it one message."""
    return _order_link_queue(order=order, template_key="magic_link", url=url, key_suffix=f":{window}")


def password_reset_queue(*, user, url: str, token: str) -> tuple[Message, bool]:
    payload = {
        "shop": shop_payload(),
        "customer": {"first_name": user.first_name, "email": user.email},
        "link": url,
    }
    return message_queue(
        template_key="password_reset",
        recipient=user.email,
        language=user.language,
        payload=payload,
        idempotency_key=f"password_reset:user:{user.pk}:{token}",
        customer=user,
    )


def account_activation_queue(*, order: Order, url: str) -> tuple[Message, bool]:
    """The link to set a password for the order's email address (an account made from the order)."""
    return _order_link_queue(order=order, template_key="account_activation", url=url, key_suffix="")


# Which event a parcel's new status is, for the customer.
SHIPMENT_STATUS_EVENTS = {
    "in_transit": NotificationEvent.SHIPPED,
    "out_for_delivery": NotificationEvent.OUT_FOR_DELIVERY,
    "available_for_pickup": NotificationEvent.AVAILABLE_FOR_PICKUP,
    "delivered": NotificationEvent.DELIVERED,
}


def notifications_for_shipment_event(*, name: str, payload: dict) -> list[tuple[Message, bool]]:
    """What a parcel's domain event means for the customer: shipped (the first scan on the way, not a
    return to "in transit" after a hiccup), out for delivery, ready for pickup, delivered, or delayed (again
    when the delay's reason or estimate changes)."""
    from tracking.models import Shipment, TrackingStatus

    shipment = (
        Shipment.objects.select_related("order__customer", "carrier")
        .filter(pk=payload["shipment_id"])
        .first()
    )
    if shipment is None or shipment.return_request_id:
        return []  # a return parcel on its way back: the returns messages tell the customer
    if name == "shipment.delayed":
        variant = f":{payload.get('estimated_delivery')}:{payload.get('delay_reason')}"
        return event_notify(
            event=NotificationEvent.DELAYED, order=shipment.order, shipment=shipment, variant=variant
        )
    event = SHIPMENT_STATUS_EVENTS.get(payload.get("to_status", ""))
    first_move = payload.get("from_status") in ("", TrackingStatus.PENDING, TrackingStatus.INFO_RECEIVED)
    if event is None or (event == NotificationEvent.SHIPPED and not first_move):
        return []
    return event_notify(event=event, order=shipment.order, shipment=shipment)


class MessageSendFailed(Exception):
    """Sending failed in a way that may pass (network, provider 5xx): the task retries."""


def send_error_is_transient(exc: Exception) -> bool:
    """Whether trying again later may succeed: network trouble, timeouts, a provider's 5xx or 429 are
    transient; a provider's other 4xx (bad request, refused recipient, wrong key) and template errors are not."""
    if isinstance(
        exc, AnymailRecipientsRefused | AnymailInvalidAddress | TemplateSyntaxError | RenderLimitExceeded
    ):
        return False
    status_code = getattr(exc, "status_code", None)
    if status_code is not None:
        return status_code >= 500 or status_code == 429
    return True


def send_error_describe(exc: Exception) -> str:
    status_code = getattr(exc, "status_code", None)
    prefix = f"HTTP {status_code}: " if status_code else ""
    return f"{prefix}{type(exc).__name__}: {exc}"


def email_headers(*, message: Message) -> dict[str, str]:
    headers = {
        "Message-ID": make_msgid(domain="postpurchase.local"),
        # Lets support (and the benchmark's sink) find the outbox row of any email.
        "X-Postpurchase-Message": str(message.pk),
    }
    if message_is_marketing(message=message):
        # RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers["List-Unsubscribe"] = (
            f"<{unsubscribe_url(address=message.recipient, channel=message.channel)}>"
        )
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _email_send(*, message: Message, rendered, connection=None) -> str:
    """Send through the configured email backend; return the provider's id, else our own Message-ID."""
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers=email_headers(message=message),
        connection=connection,
    )
    if rendered.html:
        email.attach_alternative(rendered.html, "text/html")
    email.send()
    provider_id = getattr(getattr(email, "anymail_status", None), "message_id", None)
    if isinstance(provider_id, set):  # anymail's answer when it cannot tell the recipients' ids apart
        provider_id = ",".join(sorted(str(item) for item in provider_id if item))
    return provider_id or email.extra_headers["Message-ID"]


def message_is_marketing(*, message: Message) -> bool:
    spec = CATALOG.get(message.template_key)
    return bool(spec and spec.kind == TemplateKind.MARKETING)


def message_refusal(*, message: Message) -> str:
    """Why this message must not go out, or "" when it may: a suppressed address, or marketing without
    confirmed consent."""
    if Suppression.objects.filter(address=message.recipient.lower(), channel=message.channel).exists():
        return "recipient is on the suppression list"
    if message_is_marketing(message=message) and not marketing_consent_allows(
        address=message.recipient, channel=message.channel
    ):
        return "no confirmed marketing consent for this address and channel"
    return ""


def _render_and_hand_over(
    *, message: Message, email_connection=None, sources: dict | None = None
) -> tuple[Rendered, str]:
    """Render the message from its stored payload and give it to the provider; return what was rendered and
    the provider's id. Raises whatever the provider raised. ``sources`` memoises template look-ups within
    one batch."""
    payload = message.payload
    if message_is_marketing(message=message):
        link = unsubscribe_url(address=message.recipient, channel=message.channel)
        payload = {**payload, "unsubscribe_url": link}
    which = (message.template_key, message.language, message.channel)
    source = sources.get(which) if sources is not None else None
    if source is None:
        source = template_source(key=message.template_key, language=message.language, channel=message.channel)
        if sources is not None:
            sources[which] = source
    rendered = source_render(source, payload, language=message.language)
    if message.channel == Channel.EMAIL:
        return rendered, _email_send(message=message, rendered=rendered, connection=email_connection)
    return rendered, text_backend().send(
        channel=message.channel, to=message.recipient, text=rendered.text.strip()
    )


def message_send(*, message_id: int) -> str:
    """Send one queued message; return its status afterwards. Safe to call twice for the same id."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != MessageStatus.QUEUED:
            return message.status if message else "missing"
        if message.send_after and message.send_after > timezone.now():
            return message.status  # too early; messages_due_send hands it over when it is due
        refusal = message_refusal(message=message)
        if refusal:
            status_transition(
                instance=message,
                to_status=MessageStatus.SUPPRESSED,
                transitions=MESSAGE_TRANSITIONS,
                actor_label="worker",
                reason=refusal,
            )
            return MessageStatus.SUPPRESSED
        message.attempts += 1
        status_transition(
            instance=message,
            to_status=MessageStatus.SENDING,
            transitions=MESSAGE_TRANSITIONS,
            actor_label="worker",
            extra_update_fields=("attempts",),
        )
    try:
        rendered, provider_message_id = _render_and_hand_over(message=message)
    except Exception as exc:
        give_up = message.attempts >= MAX_ATTEMPTS or not send_error_is_transient(exc)
        with transaction.atomic():
            message = Message.objects.select_for_update().get(pk=message_id)
            message.last_error = send_error_describe(exc)[:2000]
            status_transition(
                instance=message,
                to_status=MessageStatus.FAILED if give_up else MessageStatus.QUEUED,
                transitions=MESSAGE_TRANSITIONS,
                actor_label="worker",
                reason=message.last_error[:255],
                extra_update_fields=("last_error",),
            )
        if give_up:
            logger.error("message %s failed after %s attempts: %s", message_id, message.attempts, exc)
            return MessageStatus.FAILED
        raise MessageSendFailed(str(exc)) from exc

    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        message.subject = rendered.subject
        message.body_text = rendered.text
        message.body_html = rendered.html
        message.provider_message_id = provider_message_id[:200]
        message.sent_at = timezone.now()
        message.last_error = ""
        status_transition(
            instance=message,
            to_status=MessageStatus.SENT,
            transitions=MESSAGE_TRANSITIONS,
            actor_label="worker",
            extra_update_fields=(
                "subject",
                "body_text",
                "body_html",
                "provider_message_id",
                "sent_at",
                "last_error",
            ),
        )
    return MessageStatus.SENT


BATCH_SIZE = 50
SENT_FIELDS = (
    "status",
    "subject",
    "body_text",
    "body_html",
    "provider_message_id",
    "sent_at",
    "last_error",
    "updated_at",
)


def _messages_update(messages: Sequence[Message], fields: Sequence[str]) -> None:
    """One plain UPDATE per row, sent as one batch: far cheaper than ``bulk_update``'s CASE expressions over
    large text columns (the rendered bodies)."""
    if not messages:
        return
    meta = Message._meta
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in columns)
    sql = f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608
    rows = [
        [field.get_db_prep_save(getattr(message, field.attname), connection) for field in columns]
        + [message.pk]
        for message in messages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def retry_countdown(*, attempts: int) -> float:
    """Exponential backoff with jitter: about 5 s, 10 s, 20 s, … capped at 10 minutes."""
    return min(600.0, 5.0 * 2 ** max(0, attempts - 1)) * random.uniform(0.8, 1.2)


def messages_send(*, message_ids: Sequence[int]) -> Counter:
    """Send many queued messages with one lock query, one provider connection and bulk status writes (the
    way bulk sends such as campaigns go). Each message ends as it would alone: sent, suppressed, queued again
    with a retry scheduled (transient errors), or failed with its reason. Safe to repeat for the same ids."""
    from notifications.tasks import message_send_task

    outcome: Counter = Counter()
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk__in=message_ids, status=MessageStatus.QUEUED)
            .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
            .order_by("pk")
        )
        suppressed = set(
            Suppression.objects.filter(address__in={m.recipient.lower() for m in claimed}).values_list(
                "address", "channel"
            )
        )
        sending = []
        for message in claimed:
            refusal = (
                "recipient is on the suppression list"
                if (message.recipient.lower(), message.channel) in suppressed
                else message_refusal(message=message)
                if message_is_marketing(message=message)
                else ""
            )
            if refusal:
                status_transition(
                    instance=message,
                    to_status=MessageStatus.SUPPRESSED,
                    transitions=MESSAGE_TRANSITIONS,
                    actor_label="worker",
                    reason=refusal,
                )
                outcome[MessageStatus.SUPPRESSED] += 1
                continue
            message.status, message.attempts, message.updated_at = (
                MessageStatus.SENDING,
                message.attempts + 1,
                now,
            )
            sending.append(message)
        Message.objects.filter(pk__in=[m.pk for m in sending]).update(
            status=MessageStatus.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
        _history_bulk(sending, from_status=MessageStatus.QUEUED, at=now)

    results: dict[int, tuple[Rendered, str] | Exception] = {}
    sources: dict = {}
    with get_connection() as email_connection:
        for message in sending:
            try:
                results[message.pk] = _render_and_hand_over(
                    message=message, email_connection=email_connection, sources=sources
                )
            except Exception as exc:  # noqa: BLE001 - each message's failure is recorded on that message
                results[message.pk] = exc

    done = timezone.now()
    with transaction.atomic():
        sent, failed, retry = [], [], []
        for message in sending:
            result = results[message.pk]
            if isinstance(result, Exception):
                message.last_error = send_error_describe(result)[:2000]
                message.updated_at = done
                give_up = message.attempts >= MAX_ATTEMPTS or not send_error_is_transient(result)
                message.status = MessageStatus.FAILED if give_up else MessageStatus.QUEUED
                (failed if give_up else retry).append(message)
                continue
            rendered, provider_message_id = result
            message.status, message.sent_at, message.updated_at, message.last_error = (
                MessageStatus.SENT,
                done,
                done,
                "",
            )
            message.subject, message.body_text, message.body_html = (
                rendered.subject,
                rendered.text,
                rendered.html,
            )
            message.provider_message_id = provider_message_id[:200]
            sent.append(message)
        _messages_update(sent, SENT_FIELDS)
        _messages_update(failed + retry, ("status", "last_error", "updated_at"))
        _history_bulk(sent + failed + retry, from_status=MessageStatus.SENDING, at=done)
        for message in retry:
            countdown = retry_countdown(attempts=message.attempts)
            transaction.on_commit(
                lambda message_id=message.pk, countdown=countdown: message_send_task.apply_async(
                    (message_id,), countdown=countdown
                )
            )
    outcome[MessageStatus.SENT] += len(sent)
    outcome[MessageStatus.FAILED] += len(failed)
    outcome[MessageStatus.QUEUED] += len(retry)
    return +outcome  # without the zero counts


def _history_bulk(messages: Sequence[Message], *, from_status: str, at) -> None:
    """History rows for a bulk status change, after checking each change against the transition map."""
    for message in messages:
        if message.status not in MESSAGE_TRANSITIONS[from_status]:
            raise IllegalTransition(
                subject=f"message {message.pk}", from_status=from_status, to_status=message.status
            )
    MessageStatusChange.objects.bulk_create(
        MessageStatusChange(
            message=message,
            from_status=from_status,
            to_status=message.status,
            changed_at=at,
            actor_label="worker",
            reason=message.last_error[:255] if message.status != MessageStatus.SENT else "",
        )
        for message in messages
    )


def messages_sweep(*, now=None) -> list[int]:
    """Hand messages that a lost task or a killed worker left behind to a worker again."""
    from notifications.tasks import message_send_task

    stuck_before = (now or timezone.now()) - STUCK_AFTER
    with transaction.atomic():
        stuck = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status__in=(MessageStatus.QUEUED, MessageStatus.SENDING), updated_at__lt=stuck_before)
            .filter(Q(send_after__isnull=True) | Q(send_after__lte=stuck_before))[:1000]
        )
        for message in stuck:
            if message.status == MessageStatus.SENDING:
                status_transition(
                    instance=message,
                    to_status=MessageStatus.QUEUED,
                    transitions=MESSAGE_TRANSITIONS,
                    actor_label="sweeper",
                    reason="no result from the worker",
                )
            else:
                message.save(update_fields=["updated_at"])  # not swept again before the task had its chance
            transaction.on_commit(lambda message_id=message.pk: message_send_task.delay(message_id))
    return [message.pk for message in stuck]


# What a provider's tracking event means for the message (anymail's normalised event types).
TRACKING_STATUS = {"delivered": MessageStatus.DELIVERED, "bounced": MessageStatus.BOUNCED}
SUPPRESSING_EVENTS = {"bounced": SuppressionReason.HARD_BOUNCE, "complained": SuppressionReason.COMPLAINT}


def message_tracking_record(
    *, provider_message_id: str, event_type: str, recipient: str = "", detail: str = "", at=None
) -> Message | None:
    """Apply a provider's report (delivered, opened, clicked, bounced, complained) to the message it is about.
    Hard bounces and complaints put the address on the suppression list, which every send checks."""
    at = at or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update().filter(provider_message_id=provider_message_id).first()
            if provider_message_id
            else None
        )
        address = (recipient or (message.recipient if message else "")).lower()
        if event_type in SUPPRESSING_EVENTS and address:
            Suppression.objects.get_or_create(
                address=address,
                channel=message.channel if message else Channel.EMAIL,
                defaults={"reason": SUPPRESSING_EVENTS[event_type], "detail": detail[:500]},
            )
        if message is None:
            return None
        if event_type == "delivered" and message.delivered_at is None:
            message.delivered_at = at
            message.save(update_fields=["delivered_at", "updated_at"])
        elif event_type == "opened" and message.opened_at is None:
            message.opened_at = at
            message.save(update_fields=["opened_at", "updated_at"])
        elif event_type == "clicked" and message.clicked_at is None:
            message.clicked_at = at
            message.save(update_fields=["clicked_at", "updated_at"])
        to_status = TRACKING_STATUS.get(event_type)
        if to_status and to_status in MESSAGE_TRANSITIONS.get(message.status, frozenset()):
            status_transition(
                instance=message,
                to_status=to_status,
                transitions=MESSAGE_TRANSITIONS,
                actor_label="provider",
                reason=detail[:255],
                at=at,
            )
    return message


def messages_due_send(*, now=None) -> list[int]:
    """Hand delayed messages that have come due to a worker (each once: the row is touched)."""
    from notifications.tasks import message_send_task

    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=MessageStatus.QUEUED, send_after__lte=now, updated_at__lt=F("send_after"))
            .values_list("pk", flat=True)[:1000]
        )
        Message.objects.filter(pk__in=due).update(updated_at=now)
        for message_id in due:
            transaction.on_commit(lambda message_id=message_id: message_send_task.delay(message_id))
    return due
