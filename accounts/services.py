"""Writes for the customer area: activation, profile, guest lookup."""

from django.db import transaction
from django.utils import timezone

from accounts.access import magic_link_url
from accounts.models import User
from notifications.services import magic_link_queue
from orders.models import Order


def guest_lookup_request(*, number: str, email: str) -> bool:
    """Send the order's magic link to the order's email if number and email match an order. The caller
    answers the same either way (no enumeration); the return value is for tests and logs only."""
    order = (
        Order.objects.select_related("customer")
        .filter(number=number.strip().upper(), email__iexact=email.strip())
        .first()
    )
    if order is None:
        return False
    now = timezone.now()
    window = f"{now:%Y%m%d%H}{now.minute // 10}"  # one email per ten minutes, however often asked
    with transaction.atomic():
        magic_link_queue(order=order, url=magic_link_url(order=order), window=window)
    return True


@transaction.atomic
def account_activate(*, email: str, password: str, language: str) -> User:
    """Give the address an account with this password (or set the password of the account the shop made
    for it without one), and attach its guest orders to it."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.email_lookup(email).select_for_update().first()
    if user is None:
        first_order = Order.objects.filter(email__iexact=email).order_by("placed_at").first()
        user = User(
            email=email,
            language=language,
            first_name=first_order.billing_first_name if first_order else "",
            last_name=first_order.billing_last_name if first_order else "",
        )
    user.set_password(password)
    user.is_active = True
    user.save()
    Order.objects.filter(customer__isnull=True, email__iexact=email).update(customer=user)
    return user


def account_can_be_activated(*, email: str) -> bool:
    """True unless the address already has an account with a password."""
    user = User.objects.email_lookup(email).only("password").first()
    return user is None or not user.has_usable_password()


def user_profile_update(*, user: User, first_name: str, last_name: str, language: str) -> User:
    user.first_name = first_name
    user.last_name = last_name
    user.language = language
    user.save(update_fields=["first_name", "last_name", "language"])
    return user


def user_language_set(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def user_phone_set(*, user: User, phone: str) -> User:
    user.phone = phone
    user.save(update_fields=["phone"])
    return user
