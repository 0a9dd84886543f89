from decimal import Decimal

from rest_framework import serializers

from orders.models import Order, OrderLine, OrderStatus, PaymentMethodType
from returns.models import ReturnLine, ReturnRequest, ReturnStatus
from tracking.models import Shipment, TrackingEvent, TrackingStatus


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
    email = serializers.EmailField()
    language = serializers.ChoiceField(choices=["de", "en"], default="de")
    currency = serializers.CharField(min_length=3, max_length=3, default="EUR")
    placed_at = serializers.DateTimeField(required=False)
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


class OrderLineOutputSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product_sku")
    name = serializers.CharField(source="product_name")
    quantity = serializers.IntegerField()  # not the model field: its range differs by database

    class Meta:
        model = OrderLine
        fields = ["id", "sku", "name", "unit_price", "quantity", "vat_rate"]


class OrderOutputSerializer(serializers.ModelSerializer):
    lines = OrderLineOutputSerializer(many=True)
    status = serializers.ChoiceField(choices=OrderStatus.choices)

    class Meta:
        model = Order
        fields = [
            "number",
            "email",
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


class ShipmentLineInputSerializer(serializers.Serializer):
    line_id = serializers.IntegerField(help_text="id of the order line (from the order's lines)")
    quantity = serializers.IntegerField(min_value=1)


class ShipmentCreateInputSerializer(serializers.Serializer):
    carrier = serializers.SlugField(help_text="carrier code, e.g. dhl_paket, dpd, hermes, gls, ups")
    tracking_number = serializers.CharField(max_length=64)
    estimated_delivery = serializers.DateField(required=False, allow_null=True)
    lines = serializers.ListField(child=ShipmentLineInputSerializer(), min_length=1, max_length=500)


class TrackingEventInputSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
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
