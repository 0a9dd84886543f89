"""The order confirmation's five variants, chosen by rules the shop can change."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from coupons.models import Coupon
from notifications.models import ConfirmationRule
from notifications.services import message_send, order_confirmation_queue
from tests.factories import OrderFactory, OrderLineFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def confirm(order):
    message, _ = order_confirmation_queue(order=order)
    message_send(message_id=message.pk)
    return message, mail.outbox[-1]


def test_a_first_order_gets_the_warm_welcome_and_the_next_one_the_reassuring_note(confirmation_rules):
    customer = UserFactory(first_name="Ole")
    first = OrderLineFactory(
        order__customer=customer, order__placed_at=timezone.now() - timedelta(days=40)
    ).order
    message, email = confirm(first)
    assert message.template_key == "order_confirmation_welcome"
    assert email.subject == "Willkommen bei Nordlicht Haus, Ole!"

    second = OrderLineFactory(order__customer=customer).order
    message, email = confirm(second)
    assert message.template_key == "order_confirmation_reassuring"
    assert email.subject.startswith(f"Bestellung {second.number} ist da – voraussichtlich bis ")
    assert "Status: Bestellt" in email.body
    link = re.search(r"ohne Passwort: (\S+)", email.body).group(1)
    opened = Client().get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert opened.status_code == 200  # the signed link opens the order, without a login
    assert second.number in opened.content.decode()


def test_a_shop_rule_for_big_orders_gives_a_unique_coupon_once(confirmation_rules):
    ConfirmationRule.objects.create(
        position=1, condition="total_at_least", amount=Decimal("100"), variant="order_confirmation_enticing"
    )
    big = OrderLineFactory(order__grand_total=Decimal("149.00")).order
    message, email = confirm(big)
    coupon = Coupon.objects.get(issued_for=big)
    assert message.template_key == "order_confirmation_enticing"
    assert coupon.code in email.body and coupon.code.startswith("DANKE-")
    assert "10 %" in email.subject
    order_confirmation_queue(order=big)  # the same event again: no second coupon
    assert Coupon.objects.filter(issued_for=big).count() == 1

    small = OrderLineFactory(order__grand_total=Decimal("19.00"), order__email=big.email).order
    message, _ = confirm(small)
    assert message.template_key == "order_confirmation_reassuring"


def test_similar_items_are_bought_together_or_from_the_same_category_never_what_was_bought(
    confirmation_rules,
):
    ConfirmationRule.objects.all().delete()
    ConfirmationRule.objects.create(position=1, condition="always", variant="order_confirmation_similar")
    tent = ProductFactory(name="Zelt Skagen 2")
    ProductFactory(name="Isomatte Nordkap", category=tent.category)
    lamp = ProductFactory(name="Stirnlampe Polar")
    earlier = OrderFactory()
    OrderLineFactory(order=earlier, product=tent)
    OrderLineFactory(order=earlier, product=lamp)
    order = OrderLineFactory(product=tent, product_name=tent.name).order
    message, email = confirm(order)
    assert message.template_key == "order_confirmation_similar"
    similar = [item["name"] for item in message.payload["similar"]]
    assert similar[0] == "Stirnlampe Polar"  # bought together with the tent
    assert "Isomatte Nordkap" in similar  # same category
    assert "Zelt Skagen 2" not in similar
    assert "Das könnte dir auch gefallen" in email.body


def test_without_rules_the_simple_confirmation_is_sent(confirmation_rules):
    ConfirmationRule.objects.all().delete()
    message, email = confirm(OrderLineFactory().order)
    assert message.template_key == "order_confirmation"


def test_a_guest_rule_matches_guest_orders_only(confirmation_rules):
    ConfirmationRule.objects.all().delete()
    ConfirmationRule.objects.create(position=1, condition="guest", variant="order_confirmation_welcome")
    guest_message, _ = confirm(OrderLineFactory(order__customer=None).order)
    member_message, _ = confirm(OrderLineFactory().order)
    assert guest_message.template_key == "order_confirmation_welcome"
    assert member_message.template_key == "order_confirmation"
