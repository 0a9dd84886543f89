"""German texts for the demo data: carrier scans, pickup points, return comments and sent messages.

These are the words a carrier or the shop would have written into the data (scan descriptions, email
bodies), stored as rows; they are not interface strings and so are not marked for translation.
"""

from datetime import date
from decimal import Decimal

# --- Carriers -----------------------------------------------------------------------------------------

CARRIER_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("dhl_paket", 45),
    ("hermes", 18),
    ("dpd", 15),
    ("gls", 12),
    ("ups", 10),
)
CARRIER_CODES: tuple[str, ...] = tuple(code for code, _weight in CARRIER_WEIGHTS)

# The shop ships from its warehouse in Neumünster; each carrier's first hub is nearby.
WAREHOUSE_TOWN = "Neumünster"

# Destination hub by the first digit of the postcode (Leitregion).
HUB_TOWNS = (
    "Leipzig",
    "Berlin",
    "Hamburg",
    "Hannover",
    "Dortmund",
    "Köln",
    "Frankfurt am Main",
    "Stuttgart",
    "München",
    "Nürnberg",
)

HUB_NAME = {
    "dhl_paket": "Paketzentrum {town}",
    "dpd": "DPD Depot {town}",
    "hermes": "Hermes Logistikzentrum {town}",
    "gls": "GLS Depot {town}",
    "ups": "UPS Einrichtung {town}",
}

# Where a parcel waits when nobody was at home: carrier, kind of shop.
PICKUP_POINT_KIND = {
    "dhl_paket": ("Postfiliale", "Packstation"),
    "dpd": ("DPD Pickup Paketshop",),
    "hermes": ("Hermes PaketShop",),
    "gls": ("GLS PaketShop",),
    "ups": ("UPS Access Point",),
}
PICKUP_SHOP_TYPES = (
    "Kiosk",
    "Schreibwaren",
    "Tabak & Presse",
    "Getränkemarkt",
    "Blumen",
    "Reinigung",
    "Copyshop",
    "Bäckerei",
    "Lotto-Annahmestelle",
)

