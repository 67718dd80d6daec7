"""The printed certificate and decision: their text as a reader of the PDF sees it, the QR code,
and who may download them."""

import io
import re
import unicodedata

import pytest
import segno
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from ocop.accounts.models import Department, Role
from ocop.certification.models import Decision
from ocop.certification.printing import (
    certificate_pdf,
    certificate_qr_svg,
    decision_pdf,
    pdf_filename,
    signed_verification_url,
    verification_url,
)
from ocop.certification.queries import certificates_for_user, decisions_for_user
from tests.certification.conftest import make_certificate, make_decision, make_dossier
from tests.factories import ProducerFactory, ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

NUMBER = "12/2026/GCN-OCOP-48"


def pdf_pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in pdf_pages(pdf))
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def compact(text: str) -> str:
    """The text without any space: cells of the annex wrap long codes and numbers."""
    return re.sub(r"\s+", "", text)


# --- the certificate ---------------------------------------------------------------------


def test_certificate_pdf_is_one_landscape_page_with_the_certificate(certificate):
    pdf = certificate_pdf(certificate)

    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert pages[0].mediabox.width > pages[0].mediabox.height  # landscape
    assert round(pages[0].mediabox.width / 72 * 25.4) == 297  # A4
    text = pdf_text(pdf)
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND THÀNH PHỐ ĐÀ NẴNG" in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "SẢN PHẨM OCOP ĐẠT HẠNG 4 SAO" in text
    assert "★★★★" in compact(text) and "★★★★★" not in compact(text)
    assert "Nước mắm cá cơm Hải Vân thượng hạng" in text
    assert certificate.product.code in text
    assert "Hợp tác xã Nước mắm Hải Vân" in text
    assert "Thôn 1, Phường Hải Vân, Thành phố Đà Nẵng" in text
    assert "Theo Quyết định số 12/QĐ-UBND ngày 29/11/2026 của UBND Thành phố Đà Nẵng" in text
    assert "Điểm đánh giá: 78,5 " in text
    assert "QĐ 26/2026/QĐ-TTg" in text
    assert f"Số: {NUMBER}" in text
    valid_until = certificate.valid_until.strftime("%d/%m/%Y")
    assert f"Có giá trị đến hết ngày {valid_until}" in text
    assert "Đà Nẵng, ngày 29 tháng 11 năm 2026" in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert "Nguyễn Văn Thắng" in text
    assert "Quét mã để kiểm tra giấy chứng nhận" in text
    assert f"http://127.0.0.1:8000/verify/{NUMBER}" in text


def test_certificate_of_the_ministry_names_the_ministry_and_hanoi(certificate):
    decision = certificate.decision
    decision.level = Decision.Level.CENTRAL
    decision.province = None
    decision.save()

    text = pdf_text(certificate_pdf(certificate))

    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text
    assert "UBND THÀNH PHỐ" not in text
    assert "Hà Nội, ngày 29 tháng 11 năm 2026" in text


def test_certificate_pdf_in_english_keeps_the_printed_names(certificate):
    from django.utils import translation

    with translation.override("en"):
        text = pdf_text(certificate_pdf(certificate))

    # The product's own name is never translated.
    assert "Nước mắm cá cơm Hải Vân thượng hạng" in text
    assert NUMBER in text
    assert "78.5" in text and "78,5" not in text


# --- the QR code -------------------------------------------------------------------------


def test_verification_url_keeps_the_slashes_of_the_number(certificate, settings):
    assert verification_url(certificate) == f"http://127.0.0.1:8000/verify/{NUMBER}"

    settings.OCOP_SITE_URL = "https://ocop.danang.gov.vn/"
    assert verification_url(certificate) == f"https://ocop.danang.gov.vn/verify/{NUMBER}"

    request = RequestFactory().get("/anything", HTTP_HOST="localhost")
    assert verification_url(certificate, request) == f"http://localhost/verify/{NUMBER}"


def test_verification_url_quotes_what_a_path_cannot_hold(certificate):
    certificate.number = "5/2026/GCN OCOP#48"

    assert verification_url(certificate).endswith("/verify/5/2026/GCN%20OCOP%2348")


