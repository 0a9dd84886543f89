"""Writes for orders. The order status is derived here and nowhere else."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError, IllegalTransition
from core.statuses import status_transition
from orders.models import (
    Order,
    OrderLine,
    OrderNumberCounter,
    OrderStatus,
    OrderStatusChange,
    PaymentMethodType,
    Product,
)

# Which derived status may follow which. A parcel can come back (returned to sender), so "backwards"
# moves between the shipping states are allowed; nothing leaves "cancelled".
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.PLACED: frozenset(
        {
            OrderStatus.PARTIALLY_SHIPPED,
            OrderStatus.SHIPPED,
            OrderStatus.PARTIALLY_DELIVERED,
            OrderStatus.DELIVERED,
            OrderStatus.CANCELLED,
        }
    ),
    OrderStatus.PARTIALLY_SHIPPED: frozenset(
        {OrderStatus.PLACED, OrderStatus.SHIPPED, OrderStatus.PARTIALLY_DELIVERED, OrderStatus.DELIVERED}
    ),
    OrderStatus.SHIPPED: frozenset(
        {OrderStatus.PARTIALLY_SHIPPED, OrderStatus.PARTIALLY_DELIVERED, OrderStatus.DELIVERED}
    ),
    OrderStatus.PARTIALLY_DELIVERED: frozenset(
        {OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED, OrderStatus.DELIVERED}
    ),
    OrderStatus.DELIVERED: frozenset({OrderStatus.PARTIALLY_DELIVERED, OrderStatus.SHIPPED}),
    OrderStatus.CANCELLED: frozenset(),
}


def order_status_derive(
    *, quantity_ordered: int, quantity_shipped: int, quantity_delivered: int, cancelled: bool = False
) -> OrderStatus:
    """The status an order has, given how many of its units have left the warehouse and arrived.

    A unit counts as shipped once its parcel has any status other than ``pending`` and as delivered when
    its parcel is ``delivered``.
    """
    if cancelled:
        return OrderStatus.CANCELLED
    if quantity_ordered and quantity_delivered >= quantity_ordered:
        return OrderStatus.DELIVERED
    if quantity_delivered:
        return OrderStatus.PARTIALLY_DELIVERED
    if quantity_ordered and quantity_shipped >= quantity_ordered:
        return OrderStatus.SHIPPED
    if quantity_shipped:
        return OrderStatus.PARTIALLY_SHIPPED
    return OrderStatus.PLACED


def order_status_refresh(*, order_id: int, actor=None, actor_label: str = "system", reason: str = "") -> bool:
    """Recompute an order's status from its lines and shipments under a row lock; return whether it changed."""
    from tracking.models import ShipmentLine, TrackingStatus

    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status == OrderStatus.CANCELLED:
            return False
        ordered = sum(order.lines.values_list("quantity", flat=True))
        shipped = delivered = 0
        for quantity, status in ShipmentLine.objects.filter(shipment__order=order).values_list(
            "quantity", "shipment__status"
        ):
            if status != TrackingStatus.PENDING:
                shipped += quantity
            if status == TrackingStatus.DELIVERED:
                delivered += quantity
        new_status = order_status_derive(
            quantity_ordered=ordered, quantity_shipped=shipped, quantity_delivered=delivered
        )
        return status_transition(
            instance=order,
            to_status=new_status,
            transitions=ORDER_TRANSITIONS,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
        )


def order_number_next(*, prefix: str = "") -> str:
    """The next human-friendly order number for ``prefix`` (e.g. ``10000042``), unique under concurrency."""
    return order_numbers_next(prefix=prefix, count=1)[0]


def order_numbers_next(*, prefix: str = "", count: int) -> list[str]:
    """``count`` consecutive order numbers for ``prefix``, reserved as one block under the counter's row lock
    (one round trip for a whole batch of orders)."""
    with transaction.atomic():
        counter, _ = OrderNumberCounter.objects.select_for_update().get_or_create(
            prefix=prefix, defaults={"last_value": 10_000_000}
        )
        first = counter.last_value + 1
        counter.last_value += count
        counter.save(update_fields=["last_value"])
        return [f"{prefix}{value}" for value in range(first, counter.last_value + 1)]


def orders_status_refresh(*, order_ids: Iterable[int]) -> int:
    """Refresh many orders; return how many changed."""
    return sum(order_status_refresh(order_id=order_id) for order_id in order_ids)


# What the money columns hold (12 digits, 2 after the point).
MONEY_LIMIT = Decimal("10000000000")