# (event kind) -> carrier code -> (carrier's own status code, description). "{place}" is filled in.
EVENTS: dict[str, dict[str, tuple[str, str]]] = {
    "announced": {
        "dhl_paket": (
            "PARCEL_ANNOUNCED",
            "Die Auftragsdaten zu dieser Sendung wurden vom Absender elektronisch an DHL übermittelt.",
        ),
        "dpd": ("01_REGISTERED", "Die Paketdaten wurden von uns registriert."),
        "hermes": ("ANNOUNCED", "Die Sendung wurde Hermes elektronisch angekündigt."),
        "gls": ("PREADVICE", "Die Paketdaten wurden an GLS übermittelt."),
        "ups": ("MP", "Auftrag bearbeitet: bereit für UPS"),
    },
    "picked_up": {
        "dhl_paket": ("PICKED_UP", "Die Sendung wurde vom Absender an DHL übergeben."),
        "dpd": ("02_PICKUP", "Paket vom Versender abgeholt."),
        "hermes": ("PICKED_UP", "Die Sendung wurde vom Versender an Hermes übergeben."),
        "gls": ("INBOUND", "Das Paket wurde an GLS übergeben."),
        "ups": ("PU", "Abgeholt"),
    },
    "hub_origin": {
        "dhl_paket": ("HUB_START", "Die Sendung wurde im Start-Paketzentrum bearbeitet."),
        "dpd": ("03_HUB", "Paket im DPD Depot bearbeitet."),
        "hermes": ("SORTED", "Die Sendung wurde im Hermes Logistikzentrum sortiert."),
        "gls": ("HUB_OUT", "Das Paket hat das Paketzentrum verlassen."),
        "ups": ("DP", "Abfahrt von Einrichtung"),
    },
    "hub_transit": {
        "dhl_paket": ("IN_TRANSIT", "Die Sendung wird zum Ziel-Paketzentrum transportiert."),
        "dpd": ("04_TRANSIT", "Paket ist unterwegs zum Zustelldepot."),
        "hermes": ("IN_TRANSIT", "Die Sendung ist auf dem Weg zum Zielort."),
        "gls": ("TRANSIT", "Das Paket ist auf dem Weg zum GLS Depot."),
        "ups": ("IT", "Unterwegs"),
    },
    "hub_destination": {
        "dhl_paket": ("HUB_DESTINATION", "Die Sendung wurde im Ziel-Paketzentrum bearbeitet."),
        "dpd": ("05_DEPOT", "Paket im Zustelldepot eingetroffen."),
        "hermes": ("ARRIVED", "Die Sendung ist im Zustellstützpunkt eingetroffen."),
        "gls": ("HUB_IN", "Das Paket ist im GLS Depot eingegangen."),
        "ups": ("AR", "Ankunft in Einrichtung"),
    },
    "out_for_delivery": {
        "dhl_paket": ("OUT_FOR_DELIVERY", "Die Sendung wurde in das Zustellfahrzeug geladen."),
        "dpd": ("06_OUT", "Wir bringen Ihr Paket heute zwischen 10:30 und 12:30 Uhr."),
        "hermes": ("OUT_FOR_DELIVERY", "Die Sendung befindet sich in der Zustellung."),
        "gls": ("OUT_FOR_DELIVERY", "Das Paket wird voraussichtlich im Laufe des Tages zugestellt."),
        "ups": ("OF", "Wird heute zugestellt"),
    },
    "delivered": {
        "dhl_paket": ("DELIVERED", "Die Sendung wurde erfolgreich zugestellt."),
        "dpd": ("13_DELIVERED", "Ihr Paket wurde zugestellt."),
        "hermes": ("DELIVERED", "Die Sendung wurde zugestellt."),
        "gls": ("DELIVERED", "Das Paket wurde zugestellt."),
        "ups": ("D", "Zugestellt"),
    },
    "delivered_neighbour": {
        "dhl_paket": ("DELIVERED_NEIGHBOUR", "Die Sendung wurde an einen Nachbarn zugestellt."),
        "dpd": ("13_DELIVERED_NB", "Ihr Paket wurde bei Ihrem Nachbarn abgegeben."),
        "hermes": ("DELIVERED_NEIGHBOUR", "Die Sendung wurde beim Nachbarn zugestellt."),
        "gls": ("DELIVERED_NEIGHBOUR", "Das Paket wurde beim Nachbarn abgegeben."),
        "ups": ("D", "Zugestellt beim Nachbarn"),
    },
    "failed_attempt": {
        "dhl_paket": (
            "NOT_DELIVERED",
            "Der Empfänger wurde nicht angetroffen. Die Sendung wird zur Abholung gebracht.",
        ),
        "dpd": (
            "07_NOT_HOME",
            "Sie waren leider nicht zu Hause. Wir bringen Ihr Paket in einen Pickup Paketshop.",
        ),
        "hermes": ("NOT_DELIVERED", "Der Empfänger wurde nicht angetroffen."),
        "gls": (
            "NOT_DELIVERED",
            "Der Empfänger wurde nicht angetroffen. Das Paket wird in einen PaketShop gebracht.",
        ),
        "ups": ("NA", "Der Empfänger war nicht anwesend. Das Paket wird an einen UPS Access Point gebracht."),
    },
    "available_for_pickup": {
        "dhl_paket": ("READY_FOR_PICKUP", "Die Sendung liegt in der {place} zur Abholung bereit."),
        "dpd": ("08_PICKUP_READY", "Ihr Paket liegt im {place} zur Abholung bereit."),
        "hermes": ("READY_FOR_PICKUP", "Die Sendung liegt im {place} zur Abholung bereit."),
        "gls": ("READY_FOR_PICKUP", "Das Paket liegt im {place} zur Abholung bereit."),
        "ups": ("PA", "Im {place} zur Abholung bereit"),
    },
    "collected": {
        "dhl_paket": ("DELIVERED_PICKUP", "Die Sendung wurde vom Empfänger abgeholt."),
        "dpd": ("13_COLLECTED", "Ihr Paket wurde im Pickup Paketshop abgeholt."),
        "hermes": ("COLLECTED", "Die Sendung wurde im PaketShop abgeholt."),
        "gls": ("COLLECTED", "Das Paket wurde im PaketShop abgeholt."),
        "ups": ("D", "Abgeholt vom Empfänger am UPS Access Point"),
    },
    "delay_weather": {
        "dhl_paket": (
            "DELAY",
            "Aufgrund eines Unwetters verzögert sich die Zustellung. Wir bitten um Entschuldigung.",
        ),
        "dpd": ("09_DELAY", "Witterungsbedingt verzögert sich die Zustellung Ihres Pakets."),
        "hermes": ("DELAY", "Die Zustellung verzögert sich wegen starker Unwetter in der Region."),
        "gls": ("DELAY", "Aufgrund der Wetterlage verzögert sich die Zustellung."),
        "ups": ("X", "Verzögerung durch Witterungsbedingungen. Neuer Zustelltermin wird ermittelt."),
    },
    "delay_volume": {
        "dhl_paket": (
            "DELAY",
            "Die Sendung konnte wegen hohen Sendungsaufkommens nicht wie geplant bearbeitet werden.",
        ),
        "dpd": (
            "09_DELAY",
            "Aufgrund des hohen Paketaufkommens verzögert sich die Zustellung um ca. 1–2 Werktage.",
        ),
        "hermes": ("DELAY", "Wegen hohen Sendungsaufkommens verzögert sich die Zustellung."),
        "gls": (
            "DELAY",
            "Das Paket konnte aufgrund hohen Paketaufkommens nicht wie geplant zugestellt werden.",
        ),
        "ups": ("X", "Verzögerung aufgrund hohen Sendungsvolumens."),
    },
    "delay_address": {
        "dhl_paket": (
            "ADDRESS_ERROR",
            "Die Anschrift des Empfängers ist unvollständig. Die Sendung wird geprüft.",
        ),
        "dpd": ("09_ADDRESS", "Die Adresse ist unvollständig. Wir klären die Zustellung."),
        "hermes": (
            "ADDRESS_ERROR",
            "Die Empfängeradresse konnte nicht gefunden werden. Die Sendung wird geprüft.",
        ),
        "gls": ("ADDRESS_ERROR", "Die Adresse ist fehlerhaft. Das Paket wird geprüft."),
        "ups": ("X", "Die Adresse ist unvollständig. Es wird versucht, die richtige Adresse zu ermitteln."),
    },
    "delay_unknown": {
        "dhl_paket": (
            "DELAY",
            "Die Sendung verzögert sich. Die Zustellung erfolgt voraussichtlich in Kürze.",
        ),
        "dpd": ("09_DELAY", "Die Zustellung Ihres Pakets verzögert sich leider."),
        "hermes": ("DELAY", "Die Sendung verzögert sich."),
        "gls": ("DELAY", "Die Zustellung des Pakets verzögert sich."),
        "ups": ("X", "Unvorhergesehene Verzögerung. Neuer Zustelltermin wird ermittelt."),
    },
    "resumed": {
        "dhl_paket": ("IN_TRANSIT", "Die Sendung wird weiterbearbeitet."),
        "dpd": ("04_TRANSIT", "Ihr Paket ist wieder unterwegs."),
        "hermes": ("IN_TRANSIT", "Die Sendung wird weiter bearbeitet."),
        "gls": ("TRANSIT", "Das Paket wird weiterbearbeitet."),
        "ups": ("IT", "Unterwegs – neuer Zustelltermin festgelegt"),
    },
}

