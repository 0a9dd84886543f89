"""What each status means for the customer, in German (the source language) and English.

The German strings go through gettext like every interface string. The English texts are kept here as well,
so that the customer pages can show them before the translation catalogues exist; the pages call
:func:`status_text`, whose name and signature stay stable.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tracking.models import DelayReason, TrackingStatus

STATUS_TEXT: dict[str, dict[str, tuple[str, str]]] = {
    TrackingStatus.PENDING: {
        "de": (
            _("Versand wird vorbereitet"),
            _(
                "Deine Bestellung wird gerade verpackt. Sobald der Versanddienstleister das Paket hat, siehst du hier jeden Schritt."
            ),
        ),
        "en": (
            "Preparing shipment",
            "Your order is being packed. As soon as the carrier has the parcel, you will see every step here.",
        ),
    },
    TrackingStatus.INFO_RECEIVED: {
        "de": (
            _("Sendungsdaten übermittelt"),
            _("Der Versanddienstleister kennt dein Paket schon, hat es aber noch nicht abgeholt."),
        ),
        "en": (
            "Label created",
            "The carrier knows about your parcel but has not picked it up yet.",
        ),
    },
    TrackingStatus.IN_TRANSIT: {
        "de": (_("Unterwegs"), _("Dein Paket ist auf dem Weg zu dir.")),
        "en": ("In transit", "Your parcel is on its way to you."),
    },
    TrackingStatus.OUT_FOR_DELIVERY: {
        "de": (
            _("In Zustellung"),
            _("Dein Paket ist im Zustellfahrzeug und kommt voraussichtlich heute."),
        ),
        "en": ("Out for delivery", "Your parcel is on the delivery vehicle and should arrive today."),
    },
    TrackingStatus.AVAILABLE_FOR_PICKUP: {
        "de": (
            _("Abholbereit"),
            _(
                "Dein Paket liegt zur Abholung bereit. Bitte hole es innerhalb von 7 Tagen ab, sonst geht es zurück."
            ),
        ),
        "en": (
            "Ready for pickup",
            "Your parcel is waiting to be collected. Please pick it up within 7 days, or it will be sent back.",
        ),
    },
    TrackingStatus.DELIVERED: {
        "de": (_("Zugestellt"), _("Dein Paket wurde zugestellt. Viel Freude damit!")),
        "en": ("Delivered", "Your parcel has been delivered. Enjoy!"),
    },
    TrackingStatus.FAILED_ATTEMPT: {
        "de": (
            _("Zustellversuch fehlgeschlagen"),
            _(
                "Der Zusteller hat dich nicht angetroffen. Er versucht es erneut oder bringt das Paket zu einer Abholstelle."
            ),
        ),
        "en": (
            "Delivery attempt failed",
            "The driver could not deliver your parcel. They will try again or take it to a pickup point.",
        ),
    },
    TrackingStatus.EXCEPTION: {
        "de": (
            _("Problem bei der Zustellung"),
            _(
                "Bei deinem Paket gibt es eine Verzögerung oder ein Problem. Wir behalten es im Blick und melden uns, falls du etwas tun musst."
            ),
        ),
        "en": (
            "Delivery problem",
            "There is a delay or a problem with your parcel. We are keeping an eye on it and will tell you if you need to do anything.",
        ),
    },
    TrackingStatus.RETURNED_TO_SENDER: {
        "de": (
            _("Zurück an Absender"),
            _("Dein Paket geht an uns zurück. Wir melden uns bei dir, wie es weitergeht."),
        ),
        "en": (
            "Returned to sender",
            "Your parcel is on its way back to us. We will contact you about what happens next.",
        ),
    },
    TrackingStatus.EXPIRED: {
        "de": (
            _("Keine Informationen mehr"),
            _(
                "Der Versanddienstleister meldet seit längerer Zeit nichts mehr. Bitte wende dich an uns, wenn das Paket nicht angekommen ist."
            ),
        ),
        "en": (
            "No further updates",
            "The carrier has not reported anything for a long time. Please contact us if your parcel has not arrived.",
        ),
    },
}

DELAY_REASON_TEXT: dict[str, dict[str, str]] = {
    DelayReason.WEATHER: {
        "de": _("Die Zustellung verzögert sich wegen des Wetters."),
        "en": "Delivery is delayed because of the weather.",
    },
    DelayReason.ADDRESS_PROBLEM: {
        "de": _("Die Zustellung verzögert sich, weil die Lieferadresse geprüft werden muss."),
        "en": "Delivery is delayed because the delivery address needs to be checked.",
    },
    DelayReason.HIGH_VOLUME: {
        "de": _("Die Zustellung verzögert sich wegen des hohen Paketaufkommens."),
        "en": "Delivery is delayed because carriers are handling very many parcels.",
    },
    DelayReason.UNKNOWN: {
        "de": _("Die Zustellung verzögert sich. Einen Grund hat uns der Versanddienstleister nicht genannt."),
        "en": "Delivery is delayed. The carrier has not told us why.",
    },
}


def _language(language: str) -> str:
    return "en" if (language or "").lower().startswith("en") else "de"


def _in(language: str, german, english: str) -> str:
    """German is the msgid itself; English comes from the catalogue when it has a translation, else from
    the plain text kept beside it."""
    with translation.override("de"):
        source = str(german)
    if language == "de":
        return source
    with translation.override(language):
        translated = str(german)
    return translated if translated != source else english


def status_text(status: str, language: str) -> tuple[str, str]:
    """(label, explanation) of a tracking status for the customer, in ``language`` ("de" or "en";
    anything else falls back to German). An unknown status gets the texts of ``in_transit``."""
    language = _language(language)
    texts = STATUS_TEXT.get(status, STATUS_TEXT[TrackingStatus.IN_TRANSIT])
    (label_de, explanation_de), (label_en, explanation_en) = texts["de"], texts["en"]
    return _in(language, label_de, label_en), _in(language, explanation_de, explanation_en)


def delay_reason_text(reason: str, language: str) -> str:
    """One sentence for the customer on why a parcel is late."""
    texts = DELAY_REASON_TEXT.get(reason, DELAY_REASON_TEXT[DelayReason.UNKNOWN])
    return _in(_language(language), texts["de"], texts["en"])
