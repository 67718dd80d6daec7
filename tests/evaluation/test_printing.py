"""A product's printed score sheet: the header filled in for the users who may see the product
(404 outside their scope, login first), HTML and PDF, under the rulebook of its newest dossier."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.web.conftest import world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def product_url(name: str, product) -> str:
    return reverse(f"evaluation:{name}", args=[product.pk])


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
    assert f'href="{product_url("product_sheet_pdf", product)}"' in content
    assert f'href="{reverse("registry:product_detail", args=[product.pk])}"' in content


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
