"""orders_create: a batch of orders with a handful of statements, each order written or refused on its own."""

from decimal import Decimal

import pytest

from core.errors import DomainError
from notifications.models import Message, MessageStatusChange
from orders.models import Order, OrderLine, OrderStatusChange
from orders.services import OrderInput, OrderLineInput, order_create, orders_create
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "first_name": "Jana",
    "last_name": "Vogel",
    "street": "Hafenstraße 3",
    "postcode": "24103",
    "city": "Kiel",
}
LINES = [
    OrderLineInput(sku="NH-1", name="Thermobecher", unit_price=Decimal("24.90"), quantity=2),
    OrderLineInput(sku="NH-2", name="Kerze", unit_price=Decimal("19.90"), quantity=1),
    OrderLineInput(sku="NH-3", name="Buch", unit_price=Decimal("24.00"), quantity=1, vat_rate=Decimal("7")),
]


def an_order(index: int, **changes) -> OrderInput:
    return OrderInput(
        **{"email": f"kunde{index}@example.com", "lines": LINES, "shipping_address": ADDRESS, **changes}
    )


def test_a_batch_costs_the_same_few_statements_whatever_its_size(
    django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    ProductFactory(sku="NH-1")
    # Numbers (4 with the counter made), taken numbers, products, orders, lines, history, rules and settings
    # (cached afterwards), first orders, messages and their history, webhook subscriptions; savepoints: 4.
    with django_assert_max_num_queries(20), django_capture_on_commit_callbacks() as callbacks:
        written = orders_create(orders=[an_order(index) for index in range(50)], actor_label="test")
    assert all(isinstance(order, Order) for order in written)
    numbers = [int(order.number) for order in written]
    assert numbers == list(range(numbers[0], numbers[0] + 50))  # one block, in the batch's order
    assert OrderLine.objects.count() == 150 and OrderStatusChange.objects.count() == 50
    assert Message.objects.count() == MessageStatusChange.objects.count() == 50
    assert OrderLine.objects.exclude(product=None).count() == 50  # matched by SKU
    assert len(callbacks) == 1  # one hand-over of all confirmations after the commit
    assert written[0].lines.all()[0].product_sku == "NH-1"  # the lines as written, without a query


def test_a_refused_order_comes_back_as_its_error_in_its_place_and_the_others_are_written():
    order_create(email="a@example.com", lines=LINES, shipping_address=ADDRESS, number="TAKEN")
    results = orders_create(
        orders=[
            an_order(1, number="TAKEN"),
            an_order(2, lines=[]),
            an_order(3, discount_total=Decimal("1000")),
            an_order(4, number="NEW-1"),
            an_order(5, number="NEW-1"),
            an_order(
                6, lines=[OrderLineInput(sku="X", name="X", unit_price=Decimal("86373967"), quantity=361)]
            ),
        ],
        actor_label="test",
    )
    assert [type(result).__name__ for result in results] == [
        "DomainError",
        "DomainError",
        "DomainError",
        "Order",
        "DomainError",
        "DomainError",
    ]
    assert [str(result) for result in results if isinstance(result, DomainError)] == [
        "An order with the number TAKEN exists already.",
        "An order needs at least one line.",
        "The discount is larger than the order.",
        "An order with the number NEW-1 exists already.",
        "Amounts must stay below 10,000,000,000.",
    ]
    assert sorted(Order.objects.values_list("number", flat=True)) == ["NEW-1", "TAKEN"]
    assert Order.objects.get(number="NEW-1").email == "kunde4@example.com"


def test_a_batch_of_refused_orders_writes_nothing(django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        results = orders_create(orders=[an_order(1, lines=[])], actor_label="test")
    assert isinstance(results[0], DomainError) and not Order.objects.exists()
