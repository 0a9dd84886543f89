import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from accounts.models import User


def test_a_customer_signs_in_with_their_email_in_any_case(db):
    User.objects.create_user("Lena.Schneider@Example.com", "sicheres-passwort-1", first_name="Lena")
    user = authenticate(username="LENA.schneider@example.com", password="sicheres-passwort-1")
    assert user is not None
    assert user.email == "lena.schneider@example.com"
    assert user.language == "de"
    assert not user.is_staff


def test_one_account_per_email_whatever_its_case(db):
    User.objects.create_user("jonas@example.com", "x")
    with pytest.raises(IntegrityError):
        User.objects.create(email="JONAS@example.com")


def test_createsuperuser_makes_staff(db):
    admin = User.objects.create_superuser("chefin@example.com", "x")
    assert admin.is_staff and admin.is_superuser