def _svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules drawn by segno's one-path SVG (`M x y`, `m dx dy`, `h n`)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    cells = set()
    for command, args in re.findall(r"([A-Za-z])([^A-Za-z]*)", path):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
        elif command == "m":
            x, y = x + numbers[0], y + numbers[1]
        elif command == "h":
            cells.update((int(x) + i, int(y)) for i in range(int(numbers[0])))
            x += numbers[0]
        else:
            raise AssertionError(f"unexpected path command {command}")
    left = min(cx for cx, _ in cells)
    top = min(cy for _, cy in cells)
    return {(cx - left, cy - top) for cx, cy in cells}


def _matrix_modules(code) -> set[tuple[int, int]]:
    return {(x, y) for y, row in enumerate(code.matrix) for x, dark in enumerate(row) if dark}


def test_qr_svg_encodes_the_signed_verification_url(certificate):
    svg = certificate_qr_svg(certificate)

    assert svg.startswith("<svg") and "viewBox" in svg
    url = signed_verification_url(certificate)  # Ed25519 signatures are deterministic
    assert url.startswith(f"http://127.0.0.1:8000/verify/{NUMBER}?s=4&v=")
    assert _svg_modules(svg) == _matrix_modules(segno.make(url, error="m", micro=False))
    other = "http://127.0.0.1:8000/verify/13/2026/GCN-OCOP-48"
    assert _svg_modules(svg) != _matrix_modules(segno.make(other, error="m", micro=False))


# --- the decision ------------------------------------------------------------------------


@pytest.fixture
def decision_of_three(db, units, rulebook_months):
    """An issued decision of Đà Nẵng listing three products, each with its certificate."""
    names = ["Mật ong rừng Sơn Trà", "Bánh tráng Túy Loan nướng giòn", "Trà thảo mộc Bà Nà"]
    dossiers = []
    for index, name in enumerate(names):
        producer = ProducerFactory(
            name=f"Hợp tác xã Hoà Vang {index}", commune=units.other_danang_commune
        )
        dossiers.append(make_dossier(ProductFactory(producer=producer, name=name), stars=3))
    decision = make_decision(dossiers, number="2345/QĐ-UBND")
    for index, dossier in enumerate(dossiers, start=20):
        make_certificate(dossier, decision, number=f"{index}/2026/GCN-OCOP-48")
    return decision


@pytest.fixture
def rulebook_months():
    from ocop.criteria.models import Rulebook

    return Rulebook.objects.get(slug="qd-26-2026").data["certificate"]["validity_months"]


def test_decision_pdf_has_the_articles_and_every_product_of_the_annex(
    decision_of_three, rulebook_months
):
    pdf = decision_pdf(decision_of_three)

    pages = pdf_pages(pdf)
    assert pages[0].mediabox.width < pages[0].mediabox.height  # portrait
    text = pdf_text(pdf)
    assert "UBND THÀNH PHỐ ĐÀ NẴNG" in text
    assert "Số: 2345/QĐ-UBND" in text
    assert "Đà Nẵng, ngày 29 tháng 11 năm 2026" in text
    assert "QUYẾT ĐỊNH Về việc công nhận sản phẩm đạt chuẩn OCOP" in text
    assert "Điều 1. Công nhận 3 sản phẩm đạt chuẩn OCOP" in text
    assert f"có giá trị {rulebook_months} tháng" in text
    assert "Điều 3." in text
    assert "PHỤ LỤC" in text
    assert "DỰ THẢO" not in text
    flat = compact(text)
    for item in decision_of_three.items.select_related("dossier__product"):
        assert compact(item.dossier.product.name) in flat
        assert item.dossier.product.code in flat
    for number in decision_of_three.certificates.values_list("number", flat=True):
        assert number in flat


def test_draft_decision_pdf_is_marked_and_has_no_certificate_numbers(units):
    dossier = make_dossier(ProductFactory(name="Mực một nắng Sơn Trà"))
    draft = make_decision([dossier], number="…/QĐ-UBND", status=Decision.Status.DRAFT)

    text = pdf_text(decision_pdf(draft))

    assert "DỰ THẢO" in text
    assert "Mực một nắng Sơn Trà" in text
    assert "GCN" not in text


def test_pdf_filename_has_no_slash():
    assert pdf_filename("giay-chung-nhan", NUMBER) == "giay-chung-nhan-12-2026-GCN-OCOP-48.pdf"
    assert pdf_filename("quyet-dinh", "2345/QĐ-UBND") == "quyet-dinh-2345-QD-UBND.pdf"


