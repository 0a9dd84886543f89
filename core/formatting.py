"""Money and dates the way a German (or English) customer reads them, for places without a request
(emails rendered by a worker): 1.234,56 € and 24.12.2026 in German, €1,234.56 and 24 Dec 2026 in English."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

CURRENCY_SYMBOLS = {"EUR": "€", "CHF": "CHF", "GBP": "£", "USD": "$"}


def money_format(amount: Decimal, currency: str = "EUR", language: str = "de") -> str:
    amount = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):,.2f}".split(".")
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if language == "de":
        return f"{sign}{whole.replace(',', '.')},{cents}\u00a0{symbol}"
    return f"{sign}{symbol}{whole}.{cents}"


# English month abbreviations (what "%b" gives in the C locale, whatever locale the process runs in).
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_format(value: date | datetime, language: str = "de", with_time: bool = False) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return local_date_format(value, language, with_time)


def local_date_format(value: date | datetime, language: str = "de", with_time: bool = False) -> str:
    """``date_format`` of a date or of a moment already in the shop's time zone. Formatted field by field
    (a page shows a dozen; ``strftime`` costs several times as much)."""
    with_time = with_time and isinstance(value, datetime)
    if language == "de":
        text = f"{value.day:02d}.{value.month:02d}.{value.year}"
        return f"{text}, {value.hour:02d}:{value.minute:02d} Uhr" if with_time else text
    text = f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{text}, {value.hour:02d}:{value.minute:02d}" if with_time else text
