"""The return window: from delivery, in the shop's calendar days, with per-product and category overrides."""

from datetime import date, datetime

import pytest

from returns.policy import order_lines_eligibility
from tests.factories import CategoryFactory, OrderLineFactory, ProductFactory
from tests.returns.conftest import BERLIN, delivered_line

pytestmark = pytest.mark.django_db


def eligibility(line):
    [item] = order_lines_eligibility(order=line.order)
    return item


def test_the_window_counts_calendar_days_in_berlin_from_delivery(policy):
    # 23:30 UTC on 1 December is already 2 December in Berlin: the window starts on the 2nd.
    line = delivered_line(delivered_at=datetime(2026, 12, 2, 0, 30, tzinfo=BERLIN))
    item = eligibility(line)
    assert item.delivered_on == date(2026, 12, 2)
    assert item.return_until == date(2027, 1, 1)
    assert item.can_return(today=date(2027, 1, 1))  # the whole last day
    assert not item.can_return(today=date(2027, 1, 2))


def test_daylight_saving_does_not_shift_the_last_day(policy):
    # Delivered the evening before clocks go back (25 October 2026): 30 days later is still a whole day.
    line = delivered_line(delivered_at=datetime(2026, 10, 24, 23, 50, tzinfo=BERLIN))
    item = eligibility(line)
    assert item.return_until == date(2026, 11, 23)
    assert item.can_return(today=date(2026, 11, 23))
    assert not item.can_return(today=date(2026, 11, 24))


def test_a_product_or_category_window_overrides_the_shop(policy):
    category = CategoryFactory(return_window_days=60)
    long_window = ProductFactory(return_window_days=100, category=category)
    from_category = ProductFactory(category=category)
    delivered = datetime(2026, 1, 10, 12, tzinfo=BERLIN)
    assert eligibility(delivered_line(delivered_at=delivered, product=long_window)).window_days == 100
    assert eligibility(delivered_line(delivered_at=delivered, product=from_category)).window_days == 60
    assert eligibility(delivered_line(delivered_at=delivered, product=ProductFactory())).window_days == 30


def test_the_legal_minimum_of_14_days_is_enforced_on_the_policy(policy):
    from django.core.exceptions import ValidationError

    policy.window_days = 7
    with pytest.raises(ValidationError):
        policy.full_clean()


def test_an_excluded_item_says_why_but_a_defect_is_covered_by_the_warranty(policy):
    product = ProductFactory(is_returnable=False, non_returnable_reason="Aus Hygienegründen ausgeschlossen.")
    line = delivered_line(delivered_at=datetime(2026, 11, 1, 12, tzinfo=BERLIN), product=product)
    item = eligibility(line)
    assert item.refusal(today=date(2026, 11, 5), defect=False) == "Aus Hygienegründen ausgeschlossen."
    assert item.refusal(today=date(2026, 11, 5), defect=True) == ""
    # After the 30-day window but inside the 24-month warranty, a defect can still be claimed.
    assert item.refusal(today=date(2027, 6, 1), defect=True) == ""
    assert "Garantie" in item.refusal(today=date(2028, 12, 1), defect=True)


def test_an_undelivered_line_cannot_be_returned_yet(policy):
    line = OrderLineFactory()
    assert "noch nicht" in eligibility(line).refusal(today=date(2026, 11, 5), defect=False)