# --- who may download ----------------------------------------------------------------------


def certificate_url(certificate) -> str:
    return reverse("certification:certificate-pdf", args=[certificate.pk])


def decision_url(decision) -> str:
    return reverse("certification:decision-pdf", args=[decision.pk])


def _user(role: str, units, certificate, other_producer):
    scopes = {
        "admin": {"role": Role.ADMIN},
        "ministry": {"role": Role.MINISTRY_OFFICER},
        "agency": {"role": Role.AGENCY_OFFICER, "unit": units.danang},
        "council": {"role": Role.COUNCIL_MEMBER, "unit": units.danang},
        "inspector": {
            "role": Role.INSPECTOR,
            "unit": units.danang,
            "department": Department.INDUSTRY_TRADE,
        },
        "commune": {"role": Role.COMMUNE_OFFICER, "unit": units.hai_van},
        "producer": {"role": Role.PRODUCER, "producer": certificate.producer},
        "other_agency": {"role": Role.AGENCY_OFFICER, "unit": units.hanoi},
        "other_commune": {"role": Role.COMMUNE_OFFICER, "unit": units.other_danang_commune},
        "other_producer": {"role": Role.PRODUCER, "producer": other_producer},
    }
    scope = scopes[role]
    return user_with_role(scope.pop("role"), **scope)


VISIBLE = ["admin", "ministry", "agency", "council", "inspector", "commune", "producer"]
HIDDEN = ["other_agency", "other_commune", "other_producer"]


@pytest.mark.parametrize(
    ("role", "status"), [(r, 200) for r in VISIBLE] + [(r, 404) for r in HIDDEN]
)
def test_certificate_pdf_view_answers_by_scope(client, units, certificate, role, status):
    user = _user(role, units, certificate, ProducerFactory(commune=units.hai_van))
    client.force_login(user)

    response = client.get(certificate_url(certificate))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="giay-chung-nhan-12-2026-GCN-OCOP-48.pdf"'
        )
        assert response.content.startswith(b"%PDF")
        assert "testserver/verify/12/2026/GCN-OCOP-48" in pdf_text(response.content)


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("agency", 200), ("council", 200), ("producer", 200), ("commune", 200)]
    + [(r, 404) for r in HIDDEN],
)
def test_decision_pdf_view_answers_by_scope(client, units, certificate, role, status):
    user = _user(role, units, certificate, ProducerFactory(commune=units.hai_van))
    client.force_login(user)

    response = client.get(decision_url(certificate.decision))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="quyet-dinh-12-QD-UBND.pdf"' in response["Content-Disposition"]


def test_a_draft_decision_stays_with_the_province(client, units, certificate):
    decision = certificate.decision
    decision.status = Decision.Status.DRAFT
    decision.save()
    producer = user_with_role(Role.PRODUCER, producer=certificate.producer)
    agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)

    assert not decisions_for_user(producer).filter(pk=decision.pk).exists()
    assert decisions_for_user(agency).filter(pk=decision.pk).exists()


def test_a_central_decision_is_seen_by_the_provinces_it_lists(units, certificate):
    decision = certificate.decision
    decision.level = Decision.Level.CENTRAL
    decision.province = None
    decision.save()
    danang = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    hanoi = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)

    assert list(decisions_for_user(danang)) == [decision]
    assert list(decisions_for_user(hanoi)) == []


def test_lists_of_a_province_hold_only_its_certificates(units, certificate, hanoi_certificate):
    danang = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    hanoi = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)

    assert list(certificates_for_user(danang)) == [certificate]
    assert list(certificates_for_user(hanoi)) == [hanoi_certificate]
    assert list(decisions_for_user(hanoi)) == [hanoi_certificate.decision]


def test_pdf_views_send_anonymous_visitors_to_sign_in(client, certificate):
    for url in (certificate_url(certificate), decision_url(certificate.decision)):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_pdf_view_of_an_unknown_certificate_is_404(client, units):
    client.force_login(user_with_role(Role.ADMIN))

    assert client.get(reverse("certification:certificate-pdf", args=[999999])).status_code == 404
    assert client.get(reverse("certification:decision-pdf", args=[999999])).status_code == 404
