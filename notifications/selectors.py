"""Reads for choosing and filling messages."""

import time
from collections.abc import Callable

from django.db.models import Count

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


def order_is_first_of_its_email(*, order: Order) -> bool:
    # Order emails are stored lower-case (order_create): an exact match uses the index; iexact would scan.
    return not Order.objects.filter(email=order.email.lower(), placed_at__lt=order.placed_at).exists()


def order_confirmation_variant(*, order: Order) -> str:
    """The template key of the confirmation ``order`` gets: the first active rule that matches wins."""
    first_order = None
    for rule in confirmation_rules():
        if rule.condition in (ConfirmationCondition.FIRST_ORDER, ConfirmationCondition.RETURNING_CUSTOMER):
            if first_order is None:
                first_order = order_is_first_of_its_email(order=order)
            matches = first_order == (rule.condition == ConfirmationCondition.FIRST_ORDER)
        elif rule.condition == ConfirmationCondition.TOTAL_AT_LEAST:
            matches = order.grand_total >= rule.amount
        elif rule.condition == ConfirmationCondition.GUEST:
            matches = order.customer_id is None
        else:
            matches = True
        if matches:
            return rule.variant
    return ConfirmationVariant.SIMPLE


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
