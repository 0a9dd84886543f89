"""The shop's message settings and confirmation rules are kept per process for a few seconds: a change made in
the admin takes effect with the next order, and every other process sees it within ``SETTINGS_TTL``."""

import pytest

from notifications import selectors
from notifications.models import ConfirmationRule, EventSetting, Message
from notifications.services import order_confirmation_queue
from tests.factories import OrderLineFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    client.force_login(StaffFactory(email="inhaberin@example.com"))
    return client


def confirmation_of(order) -> Message:
    message, _ = order_confirmation_queue(order=order)
    return message


def test_a_rule_changed_in_the_admin_takes_effect_with_the_next_order(owner):
    rule = ConfirmationRule.objects.create(
        position=1, condition="always", variant="order_confirmation_similar"
    )
    assert confirmation_of(OrderLineFactory().order).template_key == "order_confirmation_similar"

    response = owner.post(
        f"/admin/notifications/confirmationrule/{rule.pk}/change/",
        {
            "position": 1,
            "condition": "always",
            "amount": "",
            "variant": "order_confirmation_welcome",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content

    assert confirmation_of(OrderLineFactory().order).template_key == "order_confirmation_welcome"


def test_an_event_setting_added_in_the_admin_takes_effect_with_the_next_order(owner):
    assert confirmation_of(OrderLineFactory().order).send_after is None
    response = owner.post(
        "/admin/notifications/eventsetting/add/",
        {"event": "order_placed", "enabled": "on", "send_email": "on", "delay_minutes": 30},
    )
    assert response.status_code == 302, response.content
    assert EventSetting.objects.filter(event="order_placed", delay_minutes=30).exists()

    assert confirmation_of(OrderLineFactory().order).send_after is not None


def test_a_change_made_by_another_process_is_seen_within_the_ttl(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    rule = ConfirmationRule.objects.create(
        position=1, condition="always", variant="order_confirmation_similar"
    )
    assert confirmation_of(OrderLineFactory().order).template_key == "order_confirmation_similar"

    ConfirmationRule.objects.filter(pk=rule.pk).update(
        variant="order_confirmation_welcome"
    )  # not through here
    clock[0] += selectors.SETTINGS_TTL - 1
    assert confirmation_of(OrderLineFactory().order).template_key == "order_confirmation_similar"
    clock[0] += 2
    assert confirmation_of(OrderLineFactory().order).template_key == "order_confirmation_welcome"
