from tests.factories import ShipmentLineFactory, TrackingEventFactory


def test_factories_build_a_shipped_order(db):
    line = ShipmentLineFactory()
    event = TrackingEventFactory(shipment=line.shipment)
    assert line.order_line.order == line.shipment.order
    assert event.shipment.order.lines.count() == 1
