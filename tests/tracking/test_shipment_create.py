"""Units go into parcels at most once, also when two requests race (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection

from core.errors import DomainError
from tests.factories import CarrierFactory, OrderLineFactory
from tracking.models import Shipment, ShipmentLine
from tracking.services import shipment_create


def test_a_parcel_cannot_hold_more_than_is_left_to_ship(db):
    line = OrderLineFactory(quantity=2, product_name="Trinkflasche")
    carrier = CarrierFactory()
    shipment_create(order=line.order, carrier=carrier, tracking_number="A1", lines=[(line, 1)])
    with pytest.raises(DomainError, match="Only 1 of Trinkflasche are left to ship, not 2"):
        shipment_create(order=line.order, carrier=carrier, tracking_number="A2", lines=[(line, 2)])
    assert Shipment.objects.count() == 1


def test_a_line_of_another_order_is_refused(db):
    line = OrderLineFactory()
    foreign_line = OrderLineFactory()
    with pytest.raises(DomainError, match="does not belong"):
        shipment_create(
            order=line.order, carrier=CarrierFactory(), tracking_number="B1", lines=[(foreign_line, 1)]
        )
    assert not Shipment.objects.exists()


def test_a_tracking_number_is_used_once_per_carrier(db):
    line = OrderLineFactory(quantity=2)
    carrier = CarrierFactory()
    shipment_create(order=line.order, carrier=carrier, tracking_number="C1", lines=[(line, 1)])
    with pytest.raises(DomainError, match="already in use"):
        shipment_create(order=line.order, carrier=carrier, tracking_number="C1", lines=[(line, 1)])
    assert ShipmentLine.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_parcels_for_the_last_unit_ship_it_once():
    line = OrderLineFactory(quantity=1)
    carrier = CarrierFactory()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def ship(number: str) -> None:
        try:
            barrier.wait(timeout=10)
            shipment_create(order=line.order, carrier=carrier, tracking_number=number, lines=[(line, 1)])
            outcomes.append("shipped")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=ship, args=(f"RACE-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "shipped"]
    assert ShipmentLine.objects.filter(order_line=line).count() == 1


def test_a_delivered_parcel_makes_the_order_delivered_with_both_timelines(db):
    from orders.models import OrderStatus
    from tracking.models import TrackingStatus
    from tracking.services import shipment_status_change

    line = OrderLineFactory(quantity=1)
    shipment = shipment_create(
        order=line.order, carrier=CarrierFactory(), tracking_number="D1", lines=[(line, 1)]
    )
    shipment_status_change(shipment=shipment, to_status=TrackingStatus.IN_TRANSIT)
    assert shipment.shipped_at is not None
    shipment_status_change(
        shipment=shipment, to_status=TrackingStatus.DELIVERED, reason="Zugestellt an Nachbarn"
    )
    assert shipment.delivered_at is not None
    line.order.refresh_from_db()
    assert line.order.status == OrderStatus.DELIVERED
    assert list(shipment.status_changes.values_list("to_status", flat=True)) == [
        "pending",
        "in_transit",
        "delivered",
    ]
    assert list(line.order.status_changes.values_list("to_status", flat=True)) == ["shipped", "delivered"]


def test_a_parcel_with_the_carrier_never_goes_back_to_pending(db):
    from core.errors import IllegalTransition
    from tracking.models import TrackingStatus
    from tracking.services import shipment_status_change

    line = OrderLineFactory(quantity=1)
    shipment = shipment_create(
        order=line.order, carrier=CarrierFactory(), tracking_number="E1", lines=[(line, 1)]
    )
    shipment_status_change(shipment=shipment, to_status=TrackingStatus.IN_TRANSIT)
    with pytest.raises(IllegalTransition):
        shipment_status_change(shipment=shipment, to_status=TrackingStatus.PENDING)
