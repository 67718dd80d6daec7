"""A person signs in and searches the producer list, in headless Chromium."""

import pytest

from ocop.accounts.models import Role
from tests.factories import PASSWORD, ProducerFactory, user_with_role
from tests.web.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]


def test_login_and_search_producer_list(reference_db, live_server, units, browser_page):
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
