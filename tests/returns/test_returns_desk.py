"""Staff process a return at the returns desk: approve or reject with a reason, label, receive, refund."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import Message
from returns.models import ReturnRequest
from returns.services import ReturnLineRequest, return_request_create
from tests.factories import StaffFactory
from tests.returns.conftest import delivered_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


@pytest.fixture
def open_return(policy, reason):
    line = delivered_line(
        delivered_at=timezone.now() - timedelta(days=3), quantity=2, unit_price=Decimal("30.00")
    )
    line.order.grand_total = Decimal("64.90")
    line.order.save()
    return return_request_create(
        order=line.order, lines=[ReturnLineRequest(order_line_id=line.pk, quantity=2, reason=reason)]
    )


def desk(client, return_request, **data):
    return client.post(f"/admin/returns/returnrequest/{return_request.pk}/desk/", data)


def test_the_whole_way_from_request_to_refund(staff_client, open_return):
    page = staff_client.get(f"/admin/returns/returnrequest/{open_return.pk}/desk/").content.decode()
    assert "Genehmigen" in page and "Ablehnen" in page and "Erstatten" not in page
    assert desk(staff_client, open_return, action="approve").status_code == 302
    assert desk(staff_client, open_return, action="issue_label").status_code == 302
    label = staff_client.get(f"/admin/returns/returnrequest/{open_return.pk}/label.pdf")
    assert label["Content-Type"] == "application/pdf" and label.content.startswith(b"%PDF")
    line = open_return.lines.get()
    desk(staff_client, open_return, action="receive", **{f"condition-{line.pk}": "originalverpackt"})
    open_return.refresh_from_db()
    assert open_return.status == "received"
    assert open_return.lines.get().condition == "originalverpackt"
    desk(staff_client, open_return, action="refund", amount="60,00")
    open_return.refresh_from_db()
    assert open_return.status == "refunded" and open_return.refund_amount == Decimal("60.00")
    assert list(Message.objects.order_by("pk").values_list("template_key", flat=True)) == [
        "return_requested",
        "return_approved",
        "return_received",
        "return_refunded",
    ]


def test_a_rejection_needs_a_reason_and_the_customer_reads_it(staff_client, open_return):
    response = desk(staff_client, open_return, action="reject")
    assert "Bitte nenne den Grund" in response.content.decode()
    assert ReturnRequest.objects.get(pk=open_return.pk).status == "requested"
    desk(staff_client, open_return, action="reject", note="Die Ware ist benutzt.")
    assert ReturnRequest.objects.get(pk=open_return.pk).status == "rejected"
    assert (
        Message.objects.get(template_key="return_rejected").payload["return"]["note"]
        == "Die Ware ist benutzt."
    )


def test_an_illegal_step_is_refused_with_a_message(staff_client, open_return):
    response = desk(staff_client, open_return, action="refund", amount="60")
    assert "is not allowed" in response.content.decode()
    assert ReturnRequest.objects.get(pk=open_return.pk).status == "requested"
