"""The certificate list by computed status and by unit (either era), its quick links, its
spreadsheet of exactly the filtered rows, and the same unit filters in the API."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.certification.models import Certificate
from ocop.criteria.models import Rulebook
from ocop.evaluation.deadlines import valid_until
from ocop.evaluation.models import Dossier
from ocop.geo.models import Era
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .conftest import make_certificate, make_decision, make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 29)
URL = "/certificates/"
API = "/api/v1/certificates"


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 29, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    return TODAY


_numbers = iter(range(300, 10_000))


def certificate_ending(commune, end, *, name, **facts):
    issued = D(end.year - 3, end.month, end.day) + days(1)
    assert valid_until(issued, 36) == end
    product = ProductFactory(producer=ProducerFactory(commune=commune), name=name)
    dossier = make_dossier(product, rulebook=Rulebook.objects.get(slug="qd-148-2023"))
    n = next(_numbers)
    decision = make_decision([dossier], number=f"{n}/QĐ-UBND", date=issued)
    return make_certificate(dossier, decision, number=f"{n}/{issued.year}/GCN-OCOP-48", **facts)


def file_rerank(certificate, on):
    Dossier.objects.create(
        product=certificate.product,
        producer=certificate.producer,
        commune=certificate.product.commune,
        province=certificate.province,
        kind="rerank",
        state="submitted",
        rulebook=Rulebook.objects.get(slug="qd-26-2026"),
        previous_certificate=certificate,
        submitted_on=on,
    )


class World:
    def __init__(self, units):
        self.valid = certificate_ending(units.hai_van, TODAY + days(400), name="Nước mắm")
        self.extended = certificate_ending(
            units.other_danang_commune, TODAY - days(10), name="Trà Cẩm Lệ"
        )
        file_rerank(self.extended, TODAY - days(140))
        self.expired = certificate_ending(units.hai_van, TODAY - days(5), name="Mật ong")
        self.revoked = certificate_ending(
            units.hai_van,
            TODAY + days(300),
            name="Bánh tráng",
            revoked_on=TODAY - days(20),
            revocation_ground="b",
        )
        self.replaced = certificate_ending(
            units.hai_van, TODAY + days(200), name="Rượu", superseded_on=TODAY - days(40)
        )
        self.legacy = certificate_ending(units.legacy_commune, TODAY + days(500), name="Quế")
        self.hanoi = certificate_ending(units.hanoi_commune, TODAY + days(90), name="Trà sen")
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
        self.commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        self.ministry = user_with_role(Role.MINISTRY_OFFICER)


@pytest.fixture
def w(units):
    return World(units)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed(user, query="") -> set[str]:
    response = client_of(user).get(URL + query)
    assert response.status_code == 200
    return {c.product_name for c in response.context["page"].object_list}


@pytest.mark.parametrize(
    "status, expected",
    [
        ("valid", {"Nước mắm", "Quế"}),
        ("extended", {"Trà Cẩm Lệ"}),
        ("expired", {"Mật ong"}),
        ("revoked", {"Bánh tráng"}),
        ("superseded", {"Rượu"}),
    ],
)
def test_the_list_filters_by_the_status_of_today(w, status, expected):
    assert listed(w.agency, f"?status={status}") == expected


def test_the_list_filters_by_unit(w, units):
    current = w.legacy.producer.commune.current_communes().first()

    assert listed(w.agency, "?province=48&commune=20194") == {
        "Nước mắm",
        "Mật ong",
        "Bánh tráng",
        "Rượu",
    }
    assert listed(w.agency, f"?province=48&commune={current.code}") == {"Quế"}
    assert listed(w.ministry, "?province=1") == {"Trà sen"}
    assert "Trà sen" not in listed(w.ministry, "?province=48")


def test_the_unit_choices_are_the_users_scope(w):
    form = client_of(w.agency).get(URL).context["form"]
    communes = dict(form.fields["commune"].choices)

    assert [code for code, _name in form.fields["province"].choices] == ["", 48]
    assert communes[20194] == "Phường Hải Vân"
    assert len(client_of(w.ministry).get(URL).context["form"].fields["province"].choices) > 30


def test_the_list_has_quick_links_to_the_statuses_and_the_reranking_list(w):
    page = client_of(w.agency).get(URL + "?status=extended").content.decode()

    assert 'href="/certificates/reranking/"' in page
    for status in ("extended", "expired", "revoked"):
        assert f'href="/certificates/?status={status}"' in page
    assert 'aria-current="page" href="/certificates/?status=extended"' in page


def test_the_spreadsheet_holds_exactly_the_filtered_rows(w):
    response = client_of(w.agency).get(URL + "?status=valid&province=48&format=xlsx")

    assert response.status_code == 200
    assert 'filename="giay-chung-nhan-ocop-2026-11-29.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    data = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {row["Số giấy chứng nhận"] for row in data} == {w.valid.number, w.legacy.number}
    row = next(r for r in data if r["Số giấy chứng nhận"] == w.valid.number)
    assert row["Tình trạng"] == "Còn hiệu lực"
    assert row["Sản phẩm"] == "Nước mắm"
    assert row["Xã/phường"] == "Phường Hải Vân"
    assert row["Có hiệu lực đến"].date() == TODAY + days(400)


def test_the_spreadsheet_is_not_paginated_and_stays_in_scope(w, units):
    for n in range(26):
        certificate_ending(units.hai_van, TODAY + days(600 + n), name=f"Thêm {n}")

    response = client_of(w.commune).get(URL + "?format=xlsx&page=2")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    assert len(rows) - 1 == 26 + 4
    assert "Trà sen" not in {row[6] for row in rows}


def test_a_revoked_certificate_shows_its_status(w):
    page = client_of(w.agency).get(f"/certificates/{w.revoked.pk}/").content.decode()

    assert 'data-status="revoked"' in page
    assert "data-start-rerank" not in page


# --- the API ----------------------------------------------------------------------------------


def api_ids(user, **params) -> set[int]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(API, params)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_the_api_filters_certificates_by_unit(w, units):
    legacy_code = units.legacy_commune.code
    current = w.legacy.producer.commune.current_communes().first()

    assert api_ids(w.agency, province=48, commune=20194) == {
        w.valid.pk,
        w.expired.pk,
        w.revoked.pk,
        w.replaced.pk,
    }
    assert api_ids(w.agency, commune=legacy_code, era=Era.LEGACY) == {w.legacy.pk}
    assert api_ids(w.agency, commune=current.code) == {w.legacy.pk}
    assert api_ids(w.ministry, province=1) == {w.hanoi.pk}
    assert api_ids(w.agency, province=48, status="extended") == {w.extended.pk}


def test_the_api_refuses_bad_unit_filters(w):
    client = APIClient()
    client.force_authenticate(w.agency)

    for params in ({"province": "abc"}, {"commune": "-"}, {"era": "1999"}):
        response = client.get(API, params)
        assert response.status_code == 400
        assert set(response.json()["errors"]) <= {"province", "commune", "era"}


def test_the_api_downloads_the_unit_filtered_list(w):
    client = APIClient()
    client.force_authenticate(w.agency)

    response = client.get(API, {"commune": 20194, "status": "valid", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    assert [row[1] for row in rows[1:]] == [w.valid.number]
    assert Certificate.objects.count() == 7
