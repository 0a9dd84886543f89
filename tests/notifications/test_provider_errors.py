"""A real anymail backend (Postmark's) against a local fake of the provider's HTTP API."""

import pytest

from notifications.models import MessageStatus
from notifications.services import MessageSendFailed, message_send, order_confirmation_queue
from tests.factories import OrderLineFactory
from tests.fake_servers import FakeProvider, fake_provider_server

pytestmark = pytest.mark.django_db

ACCEPTED = {
    "To": "kunde@example.com",
    "SubmittedAt": "2026-11-22T10:00:00Z",
    "MessageID": "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
    "ErrorCode": 0,
    "Message": "OK",
}


@pytest.fixture
def postmark(settings):
    provider = FakeProvider(default=(200, ACCEPTED))
    server = fake_provider_server(provider)
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test-token", "POSTMARK_API_URL": provider.url}
    yield provider
    server.shutdown()


@pytest.fixture
def message():
    line = OrderLineFactory(
        order__email="kunde@example.com", order__customer=None, order__billing_first_name="Ida"
    )
    message, _ = order_confirmation_queue(order=line.order)
    return message


def test_the_provider_gets_the_email_and_its_message_id_is_kept(postmark, message):
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    sent = postmark.requests[0].json()
    assert postmark.requests[0].headers["X-Postmark-Server-Token"] == "test-token"
    assert sent["To"] == "kunde@example.com"
    assert sent["Subject"].startswith("Danke für deine Bestellung")
    assert "Hallo Ida," in sent["TextBody"]
    message.refresh_from_db()
    assert message.provider_message_id == ACCEPTED["MessageID"]


def test_a_provider_5xx_is_retried_and_then_succeeds(postmark, message):
    postmark.responses = [(503, {"ErrorCode": 0, "Message": "Service unavailable"})]
    with pytest.raises(MessageSendFailed):
        message_send(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.last_error.startswith("HTTP 503")
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.last_error == ""


def test_a_provider_4xx_fails_at_once_with_its_reason(postmark, message):
    postmark.responses = [(401, {"ErrorCode": 10, "Message": "Bad or missing Server API token."})]
    assert message_send(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.last_error.startswith("HTTP 401")
    assert "Bad or missing Server API token" in message.last_error
    assert len(postmark.requests) == 1


def test_the_direct_connection_backend_sends_the_same_email(postmark, message, settings):
    settings.EMAIL_BACKEND = "notifications.email_backends.PostmarkEmailBackend"
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    assert postmark.requests[0].json()["To"] == "kunde@example.com"
