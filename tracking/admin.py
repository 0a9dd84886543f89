"""Support admin for carriers and parcels.

A parcel's status, dates and delay follow from the carrier's events (``shipment_events_ingest``), so
they are read-only here; staff may correct the carrier and the tracking number.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInlineMixin, StatusHistoryInline, admin_link, search_variants
from orders.models import Order
from tracking.models import (
    Carrier,
    Shipment,
    ShipmentLine,
    ShipmentStatusChange,
    TrackingEvent,
    TrackingStatus,
)


def tracking_number_link(shipment: Shipment) -> str:
    """The tracking number, linked to the carrier's tracking page when the carrier has one."""
    url = shipment.tracking_url
    if not url:
        return shipment.tracking_number
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, shipment.tracking_number
    )


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "tracking_url_template", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name")


class ShipmentLineInline(ReadOnlyInlineMixin, admin.TabularInline):
    """What travels in the parcel; packed by the warehouse, so not edited here."""

    model = ShipmentLine
    fields = ("product_sku", "product_name", "quantity")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_line")

    @admin.display(description=_("Artikelnummer"))
    def product_sku(self, obj: ShipmentLine) -> str:
        return obj.order_line.product_sku

    @admin.display(description=_("Produkt"))
    def product_name(self, obj: ShipmentLine) -> str:
        return obj.order_line.product_name


class TrackingEventInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The carrier's scans, newest first (the model's ordering)."""

    model = TrackingEvent
    fields = ("occurred_at", "status", "location", "description", "carrier_code", "received_at")
    readonly_fields = fields


class ShipmentStatusChangeInline(StatusHistoryInline):
    model = ShipmentStatusChange
    status_choices = TrackingStatus


@admin.register(Shipment)
class ShipmentAdmin(admin.ModelAdmin):
    list_display = (
        "tracking_number",
        "order_link",
        "carrier",
        "status",
        "estimated_delivery",
        "is_delayed",
        "last_event_at",
    )
    list_filter = ("status", "carrier", "is_delayed")
    list_select_related = ("order", "carrier")
    # Shows the search box; get_search_results does the indexed look-ups.
    search_fields = ("=tracking_number", "=order__number")
    search_help_text = _("Vollständige Sendungsnummer oder Bestellnummer")
    show_full_result_count = False
    list_per_page = 50
    # Newest first on the primary key: the model's ordering (created_at) has no index.
    ordering = ("-pk",)

    inlines = (ShipmentLineInline, TrackingEventInline, ShipmentStatusChangeInline)
    fields = (
        "order_link",
        "carrier",
        "tracking_number",
        "tracking_link",
        "status",
        ("estimated_delivery", "original_estimated_delivery"),
        ("is_delayed", "delay_reason"),
        ("shipped_at", "delivered_at"),
        "last_event_at",
        "created_at",
    )
    readonly_fields = (
        "order_link",
        "tracking_link",
        "status",
        "estimated_delivery",
        "original_estimated_delivery",
        "is_delayed",
        "delay_reason",
        "shipped_at",
        "delivered_at",
        "last_event_at",
        "created_at",
    )

    def has_add_permission(self, request):
        # Parcels are announced by the shop's fulfilment, which also refreshes the order status.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order", "carrier")

    def get_search_results(self, request, queryset, search_term):
        variants = search_variants(search_term)
        if not variants:
            return queryset, False
        order_ids = list(Order.objects.filter(number__in=variants).values_list("pk", flat=True))
        return queryset.filter(Q(tracking_number__in=variants) | Q(order_id__in=order_ids)), False

    @admin.display(description=_("Bestellung"), ordering="order__number")
    def order_link(self, obj: Shipment) -> str:
        return admin_link(obj.order, obj.order.number)

    @admin.display(description=_("Link zur Sendungsverfolgung"))
    def tracking_link(self, obj: Shipment) -> str:
        return tracking_number_link(obj)
