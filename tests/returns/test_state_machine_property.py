"""Property test: no sequence of staff and customer actions reaches a state outside the map or refunds more
than the customer paid."""

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import IllegalTransition
from returns.models import ReturnRequest, ReturnStatus
from returns.services import (
    RETURN_TRANSITIONS,
    ReturnLineRequest,
    ReturnNotPossible,
    return_request_create,
    return_request_refund,
    return_request_transition,
)
from tests.returns.conftest import BERLIN, delivered_line

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("transition"), st.sampled_from(list(ReturnStatus.values))),
        st.tuples(st.just("refund"), st.decimals(min_value=-50, max_value=500, places=2)),
    ),
    max_size=12,
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_any_sequence_of_actions_keeps_the_return_legal(policy, reason, actions):
    line = delivered_line(
        delivered_at=datetime(2026, 11, 10, 12, tzinfo=BERLIN), quantity=2, unit_price=Decimal("40")
    )
    return_request = return_request_create(
        order=line.order,
        lines=[ReturnLineRequest(order_line_id=line.pk, quantity=2, reason=reason)],
        today=datetime(2026, 11, 12).date(),
    )
    paid = line.order.grand_total
    for kind, value in actions:
        before = ReturnRequest.objects.get(pk=return_request.pk).status
        try:
            if kind == "transition":
                return_request = return_request_transition(return_request=return_request, to_status=value)
                assert value in RETURN_TRANSITIONS[before] or value == before
            else:
                return_request = return_request_refund(
                    return_request=return_request, amount=value, note="Test"
                )
                assert before == ReturnStatus.RECEIVED
        except (IllegalTransition, ReturnNotPossible):
            assert (
                ReturnRequest.objects.get(pk=return_request.pk).status == before
            )  # refused: nothing changed
            return_request = ReturnRequest.objects.get(pk=return_request.pk)
        stored = ReturnRequest.objects.get(pk=return_request.pk)
        assert stored.status in ReturnStatus.values
        assert stored.refund_amount is None or Decimal("0") <= stored.refund_amount <= paid
        if stored.refund_amount is not None:  # money is recorded only with the refund itself
            assert stored.status in (ReturnStatus.REFUNDED, ReturnStatus.CLOSED)
    history = list(
        return_request.status_changes.order_by("changed_at", "id").values_list("from_status", "to_status")
    )
    for from_status, to_status in history[1:]:
        assert to_status in RETURN_TRANSITIONS[from_status]
