"""The printable score sheet: blank (public) and a product's (scoped), HTML and PDF."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ocop.criteria.models import ScoreSheet
from tests.web.conftest import world  # noqa: F401  (fixture)

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


def product_url(name: str, product) -> str:
    return reverse(f"criteria_print:{name}", args=[product.pk])


def test_product_sheet_header_is_filled_for_an_officer_of_its_province(client, world):  # noqa: F811
    product = world["products"]["dn"]
    client.force_login(world["users"]["agency"])

    response = client.get(product_url("product_sheet", product))

    assert response.status_code == 200
    content = text(response)
    assert product.name in content
    assert product.code in content
    assert "Hợp tác xã Nước mắm Hải Vân" in content
    assert "Thôn 1, Phường Hải Vân, Thành phố Đà Nẵng" in content
    assert f"{product.product_set.number}. Bộ sản phẩm: {product.product_set.name}" in content
    assert "Quyết định 26/2026/QĐ-TTg" in content


def test_product_sheet_pdf_carries_code_and_vietnamese_text(client, world):  # noqa: F811
    product = world["products"]["dn"]
    client.force_login(world["users"]["agency"])

    response = client.get(product_url("product_sheet_pdf", product))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="phieu-danh-gia-{product.code}.pdf"'
    )
    content = pdf_text(response)
    assert product.code in content
    assert "Nước mắm" in content
    assert "Hợp tác xã Nước mắm Hải Vân" in content
    assert "TỔNG CỘNG" in content


@pytest.mark.parametrize("name", ["product_sheet", "product_sheet_pdf"])
def test_product_sheet_outside_scope_is_404(client, world, name):  # noqa: F811
    client.force_login(world["users"]["agency"])

    assert client.get(product_url(name, world["products"]["hn"])).status_code == 404


@pytest.mark.parametrize("name", ["product_sheet", "product_sheet_pdf"])
def test_product_sheet_anonymous_is_sent_to_login(client, world, name):  # noqa: F811
    url = product_url(name, world["products"]["dn"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_product_sheet_of_the_producer_itself(client, world):  # noqa: F811
    client.force_login(world["users"]["producer"])

    assert client.get(product_url("product_sheet", world["products"]["dn"])).status_code == 200
    assert client.get(product_url("product_sheet", world["products"]["qn"])).status_code == 404
