from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, WebhookDelivery, WebhookSubscription
from api.services import api_token_create, api_token_revoke, events_checked, webhook_secret_new
from api.webhooks import EVENTS, webhook_redeliver


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys for shop integrations. A new key is shown once, right after it is made; only its hash is kept."""

    list_display = ("name", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix")
    fields = ("name", "scopes", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke",)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        scopes = {scope.strip() for scope in obj.scopes.split(",") if scope.strip()}
        token, key = api_token_create(name=obj.name, scopes=scopes)
        obj.pk = token.pk
        messages.warning(
            request,
            _("Der Schlüssel für %(name)s (nur jetzt sichtbar): %(key)s") % {"name": token.name, "key": key},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the log of who called keeps its key

    @admin.action(description=_("Ausgewählte Schlüssel sperren"))
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)


class WebhookSubscriptionForm(forms.ModelForm):
    """Events from the list the API knows; the secret is made for the shop when left empty."""

    url = forms.URLField(label=_("Adresse"), max_length=500, assume_scheme="https")

    class Meta:
        model = WebhookSubscription
        fields = ("token", "url", "events", "secret", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret"].required = False
        self.fields["secret"].help_text = _("Leer lassen: ein sicheres Geheimnis wird erzeugt.")
        self.fields["events"].help_text = _("kommagetrennt, aus: %(events)s") % {
            "events": ", ".join(sorted(EVENTS))
        }

    def clean_events(self):
        try:
            return events_checked(self.cleaned_data["events"].split(","))
        except ValueError:
            raise forms.ValidationError(
                _("Nur diese Ereignisse gibt es: %(events)s") % {"events": ", ".join(sorted(EVENTS))}
            ) from None

    def clean_secret(self):
        return self.cleaned_data["secret"].strip() or webhook_secret_new()


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ("url", "token", "events", "is_active", "created_at")
    list_filter = ("is_active",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, the answers, and a button to send again."""

    list_display = (
        "created_at",
        "event",
        "subscription",
        "status",
        "attempts",
        "response_code",
        "next_attempt_at",
    )
    list_filter = ("status", "event")
    list_select_related = ("subscription",)
    readonly_fields = (
        "subscription",
        "event",
        "event_id",
        "payload",
        "status",
        "attempts",
        "response_code",
        "last_error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
    )
    actions = ("redeliver",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Erneut senden"))
    def redeliver(self, request, queryset):
        for delivery in queryset:
            webhook_redeliver(delivery=delivery)
        messages.success(request, _("Wird erneut gesendet."))
