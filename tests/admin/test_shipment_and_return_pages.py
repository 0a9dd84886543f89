"""Parcels and returns: found by their numbers, shown with their contents and read-only history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from returns.models import ReturnRequest, ReturnStatusChange
from tests.admin.helpers import admin_url, changelist_results
from tests.factories import (
    CarrierFactory,
    OrderFactory,
    ReturnLineFactory,
    ReturnRequestFactory,
    ShipmentFactory,
    ShipmentLineFactory,
    TrackingEventFactory,
)
from tracking.models import Shipment, ShipmentStatusChange

pytestmark = pytest.mark.django_db


def test_shipment_search_by_tracking_number_and_order_number(staff_client):
    wanted = ShipmentFactory(tracking_number="00340434160000000042", order__number="T123450")
    other = ShipmentFactory(order__number="T123451")
    url = admin_url(Shipment, "changelist")

    assert changelist_results(staff_client.get(url, {"q": "00340434160000000042"})) == [wanted]
    assert changelist_results(staff_client.get(url, {"q": "T123451"})) == [other]


def test_shipment_filters_by_carrier_and_delay(staff_client):
    dpd = CarrierFactory(code="dpd")
    late = ShipmentFactory(carrier=dpd, is_delayed=True)
    on_time = ShipmentFactory(carrier=dpd)
    url = admin_url(Shipment, "changelist")

    assert changelist_results(staff_client.get(url, {"is_delayed__exact": "1"})) == [late]
    by_carrier = changelist_results(staff_client.get(url, {"carrier__id__exact": dpd.pk}))
    assert set(by_carrier) == {late, on_time}


def test_shipment_page_shows_contents_events_newest_first_and_read_only_history(staff_client):
    line = ShipmentLineFactory(order_line__product_name="Wanderrucksack 30 l")
    shipment = line.shipment
    now = timezone.now()
    TrackingEventFactory(shipment=shipment, occurred_at=now - timedelta(hours=5), location="Hamburg")
    TrackingEventFactory(shipment=shipment, occurred_at=now, location="Köln")
    ShipmentStatusChange.objects.create(shipment=shipment, to_status="in_transit", changed_at=now)

    response = staff_client.get(admin_url(shipment))

    content = response.content.decode()
    assert "Wanderrucksack 30 l" in content
    assert content.index("Köln") < content.index("Hamburg")
    assert f'href="{shipment.tracking_url}"' in content
    assert "Unterwegs" in content
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "tracking_number" in form.fields
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_delete_permission


def test_return_search_by_return_number_order_number_and_email(staff_client):
    order = OrderFactory(number="T222001", email="retoure@example.com")
    wanted = ReturnRequestFactory(number="R222001", order=order)
    other = ReturnRequestFactory(number="R222002")
    url = admin_url(ReturnRequest, "changelist")

    assert changelist_results(staff_client.get(url, {"q": "R222001"})) == [wanted]
    assert changelist_results(staff_client.get(url, {"q": "T222001"})) == [wanted]
    assert changelist_results(staff_client.get(url, {"q": "retoure@example.com"})) == [wanted]
    assert changelist_results(staff_client.get(url, {"q": other.order.number})) == [other]


def test_return_filters_by_status_and_resolution(staff_client):
    approved = ReturnRequestFactory(status="approved", resolution="exchange")
    requested = ReturnRequestFactory(status="requested", resolution="refund")
    url = admin_url(ReturnRequest, "changelist")

    assert changelist_results(staff_client.get(url, {"status__exact": "approved"})) == [approved]
    assert changelist_results(staff_client.get(url, {"resolution__exact": "refund"})) == [requested]


def test_return_page_shows_lines_and_read_only_history(staff_client):
    line = ReturnLineFactory(order_line__product_name="Regenjacke Sturm")
    ReturnStatusChange.objects.create(
        return_request=line.return_request,
        from_status="requested",
        to_status="approved",
        changed_at=timezone.now(),
    )

    response = staff_client.get(admin_url(line.return_request))

    content = response.content.decode()
    assert "Regenjacke Sturm" in content
    assert "Genehmigt" in content
    history = next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.opts.model is ReturnStatusChange
    )
    assert not history.has_add_permission
    assert not history.has_change_permission
    assert not history.has_delete_permission
