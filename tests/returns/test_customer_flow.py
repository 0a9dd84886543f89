"""The customer's return flow in Mein Konto, in German and English, and the 404 rule."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from notifications.models import Message
from returns.models import ReturnRequest, WithdrawalDeclaration
from tests.factories import UserFactory
from tests.returns.conftest import delivered_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought(policy, reason):
    customer = UserFactory(first_name="Paula")
    line = delivered_line(
        delivered_at=timezone.now() - timedelta(days=5),
        quantity=2,
        unit_price=Decimal("40.00"),
        order__customer=customer,
        product_name="Wollpullover Fjord",
    )
    line.order.grand_total = Decimal("84.90")
    line.order.save()
    return line


def start(client, line, reason, step, **extra):
    data = {
        "step": step,
        "resolution": "refund",
        f"quantity_{line.pk}": "1",
        f"reason_{line.pk}": str(reason.pk),
        f"comment_{line.pk}": "",
        "comment": "",
        **extra,
    }
    return client.post(f"/account/orders/{line.order.number}/return/", data)


def test_choose_review_with_the_expected_refund_submit_follow_and_cancel(client, bought, reason):
    client.force_login(bought.order.customer)
    page = client.get(f"/account/orders/{bought.order.number}/return/").content.decode()
    assert "Wollpullover Fjord" in page and "Rückgabe bis" in page
    review = start(client, bought, reason, "review").content.decode()
    assert "Voraussichtliche Erstattung" in review and "40,00" in review
    assert not ReturnRequest.objects.exists()  # reviewing changes nothing
    response = start(client, bought, reason, "submit")
    return_request = ReturnRequest.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/account/returns/{return_request.number}/"
    )
    assert Message.objects.filter(template_key="return_requested").count() == 1
    detail = client.get(f"/account/returns/{return_request.number}/").content.decode()
    assert return_request.number in detail and "Angefragt" in detail
    assert return_request.number in client.get("/account/returns/").content.decode()
    client.post(f"/account/returns/{return_request.number}/cancel/")
    return_request.refresh_from_db()
    assert return_request.status == "cancelled"


def test_the_label_is_there_once_the_return_is_approved(client, bought, reason, policy):
    policy.auto_approve = True
    policy.save()
    client.force_login(bought.order.customer)
    start(client, bought, reason, "submit")
    return_request = ReturnRequest.objects.get()
    label = client.get(f"/account/returns/{return_request.number}/label.pdf")
    assert label.status_code == 200 and label.content.startswith(b"%PDF")
    return_request.refresh_from_db()
    assert return_request.status == "label_issued"


def test_asking_for_more_than_is_left_is_refused_with_a_reason(client, bought, reason):
    client.force_login(bought.order.customer)
    response = start(client, bought, reason, "submit", **{f"quantity_{bought.pk}": "3"})
    assert response.status_code == 200
    assert not ReturnRequest.objects.exists()


def test_someone_elses_order_and_return_are_404(client, bought, reason):
    client.force_login(bought.order.customer)
    start(client, bought, reason, "submit")
    return_request = ReturnRequest.objects.get()
    client.force_login(UserFactory())
    assert client.get(f"/account/orders/{bought.order.number}/return/").status_code == 404
    assert client.get(f"/account/returns/{return_request.number}/").status_code == 404
    assert client.get(f"/account/returns/{return_request.number}/label.pdf").status_code == 404
    assert client.post(f"/account/returns/{return_request.number}/cancel/").status_code == 404
    assert client.get(f"/account/orders/{bought.order.number}/withdrawal/").status_code == 404
    assert return_request.number not in client.get("/account/returns/").content.decode()


def test_the_return_pages_speak_english_too(client, bought, reason):
    bought.order.customer.language = "en"
    bought.order.customer.save()
    client.force_login(bought.order.customer)
    client.cookies["django_language"] = "en"
    page = client.get(
        f"/account/orders/{bought.order.number}/return/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Return an item" in page and "What would you like instead?" in page


def test_a_withdrawal_is_declared_from_the_account(client, bought):
    client.force_login(bought.order.customer)
    response = client.post(
        f"/account/orders/{bought.order.number}/withdrawal/",
        {"statement": "Hiermit widerrufe ich.", "lines": [bought.pk]},
    )
    assert response.status_code == 302
    assert WithdrawalDeclaration.objects.get().lines == [{"id": bought.pk, "name": "Wollpullover Fjord"}]


def test_the_policy_page_is_public(client, policy):
    page = client.get("/returns/policy/").content.decode()
    assert "30 Tage nach der Zustellung" in page


def test_an_exchange_asks_for_the_variant_and_the_desk_sends_it(client, bought, reason):
    from orders.models import Product
    from returns.services import return_request_transition
    from tests.factories import ProductFactory, StaffFactory

    product = bought.product
    product.family, product.variant_label = "pulli-fjord", "Größe M"
    product.save()
    size_l = ProductFactory(family="pulli-fjord", variant_label="Größe L", name="Wollpullover Fjord L")
    client.force_login(bought.order.customer)
    page = client.get(f"/account/orders/{bought.order.number}/return/").content.decode()
    assert "Größe L" in page
    missing = start(client, bought, reason, "submit", resolution="exchange")
    assert "Bitte wähle die Variante" in missing.content.decode()
    start(
        client, bought, reason, "submit", resolution="exchange", **{f"exchange_{bought.pk}": str(size_l.pk)}
    )
    return_request = ReturnRequest.objects.get()
    assert return_request.lines.get().exchange_for == size_l
    for status in ("approved", "label_issued", "in_transit", "received"):
        return_request = return_request_transition(return_request=return_request, to_status=status)
    client.force_login(StaffFactory())
    client.post(f"/admin/returns/returnrequest/{return_request.pk}/desk/", {"action": "exchange"})
    return_request.refresh_from_db()
    assert return_request.status == "exchanged"
    assert return_request.replacement_order.lines.get().product == Product.objects.get(pk=size_l.pk)


def test_order_and_product_pages_say_until_when_and_follow_the_shops_policy(client, bought, policy):
    client.force_login(bought.order.customer)
    until = (timezone.localdate() - timedelta(days=5) + timedelta(days=30)).strftime("%d.%m.%Y")
    order_page = client.get(f"/account/orders/{bought.order.number}/").content.decode()
    assert f"Rückgabe bis {until} möglich" in order_page
    policy.window_days = 60
    policy.save()
    later = (timezone.localdate() - timedelta(days=5) + timedelta(days=60)).strftime("%d.%m.%Y")
    product_page = client.get(f"/account/orders/{bought.order.number}/items/{bought.pk}/").content.decode()
    assert later in product_page
