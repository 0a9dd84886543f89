"""Support admin for carriers and parcels.

A parcel's status, dates and delay follow from the carrier's events (``shipment_events_ingest``), so
they are read-only here; staff may correct the carrier and the tracking number.
"""

import json
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyInlineMixin, StatusHistoryInline, admin_link, search_variants
from core.errors import DomainError
from orders.models import Order
from tracking.models import (
    Carrier,
    CarrierEventCode,
    DelayReason,
    Shipment,
    ShipmentLine,
    ShipmentStatusChange,
    TrackingEvent,
    TrackingStatus,
    UnmatchedTrackingEvent,
)
from tracking.services import (
    EVENT_STATUSES,
    FINAL_STATUSES,
    STUCK_AFTER_DAYS,
    event_codes_forget,
    shipment_event_add_manually,
    unmatched_events_attach,
)


def raw_payload(data) -> str:
    """What the sender sent, pretty-printed, for diagnosis."""
    if not data:
        return "–"
    return format_html(
        '<pre style="white-space: pre-wrap; max-width: 40em; font-size: 11px">{}</pre>',
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True),
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
    """The carrier's scans, newest first (the model's ordering), with what the sender sent."""

    model = TrackingEvent
    fields = (
        "occurred_at",
        "status",
        "location",
        "description",
        "carrier_code",
        "delay_reason",
        "estimated_delivery",
        "source",
        "received_at",
        "raw_payload",
    )
    readonly_fields = fields

    @admin.display(description=_("Rohdaten"))
    def raw_payload(self, obj: TrackingEvent) -> str:
        return raw_payload(obj.raw)


