"""SMS and WhatsApp through the same outbox: a file by default, Twilio's API (a local fake) when configured."""

import json
from urllib.parse import parse_qs

import pytest

from notifications.models import Channel, MessageStatus
from notifications.payloads import order_message_payload
from notifications.services import MessageSendFailed, message_queue, message_send
from tests.factories import OrderLineFactory
from tests.fake_servers import FakeProvider, fake_provider_server

pytestmark = pytest.mark.django_db


def queue_text(order, channel):
    message, _ = message_queue(
        template_key="order_confirmation",
        recipient="+491701234567",
        language="de",
        payload=order_message_payload(order=order, language="de"),
        idempotency_key=f"order_confirmation:{channel}:{order.pk}",
        order=order,
        channel=channel,
    )
    return message


@pytest.fixture
def order():
    return OrderLineFactory(order__customer__first_name="Nele").order


def test_by_default_a_text_message_is_written_to_a_file(order, settings, tmp_path):
    settings.TEXT_MESSAGE_FILE_PATH = tmp_path
    message = queue_text(order, Channel.SMS)
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    [line] = (tmp_path / "sms.jsonl").read_text().splitlines()
    written = json.loads(line)
    assert written["to"] == "+491701234567"
    assert written["text"].startswith(f"Nordlicht Haus: Danke für deine Bestellung {order.number}, Nele!")
    message.refresh_from_db()
    assert message.provider_message_id == written["id"]


@pytest.fixture
def twilio(settings):
    provider = FakeProvider(default=(201, {"sid": "SM0123456789abcdef", "status": "queued"}))
    server = fake_provider_server(provider)
    settings.TEXT_MESSAGE_BACKEND = "notifications.channels.TwilioBackend"
    settings.TWILIO_API_URL = provider.url
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_SMS_FROM = "+4930123456"
    settings.TWILIO_WHATSAPP_FROM = "+4930999999"
    yield provider
    server.shutdown()


def test_whatsapp_goes_through_twilio_with_the_whatsapp_prefix(order, twilio):
    message = queue_text(order, Channel.WHATSAPP)
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    request = twilio.requests[0]
    assert request.path == "/2010-04-01/Accounts/AC123/Messages.json"
    form = parse_qs(request.body.decode())
    assert form["To"] == ["whatsapp:+491701234567"]
    assert form["From"] == ["whatsapp:+4930999999"]
    assert order.number in form["Body"][0]
    message.refresh_from_db()
    assert message.provider_message_id == "SM0123456789abcdef"


def test_a_twilio_5xx_is_retried_and_a_4xx_fails_with_its_reason(order, twilio):
    twilio.responses = [
        (500, {"code": 20500, "message": "Internal Server Error"}),
        (400, {"code": 21211, "message": "The 'To' number +491701234567 is not a valid phone number."}),
    ]
    message = queue_text(order, Channel.SMS)
    with pytest.raises(MessageSendFailed):
        message_send(message_id=message.pk)
    assert message_send(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    assert message.last_error.startswith("HTTP 400")
    assert "not a valid phone number" in message.last_error
