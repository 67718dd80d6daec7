"""A product walked through the whole procedure of QĐ 26/2026 with the domain actions."""

import datetime
from decimal import Decimal

import pytest

from ocop.certification import domain as certification
from ocop.certification.models import Certificate, CertificateStatus
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState as S
from ocop.evaluation.models import LevelResult, Transition

from .builders import Province, ready_dossier, refresh, score_all, walk_to_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(units):
    return Province(units)


def issue(p, dossiers, number="101/QĐ-UBND", date=None):
    decision = certification.draft_decision(
        actor=p.agency,
        province=p.units.danang,
        number=number,
        date=date or datetime.date(2026, 12, 5),
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch UBND thành phố",
        dossiers=dossiers,
    )
    return certification.issue_decision(decision, actor=p.agency)


def test_first_dossier_recognised_4_stars_gets_a_certificate(p):
    dossier = ready_dossier(p.product, p.producer_user)
    assert dossier.rulebook.slug == "qd-26-2026"
    dossier = walk_to_scoring(p, dossier)
    assert dossier.state == S.COUNCIL_SCORING
    score_all(p, dossier, 75)
    domain.finalize(dossier, actor=p.chair)
    dossier = refresh(dossier)
    assert dossier.state == S.SCORED
    assert dossier.stars == 4
    assert Decimal("75") <= dossier.score < Decimal("80")
    domain.approve(dossier, actor=p.agency)
    assert refresh(dossier).state == S.APPROVED
    issue(p, [dossier])
    dossier = refresh(dossier)
    assert dossier.state == S.RECOGNISED
    certificate = Certificate.objects.get(dossier=dossier)
    assert certificate.stars == 4
    assert certificate.number == "1/2026/GCN-OCOP-48"
    assert certificate.issued_on == datetime.date(2026, 12, 5)
    assert certificate.valid_until == datetime.date(2029, 12, 4)
    actions = list(dossier.transitions.values_list("action", flat=True))
    assert actions == [
        "submit",
        "receive",
        "assess",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "issue",
    ]


def test_potential_five_star_goes_to_the_ministry_and_comes_back(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 100)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    assert refresh(dossier).state == S.SENT_TO_MINISTRY
    domain.record_ministry_result(dossier, actor=p.agency, score=93, decision_no="55/QĐ-BNNMT")
    dossier = refresh(dossier)
    assert dossier.state == S.RECOGNISED
    certificate = dossier.certificate
    assert certificate.stars == 5
    assert certificate.decision.number == "55/QĐ-BNNMT"


def test_ministry_below_90_lets_the_province_certify_4_stars(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 100)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    domain.record_ministry_result(dossier, actor=p.agency, score=84, decision_no="56/QĐ-BNNMT")
    dossier = refresh(dossier)
    assert (dossier.state, dossier.stars) == (S.APPROVED, 4)
    issue(p, [dossier])
    assert refresh(dossier).certificate.stars == 4


def test_below_3_stars_is_not_recognised(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 40)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    assert refresh(dossier).state == S.NOT_RECOGNISED


# The first certificate is issued on 5 Dec 2026; the upgrade is decided days later.
FIRST_ISSUE = datetime.date(2026, 12, 5)
UPGRADE_DAY = datetime.datetime(
    2026, 12, 9, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
)


def _certified_then_upgraded(p):
    """A 3★ certificate issued on FIRST_ISSUE, then an upgrade dossier scored 80 and approved."""
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 60)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    issue(p, [dossier], number="1/QĐ", date=FIRST_ISSUE)
    first = refresh(dossier).certificate
    assert first.stars == 3
    upgrade = ready_dossier(p.product, p.producer_user, kind="upgrade")
    assert upgrade.previous_certificate == first
    upgrade = walk_to_scoring(p, upgrade)
    score_all(p, upgrade, 80)
    domain.finalize(upgrade, actor=p.chair)
    domain.approve(upgrade, actor=p.agency)
    return first, upgrade


def test_upgrade_supersedes_the_previous_certificate(p, time_machine):
    time_machine.move_to(UPGRADE_DAY, tick=False)
    first, upgrade = _certified_then_upgraded(p)
    issue(p, [upgrade], number="2/QĐ", date=UPGRADE_DAY.date())
    first.refresh_from_db()
    second = refresh(upgrade).certificate
    assert first.status_on(second.issued_on) == CertificateStatus.SUPERSEDED
    assert first.superseded_by == second
    assert second.number == "2/2026/GCN-OCOP-48"
    for day in (FIRST_ISSUE, UPGRADE_DAY.date(), second.valid_until):
        assert Certificate.objects.current(day).filter(product=p.product).count() == 1


