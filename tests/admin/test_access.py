"""Only staff reach the support admin."""

import pytest

from orders.models import Order
from tests.admin.helpers import admin_url
from tests.factories import OrderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("view", ["changelist", "change"])
def test_a_customer_is_sent_to_the_login(client, view):
    order = OrderFactory()
    client.force_login(UserFactory())
    url = admin_url(Order, "changelist") if view == "changelist" else admin_url(order)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(admin_url(Order, "changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
