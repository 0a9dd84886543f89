import pytest

from core.errors import IllegalTransition
from returns.models import ReturnStatus
from returns.services import RETURN_TRANSITIONS, return_request_transition
from tests.factories import ReturnRequestFactory, StaffFactory


def test_a_return_walks_its_happy_path_and_every_step_is_on_record(db):
    clerk = StaffFactory()
    return_request = ReturnRequestFactory()
    for status in ("approved", "label_issued", "in_transit", "received", "refunded", "closed"):
        return_request = return_request_transition(
            return_request=return_request, to_status=status, actor=clerk, reason=f"step {status}"
        )
    assert return_request.status == ReturnStatus.CLOSED
    history = list(return_request.status_changes.values_list("from_status", "to_status", "actor", "reason"))
    assert history[0] == ("requested", "approved", clerk.pk, "step approved")
    assert [row[1] for row in history] == [
        "approved",
        "label_issued",
        "in_transit",
        "received",
        "refunded",
        "closed",
    ]


def test_a_parcel_already_on_its_way_cannot_be_cancelled(db):
    return_request = ReturnRequestFactory(status=ReturnStatus.IN_TRANSIT)
    with pytest.raises(IllegalTransition):
        return_request_transition(return_request=return_request, to_status=ReturnStatus.CANCELLED)
    return_request.refresh_from_db()
    assert return_request.status == ReturnStatus.IN_TRANSIT
    assert not return_request.status_changes.exists()


def test_every_status_is_in_the_map_and_closed_is_final():
    assert set(RETURN_TRANSITIONS) == set(ReturnStatus.values)
    assert RETURN_TRANSITIONS[ReturnStatus.CLOSED] == frozenset()
