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


def test_every_operation_has_examples_of_what_it_takes_and_answers():
    """Each request body and each successful answer with a body shows at least one example in the reference."""
    schema = yaml.safe_load(COMMITTED.read_text())
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and not body.get("examples"):
                missing.append(f"{method.upper()} {path}: request")
            for code, answer in operation["responses"].items():
                content = answer.get("content", {}).get("application/json")
                if code.startswith("2") and content is not None and not content.get("examples"):
                    missing.append(f"{method.upper()} {path}: {code}")
    assert not missing, missing


def test_the_examples_keep_to_the_schema():
    """The documented answers are answers the schema allows (so a shop can code against the examples)."""
    import jsonschema

    schema = yaml.safe_load(COMMITTED.read_text())
    components = schema["components"]["schemas"]

    def as_json_schema(node):
        """OpenAPI 3.0 to JSON Schema: ``nullable`` becomes a null type, refs point into the components."""
        if isinstance(node, list):
            return [as_json_schema(item) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: as_json_schema(value) for key, value in node.items()}
        if "$ref" in node:
            node["$ref"] = node["$ref"].replace("#/components/schemas/", "#/$defs/")
        if node.pop("nullable", False):
            node = {"anyOf": [node, {"type": "null"}]}
        return node

    defs = as_json_schema(components)
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, answer in operation["responses"].items():
                content = answer.get("content", {}).get("application/json", {})
                for name, example in content.get("examples", {}).items():
                    target = {**as_json_schema(content["schema"]), "$defs": defs}
                    errors = list(jsonschema.Draft202012Validator(target).iter_errors(example["value"]))
                    assert not errors, (method, path, code, name, [error.message for error in errors])
                    checked += 1
    assert checked >= 20
