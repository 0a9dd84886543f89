"""Writes for shipments. Tracking events enter through the ingestion service (see the tracking issue)."""

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import DomainError
from core.statuses import status_transition
from orders.models import Order, OrderLine
from orders.services import order_status_refresh
from tracking.models import Carrier, Shipment, ShipmentLine, TrackingStatus

_ACTIVE = frozenset(
    {
        TrackingStatus.INFO_RECEIVED,
        TrackingStatus.IN_TRANSIT,
        TrackingStatus.OUT_FOR_DELIVERY,
        TrackingStatus.AVAILABLE_FOR_PICKUP,
        TrackingStatus.FAILED_ATTEMPT,
        TrackingStatus.EXCEPTION,
        TrackingStatus.DELIVERED,
        TrackingStatus.RETURNED_TO_SENDER,
        TrackingStatus.EXPIRED,
    }
)
# A parcel never goes back to "pending" once the carrier has it. "delivered" and "returned_to_sender" are
# final unless a later scan really says otherwise (a parcel delivered to the wrong address is picked up
# again; a returned parcel is sent out anew), which is why they are not dead ends.
SHIPMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    TrackingStatus.PENDING: _ACTIVE,
    **{status: _ACTIVE - {status} for status in _ACTIVE},
}


def shipment_status_change(
    *, shipment: Shipment, to_status: str, at=None, actor=None, actor_label: str = "carrier", reason: str = ""
) -> bool:
    """Move a parcel to ``to_status`` (with a history row) and refresh its order's derived status."""
    with transaction.atomic():
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        at = at or timezone.now()
        update_fields = []
        if to_status != TrackingStatus.PENDING and locked.shipped_at is None:
            locked.shipped_at = at
            update_fields.append("shipped_at")
        if to_status == TrackingStatus.DELIVERED:
            locked.delivered_at = at
            update_fields.append("delivered_at")
        changed = status_transition(
            instance=locked,
            to_status=to_status,
            transitions=SHIPMENT_TRANSITIONS,
            actor=actor,
            actor_label=actor_label,
            reason=reason,
            at=at,
            extra_update_fields=tuple(update_fields),
        )
        if changed:
            order_status_refresh(order_id=locked.order_id, actor=actor, actor_label=actor_label)
    shipment.refresh_from_db()
    return changed


def shipment_create(
    *,
    order: Order,
    carrier: Carrier,
    tracking_number: str,
    lines: Sequence[tuple[OrderLine, int]],
    estimated_delivery=None,
    actor=None,
    actor_label: str = "system",
) -> Shipment:
    """Put quantities of the order's lines into a new parcel.

    The order row is locked while the unshipped quantities are checked, so that two concurrent requests
    cannot put the same unit into two parcels.
    """
    tracking_number = tracking_number.strip()
    if not tracking_number:
        raise DomainError("A shipment needs a tracking number.")
    if not lines:
        raise DomainError("A shipment needs at least one order line.")
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=order.pk)
        order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
        already_shipped: dict[int, int] = {}
        for line_id, quantity in ShipmentLine.objects.filter(order_line__order=order).values_list(
            "order_line_id", "quantity"
        ):
            already_shipped[line_id] = already_shipped.get(line_id, 0) + quantity
        for line, quantity in lines:
            if line.pk not in order_lines:
                raise DomainError(f"Order line {line.pk} does not belong to order {order.number}.")
            if quantity < 1:
                raise DomainError(f"Quantity for {line.product_name} must be at least 1.")
            open_quantity = order_lines[line.pk].quantity - already_shipped.get(line.pk, 0)
            if quantity > open_quantity:
                raise DomainError(
                    f"Only {open_quantity} of {line.product_name} are left to ship, not {quantity}."
                )
        try:
            with transaction.atomic():
                shipment = Shipment.objects.create(
                    order=order,
                    carrier=carrier,
                    tracking_number=tracking_number,
                    status=TrackingStatus.PENDING,
                    estimated_delivery=estimated_delivery,
                    original_estimated_delivery=estimated_delivery,
                )
        except IntegrityError as exc:
            raise DomainError(f"{carrier.name} tracking number {tracking_number} is already in use.") from exc
        ShipmentLine.objects.bulk_create(
            ShipmentLine(shipment=shipment, order_line=line, quantity=quantity) for line, quantity in lines
        )
        shipment.status_changes.create(
            from_status="",
            to_status=TrackingStatus.PENDING,
            changed_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label,
        )
        order_status_refresh(order_id=order.pk, actor=actor, actor_label=actor_label)
    return shipment
