"""Orders by the shop's id, changed and cancelled through the API, with the rules of the orders service."""

import pytest

from accounts.models import User
from api.models import WebhookDelivery, WebhookSubscription
from orders.models import Order, OrderStatus
from tests.api.conftest import api_client
from tests.api.test_orders_api import ORDER
from tests.factories import OrderLineFactory, ShipmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_order_is_found_by_the_shops_id_and_belongs_to_the_customer_named(shop):
    shop.put("/api/v1/customers/C-77/", {"email": "kim@example.com"}, format="json")
    created = shop.post(
        "/api/v1/orders/", {**ORDER, "external_id": "shopware-5521", "customer": "C-77"}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["customer"] == "C-77"
    read = shop.get("/api/v1/orders/by-external-id/shopware-5521/")
    assert read.status_code == 200 and read.json()["number"] == "SHOP-1001"
    assert read.json()["shipping_address"]["city"] == "Berlin"
    assert Order.objects.get(number="SHOP-1001").customer == User.objects.get(external_id="C-77")
    assert shop.get("/api/v1/orders/by-external-id/shopware-0/").status_code == 404


def test_an_order_for_an_address_with_an_account_lands_in_that_account(shop):
    user = UserFactory(email="kim@example.com")
    assert shop.post("/api/v1/orders/", ORDER, format="json").status_code == 201
    assert Order.objects.get(number="SHOP-1001").customer == user


def test_a_second_order_with_the_same_external_id_or_an_unknown_customer_is_refused(shop):
    assert shop.post("/api/v1/orders/", {**ORDER, "external_id": "X1"}, format="json").status_code == 201
    again = shop.post("/api/v1/orders/", {**ORDER, "number": "SHOP-1002", "external_id": "X1"}, format="json")
    assert again.status_code == 422 and "external id X1" in again.json()["detail"]
    stranger = shop.post(
        "/api/v1/orders/", {**ORDER, "number": "SHOP-1003", "customer": "C-0"}, format="json"
    )
    assert stranger.status_code == 422 and "C-0" in stranger.json()["detail"]
    assert Order.objects.count() == 1


def test_the_delivery_address_changes_until_a_parcel_leaves(shop):
    shop.post("/api/v1/orders/", ORDER, format="json")
    moved = {**ORDER["shipping_address"], "street": "Neue Straße 9", "postcode": "20095", "city": "Hamburg"}
    response = shop.patch("/api/v1/orders/SHOP-1001/", {"shipping_address": moved}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["shipping_address"]["city"] == "Hamburg"
    assert response.json()["billing_address"]["city"] == "Berlin"  # only what was sent changes
    order = Order.objects.get(number="SHOP-1001")
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED)
    late = shop.patch(
        "/api/v1/orders/SHOP-1001/", {"shipping_address": {**moved, "city": "Bremen"}}, format="json"
    )
    assert late.status_code == 422 and "delivery address" in late.json()["detail"]
    assert Order.objects.get(pk=order.pk).shipping_city == "Hamburg"
    email = shop.patch("/api/v1/orders/SHOP-1001/", {"email": "Neu@Example.com"}, format="json")
    assert email.status_code == 200 and email.json()["email"] == "neu@example.com"


def test_bad_changes_are_listed_field_by_field(shop):
    shop.post("/api/v1/orders/", ORDER, format="json")
    empty = shop.patch("/api/v1/orders/SHOP-1001/", {}, format="json")
    assert empty.status_code == 400
    bad = shop.patch(
        "/api/v1/orders/SHOP-1001/",
        {"email": "nope", "shipping_address": {"first_name": "Kim"}},
        format="json",
    )
    assert bad.status_code == 400
    fields = {error["field"] for error in bad.json()["errors"]}
    assert "email" in fields and "shipping_address.street" in fields
    assert shop.patch("/api/v1/orders/NOPE/", {"email": "a@b.de"}, format="json").status_code == 404
    assert Order.objects.get(number="SHOP-1001").email == "kim@example.com"


def test_an_order_is_cancelled_once_with_its_reason_and_subscribers_hear_of_it(shop):
    WebhookSubscription.objects.create(
        token=shop.token, url="http://127.0.0.1:9/", events="order.cancelled,order.updated", secret="s"
    )
    shop.post("/api/v1/orders/", ORDER, format="json")
    noreason = shop.post("/api/v1/orders/SHOP-1001/cancel/", {}, format="json")
    assert noreason.status_code == 400 and noreason.json()["errors"][0]["field"] == "reason"
    response = shop.post("/api/v1/orders/SHOP-1001/cancel/", {"reason": "Kunde hat storniert"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    order = Order.objects.get(number="SHOP-1001")
    change = order.status_changes.latest("id")
    assert (change.from_status, change.to_status, change.reason) == (
        "placed",
        "cancelled",
        "Kunde hat storniert",
    )
    assert change.actor_label == "api:Shop"
    again = shop.post("/api/v1/orders/SHOP-1001/cancel/", {"reason": "nochmal"}, format="json")
    assert again.status_code == 409 and again["Content-Type"] == "application/problem+json"
    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == ["order.cancelled"]
    frozen = shop.patch("/api/v1/orders/SHOP-1001/", {"email": "x@example.com"}, format="json")
    assert frozen.status_code == 422


def test_an_order_with_a_parcel_cannot_be_cancelled(shop):
    line = OrderLineFactory()
    ShipmentFactory(order=line.order)
    response = shop.post(f"/api/v1/orders/{line.order.number}/cancel/", {"reason": "zu spät"}, format="json")
    assert response.status_code == 422 and "parcel" in response.json()["detail"]
    assert Order.objects.get(pk=line.order.pk).status != OrderStatus.CANCELLED


def test_a_read_key_cannot_change_or_cancel():
    reader = api_client(scopes={"read"})
    line = OrderLineFactory()
    assert (
        reader.patch(f"/api/v1/orders/{line.order.number}/", {"email": "a@b.de"}, format="json").status_code
        == 403
    )
    assert (
        reader.post(f"/api/v1/orders/{line.order.number}/cancel/", {"reason": "x"}, format="json").status_code
        == 403
    )
