"""Sign-in by email and password, throttled per (email, client address); password reset and activation
through the outbox."""

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.access import activation_url
from notifications.models import Message
from tests.accounts.conftest import PASSWORD
from tests.factories import OrderFactory


def login(client, email, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def test_login_with_email_and_password_opens_the_account_in_the_customers_language(client, customer):
    customer.language = "en"
    customer.save()
    response = login(client, "LENA@example.com", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_home")
    assert response.cookies["django_language"].value == "en"
    assert "Your recent orders" in client.get(reverse("account_home")).content.decode()


def test_a_wrong_password_says_so_plainly(client, customer):
    response = login(client, customer.email, "falsch")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort stimmen nicht" in response.content.decode()


def test_repeated_failures_lock_that_email_from_that_address_only(client, customer, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(client, customer.email, "falsch")
    locked = login(client, customer.email, PASSWORD)
    assert locked.status_code == 200
    assert "Zu viele Fehlversuche" in locked.content.decode()
    # The real owner, elsewhere, still gets in; and another account from the same address too.
    assert login(client, customer.email, PASSWORD, address="198.51.100.20").status_code == 302
    client.logout()
    other = get_user_model().objects.create_user("jonas@example.com", PASSWORD)
    assert login(client, other.email, PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, customer, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, customer.email, "falsch")
    assert login(client, customer.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        login(client, customer.email, "falsch")
    assert login(client, customer.email, PASSWORD).status_code == 302


def test_logout(client, customer):
    client.force_login(customer)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("account_home")).status_code == 302


def test_password_reset_goes_through_the_outbox_and_sets_a_new_password(
    client, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("password_reset"), {"email": "lena@example.com"})
    assert response.status_code == 302
    assert len(callbacks) == 1
    message = Message.objects.get(template_key="password_reset")
    assert message.recipient == "lena@example.com"
    path = re.sub(r"^https?://[^/]+", "", message.payload["link"])
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Ganz-neu-und-lang-7", "new_password2": "Ganz-neu-und-lang-7"},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("Ganz-neu-und-lang-7")


def test_password_reset_for_an_unknown_address_looks_the_same(client, db):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.com"})
    assert response.status_code == 302
    assert not Message.objects.filter(template_key="password_reset").exists()


def test_activation_from_an_order_email_creates_the_account_with_its_guest_orders(client, db):
    order = OrderFactory(customer=None, email="gast@example.com", billing_first_name="Mia")
    path = re.sub(r"^https?://[^/]+", "", activation_url(email=order.email))
    assert client.get(path).status_code == 200
    response = client.post(
        path, {"new_password1": "Mein-Konto-2026!", "new_password2": "Mein-Konto-2026!", "language": "de"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="gast@example.com")
    assert user.check_password("Mein-Konto-2026!")
    assert user.first_name == "Mia"
    order.refresh_from_db()
    assert order.customer == user
    assert client.get(reverse("order_detail", args=[order.number])).status_code == 200


def test_activation_does_not_overwrite_an_existing_password(client, customer):
    path = re.sub(r"^https?://[^/]+", "", activation_url(email=customer.email))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_a_tampered_activation_link_is_refused(client, db):
    path = re.sub(r"^https?://[^/]+", "", activation_url(email="gast@example.com"))
    assert client.get(path[:-4] + "xyz/").status_code == 404
