"""schemathesis against the live schema: generated requests never get a 5xx or an answer the schema does not
describe (status code, content type, headers, body). Whether the API accepts a little more than the schema
promises (a number for a decimal string) or refuses odd but valid input (a NUL in a cursor) is not checked
here: the issue asks for answers that keep to the schema."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from postpurchase.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def in_process(db):
    """Like Django's test client: the request must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(in_process):
    from api.services import api_token_create

    _token, key = api_token_create(name="schemathesis", scopes={"read", "write"})
    return key


@pytest.mark.slow
@schema.parametrize()
# ST_EXAMPLES=300 for a deeper search on a quiet afternoon; 15 per operation keeps the suite quick.
@settings(
    max_examples=int(os.environ.get("ST_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, api_key):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"},
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_headers_conformance,
            checks.response_schema_conformance,
        ],
    )
