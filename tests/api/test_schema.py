"""The OpenAPI schema served at /api/schema/ is the one committed in docs/ (regenerate: make schema)."""

from pathlib import Path

import pytest
import yaml

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


@pytest.mark.django_db
def test_the_served_schema_is_the_committed_one(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    served = yaml.safe_load(response.content)
    assert served == yaml.safe_load(COMMITTED.read_text()), "the API changed: run `make schema` and commit"
    assert {"/api/v1/orders/", "/api/v1/shipments/{shipment_id}/events/"} <= set(served["paths"])


@pytest.mark.django_db
def test_the_reference_page_loads_without_the_internet(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page and "cdn.jsdelivr" not in page
