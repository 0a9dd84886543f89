"""Customers and products by the shop's own ids: PUT creates or updates, and repeating it changes nothing."""

import pytest

from accounts.models import User
from orders.models import Order, Product
from tests.api.conftest import api_client
from tests.factories import CategoryFactory, OrderFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

KIM = {"email": "Kim.Berg@Example.com", "first_name": "Kim", "last_name": "Berg", "language": "en"}

BECHER = {
    "sku": "NH-KT-1001",
    "name": "Thermobecher Fjord",
    "price": "24.90",
    "vat_rate": "19.00",
    "warranty_months": 24,
    "family": "fjord",
    "variant_label": "0,4 l, Blau",
    "specs": [{"key": "Volumen", "value": "0,4 l"}, {"key": "Material", "value": "Edelstahl"}],
}


def test_a_customer_is_created_once_and_updated_by_its_external_id(shop):
    first = shop.put("/api/v1/customers/C-77/", KIM, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["email"] == "kim.berg@example.com" and first.json()["has_password"] is False
    again = shop.put("/api/v1/customers/C-77/", KIM, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    renamed = shop.put("/api/v1/customers/C-77/", {"last_name": "Berg-Sund"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["last_name"] == "Berg-Sund"
    assert renamed.json()["first_name"] == "Kim"  # what is not sent keeps its value
    assert User.objects.filter(external_id="C-77").count() == 1
    assert shop.get("/api/v1/customers/C-77/").json()["last_name"] == "Berg-Sund"
    assert shop.get("/api/v1/customers/C-78/").status_code == 404


def test_an_existing_account_is_adopted_and_its_guest_orders_attached(shop):
    user = UserFactory(email="kim.berg@example.com")
    guest_order = OrderFactory(email="kim.berg@example.com", customer=None)
    response = shop.put("/api/v1/customers/C-77/", KIM, format="json")
    assert response.status_code == 200, response.content  # not a second account
    user.refresh_from_db()
    assert user.external_id == "C-77" and user.language == "en"
    assert Order.objects.get(pk=guest_order.pk).customer == user


def test_an_address_of_another_customer_or_of_staff_is_refused_and_changes_nothing(shop):
    UserFactory(email="other@example.com", external_id="C-1")
    UserFactory(email="staff@example.com", is_staff=True)
    shop.put("/api/v1/customers/C-2/", {"email": "mine@example.com"}, format="json")
    for email in ("other@example.com", "staff@example.com"):
        response = shop.put("/api/v1/customers/C-2/", {"email": email}, format="json")
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert "belongs to" in response.json()["detail"]
    assert User.objects.get(external_id="C-2").email == "mine@example.com"


def test_a_new_customer_needs_an_email_and_bad_fields_are_listed(shop):
    nameless = shop.put("/api/v1/customers/C-9/", {"first_name": "Kim"}, format="json")
    assert nameless.status_code == 422 and "email" in nameless.json()["detail"]
    bad = shop.put("/api/v1/customers/C-9/", {"email": "kein-at", "language": "fr"}, format="json")
    assert bad.status_code == 400
    assert {error["field"] for error in bad.json()["errors"]} == {"email", "language"}
    assert not User.objects.filter(external_id="C-9").exists()


def test_a_read_key_cannot_upsert():
    reader = api_client(scopes={"read"})
    assert reader.put("/api/v1/customers/C-1/", KIM, format="json").status_code == 403
    assert reader.put("/api/v1/products/P-1/", BECHER, format="json").status_code == 403
    assert not User.objects.filter(external_id="C-1").exists() and not Product.objects.exists()


def test_a_product_is_upserted_with_its_specs(shop):
    CategoryFactory(slug="kueche")
    created = shop.put("/api/v1/products/P-1001/", {**BECHER, "category": "kueche"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["specs"] == BECHER["specs"] and created.json()["category"] == "kueche"
    assert (
        shop.put("/api/v1/products/P-1001/", {**BECHER, "category": "kueche"}, format="json").status_code
        == 200
    )
    cheaper = shop.put(
        "/api/v1/products/P-1001/",
        {"price": "19.90", "specs": [{"key": "Volumen", "value": "0,5 l"}]},
        format="json",
    )
    assert cheaper.status_code == 200
    product = Product.objects.get(external_id="P-1001")
    assert str(product.price) == "19.90" and product.name == "Thermobecher Fjord"
    assert list(product.specs.values_list("key", "value")) == [("Volumen", "0,5 l")]
    assert Product.objects.count() == 1


def test_a_product_the_shop_made_by_hand_is_adopted_by_its_sku(shop):
    manual = ProductFactory(sku="NH-KT-1001", external_id="")
    response = shop.put("/api/v1/products/P-1001/", BECHER, format="json")
    assert response.status_code == 200, response.content
    manual.refresh_from_db()
    assert manual.external_id == "P-1001" and manual.name == "Thermobecher Fjord"


def test_bad_products_are_refused_and_change_nothing(shop):
    ProductFactory(sku="TAKEN", external_id="P-OTHER")
    taken = shop.put("/api/v1/products/P-1/", {**BECHER, "sku": "TAKEN"}, format="json")
    assert taken.status_code == 422 and "belongs to another product" in taken.json()["detail"]
    partial = shop.put("/api/v1/products/P-1/", {"name": "Ohne Preis"}, format="json")
    assert partial.status_code == 422 and "price" in partial.json()["detail"]
    bad = shop.put(
        "/api/v1/products/P-1/",
        {**BECHER, "price": "-1", "return_window_days": 3, "category": "gibts-nicht"},
        format="json",
    )
    assert bad.status_code == 400
    assert {error["field"] for error in bad.json()["errors"]} == {"price", "return_window_days"}
    unknown_category = shop.put("/api/v1/products/P-1/", {**BECHER, "category": "gibts-nicht"}, format="json")
    assert unknown_category.status_code == 400
    assert unknown_category.json()["errors"][0]["field"] == "category"
    assert not Product.objects.filter(external_id="P-1").exists()