DELAY_EVENT_BY_REASON = {
    "weather": "delay_weather",
    "high_volume": "delay_volume",
    "address_problem": "delay_address",
    "unknown": "delay_unknown",
}
DELAY_REASON_TEXT = {
    "weather": "wegen eines Unwetters",
    "high_volume": "wegen des hohen Paketaufkommens",
    "address_problem": "weil die Lieferadresse geprüft werden muss",
    "unknown": "aus einem Grund, den uns der Versanddienstleister nicht genannt hat",
}

# --- Returns ------------------------------------------------------------------------------------------

RETURN_COMMENTS = {
    "not_as_described": (
        "Die Farbe ist deutlich dunkler als auf den Fotos.",
        "Das Material fühlt sich anders an als beschrieben.",
        "Kleiner als erwartet, die Maße in der Beschreibung stimmen nicht.",
    ),
    "defective": (
        "Nach zwei Tagen funktioniert es nicht mehr.",
        "Die Naht ist an der Seite aufgegangen.",
        "Beim Auspacken war ein Riss im Material.",
        "Der Reißverschluss klemmt und lässt sich nicht mehr schließen.",
    ),
    "damaged_in_transit": (
        "Der Karton war eingedrückt, der Artikel hat eine Delle.",
        "Beim Auspacken war der Artikel zerbrochen.",
    ),
    "wrong_item": ("Ich habe eine andere Farbe bekommen als bestellt.",),
}
RETURN_CONDITIONS = (
    "Originalverpackt, unbenutzt",
    "Unbenutzt, Verpackung geöffnet",
    "Leichte Gebrauchsspuren",
    "Defekt bestätigt",
)
RETURN_REJECTION_REASONS = (
    "Die Rückgabefrist war bereits abgelaufen.",
    "Der Artikel ist von der Rückgabe ausgeschlossen.",
)

# --- Messages -----------------------------------------------------------------------------------------

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def euro(amount: Decimal) -> str:
    """1234.5 -> "1.234,50 €" """
    return f"{amount:,.2f}".replace(",", "#").replace(".", ",").replace("#", ".") + " €"


