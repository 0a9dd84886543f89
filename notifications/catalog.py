"""The template library: which templates exist, for which event, of which kind, with which variables.

Every template renders from a plain dict payload; ``variables`` documents it for shop owners (shown in the
admin and by ``list_templates``) and ``sample_payload`` gives an example of each, used to validate a shop's
edited version before it is saved.
"""

from dataclasses import dataclass, field

from notifications.models import Channel, TemplateKind

SHOP_VARIABLES = {
    "shop.name": "Name des Shops",
    "shop.url": "Adresse des Shops",
}
CUSTOMER_VARIABLES = {
    "customer.first_name": "Vorname der Kundin oder des Kunden",
    "customer.email": "E-Mail-Adresse",
}
ORDER_VARIABLES = {
    "order.number": "Bestellnummer",
    "order.placed_at": "Bestellzeitpunkt, z. B. 24.12.2026, 14:05 Uhr",
    "order.lines": "Liste der Positionen: name, sku, quantity, unit_price, total",
    "order.shipping_total": "Versandkosten, z. B. 4,90 €",
    "order.grand_total": "Gesamtsumme, z. B. 54,70 €",
    "order.shipping_address": "Lieferadresse, mehrzeilig",
    "order.payment_method": "Zahlungsart, maskiert, z. B. Kreditkarte Visa •••• 4242",
    "order.url": "Link zur Bestellung in Mein Konto",
}
SHIPMENT_VARIABLES = {
    "shipment.carrier": "Versanddienstleister, z. B. DHL Paket",
    "shipment.tracking_number": "Sendungsnummer",
    "shipment.tracking_url": "Link zur Sendungsverfolgung beim Versanddienstleister",
    "shipment.status": "Status in Worten, z. B. In Zustellung",
    "shipment.status_explanation": "Ein Satz zum Status",
    "shipment.estimated_delivery": "voraussichtliche Zustellung, z. B. 27.11.2026 (leer, wenn unbekannt)",
    "shipment.original_estimated_delivery": "ursprünglich erwartete Zustellung",
    "shipment.is_delayed": "wahr, wenn das Paket verspätet ist",
    "shipment.delay_reason": "ein Satz, warum das Paket später kommt",
    "shipment.items": "Inhalt des Pakets: name, quantity",
    "shipment.parcel_index": "Nummer dieses Pakets (1, 2, …)",
    "shipment.parcel_count": "Anzahl der Pakete der Bestellung",
    "shipment.url": "Link zur Sendungsverfolgung in Mein Konto",
}
ORDER_MESSAGE_VARIABLES = {**SHOP_VARIABLES, **CUSTOMER_VARIABLES, **ORDER_VARIABLES}
RETURN_VARIABLES = {
    "return.number": "Retourennummer",
    "return.status": "Status in Worten",
    "return.resolution": "gewünschte Lösung in Worten (Erstattung, Umtausch, Gutschrift)",
    "return.resolution_code": "refund, exchange oder store_credit",
    "return.lines": "Artikel: name, quantity, reason",
    "return.refund_amount": "erstatteter Betrag, z. B. 49,80 €",
    "return.note": "Begründung des Kundenservice (z. B. bei Ablehnung)",
    "return.url": "Link zur Rücksendung in Mein Konto",
}
MARKETING_VARIABLES = {"unsubscribe_url": "Link zum Abmelden mit einem Klick (Pflicht in Werbe-E-Mails)"}
CONFIRMATION_VARIABLES = {
    "order.status": "Status der Bestellung in Worten",
    "order.expected_by": "spätester erwarteter Liefertag, bevor der Paketdienst einen nennt",
}
SHIPMENT_MESSAGE_VARIABLES = {**ORDER_MESSAGE_VARIABLES, **SHIPMENT_VARIABLES}
TEXT_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.WHATSAPP)


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    event: str
    kind: str
    description: str
    variables: dict[str, str]
    required: tuple[str, ...] = ()
    channels: tuple[str, ...] = (Channel.EMAIL,)
    languages: tuple[str, ...] = ("de", "en")
    extra: dict = field(default_factory=dict)


