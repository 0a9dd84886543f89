"""The customer's page: who they are and what they ordered, one click from each order."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.admin.helpers import admin_url, changelist_results
from tests.factories import OrderFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_customer_page_lists_their_orders_newest_first_with_links(staff_client):
    customer = UserFactory(email="erika@example.com")
    older = OrderFactory(customer=customer, number="T444001", placed_at=timezone.now() - timedelta(days=9))
    newer = OrderFactory(customer=customer, number="T444002", placed_at=timezone.now() - timedelta(days=1))
    someone_else = OrderFactory(number="T444003")

    response = staff_client.get(admin_url(customer))

    content = response.content.decode()
    assert admin_url(older) in content
    assert admin_url(newer) in content
    assert content.index("T444002") < content.index("T444001")
    assert someone_else.number not in content
    assert "Alle Bestellungen dieses Kunden (2)" in content


def test_link_to_all_orders_of_the_customer_filters_the_order_list(staff_client):
    customer = UserFactory()
    mine = OrderFactory.create_batch(2, customer=customer)
    OrderFactory()

    response = staff_client.get(admin_url(mine[0], "changelist"), {"customer__id__exact": customer.pk})

    assert set(changelist_results(response)) == set(mine)


def test_customer_list_shows_order_count_and_finds_by_email(staff_client):
    customer = UserFactory(email="viel.besteller@example.com")
    OrderFactory.create_batch(3, customer=customer)
    UserFactory(email="anderer@example.com")

    response = staff_client.get(admin_url(User, "changelist"), {"q": "viel.besteller"})

    results = changelist_results(response)
    assert results == [customer]
    assert results[0].orders_total == 3
    assert '<td class="field-order_count">3</td>' in response.content.decode()


def test_customer_list_filters_by_staff_and_language(staff_client, staff):
    english = UserFactory(language="en")
    UserFactory(language="de")
    url = admin_url(User, "changelist")

    assert changelist_results(staff_client.get(url, {"language__exact": "en"})) == [english]
    assert changelist_results(staff_client.get(url, {"is_staff__exact": "1"})) == [staff]


def test_staff_can_create_an_account_by_email(staff_client):
    response = staff_client.post(
        admin_url(User, "add"),
        {
            "email": "Neu.Kollege@Example.com",
            "first_name": "Jan",
            "last_name": "Kollege",
            "language": "de",
            "usable_password": "true",
            "password1": "ein-sicheres-Passwort-42",
            "password2": "ein-sicheres-Passwort-42",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="neu.kollege@example.com")
    assert user.check_password("ein-sicheres-Passwort-42")
    assert user.first_name == "Jan"


def test_an_email_differing_only_in_case_is_rejected(staff_client):
    UserFactory(email="doppelt@example.com")

    response = staff_client.post(
        admin_url(User, "add"),
        {"email": "DOPPELT@example.com", "usable_password": "false", "language": "de"},
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact="doppelt@example.com").count() == 1


def test_the_customer_page_lists_messages_sent_to_the_customer(client, db):
    from tests.factories import MessageFactory, StaffFactory, UserFactory

    client.force_login(StaffFactory())
    customer = UserFactory()
    MessageFactory(customer=customer, subject="Dein Paket ist unterwegs", recipient=customer.email)
    MessageFactory(subject="An jemand anderen")
    page = client.get(f"/admin/accounts/user/{customer.pk}/change/").content.decode()
    assert "Dein Paket ist unterwegs" in page
    assert "An jemand anderen" not in page
