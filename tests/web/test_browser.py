"""A person signs in and searches the producer list, in headless Chromium."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from ocop.accounts.models import Role
from tests.factories import PASSWORD, ProducerFactory, user_with_role

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]


@pytest.fixture
def restore_reference_data(django_db_blocker):
    """`transactional_db` empties every table after the test: load the reference data again
    (units, rulebooks, product sets) for the tests that follow. Requested before
    `transactional_db` so that it is torn down after it."""
    yield
    with django_db_blocker.unblock():
        call_command("load_units", verbosity=0)
        call_command("load_rulebooks", verbosity=0)  # also the product sets of its taxonomy


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop; Django must still allow its sync DB calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(locale="vi-VN")
        yield page
        browser.close()
        # Code run while Playwright is active has its own database connection (a separate
        # context); close it here, or PostgreSQL refuses to drop the test database later.
        connections.close_all()


def test_login_and_search_producer_list(
    restore_reference_data, live_server, transactional_db, units, browser_page
):
    user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="browser_agency")
    ProducerFactory(name="Hợp tác xã Nước mắm Cửa Đại", commune=units.hai_van)
    ProducerFactory(name="Hợp tác xã Chiếu cói Bàn Thạch", commune=units.legacy_commune)
    page = browser_page

    page.goto(f"{live_server.url}/producers/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "browser_agency")
    page.fill("#id_password", PASSWORD)
    page.click("#main form button[type=submit]")
    page.wait_for_url("**/producers/")
    assert page.locator("h1").inner_text() == "Chủ thể OCOP"
    assert page.get_by_text("Hợp tác xã Chiếu cói Bàn Thạch").is_visible()

    # Live search (HTMX) without diacritics swaps the table in place.
    page.fill("#id_q", "nuoc mam")
    page.wait_for_url("**q=nuoc*mam*")
    page.get_by_text("Hợp tác xã Nước mắm Cửa Đại").wait_for()
    assert page.get_by_text("Hợp tác xã Chiếu cói Bàn Thạch").count() == 0
