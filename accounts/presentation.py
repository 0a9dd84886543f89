"""What the customer reads: plain-language statuses, the tracking stepper, return and warranty dates, and
help for a parcel's current situation. Pure functions over rows already fetched: no queries here."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language, gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from core.formatting import date_format
from orders.models import Order, OrderLine, OrderStatus
from tracking.models import Shipment, TrackingStatus

try:  # the tracking issue provides the carrier-neutral texts; until then, the status's own label
    from tracking.statuses import status_text as _tracking_status_text
except ImportError:  # pragma: no cover - depends on the other issue's timing
    _tracking_status_text = None


def tracking_status_text(status: str) -> tuple[str, str]:
    """(label, explanation) of a tracking status in the current language."""
    return _status_text(status, (get_language() or settings.LANGUAGE_CODE)[:2])


@lru_cache(maxsize=256)
def _status_text(status: str, language: str) -> tuple[str, str]:
    # Fixed texts per status and language (a scan list repeats a few statuses; each look-up switches the
    # language twice): kept per process.
    if _tracking_status_text is not None:
        return _tracking_status_text(status, language)
    with override(language):
        try:
            return str(TrackingStatus(status).label), ""
        except ValueError:
            return status, ""


def day_phrase(day: date, *, today: date | None = None) -> str:
    """ "heute", "morgen", a weekday within the next six days, else "am 24.12.2026"."""
    today = today or timezone.localdate()
    if day == today:
        return gettext("heute")
    if day == today + timedelta(days=1):
        return gettext("morgen")
    if today < day <= today + timedelta(days=6):
        return str(WEEKDAYS[day.weekday()])
    return gettext("am %(date)s") % {"date": date_format(day, (get_language() or "de")[:2])}


def shipment_plain_status(shipment: Shipment, *, today: date | None = None) -> str:
    """One short sentence: "Unterwegs, Ankunft voraussichtlich Donnerstag"."""
    status = shipment.status
    eta = shipment.estimated_delivery
    if status == TrackingStatus.DELIVERED:
        if shipment.delivered_at:
            return gettext("Zugestellt %(when)s") % {
                "when": day_phrase(timezone.localdate(shipment.delivered_at), today=today)
            }
        return gettext("Zugestellt")
    if status == TrackingStatus.OUT_FOR_DELIVERY:
        return gettext("In Zustellung, kommt heute")
    if status == TrackingStatus.AVAILABLE_FOR_PICKUP:
        return gettext("Liegt zur Abholung bereit")
    if status == TrackingStatus.FAILED_ATTEMPT:
        return gettext("Zustellversuch fehlgeschlagen, nächster Versuch folgt")
    if status == TrackingStatus.RETURNED_TO_SENDER:
        return gettext("Auf dem Rückweg zu uns")
    if status == TrackingStatus.PENDING:
        return gettext("Wird verpackt")
    if shipment.is_delayed and eta:
        return gettext("Verspätet, Ankunft voraussichtlich %(when)s") % {"when": day_phrase(eta, today=today)}
    if eta:
        return gettext("Unterwegs, Ankunft voraussichtlich %(when)s") % {"when": day_phrase(eta, today=today)}
    return gettext("Unterwegs")


def order_plain_status(order: Order, shipments: list[Shipment], *, today: date | None = None) -> str:
    """The order's status in one sentence, from its parcels (already fetched)."""
    if order.status == OrderStatus.CANCELLED:
        return gettext("Storniert")
    sent = [shipment for shipment in shipments if shipment.status != TrackingStatus.PENDING]
    if not sent:
        return gettext("Bestellt, wir packen deine Bestellung")
    open_parcels = [shipment for shipment in sent if shipment.status != TrackingStatus.DELIVERED]
    if not open_parcels and order.status == OrderStatus.DELIVERED:
        delivered = [shipment.delivered_at for shipment in sent if shipment.delivered_at]
        if delivered:
            return gettext("Zugestellt %(when)s") % {
                "when": day_phrase(timezone.localdate(max(delivered)), today=today)
            }
        return gettext("Zugestellt")
    if not open_parcels:
        return gettext("Teilweise zugestellt, der Rest wird verpackt")
    # The parcel that needs attention first, else the one that arrives last.
    urgency = [
        TrackingStatus.AVAILABLE_FOR_PICKUP,
        TrackingStatus.FAILED_ATTEMPT,
        TrackingStatus.EXCEPTION,
        TrackingStatus.OUT_FOR_DELIVERY,
    ]
    for status in urgency:
        for shipment in open_parcels:
            if shipment.status == status:
                return shipment_plain_status(shipment, today=today)
    latest = max(open_parcels, key=lambda shipment: shipment.estimated_delivery or date.max)
    return shipment_plain_status(latest, today=today)


def parcel_count_sentence(count: int) -> str:
    return ngettext(
        "Deine Bestellung kommt in einem Paket.", "Deine Bestellung kommt in %(count)d Paketen.", count
    ) % {"count": count}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done | current | todo


