"""Round, council and province-settings pages: who may see and do what, and the agency's
forms (extra round, council, members, settings)."""

import datetime

import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilMember, CouncilRole, ProvinceSettings, Round
from ocop.evaluation.settings_domain import check_number_format, save_province_settings
from tests.evaluation.builders import Province, answers_near, ready_dossier, walk_to_scoring
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "agency",
    "other_agency",
    "commune",
    "member",
    "chair",
    "outsider",
    "producer",
    "anonymous",
]

# (url name, object): statuses in the order of ROLES. "outsider" is a council member of the
# province without a seat; "other_agency" works for Hà Nội.
TABLE = {
    ("evaluation:rounds", None): "200 200 200 200 200 200 200 200 302",
    ("evaluation:round", "round"): "200 200 404 200 200 200 200 404 302",
    ("evaluation:round-create", None): "200 200 200 403 403 403 403 403 302",
    ("evaluation:councils", None): "200 200 200 200 200 200 200 200 302",
    ("evaluation:council", "council"): "200 200 404 404 200 200 404 404 302",
    ("evaluation:council-create", None): "200 200 200 403 403 403 403 403 302",
    ("evaluation:province-settings", None): "200 200 200 403 403 403 403 403 302",
    ("evaluation:scoring", "dossier"): "200 200 404 404 200 200 404 404 302",
}


CASES = [
    pytest.param(url_name, key, role, int(status))
    for (url_name, key), statuses in TABLE.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def dossier(p):
    return walk_to_scoring(p, ready_dossier(p.product, p.producer_user))


@pytest.fixture
def people(p, units):
    return {
        "admin": user_with_role(Role.ADMIN),
        "agency": p.agency,
        "other_agency": user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
        "commune": p.commune_officer,
        "member": p.members[0],
        "chair": p.chair,
        "outsider": user_with_role(Role.COUNCIL_MEMBER, unit=units.danang),
        "producer": p.producer_user,
    }


def _url(url_name, key, dossier):
    objects = {
        "round": dossier.round,
        "council": Council.objects.get(round=dossier.round),
        "dossier": dossier,
    }
    if key is None:
        return reverse(url_name)
    return reverse(url_name, args=[objects[key].pk])


@pytest.mark.parametrize(("url_name", "key", "role", "expected"), CASES)
def test_page_permission_table(client, dossier, people, url_name, key, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    response = client.get(_url(url_name, key, dossier))
    assert response.status_code == expected, (url_name, key, role)
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("member", 403), ("chair", 403), ("other_agency", 404), ("outsider", 404)],
)
def test_only_the_agency_changes_members(client, p, dossier, people, role, expected):
    council = Council.objects.get(round=dossier.round)
    seat = CouncilMember.objects.get(council=council, user=p.secretary)
    client.force_login(people[role])
    add = reverse("evaluation:council-member-add", args=[council.pk])
    remove = reverse("evaluation:council-member-remove", args=[council.pk, seat.pk])
    newcomer = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    assert client.post(add, {"username": newcomer.username, "role": "member"}).status_code == (
        expected
    )
    assert client.post(remove).status_code == expected
    assert CouncilMember.objects.filter(council=council).count() == 4


def test_lists_show_only_scope(client, p, dossier, people, units):
    hanoi_round = Round.objects.create(
        province=units.hanoi,
        rulebook=dossier.rulebook,
        year=2026,
        number=7,
        is_extra=True,
        proposals_before=datetime.date(2026, 6, 1),
        decide_before=datetime.date(2026, 7, 1),
    )
    client.force_login(people["agency"])
    content = client.get(reverse("evaluation:rounds")).content.decode()
    assert reverse("evaluation:round", args=[dossier.round.pk]) in content
    assert reverse("evaluation:round", args=[hanoi_round.pk]) not in content
    client.force_login(people["other_agency"])
    content = client.get(reverse("evaluation:councils")).content.decode()
    assert "Hội đồng OCOP" not in content


def test_round_page_shows_dates_dossiers_and_councils(client, p, dossier):
    client.force_login(p.agency)
    content = client.get(reverse("evaluation:round", args=[dossier.round.pk])).content.decode()
    assert dossier.round.proposals_before.strftime("%d/%m/%Y") in content
    assert dossier.round.decide_before.strftime("%d/%m/%Y") in content
    assert p.product.name in content
    assert "Hội đồng OCOP" in content
    assert reverse("evaluation:scoring", args=[dossier.pk]) in content


