"""/track/: order number and email send the magic link to the order's address, through the outbox. The
answer is the same whether or not the order exists, and the form is rate limited."""

import re

from django.urls import reverse

from notifications.models import Message
from tests.factories import OrderFactory


def page(response) -> str:
    """The page without its CSRF token, which differs on every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def lookup(client, number, email, address="203.0.113.7"):
    return client.post(reverse("guest_lookup"), {"number": number, "email": email}, REMOTE_ADDR=address)


def test_a_matching_order_gets_its_link_by_email_after_commit(client, db, django_capture_on_commit_callbacks):
    order = OrderFactory(customer=None, email="gast@example.com")
    with django_capture_on_commit_callbacks() as callbacks:
        response = lookup(client, order.number.lower(), "GAST@example.com")
    assert response.status_code == 200
    message = Message.objects.get(template_key="magic_link")
    assert message.recipient == "gast@example.com"
    assert message.order == order
    assert f"/account/orders/{order.number}/access/" in message.payload["link"]
    assert len(callbacks) == 1


def test_the_reply_is_the_same_whether_or_not_the_order_exists(client, db):
    order = OrderFactory(customer=None, email="gast@example.com")
    found = lookup(client, order.number, "gast@example.com", address="203.0.113.1")
    wrong_email = lookup(client, order.number, "jemand@example.com", address="203.0.113.2")
    missing = lookup(client, "NH-99999999", "gast@example.com", address="203.0.113.3")
    assert found.status_code == wrong_email.status_code == missing.status_code == 200
    assert page(found) == page(wrong_email) == page(missing)
    assert Message.objects.filter(template_key="magic_link").count() == 1


def test_asking_again_soon_sends_one_email(client, db):
    order = OrderFactory(customer=None, email="gast@example.com")
    for _ in range(3):
        lookup(client, order.number, "gast@example.com")
    assert Message.objects.filter(template_key="magic_link").count() == 1


def test_one_address_is_rate_limited(client, db, settings):
    settings.GUEST_LOOKUP_LIMIT_PER_ADDRESS = 3
    statuses = [lookup(client, f"NH-{n}", "x@example.com").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert lookup(client, "NH-9", "x@example.com", address="198.51.100.1").status_code == 200


def test_one_order_number_is_rate_limited_from_any_address(client, db, settings):
    settings.GUEST_LOOKUP_LIMIT_PER_NUMBER = 2
    statuses = [
        lookup(client, "NH-1", "x@example.com", address=f"198.51.100.{n}").status_code for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]
    assert (
        "Zu viele Anfragen"
        in lookup(client, "NH-1", "x@example.com", address="198.51.100.9").content.decode()
    )
