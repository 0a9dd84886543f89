"""Each page issues the same number of queries for a small order as for one with 50 lines, 5 parcels and
200 scans, and for a customer with 1 order as for one with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.conftest import order_build
from tests.accounts.test_pages import order_pages


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", ["order", "shipping", "item", "shipment", "invoice"])
def test_order_pages_do_not_grow_with_the_order(client, customer, page, django_assert_max_num_queries):
    small = order_build(customer=customer, lines=1, parcels=1, events=1)
    big = order_build(customer=customer, lines=50, parcels=5, events=40)  # 5 × 40 = 200 scans
    client.force_login(customer)
    small_count = queries(client, order_pages(small)[page])
    big_url = order_pages(big)[page]
    with django_assert_max_num_queries(small_count):
        client.get(big_url)
    # Session and user, then the order with its parcels, lines, history, returns and the return policy in
    # one row (accounts.selectors); the tracking page: the parcel with its scans and its contents.
    assert small_count <= {"order": 3, "shipment": 3}.get(page, 10)


@pytest.mark.parametrize("name", ["account_home", "account_orders"])
def test_account_pages_do_not_grow_with_the_number_of_orders(
    client, customer, name, django_assert_max_num_queries
):
    order_build(customer=customer, lines=1, parcels=1)
    client.force_login(customer)
    one_order = queries(client, reverse(name))
    for _ in range(30):
        order_build(customer=customer, lines=3, parcels=2, events=2)
    with django_assert_max_num_queries(one_order):
        client.get(reverse(name))
    assert one_order <= 8


def test_a_second_look_within_seconds_reads_the_order_from_the_cache(client, customer, settings):
    settings.ACCOUNT_PAGE_CACHE_SECONDS = 15
    order = order_build(customer=customer, lines=3, parcels=2, events=5)
    client.force_login(customer)
    url = order_pages(order)["order"]
    first = queries(client, url)
    assert queries(client, url) <= first - 1  # session and user only: the read of the order is cached


def test_without_the_cache_every_look_reads_the_database(client, customer, settings):
    settings.ACCOUNT_PAGE_CACHE_SECONDS = 0
    order = order_build(customer=customer, lines=3, parcels=2, events=5)
    client.force_login(customer)
    url = order_pages(order)["shipment"]
    assert queries(client, url) == queries(client, url)
