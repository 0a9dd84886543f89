"""Bulk sends go in batches: each message still ends as it would alone."""

import pytest

from notifications.models import Message, Suppression
from notifications.payloads import order_message_payload
from notifications.services import message_queue, messages_send
from tests.factories import OrderLineFactory
from tests.fake_servers import FakeProvider, fake_provider_server

pytestmark = pytest.mark.django_db

ACCEPTED = {"To": "x@example.com", "MessageID": "pm-ok", "ErrorCode": 0, "Message": "OK"}


@pytest.fixture
def postmark(settings):
    provider = FakeProvider(default=(200, ACCEPTED))
    server = fake_provider_server(provider)
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "t", "POSTMARK_API_URL": provider.url}
    yield provider
    server.shutdown()


def queue(order, index):
    message, _ = message_queue(
        template_key="order_confirmation",
        recipient=f"kunde{index}@example.com",
        language="de",
        payload=order_message_payload(order=order, language="de"),
        idempotency_key=f"bulk:{index}",
        order=order,
    )
    return message


def test_a_batch_sends_each_message_once_and_records_each_outcome(
    postmark, django_capture_on_commit_callbacks
):
    order = OrderLineFactory().order
    messages = [queue(order, index) for index in range(6)]
    Suppression.objects.create(address="kunde1@example.com", reason="hard_bounce")
    postmark.responses = [
        (200, ACCEPTED),
        (503, {"ErrorCode": 0, "Message": "busy"}),  # kunde2: retried later
        (400, {"ErrorCode": 300, "Message": "Invalid 'To' address"}),  # kunde3: fails for good
    ]
    with django_capture_on_commit_callbacks(execute=False) as retries:
        outcome = messages_send(message_ids=[m.pk for m in messages])
    assert outcome == {"sent": 3, "suppressed": 1, "queued": 1, "failed": 1}
    assert len(postmark.requests) == 5  # the suppressed address was not handed over
    status = dict(Message.objects.values_list("recipient", "status"))
    assert status == {
        "kunde0@example.com": "sent",
        "kunde1@example.com": "suppressed",
        "kunde2@example.com": "queued",
        "kunde3@example.com": "failed",
        "kunde4@example.com": "sent",
        "kunde5@example.com": "sent",
    }
    assert len(retries) == 1  # one retry scheduled, with a countdown
    failed = Message.objects.get(recipient="kunde3@example.com")
    assert "Invalid 'To' address" in failed.last_error
    assert list(failed.status_changes.values_list("to_status", flat=True)) == ["queued", "sending", "failed"]
    sent = Message.objects.get(recipient="kunde4@example.com")
    assert sent.subject.startswith("Danke für deine Bestellung") and sent.provider_message_id == "pm-ok"

    assert messages_send(message_ids=[m.pk for m in messages if m.recipient != "kunde2@example.com"]) == {}
    assert len(postmark.requests) == 5  # a repeated batch sends nothing again