@dataclass(frozen=True)
class OrderLineInput:
    sku: str
    name: str
    unit_price: Decimal
    quantity: int
    vat_rate: Decimal = Decimal("19.00")


@dataclass(frozen=True)
class OrderInput:
    """One order as the shop took it: the keyword arguments of ``order_create`` but ``actor_label``."""

    email: str
    lines: Sequence[OrderLineInput]
    shipping_address: dict
    billing_address: dict | None = None
    payment_method_type: str = PaymentMethodType.CARD
    payment_method_detail: str = ""
    shipping_total: Decimal = Decimal("0")
    discount_total: Decimal = Decimal("0")
    number: str = ""
    external_id: str = ""
    customer: Any = None
    language: str = "de"
    currency: str = "EUR"
    placed_at: datetime | None = None


def order_create(*, actor_label: str = "shop", **order) -> Order:
    """Record an order as the shop took it (prices are snapshots: gross, VAT included), with its first history
    row and its confirmation queued in the same transaction. Raises ``DomainError`` for inconsistent data.
    Takes the fields of ``OrderInput`` as keyword arguments."""
    [result] = orders_create(orders=[OrderInput(**order)], actor_label=actor_label)
    if isinstance(result, DomainError):
        raise result
    return result


def _order_totals(order: OrderInput) -> dict[str, Decimal]:
    """The order's amounts, or ``DomainError`` for lines, amounts or a discount that do not add up."""
    lines = order.lines
    if not lines:
        raise DomainError("An order needs at least one line.")
    if any(line.quantity < 1 or line.unit_price < 0 for line in lines):
        raise DomainError("Every line needs a quantity of at least 1 and a price of at least 0.")
    subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
    grand_total = subtotal + order.shipping_total - order.discount_total
    if grand_total < 0:
        raise DomainError("The discount is larger than the order.")
    if max(subtotal, grand_total, order.shipping_total, order.discount_total) >= MONEY_LIMIT:
        raise DomainError(f"Amounts must stay below {MONEY_LIMIT:,}.")
    tax_total = sum(
        (
            (line.unit_price * line.quantity * line.vat_rate / (Decimal("100") + line.vat_rate)).quantize(
                Decimal("0.01")
            )
            for line in lines
        ),
        Decimal("0"),
    )
    return {"subtotal": subtotal, "tax_total": tax_total, "grand_total": grand_total}


class OrdersConflict(DomainError):
    """A concurrent request won the race for a number or external id; nothing was written, a retry is safe."""


def orders_create(*, orders: Sequence[OrderInput], actor_label: str) -> list[Order | DomainError]:
    """Record a batch of orders like ``order_create`` does one, with a handful of statements for the whole
    batch; return, in input order, each order written or the ``DomainError`` that refused it (a refused order
    is written not at all, the others are). The orders are handled as if created one after the other: a
    number or external id used earlier in the batch is taken, and an earlier order of the same email address
    makes a later one a repeat customer's. All orders commit together."""
    results: list[Order | DomainError | None] = [None] * len(orders)
    totals: dict[int, dict[str, Decimal]] = {}
    for index, order in enumerate(orders):
        try:
            totals[index] = _order_totals(order)
        except DomainError as error:
            results[index] = error
    unnumbered = [index for index in totals if not orders[index].number.strip()]
    handed_out = iter(order_numbers_next(count=len(unnumbered)) if unnumbered else [])
    numbers = {index: orders[index].number.strip() or next(handed_out) for index in totals}
    external_ids = {index: orders[index].external_id for index in totals if orders[index].external_id}
    numbers_taken = set(
        Order.objects.filter(number__in=set(numbers.values())).values_list("number", flat=True)
    )
    external_ids_taken = (
        set(
            Order.objects.filter(external_id__in=set(external_ids.values())).values_list(
                "external_id", flat=True
            )
        )
        if external_ids
        else set()
    )
    for index in totals:  # in input order: an earlier order of the batch takes its number and external id
        number, external_id = numbers[index], external_ids.get(index)
        if number in numbers_taken:
            results[index] = DomainError(f"An order with the number {number} exists already.")
        elif external_id and external_id in external_ids_taken:
            results[index] = DomainError(f"An order with the external id {external_id} exists already.")
        else:
            numbers_taken.add(number)
            if external_id:
                external_ids_taken.add(external_id)
    valid = [index for index in totals if results[index] is None]
    if valid:
        try:
            written = _orders_write(
                orders={index: orders[index] for index in valid},
                numbers=numbers,
                totals=totals,
                actor_label=actor_label,
            )
        except IntegrityError as error:
            # Another request wrote one of these numbers or external ids between our check and our insert.
            raise OrdersConflict(
                "Another request wrote an order with one of these numbers or external ids at the same "
                "moment; nothing was written. Send again: orders that exist by then are answered as such."
            ) from error
        for index, order in zip(valid, written, strict=True):
            results[index] = order
    return results


