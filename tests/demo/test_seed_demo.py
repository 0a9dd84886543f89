"""``manage.py seed_demo``: what someone opening the demo shop would notice."""

from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import Count

from demo.catalogue import PRODUCT_SKUS
from orders.models import Order, OrderStatus, Product
from orders.services import order_status_derive
from returns.models import ReturnRequest
from tracking.models import Shipment, TrackingStatus

SMALL = ["--orders", "60", "--customers", "20", "--today", "2025-06-11"]

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *SMALL, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("accounts", "orders", "tracking", "returns", "notifications")
        for model in apps.get_app_config(app).get_models()
    }


def snapshot(*, seed: str) -> list[tuple]:
    call_command("seed_demo", *SMALL, "--seed", seed, "--reset", stdout=StringIO(), stderr=StringIO())
    return list(Order.objects.order_by("number").values_list("number", "email", "grand_total", "placed_at"))


def test_demo_logins_exist_and_authenticate():
    seed()

    customer = authenticate(username="demo@example.com", password="demo")
    admin = authenticate(username="admin@example.com", password="admin")

    assert customer is not None and not customer.is_staff
    assert customer.get_full_name() == "Lena Schneider"
    assert admin is not None and admin.is_staff and admin.is_superuser


def test_demo_customer_sees_every_situation():
    seed()

    orders = Order.objects.filter(customer__email="demo@example.com")
    shipments = Shipment.objects.filter(order__in=orders)
    assert orders.count() >= 10
    assert shipments.filter(is_delayed=True).exists()
    assert orders.annotate(parcels=Count("shipments")).filter(parcels__gt=1).exists()
    assert shipments.filter(status=TrackingStatus.AVAILABLE_FOR_PICKUP).exists()
    assert shipments.filter(status=TrackingStatus.OUT_FOR_DELIVERY).exists()
    assert orders.filter(status=OrderStatus.DELIVERED).exists()
    assert orders.filter(status=OrderStatus.PLACED, shipments__isnull=True).exists()
    assert ReturnRequest.objects.filter(order__in=orders).count() >= 3
    delayed = shipments.get(is_delayed=True)
    assert delayed.estimated_delivery > delayed.original_estimated_delivery
    assert delayed.events.filter(status=TrackingStatus.EXCEPTION).exists()


def test_every_order_status_is_what_its_parcels_say():
    seed()

    for order in Order.objects.prefetch_related("lines", "shipments__lines", "status_changes"):
        shipped = delivered = 0
        for shipment in order.shipments.all():
            units = sum(line.quantity for line in shipment.lines.all())
            shipped += units if shipment.status != TrackingStatus.PENDING else 0
            delivered += units if shipment.status == TrackingStatus.DELIVERED else 0
        expected = order_status_derive(
            quantity_ordered=sum(line.quantity for line in order.lines.all()),
            quantity_shipped=shipped,
            quantity_delivered=delivered,
            cancelled=any(change.to_status == OrderStatus.CANCELLED for change in order.status_changes.all()),
        )
        assert order.status == expected, order.number
        assert list(order.status_changes.all())[-1].to_status == order.status


def test_every_shipment_status_is_its_latest_scan():
    seed()

    for shipment in Shipment.objects.prefetch_related("events"):
        events = sorted(shipment.events.all(), key=lambda event: event.occurred_at)
        assert events, shipment.tracking_number
        assert shipment.status == events[-1].status
        assert shipment.last_event_at == events[-1].occurred_at
        assert shipment.shipped_at == events[0].occurred_at
        assert len({event.dedupe_key for event in events}) == len(events)
        if shipment.status == TrackingStatus.DELIVERED:
            assert shipment.delivered_at == events[-1].occurred_at


def test_order_totals_add_up():
    seed()

    for order in Order.objects.prefetch_related("lines"):
        lines = sum((line.unit_price * line.quantity for line in order.lines.all()), Decimal("0"))
        assert order.subtotal == lines
        assert lines + order.shipping_total - order.discount_total == order.grand_total
        assert 0 < order.tax_total < order.grand_total
        assert order.shipping_total in (Decimal("0.00"), Decimal("4.90"))


def test_second_run_reuses_the_demo_shop():
    seed()
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "weiterverwendet" in output


def test_same_seed_and_day_give_the_same_shop_and_another_seed_does_not():
    first = snapshot(seed="7")
    again = snapshot(seed="7")
    other = snapshot(seed="8")

    assert first == again
    assert len(first) == 60
    assert other != first


def test_every_product_has_pictures_in_storage():
    seed()

    products = Product.objects.prefetch_related("images")
    assert 25 <= products.filter(sku__in=PRODUCT_SKUS).count() <= 40
    # Products sold in sizes come with their other sizes, as variants a customer can exchange for.
    assert products.exclude(family="").values("family").distinct().count() >= 2
    for product in products:
        images = list(product.images.all())
        assert len(images) >= 3, product.sku
        for image in images:
            assert image.alt_text
            assert default_storage.exists(image.image.name)
        assert product.specs.count() >= 4


def test_refuses_to_run_in_production(settings):
    settings.ENVIRONMENT = "production"

    with pytest.raises(CommandError, match="Produktion"):
        seed()
    assert not Order.objects.exists()
