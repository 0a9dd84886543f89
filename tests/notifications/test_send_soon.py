"""Queued messages go to the worker in batches: a burst of orders asks for one task, which sends every message
waiting for its first attempt and leaves alone those waiting for a retry or for their time."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Message, MessageStatus
from notifications.services import message_queue, messages_send_pending, order_confirmation_queue
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch):
    calls = []
    monkeypatch.setattr(
        tasks.messages_send_pending_task, "apply_async", lambda **kwargs: calls.append(kwargs)
    )
    monkeypatch.setattr(services, "_send_asked_at", -10.0)
    return calls


def test_a_burst_of_confirmations_asks_the_worker_once_and_the_task_sends_them_all(
    asked, django_capture_on_commit_callbacks
):
    orders = [OrderLineFactory().order for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for order in orders:
            order_confirmation_queue(order=order)
    assert len(callbacks) == 3  # each message asks after commit...
    assert asked == [{"countdown": services.SEND_SOON_SECONDS}]  # ...and one task is asked for

    assert messages_send_pending() == {MessageStatus.SENT: 3}  # what the task does
    assert sorted(email.to[0] for email in mail.outbox) == sorted(order.email for order in orders)
    assert messages_send_pending() == {}  # nothing left: running again sends nothing


def test_messages_waiting_for_a_retry_or_for_their_time_are_left_to_their_own_tasks(asked):
    order = OrderLineFactory().order

    def queued(key, **fields):
        message, _ = message_queue(
            template_key="order_confirmation",
            recipient=order.email,
            language="de",
            payload={},
            idempotency_key=key,
            order=order,
            send_after=fields.pop("send_after", None),
        )
        Message.objects.filter(pk=message.pk).update(**fields)
        return message

    retrying = queued("retry", attempts=1, last_error="HTTP 503")
    later = queued("later", send_after=timezone.now() + timedelta(hours=2))
    assert messages_send_pending() == {}
    assert mail.outbox == []
    assert set(Message.objects.filter(pk__in=[retrying.pk, later.pk]).values_list("status", flat=True)) == {
        MessageStatus.QUEUED
    }
