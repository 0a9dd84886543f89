"""Per event, the shop decides: enabled, channels, and an optional delay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import EventSetting, Message, MessageStatus
from notifications.services import event_notify, message_send, messages_due_send
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    return OrderLineFactory(order__customer__phone="+491701112233").order


def test_without_a_setting_an_event_is_one_email(order):
    [(message, created)] = event_notify(event="order_placed", order=order)
    assert created and message.channel == "email" and message.recipient == order.email


def test_a_disabled_event_sends_nothing(order):
    EventSetting.objects.create(event="order_placed", enabled=False)
    assert event_notify(event="order_placed", order=order) == []
    assert not Message.objects.exists()


def test_the_chosen_channels_each_get_a_message(order):
    EventSetting.objects.create(event="order_placed", send_email=True, send_sms=True, send_whatsapp=True)
    queued = event_notify(event="order_placed", order=order)
    assert sorted((m.channel, m.recipient) for m, _ in queued) == [
        ("email", order.email),
        ("sms", "+491701112233"),
        ("whatsapp", "+491701112233"),
    ]


def test_a_text_channel_is_skipped_for_a_customer_without_a_phone_number(order):
    order.customer.phone = ""
    order.customer.save()
    EventSetting.objects.create(event="order_placed", send_email=False, send_sms=True)
    assert event_notify(event="order_placed", order=order) == []


def test_a_delayed_message_waits_for_its_time_and_is_then_handed_over_once(
    order, django_capture_on_commit_callbacks
):
    EventSetting.objects.create(event="order_placed", delay_minutes=120)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        [(message, _)] = event_notify(event="order_placed", order=order)
    assert callbacks, "the commit hook runs, but a two-hour wait is not a broker countdown"
    assert message.send_after > timezone.now() + timedelta(minutes=119)
    assert message_send(message_id=message.pk) == MessageStatus.QUEUED  # too early: nothing sent
    assert messages_due_send() == []

    later = message.send_after + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        assert messages_due_send(now=later) == [message.pk]
    assert len(enqueued) == 1
    with django_capture_on_commit_callbacks(execute=False):
        assert messages_due_send(now=later + timedelta(minutes=1)) == []
