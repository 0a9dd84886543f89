from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange
from orders.models import MONEY, Order, OrderLine


class ReturnPolicy(models.Model):
    """The shop's return policy (one row). The window counts from delivery; a product's or its category's own
    window overrides it. German law allows no less than 14 days for consumers."""

    window_days = models.PositiveSmallIntegerField(
        _("Rückgabefrist (Tage ab Zustellung)"),
        default=30,
        validators=[MinValueValidator(14), MaxValueValidator(365)],
    )
    free_return_shipping = models.BooleanField(_("kostenlose Rücksendung"), default=True)
    return_shipping_fee = models.DecimalField(
        _("Rücksendekosten"), **MONEY, default=Decimal("0"), help_text=_("nur ohne kostenlose Rücksendung")
    )
    restocking_fee_percent = models.DecimalField(
        _("Wiedereinlagerungsgebühr (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    exchanges_offered = models.BooleanField(_("Umtausch anbieten"), default=True)
    auto_approve = models.BooleanField(
        _("automatisch genehmigen"),
        default=True,
        help_text=_("Innerhalb der Frist und ohne Mangel wird eine Retoure sofort genehmigt."),
    )
    return_address = models.TextField(
        _("Rücksendeadresse"), default="Nordlicht Haus Retouren\nLagerweg 7\n21079 Hamburg\nDeutschland"
    )

    class Meta:
        verbose_name = _("Rückgaberegeln")
        verbose_name_plural = _("Rückgaberegeln")

    def __str__(self) -> str:
        return str(_("Rückgaberegeln des Shops"))


class ReturnReason(models.Model):
    """Defined by the shop, not hard-coded."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    label = models.CharField(_("Bezeichnung (Deutsch)"), max_length=120)
    label_en = models.CharField(_("Bezeichnung (Englisch)"), max_length=120, blank=True)
    requires_comment = models.BooleanField(_("Kommentar erforderlich"), default=False)
    requires_photo = models.BooleanField(_("Foto erforderlich"), default=False)
    is_defect = models.BooleanField(
        _("Mangel"),
        default=False,
        help_text=_("Es gelten die Gewährleistungsregeln statt der Rückgabefrist."),
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Rückgabegrund")
        verbose_name_plural = _("Rückgabegründe")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Angefragt")
    APPROVED = "approved", _("Genehmigt")
    REJECTED = "rejected", _("Abgelehnt")
    LABEL_ISSUED = "label_issued", _("Rücksendeetikett erstellt")
    IN_TRANSIT = "in_transit", _("Unterwegs zu uns")
    RECEIVED = "received", _("Eingegangen")
    REFUNDED = "refunded", _("Erstattet")
    EXCHANGED = "exchanged", _("Umgetauscht")
    CANCELLED = "cancelled", _("Storniert")
    CLOSED = "closed", _("Abgeschlossen")


class ReturnResolution(models.TextChoices):
    REFUND = "refund", _("Erstattung")
    EXCHANGE = "exchange", _("Umtausch")
    STORE_CREDIT = "store_credit", _("Gutschrift")


class ReturnRequest(models.Model):
    number = models.CharField(_("Retourennummer"), max_length=32, unique=True)
    order = models.ForeignKey(
        Order, verbose_name=_("Bestellung"), on_delete=models.CASCADE, related_name="returns"
    )
    status = models.CharField(
        _("Status"),
        max_length=32,
        choices=ReturnStatus.choices,
        default=ReturnStatus.REQUESTED,
        db_index=True,
    )
    resolution = models.CharField(
        _("Lösung"), max_length=32, choices=ReturnResolution.choices, default=ReturnResolution.REFUND
    )
    customer_comment = models.TextField(_("Kommentar des Kunden"), blank=True)
    refund_amount = models.DecimalField(_("Erstattungsbetrag"), **MONEY, null=True, blank=True)
    refund_note = models.CharField(
        _("Begründung der Erstattung"),
        max_length=255,
        blank=True,
        help_text=_("wenn vom berechneten Betrag abgewichen"),
    )
    replacement_order = models.ForeignKey(
        Order,
        verbose_name=_("Ersatzbestellung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces_returns",
    )
    requested_at = models.DateTimeField(_("angefragt am"), db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Retoure")
        verbose_name_plural = _("Retouren")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refund_amount__isnull=True) | Q(refund_amount__gte=0),
                name="returns_request_refund_gte_0",
            )
        ]

    def __str__(self) -> str:
        return self.number


class ReturnLine(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="return_lines")
    quantity = models.PositiveIntegerField(_("Menge"))
    reason = models.ForeignKey(
        ReturnReason, verbose_name=_("Grund"), on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("Kommentar"), blank=True)
    condition = models.CharField(_("Zustand bei Eingang"), max_length=120, blank=True)
    exchange_for = models.ForeignKey(
        "orders.Product",
        verbose_name=_("Umtausch gegen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Die Variante, die die Kundin oder der Kunde stattdessen möchte."),
    )

    class Meta:
        verbose_name = _("Retourenposition")
        verbose_name_plural = _("Retourenpositionen")
        constraints = [
            models.UniqueConstraint(fields=["return_request", "order_line"], name="returns_line_uniq"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="returns_line_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.product_name}"


class ReturnStatusChange(StatusChange):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusverlauf")


class ReturnPhoto(models.Model):
    """A customer's picture of a returned item (checked for type and size before it is stored)."""

    return_line = models.ForeignKey(ReturnLine, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("Foto"), upload_to="returns/")
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")

    def __str__(self) -> str:
        return self.image.name


class WithdrawalDeclaration(models.Model):
    """A consumer's declaration of withdrawal (Widerruf, § 355 BGB), sent from Mein Konto: stored as evidence
    with its time, and confirmed to the customer by email."""

    order = models.ForeignKey(
        Order, verbose_name=_("Bestellung"), on_delete=models.CASCADE, related_name="withdrawals"
    )
    statement = models.TextField(_("Erklärung"))
    lines = models.JSONField(_("betroffene Artikel"), default=list, blank=True)
    declared_at = models.DateTimeField(_("erklärt am"))
    email = models.EmailField(_("E-Mail-Adresse"))

    class Meta:
        verbose_name = _("Widerruf")
        verbose_name_plural = _("Widerrufe")
        ordering = ["-declared_at"]

    def __str__(self) -> str:
        return f"{self.order.number} {self.declared_at:%d.%m.%Y %H:%M}"
