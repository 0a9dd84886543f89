"""Fixtures for tracking: signed webhook requests, the event-code table, inline refresh."""

import importlib
import json
import time

import pytest
from django.apps import apps

from tracking import services
from tracking.models import CarrierEventCode
from tracking.webhooks import aftership_signature, postpurchase_signature

SECRET = "whsec-current-0123456789"
OLD_SECRET = "whsec-previous-9876543210"
AFTERSHIP_SECRET = "aftership-shop-secret"


@pytest.fixture(autouse=True)
def event_codes(request):
    """The code table comes from a data migration; a transactional test of an earlier run may have
    flushed it from a reused database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and "db" not in request.fixturenames:
        return
    transactional = bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    if not CarrierEventCode.objects.filter(needs_review=False).exists():
        importlib.import_module("tracking.migrations.0002_carriers").add_carriers(apps, None)
        importlib.import_module("tracking.migrations.0004_carrier_event_codes").add_event_codes(apps, None)


@pytest.fixture(autouse=True)
def fresh_event_codes_cache():
    """Each test sees the code table of its own database state, not one cached by an earlier test."""
    services.event_codes_forget()
    yield
    services.event_codes_forget()


@pytest.fixture(autouse=True)
def webhook_secrets(settings):
    settings.TRACKING_WEBHOOK_SECRETS = [SECRET, OLD_SECRET]
    settings.AFTERSHIP_WEBHOOK_SECRET = AFTERSHIP_SECRET


@pytest.fixture
def refresh_inline(monkeypatch):
    """The worker's refresh runs in-process when the request's transaction commits (the broker is outside
    what these tests are about)."""
    monkeypatch.setattr(services, "tracking_refresh_soon", lambda: services.tracking_events_process())


def sign(body: bytes, *, secret: str = SECRET, at: int | None = None) -> str:
    return postpurchase_signature(secret=secret, timestamp=int(time.time()) if at is None else at, body=body)


@pytest.fixture
def post_events(client, django_capture_on_commit_callbacks, refresh_inline):
    """POST a body to /webhooks/tracking/, signed unless told otherwise; commit callbacks run."""

    def post(payload, *, signature: str | None = "sign", raw: bytes | None = None):
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {}
        if signature == "sign":
            headers["HTTP_X_POSTPURCHASE_SIGNATURE"] = sign(body)
        elif signature is not None:
            headers["HTTP_X_POSTPURCHASE_SIGNATURE"] = signature
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/webhooks/tracking/", data=body, content_type="application/json", **headers)

    return post


@pytest.fixture
def post_aftership(client, django_capture_on_commit_callbacks, refresh_inline):
    def post(payload, *, secret: str | None = AFTERSHIP_SECRET):
        body = json.dumps(payload).encode()
        headers = {}
        if secret is not None:
            headers["HTTP_AFTERSHIP_HMAC_SHA256"] = aftership_signature(secret=secret, body=body)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/webhooks/aftership/", data=body, content_type="application/json", **headers)

    return post
