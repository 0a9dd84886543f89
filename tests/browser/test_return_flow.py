"""The whole return flow in real Chromium, on a phone and on a desktop: from the order page, choose an item,
a reason and the resolution, review the expected refund, submit, follow the return and cancel it. Each step
is saved as a screenshot in test-artifacts/browser/."""

import pytest
from django.utils import timezone

from tests.browser.conftest import VIEWPORTS


def returnable_line():
    from orders.models import Order
    from returns.policy import order_lines_eligibility

    today = timezone.localdate()
    for order in Order.objects.filter(customer__email="demo@example.com").order_by("-placed_at"):
        for item in order_lines_eligibility(order=order):
            if item.can_return(today=today):
                return item.line
    raise AssertionError("the demo customer has no returnable item")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_customer_returns_an_item(chromium, live_server, demo_shop, screenshot, viewport):
    from returns.models import ReturnPolicy, ReturnRequest

    ReturnPolicy.objects.update_or_create(pk=1, defaults={"window_days": 30, "auto_approve": False})
    line = returnable_line()
    returns_before = ReturnRequest.objects.count()  # the demo shop has returns of its own
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("E-Mail-Adresse").fill("demo@example.com")
        page.get_by_label("Passwort").fill("demo")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{live_server.url}/account/")

        page.goto(f"{live_server.url}/account/orders/{line.order.number}/")
        page.get_by_role("link", name="Artikel zurücksenden").click()
        page.wait_for_url(f"**/account/orders/{line.order.number}/return/")
        screenshot(page, f"{viewport}-de-return-start")
        page.locator(f"#id_quantity_{line.pk}").select_option("1")
        page.locator(f"#id_reason_{line.pk}").select_option(label="Gefällt mir nicht mehr")
        page.get_by_role("button", name="Weiter zur Übersicht").click()
        page.get_by_role("heading", name="Bitte prüfe deine Rücksendung").wait_for()
        assert "Voraussichtliche Erstattung" in page.content()
        screenshot(page, f"{viewport}-de-return-review")
        assert ReturnRequest.objects.count() == returns_before  # reviewing changes nothing

        page.get_by_role("button", name="Rücksendung anmelden").click()
        page.wait_for_url("**/account/returns/*/")
        return_request = ReturnRequest.objects.order_by("-id").first()
        assert ReturnRequest.objects.count() == returns_before + 1
        assert return_request.number in page.get_by_role("heading", level=1).inner_text()
        screenshot(page, f"{viewport}-de-return-detail")

        page.get_by_role("button", name="Rücksendung stornieren").click()
        page.wait_for_url(f"**/account/returns/{return_request.number}/")
        return_request.refresh_from_db()
        assert return_request.status == "cancelled"
        screenshot(page, f"{viewport}-de-return-cancelled")
        assert errors == []
    finally:
        context.close()
