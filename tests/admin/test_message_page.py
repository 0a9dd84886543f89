"""The message log: staff read what a customer was sent, safely, and cannot alter it."""

import html

import pytest

from notifications.models import Message
from tests.admin.helpers import admin_url, changelist_results
from tests.factories import MessageFactory, OrderFactory

pytestmark = pytest.mark.django_db

HOSTILE_HTML = '<p>Hallo</p><script>alert("admin")</script><img src=x onerror="alert(1)">"</iframe>'


def test_message_page_shows_the_email_without_running_its_html(staff_client):
    message = MessageFactory(
        subject="Deine Bestellung ist da", body_text="Hallo Erika", body_html=HOSTILE_HTML
    )

    response = staff_client.get(admin_url(message))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Deine Bestellung ist da" in content
    assert "Hallo Erika" in content
    assert "<script>alert" not in content
    assert "<img src=x onerror" not in content
    # The rendered email is in a sandboxed frame, escaped into its srcdoc attribute.
    assert 'sandbox=""' in content
    assert f'srcdoc="{html.escape(HOSTILE_HTML, quote=True)}"' in content


def test_message_log_is_read_only(staff_client):
    message = MessageFactory()

    assert staff_client.get(admin_url(Message, "add")).status_code == 403
    response = staff_client.get(admin_url(message))
    assert response.context["has_change_permission"] is False
    assert staff_client.post(admin_url(message), {"subject": "geändert"}).status_code == 403
    assert staff_client.post(admin_url(message, "delete"), {"post": "yes"}).status_code == 403
    message.refresh_from_db()
    assert message.subject != "geändert"


def test_message_search_by_recipient_order_number_and_template(staff_client):
    order = OrderFactory(number="T333001")
    by_order = MessageFactory(order=order, recipient="a@example.com", template_key="order_confirmation")
    shipped = MessageFactory(recipient="b@example.com", template_key="order_shipped")
    url = admin_url(Message, "changelist")

    assert changelist_results(staff_client.get(url, {"q": "T333001"})) == [by_order]
    assert changelist_results(staff_client.get(url, {"q": "b@example.com"})) == [shipped]
    assert changelist_results(staff_client.get(url, {"q": "order_shipped"})) == [shipped]
    assert changelist_results(staff_client.get(url, {"status__exact": "failed"})) == []
