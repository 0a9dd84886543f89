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
            variables={**SHOP_VARIABLES, **CUSTOMER_VARIABLES, **ORDER_VARIABLES},
            required=("order.url",),
            channels=(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP),
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
        },
    }


def spec_get(key: str) -> TemplateSpec:
    try:
        return CATALOG[key]
    except KeyError:
        raise KeyError(f"unknown template '{key}'; known: {', '.join(sorted(CATALOG))}") from None