CATALOG: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        TemplateSpec(
            key="order_confirmation",
            event="order_placed",
            kind=TemplateKind.TRANSACTIONAL,
            description="Bestellbestätigung (einfach): Status und Bestelldetails",
            variables=ORDER_MESSAGE_VARIABLES,
            required=("order.url",),
            channels=TEXT_CHANNELS,
        ),
        *(
            TemplateSpec(
                key=key,
                event="order_placed",
                kind=TemplateKind.TRANSACTIONAL,
                description=description,
                variables={**ORDER_MESSAGE_VARIABLES, **CONFIRMATION_VARIABLES, **extra},
                required=("order.url",),
            )
            for key, description, extra in (
                (
                    "order_confirmation_welcome",
                    "Bestellbestätigung: herzlich willkommen (erste Bestellung)",
                    {},
                ),
                (
                    "order_confirmation_reassuring",
                    "Bestellbestätigung: Status, voraussichtliche Lieferung, Link zur Sendungsverfolgung",
                    {},
                ),
                (
                    "order_confirmation_enticing",
                    "Bestellbestätigung mit Gutschein für den nächsten Einkauf",
                    {
                        "coupon.code": "Gutscheincode (einmalig)",
                        "coupon.percent_off": "Rabatt in Prozent",
                        "coupon.valid_until": "gültig bis, z. B. 31.01.2027",
                    },
                ),
                (
                    "order_confirmation_similar",
                    "Bestellbestätigung mit ähnlichen Produkten",
                    {"similar": "Liste ähnlicher Produkte: name, price"},
                ),
            )
        ),
        *(
            TemplateSpec(
                key=key,
                event=event,
                kind=TemplateKind.TRANSACTIONAL,
                description=description,
                variables=SHIPMENT_MESSAGE_VARIABLES,
                required=("shipment.url",),
                channels=TEXT_CHANNELS,
            )
            for key, event, description in (
                ("shipment_shipped", "shipped", "Versandbestätigung: das Paket ist unterwegs"),
                ("shipment_out_for_delivery", "out_for_delivery", "Das Paket kommt heute"),
                ("shipment_ready_for_pickup", "available_for_pickup", "Das Paket liegt zur Abholung bereit"),
                ("shipment_delivered", "delivered", "Das Paket ist angekommen"),
                (
                    "shipment_delayed",
                    "delayed",
                    "Entschuldigung für eine Verspätung: warum und wie es weitergeht",
                ),
            )
        ),
        *(
            TemplateSpec(
                key=key,
                event=key,
                kind=TemplateKind.TRANSACTIONAL,
                description=description,
                variables={**SHOP_VARIABLES, **CUSTOMER_VARIABLES, **variables, "link": link},
                required=("link",),
            )
            for key, description, variables, link in (
                (
                    "magic_link",
                    "Link, der eine Bestellung ohne Passwort öffnet",
                    {"order.number": "Bestellnummer"},
                    "der signierte Link zur Bestellung (30 Tage gültig)",
                ),
                (
                    "account_activation",
                    "Konto aus einer Bestellung aktivieren (Passwort setzen)",
                    {"order.number": "Bestellnummer"},
                    "der signierte Link zum Setzen des Passworts",
                ),
                ("password_reset", "Passwort zurücksetzen", {}, "der Link zum Setzen eines neuen Passworts"),
            )
        ),
        *(
            TemplateSpec(
                key=key,
                event=key,
                kind=TemplateKind.TRANSACTIONAL,
                description=description,
                variables={**ORDER_MESSAGE_VARIABLES, **RETURN_VARIABLES},
                required=("return.url",),
            )
            for key, description in (
                ("return_requested", "Rücksendung angefragt: Eingangsbestätigung"),
                ("return_approved", "Rücksendung genehmigt: Etikett und nächste Schritte"),
                ("return_rejected", "Rücksendung abgelehnt: mit Grund und Weg für Rückfragen"),
                ("return_received", "Rücksendung ist angekommen"),
                ("return_refunded", "Erstattung ist veranlasst"),
            )
        ),
        TemplateSpec(
            key="consent_confirm",
            event="consent_confirm",
            kind=TemplateKind.TRANSACTIONAL,
            description="Anmeldung zu Neuigkeiten und Angeboten bestätigen (Double-Opt-in)",
            variables={**SHOP_VARIABLES, "link": "der Link, der die Einwilligung bestätigt (7 Tage gültig)"},
            required=("link",),
            channels=TEXT_CHANNELS,
        ),
        TemplateSpec(
            key="withdrawal_received",
            event="withdrawal_received",
            kind=TemplateKind.TRANSACTIONAL,
            description="Eingangsbestätigung eines Widerrufs (§ 355 BGB)",
            variables={
                **ORDER_MESSAGE_VARIABLES,
                "withdrawal.declared_at": "Zeitpunkt des Widerrufs",
                "withdrawal.statement": "die Erklärung der Kundin oder des Kunden",
                "withdrawal.lines": "betroffene Artikel: name",
            },
            required=("order.url",),
        ),
        TemplateSpec(
            key="thank_you_note",
            event="thank_you",
            kind=TemplateKind.MARKETING,
            description="Dankeschön ein paar Tage nach der Zustellung",
            variables={**ORDER_MESSAGE_VARIABLES, **MARKETING_VARIABLES},
            required=("order.url", "unsubscribe_url"),
        ),
    )
}


