"""Reads for products and orders, with their related rows fetched in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q, QuerySet

from orders.models import Order, OrderLine, OrderStatus, Product, ProductImage
from returns.models import ReturnRequest, ReturnStatus
from tracking.models import Shipment, ShipmentLine, TrackingStatus


def products_featured(*, limit: int = 6) -> QuerySet[Product]:
    """A few products for the shop's front page, each with its pictures (two queries in all)."""
    return (
        Product.objects.select_related("category")
        .prefetch_related(Prefetch("images", queryset=ProductImage.objects.order_by("position", "id")))
        .order_by("category__name", "name")[:limit]
    )


# --- The customer area ---------------------------------------------------------------------------------
# Every read below starts from ``orders_visible``: the orders that the person asking may see (their own
# when signed in, plus the ones a magic link granted). Someone else's order is then simply not found (404).
# Each function fetches its related rows with a fixed number of queries, however many lines, parcels,
# events or orders there are.

RETURN_STATUSES_OPEN = (
    ReturnStatus.REQUESTED,
    ReturnStatus.APPROVED,
    ReturnStatus.LABEL_ISSUED,
    ReturnStatus.IN_TRANSIT,
    ReturnStatus.RECEIVED,
)
TRACKING_STATUSES_NEEDING_ATTENTION = (
    TrackingStatus.AVAILABLE_FOR_PICKUP,
    TrackingStatus.FAILED_ATTEMPT,
    TrackingStatus.EXCEPTION,
    TrackingStatus.RETURNED_TO_SENDER,
)


def orders_visible(*, user, granted_numbers=()) -> QuerySet[Order]:
    """The orders this person may open: their own (signed in) and those granted by a magic link."""
    condition = Q(pk__in=[])
    if user is not None and user.is_authenticated:
        condition |= Q(customer=user)
    if granted_numbers:
        condition |= Q(number__in=list(granted_numbers))
    return Order.objects.filter(condition)


def _shipments_with_carrier() -> Prefetch:
    return Prefetch(
        "shipments",
        queryset=Shipment.objects.filter(return_request=None)
        .select_related("carrier")
        .order_by("created_at", "id"),
    )


def customer_orders(*, user, status: str = "") -> QuerySet[Order]:
    """The customer's orders, newest first, with their parcels (for the plain-language status) and the
    number of items. Two queries per page, plus the paginator's count."""
    orders = Order.objects.filter(customer=user)
    if status:
        orders = orders.filter(status=status)
    return (
        orders.annotate(item_count=Count("lines"))
        .prefetch_related(_shipments_with_carrier())
        .order_by("-placed_at", "-id")
    )


def customer_hub(*, user, recent: int = 5) -> dict:
    """What the hub shows: recent orders, open returns, parcels that need the customer's attention."""
    recent_orders = list(customer_orders(user=user)[:recent])
    open_returns = list(
        ReturnRequest.objects.filter(order__customer=user, status__in=RETURN_STATUSES_OPEN)
        .select_related("order")
        .order_by("-requested_at")[:10]
    )
    attention = list(
        Shipment.objects.filter(order__customer=user, return_request=None)
        .filter(Q(status__in=TRACKING_STATUSES_NEEDING_ATTENTION) | Q(is_delayed=True))
        .exclude(status=TrackingStatus.DELIVERED)
        .select_related("order", "carrier")
        .order_by("-last_event_at")[:10]
    )
    return {"recent_orders": recent_orders, "open_returns": open_returns, "attention": attention}


def order_shipping(*, orders: QuerySet[Order], number: str) -> Order | None:
    """One order with its parcels, each with carrier and contents, and the lines not shipped yet."""
    return (
        orders.filter(number=number)
        .prefetch_related(
            Prefetch(
                "shipments",
                queryset=Shipment.objects.filter(return_request=None)
                .select_related("carrier")
                .prefetch_related(
                    Prefetch(
                        "lines", queryset=ShipmentLine.objects.select_related("order_line").order_by("id")
                    )
                )
                .order_by("created_at", "id"),
            ),
            Prefetch("lines", queryset=OrderLine.objects.prefetch_related("shipment_lines")),
        )
        .first()
    )


def order_line_detail(*, orders: QuerySet[Order], number: str, line_id: int) -> OrderLine | None:
    """One line as bought: the product with category, specs and pictures, and the parcels it came in."""
    return (
        OrderLine.objects.filter(order__in=orders, order__number=number, pk=line_id)
        .select_related("order", "product__category")
        .prefetch_related(
            "product__specs",
            Prefetch("product__images", queryset=ProductImage.objects.order_by("position", "id")),
            Prefetch("shipment_lines", queryset=ShipmentLine.objects.select_related("shipment")),
        )
        .first()
    )


def order_for_invoice(*, orders: QuerySet[Order], number: str) -> Order | None:
    return (
        orders.filter(number=number).prefetch_related("lines").exclude(status=OrderStatus.CANCELLED).first()
    )
