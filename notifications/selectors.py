"""Reads for choosing and filling messages."""

import time
from collections.abc import Callable, Sequence

from django.db.models import Count, Min

from notifications.models import ConfirmationCondition, ConfirmationRule, ConfirmationVariant, EventSetting
from orders.models import Order, OrderLine, Product

# The shop's message settings (per-event settings, confirmation rules) are read for every order but change
# rarely: each process keeps them for SETTINGS_TTL seconds, so that an order costs no query for them. A
# change made in the admin reaches every process within that time (at once in the process that saved it:
# the admin calls notification_settings_forget).
SETTINGS_TTL = 10.0
_settings_cache: dict[str, tuple[float, object]] = {}


def notification_settings_forget() -> None:
    _settings_cache.clear()


def _setting_cached(name: str, load: Callable[[], object]):
    cached = _settings_cache.get(name)
    now = time.monotonic()
    if cached is None or now - cached[0] > SETTINGS_TTL:
        cached = (now, load())
        _settings_cache[name] = cached
    return cached[1]


def event_setting(*, event: str) -> EventSetting | None:
    """The shop's setting for ``event`` (channels, delay), or None for the defaults."""
    return _setting_cached(f"event:{event}", lambda: EventSetting.objects.filter(event=event).first())


def confirmation_rules() -> list[ConfirmationRule]:
    """The active confirmation rules, first match first."""
    return _setting_cached(
        "confirmation_rules",
        lambda: list(ConfirmationRule.objects.filter(is_active=True).order_by("position", "id")),
    )


def orders_first_of_their_email(*, orders: Sequence[Order]) -> list[bool]:
    """For orders written one after the other (a batch, in its order), whether each is the first order of its
    email address: no other stored order of the address was placed before it, and no earlier order of the
    batch at or before it. One query for the whole batch."""
    # Order emails are stored lower-case (order_create): an exact match uses the index; iexact would scan.
    earliest = dict(
        Order.objects.filter(email__in={order.email.lower() for order in orders})
        .exclude(pk__in=[order.pk for order in orders if order.pk])
        .values("email")
        .annotate(first_placed_at=Min("placed_at"))
        .values_list("email", "first_placed_at")
    )
    firsts = []
    for index, order in enumerate(orders):
        email = order.email.lower()
        stored = earliest.get(email)
        earlier_in_batch = any(
            other.email.lower() == email and other.placed_at <= order.placed_at for other in orders[:index]
        )
        firsts.append(not earlier_in_batch and (stored is None or stored >= order.placed_at))
    return firsts


def order_confirmation_variant(*, order: Order) -> str:
    """The template key of the confirmation ``order`` gets: the first active rule that matches wins."""
    return order_confirmation_variants(orders=[order])[0]


def order_confirmation_variants(*, orders: Sequence[Order]) -> list[str]:
    """``order_confirmation_variant`` for a batch of orders written one after the other (see
    ``orders_first_of_their_email``), with at most one query for all of them."""
    firsts: list[bool] = []

    def first_order(index: int) -> bool:
        if not firsts:  # asked only when a rule needs it, then for the whole batch at once
            firsts.extend(orders_first_of_their_email(orders=orders))
        return firsts[index]

    variants = []
    for index, order in enumerate(orders):
        variant = ConfirmationVariant.SIMPLE
        for rule in confirmation_rules():
            if rule.condition in (
                ConfirmationCondition.FIRST_ORDER,
                ConfirmationCondition.RETURNING_CUSTOMER,
            ):
                matches = first_order(index) == (rule.condition == ConfirmationCondition.FIRST_ORDER)
            elif rule.condition == ConfirmationCondition.TOTAL_AT_LEAST:
                matches = order.grand_total >= rule.amount
            elif rule.condition == ConfirmationCondition.GUEST:
                matches = order.customer_id is None
            else:
                matches = True
            if matches:
                variant = rule.variant
                break
        variants.append(variant)
    return variants


def products_similar(*, order: Order, limit: int = 3) -> list[Product]:
    """Products bought together with this order's products, then others from their categories; never one
    the customer just bought."""
    bought = set(order.lines.exclude(product=None).values_list("product_id", flat=True))
    if not bought:
        return []
    together = list(
        OrderLine.objects.filter(order__lines__product_id__in=bought)
        .exclude(product_id__in=bought)
        .exclude(product=None)
        .values("product_id")
        .annotate(times=Count("id"))
        .order_by("-times", "product_id")
        .values_list("product_id", flat=True)[:limit]
    )
    if len(together) < limit:
        categories = Product.objects.filter(pk__in=bought).exclude(category=None).values("category_id")
        together += list(
            Product.objects.filter(category_id__in=categories)
            .exclude(pk__in=[*bought, *together])
            .order_by("name")
            .values_list("pk", flat=True)[: limit - len(together)]
        )
    products = Product.objects.in_bulk(together)
    return [products[pk] for pk in together if pk in products]
