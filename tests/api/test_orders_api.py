"""The order API: keys and scopes, one error format, idempotent POSTs."""

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from notifications.models import Message
from orders.models import Order

pytestmark = pytest.mark.django_db

ORDER = {
    "number": "SHOP-1001",
    "email": "Kim@Example.com",
    "shipping_address": {
        "first_name": "Kim",
        "last_name": "Berg",
        "street": "Lindenallee 2",
        "postcode": "10115",
        "city": "Berlin",
    },
    "payment_method_detail": "PayPal (k•••@example.com)",
    "payment_method_type": "paypal",
    "shipping_total": "4.90",
    "lines": [
        {"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.90", "quantity": 2},
        {"sku": "NH-BU-7001", "name": "Gartenbuch", "unit_price": "19.90", "quantity": 1, "vat_rate": "7"},
    ],
}


def client_with(scopes) -> APIClient:
    _token, key = api_token_create(name="Shopware", scopes=set(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_shop_creates_an_order_and_reads_it_back():
    client = client_with({"read", "write"})
    response = client.post("/api/v1/orders/", ORDER, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "SHOP-1001"
    assert response.json()["grand_total"] == "74.60"
    assert Message.objects.filter(order__number="SHOP-1001").exists()  # the confirmation is queued
    read = client.get("/api/v1/orders/SHOP-1001/").json()
    assert read["email"] == "kim@example.com" and [line["quantity"] for line in read["lines"]] == [2, 1]


@pytest.mark.parametrize(
    ("authorization", "expected"),
    [(None, 401), ("Bearer pp_wrong", 401), ("Token abc", 401)],
)
def test_no_or_a_wrong_key_is_a_401_problem(authorization, expected):
    client = APIClient()
    if authorization:
        client.credentials(HTTP_AUTHORIZATION=authorization)
    response = client.get("/api/v1/orders/")
    assert response.status_code == expected
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == expected


def test_a_revoked_key_stops_working_and_a_read_key_cannot_write():
    token, key = api_token_create(name="Alt", scopes={"read"})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get("/api/v1/orders/").status_code == 200
    assert client.post("/api/v1/orders/", ORDER, format="json").status_code == 403
    api_token_revoke(token=token)
    assert client.get("/api/v1/orders/").status_code == 401
    assert not Order.objects.exists()


def test_invalid_input_is_a_400_with_a_field_by_field_list():
    bad = {**ORDER, "email": "no-email", "lines": [{**ORDER["lines"][0], "quantity": 0}]}
    response = client_with({"write"}).post("/api/v1/orders/", bad, format="json")
    assert response.status_code == 400
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"email", "lines.0.quantity"}
    assert not Order.objects.exists()


def test_a_number_in_use_is_a_422_with_the_reason():
    client = client_with({"write"})
    client.post("/api/v1/orders/", ORDER, format="json")
    response = client.post("/api/v1/orders/", ORDER, format="json")
    assert response.status_code == 422 and "exists already" in response.json()["detail"]


def test_the_same_idempotency_key_and_body_get_the_first_answer_another_body_a_409():
    client = client_with({"write"})
    first = client.post("/api/v1/orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    other = client.post(
        "/api/v1/orders/", {**ORDER, "number": "SHOP-2"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert other.status_code == 409
    assert Order.objects.count() == 1


def test_listing_filters_by_status_and_pages_with_a_cursor():
    client = client_with({"read", "write"})
    for index in range(3):
        client.post("/api/v1/orders/", {**ORDER, "number": f"SHOP-{index}"}, format="json")
    page = client.get("/api/v1/orders/", {"page_size": 2, "status": "placed"}).json()
    assert [order["number"] for order in page["results"]] == ["SHOP-2", "SHOP-1"]
    rest = client.get(page["next"]).json()
    assert [order["number"] for order in rest["results"]] == ["SHOP-0"]
    assert client.get("/api/v1/orders/", {"status": "lost"}).status_code == 400
    assert client.get("/api/v1/orders/NOPE/").status_code == 404


def test_create_api_token_prints_the_key_once_and_stores_only_its_hash():
    out = StringIO()
    call_command("create_api_token", "WooCommerce", "--scopes", "read,write", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert key.startswith("pp_") and key not in token.key_hash and token.scope_set == {"read", "write"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_with_one_key_create_one_order():
    _token, key = api_token_create(name="Shop", scopes={"write"})
    statuses = []
    barrier = threading.Barrier(3)

    def post():
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        barrier.wait(timeout=10)
        statuses.append(
            client.post("/api/v1/orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="race").status_code
        )
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Order.objects.count() == 1
    assert sorted(statuses).count(201) >= 1 and set(statuses) <= {201, 409}


@pytest.mark.parametrize("placed_at", ["0972-01-13T04:59:35Z", "2099-01-01T00:00:00Z"])
def test_an_order_from_another_century_is_refused_by_its_field(placed_at):
    client = client_with({"read", "write"})
    response = client.post("/api/v1/orders/", {**ORDER, "placed_at": placed_at}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "placed_at", "message": "Must lie between 2000-01-01 and a day from now."}
    ]
    assert not Order.objects.exists()