def day_text(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, {day:%d.%m.%Y}"


SIGNATURE = "\n\nHerzliche Grüße\ndein Team von {shop}"


def order_confirmation(
    *,
    shop: str,
    first_name: str,
    number: str,
    placed: date,
    lines: list[tuple[int, str, Decimal]],
    subtotal: Decimal,
    shipping: Decimal,
    discount: Decimal,
    tax: Decimal,
    total: Decimal,
    address: str,
) -> tuple[str, str]:
    items = "\n".join(f"{quantity} × {name} – {euro(price * quantity)}" for quantity, name, price in lines)
    discount_line = f"Gutschein: −{euro(discount)}\n" if discount else ""
    shipping_text = "kostenlos" if not shipping else euro(shipping)
    body = (
        f"Hallo {first_name},\n\n"
        f"vielen Dank für deine Bestellung bei {shop}! Wir haben sie erhalten und machen sie jetzt "
        f"versandfertig.\n\n"
        f"Bestellnummer: {number}\nBestellt am: {placed:%d.%m.%Y}\n\n{items}\n\n"
        f"Zwischensumme: {euro(subtotal)}\nVersand: {shipping_text}\n{discount_line}"
        f"Gesamtsumme: {euro(total)}\n(darin enthalten {euro(tax)} MwSt.)\n\n"
        f"Lieferadresse:\n{address}\n\n"
        f"Sobald dein Paket unterwegs ist, schicken wir dir die Sendungsnummer." + SIGNATURE.format(shop=shop)
    )
    return f"Deine Bestellung {number} bei {shop}", body


def shipment_shipped(
    *,
    shop: str,
    first_name: str,
    number: str,
    carrier: str,
    tracking_number: str,
    tracking_url: str,
    estimated: date,
    items: list[tuple[int, str]],
    partial: bool,
) -> tuple[str, str]:
    what = "ein Teil deiner Bestellung" if partial else "deine Bestellung"
    contents = "\n".join(f"{quantity} × {name}" for quantity, name in items)
    body = (
        f"Hallo {first_name},\n\ngute Nachrichten: {what} {number} ist auf dem Weg zu dir.\n\n"
        f"Versand mit: {carrier}\nSendungsnummer: {tracking_number}\n"
        f"Voraussichtliche Zustellung: {day_text(estimated)}\n\n"
        f"Sendung verfolgen: {tracking_url}\n\nIn diesem Paket:\n{contents}" + SIGNATURE.format(shop=shop)
    )
    return f"Deine Bestellung {number} ist unterwegs", body


def shipment_delayed(
    *, shop: str, first_name: str, number: str, carrier: str, reason: str, estimated: date, tracking_url: str
) -> tuple[str, str]:
    body = (
        f"Hallo {first_name},\n\nleider verspätet sich dein Paket zur Bestellung {number} "
        f"{DELAY_REASON_TEXT[reason]}. {carrier} stellt es jetzt voraussichtlich am {day_text(estimated)} zu.\n\n"
        f"Du musst nichts weiter tun. Den aktuellen Stand siehst du hier: {tracking_url}\n\n"
        f"Entschuldige die Verzögerung!" + SIGNATURE.format(shop=shop)
    )
    return f"Dein Paket zur Bestellung {number} verspätet sich", body


def shipment_ready_for_pickup(
    *, shop: str, first_name: str, number: str, place: str, collect_by: date
) -> tuple[str, str]:
    body = (
        f"Hallo {first_name},\n\ndein Paket zur Bestellung {number} liegt zur Abholung bereit:\n\n{place}\n\n"
        f"Bitte hole es bis {day_text(collect_by)} ab und nimm deinen Ausweis oder den Abholcode mit."
        + SIGNATURE.format(shop=shop)
    )
    return f"Dein Paket zur Bestellung {number} liegt zur Abholung bereit", body


def return_label_issued(
    *, shop: str, first_name: str, return_number: str, order_number: str
) -> tuple[str, str]:
    body = (
        f"Hallo {first_name},\n\nwir haben deine Retoure {return_number} zur Bestellung {order_number} "
        f"genehmigt. Dein kostenloses Rücksendeetikett findest du im Anhang.\n\n"
        f"Bitte pack die Artikel gut ein, klebe das Etikett auf und gib das Paket innerhalb von 14 Tagen "
        f"bei einer Annahmestelle ab. Sobald es bei uns ankommt, melden wir uns."
        + SIGNATURE.format(shop=shop)
    )
    return f"Deine Retoure {return_number}: Rücksendeetikett", body


def return_refunded(*, shop: str, first_name: str, return_number: str, amount: Decimal) -> tuple[str, str]:
    body = (
        f"Hallo {first_name},\n\ndeine Retoure {return_number} ist bei uns angekommen und geprüft. "
        f"Wir haben dir {euro(amount)} erstattet; das Geld ist in wenigen Tagen auf deinem Konto "
        f"bzw. über deine ursprüngliche Zahlungsart zurück." + SIGNATURE.format(shop=shop)
    )
    return f"Erstattung für deine Retoure {return_number}", body
