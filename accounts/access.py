"""Magic links and activation links: signed, expiring, and each good for one order (or one email) only.

A magic link opens one order's pages without a password. Following it stores a *grant* for that order
number in the session (with the link's own expiry); the customer area then shows that order, and only that
order, to whoever holds the session. The rest of the account still needs the password.
"""

import time

from django.conf import settings
from django.core import signing
from django.urls import reverse

from orders.models import Order

MAGIC_LINK_SALT = "accounts.magic-link"
ACTIVATION_SALT = "accounts.activation"
SESSION_GRANTS_KEY = "order_grants"


class LinkInvalid(Exception):
    """Tampered with, or made for something else."""


class LinkExpired(Exception):
    pass


def magic_link_token(*, order: Order) -> str:
    # The email is part of the signed value: once the order's email changes, old links stop working.
    return signing.dumps({"n": order.number, "e": order.email.lower()}, salt=MAGIC_LINK_SALT, compress=True)


def magic_link_path(*, order: Order) -> str:
    return reverse("magic_link", kwargs={"number": order.number, "token": magic_link_token(order=order)})


def magic_link_url(*, order: Order) -> str:
    """The absolute link for emails: every order email can carry it."""
    return f"{settings.SHOP_BASE_URL}{magic_link_path(order=order)}"


def magic_link_check(*, token: str, number: str) -> int:
    """When the link expires (epoch seconds), if the token is genuine, unexpired, for this order number, and
    the order still has the email address the link was made for (a corrected address retires old links)."""
    try:
        value = signing.loads(token, salt=MAGIC_LINK_SALT, max_age=settings.MAGIC_LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(value, dict) or value.get("n") != number:
        raise LinkInvalid
    if not Order.objects.filter(number=number, email__iexact=value.get("e", "")).exists():
        raise LinkInvalid
    signed_at = signing.b62_decode(token.rsplit(":", 2)[1])
    return signed_at + settings.MAGIC_LINK_MAX_AGE


def order_grant_add(*, session, number: str, until: int) -> None:
    """Remember in the session that it may open this order, until the link itself expires."""
    grants = dict(session.get(SESSION_GRANTS_KEY, {}))
    grants[number] = until
    session[SESSION_GRANTS_KEY] = grants


def order_grants(*, session) -> frozenset[str]:
    """The order numbers this session holds an unexpired grant for."""
    now = time.time()
    return frozenset(number for number, until in session.get(SESSION_GRANTS_KEY, {}).items() if until > now)


def activation_token(*, email: str) -> str:
    return signing.dumps({"e": email.lower()}, salt=ACTIVATION_SALT)


def activation_url(*, email: str) -> str:
    path = reverse("account_activate", kwargs={"token": activation_token(email=email)})
    return f"{settings.SHOP_BASE_URL}{path}"


def activation_check(*, token: str) -> str:
    """The email address an activation link was sent to."""
    try:
        value = signing.loads(token, salt=ACTIVATION_SALT, max_age=settings.ACCOUNT_ACTIVATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(value, dict) or not value.get("e"):
        raise LinkInvalid
    return value["e"]
