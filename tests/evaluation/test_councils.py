"""Council members' sheets: who may score (seats, roles, conflicts of interest), drafts and
submissions, the chair's reopening, and when the chair may finalize."""

import datetime
from decimal import Decimal

import pytest

from ocop.accounts.models import Membership, Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import (
    ConflictDeclaration,
    CouncilRole,
    Level,
    LevelResult,
    MemberSheet,
    ProvinceSettings,
)
from ocop.evaluation.models import DossierState as S
from tests.factories import user_with_role

from .builders import TODAY, Province, answers_near, ready_dossier, refresh, walk_to_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def dossier(p):
    return walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)


def council(dossier):
    return dossier.round.councils.get()


def sheet_data(dossier):
    return domain.sheet_for(dossier).data


def save(dossier, user, total=75, *, submit=True, answers=None):
    answers = answers if answers is not None else answers_near(sheet_data(dossier), total)
    return domain.save_sheet(dossier, actor=user, answers=answers, submit=submit, today=TODAY)


def seat(dossier, user):
    return council(dossier).members.get(user=user)


def refused(call, code):
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.code == code, error.value.message
    return error.value


def add(dossier, p, role=CouncilRole.MEMBER, organisation=""):
    user = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    domain.add_member(
        council(dossier), actor=p.agency, user=user, role=role, organisation=organisation
    )
    return user


# --- conflicts of interest -----------------------------------------------------------------


def test_a_member_who_declared_a_conflict_cannot_score(p, dossier):
    member = p.members[0]
    save(dossier, member, submit=False)
    domain.declare_conflict(dossier, actor=member, reason="Anh ruột là giám đốc HTX")
    assert not MemberSheet.objects.filter(dossier=dossier, member__user=member).exists()
    error = refused(lambda: save(dossier, member), "conflict")
    assert "Anh ruột là giám đốc HTX" in error.message
    assert domain.conflict_of(seat(dossier, member), dossier) is not None
    entry = AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).first()
    assert entry.reason == "Anh ruột là giám đốc HTX"


def test_a_conflict_needs_a_reason_and_a_seat(p, dossier):
    error = refused(
        lambda: domain.declare_conflict(dossier, actor=p.members[0], reason=" "), "invalid"
    )
    assert error.field == "reason"
    refused(lambda: domain.declare_conflict(dossier, actor=p.agency, reason="x"), "permission")
    assert not ConflictDeclaration.objects.exists()


def test_a_conflict_cannot_be_declared_over_a_submitted_sheet(p, dossier):
    save(dossier, p.members[0])
    with pytest.raises(DomainError):
        domain.declare_conflict(dossier, actor=p.members[0], reason="Người nhà")
    assert MemberSheet.objects.get(dossier=dossier, member__user=p.members[0]).is_submitted


def test_a_producer_account_on_the_council_is_excluded(p, dossier):
    insider = add(dossier, p)
    Membership.objects.create(user=insider, role=Role.PRODUCER, producer=p.producer)
    assert "chủ thể" in domain.conflict_of(seat(dossier, insider), dossier)
    refused(lambda: save(dossier, insider), "conflict")
    for user in p.scorers:
        save(dossier, user)
    # The excluded member is not waited for.
    assert domain.pending_members(dossier, Level.PROVINCE) == []
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    result = LevelResult.objects.get(dossier=dossier, level=Level.PROVINCE)
    assert len(result.detail["member_totals"]) == 3


def test_an_inactive_producer_account_is_no_conflict(p, dossier):
    insider = add(dossier, p)
    Membership.objects.create(
        user=insider, role=Role.PRODUCER, producer=p.producer, is_active=False
    )
    assert domain.conflict_of(seat(dossier, insider), dossier) is None


