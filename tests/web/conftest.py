from pathlib import Path

import pytest
from django.db import connections

from ocop.accounts.models import Department, Role
from tests.factories import ProducerFactory, ProductFactory, user_with_role


@pytest.fixture(autouse=True)
def plain_static_storage(settings, tmp_path):
    """Pages render `{% static %}` without a collectstatic manifest; uploads go to a temp dir."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture
def world(db, units):
    """Producers and products in three places, and one user per role.

    - `dn`: Phường Hải Vân (Đà Nẵng, era 2025)
    - `qn`: a commune of legacy Điện Bàn (former Quảng Nam, now within Đà Nẵng)
    - `hn`: Phường Ba Đình (Hà Nội)
    """
    producers = {
        "dn": ProducerFactory(name="Hợp tác xã Nước mắm Hải Vân", commune=units.hai_van),
        "qn": ProducerFactory(name="Hợp tác xã Chiếu cói Điện Bàn", commune=units.legacy_commune),
        "hn": ProducerFactory(name="Công ty Trà Ba Đình", commune=units.hanoi_commune),
    }
    products = {key: ProductFactory(producer=producer) for key, producer in producers.items()}
    users = {
        "admin": user_with_role(Role.ADMIN, username="t_admin"),
        "agency": user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="t_agency"),
        "commune": user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van, username="t_commune"),
        "district": user_with_role(
            Role.DISTRICT_OFFICER, unit=units.legacy_district, username="t_district"
        ),
        "council": user_with_role(Role.COUNCIL_MEMBER, unit=units.danang, username="t_council"),
        "inspector": user_with_role(
            Role.INSPECTOR,
            unit=units.danang,
            department=Department.INDUSTRY_TRADE,
            username="t_inspector",
        ),
        "producer": user_with_role(Role.PRODUCER, producer=producers["dn"], username="t_producer"),
    }
    return {"producers": producers, "products": products, "users": users, "units": units}


# --- browser tests (Playwright driving Debian's Chromium) ------------------------------------

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
