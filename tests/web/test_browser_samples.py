"""The commune officer confirms the product samples received with a dossier, then proposes it,
in headless Chromium; the producer sees the record.

Set OCOP_SCREENSHOTS to a directory to keep screenshots of the pages on the way."""

import re

import pytest
from django.utils import timezone

from ocop.evaluation import domain
from ocop.evaluation.models import DossierState
from tests.evaluation.builders import ASSESSMENT, Province, ready_dossier
from tests.factories import PASSWORD
from tests.web.conftest import CHROMIUM
from tests.web.test_browser_evaluation import shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]


def test_commune_officer_confirms_the_samples_then_proposes(
    reference_db, live_server, units, browser_page
):
    p = Province(units)
    for user in (p.commune_officer, p.producer_user):
        user.set_password(PASSWORD)
        user.save()
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    domain.receive(dossier, actor=p.commune_officer)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT)
    page = browser_page
    base = live_server.url
    detail = f"/dossiers/{dossier.pk}/"

    sign_in(page, base, p.commune_officer, detail)
    assert page.locator("#samples").get_by_text("Chưa xác nhận").is_visible()
    # Without the samples, proposing is offered disabled, with the rule's words beside it.
    propose = page.get_by_role("button", name="Đề nghị cấp tỉnh")
    assert propose.is_disabled()
    assert "Điều 6.2.d" in page.locator("#blocked-propose").inner_text()
    shot(page, "samples-refused")

    page.locator("summary", has_text="Xác nhận đã nhận sản phẩm mẫu").click()
    page.fill("#id_confirm_samples-count", "5")
    page.fill("#id_confirm_samples-received_on", timezone.localdate().isoformat())
    shot(page, "samples-form")
    page.get_by_role("button", name=re.compile("Xác nhận: Xác nhận đã nhận sản phẩm mẫu")).click()
    page.get_by_text("Đã xác nhận nhận 5 sản phẩm mẫu.").wait_for()
    dossier.refresh_from_db()
    assert (dossier.samples_confirmed, dossier.samples_confirmed_by) == (5, p.commune_officer)

    page.get_by_role("button", name="Đề nghị cấp tỉnh").click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PROPOSED

    sign_in(page, base, p.producer_user, detail)
    samples = page.locator("#samples")
    assert samples.get_by_text(timezone.localdate().strftime("%d/%m/%Y")).is_visible()
    shot(page, "samples-producer")
