"""Plain dict payloads, built when a message is queued. Templates never see model instances."""

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone, translation

from accounts.access import magic_link_url
from core.formatting import date_format, money_format
from orders.models import Order


def order_language(*, order: Order) -> str:
    """The language to write to a customer in: their account's preference, else the order's."""
    return order.customer.language if order.customer else order.language


def shop_payload() -> dict:
    address = ", ".join([getattr(settings, "SHOP_LEGAL_NAME", ""), *getattr(settings, "SHOP_ADDRESS", [])])
    return {"name": settings.SHOP_NAME, "url": settings.SHOP_BASE_URL, "address": address.strip(", ")}


def order_payload(*, order: Order, language: str) -> dict:
    def money(amount):
        return money_format(amount, order.currency, language)

    address_lines = [
        f"{order.shipping_first_name} {order.shipping_last_name}",
        order.shipping_company,
        order.shipping_street,
        order.shipping_extra,
        f"{order.shipping_postcode} {order.shipping_city}",
    ]
    return {
        "number": order.number,
        "placed_at": date_format(order.placed_at, language, with_time=True),
        "lines": [
            {
                "name": line.product_name,
                "sku": line.product_sku,
                "quantity": line.quantity,
                "unit_price": money(line.unit_price),
                "total": money(line.total),
            }
            for line in order.lines.all()
        ],
        "shipping_total": money(order.shipping_total),
        "grand_total": money(order.grand_total),
        "shipping_address": "\n".join(line for line in address_lines if line.strip()),
        "payment_method": " ".join(
            part for part in (order.get_payment_method_type_display(), order.payment_method_detail) if part
        ),
        # Every order email carries the signed link that opens this order without a password.
        "url": magic_link_url(order=order),
    }


def customer_payload(*, order: Order) -> dict:
    first_name = order.customer.first_name if order.customer else order.billing_first_name
    return {"first_name": first_name, "email": order.email}


def order_message_payload(*, order: Order, language: str) -> dict:
    """The payload of every message about an order: the shop, the customer and the order."""
    return {
        "shop": shop_payload(),
        "customer": customer_payload(order=order),
        "order": order_payload(order=order, language=language),
    }


def shipment_payload(*, shipment, language: str) -> dict:
    """The parcel a message is about: carrier, tracking number and link, estimate, delay and contents."""
    from tracking.statuses import delay_reason_text, status_text

    label, explanation = status_text(shipment.status, language)
    parcels = list(shipment.order.shipments.order_by("created_at", "id").values_list("pk", flat=True))

    def day(value):
        return date_format(value, language) if value else ""

    return {
        "carrier": shipment.carrier.name,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.carrier.tracking_url(shipment.tracking_number),
        "status": label,
        "status_explanation": explanation,
        "estimated_delivery": day(shipment.estimated_delivery),
        "original_estimated_delivery": day(shipment.original_estimated_delivery),
        "is_delayed": shipment.is_delayed,
        "delay_reason": delay_reason_text(shipment.delay_reason, language) if shipment.is_delayed else "",
        "items": [
            {"name": line.order_line.product_name, "quantity": line.quantity}
            for line in shipment.lines.select_related("order_line")
        ],
        "parcel_index": parcels.index(shipment.pk) + 1 if shipment.pk in parcels else 1,
        "parcel_count": len(parcels) or 1,
        "url": f"{settings.SHOP_BASE_URL}/account/orders/{shipment.order.number}/shipments/{shipment.pk}/",
    }


def shipment_message_payload(*, shipment, language: str) -> dict:
    return {
        **order_message_payload(order=shipment.order, language=language),
        "shipment": shipment_payload(shipment=shipment, language=language),
    }


def order_expected_by(*, order: Order, working_days: int = 3) -> date:
    """The day an order placed now should arrive at the latest, before the carrier names one: a number of
    working days (Monday to Friday) after it was placed."""
    day = timezone.localtime(order.placed_at).date()
    while working_days:
        day += timedelta(days=1)
        if day.weekday() < 5:
            working_days -= 1
    return day


def order_confirmation_payload(*, order: Order, language: str, variant: str) -> dict:
    """The confirmation's payload: the order's, plus what its variant promises (arrival, coupon, products)."""
    from coupons.services import coupon_issue_for_order
    from notifications.models import ConfirmationVariant
    from notifications.selectors import products_similar

    payload = order_message_payload(order=order, language=language)
    with translation.override(language):
        payload["order"]["status"] = str(order.get_status_display())
    payload["order"]["expected_by"] = date_format(order_expected_by(order=order), language)
    if variant == ConfirmationVariant.ENTICING:
        coupon = coupon_issue_for_order(order=order)
        payload["coupon"] = {
            "code": coupon.code,
            "percent_off": coupon.percent_off,
            "valid_until": date_format(coupon.valid_until, language),
        }
    if variant == ConfirmationVariant.SIMILAR:
        payload["similar"] = [
            {"name": product.name, "price": money_format(product.price, order.currency, language)}
            for product in products_similar(order=order)
        ]
    return payload


def return_payload(*, return_request, language: str) -> dict:
    """A return as its messages tell it: number, items with reasons, resolution, refund, staff's note."""
    order = return_request.order
    with translation.override(language):
        resolution = str(return_request.get_resolution_display())
        status = str(return_request.get_status_display())
    latest_change = return_request.status_changes.order_by("-changed_at", "-id").first()
    return {
        "number": return_request.number,
        "status": status,
        "resolution": resolution,
        "resolution_code": return_request.resolution,
        "lines": [
            {
                "name": line.order_line.product_name,
                "quantity": line.quantity,
                "reason": (line.reason.label_en or line.reason.label)
                if language == "en"
                else line.reason.label,
            }
            for line in return_request.lines.select_related("order_line", "reason")
        ],
        "refund_amount": money_format(return_request.refund_amount, order.currency, language)
        if return_request.refund_amount is not None
        else "",
        "note": latest_change.reason if latest_change else "",
        "url": f"{settings.SHOP_BASE_URL}/account/returns/{return_request.number}/",
    }


def return_message_payload(*, return_request, language: str) -> dict:
    return {
        **order_message_payload(order=return_request.order, language=language),
        "return": return_payload(return_request=return_request, language=language),
    }
