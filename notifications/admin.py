"""Support admin for the message log and the shop's message templates.

``Message`` is the outbox and the log of what a customer was sent: staff read it, nobody edits it.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateSyntaxError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import StatusHistoryInline, admin_link, local_datetime, search_variants
from core.errors import DomainError
from notifications.catalog import CATALOG, spec_get
from notifications.models import (
    Channel,
    ConfirmationRule,
    EventSetting,
    MarketingConsent,
    Message,
    MessageStatus,
    MessageStatusChange,
    MessageTemplate,
    MessageTemplateVersion,
    Suppression,
)
from notifications.rendering import default_source, template_validate
from notifications.sandbox import RenderLimitExceeded
from notifications.selectors import notification_settings_forget
from notifications.services import message_resend
from notifications.template_services import (
    message_template_preview,
    message_template_restore,
    message_template_save,
    message_template_test_send,
)
from orders.models import Order


class MessageTemplateForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("Vorlage"), choices=[(key, key) for key in sorted(CATALOG)])

    class Meta:
        model = MessageTemplate
        fields = ("key", "language", "channel", "subject", "body_text", "body_html")
        widgets = {"language": forms.Select(choices=[("de", "Deutsch"), ("en", "English")])}

    def clean(self):
        cleaned = super().clean()
        key, channel = cleaned.get("key"), cleaned.get("channel")
        if not key or not channel:
            return cleaned
        if channel not in spec_get(key).channels:
            raise forms.ValidationError(_("Diese Vorlage wird nicht über diesen Kanal gesendet."))
        problems = template_validate(
            key=key,
            subject=cleaned.get("subject", "") if channel == Channel.EMAIL else "-",
            text=cleaned.get("body_text", ""),
            html=cleaned.get("body_html", ""),
        )
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """Shop owners edit the library here: validation on save, a preview and a test send with a real order,
    every saved version kept for restore; deleting the shop's version brings back the shipped default."""

    form = MessageTemplateForm
    change_list_template = "admin/notifications/messagetemplate/change_list.html"
    list_display = ("key", "language", "channel", "kind", "subject", "updated_at")
    list_filter = ("channel", "kind", "language")
    search_fields = ("key", "subject")
    readonly_fields = ("variables", "actions_links", "versions", "updated_at")

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("key", "language", "channel")}),
            (_("Inhalt"), {"fields": ("subject", "body_text", "body_html", "variables")}),
        ]
        if obj is not None:
            fieldsets.append(
                (_("Vorschau, Testversand und Versionen"), {"fields": ("actions_links", "versions")})
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fixed = ("key", "language", "channel") if obj is not None else ()
        return (*fixed, *self.readonly_fields)

    def get_changeform_initial_data(self, request):
        """``?key=…&language=…&channel=…`` starts from the shipped default, so that an owner edits, not types."""
        initial = super().get_changeform_initial_data(request)
        key, language = request.GET.get("key"), request.GET.get("language", "de")
        channel = request.GET.get("channel", Channel.EMAIL)
        if key in CATALOG:
            source = default_source(key=key, language=language, channel=channel)
            if source:
                initial.update(subject=source.subject.strip(), body_text=source.text, body_html=source.html)
        return initial

    def save_model(self, request, obj, form, change):
        saved = message_template_save(
            key=obj.key,
            language=obj.language,
            channel=obj.channel,
            subject=obj.subject,
            body_text=obj.body_text,
            body_html=obj.body_html,
            actor=request.user,
        )
        obj.pk = saved.pk

    @admin.display(description=_("Variablen"))
    def variables(self, obj: MessageTemplate | None) -> str:
        specs = (
            [spec_get(obj.key)] if obj and obj.key in CATALOG else [CATALOG[key] for key in sorted(CATALOG)]
        )
        rows = format_html_join(
            "",
            "<tr><td><code>{{{{ {} }}}}</code></td><td>{}</td></tr>",
            sorted({(name, text) for spec in specs for name, text in spec.variables.items()}),
        )
        return format_html("<table>{}</table>", rows)

    @admin.display(description=_("Aktionen"))
    def actions_links(self, obj: MessageTemplate) -> str:
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:notifications_messagetemplate_preview", args=[obj.pk]),
            _("Vorschau mit einer echten Bestellung"),
            reverse("admin:notifications_messagetemplate_preview", args=[obj.pk]) + "#test-send",
            _("Testversand an mich"),
        )

    @admin.display(description=_("Versionen"))
    def versions(self, obj: MessageTemplate) -> str:
        versions = MessageTemplateVersion.objects.filter(
            key=obj.key, language=obj.language, channel=obj.channel
        ).select_related("saved_by")[:20]
        return format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
                (
                    (
                        local_datetime(version.saved_at),
                        version.saved_by or "–",
                        version.subject,
                        reverse("admin:notifications_messagetemplate_restore", args=[obj.pk, version.pk]),
                        _("wiederherstellen"),
                    )
                    for version in versions
                ),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_messagetemplate_preview",
            ),
            path(
                "<int:pk>/restore/<int:version_pk>/",
                self.admin_site.admin_view(self.restore_view),
                name="notifications_messagetemplate_restore",
            ),
            path(
                "library/",
                self.admin_site.admin_view(self.library_view),
                name="notifications_messagetemplate_library",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int):
        template = get_object_or_404(MessageTemplate, pk=pk)
        if not self.has_view_permission(request, template):
            raise PermissionDenied
        number = (request.POST.get("order") or request.GET.get("order") or "").strip()
        order = (
            Order.objects.filter(number=number).first()
            if number
            else Order.objects.order_by("-placed_at").first()
        )
        rendered, problem = None, ""
        if order is None:
            problem = (
                _("Keine Bestellung mit dieser Nummer.") if number else _("Es gibt noch keine Bestellung.")
            )
        else:
            try:
                if request.method == "POST" and "test_send" in request.POST:
                    message_template_test_send(
                        key=template.key,
                        language=template.language,
                        channel=template.channel,
                        order=order,
                        recipient=request.user.email,
                    )
                    messages.success(
                        request,
                        _("Testnachricht an %(email)s ist unterwegs.") % {"email": request.user.email},
                    )
                    return redirect(f"{request.path}?order={order.number}")
                rendered = message_template_preview(
                    key=template.key, language=template.language, channel=template.channel, order=order
                )
            except (DomainError, TemplateSyntaxError, RenderLimitExceeded) as exc:
                problem = str(exc)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Vorschau: %(template)s") % {"template": template},
            "template_obj": template,
            "order": order,
            "order_number": order.number if order else number,
            "rendered": rendered,
            "problem": problem,
        }
        return TemplateResponse(request, "admin/notifications/messagetemplate/preview.html", context)

    def restore_view(self, request, pk: int, version_pk: int):
        template = get_object_or_404(MessageTemplate, pk=pk)
        version = get_object_or_404(
            MessageTemplateVersion,
            pk=version_pk,
            key=template.key,
            language=template.language,
            channel=template.channel,
        )
        if not self.has_change_permission(request, template):
            raise PermissionDenied
        if request.method == "POST":
            message_template_restore(version=version, actor=request.user)
            messages.success(
                request,
                _("Version vom %(date)s ist wiederhergestellt.") % {"date": local_datetime(version.saved_at)},
            )
            return redirect("admin:notifications_messagetemplate_change", template.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Version wiederherstellen"),
            "template_obj": template,
            "version": version,
        }
        return TemplateResponse(request, "admin/notifications/messagetemplate/restore.html", context)

    def library_view(self, request):
        """Every template of the library, with where its text comes from and a link to edit it."""
        edited = {
            (row.key, row.language, row.channel): row.pk
            for row in MessageTemplate.objects.only("key", "language", "channel")
        }
        rows = []
        for key in sorted(CATALOG):
            spec = CATALOG[key]
            for channel in spec.channels:
                for language in spec.languages:
                    pk = edited.get((key, language, channel))
                    if pk:
                        link = reverse("admin:notifications_messagetemplate_change", args=[pk])
                    else:
                        link = (
                            reverse("admin:notifications_messagetemplate_add")
                            + "?"
                            + urlencode({"key": key, "language": language, "channel": channel})
                        )
                    rows.append(
                        {
                            "spec": spec,
                            "channel": channel,
                            "language": language,
                            "edited": bool(pk),
                            "link": link,
                        }
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Vorlagenbibliothek"),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/notifications/messagetemplate/library.html", context)


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
    actions = ("resend",)
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

    @admin.action(description=_("Ausgewählte Nachrichten erneut senden"))
    def resend(self, request, queryset):
        for message in queryset[:100]:
            message_resend(message=message, actor=request.user)
        self.message_user(
            request,
            _("%(count)d Nachricht(en) werden erneut gesendet.") % {"count": min(queryset.count(), 100)},
        )

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