def _orders_write(
    *, orders: dict[int, OrderInput], numbers: dict[int, str], totals: dict[int, dict], actor_label: str
) -> list[Order]:
    """Write orders that passed every check, with their lines, history rows, confirmations and webhooks."""
    from api.webhooks import webhook_events_emit
    from notifications.services import order_confirmations_queue

    skus = {line.sku for order in orders.values() for line in order.lines}
    product_ids = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
    now = timezone.now()
    with transaction.atomic():
        written = Order.objects.bulk_create(
            Order(
                number=numbers[index],
                external_id=order.external_id,
                customer=order.customer,
                email=order.email.strip().lower(),
                language=order.language,
                placed_at=order.placed_at or now,
                currency=order.currency,
                **{f"shipping_{key}": value for key, value in order.shipping_address.items()},
                **{
                    f"billing_{key}": value
                    for key, value in (order.billing_address or order.shipping_address).items()
                },
                payment_method_type=order.payment_method_type,
                payment_method_detail=order.payment_method_detail,
                shipping_total=order.shipping_total,
                discount_total=order.discount_total,
                **totals[index],
            )
            for index, order in orders.items()
        )
        lines = OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                product_id=product_ids.get(line.sku),
                position=position,
                product_name=line.name,
                product_sku=line.sku,
                unit_price=line.unit_price,
                quantity=line.quantity,
                vat_rate=line.vat_rate,
            )
            for order, wanted in zip(written, orders.values(), strict=True)
            for position, line in enumerate(wanted.lines)
        )
        # The lines just written are each order's lines, in their order: the confirmation's payload and the
        # caller's answer read them from here instead of from the database (as a prefetch would leave them).
        lines_of: dict[int, list[OrderLine]] = {order.pk: [] for order in written}
        for line in lines:
            lines_of[line.order_id].append(line)
        for order in written:
            order_lines = order.lines.all()
            order_lines._result_cache, order_lines._prefetch_done = lines_of[order.pk], True
            order._prefetched_objects_cache = {"lines": order_lines}
        OrderStatusChange.objects.bulk_create(
            OrderStatusChange(
                order=order,
                to_status=order.status,
                changed_at=order.placed_at,
                actor_label=actor_label,
                reason="order placed",
            )
            for order in written
        )
        order_confirmations_queue(orders=written)
        webhook_events_emit(
            event="order.created",
            payloads=[{"number": order.number, "status": order.status} for order in written],
        )
    return written


ADDRESS_FIELDS = ("first_name", "last_name", "company", "street", "extra", "postcode", "city", "country")


def order_update(
    *,
    order: Order,
    email: str | None = None,
    language: str | None = None,
    external_id: str | None = None,
    customer=None,
    shipping_address: dict | None = None,
    billing_address: dict | None = None,
    payment_method_detail: str | None = None,
    actor_label: str = "shop",
) -> tuple[Order, list[str]]:
    """Change what the shop may still change about an order; return it with the names of the changed fields.

    Lines and amounts are what the customer bought and are never edited (a return or a cancellation changes
    them). The delivery address can change only while no parcel has left (status ``placed``).
    """
    from api.webhooks import webhook_event_emit

    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        wanted: dict[str, object] = {}
        if email is not None:
            wanted["email"] = email.strip().lower()
        if language is not None:
            wanted["language"] = language
        if external_id is not None:
            external_id = external_id.strip()
            if external_id and Order.objects.filter(external_id=external_id).exclude(pk=locked.pk).exists():
                raise DomainError(f"Another order has the external id {external_id}.")
            wanted["external_id"] = external_id
        if customer is not None:
            wanted["customer"] = customer
        if payment_method_detail is not None:
            wanted["payment_method_detail"] = payment_method_detail
        for prefix, address in (("shipping", shipping_address), ("billing", billing_address)):
            if address is not None:
                wanted.update({f"{prefix}_{key}": address.get(key, "") for key in ADDRESS_FIELDS})
        changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
        if any(name.startswith("shipping_") for name in changed) and locked.status != OrderStatus.PLACED:
            raise DomainError(
                f"Order {locked.number} is {locked.status}: the delivery address can no longer change."
            )
        if locked.status == OrderStatus.CANCELLED and changed:
            raise DomainError(f"Order {locked.number} is cancelled and can no longer change.")
        if changed:
            for name in changed:
                setattr(locked, name, wanted[name])
            locked.save(update_fields=[*changed, "updated_at"])
            webhook_event_emit(
                event="order.updated",
                payload={
                    "number": locked.number,
                    "status": locked.status,
                    "changed": _changed_names(changed),
                    "by": actor_label,
                },
            )
    return locked, _changed_names(changed)