def test_a_member_working_for_the_consultant_is_excluded(p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.update_dossier(
        dossier,
        actor=p.producer_user,
        data={
            "prepared_by": "consultant",
            "consultant_name": "Công ty TNHH Tư vấn Nông nghiệp Xanh",
        },
    )
    dossier = walk_to_scoring(p, dossier, today=TODAY)
    consultant = add(dossier, p, organisation="  CÔNG TY TNHH TƯ VẤN NÔNG NGHIỆP XANH ")
    colleague = add(dossier, p, organisation="Sở Công Thương")
    assert "tư vấn" in domain.conflict_of(seat(dossier, consultant), dossier)
    assert domain.conflict_of(seat(dossier, colleague), dossier) is None
    refused(lambda: save(dossier, consultant), "conflict")
    save(dossier, colleague)
    pending = domain.pending_members(dossier, Level.PROVINCE)
    assert {m.user for m in pending} == set(p.scorers)


def test_a_member_working_for_the_producer_is_excluded(p, dossier):
    member = add(dossier, p, organisation=p.producer.name.upper())
    assert domain.conflict_of(seat(dossier, member), dossier) is not None


def test_a_member_without_an_organisation_is_not_excluded(p, dossier):
    assert domain.conflict_of(seat(dossier, p.members[0]), dossier) is None


# --- who scores ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [CouncilRole.SECRETARY, CouncilRole.ADVISOR])
def test_the_secretary_and_the_advisory_team_do_not_score(p, dossier, role):
    user = p.secretary if role == CouncilRole.SECRETARY else add(dossier, p, role=role)
    error = refused(lambda: save(dossier, user), "permission")
    assert "không chấm điểm" in error.message
    assert not MemberSheet.objects.filter(dossier=dossier).exists()
    assert user not in {m.user for m in domain.pending_members(dossier, Level.PROVINCE)}


def test_a_member_of_another_rounds_council_cannot_score(p, dossier, units):
    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=datetime.date(2027, 2, 1),
        decide_before=datetime.date(2027, 3, 1),
    )
    other = domain.create_council(
        actor=p.agency, level=Level.PROVINCE, name="Hội đồng đợt bổ sung", round=extra
    )
    outsider = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
    domain.add_member(other, actor=p.agency, user=outsider, role=CouncilRole.CHAIR)
    refused(lambda: save(dossier, outsider), "permission")
    refused(lambda: save(dossier, p.agency), "permission")


def test_nobody_scores_outside_a_scoring_step(p):
    dossier = ready_dossier(p.product, p.producer_user)
    refused(lambda: save(dossier, p.chair), "state")


# --- drafts and submissions ------------------------------------------------------------------


def test_a_draft_may_be_partial_and_is_not_counted(p, dossier):
    answers = answers_near(sheet_data(dossier), 75)
    first = next(iter(answers))
    sheet = save(dossier, p.members[0], submit=False, answers={first: answers[first]})
    assert not sheet.is_submitted
    assert sheet.total is None
    assert sheet.answers == {first: answers[first]}
    # Saving again replaces the draft; empty answers are dropped.
    sheet = save(dossier, p.members[0], submit=False, answers={first: None})
    assert sheet.answers == {}
    assert MemberSheet.objects.filter(dossier=dossier).count() == 1
    assert domain.council_result(dossier) is None
    assert p.members[0] in {m.user for m in domain.pending_members(dossier, Level.PROVINCE)}


def test_invalid_points_are_refused_naming_the_criterion(p, dossier):
    criteria = scoring.criteria_of(sheet_data(dossier))
    code, criterion = next(iter(criteria.items()))
    wrong = max(criterion.points_of()) + Decimal("0.25")
    for submit in (False, True):
        with pytest.raises(DomainError) as error:
            save(dossier, p.members[0], submit=submit, answers={code: float(wrong)})
        assert code in error.value.message
        assert error.value.field == code
    with pytest.raises(DomainError) as error:
        save(dossier, p.members[0], submit=False, answers={"Z9": 1})
    assert "Z9" in error.value.message
    with pytest.raises(DomainError):
        save(dossier, p.members[0], submit=False, answers=["A1", 2])
    assert not MemberSheet.objects.filter(dossier=dossier).exists()


def test_a_submission_needs_every_criterion(p, dossier):
    answers = answers_near(sheet_data(dossier), 75)
    last = list(answers)[-1]
    del answers[last]
    with pytest.raises(DomainError) as error:
        save(dossier, p.members[0], answers=answers)
    assert last in error.value.message
    assert not MemberSheet.objects.filter(dossier=dossier).exists()


def test_a_submitted_sheet_is_locked(p, dossier):
    sheet = save(dossier, p.members[0], 75)
    assert sheet.is_submitted
    assert Decimal(75) <= sheet.total < Decimal(80)
    assert sheet.stars == 4
    refused(lambda: save(dossier, p.members[0], 90), "submitted")
    refused(lambda: save(dossier, p.members[0], 90, submit=False), "submitted")
    sheet.refresh_from_db()
    assert Decimal(75) <= sheet.total < Decimal(80)
    entry = AuditEntry.objects.get(object_type="membersheet", object_id=str(sheet.pk))
    assert entry.changes["submitted"] == [False, True]


# --- reopening and finalizing ----------------------------------------------------------------


