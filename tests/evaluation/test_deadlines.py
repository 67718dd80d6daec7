"""Dates of the procedure: working days and Tết, the commune's 15 working days, the re-ranking's
45 days, the transition rule of QĐ 26/2026 Art. 12.2, round cut-offs and certificate validity."""

import datetime

import pytest

from ocop.accounts.models import Role
from ocop.core.errors import DomainError
from ocop.evaluation import deadlines, domain
from ocop.evaluation.models import Dossier, Level, Round
from ocop.evaluation.models import DossierState as S
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import ASSESSMENT, Province, confirm_samples, ready_dossier, refresh, rulebook

D = datetime.date


# --- working days ------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    friday = D(2026, 11, 27)
    assert deadlines.add_working_days(friday, 1) == D(2026, 11, 30)
    assert deadlines.add_working_days(D(2026, 11, 28), 1) == D(2026, 11, 30)
    assert deadlines.add_working_days(friday, 5) == D(2026, 12, 4)
    assert deadlines.add_working_days(friday, 0) == friday


def test_working_days_skip_tet():
    # Tết Đinh Mùi: 6 Feb 2027; the holidays run from 4 to 10 Feb.
    assert not deadlines.is_working_day(D(2027, 2, 8))
    assert not deadlines.is_working_day(D(2027, 2, 4))
    assert deadlines.is_working_day(D(2027, 2, 11))
    assert deadlines.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    # Without Tết it would be 24 Feb.
    assert deadlines.add_working_days(D(2027, 2, 3), 15) == D(2027, 3, 3)


def test_working_days_skip_public_holidays_across_the_year_end():
    # 1 Jan 2027 is a Friday holiday.
    assert deadlines.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    # 30 Apr and 1 May 2026 (Thursday, Friday).
    assert deadlines.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_valid_until_is_the_day_before_the_anniversary():
    assert deadlines.valid_until(D(2023, 3, 15), 36) == D(2026, 3, 14)
    assert deadlines.valid_until(D(2026, 12, 5), 36) == D(2029, 12, 4)
    assert deadlines.valid_until(D(2026, 1, 1), 36) == D(2028, 12, 31)


# --- deadlines of a dossier --------------------------------------------------------------------


@pytest.fixture
def p(db, units):
    return Province(units)


@pytest.mark.django_db
def test_the_commune_has_15_working_days_from_the_submission(p):
    monday = D(2026, 11, 30)
    dossier = ready_dossier(p.product, p.producer_user, today=monday)
    assert domain.due_on(dossier) is None
    domain.submit(dossier, actor=p.producer_user, today=monday)
    dossier = refresh(dossier)
    assert dossier.rulebook.slug == "qd-26-2026"
    assert domain.due_on(dossier) == D(2026, 12, 21)
    assert not domain.is_overdue(dossier, today=D(2026, 12, 21))
    assert domain.is_overdue(dossier, today=D(2026, 12, 22))
    domain.receive(dossier, actor=p.commune_officer, today=D(2026, 12, 1))
    confirm_samples(p.commune_officer, dossier, today=D(2026, 12, 1))
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=D(2026, 12, 2))
    assert domain.due_on(refresh(dossier)) == D(2026, 12, 21)
    domain.propose(dossier, actor=p.commune_officer, today=D(2026, 12, 3))
    dossier = refresh(dossier)
    assert domain.due_on(dossier) is None
    assert not domain.is_overdue(dossier, today=D(2027, 6, 1))


@pytest.mark.django_db
def test_the_commune_deadline_spans_tet(p):
    day = D(2027, 2, 3)
    dossier = ready_dossier(p.product, p.producer_user, today=day)
    domain.submit(dossier, actor=p.producer_user, today=day)
    assert domain.due_on(refresh(dossier)) == D(2027, 3, 3)


@pytest.mark.django_db
def test_the_commune_deadline_restarts_when_a_returned_dossier_is_filed_again(p):
    dossier = ready_dossier(p.product, p.producer_user, today=D(2026, 11, 30))
    domain.submit(dossier, actor=p.producer_user, today=D(2026, 11, 30))
    domain.return_dossier(
        dossier, actor=p.commune_officer, reason="Bổ sung hợp đồng", today=D(2026, 12, 1)
    )
    domain.submit(dossier, actor=p.producer_user, today=D(2027, 3, 1))
    assert domain.due_on(refresh(dossier)) == D(2027, 3, 22)


