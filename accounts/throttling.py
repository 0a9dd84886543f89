"""Counters in the cache (Redis when REDIS_URL is set, else local memory) for login and guest lookup limits.

Login failures count per (email, client address) pair: someone guessing a customer's password from one
address locks only that pair, and the real owner can still sign in from home. Keys are hashed so that no
email address is stored in the cache in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # Behind a reverse proxy, set it up to overwrite REMOTE_ADDR (gunicorn's forwarded_allow_ips); a client
    # could forge X-Forwarded-For, so it is not read here.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"accounts:{kind}:{digest}"


def _hit(key: str, window_seconds: int) -> int:
    """Count one more event in the window that started with the first one; return the count."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def login_locked(*, email: str, address: str) -> bool:
    count = cache.get(_key("login", email.strip().lower(), address), 0)
    return count >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, email: str, address: str) -> int:
    return _hit(_key("login", email.strip().lower(), address), settings.LOGIN_LOCKOUT_SECONDS)


def login_failures_clear(*, email: str, address: str) -> None:
    cache.delete(_key("login", email.strip().lower(), address))


def guest_lookup_allowed(*, number: str, address: str) -> bool:
    """Count this lookup; False once the address or the order number has used up its allowance."""
    window = settings.GUEST_LOOKUP_WINDOW_SECONDS
    by_address = _hit(_key("lookup-address", address), window)
    by_number = _hit(_key("lookup-number", number.strip().upper()), window)
    return (
        by_address <= settings.GUEST_LOOKUP_LIMIT_PER_ADDRESS
        and by_number <= settings.GUEST_LOOKUP_LIMIT_PER_NUMBER
    )