def _changed_names(fields: Sequence[str]) -> list[str]:
    """Field names as the API spells them: ``shipping_city`` is part of ``shipping_address``."""
    return sorted(
        {
            f"{name.split('_')[0]}_address" if name.startswith(("shipping_", "billing_")) else name
            for name in fields
        }
    )


def order_cancel(*, order: Order, reason: str, actor=None, actor_label: str = "shop") -> Order:
    """Cancel an order before anything of it is on its way: status ``placed`` and no parcel made yet.
    Later, the customer's way back is a return."""
    from api.webhooks import webhook_event_emit
    from tracking.models import Shipment

    if not reason.strip():
        raise DomainError("Say why the order is cancelled.")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status == OrderStatus.CANCELLED:  # asked twice: say so, do not cancel "again"
            raise IllegalTransition(
                subject=f"order {locked.number}", from_status=locked.status, to_status=OrderStatus.CANCELLED
            )
        if locked.status == OrderStatus.PLACED and Shipment.objects.filter(order=locked).exists():
            raise DomainError(
                f"Order {locked.number} has a parcel already: cancel or return that parcel instead."
            )
        changed = status_transition(
            instance=locked,
            to_status=OrderStatus.CANCELLED,
            transitions=ORDER_TRANSITIONS,
            actor=actor,
            actor_label=actor_label,
            reason=reason.strip(),
        )
        if changed:
            webhook_event_emit(
                event="order.cancelled",
                payload={"number": locked.number, "status": locked.status, "reason": reason.strip()},
            )
    return locked


PRODUCT_FIELDS = (
    "sku",
    "name",
    "description",
    "category",
    "price",
    "vat_rate",
    "usage_instructions",
    "warranty_months",
    "family",
    "variant_label",
    "is_returnable",
    "non_returnable_reason",
    "return_window_days",
)


def product_upsert(
    *, external_id: str, values: dict, specs: Sequence[tuple[str, str]] | None = None
) -> tuple[Product, bool]:
    """Create or update the catalogue product the shop knows as ``external_id``; return it and whether it
    was created. ``values`` holds fields of ``PRODUCT_FIELDS``; a SKU that belongs to another product is
    refused. ``specs`` (if given) replaces the specification table. Safe to repeat."""
    from orders.models import ProductSpec

    unknown = set(values) - set(PRODUCT_FIELDS)
    if unknown:
        raise ValueError(f"not product fields: {sorted(unknown)}")
    external_id = external_id.strip()
    if not external_id:
        raise DomainError("A product needs an external id.")
    with transaction.atomic():
        product = Product.objects.select_for_update().filter(external_id=external_id).first()
        sku = values.get("sku")
        if sku:
            owner = Product.objects.select_for_update().filter(sku=sku).first()
            if owner is not None and owner.external_id not in ("", external_id):
                raise DomainError(f"The SKU {sku} belongs to another product ({owner.external_id}).")
            if product is None and owner is not None:
                product = owner  # a product the shop made before it had ids: adopt it
        created = product is None
        if created:
            missing = {"sku", "name", "price"} - set(values)
            if missing:
                raise DomainError(f"A new product needs {', '.join(sorted(missing))}.")
            product = Product(external_id=external_id)
        changed = [name for name, value in values.items() if getattr(product, name) != value]
        for name in changed:
            setattr(product, name, values[name])
        if created:
            product.save()
        elif changed or not product.external_id:
            product.external_id = external_id
            product.save(update_fields=sorted({*changed, "external_id"}))
        if specs is not None:
            current = list(product.specs.order_by("position", "id").values_list("key", "value"))
            if current != [tuple(spec) for spec in specs]:
                product.specs.all().delete()
                ProductSpec.objects.bulk_create(
                    ProductSpec(product=product, position=position, key=key, value=value)
                    for position, (key, value) in enumerate(specs)
                )
    return product, created
