import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from coupons.models import Coupon
from orders.models import Order

# No 0/O, 1/I/L: a code read aloud on the phone or typed from a printout must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def coupon_code_generate(*, prefix: str = "DANKE") -> str:
    return f"{prefix}-{''.join(secrets.choice(CODE_ALPHABET) for _ in range(8))}"


def coupon_issue_for_order(*, order: Order, percent_off: int = 10, valid_days: int = 60) -> Coupon:
    """The thank-you coupon for the next purchase after ``order``: one per order (the same one again when asked
    twice), a unique code."""
    existing = Coupon.objects.filter(issued_for=order).first()
    if existing:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Coupon.objects.create(
                    code=coupon_code_generate(),
                    percent_off=percent_off,
                    issued_for=order,
                    email=order.email.lower(),
                    customer=order.customer,
                    valid_until=timezone.localdate() + timedelta(days=valid_days),
                )
        except IntegrityError:
            existing = Coupon.objects.filter(issued_for=order).first()
            if existing:
                return existing  # issued by a concurrent request
    raise RuntimeError("could not find a free coupon code")  # 31^8 codes: practically unreachable
