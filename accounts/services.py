"""Writes for the customer area: activation, profile, guest lookup."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.access import magic_link_url
from accounts.models import User
from core.errors import DomainError
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


CUSTOMER_FIELDS = ("email", "first_name", "last_name", "language", "phone")


def customer_upsert(*, external_id: str, values: dict) -> tuple[User, bool]:
    """Create or update the customer the shop knows as ``external_id``; return it and whether it was created.

    An account that already has the address (made in Mein Konto, or by an earlier import) is adopted, not
    duplicated; an address that belongs to another shop customer is refused. A new account has no password:
    the customer activates it from an order email. The customer's guest orders are attached. Safe to repeat.
    """
    unknown = set(values) - set(CUSTOMER_FIELDS)
    if unknown:
        raise ValueError(f"not customer fields: {sorted(unknown)}")
    external_id = external_id.strip()
    if not external_id:
        raise DomainError("A customer needs an external id.")
    values = dict(values)
    if "email" in values:
        values["email"] = User.objects.normalize_email(values["email"].strip()).lower()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(external_id=external_id).first()
        if "email" in values:
            owner = User.objects.email_lookup(values["email"]).select_for_update().first()
            if owner is not None and user is not None and owner.pk != user.pk:
                raise DomainError(f"The address {values['email']} belongs to another customer.")
            if owner is not None and owner.external_id not in ("", external_id):
                raise DomainError(f"The address {values['email']} belongs to another customer.")
            if owner is not None and owner.is_staff:
                raise DomainError(f"The address {values['email']} belongs to a member of staff.")
            user = user or owner
        created = user is None
        if created:
            if "email" not in values:
                raise DomainError("A new customer needs an email address.")
            user = User(external_id=external_id)
            user.set_unusable_password()
        changed = [name for name, value in values.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, values[name])
        if created:
            user.save()
        elif changed or user.external_id != external_id:
            user.external_id = external_id
            user.save(update_fields=sorted({*changed, "external_id"}))
        Order.objects.filter(customer__isnull=True, email=user.email).update(customer=user)
    return user, created


def customer_for_order(*, email: str, external_id: str = "") -> User | None:
    """The account an incoming order belongs to: the customer with the shop's id if given (``DomainError``
    when unknown), else the account with the order's address, else none (a guest order)."""
    [found] = customers_for_orders(wanted=[(email, external_id)])
    if isinstance(found, DomainError):
        raise found
    return found


def customers_for_orders(*, wanted: Sequence[tuple[str, str]]) -> list[User | None | DomainError]:
    """``customer_for_order`` for a batch of ``(email, external_id)`` pairs, with one query for all of them;
    returns, in order, each pair's ``User``, None (a guest order) or the ``DomainError`` for an unknown
    external id."""
    external_ids = {external_id for _email, external_id in wanted if external_id}
    emails = {email.strip().lower() for email, external_id in wanted if not external_id and email.strip()}
    if not external_ids and not emails:
        return [None] * len(wanted)
    found = list(
        User.objects.alias(email_lower=Lower("email")).filter(
            Q(external_id__in=external_ids) | Q(email_lower__in=emails, is_staff=False)
        )
    )
    by_external_id = {user.external_id: user for user in found if user.external_id in external_ids}
    by_email = {user.email.lower(): user for user in found if not user.is_staff}
    results: list[User | None | DomainError] = []
    for email, external_id in wanted:
        if external_id:
            user = by_external_id.get(external_id)
            results.append(user or DomainError(f"No customer has the external id {external_id}."))
        else:
            results.append(by_email.get(email.strip().lower()))
    return results
