"""Marketing needs double opt-in; every marketing email can be unsubscribed from in one click, without login."""

import re

import pytest
from django.core import mail
from django.test import Client

from notifications.models import ConsentStatus, MarketingConsent, MessageStatus
from notifications.payloads import order_message_payload
from notifications.services import message_queue, message_send
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.django_db


def queue_thank_you(order, suffix=""):
    message, _ = message_queue(
        template_key="thank_you_note",
        recipient=order.email,
        language="de",
        payload=order_message_payload(order=order, language="de"),
        idempotency_key=f"thank_you:{order.pk}{suffix}",
        order=order,
    )
    return message


@pytest.fixture
def order():
    return OrderLineFactory(order__email="mara@example.com", order__customer__first_name="Mara").order


def test_marketing_without_consent_is_not_sent(order):
    message = queue_thank_you(order)
    assert message_send(message_id=message.pk) == MessageStatus.SUPPRESSED
    message.refresh_from_db()
    assert (
        message.status_changes.last().reason == "no confirmed marketing consent for this address and channel"
    )
    assert mail.outbox == []


def test_double_opt_in_then_one_click_unsubscribe(order):
    from notifications.consent import marketing_consent_request

    marketing_consent_request(address="Mara@Example.com", language="de", source="Mein Konto")
    confirmation = mail.outbox  # the confirmation request goes through the outbox like any message
    from notifications.models import Message

    request_message = Message.objects.get(template_key="consent_confirm")
    message_send(message_id=request_message.pk)
    assert MarketingConsent.objects.get().status == ConsentStatus.PENDING
    link = re.search(r"(/consent/confirm/\S+/)", confirmation[0].body).group(1)
    assert Client().get(link).status_code == 200
    consent = MarketingConsent.objects.get()
    assert (
        consent.status == ConsentStatus.CONFIRMED and consent.confirmed_at and consent.source == "Mein Konto"
    )

    message = queue_thank_you(order)
    assert message_send(message_id=message.pk) == MessageStatus.SENT
    email = mail.outbox[-1]
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = email.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")
    assert unsubscribe in email.body  # and in the text for people, too

    # What a mail client does for RFC 8058: a POST without cookies or CSRF token.
    response = Client(enforce_csrf_checks=True).post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.WITHDRAWN and consent.withdrawn_at
    later = queue_thank_you(order, suffix=":later")
    assert message_send(message_id=later.pk) == MessageStatus.SUPPRESSED


def test_a_transactional_email_carries_no_unsubscribe_header(order):
    from notifications.services import order_confirmation_queue

    message, _ = order_confirmation_queue(order=order)
    message_send(message_id=message.pk)
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_tampered_unsubscribe_link_changes_nothing(order):
    from notifications.consent import unsubscribe_url

    MarketingConsent.objects.create(
        address="mara@example.com", status=ConsentStatus.CONFIRMED, requested_at="2026-01-01T00:00Z"
    )
    url = unsubscribe_url(address="mara@example.com").removeprefix("http://127.0.0.1:8000")
    tampered = url.replace("mara", "anna") if "mara" in url else url[:-3] + "xx/"
    assert Client().post(tampered).status_code == 404
    assert MarketingConsent.objects.get().status == ConsentStatus.CONFIRMED
    assert Client().get(url).status_code == 200  # a link scanner's GET unsubscribes nobody
    assert MarketingConsent.objects.get().status == ConsentStatus.CONFIRMED
