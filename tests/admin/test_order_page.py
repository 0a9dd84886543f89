"""The order page shows support everything about an order, and keeps history and snapshots read-only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OrderStatus, OrderStatusChange
from tests.admin.helpers import admin_url, change_form_post_data
from tests.factories import (
    MessageFactory,
    OrderFactory,
    OrderLineFactory,
    ReturnLineFactory,
    ShipmentFactory,
    ShipmentLineFactory,
    TrackingEventFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def order():
    order = OrderFactory(number="T555001", status=OrderStatus.SHIPPED)
    line = OrderLineFactory(
        order=order, product_name="Thermobecher Nordlicht", product_sku="NH-77777", quantity=3
    )
    shipment = ShipmentFactory(order=order, tracking_number="00340434169999999999")
    ShipmentLineFactory(shipment=shipment, order_line=line, quantity=3)
    now = timezone.now()
    TrackingEventFactory(
        shipment=shipment, occurred_at=now - timedelta(days=1), location="Paketzentrum Hamburg"
    )
    TrackingEventFactory(
        shipment=shipment,
        occurred_at=now,
        status="out_for_delivery",
        location="Zustellbasis Köln",
        description="Die Sendung wird heute zugestellt.",
    )
    ReturnLineFactory(return_request__order=order, return_request__number="R777001", order_line=line)
    MessageFactory(order=order, subject="Deine Bestellung ist unterwegs", template_key="order_shipped")
    OrderStatusChange.objects.create(
        order=order, from_status="placed", to_status="shipped", changed_at=now, actor_label="system"
    )
    return order


def test_order_page_shows_lines_shipments_events_returns_and_messages(staff_client, order):
    response = staff_client.get(admin_url(order))

    assert response.status_code == 200
    content = response.content.decode()
    # The line as bought, with its total.
    assert "Thermobecher Nordlicht" in content
    assert "NH-77777" in content
    assert "74,70 EUR" in content
    # The parcel, its tracking number linked to the carrier and its own admin page.
    shipment = order.shipments.get()
    assert f'href="{shipment.tracking_url}"' in content
    assert admin_url(shipment) in content
    # The tracking events, newest first.
    assert content.index("Zustellbasis Köln") < content.index("Paketzentrum Hamburg")
    assert "In Zustellung" in content
    # The return and the message, linked.
    return_request = order.returns.get()
    assert "R777001" in content
    assert admin_url(return_request) in content
    message = order.messages.get()
    assert "Deine Bestellung ist unterwegs" in content
    assert admin_url(message) in content
    # The history with readable statuses, and the address and payment groups.
    assert "Versandt" in content
    assert "Lieferadresse" in content
    assert "Rechnungsadresse" in content
    assert "Visa •••• 4242" in content


def test_order_status_is_not_an_editable_field(staff_client, order):
    response = staff_client.get(admin_url(order))

    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "grand_total" not in form.fields
    assert "shipping_street" in form.fields


def test_history_inline_offers_no_add_or_delete(staff_client, order):
    response = staff_client.get(admin_url(order))

    history = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is OrderStatusChange
    )
    assert not history.has_add_permission
    assert not history.has_change_permission
    assert not history.has_delete_permission
    assert history.formset.extra == 0
    assert "status_changes-0-DELETE" not in response.content.decode()


def test_posting_the_order_form_cannot_change_add_or_delete_history(staff_client, order):
    response = staff_client.get(admin_url(order))
    data = change_form_post_data(response)
    history_before = list(OrderStatusChange.objects.values_list("id", "from_status", "to_status", "reason"))
    # A hand-crafted request: rewrite the row, delete it and add a new one.
    data.update(
        {
            "status_changes-0-to_status": "cancelled",
            "status_changes-0-reason": "manipuliert",
            "status_changes-0-DELETE": "on",
            "status_changes-TOTAL_FORMS": "2",
            "status_changes-1-to_status": "cancelled",
            "status_changes-1-changed_at": "2024-01-01 10:00",
            "status_changes-1-reason": "neu",
            "shipping_street": "Neue Straße 1",
        }
    )

    response = staff_client.post(admin_url(order), data)

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    order.refresh_from_db()
    assert order.shipping_street == "Neue Straße 1"  # the editable part was saved
    assert order.status == OrderStatus.SHIPPED
    assert list(OrderStatusChange.objects.values_list("id", "from_status", "to_status", "reason")) == (
        history_before
    )
