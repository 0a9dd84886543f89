"""Support admin for returns and the shop's return reasons.

A return's status and resolution move through the returns services (transition map and history),
so they are read-only here; staff record the condition of what arrived.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.admin import StatusHistoryInline, admin_link, search_variants
from orders.admin import order_search_q
from orders.models import Order
from returns.models import ReturnLine, ReturnReason, ReturnRequest, ReturnStatus, ReturnStatusChange


@admin.register(ReturnReason)
class ReturnReasonAdmin(admin.ModelAdmin):
    list_display = (
        "label",
        "code",
        "requires_comment",
        "requires_photo",
        "is_defect",
        "position",
        "is_active",
    )
    list_editable = ("position", "is_active")
    list_filter = ("is_active", "is_defect")
    search_fields = ("code", "label", "label_en")


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    fields = ("product_sku", "product_name", "quantity", "reason", "comment", "condition")
    readonly_fields = ("product_sku", "product_name", "quantity", "reason", "comment")
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # The customer chooses what to send back (``return_request_create``); staff do not add lines.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_line", "reason")

    @admin.display(description=_("Artikelnummer"))
    def product_sku(self, obj: ReturnLine) -> str:
        return obj.order_line.product_sku

    @admin.display(description=_("Produkt"))
    def product_name(self, obj: ReturnLine) -> str:
        return obj.order_line.product_name


class ReturnStatusChangeInline(StatusHistoryInline):
    model = ReturnStatusChange
    status_choices = ReturnStatus


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "order_link", "customer_email", "status", "resolution", "requested_at")
    list_filter = ("status", "resolution", "requested_at")
    list_select_related = ("order",)
    # Shows the search box; get_search_results does the indexed look-ups.
    search_fields = ("=number", "=order__number", "=order__email", "=order__customer__email")
    search_help_text = _("Vollständige Retourennummer, Bestellnummer oder E-Mail-Adresse")
    show_full_result_count = False
    list_per_page = 50

    inlines = (ReturnLineInline, ReturnStatusChangeInline)
    fields = (
        "number",
        "order_link",
        "status",
        "resolution",
        "refund_amount",
        "customer_comment",
        "requested_at",
        "updated_at",
    )
    readonly_fields = fields  # status changes go through returns.services, never a form

    def has_add_permission(self, request):
        # Returns are requested by the customer or created through ``return_request_create``.
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order")

    def get_search_results(self, request, queryset, search_term):
        variants = search_variants(search_term)
        if not variants:
            return queryset, False
        order_ids = Order.objects.filter(order_search_q(search_term)).values("pk")
        return queryset.filter(Q(number__in=variants) | Q(order_id__in=order_ids)), False

    @admin.display(description=_("Bestellung"), ordering="order__number")
    def order_link(self, obj: ReturnRequest) -> str:
        return admin_link(obj.order, obj.order.number)

    @admin.display(description=_("E-Mail-Adresse"))
    def customer_email(self, obj: ReturnRequest) -> str:
        return obj.order.email
