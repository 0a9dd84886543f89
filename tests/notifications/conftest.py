import importlib

import pytest


@pytest.fixture(autouse=True)
def simple_order_confirmation(request):
    """Most tests here are about the outbox, not about which confirmation variant the shop's rules choose:
    they get the simple one. Tests of the rules ask for ``confirmation_rules`` (the shipped defaults)."""
    if "confirmation_rules" in request.fixturenames:
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    )
    if not (marker or "db" in request.fixturenames or transactional):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from notifications.models import ConfirmationRule

    ConfirmationRule.objects.all().delete()


@pytest.fixture
def confirmation_rules(db):
    """The rules as shipped (first order → welcome, otherwise → reassuring), whatever ran before."""
    from django.apps import apps

    from notifications.models import ConfirmationRule

    ConfirmationRule.objects.all().delete()
    importlib.import_module("notifications.migrations.0007_default_confirmation_rules").add_rules(apps, None)
    return list(ConfirmationRule.objects.all())
