from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange
from orders.models import Order, OrderLine


class TrackingStatus(models.TextChoices):
    """The one normalised vocabulary that every carrier's own codes map to."""

    PENDING = "pending", _("Versand wird vorbereitet")
    INFO_RECEIVED = "info_received", _("Sendungsdaten übermittelt")
    IN_TRANSIT = "in_transit", _("Unterwegs")
    OUT_FOR_DELIVERY = "out_for_delivery", _("In Zustellung")
    AVAILABLE_FOR_PICKUP = "available_for_pickup", _("Abholbereit")
    DELIVERED = "delivered", _("Zugestellt")
    FAILED_ATTEMPT = "failed_attempt", _("Zustellversuch fehlgeschlagen")
    EXCEPTION = "exception", _("Problem bei der Zustellung")
    RETURNED_TO_SENDER = "returned_to_sender", _("Zurück an Absender")
    EXPIRED = "expired", _("Keine Informationen mehr")


class DelayReason(models.TextChoices):
    WEATHER = "weather", _("Wetter")
    ADDRESS_PROBLEM = "address_problem", _("Problem mit der Adresse")
    HIGH_VOLUME = "high_volume", _("hohes Paketaufkommen")
    UNKNOWN = "unknown", _("unbekannt")


class Carrier(models.Model):
    code = models.SlugField(_("Kürzel"), max_length=32, unique=True)
    name = models.CharField(_("Name"), max_length=100)
    tracking_url_template = models.CharField(
        _("Link zur Sendungsverfolgung"),
        max_length=300,
        blank=True,
        help_text=_("Mit {tracking_number} als Platzhalter."),
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Versanddienstleister")
        verbose_name_plural = _("Versanddienstleister")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def tracking_url(self, tracking_number: str) -> str:
        if not self.tracking_url_template:
            return ""
        return self.tracking_url_template.replace("{tracking_number}", tracking_number)


class Shipment(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("Bestellung"), on_delete=models.CASCADE, related_name="shipments"
    )
    carrier = models.ForeignKey(
        Carrier, verbose_name=_("Versanddienstleister"), on_delete=models.PROTECT, related_name="shipments"
    )
    tracking_number = models.CharField(_("Sendungsnummer"), max_length=64, db_index=True)
    status = models.CharField(
        _("Status"),
        max_length=32,
        choices=TrackingStatus.choices,
        default=TrackingStatus.PENDING,
        db_index=True,
    )
    estimated_delivery = models.DateField(_("voraussichtliche Zustellung"), null=True, blank=True)
    original_estimated_delivery = models.DateField(_("ursprünglich erwartet"), null=True, blank=True)
    is_delayed = models.BooleanField(_("verspätet"), default=False, db_index=True)
    delay_reason = models.CharField(
        _("Grund der Verspätung"), max_length=32, choices=DelayReason.choices, blank=True
    )
    shipped_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("zugestellt am"), null=True, blank=True)
    last_event_at = models.DateTimeField(_("letztes Ereignis"), null=True, blank=True, db_index=True)
    return_request = models.ForeignKey(
        "returns.ReturnRequest",
        verbose_name=_("Rücksendung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parcels",
        help_text=_(
            "Gesetzt bei einem Rücksendepaket: es kommt zum Shop zurück und zählt nicht als Lieferung."
        ),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_polled_at = models.DateTimeField(_("zuletzt abgefragt"), null=True, blank=True)
    polling_retired_at = models.DateTimeField(
        _("Abfrage beendet am"),
        null=True,
        blank=True,
        help_text=_(
            "Nach der Zustellung oder nach 90 Tagen wird der Versanddienstleister nicht mehr gefragt."
        ),
    )

    class Meta:
        verbose_name = _("Sendung")
        verbose_name_plural = _("Sendungen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "tracking_number"], name="tracking_shipment_carrier_number_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier_id and self.carrier.name} {self.tracking_number}"

    @property
    def tracking_url(self) -> str:
        return self.carrier.tracking_url(self.tracking_number)


class ShipmentLine(models.Model):
    """Which quantity of which order line travels in this parcel."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="shipment_lines")
    quantity = models.PositiveIntegerField(_("Menge"))

    class Meta:
        verbose_name = _("Sendungsinhalt")
        verbose_name_plural = _("Sendungsinhalt")
        constraints = [
            models.UniqueConstraint(fields=["shipment", "order_line"], name="tracking_shipmentline_uniq"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="tracking_shipmentline_quantity_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.product_name}"


class TrackingEvent(models.Model):
    """One scan. ``dedupe_key`` makes a repeated event a no-op insert (unique per shipment)."""

    # No index of its own: the unique (shipment, dedupe_key) and the timeline index both start with it, and
    # every index costs time on the webhook's insert.
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events", db_index=False)
    status = models.CharField(_("Status"), max_length=32, choices=TrackingStatus.choices)
    carrier_code = models.CharField(_("Code des Versanddienstleisters"), max_length=64, blank=True)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    location = models.CharField(_("Ort"), max_length=120, blank=True)
    occurred_at = models.DateTimeField(_("Zeitpunkt"))
    received_at = models.DateTimeField(_("empfangen am"), auto_now_add=True)
    dedupe_key = models.CharField(_("Eindeutiger Schlüssel"), max_length=128)
    raw = models.JSONField(_("Rohdaten"), default=dict, blank=True)
    estimated_delivery = models.DateField(_("neue Zustellprognose"), null=True, blank=True)
    delay_reason = models.CharField(
        _("meldet Verspätung"),
        max_length=32,
        choices=DelayReason.choices,
        blank=True,
        help_text=_("Gesetzt, wenn dieses Ereignis eine Verzögerung meldet."),
    )
    source = models.CharField(_("Quelle"), max_length=32, blank=True)
    # Stored by a webhook, not yet worked into the parcel's status (the row is its own outbox entry).
    refresh_pending = models.BooleanField(_("noch nicht verarbeitet"), default=False)

    class Meta:
        verbose_name = _("Sendungsereignis")
        verbose_name_plural = _("Sendungsereignisse")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "dedupe_key"], name="tracking_event_dedupe_uniq"),
        ]
        indexes = [
            models.Index(fields=["shipment", "-occurred_at"], name="tracking_event_timeline_idx"),
            models.Index(
                fields=["shipment"], condition=Q(refresh_pending=True), name="tracking_event_pending_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%d.%m.%Y %H:%M} {self.get_status_display()}"


class ShipmentStatusChange(StatusChange):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="status_changes")

    class Meta(StatusChange.Meta):
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusverlauf")


class CarrierEventCode(models.Model):
    """How one of a carrier's own event codes maps to our status vocabulary: data, reviewed by staff.

    Seeded from ``tracking/data/carrier_event_codes.csv``. A code we have never seen is added by the
    ingestion service with a status chosen by rule and ``needs_review`` set, so that staff see it.
    """

    carrier = models.ForeignKey(
        Carrier, verbose_name=_("Versanddienstleister"), on_delete=models.CASCADE, related_name="event_codes"
    )
    code = models.CharField(_("Code"), max_length=64)
    status = models.CharField(_("Status"), max_length=32, choices=TrackingStatus.choices)
    is_delay = models.BooleanField(
        _("bedeutet Verspätung"), default=False, help_text=_("Der Code meldet eine Verzögerung.")
    )
    delay_reason = models.CharField(
        _("Grund der Verspätung"),
        max_length=32,
        choices=DelayReason.choices,
        blank=True,
        help_text=_("Leer: Grund aus dem Text des Scans ableiten."),
    )
    description = models.CharField(_("Beispieltext"), max_length=300, blank=True)
    needs_review = models.BooleanField(
        _("zu prüfen"),
        default=False,
        db_index=True,
        help_text=_("Unbekannter Code, per Regel zugeordnet; bitte prüfen."),
    )
    first_seen_at = models.DateTimeField(_("zuerst gesehen"), null=True, blank=True)

    class Meta:
        verbose_name = _("Ereigniscode")
        verbose_name_plural = _("Ereigniscodes")
        ordering = ["carrier__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "code"], name="tracking_eventcode_carrier_code_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.code} → {self.status}"


class UnmatchedTrackingEvent(models.Model):
    """An event for a tracking number we do not know (yet). It waits here and is ingested as soon as the
    shipment appears (``shipment_create``) or staff attach it by hand."""

    source = models.CharField(_("Quelle"), max_length=32)
    carrier = models.ForeignKey(
        Carrier,
        verbose_name=_("Versanddienstleister"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    carrier_hint = models.CharField(_("Versanddienstleister laut Absender"), max_length=64, blank=True)
    tracking_number = models.CharField(_("Sendungsnummer"), max_length=64, db_index=True)
    dedupe_key = models.CharField(_("Eindeutiger Schlüssel"), max_length=128)
    event = models.JSONField(_("Ereignis"), default=dict)
    raw = models.JSONField(_("Rohdaten"), default=dict, blank=True)
    received_at = models.DateTimeField(_("empfangen am"), auto_now_add=True)
    shipment = models.ForeignKey(
        Shipment,
        verbose_name=_("Sendung"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attached_at = models.DateTimeField(_("zugeordnet am"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("Nicht zugeordnetes Ereignis")
        verbose_name_plural = _("Nicht zugeordnete Ereignisse")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracking_number", "carrier_hint", "dedupe_key"],
                name="tracking_unmatched_dedupe_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} ({self.event.get('code') or self.event.get('status') or '?'})"


class PollingState(models.Model):
    """One row per polling adapter: the lock that keeps runs from overlapping, and when it last ran."""

    adapter = models.CharField(_("Adapter"), max_length=64, unique=True)
    locked_until = models.DateTimeField(_("gesperrt bis"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("zuletzt gestartet"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("zuletzt beendet"), null=True, blank=True)
    last_polled_count = models.PositiveIntegerField(_("zuletzt abgefragt"), default=0)

    class Meta:
        verbose_name = _("Abfragestatus")
        verbose_name_plural = _("Abfragestatus")

    def __str__(self) -> str:
        return self.adapter
