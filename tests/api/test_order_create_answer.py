"""Creating an order answers with the order as stored, in a bounded number of queries; each key has a budget."""

import uuid

import pytest

from accounts.services import customer_upsert
from api.throttling import TokenRateThrottle
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db

ORDER = {
    "number": "SHOP-2001",
    "external_id": "wc-2001",
    "email": "Ada@Example.com",
    "language": "en",
    "placed_at": "2026-03-01T09:15:42.123456+05:30",
    "shipping_address": {
        "first_name": "Ada",
        "last_name": "Brandt",
        "company": "Brandt & Söhne",
        "street": "Hafenstraße 3",
        "postcode": "24103",
        "city": "Kiel",
    },
    "billing_address": {
        "first_name": "Ada",
        "last_name": "Brandt",
        "street": "Postfach 12",
        "postcode": "24100",
        "city": "Kiel",
        "country": "DE",
    },
    "payment_method_type": "invoice",
    "shipping_total": 4.9,
    "discount_total": "5",
    "lines": [
        {"sku": "NH-KT-1001", "name": "Thermobecher Fjord", "unit_price": "24.9", "quantity": 2},
        {"sku": "NH-BU-7001", "name": "Gartenbuch", "unit_price": 19.9, "quantity": 1, "vat_rate": 7},
        {"sku": "NH-WD-2002", "name": "Duftkerze", "unit_price": "0.10", "quantity": 3},
    ],
}


def test_the_201_answer_is_the_order_as_a_get_reads_it_from_the_database():
    shop = api_client()
    customer_upsert(external_id="c-42", values={"email": "ada@example.com", "first_name": "Ada"})
    created = shop.post("/api/v1/orders/", {**ORDER, "customer": "c-42"}, format="json")
    assert created.status_code == 201, created.content
    read = shop.get("/api/v1/orders/SHOP-2001/")
    assert created.json() == read.json()
    assert created.json()["customer"] == "c-42" and len(created.json()["lines"]) == 3


def test_creating_an_order_through_the_api_takes_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    shop = api_client()
    shop.post("/api/v1/orders/", {**ORDER, "number": "SHOP-2000", "external_id": ""}, format="json")
    # Key, idempotency claim, customer, products, number and external id checks, order, lines, history,
    # first-order check, confirmation (savepoint, insert, release) and its history, webhook subscriptions,
    # answer stored: 16, and 4 savepoint statements that exist only inside the test's transaction. The shop's
    # message settings and rules come from the process's cache; the answer is not read back.
    with django_assert_max_num_queries(20):
        response = shop.post("/api/v1/orders/", ORDER, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201


def test_a_key_over_its_budget_gets_a_429_with_retry_after_and_other_keys_go_on(monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    # Counters of this test's own (the cache outlives the test's database transaction).
    monkeypatch.setattr(TokenRateThrottle, "cache_format", f"throttle_{uuid.uuid4().hex}_%(scope)s_%(ident)s")
    busy, other = api_client(name="Busy"), api_client(name="Other")
    answers = [busy.get("/api/v1/orders/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = busy.get("/api/v1/orders/")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"] == "application/problem+json"
    assert other.get("/api/v1/orders/").status_code == 200
