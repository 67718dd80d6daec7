"""The printable blank score sheet (public), HTML and PDF. A product's filled-in sheet is
printed by the evaluation app (tests/evaluation/test_printing.py)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ocop.criteria.models import ScoreSheet

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def blank_url(name: str, slug: str = "qd-26-2026", set_no: int = 1) -> str:
    return reverse(f"criteria_print:{name}", args=[slug, set_no])


def test_blank_sheet_html_is_public_and_follows_the_form(client):
    response = client.get(blank_url("sheet_print"))

    assert response.status_code == 200
    content = text(response)
    assert "1. Bộ sản phẩm: Rau, củ, quả, hạt tươi" in content
    assert "Hồ sơ bị loại khi:" in content
    assert "Giả mạo hồ sơ" in content
    assert "Phần A: SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG (40 Điểm)" in content
    # An option marked for 5★ in the law (1.3) carries its marker after the label.
    assert 'giữ chất lượng ổn định trong quá trình bảo quản...)<span class="stars">*****' in (
        content
    )
    assert content.count("□") == sum(
        len(c["options"])
        for p in ScoreSheet.objects.get(rulebook__slug="qd-26-2026", set_no=1).data["parts"]
        for g in p["groups"]
        for c in g["criteria"]
    )
    assert "TỔNG CỘNG" in content
    assert '<td class="points">100</td>' in content
    assert "*** - 3 sao; **** - 4 sao; ***** - 5 sao" in content
    assert "Ý kiến của người đánh giá:" in content
    assert "(Ký và ghi rõ họ tên)" in content
    assert blank_url("sheet_pdf") in content


def test_blank_sheet_pdf_is_public_a4_with_vietnamese_text(client):
    response = client.get(blank_url("sheet_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="phieu-danh-gia-bo-01.pdf"'
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    content = pdf_text(response)
    assert "Rau, củ, quả, hạt tươi" in content
    assert "Hồ sơ bị loại khi" in content
    assert "TỔNG CỘNG" in content
    assert "Người đánh giá" in content


def test_blank_sheet_of_a_rulebook_without_sheets_names_the_lender(client):
    response = client.get(blank_url("sheet_print", slug="qd-1048-2019", set_no=9))

    assert response.status_code == 200
    content = text(response)
    assert "không có phiếu đánh giá riêng" in content
    assert "QĐ 26/2026/QĐ-TTg" in content
    assert "9. Bộ sản phẩm:" in content


def test_blank_sheet_of_set_26_prints_both_cases(client):
    content = text(client.get(blank_url("sheet_print", set_no=26)))

    assert "a. Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp" in content
    assert "b. Trường hợp 2: Điểm dịch vụ du lịch" in content
    assert "Ghi chú nhập liệu" not in content


@pytest.mark.parametrize(
    ("name", "slug", "set_no"),
    [
        ("sheet_print", "no-such-rulebook", 1),
        ("sheet_pdf", "no-such-rulebook", 1),
        ("sheet_print", "qd-26-2026", 27),
        ("sheet_pdf", "qd-26-2026", 99),
    ],
)
def test_blank_sheet_unknown_rulebook_or_set_is_404(client, name, slug, set_no):
    assert client.get(blank_url(name, slug=slug, set_no=set_no)).status_code == 404