@pytest.mark.django_db
def test_a_reranking_takes_at_most_45_calendar_days_from_the_proposal():
    proposed = D(2026, 12, 1)
    dossier = Dossier(
        kind="rerank", state=S.PROPOSED, rulebook=rulebook("qd-26-2026"), proposed_on=proposed
    )
    assert domain.due_on(dossier) == D(2027, 1, 15)
    assert not domain.is_overdue(dossier, today=D(2027, 1, 15))
    assert domain.is_overdue(dossier, today=D(2027, 1, 16))
    for state in (S.ADVISORY_REVIEW, S.COUNCIL_SCORING, S.SCORED, S.APPROVED):
        dossier.state = state
        assert domain.due_on(dossier) == D(2027, 1, 15)
    dossier.state = S.RECOGNISED
    assert domain.due_on(dossier) is None
    first = Dossier(
        kind="first", state=S.PROPOSED, rulebook=rulebook("qd-26-2026"), proposed_on=proposed
    )
    assert domain.due_on(first) is None


@pytest.mark.django_db
def test_older_rulebooks_set_no_time_limit():
    dossier = Dossier(
        kind="first",
        state=S.SUBMITTED,
        rulebook=rulebook("qd-1048-2019"),
        submitted_on=D(2021, 3, 1),
    )
    assert domain.due_on(dossier) is None
    assert not domain.is_overdue(dossier, today=D(2026, 1, 1))


# --- the transition rule (26/2026 Art. 12.2) ---------------------------------------------------


@pytest.mark.django_db
def test_the_transition_deadlines_computed_from_26_2026():
    deadline, successor = deadlines.transition_deadline(rulebook("qd-148-2023"), "first")
    assert successor.slug == "qd-26-2026"
    assert deadline == D(2026, 7, 21)
    assert deadlines.transition_deadline(rulebook("qd-148-2023"), "upgrade")[0] == deadline
    assert deadlines.transition_deadline(rulebook("qd-1489-2025"), "rerank")[0] == D(2026, 6, 21)
    assert deadlines.transition_deadline(rulebook("qd-26-2026"), "first") is None


@pytest.mark.django_db
def test_the_transition_deadlines_follow_the_civil_code_count():
    assert deadlines.transition_deadline(rulebook("qd-148-2023"), "first")[0] == D(2026, 7, 21)
    assert deadlines.transition_deadline(rulebook("qd-148-2023"), "rerank")[0] == D(2026, 6, 21)


@pytest.fixture
def legacy(db, units):
    """A product of a legacy commune of Điện Bàn with its district officer (148 files there)."""
    officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    producer = ProducerFactory(commune=units.legacy_commune)
    product = ProductFactory(producer=producer)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    return officer, product, owner


FILED_UNDER_148 = D(2025, 6, 2)


def filed_under_148(legacy, day=FILED_UNDER_148):
    _, product, owner = legacy
    dossier = ready_dossier(product, owner, today=day)
    domain.submit(dossier, actor=owner, today=day)
    dossier = refresh(dossier)
    assert dossier.rulebook.slug == "qd-148-2023"
    return dossier


@pytest.mark.django_db
def test_a_148_dossier_may_still_act_on_20_july_2026(legacy):
    officer, _, _ = legacy
    dossier = filed_under_148(legacy)
    domain.receive(dossier, actor=officer, today=D(2026, 7, 20))
    assert refresh(dossier).state == S.RECEIVED


@pytest.mark.django_db
def test_a_148_dossier_is_refused_on_22_july_2026(legacy):
    officer, _, _ = legacy
    dossier = filed_under_148(legacy)
    with pytest.raises(DomainError) as error:
        domain.receive(dossier, actor=officer, today=D(2026, 7, 22))
    assert error.value.code == "deadline"
    assert "21/07/2026" in error.value.message
    assert "148" in error.value.message
    assert refresh(dossier).state == S.SUBMITTED
    assert not dossier.transitions.filter(action="receive").exists()


@pytest.mark.django_db
def test_a_148_dossier_may_still_act_on_21_july_2026(legacy):
    officer, _, _ = legacy
    dossier = filed_under_148(legacy)
    domain.receive(dossier, actor=officer, today=D(2026, 7, 21))
    assert refresh(dossier).state == S.RECEIVED


@pytest.mark.django_db
def test_a_1489_dossier_filed_before_26_2026_is_bound_by_the_transition_rule(p):
    day = D(2026, 5, 11)
    dossier = ready_dossier(p.product, p.producer_user, today=day)
    domain.submit(dossier, actor=p.producer_user, today=day)
    assert refresh(dossier).rulebook.slug == "qd-1489-2025"
    domain.receive(dossier, actor=p.commune_officer, today=D(2026, 7, 20))
    with pytest.raises(DomainError) as error:
        domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=D(2026, 7, 22))
    assert error.value.code == "deadline"
    assert refresh(dossier).state == S.RECEIVED


@pytest.mark.django_db
def test_a_draft_of_1489_submitted_after_26_2026_comes_into_force_follows_26_2026(p):
    dossier = ready_dossier(p.product, p.producer_user, today=D(2026, 5, 11))
    assert dossier.rulebook.slug == "qd-1489-2025"
    domain.submit(dossier, actor=p.producer_user, today=D(2026, 8, 3))
    dossier = refresh(dossier)
    assert dossier.rulebook.slug == "qd-26-2026"
    domain.receive(dossier, actor=p.commune_officer, today=D(2026, 8, 4))
    assert refresh(dossier).state == S.RECEIVED


