"""An integration manages its own webhook subscriptions; it never sees another integration's."""

import time

import pytest

from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks import webhook_deliver
from tests.api.conftest import api_client
from tests.api.test_orders_api import ORDER
from tracking.webhooks import postpurchase_signature_valid

pytestmark = pytest.mark.django_db


def test_a_subscription_made_through_the_api_receives_signed_events(shop, receiver):
    created = shop.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "events": ["order.created", "order.cancelled"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("whsec_") and created.json()["events"] == ["order.cancelled", "order.created"]
    subscription_id = created.json()["id"]
    assert "secret" not in shop.get(f"/api/v1/webhooks/{subscription_id}/").json()  # shown once only
    shop.post("/api/v1/orders/", ORDER, format="json")
    delivery = WebhookDelivery.objects.get(subscription_id=subscription_id)
    assert webhook_deliver(delivery_id=delivery.pk) == "delivered"
    [request] = receiver.requests
    assert postpurchase_signature_valid(
        header=request.headers["X-Postpurchase-Signature"],
        body=request.body,
        secrets=[secret],
        now=time.time(),
    )


def test_a_subscription_is_changed_paused_and_deleted(shop):
    created = shop.post(
        "/api/v1/webhooks/", {"url": "https://shop.example/hooks", "events": ["order.created"]}, format="json"
    ).json()
    url = f"/api/v1/webhooks/{created['id']}/"
    paused = shop.patch(url, {"is_active": False, "events": ["return.status_changed"]}, format="json")
    assert paused.status_code == 200
    assert paused.json()["is_active"] is False and paused.json()["events"] == ["return.status_changed"]
    shop.post("/api/v1/orders/", ORDER, format="json")
    assert not WebhookDelivery.objects.exists()  # paused and no longer subscribed to orders
    assert [item["id"] for item in shop.get("/api/v1/webhooks/").json()] == [created["id"]]
    assert shop.delete(url).status_code == 204
    assert shop.get(url).status_code == 404 and not WebhookSubscription.objects.exists()


def test_bad_subscriptions_are_refused_field_by_field(shop):
    bad = shop.post(
        "/api/v1/webhooks/", {"url": "ftp://x.example/", "events": ["order.eaten"]}, format="json"
    )
    assert bad.status_code == 400
    assert {error["field"] for error in bad.json()["errors"]} == {"url", "events.0"}
    missing = shop.post("/api/v1/webhooks/", {"url": "https://x.example/"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "events"
    assert not WebhookSubscription.objects.exists()


def test_another_integrations_subscription_is_a_404(shop):
    other = api_client(name="Other")
    theirs = other.post(
        "/api/v1/webhooks/", {"url": "https://other.example/", "events": ["order.created"]}, format="json"
    ).json()
    assert shop.get(f"/api/v1/webhooks/{theirs['id']}/").status_code == 404
    assert (
        shop.patch(f"/api/v1/webhooks/{theirs['id']}/", {"is_active": False}, format="json").status_code
        == 404
    )
    assert shop.delete(f"/api/v1/webhooks/{theirs['id']}/").status_code == 404
    assert shop.get("/api/v1/webhooks/").json() == []
    assert WebhookSubscription.objects.get(pk=theirs["id"]).is_active


def test_staff_set_up_a_subscription_in_the_admin_with_known_events_and_a_made_secret(admin_client, shop):
    url = "/admin/api/webhooksubscription/add/"
    form = {"token": shop.token.pk, "url": "https://shop.example/hooks", "secret": "", "is_active": "on"}
    wrong = admin_client.post(url, {**form, "events": "order.created, order.eaten"})
    assert wrong.status_code == 200 and "order.eaten" not in str(WebhookSubscription.objects.all())
    assert not WebhookSubscription.objects.exists()
    assert (
        admin_client.post(url, {**form, "events": "order.created, return.status_changed"}).status_code == 302
    )
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == "order.created,return.status_changed"
    assert subscription.secret.startswith("whsec_") and len(subscription.secret) > 40
