"""A worker killed with SIGKILL in the middle of sending loses no message: the sweeper hands it to the next
worker. (Whether the provider saw the first attempt is unknowable; that case may send twice.)"""

from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import MessageStatus
from notifications.services import messages_sweep, order_confirmation_queue
from tests.celery_worker import celery_worker, kill_worker, wait_for
from tests.factories import OrderLineFactory
from tests.fake_servers import FakeProvider, fake_provider_server

pytestmark = pytest.mark.slow

ACCEPTED = {"To": "kunde@example.com", "MessageID": "pm-1", "ErrorCode": 0, "Message": "OK"}


@pytest.mark.django_db(transaction=True)
def test_a_message_survives_a_worker_killed_while_sending(tmp_path):
    provider = FakeProvider(default=(200, ACCEPTED), delay_seconds=30)  # the first attempt hangs
    server = fake_provider_server(provider)
    postmark = {
        "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-token",
        "ANYMAIL_POSTMARK_API_URL": provider.url,
    }
    order = OrderLineFactory(order__email="kunde@example.com").order
    log = tmp_path / "worker.log"
    try:
        with celery_worker(mail_dir=tmp_path, log_path=log, extra_env=postmark) as worker:
            message, _ = order_confirmation_queue(order=order)

            def sending():
                message.refresh_from_db()
                return message.status == MessageStatus.SENDING and provider.requests

            wait_for(sending, timeout=90, log_path=log)
            kill_worker(worker)

        message.refresh_from_db()
        assert message.status == MessageStatus.SENDING  # stuck: nobody will answer for it

        provider.delay_seconds = 0
        # Ten minutes later, beat's sweeper finds it and hands it to a worker again.
        swept = messages_sweep(now=timezone.now() + timedelta(minutes=11))
        assert swept == [message.pk]
        with celery_worker(mail_dir=tmp_path, log_path=tmp_path / "worker2.log", extra_env=postmark):

            def sent():
                message.refresh_from_db()
                return message.status == MessageStatus.SENT

            wait_for(sent, timeout=90, log_path=tmp_path / "worker2.log")
    finally:
        server.shutdown()
    assert message.provider_message_id == "pm-1"
    assert message.attempts == 2
    assert len(provider.requests) == 2
    history = list(message.status_changes.values_list("to_status", "actor_label"))
    assert ("queued", "sweeper") in history
    assert history[-1] == ("sent", "worker")
