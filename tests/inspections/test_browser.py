"""An inspector records a visit with its checklist and a severe finding, in headless Chromium."""

import datetime
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ocop.inspections import checklist, domain
from ocop.revocations.models import RevocationCase
from tests.factories import PASSWORD
from tests.web.conftest import CHROMIUM, browser_page  # noqa: F401

from .conftest import AG, TODAY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]
# Set to a folder to keep screenshots of the pages.
SHOTS = os.environ.get("OCOP_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_inspector_records_visit_and_severe_finding(
    reference_db,
    live_server,
    world,
    browser_page,  # noqa: F811
    time_machine,
):
    # On the inspections' day the world's certificates (issued on 15 Jan 2026) are valid, as a
    # referred finding needs; the clock of the live server (this process) ticks from there.
    time_machine.move_to(
        datetime.datetime.combine(TODAY, datetime.time(9), ZoneInfo("Asia/Ho_Chi_Minh")),
        tick=True,
    )
    today = timezone.localdate()
    plan = domain.create_plan(
        actor=world.agency,
        province=world.units.danang,
        department=AG,
        title="Kiểm tra định kỳ sản phẩm OCOP",
        kind="periodic",
        period_start=today - datetime.timedelta(days=30),
        period_end=today + datetime.timedelta(days=30),
        targets=[(world.hai_van, None), (world.dien_ban, world.mat.product)],
    )
    page = browser_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/inspections/")
    page.fill("#id_username", "i_inspector")
    page.fill("#id_password", PASSWORD)
    page.click("#main form button[type=submit]")
    page.wait_for_url("**/inspections/")
    shot(page, "1-plans")

    page.get_by_role("link", name=plan.title).click()
    page.wait_for_url(f"**/inspections/{plan.pk}/")
    shot(page, "2-plan")
    page.locator("#main .page-header").get_by_role("link", name="Ghi kết quả kiểm tra").click()
    page.wait_for_url(f"**/inspections/{plan.pk}/visits/new/")
    page.select_option("#id_target", f"product:{world.fish_sauce.product.pk}")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_inspectors", "Võ Thị Ngọc Ánh (Sở NN&MT)")
    for code in checklist.CODES:
        answer = "no" if code == "mark_correct" else "yes"
        page.check(f"tr[data-item={code}] input[value={answer}]")
    page.fill("#id_note_mark_correct", "Dán biểu trưng OCOP lên sản phẩm khác")
    shot(page, "3-visit-form")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_url(f"**/inspections/{plan.pk}/visits/*/")

    page.fill("#id_description", "Dán biểu trưng OCOP lên sản phẩm chưa được công nhận.")
    page.select_option("#id_severity", "severe")
    page.select_option("#id_ground", "d")
    page.get_by_role("button", name="Ghi phát hiện").click()
    page.locator("[data-referred]").wait_for()
    shot(page, "4-visit")

    case = RevocationCase.objects.get()
    assert case.source == "inspection_finding"
    assert list(case.certificates.all()) == [world.fish_sauce]
