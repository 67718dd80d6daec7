"""`/api/v1/rounds` and `/api/v1/councils`: scope, the extra round, councils and members, and
the council's aggregation of its members' sheets."""

import datetime

import pytest

from ocop.accounts.models import Role
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilMember, Round
from tests.api.calls import ids, post
from tests.evaluation.builders import answers_near, ready_dossier, walk_to_scoring
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db


def _extra_round(p, year=2027):
    return domain.open_extra_round(
        p.units.danang,
        actor=p.agency,
        year=year,
        proposals_before=datetime.date(year, 6, 1),
        decide_before=datetime.date(year, 7, 1),
    )


# --- rounds -------------------------------------------------------------------------------------


def test_rounds_scoped_to_the_province(api, p, hanoi_agency):
    round_ = _extra_round(p)

    assert ids(api(p.agency).get("/api/v1/rounds")) == {round_.pk}
    assert ids(api(hanoi_agency).get("/api/v1/rounds")) == set()
    assert api(hanoi_agency).get(f"/api/v1/rounds/{round_.pk}").status_code == 404
    assert ids(api(p.producer_user).get("/api/v1/rounds")) == set()
    body = api(p.commune_officer).get(f"/api/v1/rounds/{round_.pk}").json()
    assert body["province"] == {"code": 48, "era": "2025", "name": p.units.danang.name}
    assert (body["year"], body["is_extra"], body["rulebook"]) == (2027, True, "qd-26-2026")


