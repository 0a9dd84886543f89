"""Outbound webhooks: signed like our inbound ones, retried while the receiver is down, never lost."""

import json
import time
from datetime import timedelta
from decimal import Decimal

import pytest

from api.models import WebhookDelivery, WebhookSubscription
from api.services import api_token_create
from api.webhooks import webhook_deliver, webhook_redeliver, webhooks_due_send
from orders.services import OrderLineInput, order_create
from tracking.webhooks import postpurchase_signature_valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(receiver):
    token, _key = api_token_create(name="Shop", scopes={"read"})
    return WebhookSubscription.objects.create(
        token=token, url=receiver.url, events="order.created,return.status_changed", secret="geheim"
    )


def place_order(number="W-1"):
    return order_create(
        number=number,
        email="a@example.com",
        lines=[OrderLineInput(sku="S", name="N", unit_price=Decimal("5"), quantity=1)],
        shipping_address={"first_name": "A", "last_name": "B", "street": "C 1", "postcode": "1", "city": "D"},
    )


def test_an_event_is_delivered_signed_once(subscription, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        place_order()
    delivery = WebhookDelivery.objects.get()
    assert enqueued  # sent by a worker after commit
    assert webhook_deliver(delivery_id=delivery.pk) == "delivered"
    assert webhook_deliver(delivery_id=delivery.pk) == "skipped"  # a repeated task sends nothing more
    [request] = receiver.requests
    body = request.body
    assert json.loads(body)["data"]["number"] == "W-1"
    assert request.headers["X-Postpurchase-Event"] == "order.created"
    assert postpurchase_signature_valid(
        header=request.headers["X-Postpurchase-Signature"], body=body, secrets=["geheim"], now=time.time()
    )


def test_a_receiver_that_is_down_gets_it_later_and_staff_can_send_again(
    subscription, receiver, django_capture_on_commit_callbacks
):
    receiver.responses = [(503, {"error": "down"})]
    place_order()
    delivery = WebhookDelivery.objects.get()
    assert webhook_deliver(delivery_id=delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.response_code) == (1, 503) and delivery.next_attempt_at
    with django_capture_on_commit_callbacks(execute=False):
        assert webhooks_due_send(now=delivery.next_attempt_at + timedelta(seconds=1)) == [delivery.pk]
    assert webhook_deliver(delivery_id=delivery.pk) == "delivered"
    with django_capture_on_commit_callbacks(execute=False):
        webhook_redeliver(delivery=delivery)
    assert webhook_deliver(delivery_id=delivery.pk) == "delivered"
    assert len(receiver.requests) == 3


def test_only_subscribed_events_are_sent(receiver):
    token, _key = api_token_create(name="Other", scopes={"read"})
    WebhookSubscription.objects.create(token=token, url=receiver.url, events="shipment.delayed", secret="x")
    place_order("W-2")
    assert not WebhookDelivery.objects.exists()
