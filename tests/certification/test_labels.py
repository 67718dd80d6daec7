"""The sheet of product-label stickers: an A4 page of 24 labels carrying the OCOP mark, the stars,
the product, the certificate number, the end date and the signed QR code; printed by those who
may print the certificate, and only while it is in force.

Set OCOP_SCREENSHOTS to a directory to keep the PDF."""

import os
import re
from pathlib import Path

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certification import signing
from ocop.certification.models import Certificate
from ocop.certification.printing import (
    LABEL_COLUMNS,
    LABEL_ROWS,
    labels_context,
    labels_pdf,
    signed_verification_url,
)
from tests.certification.test_printing import (
    HIDDEN,
    VISIBLE,
    _user,
    compact,
    pdf_pages,
    pdf_text,
)
from tests.factories import ProducerFactory, user_with_role

# Statuses are read as of today: the clock stands a week after the certificates were signed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("week_after_signing")]

NUMBER = "12/2026/GCN-OCOP-48"


def labels_url(certificate) -> str:
    return reverse("certification:certificate-labels-pdf", args=[certificate.pk])


def test_the_sheet_is_one_a4_portrait_page_of_24_labels(certificate):
    pdf = labels_pdf(certificate)

    if os.environ.get("OCOP_SCREENSHOTS"):
        Path(os.environ["OCOP_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        Path(os.environ["OCOP_SCREENSHOTS"], "labels.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    width, height = pages[0].mediabox.width, pages[0].mediabox.height
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = pdf_text(pdf)
    count = LABEL_COLUMNS * LABEL_ROWS
    assert count == 24
    # The mark, the stars in glyphs and in words (upper-cased by the style).
    assert compact(text).count("OCOP★★★★SẢNPHẨM4SAO") == count
    assert "★★★★★" not in compact(text)
    assert text.count("Nước mắm cá cơm Hải Vân thượng hạng") == count
    assert text.count("Hợp tác xã Nước mắm Hải Vân") == count
    assert compact(text).count(f"SốGCN:{NUMBER}") == count
    assert text.count(f"Có giá trị đến hết ngày {certificate.valid_until:%d/%m/%Y}") == count
    assert text.count("Quét mã để kiểm tra") == count
    assert "78,5" not in text  # no score on a label


def test_every_label_carries_the_signed_qr_code(certificate):
    context = labels_context(certificate)

    url = signed_verification_url(certificate)
    assert context["qr_png"] == segno.make(url, error="m").png_data_uri(scale=8, border=2)
    query = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))
    claim = signing.claim_from_params(NUMBER, query)
    assert signing.verify(claim)
    assert segno.make(url, error="m").version <= 10  # scannable at 25 mm


def test_the_sheet_in_english_keeps_the_printed_names(certificate):
    from django.utils import translation

    with translation.override("en"):
        text = pdf_text(labels_pdf(certificate))

    assert "Nước mắm cá cơm Hải Vân thượng hạng" in text
    assert NUMBER in compact(text)


# --- who may print it --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [(r, 200) for r in VISIBLE] + [(r, 404) for r in HIDDEN]
)
def test_the_sheet_is_for_those_who_may_print_the_certificate(
    client, units, certificate, role, status
):
    client.force_login(_user(role, units, certificate, ProducerFactory(commune=units.hai_van)))

    response = client.get(labels_url(certificate))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'inline; filename="tem-nhan-ocop-12-2026-GCN-OCOP-48.pdf"'
        )
        assert response.content.startswith(b"%PDF")


def test_anonymous_visitors_are_sent_to_sign_in(client, certificate):
    response = client.get(labels_url(certificate))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_certificate_is_404(client, db):
    client.force_login(user_with_role(Role.ADMIN))

    assert (
        client.get(reverse("certification:certificate-labels-pdf", args=[999999])).status_code
        == 404
    )


def test_no_labels_for_a_revoked_certificate(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_on=timezone.localdate(), revocation_ground="dd"
    )
    client.force_login(user_with_role(Role.ADMIN))

    response = client.get(labels_url(certificate), follow=True)

    assert response.redirect_chain == [
        (reverse("certification:certificate", args=[certificate.pk]), 302)
    ]
    content = response.content.decode()
    assert "Chỉ in tem nhãn cho giấy chứng nhận còn hiệu lực" in content
    assert labels_url(certificate) not in content


def test_the_certificate_page_links_to_the_sheet(client, certificate):
    client.force_login(user_with_role(Role.ADMIN))

    content = client.get(reverse("certification:certificate", args=[certificate.pk])).content
    assert re.search(rf'href="{re.escape(labels_url(certificate))}"', content.decode())
