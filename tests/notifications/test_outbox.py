"""The outbox: a message is written with the event, sent after commit, once, and retried when sending fails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications.models import Message, MessageStatus
from notifications.services import (
    MAX_ATTEMPTS,
    MessageSendFailed,
    message_send,
    messages_sweep,
    order_confirmation_queue,
)
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderLineFactory(order__customer__first_name="Jonas", order__customer__language="de").order


def test_the_send_task_is_enqueued_only_after_commit(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message, created = order_confirmation_queue(order=order)
        assert created
    assert len(callbacks) == 1
    assert message.status == MessageStatus.QUEUED


def test_a_rolled_back_order_leaves_no_message_and_enqueues_nothing(
    order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        order_confirmation_queue(order=order)
        raise RuntimeError("checkout failed after the message was written")
    assert callbacks == []
    assert not Message.objects.exists()


def test_the_same_event_twice_is_one_message(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first, _ = order_confirmation_queue(order=order)
        second, created = order_confirmation_queue(order=order)
    assert not created
    assert first.pk == second.pk
    assert len(callbacks) == 1


def test_sending_renders_the_personal_german_email_and_records_it(order):
    message, _ = order_confirmation_queue(order=order)
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    assert message_send(message_id=message.pk) == MessageStatus.SENT  # a repeated task sends nothing more
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == f"Danke für deine Bestellung {order.number}"
    assert email.body.startswith("Hallo Jonas,")
    assert email.alternatives[0].mimetype == "text/html"
    message.refresh_from_db()
    assert message.subject == email.subject
    assert message.sent_at is not None
    assert message.attempts == 1


def test_an_english_customer_gets_english(order):
    order.customer.language = "en"
    order.customer.save()
    message, _ = order_confirmation_queue(order=order)
    message_send(message_id=message.pk)
    assert mail.outbox[0].subject == f"Thank you for your order {order.number}"
    assert "€" in mail.outbox[0].body


def test_a_failing_provider_is_retried_then_the_message_fails_with_its_reason(order, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    message, _ = order_confirmation_queue(order=order)
    for _attempt in range(MAX_ATTEMPTS - 1):
        with pytest.raises(MessageSendFailed):
            message_send(message_id=message.pk)
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED
    assert message_send(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    assert message.attempts == MAX_ATTEMPTS
    assert "Connection refused" in message.last_error or "Errno" in message.last_error


def test_the_sweeper_requeues_a_message_a_killed_worker_left_in_sending(
    order, django_capture_on_commit_callbacks
):
    message, _ = order_confirmation_queue(order=order)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, updated_at=timezone.now() - timedelta(minutes=30)
    )
    fresh, _ = order_confirmation_queue(order=OrderLineFactory().order)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        swept = messages_sweep()
    assert swept == [message.pk]
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.status_changes.last().actor_label == "sweeper"
    fresh.refresh_from_db()
    assert fresh.status == MessageStatus.QUEUED
