import copy
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.schema import ProblemSerializer
from api.webhooks import EVENTS
from orders.models import Order, OrderLine, OrderStatus, PaymentMethodType
from orders.services import OrderLineInput
from returns.models import ReturnLine, ReturnRequest, ReturnStatus
from returns.services import ReturnAction
from tracking.models import Shipment, TrackingEvent, TrackingStatus

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def plausible_moment(value: datetime) -> None:
    """Orders and scans happen in our time: a year-972 timestamp is a bug in the sender, not an order."""
    if not EARLIEST <= value <= timezone.now() + timedelta(days=1):
        raise serializers.ValidationError("Must lie between 2000-01-01 and a day from now.")


class AddressSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    company = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    street = serializers.CharField(max_length=200)
    extra = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=16)
    city = serializers.CharField(max_length=100)
    country = serializers.CharField(min_length=2, max_length=2, default="DE")


class OrderLineInputSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=64)
    name = serializers.CharField(max_length=200)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, max_value=1_000_000)
    quantity = serializers.IntegerField(min_value=1, max_value=10_000)
    vat_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, default=Decimal("19.00")
    )


class OrderCreateInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    external_id = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="the order's id in the shop"
    )
    customer = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="external id of a customer (PUT /customers/{external_id}/); without it, the account with "
        "the order's email, if there is one",
    )
    email = serializers.EmailField()
    language = serializers.ChoiceField(choices=["de", "en"], default="de")
    currency = serializers.CharField(min_length=3, max_length=3, default="EUR")
    placed_at = serializers.DateTimeField(
        required=False, validators=[plausible_moment], help_text="from 2000 until a day from now"
    )
    shipping_address = AddressSerializer()
    billing_address = AddressSerializer(required=False)
    payment_method_type = serializers.ChoiceField(
        choices=PaymentMethodType.choices, default=PaymentMethodType.CARD
    )
    payment_method_detail = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    shipping_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, default=Decimal("0")
    )
    discount_total = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, default=Decimal("0")
    )
    lines = serializers.ListField(child=OrderLineInputSerializer(), min_length=1, max_length=500)


ORDERS_PER_BATCH = 100


# Each order of a batch is checked on its own (OrderCreateInputSerializer, in the view), so that an invalid one
# is its own 400 and never blocks the valid ones; the schema shows the items as that serializer's input.
@extend_schema_field(OrderCreateInputSerializer(many=True))
class OrderBatchItemsField(serializers.ListField):
    child = serializers.JSONField()


class OrdersBatchInputSerializer(serializers.Serializer):
    orders = OrderBatchItemsField(
        min_length=1,
        max_length=ORDERS_PER_BATCH,
        help_text=f"1 to {ORDERS_PER_BATCH} orders, each as POST /api/v1/orders/ takes it",
    )


# A ModelSerializer works its fields out from the model anew for every instance it is made for: that was most
# of the cost of answering with an order. Worked out once per class, each instance gets copies (as DRF does
# with declared fields), which is several times cheaper. (A comment, not a docstring: the schema would show it.)
class FieldsOnce:
    _built: dict[type, dict] = {}

    def get_fields(self):
        fields = FieldsOnce._built.get(type(self))
        if fields is None:
            fields = FieldsOnce._built[type(self)] = super().get_fields()
        return copy.deepcopy(fields)


def order_fields(values: dict, customer) -> dict:
    """The fields of ``OrderInput`` (the keyword arguments of ``order_create``) from a validated order."""
    return {
        "number": values["number"],
        "external_id": values["external_id"],
        "customer": customer,
        "email": values["email"],
        "language": values["language"],
        "currency": values["currency"],
        "placed_at": values.get("placed_at"),
        "shipping_address": values["shipping_address"],
        "billing_address": values.get("billing_address"),
        "payment_method_type": values["payment_method_type"],
        "payment_method_detail": values["payment_method_detail"],
        "shipping_total": values["shipping_total"],
        "discount_total": values["discount_total"],
        "lines": [OrderLineInput(**line) for line in values["lines"]],
    }


class OrderLineOutputSerializer(FieldsOnce, serializers.ModelSerializer):
    sku = serializers.CharField(source="product_sku")
    name = serializers.CharField(source="product_name")
    quantity = serializers.IntegerField()  # not the model field: its range differs by database

    class Meta:
        model = OrderLine
        fields = ["id", "sku", "name", "unit_price", "quantity", "vat_rate"]


class AddressOutputSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    company = serializers.CharField()
    street = serializers.CharField()
    extra = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()


class OrderAddressField(serializers.Field):
    def __init__(self, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, order) -> dict:
        return {
            name: getattr(order, f"{self.prefix}_{name}") for name in AddressOutputSerializer._declared_fields
        }


class OrderOutputSerializer(FieldsOnce, serializers.ModelSerializer):
    lines = OrderLineOutputSerializer(many=True)
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    customer = serializers.SerializerMethodField(help_text="the customer's external id, if any")
    shipping_address = extend_schema_field(AddressOutputSerializer)(OrderAddressField)("shipping")
    billing_address = extend_schema_field(AddressOutputSerializer)(OrderAddressField)("billing")

    class Meta:
        model = Order
        fields = [
            "number",
            "external_id",
            "customer",
            "email",
            "language",
            "shipping_address",
            "billing_address",
            "status",
            "placed_at",
            "currency",
            "subtotal",
            "shipping_total",
            "discount_total",
            "tax_total",
            "grand_total",
            "payment_method_type",
            "payment_method_detail",
            "lines",
        ]

    def get_customer(self, order) -> str | None:
        return (order.customer.external_id or None) if order.customer_id else None


class ShipmentLineInputSerializer(serializers.Serializer):
    line_id = serializers.IntegerField(help_text="id of the order line (from the order's lines)")
    quantity = serializers.IntegerField(min_value=1)


class ShipmentCreateInputSerializer(serializers.Serializer):
    carrier = serializers.SlugField(help_text="carrier code, e.g. dhl_paket, dpd, hermes, gls, ups")
    tracking_number = serializers.CharField(max_length=64)
    estimated_delivery = serializers.DateField(required=False, allow_null=True)
    lines = serializers.ListField(child=ShipmentLineInputSerializer(), min_length=1, max_length=500)


class TrackingEventInputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField(
        validators=[plausible_moment], help_text="from 2000 until a day from now"
    )
    code = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(
        choices=TrackingStatus.choices, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    event_id = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    estimated_delivery = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs["code"] and not attrs["status"]:
            raise serializers.ValidationError({"code": ["Give the carrier's code or our status."]})
        return attrs


class TrackingEventsInputSerializer(serializers.Serializer):
    events = serializers.ListField(child=TrackingEventInputSerializer(), min_length=1, max_length=1000)


class TrackingEventOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrackingEvent
        fields = ["occurred_at", "status", "carrier_code", "description", "location"]


class ShipmentOutputSerializer(serializers.ModelSerializer):
    carrier = serializers.SlugRelatedField(slug_field="code", read_only=True)
    order = serializers.SlugRelatedField(slug_field="number", read_only=True)
    lines = serializers.SerializerMethodField()

    class Meta:
        model = Shipment
        fields = [
            "id",
            "order",
            "carrier",
            "tracking_number",
            "status",
            "estimated_delivery",
            "original_estimated_delivery",
            "is_delayed",
            "delay_reason",
            "shipped_at",
            "delivered_at",
            "lines",
        ]

    def get_lines(self, shipment) -> list[dict]:
        return [{"line_id": line.order_line_id, "quantity": line.quantity} for line in shipment.lines.all()]


class ReturnLineOutputSerializer(serializers.ModelSerializer):
    line_id = serializers.IntegerField(source="order_line_id")
    quantity = serializers.IntegerField()
    reason = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReturnLine
        fields = ["line_id", "quantity", "reason", "comment", "condition"]


class ReturnOutputSerializer(serializers.ModelSerializer):
    order = serializers.SlugRelatedField(slug_field="number", read_only=True)
    lines = ReturnLineOutputSerializer(many=True)

    class Meta:
        model = ReturnRequest
        fields = ["number", "order", "status", "resolution", "refund_amount", "requested_at", "lines"]


class PageParamsSerializer(serializers.Serializer):
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)
    cursor = serializers.CharField(required=False)


