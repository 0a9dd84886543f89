"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

Without Chromium the tests skip and say why; with REQUIRE_SERVICES=1 (CI) they fail instead. Screenshots go
to ``test-artifacts/browser/`` (gitignored), one per page, language and window size.
"""

import os
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import service_unavailable

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def chromium(monkeypatch):
    """A browser for one test. Request it first, so that it is set up before and torn down after the
    database fixtures: Playwright's sync API keeps an event loop in the test's thread while it runs, and
    Django refuses ORM calls next to one unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The variable is set
    for this test only (later tests' subprocesses must not inherit it: ``check --deploy`` fails on it)."""
    if not Path(CHROMIUM).is_file():
        service_unavailable(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        service_unavailable("needs Playwright: pip install playwright")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_shop(transactional_db, settings):
    """The demo shop with its demo customer (12 orders covering every situation), pictures served."""
    import importlib

    from django.apps import apps

    from demo.services import demo_shop_seed

    # A transactional test before this one flushed the rows that data migrations create.
    importlib.import_module("tracking.migrations.0002_carriers").add_carriers(apps, None)
    importlib.import_module("returns.migrations.0002_default_reasons").add_reasons(apps, None)
    settings.ROOT_URLCONF = "tests.browser.urls"
    demo_shop_seed(customers=3, orders=15, seed=1, today=date.today())
    return settings


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        # Mobile first: nothing may stick out sideways, whatever the window.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
