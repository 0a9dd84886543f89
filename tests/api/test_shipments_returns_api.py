"""Parcels and scans through the API use the same services as everything else."""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create
from tests.factories import OrderLineFactory, ReturnLineFactory
from tracking.models import Shipment, TrackingEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    _token, key = api_token_create(name="Shop", scopes={"read", "write"})
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return api


def test_a_parcel_is_created_and_its_scans_enter_once(client):
    line = OrderLineFactory(quantity=2)
    response = client.post(
        f"/api/v1/orders/{line.order.number}/shipments/",
        {
            "carrier": "dhl_paket",
            "tracking_number": "00340434161094042557",
            "lines": [{"line_id": line.pk, "quantity": 2}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    shipment_id = response.json()["id"]
    scan = {
        "occurred_at": "2026-11-20T08:15:00+01:00",
        "status": "in_transit",
        "location": "Hamburg",
        "event_id": "e1",
    }
    for _ in range(2):
        answer = client.post(f"/api/v1/shipments/{shipment_id}/events/", {"events": [scan]}, format="json")
        assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "in_transit"
    assert TrackingEvent.objects.filter(shipment_id=shipment_id).count() == 1
    assert client.get(f"/api/v1/shipments/{shipment_id}/").json()["lines"] == [
        {"line_id": line.pk, "quantity": 2}
    ]


def test_bad_parcels_are_refused_with_a_reason(client):
    line = OrderLineFactory(quantity=1)
    other = OrderLineFactory()
    url = f"/api/v1/orders/{line.order.number}/shipments/"
    unknown = client.post(
        url,
        {"carrier": "pigeon", "tracking_number": "1", "lines": [{"line_id": line.pk, "quantity": 1}]},
        format="json",
    )
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "carrier"
    foreign = client.post(
        url,
        {"carrier": "dpd", "tracking_number": "2", "lines": [{"line_id": other.pk, "quantity": 1}]},
        format="json",
    )
    assert foreign.status_code == 400
    too_many = client.post(
        url,
        {"carrier": "dpd", "tracking_number": "3", "lines": [{"line_id": line.pk, "quantity": 5}]},
        format="json",
    )
    assert too_many.status_code == 422 and "left to ship" in too_many.json()["detail"]
    assert not Shipment.objects.exists()


def test_returns_can_be_listed_and_read(client):
    return_line = ReturnLineFactory()
    number = return_line.return_request.number
    listing = client.get("/api/v1/returns/").json()
    assert [item["number"] for item in listing["results"]] == [number]
    detail = client.get(f"/api/v1/returns/{number}/").json()
    assert detail["lines"][0]["reason"] == return_line.reason.code