def test_agency_opens_an_extra_round(client, p):
    client.force_login(p.agency)
    url = reverse("evaluation:round-create")
    response = client.post(
        url, {"year": "2026", "proposals_before": "2026-09-01", "decide_before": "2026-08-01"}
    )
    assert response.status_code == 400
    assert "Hạn nhận đề nghị phải trước hạn hoàn thành đợt" in response.content.decode()
    assert not Round.objects.filter(is_extra=True).exists()
    response = client.post(
        url, {"year": "2026", "proposals_before": "2026-09-01", "decide_before": "2026-10-15"}
    )
    assert response.status_code == 302
    round_ = Round.objects.get(is_extra=True)
    assert round_.province == p.units.danang
    assert response["Location"] == reverse("evaluation:round", args=[round_.pk])
    assert client.post(url, {"year": "abc"}).status_code == 400


def test_admin_chooses_the_province_of_an_extra_round(client, units):
    client.force_login(user_with_role(Role.ADMIN))
    url = reverse("evaluation:round-create")
    data = {"year": "2026", "proposals_before": "2026-09-01", "decide_before": "2026-10-15"}
    assert client.post(url, data).status_code == 400
    response = client.post(url, {**data, "province": str(units.hanoi.pk)})
    assert response.status_code == 302
    assert Round.objects.get(is_extra=True).province == units.hanoi


def test_agency_creates_a_council_and_manages_members(client, p, dossier):
    client.force_login(p.agency)
    round_ = dossier.round
    response = client.get(reverse("evaluation:council-create") + f"?round={round_.pk}")
    assert response.status_code == 200
    response = client.post(
        reverse("evaluation:council-create"),
        {"round": round_.pk, "name": "Hội đồng phụ", "mode": "written", "established_by": ""},
    )
    assert response.status_code == 302
    council = Council.objects.get(name="Hội đồng phụ")
    assert council.mode == Council.Mode.WRITTEN
    assert council.province == p.units.danang
    add = reverse("evaluation:council-member-add", args=[council.pk])
    # An unknown account, then a valid one, then the same one again.
    response = client.post(add, {"username": "nobody-here", "role": "member"})
    assert response.status_code == 400
    assert "Không có tài khoản nào" in response.content.decode()
    newcomer = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    response = client.post(
        add,
        {
            "username": newcomer.username,
            "role": "chair",
            "department": "health",
            "organisation": "Sở Y tế",
        },
    )
    assert response.status_code == 302
    seat = CouncilMember.objects.get(council=council, user=newcomer)
    assert (seat.role, seat.department) == (CouncilRole.CHAIR, "health")
    response = client.post(add, {"username": newcomer.username, "role": "member"})
    assert response.status_code == 400
    assert "đã có trong hội đồng" in response.content.decode()
    page = client.get(reverse("evaluation:council", args=[council.pk])).content.decode()
    assert "Sở Y tế" in page
    assert newcomer.username in page
    assert "không cần họp" in page
    remove = reverse("evaluation:council-member-remove", args=[council.pk, seat.pk])
    assert client.post(remove, {"reason": "Đổi người"}).status_code == 302
    assert not CouncilMember.objects.filter(pk=seat.pk).exists()
    assert AuditEntry.objects.filter(object_type="councilmember", reason="Đổi người").exists()


