"""A real Celery worker process takes a queued message from the broker and sends it."""

import os
from email import message_from_bytes, policy

import pytest
from django.conf import settings

from notifications.models import Message, MessageStatus
from notifications.services import order_confirmation_queue
from tests.celery_worker import celery_worker, wait_for
from tests.conftest import REQUIRE_SERVICES
from tests.factories import OrderLineFactory

pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_order_confirmation(tmp_path):
    if REQUIRE_SERVICES:
        assert settings.CELERY_BROKER_URL.startswith("redis://"), "CI must run this test on Redis"
    line = OrderLineFactory(order__customer__first_name="Lena", product_name="Wanderrucksack Fjell 30")
    order = line.order
    mail_dir = tmp_path / "mail"
    log_path = tmp_path / "worker.log"

    with celery_worker(mail_dir=mail_dir, log_path=log_path):
        message, created = order_confirmation_queue(order=order)  # committed at once: no outer transaction
        assert created

        def sent():
            message.refresh_from_db()
            return message.status == MessageStatus.SENT

        wait_for(sent, timeout=90, log_path=log_path)

    files = list(mail_dir.glob("*.log"))
    assert len(files) == 1
    email = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert email["To"] == order.email
    assert email["Subject"] == f"Danke für deine Bestellung {order.number}"
    text = email.get_body(preferencelist=("plain",)).get_content()
    assert "Hallo Lena" in text
    assert "Wanderrucksack Fjell 30" in text
    assert email.get_body(preferencelist=("html",)) is not None
    assert message.provider_message_id
    assert list(message.status_changes.values_list("to_status", flat=True)) == ["queued", "sending", "sent"]
    assert Message.objects.count() == 1


@pytest.mark.redis
def test_the_broker_is_redis_when_redis_url_is_set():
    """With REDIS_URL set (as in CI) the worker test above runs on Redis, not on the filesystem broker."""
    assert settings.CELERY_BROKER_URL == os.environ["REDIS_URL"]