def test_only_the_chair_reopens_a_sheet_with_a_reason(p, dossier):
    sheet = save(dossier, p.members[0], 75)
    refused(lambda: domain.reopen_sheet(sheet, actor=p.members[1], reason="Sai"), "permission")
    refused(lambda: domain.reopen_sheet(sheet, actor=p.agency, reason="Sai"), "permission")
    error = refused(lambda: domain.reopen_sheet(sheet, actor=p.chair, reason="  "), "invalid")
    assert error.field == "reason"
    assert MemberSheet.objects.get(pk=sheet.pk).is_submitted
    domain.reopen_sheet(sheet, actor=p.chair, reason="Chấm nhầm tiêu chí A1")
    sheet.refresh_from_db()
    assert not sheet.is_submitted
    assert sheet.total is None
    entry = AuditEntry.objects.filter(object_type="membersheet", object_id=str(sheet.pk)).first()
    assert entry.action == AuditAction.STATUS_CHANGE
    assert entry.changes == {"submitted": [True, False]}
    assert entry.reason == "Chấm nhầm tiêu chí A1"
    assert entry.actor == p.chair
    # A draft needs no reopening; the member submits again.
    with pytest.raises(DomainError):
        domain.reopen_sheet(sheet, actor=p.chair, reason="Lần nữa")
    assert save(dossier, p.members[0], 80).is_submitted


def test_finalize_waits_for_every_scoring_member(p, dossier):
    save(dossier, p.chair)
    save(dossier, p.members[0])
    save(dossier, p.members[1], submit=False)
    error = refused(lambda: domain.finalize(dossier, actor=p.chair, today=TODAY), "pending")
    assert str(p.members[1]) in error.message
    assert str(p.members[0]) not in error.message
    assert refresh(dossier).state == S.COUNCIL_SCORING
    assert not LevelResult.objects.filter(dossier=dossier).exists()


def test_a_declared_conflict_is_not_waited_for(p, dossier):
    domain.declare_conflict(dossier, actor=p.members[1], reason="Người nhà")
    save(dossier, p.chair)
    save(dossier, p.members[0])
    assert domain.pending_members(dossier, Level.PROVINCE) == []
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    assert refresh(dossier).state == S.SCORED


def test_finalize_refused_beyond_the_provinces_spread_then_allowed_after_rescoring(p, dossier):
    ProvinceSettings.objects.create(province=p.units.danang, max_spread=Decimal(10))
    low = save(dossier, p.chair, 60)
    high = save(dossier, p.members[0], 80)
    save(dossier, p.members[1], 70)
    result = domain.council_result(dossier)
    assert result.needs_rescoring
    assert result.spread > 10
    error = refused(lambda: domain.finalize(dossier, actor=p.chair, today=TODAY), "spread")
    assert "10" in error.message
    assert refresh(dossier).state == S.COUNCIL_SCORING
    domain.reopen_sheet(low, actor=p.chair, reason="Chênh lệch quá 10 điểm")
    domain.reopen_sheet(high, actor=p.chair, reason="Chênh lệch quá 10 điểm")
    refused(lambda: domain.finalize(dossier, actor=p.chair, today=TODAY), "pending")
    save(dossier, p.chair, 70)
    save(dossier, p.members[0], 70)
    assert not domain.council_result(dossier).needs_rescoring
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    dossier = refresh(dossier)
    assert dossier.state == S.SCORED
    assert Decimal(70) <= dossier.score < Decimal(71)


def test_the_spread_is_not_checked_without_a_province_rule(p, dossier):
    save(dossier, p.chair, 60)
    save(dossier, p.members[0], 80)
    save(dossier, p.members[1], 70)
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    assert refresh(dossier).state == S.SCORED


def test_sheets_cannot_be_reopened_once_the_council_finalized(p, dossier):
    sheets = [save(dossier, user) for user in p.scorers]
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    with pytest.raises(DomainError):
        domain.reopen_sheet(sheets[0], actor=p.chair, reason="Muộn")
    assert MemberSheet.objects.get(pk=sheets[0].pk).is_submitted


def test_a_member_with_a_submitted_sheet_stays_on_the_council(p, dossier):
    save(dossier, p.members[0])
    with pytest.raises(DomainError):
        domain.remove_member(seat(dossier, p.members[0]), actor=p.agency, reason="Nghỉ hưu")
    domain.remove_member(seat(dossier, p.members[1]), actor=p.agency, reason="Nghỉ hưu")
    assert p.members[1] not in {m.user for m in domain.pending_members(dossier, Level.PROVINCE)}


def test_only_the_agency_of_the_round_manages_its_council(p, dossier, units):
    hanoi = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
    newcomer = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
    for actor in (hanoi, p.chair, p.commune_officer):
        refused(
            lambda actor=actor: domain.add_member(
                council(dossier), actor=actor, user=newcomer, role=CouncilRole.MEMBER
            ),
            "permission",
        )
    refused(
        lambda: domain.create_council(
            actor=hanoi, level=Level.PROVINCE, name="HĐ", round=dossier.round
        ),
        "permission",
    )
    # One seat per person, one chair per council.
    refused(
        lambda: domain.add_member(
            council(dossier), actor=p.agency, user=p.members[0], role=CouncilRole.MEMBER
        ),
        "duplicate",
    )
    refused(
        lambda: domain.add_member(
            council(dossier), actor=p.agency, user=newcomer, role=CouncilRole.CHAIR
        ),
        "duplicate",
    )
