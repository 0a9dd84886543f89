import pytest
from rest_framework.test import APIClient

from api.services import api_token_create
from tests.fake_servers import FakeProvider, fake_provider_server


def api_client(*, name: str = "Shop", scopes=("read", "write")) -> APIClient:
    """A client that sends a fresh key of an integration called ``name``; the token is ``client.token``."""
    token, key = api_token_create(name=name, scopes=set(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.token = token
    return client


@pytest.fixture
def shop(db) -> APIClient:
    return api_client()


@pytest.fixture
def receiver():
    """A local webhook receiver that answers 200 and keeps what it got."""
    provider = FakeProvider(default=(200, {}))
    server = fake_provider_server(provider)
    yield provider
    server.shutdown()
