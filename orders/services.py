"""Writes for orders. The order status is derived here and nowhere else."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError, IllegalTransition
from core.statuses import status_transition
from orders.models import Order, OrderLine, OrderNumberCounter, OrderStatus, PaymentMethodType, Product

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
    with transaction.atomic():
        counter, _ = OrderNumberCounter.objects.select_for_update().get_or_create(
            prefix=prefix, defaults={"last_value": 10_000_000}
        )
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
        return f"{prefix}{counter.last_value}"


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


def order_create(
    *,
    email: str,
    lines: Sequence[OrderLineInput],
    shipping_address: dict,
    billing_address: dict | None = None,
    payment_method_type: str = PaymentMethodType.CARD,
    payment_method_detail: str = "",
    shipping_total: Decimal = Decimal("0"),
    discount_total: Decimal = Decimal("0"),
    number: str = "",
    external_id: str = "",
    customer=None,
    language: str = "de",
    currency: str = "EUR",
    placed_at=None,
    actor_label: str = "shop",
) -> Order:
    """Record an order as the shop took it (prices are snapshots: gross, VAT included), with its first history
    row and its confirmation queued in the same transaction. Raises ``DomainError`` for inconsistent data."""
    if not lines:
        raise DomainError("An order needs at least one line.")
    if any(line.quantity < 1 or line.unit_price < 0 for line in lines):
        raise DomainError("Every line needs a quantity of at least 1 and a price of at least 0.")
    subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
    grand_total = subtotal + shipping_total - discount_total
    if grand_total < 0:
        raise DomainError("The discount is larger than the order.")
    if max(subtotal, grand_total, shipping_total, discount_total) >= MONEY_LIMIT:
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
    billing_address = billing_address or shipping_address
    product_ids = dict(Product.objects.filter(sku__in={line.sku for line in lines}).values_list("sku", "pk"))
    from api.webhooks import webhook_event_emit
    from notifications.services import order_confirmation_queue

    number = number.strip() or order_number_next()
    if Order.objects.filter(number=number).exists():
        raise DomainError(f"An order with the number {number} exists already.")
    if external_id and Order.objects.filter(external_id=external_id).exists():
        raise DomainError(f"An order with the external id {external_id} exists already.")
    with transaction.atomic():
        order = Order.objects.create(
            number=number,
            external_id=external_id,
            customer=customer,
            email=email.strip().lower(),
            language=language,
            placed_at=placed_at or timezone.now(),
            currency=currency,
            **{f"shipping_{key}": value for key, value in shipping_address.items()},
            **{f"billing_{key}": value for key, value in billing_address.items()},
            payment_method_type=payment_method_type,
            payment_method_detail=payment_method_detail,
            subtotal=subtotal,
            shipping_total=shipping_total,
            discount_total=discount_total,
            tax_total=tax_total,
            grand_total=grand_total,
        )
        written = OrderLine.objects.bulk_create(
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
            for position, line in enumerate(lines)
        )
        # The lines just written are the order's lines, in their order: the confirmation's payload and the
        # caller's answer read them from here instead of from the database (as a prefetch would leave them).
        order_lines = order.lines.all()
        order_lines._result_cache, order_lines._prefetch_done = written, True
        order._prefetched_objects_cache = {"lines": order_lines}
        order.status_changes.create(
            to_status=order.status, changed_at=order.placed_at, actor_label=actor_label, reason="order placed"
        )
        order_confirmation_queue(order=order)
        webhook_event_emit(event="order.created", payload={"number": order.number, "status": order.status})
    return order


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
