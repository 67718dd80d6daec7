"""The public page `/verify/<number>`: a scanned QR code's signature checked (genuine, not
genuine, no longer matching the register), every status explained, nothing non-public shown."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse
from django.utils import timezone

from ocop.certification import signing
from ocop.certification.models import Certificate
from ocop.certification.printing import signed_verification_url
from ocop.criteria.models import Rulebook
from ocop.evaluation.models import Dossier, DossierState
from tests.certification.conftest import certified_product

# Statuses are read as of today: the clock stands a week after the certificates were signed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("week_after_signing")]

NUMBER = "12/2026/GCN-OCOP-48"
DAY = datetime.timedelta(days=1)


def page(client, url: str, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def scanned(certificate) -> str:
    """The path and query of the URL in the certificate's QR code."""
    parts = urlsplit(signed_verification_url(certificate))
    return f"{parts.path}?{parts.query}"


def with_params(certificate, **changes) -> str:
    params = {**signing.sign_certificate(certificate).params(), **changes}
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{reverse('verify:certificate', args=[certificate.number])}?{query}"


def signature_state(content: str) -> str | None:
    match = re.search(r'data-signature="(\w+)"', content)
    return match.group(1) if match else None


def status_of(content: str) -> str:
    return re.search(r'data-status="(\w+)"', content).group(1)


# --- the signature of a scanned code -----------------------------------------------------


def test_a_genuine_code_says_so(client, certificate):
    content = page(client, scanned(certificate))

    assert signature_state(content) == "genuine"
    assert "Mã QR chính thức" in content
    assert status_of(content) == "valid"


def test_a_typed_number_shows_no_signature_verdict(client, certificate):
    content = page(client, reverse("verify:certificate", args=[NUMBER]))

    assert signature_state(content) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"s": "5"},
        {"v": "20991231"},
        {"sig": "A" * 86},
        {"sig": "garbage"},
        {"k": "ZZZZZZZZ"},
        {"k": ""},
        {"s": "x"},
        {"v": "2029-11-28"},
    ],
    ids=lambda changes: "-".join(f"{k}={v[:6]}" for k, v in changes.items()),
)
def test_a_tampered_code_is_invalid(client, certificate, changes):
    content = page(client, with_params(certificate, **changes))

    assert signature_state(content) == "invalid"
    assert "Mã QR không hợp lệ" in content
    assert "Mã QR chính thức" not in content


def test_a_code_copied_to_another_number_is_invalid(client, certificate, units):
    other = certified_product(
        name="Trà thảo mộc Bà Nà",
        producer_name="Hộ kinh doanh B",
        commune=units.hai_van,
        number="13/2026/GCN-OCOP-48",
    )
    query = urlsplit(signed_verification_url(certificate)).query

    content = page(client, f"{reverse('verify:certificate', args=[other.number])}?{query}")

    assert signature_state(content) == "invalid"


def test_a_code_signed_by_a_foreign_key_is_invalid(client, certificate):
    foreign = Ed25519PrivateKey.generate()
    message = signing.message(certificate.number, certificate.stars, certificate.valid_until)
    forged = signing.b64url(foreign.sign(message))

    foreign_kid = signing.key_id(signing.raw_public_key(foreign.public_key()))
    for kid in (signing.keyring().current.kid, foreign_kid):
        content = page(client, with_params(certificate, k=kid, sig=forged))
        assert signature_state(content) == "invalid"


def test_a_code_of_a_retired_key_is_still_genuine(client, certificate, settings):
    old = Ed25519PrivateKey.generate()
    settings.OCOP_SIGNING_KEY = signing._pem(old).decode()
    claim_url = scanned(certificate)
    # The key is rotated: the file's key signs from now on, the old public key is retired.
    settings.OCOP_SIGNING_KEY = ""
    settings.OCOP_RETIRED_PUBLIC_KEYS = [signing.b64url(signing.raw_public_key(old.public_key()))]

    assert signature_state(page(client, claim_url)) == "genuine"


def test_a_genuine_code_that_no_longer_matches_the_register(client, certificate):
    url = scanned(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=certificate.valid_until - datetime.timedelta(days=30)
    )

    content = page(client, url)

    assert signature_state(content) == "mismatch"
    assert "không khớp sổ đăng ký" in content
    assert certificate.valid_until.strftime("%d/%m/%Y") in content  # as printed


def test_a_genuine_code_of_a_revoked_certificate_says_revoked(client, certificate):
    url = scanned(certificate)
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_on=timezone.localdate(), revocation_ground="a"
    )

    content = page(client, url)

    # The code is authentic, but the certificate is no longer in force: both are said.
    assert signature_state(content) == "genuine"
    assert status_of(content) == "revoked"
    assert "KHÔNG còn giá trị" in content


