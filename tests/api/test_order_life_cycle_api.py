"""A shop runs an order's whole life through the API, as docs/api.md describes it: catalogue and customer by
its own ids, the order, its parcel and scans, the customer's return worked by the shop, and the webhooks that
tell the shop about each change."""

from decimal import Decimal

import pytest

from api.models import WebhookDelivery
from notifications.models import Message
from orders.models import Order
from returns.models import ReturnPolicy, ReturnReason
from returns.services import ReturnLineRequest, return_request_create

pytestmark = pytest.mark.django_db


def test_an_order_lives_its_whole_life_through_the_api(shop, django_capture_on_commit_callbacks):
    ReturnPolicy.objects.all().delete()
    ReturnPolicy.objects.create(window_days=30, auto_approve=False, free_return_shipping=True)
    hooks = shop.post(
        "/api/v1/webhooks/",
        {
            "url": "https://shop.example/postpurchase",
            "events": [
                "order.created",
                "order.updated",
                "shipment.status_changed",
                "return.status_changed",
            ],
        },
        format="json",
    )
    assert hooks.status_code == 201
    product = {"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "price": "24.90"}
    assert shop.put("/api/v1/products/4711/", product, format="json").status_code == 201
    customer = {"email": "kim@example.com", "first_name": "Kim", "last_name": "Berg"}
    assert shop.put("/api/v1/customers/K-1/", customer, format="json").status_code == 201
    address = {
        "first_name": "Kim",
        "last_name": "Berg",
        "street": "Lindenallee 2",
        "postcode": "10115",
        "city": "Berlin",
    }
    order = {
        "external_id": "9001",
        "customer": "K-1",
        "email": "kim@example.com",
        "shipping_address": address,
        "lines": [{"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.90", "quantity": 2}],
    }
    created = shop.post("/api/v1/orders/", order, format="json", HTTP_IDEMPOTENCY_KEY="order-9001")
    assert created.status_code == 201, created.content
    number, line_id = created.json()["number"], created.json()["lines"][0]["id"]
    assert Message.objects.filter(
        order__number=number, template_key__startswith="order_confirmation"
    ).exists()
    assert (
        shop.patch(
            f"/api/v1/orders/{number}/", {"payment_method_detail": "Visa •••• 4242"}, format="json"
        ).status_code
        == 200
    )

    parcel = shop.post(
        f"/api/v1/orders/{number}/shipments/",
        {
            "carrier": "dhl_paket",
            "tracking_number": "00340434161094042557",
            "lines": [{"line_id": line_id, "quantity": 2}],
        },
        format="json",
    )
    assert parcel.status_code == 201, parcel.content
    for status, when in (
        ("in_transit", "2026-11-20T08:15:00+01:00"),
        ("delivered", "2026-11-21T11:02:00+01:00"),
    ):
        scan = {"occurred_at": when, "status": status, "location": "Berlin"}
        with django_capture_on_commit_callbacks(execute=True):  # parcel news goes out after the commit
            answer = shop.post(
                f"/api/v1/shipments/{parcel.json()['id']}/events/", {"events": [scan]}, format="json"
            )
        assert answer.status_code == 200, answer.content
    assert shop.get("/api/v1/orders/by-external-id/9001/").json()["status"] == "delivered"

    # The customer opens a return in Mein Konto; the shop's warehouse works it through the API.
    reason = ReturnReason.objects.get_or_create(code="too_small", defaults={"label": "Zu klein"})[0]
    return_request = return_request_create(
        order=Order.objects.get(number=number),
        lines=[ReturnLineRequest(order_line_id=line_id, quantity=1, reason=reason)],
    )
    listed = shop.get("/api/v1/returns/", {"status": "requested"}).json()["results"]
    assert [item["number"] for item in listed] == [return_request.number]
    for step in ("approve", "issue_label", "receive", "refund"):
        answer = shop.post(
            f"/api/v1/returns/{return_request.number}/actions/", {"action": step}, format="json"
        )
        assert answer.status_code == 200, (step, answer.content)
    assert answer.json()["status"] == "refunded" and answer.json()["refund_amount"] == "24.90"

    events = list(WebhookDelivery.objects.order_by("id").values_list("event", flat=True))
    assert events[:2] == ["order.created", "order.updated"]
    assert events.count("shipment.status_changed") == 2
    # approved, label issued, in transit and received (booked at the warehouse), refunded
    assert events.count("return.status_changed") == 5
    assert Decimal(shop.get(f"/api/v1/orders/{number}/").json()["grand_total"]) == Decimal("49.80")