class NotificationSettingsAdmin(admin.ModelAdmin):
    """Settings that each process keeps for a few seconds (``notifications.selectors.SETTINGS_TTL``): a
    change takes effect at once in this process, in the others within that time."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        notification_settings_forget()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        notification_settings_forget()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        notification_settings_forget()


@admin.register(ConfirmationRule)
class ConfirmationRuleAdmin(NotificationSettingsAdmin):
    """Which order confirmation a customer gets: the first active rule from the top that matches."""

    list_display = ("position", "condition", "amount", "variant", "is_active")
    list_editable = ("condition", "amount", "variant", "is_active")
    list_display_links = ("position",)


@admin.register(EventSetting)
class EventSettingAdmin(NotificationSettingsAdmin):
    list_display = ("event", "enabled", "send_email", "send_sms", "send_whatsapp", "delay_minutes")
    list_editable = ("enabled", "send_email", "send_sms", "send_whatsapp", "delay_minutes")


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses that get no more messages (hard bounces, complaints). Deleting a row lifts the block."""

    list_display = ("address", "channel", "reason", "created_at")
    list_filter = ("reason", "channel")
    search_fields = ("=address",)
    readonly_fields = ("created_at",)


@admin.register(MarketingConsent)
class MarketingConsentAdmin(admin.ModelAdmin):
    """The record of marketing consent (double opt-in): read-only, so that it stays evidence."""

    list_display = ("address", "channel", "status", "source", "requested_at", "confirmed_at", "withdrawn_at")
    list_filter = ("status", "channel")
    search_fields = ("=address",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