@pytest.mark.parametrize("at", ["draft", "issue"])
def test_a_decision_dated_before_the_certificate_it_replaces_is_refused(p, time_machine, at):
    """Dated before the current certificate was issued, the new certificate would not supersede
    it and the product would hold two current certificates."""
    time_machine.move_to(UPGRADE_DAY, tick=False)
    first, upgrade = _certified_then_upgraded(p)
    early = FIRST_ISSUE - datetime.timedelta(days=1)
    if at == "draft":
        with pytest.raises(DomainError) as error:
            issue(p, [upgrade], number="2/QĐ", date=early)
    else:
        decision = certification.draft_decision(
            actor=p.agency,
            province=p.units.danang,
            number="2/QĐ",
            date=UPGRADE_DAY.date(),
            signer_name="Trần Văn A",
            signer_title="Phó Chủ tịch UBND thành phố",
            dossiers=[upgrade],
        )
        # The draft's date is edited afterwards (admin, another process).
        type(decision).objects.filter(pk=decision.pk).update(date=early)
        with pytest.raises(DomainError) as error:
            certification.issue_decision(decision, actor=p.agency)
    assert error.value.field == "date"
    assert first.number in error.value.message
    assert refresh(upgrade).state == S.APPROVED
    assert Certificate.objects.filter(product=p.product).count() == 1
    first.refresh_from_db()
    assert first.superseded_by is None
    assert first.status_on(UPGRADE_DAY.date()) == CertificateStatus.VALID


def test_a_decision_dated_the_day_of_the_certificate_it_replaces_supersedes_it(p, time_machine):
    time_machine.move_to(UPGRADE_DAY, tick=False)
    first, upgrade = _certified_then_upgraded(p)
    issue(p, [upgrade], number="2/QĐ", date=FIRST_ISSUE)
    first.refresh_from_db()
    assert first.superseded_by == refresh(upgrade).certificate
    assert Certificate.objects.current(UPGRADE_DAY.date()).filter(product=p.product).count() == 1


def test_proposal_on_the_cutoff_day_joins_the_next_round(p):
    dossier = ready_dossier(p.product, p.producer_user, today=datetime.date(2027, 4, 20))
    domain.submit(dossier, actor=p.producer_user, today=datetime.date(2027, 4, 20))
    domain.receive(dossier, actor=p.commune_officer, today=datetime.date(2027, 4, 21))
    from .builders import ASSESSMENT, confirm_samples

    confirm_samples(p.commune_officer, dossier, today=datetime.date(2027, 4, 21))

    domain.assess(
        dossier,
        actor=p.commune_officer,
        assessment=ASSESSMENT,
        today=datetime.date(2027, 4, 29),
    )
    dossier = domain.propose(dossier, actor=p.commune_officer, today=datetime.date(2027, 4, 30))
    assert (dossier.round.year, dossier.round.number) == (2027, 2)
    assert dossier.round.proposals_before == datetime.date(2027, 10, 30)


def test_proposal_the_day_before_the_cutoff_joins_that_round(p):
    day = datetime.date(2027, 4, 29)
    dossier = ready_dossier(p.product, p.producer_user, today=day)
    domain.submit(dossier, actor=p.producer_user, today=day)
    domain.receive(dossier, actor=p.commune_officer, today=day)
    from .builders import ASSESSMENT, confirm_samples

    confirm_samples(p.commune_officer, dossier, today=day)

    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=day)
    dossier = domain.propose(dossier, actor=p.commune_officer, today=day)
    assert (dossier.round.year, dossier.round.number) == (2027, 1)


def test_submitted_dossier_needs_complete_forms(p):
    dossier = domain.create_dossier(p.product, actor=p.producer_user, kind="first")
    with pytest.raises(DomainError) as error:
        domain.submit(dossier, actor=p.producer_user)
    assert "Mẫu 01" in error.value.message
    assert "Mẫu 02" in error.value.message
    assert refresh(dossier).state == S.DRAFT
    assert not Transition.objects.filter(dossier=dossier).exists()


def test_result_records_the_engine_aggregation(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 75)
    domain.finalize(dossier, actor=p.chair)
    result = LevelResult.objects.get(dossier=dossier, level="province")
    assert result.detail["member_totals"] == [result.detail["total"]] * 3
    assert result.sheet_rulebook.slug == "qd-26-2026"
