"""Support admin for returns and the shop's return reasons.

A return's status and resolution move through the returns services (transition map and history),
so they are read-only here; staff record the condition of what arrived.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import StatusHistoryInline, admin_link, search_variants
from core.errors import IllegalTransition
from orders.admin import order_search_q
from orders.models import Order
from returns.labels import return_label_pdf
from returns.models import (
    ReturnLine,
    ReturnPhoto,
    ReturnPolicy,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
    ReturnStatusChange,
    WithdrawalDeclaration,
)
from returns.services import (
    RETURN_TRANSITIONS,
    ReturnAction,
    ReturnNotPossible,
    return_refund_compute,
    return_request_act,
)


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


class OpenReturnsFilter(admin.SimpleListFilter):
    """The returns desk's queue: what still needs someone."""

    title = _("Warteschlange")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("open", _("offen")),
            ("decide", _("zu entscheiden")),
            ("arrived", _("eingegangen, zu erstatten")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.exclude(status__in=OPEN_EXCLUDED)
        if self.value() == "decide":
            return queryset.filter(status=ReturnStatus.REQUESTED)
        if self.value() == "arrived":
            return queryset.filter(status=ReturnStatus.RECEIVED)
        return queryset


OPEN_EXCLUDED = (
    ReturnStatus.REFUNDED,
    ReturnStatus.EXCHANGED,
    ReturnStatus.REJECTED,
    ReturnStatus.CANCELLED,
    ReturnStatus.CLOSED,
)


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ("number", "order_link", "customer_email", "status", "resolution", "requested_at")
    list_filter = (OpenReturnsFilter, "status", "resolution", "requested_at")
    list_select_related = ("order",)
    # Shows the search box; get_search_results does the indexed look-ups.
    search_fields = ("=number", "=order__number", "=order__email", "=order__customer__email")
    search_help_text = _("Vollständige Retourennummer, Bestellnummer oder E-Mail-Adresse")
    show_full_result_count = False
    list_per_page = 50

    inlines = (ReturnLineInline, ReturnStatusChangeInline)
    fields = (
        "desk_link",
        "photos",
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

    @admin.display(description=_("Fotos der Kundin oder des Kunden"))
    def photos(self, obj: ReturnRequest) -> str:
        photos = ReturnPhoto.objects.filter(return_line__return_request=obj).select_related(
            "return_line__order_line"
        )
        return (
            format_html_join(
                " ",
                '<a href="{0}" title="{1}"><img src="{0}" alt="{1}" style="max-height:8em"></a>',
                ((photo.image.url, photo.return_line.order_line.product_name) for photo in photos),
            )
            or "–"
        )

    @admin.display(description=_("Retourenschalter"))
    def desk_link(self, obj: ReturnRequest) -> str:
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:returns_returnrequest_desk", args=[obj.pk]),
            _("Genehmigen, ablehnen, Eingang buchen, erstatten"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/desk/",
                self.admin_site.admin_view(self.desk_view),
                name="returns_returnrequest_desk",
            ),
            path(
                "<int:pk>/label.pdf",
                self.admin_site.admin_view(self.label_view),
                name="returns_returnrequest_label",
            ),
            *super().get_urls(),
        ]

    def label_view(self, request, pk: int):
        return_request = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
        response = HttpResponse(
            return_label_pdf(return_request=return_request), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="ruecksendeetikett-{return_request.number}.pdf"'
        return response

    def desk_view(self, request, pk: int):
        """One page per return with the actions its status allows; each calls a returns service."""
        return_request = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
        if not self.has_view_permission(request, return_request):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_change_permission(request, return_request):
                raise PermissionDenied
            action = request.POST.get("action", "")
            note = request.POST.get("note", "").strip()
            try:
                amount = request.POST.get("amount", "").replace(",", ".").strip()
                replacement_before = return_request.replacement_order_id
                return_request = return_request_act(
                    return_request=return_request,
                    action=action,
                    note=note,
                    amount=Decimal(amount) if action == ReturnAction.REFUND and amount else None,
                    conditions={
                        line.pk: request.POST.get(f"condition-{line.pk}", "")
                        for line in return_request.lines.all()
                    }
                    if action == ReturnAction.RECEIVE
                    else None,
                    actor=request.user,
                )
                if return_request.replacement_order_id != replacement_before:
                    messages.info(
                        request,
                        _("Ersatzbestellung %(number)s angelegt.")
                        % {"number": return_request.replacement_order.number},
                    )
            except (ReturnNotPossible, IllegalTransition, InvalidOperation) as exc:
                messages.error(request, str(exc) or _("Ungültiger Betrag."))
            else:
                messages.success(request, _("Erledigt."))
                return redirect("admin:returns_returnrequest_desk", return_request.pk)
            return_request.refresh_from_db()
        allowed = RETURN_TRANSITIONS[return_request.status]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Retoure %(number)s") % {"number": return_request.number},
            "return_request": return_request,
            "lines": return_request.lines.select_related("order_line", "reason", "exchange_for"),
            "allowed": allowed,
            "statuses": ReturnStatus,
            "computed_refund": return_refund_compute(return_request=return_request),
        }
        return TemplateResponse(request, "admin/returns/returnrequest/desk.html", context)

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


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "window_days",
        "free_return_shipping",
        "restocking_fee_percent",
        "auto_approve",
    )

    def has_add_permission(self, request):
        return not ReturnPolicy.objects.exists()  # one policy per shop

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WithdrawalDeclaration)
class WithdrawalDeclarationAdmin(admin.ModelAdmin):
    """Withdrawals are evidence: read-only."""

    list_display = ("order", "email", "declared_at")
    list_select_related = ("order",)
    search_fields = ("=order__number", "=email")
    readonly_fields = ("order", "email", "declared_at", "statement", "lines")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
