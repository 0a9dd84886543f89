"""A magic link opens one order without a password: valid, expired, tampered, and never another order."""

import time

from django.urls import reverse

from accounts.access import magic_link_path
from tests.accounts.conftest import order_build
from tests.accounts.test_pages import order_pages


def test_a_guest_with_the_link_sees_every_page_of_that_order(client, order):
    response = client.get(magic_link_path(order=order))
    assert response.status_code == 302
    assert response["Location"] == reverse("order_detail", args=[order.number])
    for url in order_pages(order).values():
        assert client.get(url).status_code == 200, url


def test_the_link_grants_that_order_only(client, customer, order):
    other = order_build(customer=customer)
    client.get(magic_link_path(order=order))
    assert client.get(reverse("order_detail", args=[other.number])).status_code == 302  # to the login
    for name in ("account_home", "account_orders", "account_settings"):
        assert client.get(reverse(name)).status_code == 302


def test_a_signed_in_customer_can_open_someone_elses_order_only_with_its_link(
    client, customer, foreign_order
):
    client.force_login(customer)
    assert client.get(reverse("order_detail", args=[foreign_order.number])).status_code == 404
    client.get(magic_link_path(order=foreign_order))
    assert client.get(reverse("order_detail", args=[foreign_order.number])).status_code == 200
    assert client.get(reverse("account_orders")).content.decode().count(foreign_order.number) == 0


def test_a_link_for_one_order_does_not_open_another(client, order, foreign_order):
    token = magic_link_path(order=order).rstrip("/").rsplit("/", 1)[1]
    response = client.get(reverse("magic_link", args=[foreign_order.number, token]))
    assert response.status_code == 404
    assert client.get(reverse("order_detail", args=[foreign_order.number])).status_code == 302


def test_a_tampered_link_is_refused(client, order):
    path = magic_link_path(order=order)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.get(tampered).status_code == 404
    assert client.get(reverse("order_detail", args=[order.number])).status_code == 302


def test_an_expired_link_says_so_and_offers_a_new_one(client, order, settings, monkeypatch):
    path = magic_link_path(order=order)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + settings.MAGIC_LINK_MAX_AGE + 60)
    response = client.get(path)
    assert response.status_code == 410
    assert reverse("guest_lookup") in response.content.decode()


def test_a_link_stops_working_when_the_orders_email_changes(client, order):
    path = magic_link_path(order=order)
    order.email = "neu@example.com"
    order.save()
    assert client.get(path).status_code == 404
    assert client.get(reverse("order_detail", args=[order.number])).status_code == 302


def test_a_grant_expires_with_its_link(client, order, settings, monkeypatch):
    client.get(magic_link_path(order=order))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + settings.MAGIC_LINK_MAX_AGE + 60)
    assert client.get(reverse("order_detail", args=[order.number])).status_code == 302
