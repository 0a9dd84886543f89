"""Dates the way German and English customers read them, the same as strftime would write them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from core.formatting import date_format, local_date_format

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),  # 01:59 in Berlin, then the clocks jump
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 in Berlin
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 summer time
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 02:30 winter time
    datetime(2026, 12, 31, 23, 5, 7, 123456, tzinfo=UTC),  # already the new year in Berlin
    datetime(2000, 1, 1, 0, 0, tzinfo=UTC),
] + [datetime(2025, 1, 1, 7, 3, tzinfo=UTC) + timedelta(days=day * 37, minutes=day * 61) for day in range(12)]


def reference(value, language: str, with_time: bool) -> str:
    """The strftime formats date_format was first written with."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    timed = with_time and isinstance(value, datetime)
    if language == "de":
        text = value.strftime("%d.%m.%Y")
        return f"{text}, {value:%H:%M} Uhr" if timed else text
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"{text}, {value:%H:%M}" if timed else text


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("with_time", [True, False])
def test_dates_and_moments_read_as_strftime_writes_them(language, with_time, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    for moment in MOMENTS:
        assert date_format(moment, language, with_time) == reference(moment, language, with_time)
        day = moment.date()
        assert date_format(day, language, with_time) == reference(day, language, with_time)
        local = timezone.localtime(moment)
        assert local_date_format(local, language, with_time) == date_format(moment, language, with_time)


def test_examples_a_customer_reads(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    new_year = datetime(2026, 12, 31, 23, 5, tzinfo=UTC)
    assert date_format(new_year, "de", with_time=True) == "01.01.2027, 00:05 Uhr"
    assert date_format(new_year, "en", with_time=True) == "1 Jan 2027, 00:05"
    assert date_format(date(2026, 12, 24), "de") == "24.12.2026"
    assert date_format(date(2026, 5, 3), "en") == "3 May 2026"
