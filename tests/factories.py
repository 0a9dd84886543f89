"""factory_boy factories for every app; German data from Faker's de_DE provider."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import User
from notifications.models import Message, MessageStatus
from orders.models import Category, Order, OrderLine, Product, ProductImage, ProductSpec
from returns.models import ReturnLine, ReturnReason, ReturnRequest
from tracking.models import Carrier, Shipment, ShipmentLine, TrackingEvent, TrackingStatus

factory.Faker._DEFAULT_LOCALE = "de_DE"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"kunde{n}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("geheim-123")


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"service{n}@example.com")
    is_staff = True
    is_superuser = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.Sequence(lambda n: f"kategorie-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"NH-{n:05d}")
    name = factory.Sequence(lambda n: f"Thermobecher Modell {n}")
    description = "Doppelwandiger Edelstahlbecher, hält Getränke 6 Stunden heiß."
    category = factory.SubFactory(CategoryFactory)
    price = Decimal("24.90")


class ProductSpecFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductSpec

    product = factory.SubFactory(ProductFactory)
    position = factory.Sequence(int)
    key = "Material"
    value = "Edelstahl"


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.django.ImageField(width=40, height=40, color="teal")
    alt_text = "Vorderansicht"
    position = factory.Sequence(int)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.Sequence(lambda n: f"T{100000 + n}")
    customer = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.customer.email if o.customer else "gast@example.com")
    placed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    shipping_first_name = factory.Faker("first_name")
    shipping_last_name = factory.Faker("last_name")
    shipping_street = factory.Faker("street_address")
    shipping_postcode = factory.Faker("postcode")
    shipping_city = factory.Faker("city")
    billing_first_name = factory.SelfAttribute("shipping_first_name")
    billing_last_name = factory.SelfAttribute("shipping_last_name")
    billing_street = factory.SelfAttribute("shipping_street")
    billing_postcode = factory.SelfAttribute("shipping_postcode")
    billing_city = factory.SelfAttribute("shipping_city")
    payment_method_type = "card"
    payment_method_detail = "Visa •••• 4242"
    subtotal = Decimal("49.80")
    shipping_total = Decimal("4.90")
    tax_total = Decimal("8.73")
    grand_total = Decimal("54.70")


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product = factory.SubFactory(ProductFactory)
    product_name = factory.LazyAttribute(lambda o: o.product.name if o.product else "Artikel")
    product_sku = factory.LazyAttribute(lambda o: o.product.sku if o.product else "SKU")
    unit_price = Decimal("24.90")
    quantity = 2


class CarrierFactory(factory.django.DjangoModelFactory):
    """The carriers come from a data migration; this returns the existing row, or recreates it after a
    transactional test has flushed the database."""

    class Meta:
        model = Carrier
        django_get_or_create = ("code",)

    code = "dhl_paket"
    name = "DHL Paket"
    tracking_url_template = (
        "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={tracking_number}"
    )


class ShipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shipment

    order = factory.SubFactory(OrderFactory)
    carrier = factory.SubFactory(CarrierFactory)
    tracking_number = factory.Sequence(lambda n: f"00340434{n:012d}")
    status = TrackingStatus.IN_TRANSIT
    shipped_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    estimated_delivery = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=2)).date())
    original_estimated_delivery = factory.SelfAttribute("estimated_delivery")


class ShipmentLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShipmentLine

    shipment = factory.SubFactory(ShipmentFactory)
    order_line = factory.SubFactory(OrderLineFactory, order=factory.SelfAttribute("..shipment.order"))
    quantity = 1


class TrackingEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrackingEvent

    shipment = factory.SubFactory(ShipmentFactory)
    status = TrackingStatus.IN_TRANSIT
    carrier_code = "ARRIVED_HUB"
    description = "Die Sendung wurde im Paketzentrum bearbeitet."
    location = "Paketzentrum Hamburg"
    occurred_at = factory.LazyFunction(timezone.now)
    dedupe_key = factory.Sequence(lambda n: f"event-{n}")


class ReturnReasonFactory(factory.django.DjangoModelFactory):
    """The default reasons come from a data migration; this returns the existing row."""

    class Meta:
        model = ReturnReason
        django_get_or_create = ("code",)

    code = "too_small"
    label = "Zu klein"


class ReturnRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnRequest

    number = factory.Sequence(lambda n: f"R{100000 + n}")
    order = factory.SubFactory(OrderFactory)
    requested_at = factory.LazyFunction(timezone.now)


class ReturnLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReturnLine

    return_request = factory.SubFactory(ReturnRequestFactory)
    order_line = factory.SubFactory(OrderLineFactory, order=factory.SelfAttribute("..return_request.order"))
    quantity = 1
    reason = factory.SubFactory(ReturnReasonFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    idempotency_key = factory.Sequence(lambda n: f"test-message-{n}")
    template_key = "order_confirmation"
    recipient = "kunde@example.com"
    status = MessageStatus.SENT
    subject = "Danke für deine Bestellung"
    body_text = "Hallo, danke für deine Bestellung."
