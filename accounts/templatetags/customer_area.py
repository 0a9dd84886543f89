"""Filters and tags for the customer area: money and dates in the current language, the shop's branding."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.utils.translation import get_language

from core.formatting import date_format, money_format

register = template.Library()

DEFAULT_BRAND_COLOR = "#1f4e5f"


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@register.filter
def money(amount, currency: str = "EUR") -> str:
    if amount is None or amount == "":
        return ""
    return money_format(amount, currency or "EUR", _language())


@register.filter
def local_date(value) -> str:
    return date_format(value, _language()) if value else ""


@register.filter
def local_datetime(value) -> str:
    return date_format(value, _language(), with_time=True) if value else ""


def _relative_luminance(hex_color: str) -> float:
    red, green, blue = (int(hex_color[index : index + 2], 16) / 255 for index in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


@lru_cache(maxsize=16)  # a setting: the same few values in every request
def brand_color(value: str) -> str:
    """The configured colour if white text on it (and it as text on white) reaches 4.5:1, else the default."""
    value = (value or "").strip()
    if len(value) != 7 or not value.startswith("#"):
        return DEFAULT_BRAND_COLOR
    try:
        contrast = 1.05 / (_relative_luminance(value) + 0.05)
    except ValueError:
        return DEFAULT_BRAND_COLOR
    return value if contrast >= 4.5 else DEFAULT_BRAND_COLOR


@register.simple_tag
def shop_branding() -> dict:
    return {
        "logo_url": settings.SHOP_LOGO_URL,
        "color": brand_color(settings.SHOP_BRAND_COLOR),
        "support_email": settings.SHOP_SUPPORT_EMAIL,
        "support_phone": settings.SHOP_SUPPORT_PHONE,
    }


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if mapping else None
