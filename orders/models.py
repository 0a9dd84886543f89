from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange

MONEY = {"max_digits": 12, "decimal_places": 2}


class Category(models.Model):
    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    return_window_days = models.PositiveSmallIntegerField(
        _("Rückgabefrist (Tage)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(365)],
        help_text=_("Leer: die Standardfrist des Shops."),
    )

    class Meta:
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    sku = models.CharField(_("Artikelnummer"), max_length=64, unique=True)
    external_id = models.CharField(
        _("Externe ID"), max_length=100, blank=True, help_text=_("Die ID des Produkts im Shopsystem.")
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("Kategorie"), null=True, blank=True, on_delete=models.SET_NULL
    )
    price = models.DecimalField(_("Preis (brutto)"), **MONEY, validators=[MinValueValidator(Decimal("0"))])
    vat_rate = models.DecimalField(
        _("MwSt.-Satz (%)"), max_digits=5, decimal_places=2, default=Decimal("19.00")
    )
    usage_instructions = models.TextField(_("Gebrauchshinweise"), blank=True)
    manual = models.FileField(_("Anleitung (Datei)"), upload_to="manuals/", blank=True)
    warranty_months = models.PositiveSmallIntegerField(_("Garantie (Monate)"), default=24)
    family = models.SlugField(
        _("Produktfamilie"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "Varianten (Größe, Farbe) eines Produkts teilen sie; sie können gegeneinander umgetauscht werden."
        ),
    )
    variant_label = models.CharField(
        _("Variante"), max_length=100, blank=True, help_text=_("z. B. „Größe M, Blau“")
    )
    is_returnable = models.BooleanField(_("rückgabefähig"), default=True)
    non_returnable_reason = models.CharField(
        _("Warum nicht rückgabefähig"),
        max_length=200,
        blank=True,
        help_text=_(
            "Wird der Kundschaft gezeigt, z. B. „Aus Hygienegründen von der Rückgabe ausgeschlossen“."
        ),
    )
    return_window_days = models.PositiveSmallIntegerField(
        _("Rückgabefrist (Tage)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(14), MaxValueValidator(365)],
        help_text=_("Leer: die Frist der Kategorie oder des Shops."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Produkt")
        verbose_name_plural = _("Produkte")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="orders_product_price_gte_0"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="orders_product_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class ProductSpec(models.Model):
    """One row of a product's specification table, in the order the shop wants it shown."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="specs")
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    key = models.CharField(_("Merkmal"), max_length=100)
    value = models.CharField(_("Wert"), max_length=255)

    class Meta:
        verbose_name = _("Merkmal")
        verbose_name_plural = _("Technische Daten")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class ProductImage(models.Model):
    # Indexed together with the position (Meta.indexes): a product's pictures in order, and its first one.
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", db_index=False)
    image = models.ImageField(_("Bild"), upload_to="products/")
    alt_text = models.CharField(_("Alternativtext"), max_length=200)
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        verbose_name = _("Produktbild")
        verbose_name_plural = _("Produktbilder")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["product", "position", "id"], name="orders_productimage_in_order")]

    def __str__(self) -> str:
        return self.alt_text


class OrderStatus(models.TextChoices):
    """Derived from the order's lines and shipments by ``orders.services.order_status_refresh``."""

    PLACED = "placed", _("Bestellt")
    PARTIALLY_SHIPPED = "partially_shipped", _("Teilweise versandt")
    SHIPPED = "shipped", _("Versandt")
    PARTIALLY_DELIVERED = "partially_delivered", _("Teilweise zugestellt")
    DELIVERED = "delivered", _("Zugestellt")
    CANCELLED = "cancelled", _("Storniert")


class PaymentMethodType(models.TextChoices):
    CARD = "card", _("Kreditkarte")
    PAYPAL = "paypal", _("PayPal")
    SEPA_DEBIT = "sepa_debit", _("SEPA-Lastschrift")
    INVOICE = "invoice", _("Rechnung")
    KLARNA = "klarna", _("Klarna")
    APPLE_PAY = "apple_pay", _("Apple Pay")
    PREPAYMENT = "prepayment", _("Vorkasse")


class Order(models.Model):
    number = models.CharField(_("Bestellnummer"), max_length=32, unique=True)
    external_id = models.CharField(
        _("Externe ID"), max_length=100, blank=True, help_text=_("Die ID der Bestellung im Shopsystem.")
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Kunde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        help_text=_("Leer bei einer Gastbestellung."),
    )
    email = models.EmailField(_("E-Mail-Adresse"), db_index=True)
    language = models.CharField(_("Sprache"), max_length=2, default="de")
    placed_at = models.DateTimeField(_("bestellt am"), db_index=True)
    status = models.CharField(
        _("Status"), max_length=32, choices=OrderStatus.choices, default=OrderStatus.PLACED, db_index=True
    )
    currency = models.CharField(_("Währung"), max_length=3, default="EUR")

    shipping_first_name = models.CharField(_("Vorname"), max_length=100)
    shipping_last_name = models.CharField(_("Nachname"), max_length=100)
    shipping_company = models.CharField(_("Firma"), max_length=100, blank=True)
    shipping_street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    shipping_extra = models.CharField(_("Adresszusatz"), max_length=200, blank=True)
    shipping_postcode = models.CharField(_("PLZ"), max_length=16)
    shipping_city = models.CharField(_("Ort"), max_length=100)
    shipping_country = models.CharField(_("Land"), max_length=2, default="DE")

    billing_first_name = models.CharField(_("Vorname"), max_length=100)
    billing_last_name = models.CharField(_("Nachname"), max_length=100)
    billing_company = models.CharField(_("Firma"), max_length=100, blank=True)
    billing_street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    billing_extra = models.CharField(_("Adresszusatz"), max_length=200, blank=True)
    billing_postcode = models.CharField(_("PLZ"), max_length=16)
    billing_city = models.CharField(_("Ort"), max_length=100)
    billing_country = models.CharField(_("Land"), max_length=2, default="DE")

    payment_method_type = models.CharField(
        _("Zahlungsart"), max_length=32, choices=PaymentMethodType.choices, default=PaymentMethodType.CARD
    )
    payment_method_detail = models.CharField(
        _("Zahlungsdetail (maskiert)"), max_length=64, blank=True, help_text=_("z. B. „Visa •••• 4242“")
    )

    subtotal = models.DecimalField(_("Zwischensumme"), **MONEY)
    shipping_total = models.DecimalField(_("Versandkosten"), **MONEY, default=Decimal("0"))
    discount_total = models.DecimalField(_("Rabatt"), **MONEY, default=Decimal("0"))
    tax_total = models.DecimalField(_("enthaltene MwSt."), **MONEY, default=Decimal("0"))
    grand_total = models.DecimalField(_("Gesamtsumme"), **MONEY)

    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Bestellung")
        verbose_name_plural = _("Bestellungen")
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["customer", "-placed_at"], name="orders_customer_placed_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(grand_total__gte=0), name="orders_order_grand_total_gte_0"),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="orders_order_external_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def customer_name(self) -> str:
        return f"{self.billing_first_name} {self.billing_last_name}".strip()


class OrderLine(models.Model):
    """What was bought, as the customer saw it: name, SKU and price are copied from the product."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("Produkt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    product_name = models.CharField(_("Produkt"), max_length=200)
    product_sku = models.CharField(_("Artikelnummer"), max_length=64)
    unit_price = models.DecimalField(_("Einzelpreis"), **MONEY)
    quantity = models.PositiveIntegerField(_("Menge"))
    vat_rate = models.DecimalField(
        _("MwSt.-Satz (%)"), max_digits=5, decimal_places=2, default=Decimal("19.00")
    )

    class Meta:
        verbose_name = _("Bestellposition")
        verbose_name_plural = _("Bestellpositionen")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_orderline_quantity_gte_1"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="orders_orderline_unit_price_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


class OrderStatusChange(StatusChange):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusverlauf")


class OrderNumberCounter(models.Model):
    """The last order number handed out per prefix; locked with ``select_for_update`` when incremented."""

    prefix = models.CharField(max_length=16, unique=True)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("Bestellnummernkreis")
        verbose_name_plural = _("Bestellnummernkreise")

    def __str__(self) -> str:
        return f"{self.prefix}{self.last_value}"