class OrderListParamsSerializer(PageParamsSerializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    email = serializers.EmailField(required=False)
    placed_after = serializers.DateTimeField(required=False)
    placed_before = serializers.DateTimeField(required=False)


class ReturnListParamsSerializer(PageParamsSerializer):
    status = serializers.ChoiceField(choices=ReturnStatus.choices, required=False)


class OrderUpdateInputSerializer(serializers.Serializer):
    """Only the fields sent change. The delivery address can change only while the order is ``placed``."""

    email = serializers.EmailField(required=False)
    language = serializers.ChoiceField(choices=["de", "en"], required=False)
    external_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    customer = serializers.CharField(max_length=100, required=False, help_text="a customer's external id")
    shipping_address = AddressSerializer(required=False)
    billing_address = AddressSerializer(required=False)
    payment_method_detail = serializers.CharField(max_length=64, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Send at least one field to change.")
        return attrs


class OrderCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, help_text="why; kept in the order's history")


class CustomerInputSerializer(serializers.Serializer):
    """Fields left out keep their value; ``email`` is needed to create a customer."""

    email = serializers.EmailField(required=False)
    first_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=["de", "en"], required=False)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CustomerOutputSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    email = serializers.EmailField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    language = serializers.CharField()
    phone = serializers.CharField()
    has_password = serializers.SerializerMethodField(
        help_text="false until the customer activates the account from an order email"
    )

    def get_has_password(self, user) -> bool:
        return user.has_usable_password()


class ProductSpecSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=100)
    value = serializers.CharField(max_length=255)


class ProductInputSerializer(serializers.Serializer):
    """Fields left out keep their value; ``sku``, ``name`` and ``price`` are needed to create a product.
    ``specs``, when sent, replaces the whole specification table."""

    sku = serializers.CharField(max_length=64, required=False)
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, max_value=1_000_000, required=False
    )
    vat_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    category = serializers.SlugField(
        max_length=120, required=False, allow_null=True, help_text="slug of a category the shop set up"
    )
    usage_instructions = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    warranty_months = serializers.IntegerField(min_value=0, max_value=600, required=False)
    family = serializers.SlugField(max_length=64, required=False, allow_blank=True)
    variant_label = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_returnable = serializers.BooleanField(required=False)
    non_returnable_reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    return_window_days = serializers.IntegerField(
        min_value=14, max_value=365, required=False, allow_null=True
    )
    specs = serializers.ListField(child=ProductSpecSerializer(), required=False, max_length=200)


class ProductOutputSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    sku = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    category = serializers.SerializerMethodField()
    usage_instructions = serializers.CharField()
    warranty_months = serializers.IntegerField()
    family = serializers.CharField()
    variant_label = serializers.CharField()
    is_returnable = serializers.BooleanField()
    non_returnable_reason = serializers.CharField()
    return_window_days = serializers.IntegerField(allow_null=True)
    specs = ProductSpecSerializer(many=True, source="specs.all")

    def get_category(self, product) -> str | None:
        return product.category.slug if product.category_id else None


class ReturnReceivedLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField(help_text="the order line, as in the return's lines")
    condition = serializers.CharField(max_length=200, allow_blank=True)


class ReturnActionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ReturnAction.choices)
    note = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="the reason the customer reads: required to reject, and to refund another amount",
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="refund: another amount than the computed one",
    )
    lines = serializers.ListField(
        child=ReturnReceivedLineSerializer(),
        required=False,
        default=list,
        max_length=500,
        help_text="receive: the condition of each line's items (left out: no findings)",
    )


class WebhookSubscriptionInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(EVENTS)), min_length=1, max_length=20, required=False
    )
    is_active = serializers.BooleanField(required=False)

    def validate_url(self, value: str) -> str:
        if not value.lower().startswith(("https://", "http://")):
            raise serializers.ValidationError("Use an http(s) address.")
        return value


class WebhookSubscriptionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=sorted(EVENTS)), source="event_list")
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionOutputSerializer):
    secret = serializers.CharField(help_text="shown once: verify the X-Postpurchase-Signature with it")


class OrderBatchResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="the order's position in the request's orders")
    status = serializers.IntegerField(
        help_text="201 created, 400 invalid input, 422 refused by a business rule"
    )
    order = OrderOutputSerializer(required=False, help_text="the order as stored (201)")
    problem = ProblemSerializer(required=False, help_text="why it was not created (400, 422), problem+json")


class OrdersBatchOutputSerializer(serializers.Serializer):
    results = OrderBatchResultSerializer(many=True, help_text="one per order sent, in the request's order")
