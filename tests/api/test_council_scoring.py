"""`POST /api/v1/dossiers/<id>/score` as the contract reads (`{"answers"}` submits and locks the
member's sheet, `{"answers", "draft": true}` saves a draft) and who sees the members' totals in
`GET /api/v1/councils/<id>/dossiers/<id>/result`."""

import datetime

import pytest
import time_machine
import yaml

from ocop.accounts.models import Role
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilRole, Dossier, MemberSheet
from tests.api.calls import ok, post, refused
from tests.api.test_legacy_path import district_council, filed, inspect_body
from tests.evaluation.builders import (
    DISTRICT_SCORING_2021,
    INSPECT_2021,
    RECEIVE_2021,
    SUBMIT_2021,
    Legacy,
    answers_near,
    ready_dossier,
    walk_to_scoring,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(p):
    return walk_to_scoring(p, ready_dossier(p.product, p.producer_user))


def _sheet(dossier):
    return domain.sheet_for(dossier).data


def _sheet_of(user, dossier):
    return MemberSheet.objects.filter(dossier=dossier, member__user=user).first()


# --- score: submit by default, draft on request -------------------------------------------------


def test_score_without_draft_submits_and_locks_the_sheet(api, p, dossier):
    answers = answers_near(_sheet(dossier), 75)

    body = ok(post(api(p.members[0]), f"dossiers/{dossier.pk}/score", {"answers": answers}))

    assert (body["state"], body["submitted"]) == ("submitted", True)
    assert 75 <= body["total"] < 80
    assert body["stars"] == 4
    assert body["submitted_at"] is not None
    sheet = _sheet_of(p.members[0], dossier)
    assert sheet.is_submitted
    assert float(sheet.total) == body["total"]
    again = post(api(p.members[0]), f"dossiers/{dossier.pk}/score", {"answers": answers})
    refused(again, "khoá")


def test_score_with_draft_saves_a_draft_that_a_later_score_submits(api, p, dossier):
    answers = answers_near(_sheet(dossier), 75)
    partial = dict(list(answers.items())[:3])
    url = f"dossiers/{dossier.pk}/score"

    body = ok(post(api(p.members[0]), url, {"answers": partial, "draft": True}))

    assert (body["state"], body["submitted"], body["total"]) == ("draft", False, None)
    assert body["answers"] == partial
    assert not _sheet_of(p.members[0], dossier).is_submitted
    body = ok(post(api(p.members[0]), url, {"answers": answers, "draft": False}))
    assert body["state"] == "submitted"


def test_chair_finalizes_through_the_api_after_members_score_without_draft(api, p, dossier):
    answers = answers_near(_sheet(dossier), 75)
    for user in p.scorers:
        ok(post(api(user), f"dossiers/{dossier.pk}/score", {"answers": answers}))

    body = ok(post(api(p.chair), f"dossiers/{dossier.pk}/finalize"))

    assert (body["state"], body["stars"]) == ("scored", 4)


def test_score_refuses_an_incomplete_submission_and_names_the_criterion(api, p, dossier):
    answers = answers_near(_sheet(dossier), 75)
    missing = next(iter(answers))
    del answers[missing]

    response = post(api(p.members[0]), f"dossiers/{dossier.pk}/score", {"answers": answers})

    refused(response, missing)
    assert _sheet_of(p.members[0], dossier) is None


def test_score_refuses_the_former_submit_field(api, p, dossier):
    # `{"submit": false}` used to save a draft; it must not now submit and lock the sheet.
    answers = answers_near(_sheet(dossier), 75)

    response = post(
        api(p.members[0]), f"dossiers/{dossier.pk}/score", {"answers": answers, "submit": False}
    )

    assert response.status_code == 400
    assert "draft" in response.json()["errors"]["submit"][0]
    assert _sheet_of(p.members[0], dossier) is None


def test_score_is_refused_to_a_secretary_and_for_a_conflict(api, p, dossier):
    answers = answers_near(_sheet(dossier), 75)
    url = f"dossiers/{dossier.pk}/score"
    refused(post(api(p.secretary), url, {"answers": answers}), "không chấm điểm")
    domain.declare_conflict(dossier, actor=p.members[1], reason="Người nhà của chủ thể")
    refused(post(api(p.members[1]), url, {"answers": answers, "draft": True}), "xung đột")
    assert not MemberSheet.objects.filter(dossier=dossier).exists()


def test_schema_describes_the_score_body_and_the_sheet_state(api):
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    operation = schema["paths"]["/api/v1/dossiers/{id}/score"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    properties = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert set(properties) == {"answers", "draft"}
    response_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    sheet = schema["components"]["schemas"][response_ref.rsplit("/", 1)[1]]["properties"]
    state = sheet["state"]["allOf"][0]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][state]["enum"] == ["draft", "submitted"]
    assert "nháp" in sheet["total"]["description"]


# --- the council's result: who sees the members' totals ----------------------------------------


def _result(api, user, dossier):
    council = Council.objects.get(round=dossier.round)
    return ok(api(user).get(f"/api/v1/councils/{council.pk}/dossiers/{dossier.pk}/result"))


@pytest.fixture
def two_submitted(p, dossier):
    """The chair and the second member submitted (75 and 85); the first member has a draft."""
    sheet = _sheet(dossier)
    domain.save_sheet(dossier, actor=p.chair, answers=answers_near(sheet, 75), submit=True)
    domain.save_sheet(dossier, actor=p.members[1], answers=answers_near(sheet, 85), submit=True)
    draft = dict(list(answers_near(sheet, 60).items())[:4])
    domain.save_sheet(dossier, actor=p.members[0], answers=draft)
    return dossier


def test_member_who_has_not_submitted_sees_only_their_own_sheet(api, p, two_submitted):
    body = _result(api, p.members[0], two_submitted)

    assert body["totals_visible"] is False
    assert body["result"] is None
    assert body["own_sheet"]["state"] == "draft"
    assert body["own_sheet"]["member"]["user"]["id"] == p.members[0].pk
    assert body["submitted"] == 2
    assert [m["user"]["id"] for m in body["pending"]] == [p.members[0].pk]


def test_member_sees_the_others_totals_once_submitted(api, p, two_submitted):
    answers = answers_near(_sheet(two_submitted), 80)
    ok(post(api(p.members[0]), f"dossiers/{two_submitted.pk}/score", {"answers": answers}))

    body = _result(api, p.members[0], two_submitted)

    assert body["totals_visible"] is True
    assert len(body["result"]["member_totals"]) == 3
    assert body["own_sheet"]["state"] == "submitted"


@pytest.mark.parametrize("who", ["chair", "secretary", "agency"])
def test_chair_secretary_and_agency_see_every_total(api, p, dossier, who):
    sheet = _sheet(dossier)
    # Before the chair's own sheet: only the second member has submitted.
    domain.save_sheet(dossier, actor=p.members[1], answers=answers_near(sheet, 85), submit=True)

    body = _result(api, getattr(p, who), dossier)

    assert body["totals_visible"] is True
    assert len(body["result"]["member_totals"]) == 1
    assert body["result"]["total"] >= 85
    assert body["own_sheet"] is None


def test_member_with_a_conflict_does_not_see_the_totals(api, p, two_submitted):
    # Declaring the conflict drops the member's draft.
    domain.declare_conflict(two_submitted, actor=p.members[0], reason="Người nhà của chủ thể")

    body = _result(api, p.members[0], two_submitted)

    assert (body["totals_visible"], body["result"], body["own_sheet"]) == (False, None, None)


def test_agency_member_who_scores_is_held_to_the_members_rule(api, p, dossier):
    """An agency officer seated as a scoring member is anchored like any member."""
    council = Council.objects.get(round=dossier.round)
    officer = user_with_role(Role.AGENCY_OFFICER, unit=p.units.danang)
    domain.add_member(council, actor=p.agency, user=officer, role=CouncilRole.MEMBER)
    answers = scoring.best_answers(_sheet(dossier))
    domain.save_sheet(dossier, actor=p.chair, answers=answers, submit=True)

    assert _result(api, officer, dossier)["result"] is None
    ok(post(api(officer), f"dossiers/{dossier.pk}/score", {"answers": answers}))
    assert _result(api, officer, dossier)["result"]["member_totals"] == [100, 100]


def test_district_council_member_sees_the_totals_only_after_submitting(api, units):
    """QĐ 1048/2019: the legacy district's council follows the same rule."""
    with time_machine.travel(SUBMIT_2021, tick=False) as clock:
        q = Legacy(units)
        council = district_council(api, q)
        pk = filed(api, q)
        clock.move_to(RECEIVE_2021)
        ok(post(api(q.district_officer), f"dossiers/{pk}/receive"))
        clock.move_to(INSPECT_2021)
        day = datetime.date(2021, 3, 9)
        ok(post(api(q.district_officer), f"dossiers/{pk}/inspect", inspect_body(day)))
        clock.move_to(DISTRICT_SCORING_2021)
        answers = answers_near(domain.sheet_for(Dossier.objects.get(pk=pk)).data, 75)
        ok(post(api(q.district_chair), f"dossiers/{pk}/score", {"answers": answers}))
        url = f"/api/v1/councils/{council}/dossiers/{pk}/result"
        member = q.district_members[0]

        body = ok(api(member).get(url))
        assert (body["totals_visible"], body["result"]) == (False, None)
        for user in (q.district_officer, q.district_secretary, q.district_chair):
            assert len(ok(api(user).get(url))["result"]["member_totals"]) == 1
        ok(post(api(member), f"dossiers/{pk}/score", {"answers": answers}))
        assert len(ok(api(member).get(url))["result"]["member_totals"]) == 2
