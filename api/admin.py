from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke


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
