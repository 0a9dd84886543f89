from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange
from orders.models import Order


class Channel(models.TextChoices):
    EMAIL = "email", _("E-Mail")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class TemplateKind(models.TextChoices):
    TRANSACTIONAL = "transactional", _("Transaktional")
    MARKETING = "marketing", _("Marketing")


class MessageTemplate(models.Model):
    """A shop's version of a message; without one the shipped default (in ``notifications/defaults``) applies."""

    key = models.SlugField(_("Schlüssel"), max_length=64)
    language = models.CharField(_("Sprache"), max_length=2, default="de")
    channel = models.CharField(_("Kanal"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(
        _("Art"), max_length=16, choices=TemplateKind.choices, default=TemplateKind.TRANSACTIONAL
    )
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Nachrichtenvorlage")
        verbose_name_plural = _("Nachrichtenvorlagen")
        ordering = ["key", "language", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["key", "language", "channel"], name="notifications_template_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language}, {self.channel})"


class NotificationEvent(models.TextChoices):
    ORDER_PLACED = "order_placed", _("Bestellung eingegangen")
    SHIPPED = "shipped", _("Versandt")
    OUT_FOR_DELIVERY = "out_for_delivery", _("In Zustellung")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Abholbereit")
    DELIVERED = "delivered", _("Zugestellt")
    DELAYED = "delayed", _("Verspätet oder Problem")
    RETURN_REQUESTED = "return_requested", _("Retoure angefragt")
    RETURN_APPROVED = "return_approved", _("Retoure genehmigt")
    RETURN_REJECTED = "return_rejected", _("Retoure abgelehnt")
    RETURN_RECEIVED = "return_received", _("Retoure eingegangen")
    RETURN_REFUNDED = "return_refunded", _("Erstattet")
    WITHDRAWAL_RECEIVED = "withdrawal_received", _("Widerruf eingegangen")
    ACCOUNT_ACTIVATION = "account_activation", _("Konto aktivieren")
    PASSWORD_RESET = "password_reset", _("Passwort zurücksetzen")
    MAGIC_LINK = "magic_link", _("Link zur Bestellung")


class EventSetting(models.Model):
    """What the shop wants sent when an event happens. Without a row: enabled, email, at once."""

    event = models.CharField(_("Ereignis"), max_length=32, choices=NotificationEvent.choices, unique=True)
    enabled = models.BooleanField(_("aktiv"), default=True)
    send_email = models.BooleanField(_("E-Mail"), default=True)
    send_sms = models.BooleanField(_("SMS"), default=False)
    send_whatsapp = models.BooleanField(_("WhatsApp"), default=False)
    delay_minutes = models.PositiveIntegerField(
        _("Verzögerung (Minuten)"), default=0, help_text=_("z. B. 60: eine Stunde nach dem Ereignis senden")
    )

    class Meta:
        verbose_name = _("Einstellung je Ereignis")
        verbose_name_plural = _("Einstellungen je Ereignis")
        ordering = ["event"]

    def __str__(self) -> str:
        return self.get_event_display()

    @property
    def channels(self) -> list[str]:
        wanted = (
            (Channel.EMAIL, self.send_email),
            (Channel.SMS, self.send_sms),
            (Channel.WHATSAPP, self.send_whatsapp),
        )
        return [channel for channel, on in wanted if on] if self.enabled else []


class MessageTemplateVersion(models.Model):
    """Every saved version of a shop's template, kept also when the template is deleted (restore)."""

    key = models.SlugField(_("Schlüssel"), max_length=64)
    language = models.CharField(_("Sprache"), max_length=2)
    channel = models.CharField(_("Kanal"), max_length=16, choices=Channel.choices)
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    saved_at = models.DateTimeField(_("gespeichert am"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("von"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("Version einer Vorlage")
        verbose_name_plural = _("Versionen")
        ordering = ["-saved_at", "-id"]
        indexes = [
            models.Index(fields=["key", "language", "channel", "-saved_at"], name="notif_tplversion_idx")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language}, {self.channel}) {self.saved_at:%d.%m.%Y %H:%M}"


class ConfirmationVariant(models.TextChoices):
    SIMPLE = "order_confirmation", _("Einfach: Status und Bestelldetails")
    WELCOME = "order_confirmation_welcome", _("Herzlich willkommen (erste Bestellung)")
    REASSURING = (
        "order_confirmation_reassuring",
        _("Beruhigend: Status, Lieferzeit, Link zur Sendungsverfolgung"),
    )
    ENTICING = "order_confirmation_enticing", _("Mit Gutschein für den nächsten Einkauf")
    SIMILAR = "order_confirmation_similar", _("Mit ähnlichen Produkten")


class ConfirmationCondition(models.TextChoices):
    FIRST_ORDER = "first_order", _("erste Bestellung dieser E-Mail-Adresse")
    RETURNING_CUSTOMER = "returning_customer", _("wiederkehrende Kundschaft")
    TOTAL_AT_LEAST = "total_at_least", _("Bestellwert mindestens")
    GUEST = "guest", _("Gastbestellung (ohne Konto)")
    ALWAYS = "always", _("immer")


class ConfirmationRule(models.Model):
    """Which order confirmation a customer gets: the first active rule (by position) that matches wins;
    with none, the simple one."""

    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    condition = models.CharField(_("Bedingung"), max_length=32, choices=ConfirmationCondition.choices)
    amount = models.DecimalField(
        _("Betrag"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("für „Bestellwert mindestens“"),
    )
    variant = models.CharField(_("Variante"), max_length=64, choices=ConfirmationVariant.choices)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Regel für die Bestellbestätigung")
        verbose_name_plural = _("Regeln für die Bestellbestätigung")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(condition="total_at_least") | models.Q(amount__isnull=False),
                name="notifications_rule_amount_needed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} → {self.get_variant_display()}"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("In Warteschlange")
    SENDING = "sending", _("Wird gesendet")
    SENT = "sent", _("Gesendet")
    DELIVERED = "delivered", _("Zugestellt")
    FAILED = "failed", _("Fehlgeschlagen")
    BOUNCED = "bounced", _("Unzustellbar")
    SUPPRESSED = "suppressed", _("Unterdrückt")


class Message(models.Model):
    """The outbox and the log: every message the platform sends is a row, written in the same
    transaction as the event that caused it. ``idempotency_key`` makes a repeated event send once."""

    idempotency_key = models.CharField(_("Idempotenzschlüssel"), max_length=200, unique=True)
    template_key = models.SlugField(_("Vorlage"), max_length=64, db_index=True)
    channel = models.CharField(_("Kanal"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    language = models.CharField(_("Sprache"), max_length=2, default="de")
    recipient = models.CharField(_("Empfänger"), max_length=254, db_index=True)
    order = models.ForeignKey(
        Order,
        verbose_name=_("Bestellung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Kunde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    payload = models.JSONField(_("Daten"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED, db_index=True
    )
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    body_text = models.TextField(_("Text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("Zustellversuche"), default=0)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    provider_message_id = models.CharField(_("ID beim Anbieter"), max_length=200, blank=True, db_index=True)
    send_after = models.DateTimeField(_("senden ab"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    opened_at = models.DateTimeField(_("zuerst geöffnet am"), null=True, blank=True)
    clicked_at = models.DateTimeField(_("zuerst geklickt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="notifications_msg_sweep_idx")]

    def __str__(self) -> str:
        return f"{self.template_key} → {self.recipient}"


class MessageStatusChange(StatusChange):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusverlauf")


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("Unzustellbar (Hard Bounce)")
    COMPLAINT = "complaint", _("Als Spam gemeldet")
    MANUAL = "manual", _("Von Hand gesperrt")


class Suppression(models.Model):
    """An address that must not get messages on a channel any more; every send checks this list."""

    address = models.CharField(_("Adresse"), max_length=254)
    channel = models.CharField(_("Kanal"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    reason = models.CharField(_("Grund"), max_length=32, choices=SuppressionReason.choices)
    detail = models.CharField(_("Details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gesperrt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperrliste")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["address", "channel"], name="notifications_suppression_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_reason_display()})"


class ConsentStatus(models.TextChoices):
    PENDING = "pending", _("Bestätigung ausstehend")
    CONFIRMED = "confirmed", _("Bestätigt")
    WITHDRAWN = "withdrawn", _("Widerrufen")


class MarketingConsent(models.Model):
    """Consent to marketing messages on one channel, given by double opt-in (German law: UWG § 7), with
    its record: when it was asked for, confirmed and withdrawn, and where it came from."""

    address = models.CharField(_("Adresse"), max_length=254)
    channel = models.CharField(_("Kanal"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(
        _("Status"), max_length=16, choices=ConsentStatus.choices, default=ConsentStatus.PENDING
    )
    source = models.CharField(
        _("Herkunft"), max_length=100, blank=True, help_text=_("z. B. Mein Konto, Checkout")
    )
    requested_at = models.DateTimeField(_("angefragt am"))
    confirmed_at = models.DateTimeField(_("bestätigt am"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Werbeeinwilligung")
        verbose_name_plural = _("Werbeeinwilligungen")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["address", "channel"], name="notifications_consent_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.channel}): {self.get_status_display()}"
