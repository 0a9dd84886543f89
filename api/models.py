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


class WebhookSubscription(models.Model):
    """Where an integration wants to hear about changes, signed with its own secret."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("Integration"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("Adresse"), max_length=500)
    events = models.CharField(
        _("Ereignisse"),
        max_length=300,
        help_text=_("kommagetrennt, z. B. order.created, shipment.status_changed"),
    )
    secret = models.CharField(_("Geheimnis"), max_length=100)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Webhook-Abo")
        verbose_name_plural = _("Webhook-Abos")

    def __str__(self) -> str:
        return self.url

    @property
    def event_set(self) -> frozenset[str]:
        return frozenset(event.strip() for event in self.events.split(",") if event.strip())

    @property
    def event_list(self) -> list[str]:
        return sorted(self.event_set)


class WebhookDelivery(models.Model):
    """One event for one subscription: kept until it is delivered (retried with backoff), with the answers."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ausstehend")
        DELIVERED = "delivered", _("zugestellt")
        FAILED = "failed", _("aufgegeben")

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("Ereignis"), max_length=64)
    event_id = models.CharField(_("Ereignis-ID"), max_length=64)
    payload = models.JSONField(_("Daten"))
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    response_code = models.PositiveSmallIntegerField(_("letzte Antwort"), null=True, blank=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Webhook-Zustellung")
        verbose_name_plural = _("Webhook-Zustellungen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"], name="api_webhook_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"