@pytest.mark.django_db
def test_a_dossier_past_the_transition_deadline_can_be_closed(legacy):
    _, product, owner = legacy
    dossier = filed_under_148(legacy)
    late = D(2026, 8, 3)
    domain.withdraw(dossier, actor=owner, reason="Nộp lại theo QĐ 26/2026", today=late)
    assert refresh(dossier).state == S.WITHDRAWN
    again = ready_dossier(product, owner, today=late)
    assert again.rulebook.slug == "qd-26-2026"


# --- rounds ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "year", "number"),
    [
        (D(2027, 1, 5), 2027, 1),
        (D(2027, 4, 29), 2027, 1),
        (D(2027, 4, 30), 2027, 2),
        (D(2027, 5, 1), 2027, 2),
        (D(2027, 10, 29), 2027, 2),
        (D(2027, 10, 30), 2028, 1),
        (D(2027, 10, 31), 2028, 1),
        (D(2027, 12, 31), 2028, 1),
    ],
)
def test_a_proposal_joins_the_first_round_whose_cutoff_is_after_it(units, day, year, number):
    found = domain.round_for_proposal(units.danang, rulebook("qd-26-2026"), day)
    assert (found.year, found.number, found.is_extra) == (year, number, False)
    assert found.proposals_before > day
    assert found.level == Level.PROVINCE
    assert found.province == units.danang
    cutoffs = {1: (D(year, 4, 30), D(year, 6, 30)), 2: (D(year, 10, 30), D(year, 12, 30))}
    assert (found.proposals_before, found.decide_before) == cutoffs[number]


@pytest.mark.django_db
def test_rounds_are_created_once(units):
    book = rulebook("qd-26-2026")
    first = domain.round_for_proposal(units.danang, book, D(2027, 1, 5))
    again = domain.round_for_proposal(units.danang, book, D(2027, 3, 5))
    assert first == again
    assert Round.objects.filter(province=units.danang).count() == 1


@pytest.mark.django_db
def test_a_proposal_on_30_october_joins_next_years_first_round(p):
    day = D(2027, 10, 30)
    dossier = ready_dossier(p.product, p.producer_user, today=day)
    domain.submit(dossier, actor=p.producer_user, today=day)
    domain.receive(dossier, actor=p.commune_officer, today=day)
    confirm_samples(p.commune_officer, dossier, today=day)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=day)
    dossier = domain.propose(dossier, actor=p.commune_officer, today=day)
    assert (dossier.round.year, dossier.round.number) == (2028, 1)
    assert dossier.proposed_on == day


@pytest.mark.django_db
def test_an_extra_round_with_an_earlier_cutoff_is_preferred(p, units):
    book = rulebook("qd-26-2026")
    standard = domain.round_for_proposal(units.danang, book, D(2027, 5, 2))
    assert standard.number == 2
    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=D(2027, 6, 15),
        decide_before=D(2027, 8, 15),
    )
    assert (extra.number, extra.is_extra) == (3, True)
    assert extra.rulebook.slug == "qd-26-2026"
    assert domain.round_for_proposal(units.danang, book, D(2027, 5, 10)) == extra
    assert domain.round_for_proposal(units.danang, book, D(2027, 6, 14)) == extra
    # The extra round's cut-off is strict too.
    assert domain.round_for_proposal(units.danang, book, D(2027, 6, 15)) == standard


@pytest.mark.django_db
def test_an_extra_round_with_a_later_cutoff_does_not_take_proposals_of_a_standard_round(p, units):
    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=D(2027, 11, 30),
        decide_before=D(2027, 12, 28),
    )
    found = domain.round_for_proposal(units.danang, rulebook("qd-26-2026"), D(2027, 5, 10))
    assert found != extra
    assert (found.year, found.number, found.proposals_before) == (2027, 2, D(2027, 10, 30))


@pytest.mark.django_db
def test_only_the_provinces_agency_opens_an_extra_round(p, units):
    hanoi = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
    for actor in (hanoi, p.commune_officer, p.chair):
        with pytest.raises(DomainError) as error:
            domain.open_extra_round(
                units.danang,
                actor=actor,
                year=2027,
                proposals_before=D(2027, 6, 15),
                decide_before=D(2027, 8, 15),
            )
        assert error.value.code == "permission"
    with pytest.raises(DomainError) as error:
        domain.open_extra_round(
            units.danang,
            actor=p.agency,
            year=2027,
            proposals_before=D(2027, 8, 16),
            decide_before=D(2027, 8, 15),
        )
    assert error.value.field == "proposals_before"
    assert not Round.objects.exists()
