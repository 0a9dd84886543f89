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
