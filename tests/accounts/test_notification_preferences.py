"""Customers choose marketing messages per channel in Mein Konto: on means double opt-in, off means off."""

import re

import pytest
from django.core import mail

from notifications.models import ConsentStatus, MarketingConsent, Message
from notifications.services import message_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client):
    user = UserFactory(email="frieda@example.com", language="de")
    client.force_login(user)
    return user


def save(client, **fields):
    return client.post("/account/settings/", {"form": "notifications", **fields})


def test_switching_email_on_starts_a_double_opt_in_and_the_link_confirms_it(client, customer):
    assert save(client, email="on").status_code == 302
    consent = MarketingConsent.objects.get(address="frieda@example.com", channel="email")
    assert consent.status == ConsentStatus.PENDING and consent.source == "Mein Konto"
    message_send(message_id=Message.objects.get(template_key="consent_confirm").pk)
    link = re.search(r"(/consent/confirm/\S+/)", mail.outbox[0].body).group(1)
    client.get(link)
    consent.refresh_from_db()
    assert consent.status == ConsentStatus.CONFIRMED
    assert "angemeldet und bestätigt" in client.get("/account/settings/").content.decode()


def test_switching_off_withdraws_at_once(client, customer):
    MarketingConsent.objects.create(
        address="frieda@example.com", status=ConsentStatus.CONFIRMED, requested_at="2026-01-01T00:00Z"
    )
    save(client)  # every box unticked
    assert MarketingConsent.objects.get().status == ConsentStatus.WITHDRAWN


def test_sms_needs_a_valid_phone_number_and_confirms_by_sms(client, customer, settings, tmp_path):
    response = save(client, sms="on")
    assert "Handynummer" in response.content.decode()
    assert not MarketingConsent.objects.exists()
    response = save(client, sms="on", phone="0170 123")
    assert "international" in response.content.decode()
    save(client, sms="on", phone="+49 170 1234567")
    customer.refresh_from_db()
    assert customer.phone == "+491701234567"
    request = Message.objects.get(template_key="consent_confirm")
    assert (request.channel, request.recipient) == ("sms", "+491701234567")
    settings.TEXT_MESSAGE_FILE_PATH = tmp_path
    message_send(message_id=request.pk)
    assert "/consent/confirm/" in (tmp_path / "sms.jsonl").read_text()
