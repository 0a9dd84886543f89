"""Staff-side return steps through the API: the same service as the returns desk, the same refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import Message
from orders.models import Order
from returns.models import ReturnPolicy, ReturnReason, ReturnRequest, ReturnStatus
from returns.services import ReturnLineRequest, return_request_create
from tests.api.conftest import api_client
from tests.returns.conftest import delivered_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened():
    """A return of two delivered units, waiting for the shop (no auto-approval)."""
    ReturnPolicy.objects.all().delete()
    ReturnPolicy.objects.create(window_days=30, auto_approve=False, free_return_shipping=True)
    reason = ReturnReason.objects.get_or_create(code="too_small", defaults={"label": "Zu klein"})[0]
    line = delivered_line(
        delivered_at=timezone.now() - timedelta(days=3), quantity=2, unit_price=Decimal("30")
    )
    Order.objects.filter(pk=line.order_id).update(subtotal=Decimal("60"), grand_total=Decimal("60"))
    return_request = return_request_create(
        order=line.order, lines=[ReturnLineRequest(order_line_id=line.pk, quantity=2, reason=reason)]
    )
    assert return_request.status == ReturnStatus.REQUESTED
    return return_request, line


def act(client, number, **body):
    return client.post(f"/api/v1/returns/{number}/actions/", body, format="json")


def test_a_return_goes_from_request_to_refund_through_the_api(shop, opened):
    return_request, line = opened
    number = return_request.number
    assert act(shop, number, action="approve").json()["status"] == "approved"
    assert act(shop, number, action="issue_label").json()["status"] == "label_issued"
    received = act(
        shop, number, action="receive", lines=[{"line_id": line.pk, "condition": "Originalverpackt"}]
    )
    assert received.status_code == 200, received.content
    assert received.json()["status"] == "received"
    assert received.json()["lines"][0]["condition"] == "Originalverpackt"
    refunded = act(shop, number, action="refund")
    assert refunded.json()["status"] == "refunded" and refunded.json()["refund_amount"] == "60.00"
    closed = act(shop, number, action="close")
    assert closed.json()["status"] == "closed"
    history = list(
        ReturnRequest.objects.get(pk=return_request.pk).status_changes.values_list("to_status", "actor_label")
    )
    assert ("approved", "api:Shop") in history and history[-1] == ("closed", "api:Shop")
    # The customer heard of each step that has a message.
    events = set(Message.objects.filter(order=line.order).values_list("template_key", flat=True))
    assert {"return_approved", "return_received", "return_refunded"} <= events


def test_a_rejection_needs_the_reason_the_customer_reads(shop, opened):
    return_request, _line = opened
    silent = act(shop, return_request.number, action="reject")
    assert silent.status_code == 422 and silent["Content-Type"] == "application/problem+json"
    assert ReturnRequest.objects.get(pk=return_request.pk).status == ReturnStatus.REQUESTED
    rejected = act(shop, return_request.number, action="reject", note="Außerhalb der Frist")
    assert rejected.json()["status"] == "rejected"
    assert ReturnRequest.objects.get(pk=return_request.pk).status_changes.latest("id").reason == (
        "Außerhalb der Frist"
    )


def test_an_illegal_step_is_a_409_and_changes_nothing(shop, opened):
    return_request, _line = opened
    for action in ("refund", "close", "exchange"):
        response = act(shop, return_request.number, action=action)
        assert response.status_code == 409, (action, response.content)
        assert response["Content-Type"] == "application/problem+json"
    act(shop, return_request.number, action="approve")
    twice = act(shop, return_request.number, action="approve")
    assert twice.status_code == 409
    assert ReturnRequest.objects.get(pk=return_request.pk).status == ReturnStatus.APPROVED


def test_a_refund_above_what_was_paid_or_without_a_reason_is_refused(shop, opened):
    return_request, line = opened
    for action in ("approve", "issue_label", "receive"):
        act(shop, return_request.number, action=action)
    too_much = act(shop, return_request.number, action="refund", amount="61.00", note="Kulanz")
    assert too_much.status_code == 422
    unexplained = act(shop, return_request.number, action="refund", amount="50.00")
    assert unexplained.status_code == 422
    assert ReturnRequest.objects.get(pk=return_request.pk).status == ReturnStatus.RECEIVED
    partial = act(shop, return_request.number, action="refund", amount="50.00", note="Kratzer am Deckel")
    assert partial.json()["refund_amount"] == "50.00"


def test_bad_input_is_listed_and_foreign_lines_or_returns_are_refused(shop, opened):
    return_request, _line = opened
    unknown = act(shop, return_request.number, action="teleport")
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "action"
    act(shop, return_request.number, action="approve")
    foreign = act(
        shop, return_request.number, action="receive", lines=[{"line_id": 999999, "condition": "ok"}]
    )
    assert foreign.status_code == 400 and foreign.json()["errors"][0]["field"] == "lines"
    assert ReturnRequest.objects.get(pk=return_request.pk).status == ReturnStatus.APPROVED
    assert act(shop, "R-NOPE", action="approve").status_code == 404


def test_a_read_key_cannot_act(opened):
    return_request, _line = opened
    reader = api_client(scopes={"read"})
    assert act(reader, return_request.number, action="approve").status_code == 403
    assert ReturnRequest.objects.get(pk=return_request.pk).status == ReturnStatus.REQUESTED