def test_member_with_a_submitted_sheet_cannot_be_removed(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    domain.save_sheet(dossier, actor=p.members[0], answers=answers_near(sheet, 75), submit=True)
    council = Council.objects.get(round=dossier.round)
    seat = CouncilMember.objects.get(council=council, user=p.members[0])
    client.force_login(p.agency)
    response = client.post(reverse("evaluation:council-member-remove", args=[council.pk, seat.pk]))
    assert response.status_code == 400
    assert "đã nộp phiếu chấm" in response.content.decode()
    assert CouncilMember.objects.filter(pk=seat.pk).exists()


def test_council_page_shows_each_members_sheet_status_and_the_work_list(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    answers = answers_near(sheet, 75)
    domain.save_sheet(dossier, actor=p.chair, answers=answers, submit=True)
    domain.save_sheet(dossier, actor=p.members[0], answers=dict(list(answers.items())[:2]))
    domain.declare_conflict(dossier, actor=p.members[1], reason="Người nhà")
    council = Council.objects.get(round=dossier.round)
    client.force_login(p.members[0])
    page = client.get(reverse("evaluation:council", args=[council.pk])).content.decode()
    assert "Hồ sơ cần chấm" in page
    assert reverse("evaluation:scoring", args=[dossier.pk]) in page
    for status in ("submitted", "draft", "conflict"):
        assert f'data-status="{status}"' in page
    assert "Thêm thành viên" not in page
    client.force_login(p.chair)
    page = client.get(reverse("evaluation:council", args=[council.pk])).content.decode()
    assert "Bạn không còn hồ sơ nào phải chấm" in page
    client.force_login(p.agency)
    page = client.get(reverse("evaluation:council", args=[council.pk])).content.decode()
    assert "Thêm thành viên" in page
    assert "Hồ sơ cần chấm" not in page


def test_council_page_counts_a_member_not_started(client, p, dossier):
    council = Council.objects.get(round=dossier.round)
    client.force_login(p.agency)
    page = client.get(reverse("evaluation:council", args=[council.pk])).content.decode()
    assert page.count('data-status="not_started"') == 3


# --- province settings -------------------------------------------------------------------------


def test_agency_saves_the_province_settings_with_audit(client, p):
    client.force_login(p.agency)
    url = reverse("evaluation:province-settings")
    assert "{seq}/{year}/GCN-OCOP-{province}" in client.get(url).content.decode()
    response = client.post(url, {"certificate_number_format": "GCN-{year}", "max_spread": ""})
    assert response.status_code == 400
    assert "phải có {seq}" in response.content.decode()
    response = client.post(url, {"certificate_number_format": "{seq}-{foo}", "max_spread": ""})
    assert response.status_code == 400
    response = client.post(url, {"certificate_number_format": "{seq}/{year}", "max_spread": "-3"})
    assert response.status_code == 400
    assert not ProvinceSettings.objects.exists()
    response = client.post(
        url,
        {"certificate_number_format": "{seq}/{year}/OCOP-DN", "max_spread": "5", "reason": "QĐ"},
    )
    assert response.status_code == 302
    found = ProvinceSettings.objects.get(province=p.units.danang)
    assert (found.certificate_number_format, found.max_spread) == ("{seq}/{year}/OCOP-DN", 5)
    client.post(url, {"certificate_number_format": "{seq}/{year}/OCOP-DN", "max_spread": "7.5"})
    found.refresh_from_db()
    assert str(found.max_spread) == "7.50"
    entries = AuditEntry.objects.filter(object_type="provincesettings", object_id=str(found.pk))
    assert entries.count() == 2
    assert "OCOP-DN" in client.get(url).content.decode()


def test_admin_picks_a_province_for_settings(client, units):
    client.force_login(user_with_role(Role.ADMIN))
    url = reverse("evaluation:province-settings")
    response = client.get(url)
    assert response.status_code == 200
    assert "Lưu thiết lập" not in response.content.decode()
    assert client.get(url, {"province": "999999"}).status_code == 404
    response = client.post(
        f"{url}?province={units.hanoi.pk}",
        {"certificate_number_format": "{seq}/{year}/HN", "max_spread": ""},
    )
    assert response.status_code == 302
    assert ProvinceSettings.objects.get(province=units.hanoi).max_spread is None


def test_settings_domain_refuses_other_provinces_and_bad_formats(p, units):
    with pytest.raises(DomainError):
        save_province_settings(units.hanoi, actor=p.agency, certificate_number_format="{seq}")
    for bad in ("", "{seq", "{seq:q}", "{seq!r}", "{0}{seq}", "x" * 61 + "{seq}", "{year:d}"):
        with pytest.raises(DomainError):
            check_number_format(bad)
    assert check_number_format(" {seq}/{year}/GCN-OCOP-{province} ").startswith("{seq}")
    # A format spec that works for its value is fine: numbers padded to three digits.
    assert check_number_format("{seq:03d}/{year}") == "{seq:03d}/{year}"
