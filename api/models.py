from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """An integration's key. Only its SHA-256 is stored; the key itself is shown once, when it is made."""

    name = models.CharField(_("Name"), max_length=100)
    prefix = models.CharField(_("Anfang des Schlüssels"), max_length=12, help_text=_("zum Wiedererkennen"))
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.CharField(_("Rechte"), max_length=100, default="read", help_text=_("read, write"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("gesperrt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(scope.strip() for scope in self.scopes.split(",") if scope.strip())


class IdempotencyRecord(models.Model):
    """The first answer to a POST with an ``Idempotency-Key``: the same key and body get it again."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_uniq")]

    def __str__(self) -> str:
        return self.key
