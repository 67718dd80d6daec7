"""The re-ranking list (certificates whose filing window is open or opens soon), its scope per
role, its filters and download, and starting a re-ranking dossier from a certificate."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from ocop.accounts.models import Role
from ocop.certification import reranking
from ocop.certification.models import Certificate
from ocop.criteria.models import Rulebook
from ocop.evaluation.deadlines import valid_until
from ocop.evaluation.models import Dossier, DossierState
from tests.factories import ProducerFactory, ProductFactory, UserFactory, user_with_role

from .conftest import make_certificate, make_decision, make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 29)
URL = "/certificates/reranking/"
REGISTRATION = {
    "representative_title": "Giám đốc",
    "contact_address": "Thôn 1, phường Hải Vân",
    "phone": "0905123456",
    "email": "htx@example.vn",
}


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 29, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    return TODAY


_numbers = iter(range(100, 10_000))


def certificate_ending(commune, end: datetime.date, *, name="Nước mắm", rulebook="qd-148-2023"):
    """A certificate whose last valid day is `end` (issued the day after `end` − 36 months)."""
    issued = D(end.year - 3, end.month, end.day) + days(1)
    assert valid_until(issued, 36) == end
    producer = ProducerFactory(commune=commune)
    product = ProductFactory(producer=producer, name=name)
    dossier = make_dossier(product, rulebook=Rulebook.objects.get(slug=rulebook))
    Dossier.objects.filter(pk=dossier.pk).update(registration=REGISTRATION)
    n = next(_numbers)
    decision = make_decision([dossier], number=f"{n}/QĐ-UBND", date=issued)
    return make_certificate(dossier, decision, number=f"{n}/{issued.year}/GCN-OCOP-48")


class World:
    """Certificates at every point of the re-ranking calendar, on 29/11/2026."""

    def __init__(self, units):
        hai_van = units.hai_van
        # Window open since 30/10, closing 29/12 (30 days left).
        self.open = certificate_ending(hai_van, TODAY + days(150), name="Nước mắm mở")
        # Window opening in 10 days; in 45 days (beyond the 30 days shown by default).
        self.soon = certificate_ending(hai_van, TODAY + days(190), name="Nước mắm sắp mở")
        self.later = certificate_ending(hai_van, TODAY + days(225), name="Nước mắm mở sau")
        # Window closed, still valid (a late filing is possible); expired 30 days ago.
        self.closed = certificate_ending(hai_van, TODAY + days(60), name="Nước mắm quá hạn")
        self.lapsed = certificate_ending(hai_van, TODAY - days(30), name="Nước mắm hết hạn")
        # Past the grace.
        self.gone = certificate_ending(hai_van, TODAY - days(200), name="Nước mắm đã hết")
        # Window open, but revoked.
        self.revoked = certificate_ending(hai_van, TODAY + days(140), name="Nước mắm thu hồi")
        Certificate.objects.filter(pk=self.revoked.pk).update(revoked_on=TODAY - days(3))
        # Window open in another commune of Đà Nẵng, and in Hà Nội.
        self.cam_le = certificate_ending(
            units.other_danang_commune, TODAY + days(160), name="Trà Cẩm Lệ"
        )
        self.hanoi = certificate_ending(units.hanoi_commune, TODAY + days(170), name="Trà sen")
        self.owner = user_with_role(Role.PRODUCER, producer=self.open.producer)
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
        self.commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        self.inspector = user_with_role(Role.INSPECTOR, unit=units.danang, department="health")
        self.council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
        self.ministry = user_with_role(Role.MINISTRY_OFFICER)
        self.hanoi_agency = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
        self.nobody = UserFactory()


@pytest.fixture
def w(units):
    return World(units)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def listed(user, query="") -> list[str]:
    response = client_of(user).get(URL + query)
    assert response.status_code == 200
    return [row.certificate.product_name for row in response.context["page"].object_list]


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_open_windows_and_those_opening_within_30_days(w):
    assert listed(w.agency) == ["Nước mắm mở", "Trà Cẩm Lệ", "Nước mắm sắp mở"]


def test_the_list_looks_further_ahead_on_request(w):
    assert "Nước mắm mở sau" in listed(w.agency, "?days=45")
    assert listed(w.agency, "?days=0") == ["Nước mắm mở", "Trà Cẩm Lệ"]


def test_the_late_filers_are_listed_on_request(w):
    names = listed(w.agency, "?late=on")

    assert "Nước mắm hết hạn" in names and "Nước mắm quá hạn" in names
    assert "Nước mắm đã hết" not in names and "Nước mắm thu hồi" not in names


def test_each_row_shows_the_window_the_days_left_and_the_dossier(w, units):
    dossier = reranking.start_rerank(w.open, actor=w.owner)
    response = client_of(w.agency).get(URL)
    rows = {row.certificate.pk: row for row in response.context["page"].object_list}

    row = rows[w.open.pk]
    assert (row.calendar.window_start, row.calendar.window_end) == (
        D(2026, 10, 30),
        D(2026, 12, 29),
    )
    assert (row.phase, row.days_left) == (reranking.OPEN, 30)
    assert row.certificate.rerank_dossier_id == dossier.pk
    assert row.dossier_state_label == "Đang soạn"
    soon = rows[w.soon.pk]
    assert (soon.phase, soon.days_left) == (reranking.UPCOMING, 10)
    assert soon.certificate.rerank_dossier_id is None
    page = response.content.decode()
    assert "30/10/2026 – 29/12/2026" in page
    assert f"/dossiers/{dossier.pk}/" in page
    assert "Chưa có hồ sơ" in page


def test_the_list_filters_by_dossier_and_unit(w):
    reranking.start_rerank(w.open, actor=w.owner)

    assert listed(w.agency, "?dossier=started") == ["Nước mắm mở"]
    assert listed(w.agency, "?dossier=none") == ["Trà Cẩm Lệ", "Nước mắm sắp mở"]
    assert listed(w.agency, "?province=48&commune=20260") == ["Trà Cẩm Lệ"]
    assert listed(w.ministry, "?province=1") == ["Trà sen"]
    assert listed(w.agency, "?q=sap mo") == ["Nước mắm sắp mở"]


def test_a_legacy_commune_is_found_by_the_commune_it_became(units):
    legacy = certificate_ending(units.legacy_commune, TODAY + days(150), name="Rượu Điện Bàn")
    current = legacy.producer.commune.current_communes().first()
    agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)

    assert listed(agency, f"?commune={current.code}&province=48") == ["Rượu Điện Bàn"]


def test_bad_filters_are_ignored_with_a_message(w):
    response = client_of(w.agency).get(URL + "?days=-3&province=x")

    assert response.status_code == 200
    assert "Số ngày không được âm." in response.content.decode()


@pytest.mark.parametrize(
    "role, expected",
    [
        ("agency", {"Nước mắm mở", "Trà Cẩm Lệ", "Nước mắm sắp mở"}),
        ("inspector", {"Nước mắm mở", "Trà Cẩm Lệ", "Nước mắm sắp mở"}),
        ("council", {"Nước mắm mở", "Trà Cẩm Lệ", "Nước mắm sắp mở"}),
        ("commune", {"Nước mắm mở", "Nước mắm sắp mở"}),
        ("owner", {"Nước mắm mở"}),
        ("ministry", {"Nước mắm mở", "Trà Cẩm Lệ", "Nước mắm sắp mở", "Trà sen"}),
        ("hanoi_agency", {"Trà sen"}),
        ("nobody", set()),
    ],
)
def test_the_list_is_scoped_to_the_user(w, role, expected):
    assert set(listed(getattr(w, role))) == expected


def test_the_list_needs_a_login(w):
    response = Client().get(URL)

    assert response.status_code == 302 and "/login" in response.url


def test_the_list_downloads_as_a_spreadsheet_of_the_filtered_rows(w):
    reranking.start_rerank(w.open, actor=w.owner)

    response = client_of(w.agency).get(URL + "?province=48&commune=20194&format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="phan-hang-lai-2026-11-29.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    data = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [row["Sản phẩm"] for row in data] == ["Nước mắm mở", "Nước mắm sắp mở"]
    first = data[0]
    assert first["Số giấy chứng nhận"] == w.open.number
    assert first["Mở nhận hồ sơ từ"].date() == D(2026, 10, 30)
    assert first["Hạn cuối nộp hồ sơ"].date() == D(2026, 12, 29)
    assert first["Số ngày còn lại"] == 30
    assert first["Giai đoạn"] == "Đang mở"
    assert first["Trạng thái hồ sơ"] == "Đang soạn"
    assert first["Xã/phường"] == "Phường Hải Vân"
    assert data[1]["Hồ sơ phân hạng lại"] is None


def test_the_list_queries_do_not_grow_with_the_rows(w, units, django_assert_max_num_queries):
    client = client_of(w.agency)
    client.get(URL)  # warm the caches (session, rules)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(URL + "?days=0")
    for n in range(4):
        certificate_ending(units.hai_van, TODAY + days(130 + n), name=f"Thêm {n}")
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL + "?days=0")
    assert len(response.context["page"].object_list) == 6


# --- starting a re-ranking dossier --------------------------------------------------------------


def detail(user, certificate):
    return client_of(user).get(f"/certificates/{certificate.pk}/")


def start(user, certificate):
    return client_of(user).post(f"/certificates/{certificate.pk}/rerank/")


def test_the_producer_starts_a_rerank_dossier_from_the_certificate(w):
    page = detail(w.owner, w.open).content.decode()
    assert "data-start-rerank" in page
    assert "30/10/2026 – 29/12/2026" in page

    response = start(w.owner, w.open)

    dossier = Dossier.objects.get(product=w.open.product, kind="rerank")
    assert response.status_code == 302
    assert response.url == f"/dossiers/{dossier.pk}/edit/"
    assert dossier.previous_certificate == w.open
    assert dossier.state == DossierState.DRAFT
    assert dossier.registration["phone"] == "0905123456"
    assert dossier.rulebook.slug == "qd-26-2026"
    assert dossier.created_by == w.owner


@pytest.mark.parametrize("role", ["agency", "commune"])
def test_an_officer_covering_the_product_starts_it_on_the_producers_behalf(w, role):
    response = start(getattr(w, role), w.open)

    assert response.status_code == 302
    assert Dossier.objects.filter(previous_certificate=w.open, kind="rerank").exists()


def test_a_late_filer_may_start_one_within_the_grace(w):
    for certificate in (w.closed, w.lapsed):
        owner = user_with_role(Role.PRODUCER, producer=certificate.producer)
        page = detail(owner, certificate).content.decode()
        assert "nộp muộn" in page

        assert start(owner, certificate).status_code == 302
        assert Dossier.objects.get(previous_certificate=certificate).kind == "rerank"


@pytest.mark.parametrize(
    "name, message",
    [
        ("soon", "Chưa đến thời hạn nộp hồ sơ phân hạng lại"),
        ("gone", "Đã quá thời hạn phân hạng lại"),
        ("revoked", "đã bị thu hồi"),
    ],
)
def test_starting_is_refused_outside_the_window_and_the_grace(w, name, message):
    certificate = getattr(w, name)
    owner = user_with_role(Role.PRODUCER, producer=certificate.producer)
    page = detail(owner, certificate).content.decode()
    assert "data-start-rerank" not in page

    response = start(owner, certificate)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert (
        not Dossier.objects.filter(product=certificate.product)
        .exclude(pk=certificate.dossier_id)
        .exists()
    )


def test_a_second_dossier_is_refused(w):
    first = reranking.start_rerank(w.open, actor=w.owner)

    response = start(w.owner, w.open)

    assert response.status_code == 400
    assert f"hồ sơ phân hạng lại số {first.pk}" in response.content.decode()
    assert Dossier.objects.filter(previous_certificate=w.open).count() == 1


@pytest.mark.parametrize("role", ["inspector", "council"])
def test_who_only_sees_the_certificate_cannot_start_one(w, role):
    user = getattr(w, role)
    assert "data-start-rerank" not in detail(user, w.open).content.decode()

    assert start(user, w.open).status_code == 403
    assert not Dossier.objects.filter(previous_certificate=w.open).exists()


@pytest.mark.parametrize("role", ["hanoi_agency", "nobody"])
def test_a_certificate_outside_the_scope_is_404(w, role):
    user = getattr(w, role)

    assert detail(user, w.open).status_code == 404
    assert start(user, w.open).status_code == 404
    assert not Dossier.objects.filter(previous_certificate=w.open).exists()


def test_the_commune_officer_of_another_commune_gets_404(w):
    assert detail(w.commune, w.cam_le).status_code == 404
    assert start(w.commune, w.cam_le).status_code == 404


def test_starting_needs_a_post(w):
    response = client_of(w.owner).get(f"/certificates/{w.open.pk}/rerank/")

    assert response.status_code == 405


def test_the_domain_refuses_an_actor_who_may_not_file(w):
    from ocop.core.errors import DomainError

    with pytest.raises(DomainError, match="không thể lập hồ sơ phân hạng lại"):
        reranking.start_rerank(w.open, actor=w.inspector)