STEPS = (_("Bestellt"), _("Versandt"), _("Unterwegs"), _("In Zustellung"), _("Zugestellt"))
_STEP_OF_STATUS = {
    TrackingStatus.PENDING: 0,
    TrackingStatus.INFO_RECEIVED: 1,
    TrackingStatus.IN_TRANSIT: 2,
    TrackingStatus.EXCEPTION: 2,
    TrackingStatus.RETURNED_TO_SENDER: 2,
    TrackingStatus.EXPIRED: 2,
    TrackingStatus.FAILED_ATTEMPT: 3,
    TrackingStatus.OUT_FOR_DELIVERY: 3,
    TrackingStatus.AVAILABLE_FOR_PICKUP: 3,
    TrackingStatus.DELIVERED: 4,
}


def tracking_steps(shipment: Shipment) -> tuple[Step, ...]:
    """bestellt → versandt → unterwegs → in Zustellung → zugestellt, with the parcel's place in it."""
    current = _STEP_OF_STATUS.get(shipment.status, 2)
    steps = []
    for index, label in enumerate(STEPS):
        if shipment.status == TrackingStatus.AVAILABLE_FOR_PICKUP and index == 3:
            label = _("Abholbereit")
        if index < current or (index == current == len(STEPS) - 1):
            state = "done"
        elif index == current:
            state = "current"
        else:
            state = "todo"
        steps.append(Step(label=str(label), state=state))
    return tuple(steps)


def delivered_on(quantity: int, deliveries: list[tuple[int, datetime | None]]) -> date | None:
    """When the last of ``quantity`` units was delivered, from the (quantity, delivered_at) of each parcel part
    they went out in; None while any of them is still on its way."""
    if sum(part_quantity for part_quantity, _ in deliveries) < quantity:
        return None
    delivered = [delivered_at for _, delivered_at in deliveries]
    if not delivered or any(value is None for value in delivered):
        return None
    return timezone.localdate(max(delivered))


def line_delivered_on(line: OrderLine) -> date | None:
    """When the last unit of this line was delivered; None while any of it is still on its way."""
    return delivered_on(
        line.quantity,
        [
            (shipment_line.quantity, shipment_line.shipment.delivered_at)
            for shipment_line in line.shipment_lines.all()
        ],
    )


def line_return_until(line: OrderLine, *, delivered_on: date | None, policy) -> date | None:
    """The last day to send the line back: its return window counted from delivery. None before delivery
    and for a product excluded from returns (``policy`` is then not read and may be None)."""
    if delivered_on is None or not (line.product is None or line.product.is_returnable):
        return None
    from returns.policy import window_days_for

    return delivered_on + timedelta(days=window_days_for(line=line, policy=policy))


@dataclass(frozen=True)
class AfterSales:
    returnable: bool
    return_until: date | None
    return_window_days: int
    warranty_until: date | None
    delivered_on: date | None


def line_after_sales(line: OrderLine, *, policy) -> AfterSales:
    """Return and warranty dates: both count from delivery (the return window is the product's, else the
    category's, else the shop's ``ReturnPolicy``: ``returns.policy.window_days_for``)."""
    from returns.policy import window_days_for

    delivered_on = line_delivered_on(line)
    days = window_days_for(line=line, policy=policy)
    returnable = line.product is None or line.product.is_returnable
    warranty_months = line.product.warranty_months if line.product is not None else 24
    return AfterSales(
        returnable=returnable,
        return_until=line_return_until(line, delivered_on=delivered_on, policy=policy),
        return_window_days=days,
        warranty_until=delivered_on + relativedelta(months=warranty_months) if delivered_on else None,
        delivered_on=delivered_on,
    )


def days_from_delivery(days: int) -> str:
    """ "14 Tage ab Zustellung": a return window not yet started."""
    return ngettext("%(days)s Tag ab Zustellung", "%(days)s Tage ab Zustellung", days) % {"days": days}


def months_from_delivery(months: int) -> str:
    """ "24 Monate ab Zustellung": a warranty not yet started."""
    return ngettext("%(months)s Monat ab Zustellung", "%(months)s Monate ab Zustellung", months) % {
        "months": months
    }


@dataclass(frozen=True)
class HelpTopic:
    key: str  # a topic is its key (the texts are translated when shown)
    question: str = field(compare=False)
    answer: str = field(compare=False)
    steps: tuple[str, ...] = field(compare=False)


