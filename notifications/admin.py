"""Support admin for the message log and the shop's message templates.

``Message`` is the outbox and the log of what a customer was sent: staff read it, nobody edits it.
"""

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import StatusHistoryInline, admin_link, search_variants
from notifications.models import Message, MessageStatus, MessageStatusChange, MessageTemplate
from orders.models import Order


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "language", "channel", "kind", "subject", "is_active", "updated_at")
    list_filter = ("channel", "kind", "language", "is_active")
    search_fields = ("key", "subject")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("key", "language", "channel", "kind", "is_active")}),
        (_("Inhalt"), {"fields": ("subject", "body_text", "body_html")}),
        (_("Verwaltung"), {"fields": ("updated_at",), "classes": ("collapse",)}),
    )


class MessageStatusChangeInline(StatusHistoryInline):
    model = MessageStatusChange
    status_choices = MessageStatus


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "template_key", "channel", "recipient", "order_link", "status", "sent_at")
    list_filter = ("status", "channel", "template_key")
    list_select_related = ("order",)
    # Shows the search box; get_search_results does the indexed look-ups.
    search_fields = ("=recipient", "=order__number", "=template_key")
    search_help_text = _("Vollständige E-Mail-Adresse oder Telefonnummer, Bestellnummer oder Vorlage")
    show_full_result_count = False
    list_per_page = 50

    inlines = (MessageStatusChangeInline,)
    readonly_fields = ("order_link", "customer_link", "html_preview")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("template_key", "channel", "language"),
                    "recipient",
                    ("order_link", "customer_link"),
                    "status",
                    ("created_at", "send_after", "sent_at"),
                )
            },
        ),
        (_("Inhalt"), {"fields": ("subject", "body_text", "html_preview")}),
        (
            _("Zustellung"),
            {
                "fields": ("attempts", "last_error", "provider_message_id", "idempotency_key"),
                "classes": ("collapse",),
            },
        ),
        (_("Daten und HTML-Quelltext"), {"fields": ("payload", "body_html"), "classes": ("collapse",)}),
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order", "customer")

    def get_search_results(self, request, queryset, search_term):
        variants = search_variants(search_term)
        if not variants:
            return queryset, False
        order_ids = list(Order.objects.filter(number__in=variants).values_list("pk", flat=True))
        q = Q(recipient__in=variants) | Q(template_key__in=variants) | Q(order_id__in=order_ids)
        return queryset.filter(q), False

    @admin.display(description=_("Bestellung"), ordering="order__number")
    def order_link(self, obj: Message) -> str:
        return admin_link(obj.order, obj.order.number) if obj.order_id else "–"

    @admin.display(description=_("Kunde"))
    def customer_link(self, obj: Message) -> str:
        return admin_link(obj.customer) if obj.customer_id else "–"

    @admin.display(description=_("HTML-Ansicht"))
    def html_preview(self, obj: Message) -> str:
        """The email as the customer saw it, in a sandboxed frame.

        The HTML is escaped into the ``srcdoc`` attribute, so it cannot close the attribute or the
        frame; ``sandbox`` without flags stops its scripts, forms and access to the admin's origin.
        """
        if not obj.body_html:
            return "–"
        return format_html(
            '<iframe sandbox="" referrerpolicy="no-referrer" srcdoc="{}" title="{}" '
            'style="width:100%;min-width:40em;height:32em;border:1px solid var(--hairline-color)"></iframe>',
            obj.body_html,
            obj.subject,
        )