def sample_payload() -> dict:
    """A payload with an example value for every documented variable."""
    return {
        "shop": {"name": "Nordlicht Haus", "url": "https://shop.example"},
        "customer": {"first_name": "Lena", "email": "lena@example.com"},
        "order": {
            "number": "NH-10000001",
            "placed_at": "24.12.2026, 14:05 Uhr",
            "lines": [
                {
                    "name": "Thermobecher Fjord",
                    "sku": "NH-KU-1001",
                    "quantity": 2,
                    "unit_price": "24,90 €",
                    "total": "49,80 €",
                }
            ],
            "shipping_total": "4,90 €",
            "grand_total": "54,70 €",
            "shipping_address": "Lena Schneider\nLindenstraße 5\n20095 Hamburg",
            "payment_method": "Kreditkarte Visa •••• 4242",
            "url": "https://shop.example/account/orders/NH-10000001/",
            "status": "Bestellt",
            "expected_by": "29.12.2026",
        },
        "coupon": {"code": "DANKE-7KQ2MX9P", "percent_off": 10, "valid_until": "28.02.2027"},
        "similar": [
            {"name": "Thermobecher Fjord XL", "price": "29,90 €"},
            {"name": "Teebeutel Nordkap", "price": "6,90 €"},
        ],
        "link": "https://shop.example/account/orders/NH-10000001/?t=signed-token",
        "unsubscribe_url": "https://shop.example/unsubscribe/signed-token/",
        "withdrawal": {
            "declared_at": "24.12.2026, 18:00 Uhr",
            "statement": "Hiermit widerrufe ich den Kaufvertrag über die folgenden Waren.",
            "lines": [{"name": "Regenjacke Sylt"}],
        },
        "return": {
            "number": "R-10000001",
            "status": "Genehmigt",
            "resolution": "Erstattung",
            "resolution_code": "refund",
            "lines": [{"name": "Regenjacke Sylt", "quantity": 1, "reason": "Zu klein"}],
            "refund_amount": "89,90 €",
            "note": "Die Jacke wurde getragen und gewaschen.",
            "url": "https://shop.example/account/returns/R-10000001/",
        },
        "shipment": {
            "carrier": "DHL Paket",
            "tracking_number": "00340434161094042557",
            "tracking_url": "https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557",
            "status": "In Zustellung",
            "status_explanation": "Dein Paket ist heute im Zustellfahrzeug und kommt im Laufe des Tages.",
            "estimated_delivery": "27.12.2026",
            "original_estimated_delivery": "26.12.2026",
            "is_delayed": True,
            "delay_reason": "Wegen des Wetters kommen Pakete in deiner Region gerade später an.",
            "items": [{"name": "Thermobecher Fjord", "quantity": 2}],
            "parcel_index": 1,
            "parcel_count": 2,
            "url": "https://shop.example/account/orders/NH-10000001/shipments/1/",
        },
    }


def spec_get(key: str) -> TemplateSpec:
    try:
        return CATALOG[key]
    except KeyError:
        raise KeyError(f"unknown template '{key}'; known: {', '.join(sorted(CATALOG))}") from None


# The template each event sends (for the order confirmation, the rules choose among its variants).
EVENT_TEMPLATES: dict[str, str] = {}
for _spec in CATALOG.values():
    EVENT_TEMPLATES.setdefault(_spec.event, _spec.key)
