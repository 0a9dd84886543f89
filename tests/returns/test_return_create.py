"""Opening a return: what is allowed goes through; anything else is refused with a reason and changes nothing."""

import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Message
from returns.models import ReturnLine, ReturnRequest
from returns.services import (
    ReturnLineRequest,
    ReturnNotPossible,
    return_refund_compute,
    return_request_create,
    return_request_refund,
    return_request_transition,
)
from tests.factories import OrderLineFactory, ProductFactory
from tests.returns.conftest import BERLIN, delivered_line

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
DELIVERED = datetime(2026, 11, 10, 14, tzinfo=BERLIN)


def ask(line, quantity, reason, **kwargs):
    return return_request_create(
        order=line.order,
        lines=[ReturnLineRequest(order_line_id=line.pk, quantity=quantity, reason=reason)],
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


def test_a_return_inside_the_window_is_opened_with_history_and_a_message(policy, reason):
    line = delivered_line(delivered_at=DELIVERED, quantity=2)
    return_request = ask(line, 1, reason)
    assert return_request.number.startswith("R-")
    assert return_request.status == "requested"
    assert list(return_request.lines.values_list("quantity", flat=True)) == [1]
    assert return_request.status_changes.get().to_status == "requested"
    assert Message.objects.get().template_key == "return_requested"


def test_auto_approval_approves_inside_the_window_but_not_a_defect(policy, reason, defect):
    policy.auto_approve = True
    policy.save()
    line = delivered_line(delivered_at=DELIVERED, quantity=2)
    assert ask(line, 1, reason).status == "approved"
    other = delivered_line(delivered_at=DELIVERED, quantity=1)
    claim = return_request_create(
        order=other.order,
        lines=[
            ReturnLineRequest(order_line_id=other.pk, quantity=1, reason=defect, comment="Naht ist gerissen")
        ],
        today=TODAY,
    )
    assert claim.status == "requested"  # a defect is a warranty case: staff look at it first


@pytest.mark.parametrize(
    ("quantity", "setup", "expected"),
    [
        (3, {}, "höchstens 2 Stück"),
        (1, {"delivered_at": DELIVERED - timedelta(days=60)}, "Rückgabefrist ist am"),
        (1, {"product": "excluded"}, "Hygiene"),
        (1, {"delivered_at": None}, "noch nicht vollständig"),
    ],
)
def test_bad_requests_are_refused_with_a_reason_and_change_nothing(policy, reason, quantity, setup, expected):
    if setup.get("product") == "excluded":
        product = ProductFactory(
            is_returnable=False, non_returnable_reason="Aus Hygienegründen ausgeschlossen."
        )
        line = delivered_line(delivered_at=DELIVERED, product=product)
    elif "delivered_at" in setup and setup["delivered_at"] is None:
        line = OrderLineFactory(quantity=2)
    else:
        line = delivered_line(delivered_at=setup.get("delivered_at", DELIVERED), quantity=2)
    with pytest.raises(ReturnNotPossible) as refused:
        ask(line, quantity, reason)
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert not ReturnRequest.objects.exists()
    assert not Message.objects.exists()


def test_another_orders_line_is_refused(policy, reason):
    line = delivered_line(delivered_at=DELIVERED)
    foreign = delivered_line(delivered_at=DELIVERED)
    with pytest.raises(ReturnNotPossible, match="gehört nicht zu dieser Bestellung"):
        return_request_create(
            order=line.order,
            lines=[ReturnLineRequest(order_line_id=foreign.pk, quantity=1, reason=reason)],
            today=TODAY,
        )


def test_a_unit_on_an_open_return_cannot_go_on_a_second_one_until_that_is_cancelled(policy, reason):
    line = delivered_line(delivered_at=DELIVERED, quantity=1)
    first = ask(line, 1, reason)
    with pytest.raises(ReturnNotPossible, match="schon vollständig in einer anderen Retoure"):
        ask(line, 1, reason)
    return_request_transition(return_request=first, to_status="cancelled")
    assert ask(line, 1, reason).status == "requested"


def test_the_refund_is_the_items_less_the_shops_fees_and_never_more_than_was_paid(policy, reason, defect):
    policy.restocking_fee_percent = Decimal("10")
    policy.free_return_shipping = False
    policy.return_shipping_fee = Decimal("4.90")
    policy.save()
    line = delivered_line(delivered_at=DELIVERED, quantity=2, unit_price=Decimal("50.00"))
    line.order.grand_total = Decimal("104.90")
    line.order.save()
    return_request = ask(line, 2, reason)
    assert return_refund_compute(return_request=return_request) == Decimal("100.00") - Decimal(
        "10.00"
    ) - Decimal("4.90")
    for status in ("approved", "label_issued", "in_transit", "received"):
        return_request = return_request_transition(return_request=return_request, to_status=status)
    with pytest.raises(ReturnNotPossible, match="begründe"):
        return_request_refund(return_request=return_request, amount=Decimal("100.00"))
    with pytest.raises(ReturnNotPossible, match="zwischen 0 und"):
        return_request_refund(return_request=return_request, amount=Decimal("150.00"), note="Kulanz")
    refunded = return_request_refund(return_request=return_request, amount=Decimal("100.00"), note="Kulanz")
    assert refunded.status == "refunded" and refunded.refund_amount == Decimal("100.00")
    assert refunded.status_changes.last().reason == "Kulanz"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_submitting_the_same_unit_return_it_once(reason):
    from returns.models import ReturnPolicy

    ReturnPolicy.objects.update_or_create(pk=1, defaults={"window_days": 30, "auto_approve": False})
    line = delivered_line(delivered_at=timezone.now() - timedelta(days=2), quantity=1)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(timeout=10)
            return_request_create(
                order=line.order, lines=[ReturnLineRequest(order_line_id=line.pk, quantity=1, reason=reason)]
            )
            outcomes.append("opened")
        except ReturnNotPossible:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["opened", "refused"]
    assert ReturnLine.objects.filter(order_line=line).count() == 1


def test_a_reason_that_needs_a_comment_is_refused_without_one(policy, defect):
    line = delivered_line(delivered_at=DELIVERED, quantity=1)
    with pytest.raises(ReturnNotPossible, match="beschreibe kurz"):
        ask(line, 1, defect)
