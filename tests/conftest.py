"""Shared fixtures.

Tests that need a real service are marked ``postgres`` or ``redis``. Without the service they skip and say
why; with ``REQUIRE_SERVICES=1`` (CI) they fail instead, so that CI can never pass by skipping.
"""

import os

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def service_unavailable(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def redis_unreachable_reason() -> str | None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return "needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as exc:
        return f"needs Redis at {url}: {exc}"
    return None


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        service_unavailable("needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test")
    if item.get_closest_marker("redis"):
        reason = redis_unreachable_reason()
        if reason:
            service_unavailable(reason)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Put back the rows that data migrations create (carriers, return reasons): a transactional test of an
    earlier run may have flushed them from a reused test database."""
    import importlib

    from django.apps import apps

    with django_db_blocker.unblock():
        importlib.import_module("tracking.migrations.0002_carriers").add_carriers(apps, None)
        importlib.import_module("returns.migrations.0002_default_reasons").add_reasons(apps, None)
        importlib.import_module("notifications.migrations.0007_default_confirmation_rules").add_rules(
            apps, None
        )
        importlib.import_module("returns.migrations.0004_default_policy").add_policy(apps, None)


@pytest.fixture(autouse=True)
def fresh_notification_settings():
    """Each test sees the message settings and confirmation rules of its own database state, not the ones an
    earlier test left in the process's cache."""
    from notifications.selectors import notification_settings_forget

    notification_settings_forget()
    yield
    notification_settings_forget()
