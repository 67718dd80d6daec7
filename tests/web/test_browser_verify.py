"""A shopper scans the QR code of a label on a phone (390 × 844): the public page says the
certificate is valid and the code genuine; the province revokes the certificate, and the same
page, reloaded, says revoked. Expired certificates and tampered codes are unmistakable too, in
Vietnamese and in English — in headless Chromium.

Set OCOP_SCREENSHOTS to a directory to keep phone-width screenshots of the pages."""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certification.models import Certificate
from ocop.certification.printing import signed_verification_url
from ocop.criteria.models import Rulebook
from ocop.evaluation.models import Dossier, DossierState
from tests.certification.conftest import certified_product
from tests.factories import user_with_role
from tests.web.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed"),
]

SCREENSHOTS = os.environ.get("OCOP_SCREENSHOTS")
PHONE = {"width": 390, "height": 844}
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def scanned(base: str, certificate, **changes) -> str:
    """The URL of the certificate's QR code, on the live server, with `changes` to its query."""
    parts = urlsplit(signed_verification_url(certificate))
    query = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    query.update(changes)
    return f"{base}{parts.path}?" + "&".join(f"{k}={v}" for k, v in query.items())


def status_shown(page) -> str:
    return page.locator("[data-status]").first.get_attribute("data-status")


def signature_shown(page) -> str | None:
    banner = page.locator("[data-signature]")
    return banner.first.get_attribute("data-signature") if banner.count() else None


def switch_language(page, code: str) -> None:
    page.locator(f".lang-switch button[value='{code}']").click()
    page.wait_for_selector(f"html[lang='{code}']")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def revoke(certificate, agency) -> None:
    """The province revokes the certificate: a case opened on a ministry request, decided."""
    from ocop.revocations import domain

    today = timezone.localdate()
    case = domain.open_case(
        certificates=[certificate],
        ground="c",
        source="ministry_request",
        finding_date=today,
        description="Kết luận thanh tra: vi phạm pháp luật về an toàn thực phẩm.",
        actor=agency,
        evidence=[SimpleUploadedFile("ket-luan.pdf", PDF, content_type="application/pdf")],
    )
    domain.decide(case, actor=agency, decision_no="77/QĐ-UBND", date=today)


def test_a_shopper_sees_valid_then_revoked_on_a_phone(
    reference_db, live_server, units, browser_page
):
    # Issued a month ago: valid whatever the day the test runs (it keeps the real clock).
    certificate = certified_product(
        name="Nước mắm cá cơm Hải Vân thượng hạng",
        producer_name="Hợp tác xã Nước mắm Hải Vân",
        commune=units.hai_van,
        number="12/2026/GCN-OCOP-48",
        issued_on=timezone.localdate() - 30 * DAY,
    )
    agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    page = browser_page
    page.set_viewport_size(PHONE)
    base = live_server.url
    url = scanned(base, certificate)

    # The code on the label: genuine, the certificate valid.
    page.goto(url)
    assert status_shown(page) == "valid"
    assert signature_shown(page) == "genuine"
    assert page.get_by_text("Còn hiệu lực").first.is_visible()
    assert page.get_by_text("Nước mắm cá cơm Hải Vân thượng hạng").first.is_visible()
    assert fits_the_phone(page)
    shot(page, "verify-valid-vi")
    switch_language(page, "en")
    assert status_shown(page) == "valid"
    assert "s=4" in page.url  # the language switch keeps the scanned query
    shot(page, "verify-valid-en")

    # A label whose printed stars were altered.
    page.goto(scanned(base, certificate, s="5"))
    assert signature_shown(page) == "invalid"
    assert page.locator("[data-signature='invalid']").is_visible()
    assert fits_the_phone(page)
    shot(page, "verify-tampered-en")
    switch_language(page, "vi")
    assert page.get_by_text("Mã QR không hợp lệ").is_visible()
    shot(page, "verify-tampered-vi")

    # The province revokes it; the same page, reloaded, says so at once.
    page.goto(url)
    revoke(certificate, agency)
    page.reload()
    assert status_shown(page) == "revoked"
    assert page.get_by_text("Đã thu hồi").first.is_visible()
    assert page.get_by_text("Còn hiệu lực").count() == 0
    assert fits_the_phone(page)
    shot(page, "verify-revoked-vi")
    switch_language(page, "en")
    assert status_shown(page) == "revoked"
    shot(page, "verify-revoked-en")
    api = page.request.get(f"{base}/api/v1/verify/{certificate.number}")
    assert api.json()["status"] == "revoked"


def test_expired_and_extended_certificates_on_a_phone(
    reference_db, live_server, units, browser_page
):
    today = timezone.localdate()
    expired = certified_product(
        name="Bánh tráng Túy Loan nướng giòn",
        producer_name="Hộ kinh doanh Bánh tráng Túy Loan",
        commune=units.hai_van,
        number="5/2023/GCN-OCOP-48",
        issued_on=today - 1100 * DAY,
        valid_until=today - 10 * DAY,
    )
    extended = certified_product(
        name="Mật ong rừng Sơn Trà",
        producer_name="Hợp tác xã Ong Sơn Trà",
        commune=units.hai_van,
        number="6/2023/GCN-OCOP-48",
        issued_on=today - 1100 * DAY,
        valid_until=today - 10 * DAY,
    )
    Dossier.objects.create(
        product=extended.product,
        producer=extended.producer,
        commune=extended.product.commune,
        province=extended.province,
        kind="rerank",
        state=DossierState.SUBMITTED,
        rulebook=Rulebook.objects.get(slug="qd-26-2026"),
        previous_certificate=extended,
        submitted_on=extended.valid_until - 150 * DAY,
    )
    assert Certificate.objects.get(pk=extended.pk).status == "extended"
    page = browser_page
    page.set_viewport_size(PHONE)
    base = live_server.url

    page.goto(scanned(base, expired))
    assert status_shown(page) == "expired"
    assert signature_shown(page) == "genuine"  # a genuine label of a certificate past its end
    assert page.get_by_text("Hết hiệu lực").first.is_visible()
    assert fits_the_phone(page)
    shot(page, "verify-expired-vi")
    switch_language(page, "en")
    assert status_shown(page) == "expired"
    shot(page, "verify-expired-en")

    page.goto(scanned(base, extended))
    assert status_shown(page) == "extended"
    assert fits_the_phone(page)
    shot(page, "verify-extended-en")
    switch_language(page, "vi")
    assert page.get_by_text("tối đa 180 ngày").first.is_visible()
    shot(page, "verify-extended-vi")

    page.goto(f"{base}/verify/99/2026/GCN-OCOP-48")
    assert page.get_by_text("Không tìm thấy giấy chứng nhận").is_visible()
    assert fits_the_phone(page)
    shot(page, "verify-unknown-vi")
