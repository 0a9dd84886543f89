"""Shop owners edit templates in the admin: validation, preview with a real order, test send, versions."""

import pytest
from django.core import mail

from notifications.models import Message, MessageTemplate, MessageTemplateVersion
from notifications.rendering import message_render
from notifications.services import message_send
from tests.factories import OrderLineFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/notifications/messagetemplate/add/"


@pytest.fixture
def owner(client):
    user = StaffFactory(email="inhaberin@example.com")
    client.force_login(user)
    return user


def form(**overrides):
    data = {
        "key": "order_confirmation",
        "language": "de",
        "channel": "email",
        "subject": "Hurra, {{ customer.first_name }}! Bestellung {{ order.number }}",
        "body_text": "Moin {{ customer.first_name }}, alles zu deiner Bestellung: {{ order.url }}",
        "body_html": '<p>Moin!</p><p><a href="{{ order.url }}">Zur Bestellung</a></p>',
    }
    return {**data, **overrides}


def test_the_add_form_starts_from_the_shipped_default(client, owner):
    page = client.get(ADD_URL + "?key=shipment_delayed&language=de&channel=email").content.decode()
    assert "das tut uns leid" in page
    assert "shipment.delay_reason" in page  # the variables are documented beside the form


def test_a_template_with_errors_is_not_saved_and_the_owner_reads_why(client, owner):
    response = client.post(ADD_URL, form(body_text="Hallo {{ kunde.name }}", subject="{% if x %}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "unbekannte Variable „kunde.name“" in page
    assert "der Link {{ order.url }} fehlt" in page
    assert "Unclosed tag" in page
    assert not MessageTemplate.objects.exists()


def test_a_saved_template_is_what_customers_get_and_each_save_is_a_version(client, owner):
    assert client.post(ADD_URL, form()).status_code == 302
    template = MessageTemplate.objects.get()
    client.post(
        f"/admin/notifications/messagetemplate/{template.pk}/change/",
        form(subject="Zweite Fassung {{ order.number }}"),
    )
    versions = MessageTemplateVersion.objects.filter(key="order_confirmation")
    assert versions.count() == 2
    assert versions.first().saved_by == owner
    line = OrderLineFactory()
    rendered = message_render(
        key="order_confirmation", language="de", payload={"order": {"number": line.order.number}}
    )
    assert rendered.subject == f"Zweite Fassung {line.order.number}"

    first = versions.last()
    client.post(f"/admin/notifications/messagetemplate/{template.pk}/restore/{first.pk}/")
    template.refresh_from_db()
    assert template.subject.startswith("Hurra")
    assert versions.count() == 3


def test_deleting_the_shops_version_brings_back_the_default(client, owner):
    client.post(ADD_URL, form())
    template = MessageTemplate.objects.get()
    client.post(f"/admin/notifications/messagetemplate/{template.pk}/delete/", {"post": "yes"})
    assert not MessageTemplate.objects.exists()
    rendered = message_render(key="order_confirmation", language="de", payload={"order": {"number": "NH-1"}})
    assert rendered.subject == "Danke für deine Bestellung NH-1"


def test_preview_renders_with_a_real_order_and_test_send_goes_to_the_editor(client, owner):
    client.post(ADD_URL, form())
    template = MessageTemplate.objects.get()
    line = OrderLineFactory(order__customer__first_name="Greta", product_name="Leinenbettwäsche")
    url = f"/admin/notifications/messagetemplate/{template.pk}/preview/"
    page = client.get(url, {"order": line.order.number}).content.decode()
    assert f"Hurra, Greta! Bestellung {line.order.number}" in page
    assert "Moin Greta" in page

    response = client.post(url, {"order": line.order.number, "test_send": "1"})
    assert response.status_code == 302
    message = Message.objects.get(recipient="inhaberin@example.com")
    message_send(message_id=message.pk)
    assert mail.outbox[0].to == ["inhaberin@example.com"]
    assert mail.outbox[0].subject == f"Hurra, Greta! Bestellung {line.order.number}"


def test_the_library_lists_every_template_with_edit_links(client, owner):
    page = client.get("/admin/notifications/messagetemplate/library/").content.decode()
    assert "shipment_ready_for_pickup" in page
    assert "?key=shipment_delivered&amp;language=en&amp;channel=sms" in page


def test_staff_resend_a_message_as_a_new_message(client, owner, django_capture_on_commit_callbacks):
    from notifications.services import order_confirmation_queue

    line = OrderLineFactory()
    original, _ = order_confirmation_queue(order=line.order)
    message_send(message_id=original.pk)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        response = client.post(
            "/admin/notifications/message/", {"action": "resend", "_selected_action": [original.pk]}
        )
    assert response.status_code == 302
    copy = Message.objects.exclude(pk=original.pk).get()
    assert copy.idempotency_key.startswith(f"resend:{original.pk}:")
    assert (copy.template_key, copy.recipient, copy.payload) == (
        original.template_key,
        original.recipient,
        original.payload,
    )
    assert copy.status_changes.get().actor == owner
    assert len(enqueued) == 1
