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


def date_format(value: date | datetime, language: str = "de", with_time: bool = False) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    if language == "de":
        text = f"{value:%d.%m.%Y}"
        return f"{text}, {value:%H:%M} Uhr" if with_time and isinstance(value, datetime) else text
    text = f"{value.day} {value:%b %Y}"
    return f"{text}, {value:%H:%M}" if with_time and isinstance(value, datetime) else text
