"""Public verification of a certificate: the payload, the API and the page the QR code opens."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.certification.verify import public_certificate
from tests.certification.conftest import certified_product

# Statuses are read as of today: the clock stands a week after the certificates were signed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("week_after_signing")]

NUMBER = "12/2026/GCN-OCOP-48"
API = "/api/v1/verify/"


def expected_payload(certificate) -> dict:
    return {
        "certificate_no": NUMBER,
        "status": "valid",
        "stars": 4,
        "product": {
            "code": certificate.product.code,
            "name": "Nước mắm cá cơm Hải Vân thượng hạng",
            "product_set": certificate.product.product_set.name,
        },
        "producer": {
            "name": "Hợp tác xã Nước mắm Hải Vân",
            "province": "Thành phố Đà Nẵng",
            "commune": "Phường Hải Vân",
        },
        "decision_no": "12/QĐ-UBND",
        "issued_on": "2026-11-29",
        "valid_until": certificate.valid_until.isoformat(),
        "revoked_on": None,
        "revocation_ground": None,
        "rulebook": "qd-26-2026",
    }


def today_minus(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def make_past(certificate, **fields):
    """Move a certificate back in time so that its last valid day is yesterday."""
    today = timezone.localdate()
    certificate.issued_on = today - datetime.timedelta(days=1100)
    certificate.valid_until = today - datetime.timedelta(days=1)
    for name, value in fields.items():
        setattr(certificate, name, value)
    certificate.save()
    return certificate


# --- the payload -------------------------------------------------------------------------


def test_public_certificate_has_the_fields_of_the_contract(certificate):
    assert public_certificate(NUMBER) == expected_payload(certificate)


def test_public_certificate_of_an_unknown_number_raises(certificate):
    for number in ["12/2026/GCN-OCOP-49", "", "x" * 500, "12/2026\x00", "keys"]:
        with pytest.raises(Certificate.DoesNotExist):
            public_certificate(number)


def test_a_valid_certificate_past_its_last_day_shows_expired(certificate):
    make_past(certificate)

    assert public_certificate(NUMBER)["status"] == "expired"


def test_a_certificate_valid_until_today_is_still_valid(certificate):
    certificate.issued_on = timezone.localdate() - datetime.timedelta(days=1000)
    certificate.valid_until = timezone.localdate()
    certificate.save()

    assert public_certificate(NUMBER)["status"] == "valid"


def test_a_revoked_certificate_shows_the_date_and_ground(certificate):
    make_past(
        certificate,
        revoked_on=today_minus(1),
        revocation_ground="dd",
    )

    data = public_certificate(NUMBER)

    assert data["status"] == "revoked"  # not "expired": the revocation says more
    assert data["revoked_on"] == today_minus(1).isoformat()
    assert data["revocation_ground"] == "dd"


def test_product_set_is_in_the_reader_language(certificate):
    from django.utils import translation

    product_set = certificate.product.product_set
    with translation.override("en"):
        label = public_certificate(NUMBER)["product"]["product_set"]

    assert label == (product_set.name_en or product_set.name)


# --- the API -----------------------------------------------------------------------------


def test_api_verify_answers_the_contract_without_login(client, certificate):
    response = client.get(API + NUMBER)

    assert response.status_code == 200
    assert response.json() == expected_payload(certificate)


def test_api_verify_ignores_a_stale_token(client, certificate):
    response = client.get(API + NUMBER, HTTP_AUTHORIZATION="Token not-a-real-token")

    assert response.status_code == 200


def test_api_verify_unknown_number_is_a_json_404(client, certificate):
    response = client.get(API + "99/2026/GCN-OCOP-48")

    assert response.status_code == 404
    assert response.json() == {"detail": "Số giấy chứng nhận không có trong sổ đăng ký."}


def test_api_verify_keys_is_not_a_certificate(client, units):
    certified_product(
        name="Sản phẩm có số lạ",
        producer_name="Hộ kinh doanh A",
        commune=units.hai_van,
        number="keys",
    )

    response = client.get(API + "keys")

    # The reserved address publishes the signing keys, never the certificate numbered "keys".
    assert response.status_code == 200
    assert set(response.json()) == {"keys"}
    assert "Sản phẩm có số lạ" not in response.content.decode()
    assert client.get(reverse("verify:certificate", args=["keys"])).status_code == 404


@pytest.mark.parametrize("path", ["%00", "12%2F2026", "x" * 300, "%E2%80%8F", "a/../b", "'; --"])
def test_api_verify_odd_numbers_are_404_never_500(client, certificate, path):
    response = client.get(API + path)

    assert response.status_code == 404
    assert "detail" in response.json()


def test_api_verify_is_read_only(client, certificate):
    response = client.post(API + NUMBER)

    assert response.status_code == 405


def test_api_schema_describes_the_verify_response(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")

    schema = response.json()
    operation = schema["paths"]["/api/v1/verify/{number}"]["get"]
    assert set(operation["responses"]) == {"200", "404"}
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {
        "certificate_no",
        "status",
        "stars",
        "product",
        "producer",
        "decision_no",
        "issued_on",
        "valid_until",
        "revoked_on",
        "revocation_ground",
        "rulebook",
    }
    assert operation.get("security") in (None, [], [{}])


# --- the page ----------------------------------------------------------------------------


def page_url(number: str) -> str:
    return reverse("verify:certificate", args=[number])


def test_verify_page_url_keeps_the_slashes():
    assert page_url(NUMBER) == f"/verify/{NUMBER}"


def test_verify_page_shows_a_valid_certificate(client, certificate):
    response = client.get(page_url(NUMBER))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Còn hiệu lực" in content
    assert 'data-status="valid"' in content
    assert "Nước mắm cá cơm Hải Vân thượng hạng" in content
    assert "Hợp tác xã Nước mắm Hải Vân" in content
    assert certificate.product.code in content
    assert NUMBER in content
    assert "12/QĐ-UBND" in content
    assert certificate.valid_until.strftime("%d/%m/%Y") in content
    assert "★★★★" in content
    assert "QĐ 26/2026/QĐ-TTg" in content


def test_verify_page_shows_a_revoked_certificate_and_its_ground(client, certificate):
    certificate.revoked_on = timezone.localdate()
    certificate.revocation_ground = "dd"
    certificate.save()

    content = client.get(page_url(NUMBER)).content.decode()

    assert "Đã thu hồi" in content
    assert 'data-status="revoked"' in content
    assert timezone.localdate().strftime("%d/%m/%Y") in content
    assert "không còn hoạt động sản xuất sản phẩm OCOP" in content
    assert "Còn hiệu lực" not in content


def test_verify_page_shows_an_expired_certificate(client, certificate):
    make_past(certificate)

    content = client.get(page_url(NUMBER)).content.decode()

    assert "Hết hiệu lực" in content
    assert 'data-status="expired"' in content


def test_verify_page_of_an_unknown_number_is_a_404_with_a_search_form(client, certificate):
    response = client.get(page_url("99/2026/GCN-OCOP-48"))

    assert response.status_code == 404
    content = response.content.decode()
    assert "không có trong sổ đăng ký" in content
    assert "99/2026/GCN-OCOP-48" in content
    assert 'name="no"' in content
    assert f'action="{reverse("verify:search")}"' in content


def test_verify_search_redirects_to_the_certificate_page(client, certificate):
    response = client.get(reverse("verify:search"), {"no": f"  {NUMBER} "})

    assert response.status_code == 302
    assert response["Location"] == f"/verify/{NUMBER}"


def test_verify_search_without_a_number_shows_the_form(client):
    response = client.get(reverse("verify:search"))

    assert response.status_code == 200
    assert 'name="no"' in response.content.decode()


def test_verify_search_with_an_unusable_number_is_a_404_page(client):
    response = client.get(reverse("verify:search"), {"no": "12\n2026"})

    assert response.status_code == 404
