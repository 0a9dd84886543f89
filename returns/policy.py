"""The return policy applied to what a customer bought: can this unit go back, until when, and why not.

Dates are the shop's calendar days (Europe/Berlin): a window of 30 days for a parcel delivered on 2 December
ends with 1 January, 23:59:59 Berlin time, whatever the customer's time zone or a change to daylight saving in
between. A defect (a reason marked as such) is not a return but a warranty claim: the product's warranty
applies instead of the window, also for items excluded from returns.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Order, OrderLine
from returns.models import ReturnLine, ReturnPolicy, ReturnStatus
from tracking.models import ShipmentLine

# A return in one of these states no longer holds its units: they may be returned again.
RELEASED_STATUSES = (ReturnStatus.REJECTED, ReturnStatus.CANCELLED)


def policy_get() -> ReturnPolicy:
    return ReturnPolicy.objects.order_by("pk").first() or ReturnPolicy()


def window_days_for(*, line: OrderLine, policy: ReturnPolicy) -> int:
    """The product's own window, else its category's, else the shop's."""
    product = line.product
    if product is not None and product.return_window_days:
        return product.return_window_days
    if product is not None and product.category_id and product.category.return_window_days:
        return product.category.return_window_days
    return policy.window_days


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


@dataclass(frozen=True)
class LineEligibility:
    line: OrderLine
    delivered_on: date | None
    window_days: int
    return_until: date | None
    warranty_until: date | None
    excluded_reason: str  # why the item is excluded from returns ("" when it is not)
    quantity_open: int  # units not already on another return

    def can_return(self, *, today: date) -> bool:
        return (
            not self.excluded_reason
            and self.return_until is not None
            and today <= self.return_until
            and self.quantity_open > 0
        )

    def can_claim_defect(self, *, today: date) -> bool:
        return self.warranty_until is not None and today <= self.warranty_until and self.quantity_open > 0

    def refusal(self, *, today: date, defect: bool) -> str:
        """Why this line cannot be returned (or claimed), in words for the customer; "" when it can."""
        if self.delivered_on is None:
            return _("Dieser Artikel ist noch nicht vollständig bei dir angekommen.")
        if self.quantity_open <= 0:
            return _("Dieser Artikel ist schon vollständig in einer anderen Retoure.")
        if defect:
            if not self.can_claim_defect(today=today):
                return _("Die Garantie für diesen Artikel ist abgelaufen.")
            return ""
        if self.excluded_reason:
            return self.excluded_reason
        if not self.can_return(today=today):
            return _("Die Rückgabefrist ist am %(date)s abgelaufen.") % {
                "date": f"{self.return_until:%d.%m.%Y}"
            }
        return ""


def order_lines_eligibility(*, order: Order, policy: ReturnPolicy | None = None) -> list[LineEligibility]:
    """Every line of the order with its dates and open quantity, in a fixed number of queries."""
    policy = policy or policy_get()
    lines = list(
        order.lines.select_related("product__category").prefetch_related(
            Prefetch("shipment_lines", queryset=ShipmentLine.objects.select_related("shipment"))
        )
    )
    taken = dict(
        ReturnLine.objects.filter(order_line__order=order)
        .exclude(return_request__status__in=RELEASED_STATUSES)
        .values("order_line_id")
        .annotate(units=Sum("quantity"))
        .values_list("order_line_id", "units")
    )
    result = []
    for line in lines:
        shipped = sum(shipment_line.quantity for shipment_line in line.shipment_lines.all())
        delivered = [shipment_line.shipment.delivered_at for shipment_line in line.shipment_lines.all()]
        delivered_on = (
            local_day(max(delivered))
            if shipped >= line.quantity and delivered and None not in delivered
            else None
        )
        days = window_days_for(line=line, policy=policy)
        product = line.product
        excluded = ""
        if product is not None and not product.is_returnable:
            excluded = product.non_returnable_reason or _(
                "Dieser Artikel ist von der Rückgabe ausgeschlossen."
            )
        warranty_months = product.warranty_months if product is not None else 24
        result.append(
            LineEligibility(
                line=line,
                delivered_on=delivered_on,
                window_days=days,
                return_until=delivered_on + timedelta(days=days) if delivered_on else None,
                warranty_until=delivered_on + relativedelta(months=warranty_months) if delivered_on else None,
                excluded_reason=excluded,
                quantity_open=line.quantity - (taken.get(line.pk) or 0),
            )
        )
    return result


def product_variants(*, products) -> dict[int, list]:
    """For each product, the other variants (size, colour) it can be exchanged for: one query."""
    from orders.models import Product

    families = {product.family for product in products if product.family}
    if not families:
        return {}
    siblings = list(Product.objects.filter(family__in=families).order_by("name"))
    return {
        product.pk: [other for other in siblings if other.family == product.family and other.pk != product.pk]
        for product in products
        if product.family
    }