class StuckFilter(admin.SimpleListFilter):
    """Parcels that need a look: on the way, but silent for days or past their estimate."""

    title = _("hängt fest")
    parameter_name = "stuck"

    def lookups(self, request, model_admin):
        return [
            ("silent", _("seit %(days)s Tagen kein Ereignis") % {"days": STUCK_AFTER_DAYS}),
            ("overdue", _("Zustellprognose überschritten")),
            ("any", _("eins von beiden")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("silent", "overdue", "any"):
            return queryset
        now = timezone.now()
        silent = Q(last_event_at__lt=now - timedelta(days=STUCK_AFTER_DAYS))
        overdue = Q(estimated_delivery__lt=timezone.localdate())
        condition = {"silent": silent, "overdue": overdue, "any": silent | overdue}[self.value()]
        return queryset.exclude(status__in=[*FINAL_STATUSES, TrackingStatus.PENDING]).filter(condition)


class ManualEventForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in TrackingStatus.choices if value in EVENT_STATUSES],
    )
    occurred_at = forms.DateTimeField(
        label=_("Zeitpunkt"), initial=timezone.now, help_text=_("TT.MM.JJJJ HH:MM")
    )
    description = forms.CharField(label=_("Beschreibung"), max_length=300, required=False)
    location = forms.CharField(label=_("Ort"), max_length=120, required=False)
    estimated_delivery = forms.DateField(label=_("neue Zustellprognose"), required=False)
    delay_reason = forms.ChoiceField(
        label=_("meldet Verspätung"), choices=[("", "–"), *DelayReason.choices], required=False
    )

    def clean_occurred_at(self):
        """A scan happened in the recent past: a typo such as year 1 or 2062 is refused with a hint."""
        occurred_at = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if not now - timedelta(days=365) <= occurred_at <= now + timedelta(hours=1):
            raise forms.ValidationError(_("Bitte einen Zeitpunkt aus den letzten zwölf Monaten angeben."))
        return occurred_at


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
    list_filter = (StuckFilter, "status", "carrier", "is_delayed")
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
        ("last_polled_at", "polling_retired_at"),
        "manual_event_link",
    )
    readonly_fields = (
        "manual_event_link",
        "last_polled_at",
        "polling_retired_at",
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

    @admin.display(description=_("Ereignis von Hand erfassen"))
    def manual_event_link(self, obj: Shipment) -> str:
        if not obj.pk:
            return "–"
        url = reverse("admin:tracking_shipment_add_event", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Ereignis erfassen"))

    def get_urls(self):
        urls = [
            path(
                "<int:shipment_id>/event/",
                self.admin_site.admin_view(self.add_event_view),
                name="tracking_shipment_add_event",
            )
        ]
        return urls + super().get_urls()

    def add_event_view(self, request, shipment_id: int):
        """A scan that the carrier reported another way (phone, email): entered through the same ingestion
        service as every other event."""
        shipment = get_object_or_404(Shipment.objects.select_related("order", "carrier"), pk=shipment_id)
        if not self.has_change_permission(request, shipment):
            raise PermissionDenied
        form = ManualEventForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                shipment_event_add_manually(
                    shipment=shipment,
                    actor=request.user,
                    status=data["status"],
                    occurred_at=data["occurred_at"],
                    description=data["description"],
                    location=data["location"],
                    estimated_delivery=data["estimated_delivery"],
                    delay_reason=data["delay_reason"],
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(request, _("Das Ereignis wurde erfasst."), messages.SUCCESS)
                return redirect("admin:tracking_shipment_change", shipment.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": shipment,
            "title": _("Ereignis erfassen für %(number)s") % {"number": shipment.tracking_number},
            "form": form,
        }
        return TemplateResponse(request, "admin/tracking/shipment/add_event.html", context)


@admin.register(CarrierEventCode)
class CarrierEventCodeAdmin(admin.ModelAdmin):
    """The mapping table. Codes we had never seen arrive with "zu prüfen" set and a status chosen by rule."""

    list_display = (
        "code",
        "carrier",
        "status",
        "is_delay",
        "delay_reason",
        "description",
        "needs_review",
        "first_seen_at",
    )
    list_filter = ("needs_review", "carrier", "status")
    list_select_related = ("carrier",)
    search_fields = ("=code", "description")
    ordering = ("-needs_review", "carrier__name", "code")
    actions = ("mark_reviewed",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        event_codes_forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        event_codes_forget()

    @admin.action(description=_("Als geprüft markieren"))
    def mark_reviewed(self, request, queryset):
        count = queryset.update(needs_review=False)
        self.message_user(
            request, _("%(count)s Codes als geprüft markiert.") % {"count": count}, messages.SUCCESS
        )


class AttachForm(forms.Form):
    carrier = forms.ModelChoiceField(label=_("Versanddienstleister"), queryset=Carrier.objects.all())
    tracking_number = forms.CharField(label=_("Sendungsnummer"), max_length=64)

    def clean(self):
        data = super().clean()
        if data.get("carrier") and data.get("tracking_number"):
            shipment = (
                Shipment.objects.filter(
                    carrier=data["carrier"], tracking_number=data["tracking_number"].strip()
                )
                .select_related("carrier")
                .first()
            )
            if shipment is None:
                raise forms.ValidationError(
                    _("Es gibt keine Sendung mit dieser Nummer bei diesem Versanddienstleister.")
                )
            data["shipment"] = shipment
        return data


class AttachedFilter(admin.SimpleListFilter):
    title = _("zugeordnet")
    parameter_name = "attached"

    def lookups(self, request, model_admin):
        return [("no", _("wartet")), ("yes", _("zugeordnet"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(attached_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(attached_at__isnull=False)
        return queryset


@admin.register(UnmatchedTrackingEvent)
class UnmatchedTrackingEventAdmin(admin.ModelAdmin):
    """The inbox of events for tracking numbers we did not know. They attach themselves when the parcel is
    announced; staff attach them by hand when the sender got the number or carrier wrong."""

    list_display = (
        "tracking_number",
        "carrier_hint",
        "summary",
        "source",
        "received_at",
        "shipment_link",
        "attached_at",
    )
    list_filter = (AttachedFilter, "source", "carrier")
    list_select_related = ("carrier", "shipment")
    search_fields = ("=tracking_number",)
    ordering = ("-pk",)
    show_full_result_count = False
    actions = ("attach_to_shipment",)
    fields = (
        "source", "carrier", "carrier_hint", "tracking_number", "summary", "received_at", "shipment_link",
        "attached_at", "event_payload", "raw_payload",
    )  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Ereignis"))
    def summary(self, obj: UnmatchedTrackingEvent) -> str:
        event = obj.event or {}
        return " · ".join(
            part
            for part in (
                event.get("occurred_at", "")[:16],
                event.get("code") or event.get("status"),
                event.get("description", "")[:60],
            )
            if part
        )

    @admin.display(description=_("Sendung"))
    def shipment_link(self, obj: UnmatchedTrackingEvent) -> str:
        return admin_link(obj.shipment, obj.shipment.tracking_number) if obj.shipment_id else "–"

    @admin.display(description=_("Ereignis (normalisiert)"))
    def event_payload(self, obj: UnmatchedTrackingEvent) -> str:
        return raw_payload(obj.event)

    @admin.display(description=_("Rohdaten"))
    def raw_payload(self, obj: UnmatchedTrackingEvent) -> str:
        return raw_payload(obj.raw)

    @admin.action(description=_("Einer Sendung zuordnen …"))
    def attach_to_shipment(self, request, queryset):
        if not self.has_view_permission(request) or not request.user.has_perm("tracking.change_shipment"):
            raise PermissionDenied
        waiting = queryset.filter(attached_at__isnull=True)
        first = waiting.select_related("carrier").first()
        initial = {"tracking_number": first.tracking_number, "carrier": first.carrier_id} if first else {}
        form = AttachForm(request.POST if "attach" in request.POST else None, initial=initial)
        if "attach" in request.POST and form.is_valid():
            shipment = form.cleaned_data["shipment"]
            count = unmatched_events_attach(shipment=shipment, unmatched=list(waiting), actor=request.user)
            self.message_user(
                request,
                _("%(count)s Ereignisse der Sendung %(number)s zugeordnet.")
                % {"count": count, "number": shipment.tracking_number},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Ereignisse einer Sendung zuordnen"),
            "form": form,
            "rows": waiting[:100],
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "action": "attach_to_shipment",
        }
        return TemplateResponse(request, "admin/tracking/unmatchedtrackingevent/attach.html", context)
