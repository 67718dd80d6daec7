"""A council member scores a dossier online, the chair records the result, and the agency
approves it and issues the recognition decision — in headless Chromium.

Set OCOP_SCREENSHOTS to a directory to keep screenshots of the pages on the way."""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState, MemberSheet
from tests.evaluation.builders import Province, answers_near, ready_dossier, walk_to_scoring
from tests.factories import PASSWORD
from tests.web.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]

SCREENSHOTS = os.environ.get("OCOP_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def sign_in(page, base: str, user, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"**{next_path}")


# Chooses, for every criterion of the scoring form, its best option, one click at a time (each
# click is an HTMX draft save).
PICK_BEST = """
() => {
  const groups = {};
  for (const input of document.querySelectorAll('#scoring-form input[type=radio]')) {
    const points = parseFloat(input.value.split(':').pop());
    const best = groups[input.name];
    if (!best || points > best.points) groups[input.name] = {input, points};
  }
  return Object.values(groups).map(g => g.input.id);
}
"""


def test_member_scores_and_agency_issues_the_decision(
    reference_db, live_server, units, browser_page
):
    p = Province(units)
    for user in [p.agency, p.chair, *p.members]:
        user.set_password(PASSWORD)
        user.save()
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    sheet = domain.sheet_for(dossier).data
    # The chair and the second member have scored already (about 95 points).
    for user in (p.chair, p.members[1]):
        domain.save_sheet(dossier, actor=user, answers=answers_near(sheet, 95), submit=True)
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    base = live_server.url
    scoring = f"/dossiers/{dossier.pk}/scoring/"

    # The first member scores the whole sheet online.
    sign_in(page, base, p.members[0], scoring)
    for input_id in page.evaluate(PICK_BEST):
        page.click(f"[id='{input_id}']")
    page.wait_for_load_state("networkidle")
    assert MemberSheet.objects.get(member__user=p.members[0]).submitted_at is None
    shot(page, "scoring-member")
    page.locator("button[name=submit]").first.click()
    page.get_by_text("Đã nộp").first.wait_for()
    submitted = MemberSheet.objects.get(member__user=p.members[0])
    assert submitted.submitted_at is not None
    assert submitted.total == 100

    # The chair sees the aggregation and records the council's result.
    sign_in(page, base, p.chair, scoring)
    shot(page, "scoring-chair")
    page.get_by_role("button", name=re.compile("Chốt kết quả")).click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SCORED
    assert dossier.stars == 5  # potential 5★: mean of 95, 95 and 100 with every gate met

    # The agency approves the result on the dossier page.
    detail = f"/dossiers/{dossier.pk}/"
    sign_in(page, base, p.agency, detail)
    page.get_by_role("button", name=re.compile("Phê duyệt kết quả")).click()
    page.wait_for_load_state("networkidle")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SENT_TO_MINISTRY
    # The Ministry's council scores it 85: the province may certify 4★.
    domain.record_ministry_result(dossier, actor=p.agency, score=85, decision_no="9/QĐ-BNNMT")
    dossier.refresh_from_db()
    assert (dossier.state, dossier.stars) == (DossierState.APPROVED, 4)

    # … drafts the recognition decision and issues it.
    page.goto(f"{base}/decisions/new/")
    page.fill("#id_number", "215/QĐ-UBND")
    decided_on = timezone.localdate()  # dated today, as the dossier's steps
    page.fill("#id_date", decided_on.isoformat())
    page.fill("#id_signer_name", "Trần Văn Nam")
    page.fill("#id_signer_title", "Phó Chủ tịch")
    page.check(f"#d-{dossier.pk}")
    page.get_by_role("button", name=re.compile("Lưu dự thảo")).click()
    page.wait_for_url(re.compile(r".*/decisions/\d+/$"))
    shot(page, "decision-draft")
    page.get_by_role("button", name=re.compile("Ban hành")).click()
    page.wait_for_load_state("networkidle")
    certificate = Certificate.objects.get(dossier=dossier)
    assert certificate.number == f"1/{decided_on.year}/GCN-OCOP-48"
    assert certificate.issued_on == decided_on
    assert page.get_by_text(certificate.number).first.is_visible()
    shot(page, "decision-issued")

    pdf = page.request.get(f"{base}/certificates/{certificate.pk}/certificate.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    if SCREENSHOTS:
        (Path(SCREENSHOTS) / "certificate.pdf").write_bytes(pdf.body())

    # The producer sees the timeline up to the recognition, and its certificate.
    p.producer_user.set_password(PASSWORD)
    p.producer_user.save()
    sign_in(page, base, p.producer_user, detail)
    shot(page, "producer-timeline")
    assert page.get_by_text("Ban hành quyết định công nhận").first.is_visible()
    assert page.locator(f"a[href$='/certificates/{certificate.pk}/certificate.pdf']").count()
