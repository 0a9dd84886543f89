"""A customer in real Chromium, on a phone and on a desktop: signs in, opens an order, its shipping page,
a product page and a parcel's tracking timeline, and switches to English. Every page is saved as a
screenshot in test-artifacts/browser/."""

import pytest

from tests.browser.conftest import VIEWPORTS


def demo_orders():
    from django.db.models import Count

    from accounts.models import User
    from orders.models import Order
    from tracking.models import Shipment

    customer = User.objects.get(email="demo@example.com")
    # "split: one parcel delivered, one still in transit"
    split = (
        Order.objects.filter(customer=customer)
        .annotate(parcels=Count("shipments", distinct=True))
        .filter(parcels=2, shipments__status="in_transit")
        .first()
    )
    delayed = (
        Shipment.objects.filter(order__customer=customer, is_delayed=True).select_related("order").first()
    )
    return split, delayed


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_customer_journey(chromium, live_server, demo_shop, screenshot, viewport):
    split, delayed = demo_orders()
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{live_server.url}/login/")
        assert page.locator("html").get_attribute("lang") == "de"
        screenshot(page, f"{viewport}-de-login")
        page.get_by_label("E-Mail-Adresse").fill("demo@example.com")
        page.get_by_label("Passwort").fill("demo")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{live_server.url}/account/")
        assert page.get_by_role("heading", level=1).inner_text() == "Hallo Lena"
        screenshot(page, f"{viewport}-de-account")

        # Keyboard: the first Tab reaches the skip link.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"

        page.get_by_role("link", name="Alle Bestellungen ansehen").click()
        page.wait_for_url(f"{live_server.url}/account/orders/")
        screenshot(page, f"{viewport}-de-orders")
        page.get_by_role("link", name=f"Bestellung {split.number}").click()
        page.wait_for_url(f"**/account/orders/{split.number}/")
        assert split.number in page.get_by_role("heading", level=1).inner_text()
        screenshot(page, f"{viewport}-de-order")

        page.get_by_role("link", name="Sendung verfolgen").click()
        page.wait_for_url(f"**/account/orders/{split.number}/shipping/")
        assert page.get_by_text("Deine Bestellung kommt in 2 Paketen.").is_visible()
        screenshot(page, f"{viewport}-de-shipping")

        page.locator("section.card ul li a").first.click()
        page.wait_for_url("**/items/*/")
        assert page.get_by_role("heading", name="Technische Daten").is_visible()
        for image in page.locator(".gallery img").all():
            assert image.get_attribute("alt")
            assert page.evaluate("(img) => img.naturalWidth", image.element_handle()) > 0
        screenshot(page, f"{viewport}-de-item")

        delayed_shipment_url = f"/account/orders/{delayed.order.number}/shipments/{delayed.pk}/"
        page.goto(live_server.url + delayed_shipment_url)
        assert page.get_by_text("Dein Paket verspätet sich").is_visible()
        assert page.locator(".stepper li").count() == 5
        assert page.locator(".timeline li").count() >= 2
        screenshot(page, f"{viewport}-de-tracking")

        page.get_by_label("Sprache").select_option("en")
        page.get_by_role("button", name="Wechseln").click()
        page.wait_for_url(live_server.url + delayed_shipment_url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_text("Your parcel is delayed").is_visible()
        screenshot(page, f"{viewport}-en-tracking")

        page.goto(f"{live_server.url}/account/orders/{split.number}/")
        assert page.get_by_role("heading", name="Delivery address").is_visible()
        screenshot(page, f"{viewport}-en-order")
        page.goto(f"{live_server.url}/account/orders/{split.number}/shipping/")
        assert page.get_by_text("Your order comes in 2 parcels.").is_visible()
        screenshot(page, f"{viewport}-en-shipping")
    finally:
        context.close()
    assert errors == []


@pytest.mark.django_db(transaction=True)
def test_a_guest_finds_an_order_by_number_and_email_and_opens_it_from_the_link(
    chromium, live_server, demo_shop, screenshot
):
    from notifications.models import Message
    from orders.models import Order

    order = Order.objects.filter(customer__email="demo@example.com").order_by("-placed_at").first()
    context = chromium.new_context(viewport=VIEWPORTS["phone"], locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/track/")
        page.get_by_label("Bestellnummer").fill(order.number)
        page.get_by_label("E-Mail-Adresse").fill(order.email.upper())
        page.get_by_role("button", name="Link senden").click()
        assert page.get_by_text("ist ein Link zu deiner Bestellung an diese Adresse unterwegs").is_visible()
        screenshot(page, "phone-de-guest-lookup")
        link = Message.objects.get(template_key="magic_link", order=order).payload["link"]
        path = link.split("://", 1)[1].split("/", 1)[1]
        page.goto(f"{live_server.url}/{path}")
        page.wait_for_url(f"**/account/orders/{order.number}/")
        assert order.number in page.get_by_role("heading", level=1).inner_text()
        screenshot(page, "phone-de-guest-order")
        page.goto(f"{live_server.url}/account/orders/")
        assert "/login/" in page.url  # the link opens that order only, not the account
    finally:
        context.close()
