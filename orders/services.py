"""Writes for orders. The order status is derived here and nowhere else."""

from collections.abc import Iterable

from django.db import transaction

from core.statuses import status_transition
from orders.models import Order, OrderNumberCounter, OrderStatus

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