def test_the_page_is_never_cached(client, certificate):
    response = client.get(scanned(certificate))

    assert "no-cache" in response["Cache-Control"]


# --- every status, explained -------------------------------------------------------------


def test_a_valid_certificate(client, certificate):
    content = page(client, scanned(certificate))

    assert status_of(content) == "valid"
    assert "verify-success" in content
    assert f"có giá trị đến hết ngày {certificate.valid_until:%d/%m/%Y}" in content


def test_an_expired_certificate_is_unmistakable(client, certificate, time_machine):
    time_machine.move_to(certificate.valid_until + 10 * DAY, tick=False)

    content = page(client, scanned(certificate))

    assert status_of(content) == "expired"
    assert "verify-danger" in content and 'role="alert"' in content
    assert "bi-calendar-x-fill" in content
    assert "Hết hiệu lực" in content
    assert f"KHÔNG còn giá trị từ ngày {certificate.valid_until + DAY:%d/%m/%Y}" in content
    assert "Còn hiệu lực" not in content


def test_a_revoked_certificate_is_unmistakable(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_on=timezone.localdate(), revocation_ground="dd"
    )

    content = page(client, reverse("verify:certificate", args=[NUMBER]))

    assert status_of(content) == "revoked"
    assert "verify-danger" in content and "bi-x-octagon-fill" in content
    assert "Đã thu hồi" in content
    assert f"đã bị thu hồi ngày {timezone.localdate():%d/%m/%Y}" in content


def test_an_extended_certificate_explains_the_wait_and_its_limit(client, certificate, time_machine):
    end = certificate.valid_until
    Dossier.objects.create(
        product=certificate.product,
        producer=certificate.producer,
        commune=certificate.product.commune,
        province=certificate.province,
        kind="rerank",
        state=DossierState.SUBMITTED,
        rulebook=Rulebook.objects.get(slug="qd-26-2026"),
        previous_certificate=certificate,
        submitted_on=end - 150 * DAY,
    )
    time_machine.move_to(end + 20 * DAY, tick=False)

    content = page(client, scanned(certificate))

    assert status_of(content) == "extended"
    grace = certificate.rerank_rule().grace_days
    assert grace == 180
    assert "tối đa 180 ngày" in content
    assert f"chậm nhất đến hết ngày {end + grace * DAY:%d/%m/%Y}" in content
    assert f"đã hết ngày {end:%d/%m/%Y}" in content


def test_a_superseded_certificate_points_to_nothing(client, certificate, units):
    successor = certified_product(
        name="Nước mắm Hải Vân đặc biệt",
        producer_name="Hợp tác xã Nước mắm Hải Vân",
        commune=units.hai_van,
        number="40/2027/GCN-OCOP-48",
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        superseded_by=successor, superseded_on=timezone.localdate()
    )

    content = page(client, reverse("verify:certificate", args=[NUMBER]))

    assert status_of(content) == "superseded"
    assert "đã được thay bằng một giấy chứng nhận mới" in content
    assert "40/2027" not in content
    assert "Nước mắm Hải Vân đặc biệt" not in content
    assert f"/certificates/{successor.pk}" not in content


# --- nothing non-public ------------------------------------------------------------------


def test_the_page_shows_nothing_non_public(client, certificate):
    producer = certificate.producer

    content = page(client, scanned(certificate))

    for secret in [
        "78,5",
        "78.5",
        producer.address + ",",
        producer.phone,
        producer.registration_no,
        producer.legal_representative,
        certificate.producer_address,
        f"/certificates/{certificate.pk}/",
        f"/dossiers/{certificate.dossier_id}/",
        f"/producers/{producer.pk}/",
    ]:
        assert secret not in content, secret


def test_the_page_follows_the_site_language(client, certificate):
    client.cookies["django_language"] = "en"
    content = page(client, scanned(certificate))

    assert '<html lang="en">' in content
    assert status_of(content) == "valid"
    assert 'value="en"' in content and 'aria-current="true">EN<' in content


def test_an_unknown_number_with_a_signature_is_a_plain_404(client, certificate):
    query = urlsplit(signed_verification_url(certificate)).query

    response = client.get(f"/verify/99/2026/GCN-OCOP-48?{query}")

    assert response.status_code == 404
    content = response.content.decode()
    assert "không có trong sổ đăng ký" in content
    assert signature_state(content) is None


def test_the_reserved_word_is_no_certificate_page(client, db):
    assert client.get("/verify/keys").status_code == 404
