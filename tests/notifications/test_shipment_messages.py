from datetime import date

import pytest
from django.core import mail

from notifications.models import Message
from notifications.services import event_notify, message_send
from tests.factories import OrderFactory, ShipmentLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def split_order():
    order = OrderFactory(customer__first_name="Emil", customer__language="de")
    first = ShipmentLineFactory(
        shipment__order=order, order_line__product_name="Zelt Skagen 2", quantity=1
    ).shipment
    ShipmentLineFactory(shipment__order=order, order_line__product_name="Heringe (8 Stück)", quantity=1)
    return order, first


def test_a_shipping_notice_names_the_parcel_its_contents_and_the_tracking_link(split_order):
    order, shipment = split_order
    [(message, _)] = event_notify(event="shipped", order=order, shipment=shipment)
    message_send(message_id=message.pk)
    email = mail.outbox[0]
    assert email.subject == "Paket 1 von 2 deiner Bestellung ist unterwegs"
    assert "Hallo Emil," in email.body
    assert "1 × Zelt Skagen 2" in email.body
    assert "Heringe" not in email.body  # in the other parcel
    assert shipment.tracking_number in email.body
    assert f"/account/orders/{order.number}/shipments/{shipment.pk}/" in email.body
    assert shipment.carrier.tracking_url(shipment.tracking_number) in email.alternatives[0].content


def test_a_delay_apology_says_why_and_when_and_a_further_delay_is_told_again(split_order):
    _, shipment = split_order
    shipment.is_delayed = True
    shipment.delay_reason = "weather"
    shipment.original_estimated_delivery = date(2026, 12, 1)
    shipment.estimated_delivery = date(2026, 12, 3)
    shipment.save()

    def notify():
        [queued] = event_notify(
            event="delayed",
            order=shipment.order,
            shipment=shipment,
            variant=f":{shipment.estimated_delivery}",
        )
        return queued

    first, created = notify()
    again, created_again = notify()
    assert created and not created_again and first.pk == again.pk
    message_send(message_id=first.pk)
    body = mail.outbox[0].body
    assert "das tut uns leid" in mail.outbox[0].subject
    assert "Neuer voraussichtlicher Zustelltag: 03.12.2026 (statt 01.12.2026)." in body
    assert "Warum? " in body and "Warum? Der Paketdienst hat uns noch keinen Grund genannt." not in body

    shipment.estimated_delivery = date(2026, 12, 5)
    shipment.save()
    _, created_later = notify()
    assert created_later
    assert Message.objects.filter(template_key="shipment_delayed").count() == 2
