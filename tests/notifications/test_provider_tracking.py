"""Provider tracking webhooks (Postmark's payloads through anymail) update messages and the suppression list."""

import base64
import json

import pytest
from django.test import Client

from notifications.models import MessageStatus, Suppression
from notifications.services import message_send, order_confirmation_queue
from tests.factories import MessageFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

MESSAGE_ID = "883953f4-6105-42a2-a16a-77a8eac79483"
# Shapes from Postmark's webhook documentation.
DELIVERY = {
    "RecordType": "Delivery",
    "ServerID": 23,
    "MessageStream": "outbound",
    "MessageID": MESSAGE_ID,
    "Recipient": "john@example.com",
    "Tag": "welcome-email",
    "DeliveredAt": "2026-11-05T16:33:54.9070259Z",
    "Details": "Test delivery webhook details",
    "Metadata": {},
}
HARD_BOUNCE = {
    "RecordType": "Bounce",
    "MessageStream": "outbound",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "Test",
    "MessageID": MESSAGE_ID,
    "Metadata": {},
    "ServerID": 23,
    "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
    "Details": "Test bounce details",
    "Email": "john@example.com",
    "From": "sender@example.com",
    "BouncedAt": "2026-11-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Test subject",
}


@pytest.fixture
def webhook(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail:geheim"}
    credentials = base64.b64encode(b"anymail:geheim").decode()

    def post(payload, auth=credentials):
        return Client().post(
            "/anymail/postmark/tracking/",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Basic {auth}",
        )

    return post


def test_a_delivery_report_marks_the_message_delivered(webhook):
    message = MessageFactory(recipient="john@example.com", provider_message_id=MESSAGE_ID)
    assert webhook(DELIVERY).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None


def test_a_hard_bounce_suppresses_the_address_and_the_next_message_is_not_sent(webhook, mailoutbox):
    message = MessageFactory(recipient="john@example.com", provider_message_id=MESSAGE_ID)
    assert webhook(HARD_BOUNCE).status_code == 200
    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED
    suppression = Suppression.objects.get(address="john@example.com")
    assert suppression.reason == "hard_bounce"

    line = OrderLineFactory(order__email="John@Example.com", order__customer=None)
    next_message, _ = order_confirmation_queue(order=line.order)
    assert message_send(message_id=next_message.pk) == MessageStatus.SUPPRESSED
    assert mailoutbox == []


def test_a_webhook_without_the_secret_changes_nothing(webhook):
    message = MessageFactory(recipient="john@example.com", provider_message_id=MESSAGE_ID)
    wrong = base64.b64encode(b"anymail:falsch").decode()
    assert webhook(HARD_BOUNCE, auth=wrong).status_code == 400
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert not Suppression.objects.exists()