@pytest.mark.parametrize("province", [48, {"code": 48, "era": "2025"}])
def test_agency_opens_an_extra_round(api, p, province):
    response = post(
        api(p.agency),
        "rounds",
        {
            "province": province,
            "year": 2027,
            "proposals_before": "2027-06-01",
            "decide_before": "2027-07-15",
        },
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_extra"] is True
    assert body["number"] == 3
    assert body["proposals_before"] == "2027-06-01"
    assert Round.objects.get(pk=body["id"]).province == p.units.danang


def test_extra_round_of_another_province_is_403(api, p, hanoi_agency):
    response = post(
        api(hanoi_agency),
        "rounds",
        {
            "province": 48,
            "year": 2027,
            "proposals_before": "2027-06-01",
            "decide_before": "2027-07-01",
        },
    )
    assert response.status_code == 403
    assert "cơ quan OCOP của tỉnh" in response.json()["detail"]
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {
                "province": 48,
                "year": 2027,
                "proposals_before": "2027-08-01",
                "decide_before": "2027-07-01",
            },
            "proposals_before",
        ),
        (
            {
                "province": 99999,
                "year": 2027,
                "proposals_before": "2027-06-01",
                "decide_before": "2027-07-01",
            },
            "province",
        ),
        (
            {
                "province": "48",
                "year": 2027,
                "proposals_before": "2027-06-01",
                "decide_before": "2027-07-01",
            },
            "province",
        ),
        (
            {
                "province": 48,
                "year": 2027,
                "proposals_before": "1990-06-01",
                "decide_before": "2027-07-01",
            },
            "proposals_before",
        ),
        (
            {
                "province": 48,
                "year": 1800,
                "proposals_before": "2027-06-01",
                "decide_before": "2027-07-01",
            },
            "year",
        ),
    ],
)
def test_extra_round_body_errors(api, p, body, field):
    response = post(api(p.agency), "rounds", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Round.objects.exists()


def test_rounds_download_as_xlsx(api, p):
    _extra_round(p)
    response = api(p.agency).get("/api/v1/rounds", {"format": "xlsx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


# --- councils -----------------------------------------------------------------------------------


def test_agency_creates_a_council_and_manages_members(api, p):
    round_ = _extra_round(p)
    client = api(p.agency)

    response = post(
        client,
        "councils",
        {"level": "province", "name": "Hội đồng OCOP đợt bổ sung", "round": round_.pk},
    )
    assert response.status_code == 201, response.json()
    council = response.json()
    assert council["province"]["code"] == 48
    assert council["round"] == round_.pk

    response = post(
        client,
        f"councils/{council['id']}/members",
        {
            "user": p.chair.pk,
            "role": "chair",
            "department": "industry_trade",
            "organisation": "Sở Công Thương",
        },
    )
    assert response.status_code == 201, response.json()
    [member] = response.json()["members"]
    assert member["user"] == {
        "id": p.chair.pk,
        "username": p.chair.username,
        "full_name": p.chair.get_full_name(),
    }
    assert (member["role"], member["department"]) == ("chair", "industry_trade")

    # A second chair is refused by rule.
    response = post(
        client, f"councils/{council['id']}/members", {"user": p.members[0].pk, "role": "chair"}
    )
    assert response.status_code == 400
    assert "chủ tịch" in response.json()["detail"]

    response = client.delete(f"/api/v1/councils/{council['id']}/members/{member['id']}?reason=Đổi")
    assert response.status_code == 204
    assert not CouncilMember.objects.exists()


def test_council_member_body_errors(api, p):
    council = p.council_for(_extra_round(p))
    for body, field in [
        ({"user": 999999, "role": "member"}, "user"),
        ({"user": p.members[0].pk, "role": "boss"}, "role"),
        ({"user": p.members[0].pk, "role": "member", "department": "police"}, "department"),
    ]:
        response = post(api(p.agency), f"councils/{council.pk}/members", body)
        assert response.status_code == 400
        assert field in response.json()["errors"]


def test_councils_scoped(api, p, hanoi_agency):
    council = p.council_for(_extra_round(p))
    outsider = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)

    assert ids(api(p.agency).get("/api/v1/councils")) == {council.pk}
    assert ids(api(p.members[0]).get("/api/v1/councils")) == {council.pk}
    assert ids(api(outsider).get("/api/v1/councils")) == set()
    assert ids(api(hanoi_agency).get("/api/v1/councils")) == set()
    assert api(hanoi_agency).get(f"/api/v1/councils/{council.pk}").status_code == 404
    body = api(p.chair).get(f"/api/v1/councils/{council.pk}").json()
    assert [m["role"] for m in body["members"]].count("member") == 2


def test_council_writes_refused_outside_the_agency(api, p, hanoi_agency):
    round_ = _extra_round(p)
    council = p.council_for(round_)
    member = CouncilMember.objects.get(council=council, user=p.members[0])

    # A round of another province is not even visible.
    response = post(
        api(hanoi_agency), "councils", {"level": "province", "name": "X", "round": round_.pk}
    )
    assert response.status_code == 400
    assert "round" in response.json()["errors"]
    # The chair sees the council but does not manage it.
    response = post(
        api(p.chair), f"councils/{council.pk}/members", {"user": p.agency.pk, "role": "member"}
    )
    assert response.status_code == 403
    assert (
        api(p.chair).delete(f"/api/v1/councils/{council.pk}/members/{member.pk}").status_code == 403
    )
    # Another province's officer does not see it.
    assert (
        api(hanoi_agency).delete(f"/api/v1/councils/{council.pk}/members/{member.pk}").status_code
        == 404
    )
    # A member of another council is not found here.
    other = Council.objects.create(
        level="province", name="Khác", round=round_, province=p.units.danang
    )
    assert (
        api(p.agency).delete(f"/api/v1/councils/{other.pk}/members/{member.pk}").status_code == 404
    )
    assert CouncilMember.objects.filter(pk=member.pk).exists()


def test_district_council_by_an_agency_officer_is_403(api, p, units):
    response = post(
        api(p.agency),
        "councils",
        {
            "level": "district",
            "name": "Hội đồng huyện",
            "district": {"code": units.legacy_district.code, "era": "legacy"},
        },
    )
    assert response.status_code == 403


def test_council_result_aggregates_sheets_and_lists_pending_members(api, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    council = Council.objects.get(round=dossier.round)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    domain.save_sheet(dossier, actor=p.chair, answers=answers, submit=True)
    url = f"/api/v1/councils/{council.pk}/dossiers/{dossier.pk}/result"

    body = api(p.agency).get(url).json()
    assert body["submitted"] == 1
    assert body["result"]["stars"] == 4
    assert body["result"]["member_totals"] == [body["result"]["total"]]
    assert {m["user"]["id"] for m in body["pending"]} == {u.pk for u in p.members}

    # A member whose sheet is submitted cannot leave the council.
    chair_seat = CouncilMember.objects.get(council=council, user=p.chair)
    response = api(p.agency).delete(f"/api/v1/councils/{council.pk}/members/{chair_seat.pk}")
    assert response.status_code == 400
    assert "đã nộp phiếu" in response.json()["detail"]

    # Outside the council's dossiers, or outside its scope: 404.
    other = ready_dossier(ProductFactory(producer=p.producer), p.producer_user)
    assert (
        api(p.agency).get(f"/api/v1/councils/{council.pk}/dossiers/{other.pk}/result").status_code
        == 404
    )
    outsider = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    assert api(outsider).get(url).status_code == 404


def test_council_result_without_sheets(api, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    council = Council.objects.get(round=dossier.round)
    body = api(p.chair).get(f"/api/v1/councils/{council.pk}/dossiers/{dossier.pk}/result").json()
    assert body["result"] is None
    assert body["submitted"] == 0
    assert len(body["pending"]) == 3


def test_declared_conflict_removes_the_member_from_pending(api, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    council = Council.objects.get(round=dossier.round)

    response = post(
        api(p.members[0]),
        f"dossiers/{dossier.pk}/declare-conflict",
        {"reason": "Người thân của chủ thể"},
    )
    assert response.status_code == 200, response.json()
    body = api(p.chair).get(f"/api/v1/councils/{council.pk}/dossiers/{dossier.pk}/result").json()
    assert p.members[0].pk not in {m["user"]["id"] for m in body["pending"]}
    answers = scoring.best_answers(domain.sheet_for(dossier).data)
    response = post(api(p.members[0]), f"dossiers/{dossier.pk}/score", {"answers": answers})
    assert response.status_code == 400
    assert "xung đột" in response.json()["detail"]


def test_councils_download_as_csv(api, p):
    p.council_for(_extra_round(p))
    response = api(p.agency).get("/api/v1/councils", {"format": "csv"})
    assert response.status_code == 200
    assert "Hội đồng OCOP" in response.content.decode("utf-8-sig")
