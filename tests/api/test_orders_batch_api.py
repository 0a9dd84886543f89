"""POST /api/v1/orders/batch/: many orders in one request, each created or refused on its own, as the single
POST would."""

import copy
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from api.models import WebhookDelivery, WebhookSubscription
from notifications.models import ConfirmationRule, Message, MessageStatusChange
from orders.models import Order, OrderLine, OrderStatusChange
from orders.services import OrderLineInput, order_create
from tests.api.conftest import api_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Kim",
    "last_name": "Berg",
    "street": "Lindenallee 2",
    "postcode": "10115",
    "city": "Berlin",
}


def order(number: str = "", email: str = "kim@example.com", **changes) -> dict:
    body = {
        "number": number,
        "email": email,
        "shipping_address": ADDRESS,
        "shipping_total": "4.90",
        "lines": [
            {"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.90", "quantity": 2},
            {
                "sku": "NH-BU-7001",
                "name": "Gartenbuch",
                "unit_price": "19.90",
                "quantity": 1,
                "vat_rate": "7",
            },
        ],
    }
    body.update(changes)
    return body


def post_batch(client, orders, **headers):
    return client.post("/api/v1/orders/batch/", {"orders": orders}, format="json", **headers)


def test_good_orders_are_written_once_and_each_bad_one_answers_for_itself(shop, receiver):
    order_create(
        number="TAKEN-1",
        email="old@example.com",
        lines=[OrderLineInput(sku="X", name="X", unit_price=Decimal("1"), quantity=1)],
        shipping_address=ADDRESS,
    )
    WebhookSubscription.objects.create(token=shop.token, url=receiver.url, events="order.created", secret="s")
    bad_quantity = order("B-2")
    bad_quantity["lines"] = copy.deepcopy(bad_quantity["lines"])
    bad_quantity["lines"][0]["quantity"] = 0
    response = post_batch(
        shop,
        [
            order("B-1", external_id="ext-1"),
            bad_quantity,
            order("B-3", discount_total="500.00"),
            order("B-1"),  # the number the first order of this batch has
            order("TAKEN-1"),
            order("B-4", external_id="ext-1"),
            order("B-5", customer="nobody"),
            "not an order",
            order(email="guest@example.com"),  # a number is handed out
        ],
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [result["index"] for result in results] == list(range(9))
    assert [result["status"] for result in results] == [201, 400, 422, 422, 422, 422, 422, 400, 201]
    assert results[1]["problem"]["errors"][0]["field"] == "lines.0.quantity"
    assert results[2]["problem"]["detail"] == "The discount is larger than the order."
    assert results[3]["problem"]["detail"] == "An order with the number B-1 exists already."
    assert results[4]["problem"]["detail"] == "An order with the number TAKEN-1 exists already."
    assert results[5]["problem"]["detail"] == "An order with the external id ext-1 exists already."
    assert results[6]["problem"]["detail"] == "No customer has the external id nobody."
    assert results[7]["problem"]["status"] == 400 and results[7]["problem"]["title"] == "Invalid input."

    created = [results[0]["order"], results[8]["order"]]
    assert created[0]["number"] == "B-1" and created[0]["grand_total"] == "74.60"
    assert created[1]["number"].isdigit()
    for answer in created:  # the answer is the order as a GET shows it
        assert shop.get(f"/api/v1/orders/{answer['number']}/").json() == answer
    numbers = [answer["number"] for answer in created]
    assert Order.objects.filter(number__in=numbers).count() == 2
    assert OrderLine.objects.filter(order__number__in=numbers).count() == 4
    assert OrderStatusChange.objects.filter(order__number__in=numbers, reason="order placed").count() == 2
    assert Message.objects.filter(order__number__in=numbers).count() == 2
    assert (
        MessageStatusChange.objects.filter(message__order__number__in=numbers, to_status="queued").count()
        == 2
    )
    assert Order.objects.count() == 3  # the refused ones are written not at all
    deliveries = WebhookDelivery.objects.filter(event="order.created")
    assert sorted(delivery.payload["data"]["number"] for delivery in deliveries) == sorted(numbers)
    assert len({delivery.event_id for delivery in deliveries}) == 2


def test_the_same_batch_again_creates_nothing_twice(shop):
    orders = [order("R-1"), order("", external_id="shop-77")]
    first = post_batch(shop, orders).json()["results"]
    assert [result["status"] for result in first] == [201, 201]
    again = post_batch(shop, orders).json()["results"]
    assert [result["status"] for result in again] == [422, 422]
    assert "exists already" in again[0]["problem"]["detail"] and "shop-77" in again[1]["problem"]["detail"]
    assert Order.objects.count() == 2 and Message.objects.count() == 2


def test_an_idempotency_key_replays_the_answer_and_refuses_another_body(shop):
    orders = [order("I-1"), order("I-2")]
    first = post_batch(shop, orders, HTTP_IDEMPOTENCY_KEY="sync-42")
    replay = post_batch(shop, orders, HTTP_IDEMPOTENCY_KEY="sync-42")
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    other = post_batch(shop, [order("I-3")], HTTP_IDEMPOTENCY_KEY="sync-42")
    assert other.status_code == 409 and other["Content-Type"] == "application/problem+json"
    assert Order.objects.count() == 2


def test_a_read_key_may_not_send_a_batch():
    reader = api_client(name="Reader", scopes=("read",))
    assert post_batch(reader, [order("N-1")]).status_code == 403
    assert not Order.objects.exists()


@pytest.mark.parametrize("count", [0, 101])
def test_a_batch_holds_one_to_a_hundred_orders(shop, count):
    response = post_batch(shop, [order(f"M-{index}") for index in range(count)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "orders"
    assert not Order.objects.exists()


def test_a_customer_is_found_by_the_shops_id_or_the_orders_email(shop):
    known = UserFactory(email="ole@example.com", external_id="K-7")
    by_email = UserFactory(email="jana@example.com")
    results = post_batch(
        shop, [order("C-1", email="x@example.com", customer="K-7"), order("C-2", email="Jana@Example.com")]
    ).json()["results"]
    assert results[0]["order"]["customer"] == "K-7"
    assert Order.objects.get(number="C-1").customer == known
    assert Order.objects.get(number="C-2").customer == by_email


def test_the_confirmation_variants_are_the_ones_single_orders_would_get(shop):
    """First order of an address → welcome, a later one → reassuring: within the batch too, and against the
    orders stored before, exactly as one order after the other through order_create."""
    ConfirmationRule.objects.all().delete()
    ConfirmationRule.objects.create(position=1, condition="first_order", variant="order_confirmation_welcome")
    ConfirmationRule.objects.create(position=2, condition="always", variant="order_confirmation_reassuring")
    last_year = timezone.now() - timedelta(days=365)

    def emails(prefix):
        return [f"{prefix}-new@example.com", f"{prefix}-new@example.com", f"{prefix}-known@example.com"]

    for prefix in ("single", "batch"):
        order_create(
            number=f"{prefix}-0",
            email=f"{prefix}-known@example.com",
            placed_at=last_year,
            lines=[OrderLineInput(sku="X", name="X", unit_price=Decimal("1"), quantity=1)],
            shipping_address=ADDRESS,
        )
    singles = [
        order_create(
            number=f"single-{index}",
            email=email,
            lines=[OrderLineInput(sku="X", name="X", unit_price=Decimal("1"), quantity=1)],
            shipping_address=ADDRESS,
        )
        for index, email in enumerate(emails("single"), start=1)
    ]
    results = post_batch(
        shop, [order(f"batch-{index}", email=email) for index, email in enumerate(emails("batch"), start=1)]
    ).json()["results"]
    batch = Order.objects.filter(number__in=[result["order"]["number"] for result in results]).order_by(
        "number"
    )

    def variants(orders):
        return [Message.objects.get(order=placed).template_key for placed in orders]

    assert (
        variants(singles)
        == variants(batch)
        == [
            "order_confirmation_welcome",
            "order_confirmation_reassuring",
            "order_confirmation_reassuring",
        ]
    )


@pytest.mark.parametrize("path", ["/api/v1/orders/", "/api/v1/orders/batch/"])
def test_losing_the_race_for_a_number_is_a_409_that_writes_nothing_and_can_be_sent_again(monkeypatch, path):
    """Another request writes the same order number between our check and our insert."""
    from orders import services
    from tests.factories import OrderFactory

    write = services._orders_write

    def a_rival_is_faster(**kwargs):
        OrderFactory(number="RACE-1")
        return write(**kwargs)

    monkeypatch.setattr(services, "_orders_write", a_rival_is_faster)
    shop = api_client()
    body = order("RACE-1") if path.endswith("orders/") else {"orders": [order("RACE-1"), order("RACE-2")]}
    response = shop.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="race")
    assert response.status_code == 409, response.content
    assert (
        response["Content-Type"] == "application/problem+json" and "Send again" in response.json()["detail"]
    )
    assert list(Order.objects.values_list("number", flat=True)) == ["RACE-1"]  # the rival's only
    assert not Message.objects.exists()
    monkeypatch.setattr(services, "_orders_write", write)
    again = shop.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY="race")  # the key was released
    assert again.status_code in (200, 422)
    assert Order.objects.filter(number="RACE-1").count() == 1
