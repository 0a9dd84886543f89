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


def test_each_step_the_customer_should_hear_about_queues_one_message(db):
    from decimal import Decimal

    from notifications.models import Message
    from tests.factories import ReturnLineFactory

    line = ReturnLineFactory(return_request__order__customer__first_name="Ida")
    return_request = line.return_request
    return_request = return_request_transition(return_request=return_request, to_status="approved")
    return_request = return_request_transition(return_request=return_request, to_status="label_issued")
    return_request = return_request_transition(return_request=return_request, to_status="in_transit")
    return_request = return_request_transition(return_request=return_request, to_status="received")
    return_request.refund_amount = Decimal("24.90")
    return_request.save()
    return_request_transition(return_request=return_request, to_status="refunded")
    messages = list(Message.objects.order_by("pk"))
    assert [m.template_key for m in messages] == ["return_approved", "return_received", "return_refunded"]
    assert messages[-1].payload["return"]["refund_amount"] == "24,90\u00a0€"
    assert messages[-1].payload["return"]["lines"][0]["reason"] == line.reason.label


def test_a_rejection_tells_the_customer_why(db):
    from notifications.models import Message

    return_request = ReturnRequestFactory()
    return_request_transition(
        return_request=return_request,
        to_status="rejected",
        reason="Die Ware wurde benutzt und ist beschädigt.",
    )
    message = Message.objects.get()
    assert message.template_key == "return_rejected"
    assert message.payload["return"]["note"] == "Die Ware wurde benutzt und ist beschädigt."