# Translated when shown (gettext_lazy; kept per language by _help_topics): a page shows two or three.
HELP_TOPICS: dict[str, HelpTopic] = {
    "not_arrived": HelpTopic(
        "not_arrived",
        _("Mein Paket ist noch nicht da"),
        _(
            "Solange das voraussichtliche Lieferdatum nicht überschritten ist, ist alles in Ordnung. "
            "Die Sendungsverfolgung zeigt dir, wo dein Paket gerade ist."
        ),
        (
            _("Sieh dir oben das voraussichtliche Lieferdatum und den letzten Stand an."),
            _("Schau in deinen Briefkasten: Manchmal hinterlässt der Zusteller eine Benachrichtigungskarte."),
            _("Frag bei deinen Nachbarn nach, ob sie das Paket angenommen haben."),
            _(
                "Ist das Paket zwei Werktage nach dem Lieferdatum noch nicht da, schreib uns: Wir forschen "
                "beim Versanddienstleister nach und schicken dir notfalls Ersatz."
            ),
        ),
    ),
    "delayed": HelpTopic(
        "delayed",
        _("Mein Paket ist verspätet"),
        _(
            "Der Versanddienstleister hat uns eine Verspätung gemeldet. Dein Paket ist nicht verloren, "
            "es kommt nur später. Du musst nichts tun."
        ),
        (
            _("Oben siehst du den Grund und das neue voraussichtliche Lieferdatum."),
            _("Wir informieren dich per E-Mail, sobald sich etwas ändert."),
            _("Ist das Paket zwei Werktage nach dem neuen Datum noch nicht da, schreib uns."),
        ),
    ),
    "pickup": HelpTopic(
        "pickup",
        _("Mein Paket liegt in einer Filiale oder Packstation"),
        _(
            "Dein Paket wartet auf dich. Die Abholadresse und die Frist stehen in der Benachrichtigung des "
            "Versanddienstleisters und auf seiner Seite zur Sendungsverfolgung."
        ),
        (
            _("Öffne die Sendungsverfolgung des Versanddienstleisters über den Link oben."),
            _("Nimm deinen Ausweis oder den Abholcode aus der Benachrichtigung mit."),
            _("Hole das Paket innerhalb von 7 Tagen ab, sonst geht es an uns zurück."),
            _("Geht es an uns zurück, erstatten wir dir den Betrag oder schicken es neu, ganz wie du magst."),
        ),
    ),
    "failed_attempt": HelpTopic(
        "failed_attempt",
        _("Die Zustellung hat nicht geklappt"),
        _(
            "Der Zusteller hat dich nicht angetroffen. Meist versucht er es am nächsten Werktag noch einmal "
            "oder bringt das Paket in eine Filiale in deiner Nähe."
        ),
        (
            _("Schau nach einer Benachrichtigungskarte im Briefkasten."),
            _(
                "Auf der Seite des Versanddienstleisters kannst du oft einen neuen Termin oder Ablageort wählen."
            ),
            _("Liegt das Paket in einer Filiale, hol es mit deinem Ausweis ab."),
        ),
    ),
    "damaged": HelpTopic(
        "damaged",
        _("Mein Paket ist beschädigt angekommen"),
        _("Das tut uns leid. Wir kümmern uns darum, du musst dich nicht an den Versanddienstleister wenden."),
        (
            _("Mach Fotos vom Paket und vom beschädigten Artikel."),
            _("Bewahre Verpackung und Artikel auf, bis wir uns gemeldet haben."),
            _("Schreib uns mit deiner Bestellnummer und den Fotos."),
            _("Wir schicken dir Ersatz oder erstatten dir den Betrag, ganz wie du magst."),
        ),
    ),
    "delivered_missing": HelpTopic(
        "delivered_missing",
        _("Als zugestellt gemeldet, aber nicht bei mir"),
        _(
            "Manchmal wird ein Paket bei Nachbarn oder an einem Ablageort abgegeben. Die Sendungsverfolgung "
            "nennt oft, wo."
        ),
        (
            _("Sieh in der Sendungsverfolgung nach, wo das Paket abgegeben wurde."),
            _("Frag bei deinen Nachbarn nach und schau an deinem Ablageort nach."),
            _("Ist das Paket nicht auffindbar, schreib uns innerhalb von 7 Tagen. Wir klären das."),
        ),
    ),
}


def shipment_help(shipment: Shipment) -> tuple[HelpTopic, ...]:
    """The answers for this parcel's situation, most fitting first."""
    status = shipment.status
    if status == TrackingStatus.DELIVERED:
        keys = ["damaged", "delivered_missing"]
    elif status == TrackingStatus.AVAILABLE_FOR_PICKUP:
        keys = ["pickup", "damaged"]
    elif status == TrackingStatus.FAILED_ATTEMPT:
        keys = ["failed_attempt", "pickup", "not_arrived"]
    elif shipment.is_delayed or status == TrackingStatus.EXCEPTION:
        keys = ["delayed", "not_arrived"]
    else:
        keys = ["not_arrived", "delayed"]
    return _help_topics(tuple(keys), get_language())


@lru_cache(maxsize=64)  # a few combinations of topics in two languages
def _help_topics(keys: tuple[str, ...], language: str | None) -> tuple[HelpTopic, ...]:
    """The topics with their texts translated: a page shows two or three, with a dozen texts."""
    return tuple(
        HelpTopic(topic.key, str(topic.question), str(topic.answer), tuple(str(step) for step in topic.steps))
        for topic in (HELP_TOPICS[key] for key in keys)
    )
