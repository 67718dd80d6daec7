"""The procedure of QĐ 1048/2019 (the seed letter's era): a product of a legacy commune of Điện Bàn
filed with the district, inspected, scored by the district council, proposed to the province
only above the threshold, then ranked by the province and recognised."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from ocop.accounts.models import Role
from ocop.certification import domain as certification
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import (
    CouncilRole,
    FieldInspection,
    Level,
    LevelResult,
    MemberSheet,
    Transition,
)
from ocop.evaluation.models import DossierState as S
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import (
    ADVISORY,
    Province,
    answers_near,
    confirm_samples,
    ready_dossier,
    refresh,
    score_all,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SUBMIT = D(2021, 3, 1)
RECEIVE = D(2021, 3, 3)
INSPECT = D(2021, 3, 10)
DISTRICT_SCORING = D(2021, 3, 15)
PROPOSE = D(2021, 3, 20)
ACCEPT = D(2021, 4, 5)
OPEN = D(2021, 5, 10)
FINALIZE = D(2021, 5, 20)
APPROVE = D(2021, 5, 25)
DECIDE = D(2021, 6, 10)


@dataclass
class Legacy:
    """Điện Bàn (legacy Quảng Nam) before 2025: the district officer, its council, a producer of
    a legacy commune; the province side is Đà Nẵng's agency and council of today's builders."""

    units: object
    p: Province = None
    district_officer: object = None
    producer: object = None
    product: object = None
    producer_user: object = None
    district_chair: object = None
    district_members: list = field(default_factory=list)
    district_secretary: object = None
    council: object = None

    def __post_init__(self):
        self.p = Province(self.units)
        self.district_officer = user_with_role(
            Role.DISTRICT_OFFICER, unit=self.units.legacy_district
        )
        self.producer = ProducerFactory(commune=self.units.legacy_commune)
        self.product = ProductFactory(producer=self.producer)
        self.producer_user = user_with_role(Role.PRODUCER, producer=self.producer)
        self.district_chair = user_with_role(Role.COUNCIL_MEMBER, unit=self.units.legacy_district)
        self.district_members = [
            user_with_role(Role.COUNCIL_MEMBER, unit=self.units.legacy_district) for _ in range(2)
        ]
        self.district_secretary = user_with_role(
            Role.COUNCIL_MEMBER, unit=self.units.legacy_district
        )
        self.council = domain.create_council(
            actor=self.district_officer,
            level=Level.DISTRICT,
            name="Hội đồng OCOP thị xã Điện Bàn",
            district=self.units.legacy_district,
            established_by="QĐ 120/QĐ-UBND ngày 05/01/2021",
        )
        domain.add_member(
            self.council,
            actor=self.district_officer,
            user=self.district_chair,
            role=CouncilRole.CHAIR,
        )
        for user in self.district_members:
            domain.add_member(
                self.council, actor=self.district_officer, user=user, role=CouncilRole.MEMBER
            )
        domain.add_member(
            self.council,
            actor=self.district_officer,
            user=self.district_secretary,
            role=CouncilRole.SECRETARY,
        )

    @property
    def district_scorers(self):
        return [self.district_chair, *self.district_members]


@pytest.fixture
def q(units):
    return Legacy(units)


def submitted(q, *, kind="first", day=SUBMIT):
    dossier = ready_dossier(q.product, q.producer_user, kind=kind, today=day)
    return domain.submit(dossier, actor=q.producer_user, today=day)


def inspected(q, *, kind="first", day=SUBMIT):
    dossier = submitted(q, kind=kind, day=day)
    domain.receive(dossier, actor=q.district_officer, today=day + datetime.timedelta(days=2))
    confirm_samples(q.district_officer, dossier, today=day + datetime.timedelta(days=2))
    return domain.inspect(
        dossier,
        actor=q.district_officer,
        date=day + datetime.timedelta(days=8),
        people="Phòng Kinh tế thị xã, UBND phường Vĩnh Điện, đại diện chủ thể",
        findings="Cơ sở sản xuất đúng như hồ sơ; nhà xưởng sạch sẽ.",
        today=day + datetime.timedelta(days=9),
    )


def district_scored(q, total, *, kind="first", day=SUBMIT):
    dossier = inspected(q, kind=kind, day=day)
    answers = answers_near(domain.sheet_for(dossier).data, total)
    scoring_day = day + datetime.timedelta(days=14)
    for user in q.district_scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=scoring_day)
    return domain.close_district_scoring(dossier, actor=q.district_officer, today=scoring_day)


def recognised(q, district_total, province_total, *, number="15/QĐ-UBND"):
    """The whole 1048 path; returns the dossier, recognised by a decision dated DECIDE."""
    dossier = district_scored(q, district_total)
    dossier = domain.propose(dossier, actor=q.district_officer, today=PROPOSE)
    if not dossier.round.councils.exists():
        q.p.council_for(dossier.round)
    domain.accept(dossier, actor=q.p.agency, today=ACCEPT)
    domain.record_advisory_review(dossier, actor=q.p.agency, review=ADVISORY)
    domain.open_scoring(dossier, actor=q.p.agency, today=OPEN)
    score_all(q.p, dossier, province_total, today=OPEN)
    domain.finalize(dossier, actor=q.p.chair, today=FINALIZE)
    domain.approve(dossier, actor=q.p.agency, today=APPROVE)
    decision = certification.draft_decision(
        actor=q.p.agency,
        province=q.units.danang,
        number=number,
        date=DECIDE,
        signer_name="Lê Trí Thanh",
        signer_title="Chủ tịch UBND tỉnh",
        dossiers=[refresh(dossier)],
    )
    certification.issue_decision(decision, actor=q.p.agency)
    return refresh(dossier)


def test_whole_1048_path_from_the_district_to_a_certificate(q, units):
    dossier = ready_dossier(q.product, q.producer_user, today=SUBMIT)
    assert dossier.rulebook.slug == "qd-1048-2019"
    assert dossier.commune == units.legacy_commune
    assert dossier.province == units.danang
    dossier = domain.submit(dossier, actor=q.producer_user, today=SUBMIT)
    assert (dossier.state, dossier.submitted_on) == (S.SUBMITTED, SUBMIT)
    domain.receive(dossier, actor=q.district_officer, today=RECEIVE)
    assert refresh(dossier).state == S.RECEIVED
    confirm_samples(q.district_officer, dossier, today=RECEIVE)

    # No commune step under 1048, and no proposal before the inspection.
    with pytest.raises(DomainError):
        domain.assess(dossier, actor=q.district_officer, assessment={"local_labour": "x"})
    with pytest.raises(DomainError) as error:
        domain.propose(dossier, actor=q.district_officer, today=RECEIVE)
    assert error.value.code == "state"

    domain.inspect(
        dossier,
        actor=q.district_officer,
        date=D(2021, 3, 9),
        people="Phòng Kinh tế thị xã Điện Bàn; UBND phường Vĩnh Điện; chủ thể",
        findings="Quy trình sản xuất, nhà xưởng đúng như hồ sơ.",
        today=INSPECT,
    )
    dossier = refresh(dossier)
    assert dossier.state == S.INSPECTED
    minutes = FieldInspection.objects.get(dossier=dossier)
    assert minutes.date == D(2021, 3, 9)
    assert "Vĩnh Điện" in minutes.people
    assert minutes.recorded_by == q.district_officer

    assert domain.scoring_level(dossier) == Level.DISTRICT
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    for user in q.district_scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=DISTRICT_SCORING)
    domain.close_district_scoring(dossier, actor=q.district_officer, today=DISTRICT_SCORING)
    dossier = refresh(dossier)
    assert dossier.state == S.DISTRICT_SCORED
    district = LevelResult.objects.get(dossier=dossier, level=Level.DISTRICT)
    assert Decimal(75) <= district.total < Decimal(80)
    assert district.sheet_rulebook.slug == "qd-26-2026"

    dossier = domain.propose(dossier, actor=q.district_officer, today=PROPOSE)
    assert dossier.state == S.PROPOSED
    assert dossier.proposed_on == PROPOSE
    assert (dossier.round.year, dossier.round.number) == (2021, 1)
    assert dossier.round.province == units.danang
    q.p.council_for(dossier.round)
    domain.accept(dossier, actor=q.p.agency, today=ACCEPT)
    domain.record_advisory_review(dossier, actor=q.p.agency, review=ADVISORY)
    domain.open_scoring(dossier, actor=q.p.agency, today=OPEN)
    assert domain.scoring_level(refresh(dossier)) == Level.PROVINCE
    score_all(q.p, dossier, 75, today=OPEN)
    domain.finalize(dossier, actor=q.p.chair, today=FINALIZE)
    dossier = refresh(dossier)
    assert (dossier.state, dossier.stars) == (S.SCORED, 4)
    domain.approve(dossier, actor=q.p.agency, today=APPROVE)
    assert refresh(dossier).state == S.APPROVED

    decision = certification.draft_decision(
        actor=q.p.agency,
        province=units.danang,
        number="15/QĐ-UBND",
        date=DECIDE,
        signer_name="Lê Trí Thanh",
        signer_title="Chủ tịch UBND tỉnh",
        dossiers=[refresh(dossier)],
    )
    certification.issue_decision(decision, actor=q.p.agency)
    dossier = refresh(dossier)
    assert dossier.state == S.RECOGNISED
    certificate = Certificate.objects.get(dossier=dossier)
    assert certificate.rulebook.slug == "qd-1048-2019"
    assert certificate.stars == 4
    assert certificate.issued_on == DECIDE
    assert certificate.valid_until == D(2024, 6, 9)
    assert certificate.number == "1/2021/GCN-OCOP-48"
    assert list(dossier.transitions.values_list("action", flat=True)) == [
        "submit",
        "receive",
        "inspect",
        "close-district-scoring",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "issue",
    ]
    assert dossier.transitions.get(action="receive").at.date() == RECEIVE


def test_the_commune_step_does_not_apply_under_1048(q, units):
    dossier = submitted(q)
    domain.receive(dossier, actor=q.district_officer, today=RECEIVE)
    commune_officer = user_with_role(Role.COMMUNE_OFFICER, unit=units.legacy_commune)
    with pytest.raises(DomainError) as error:
        domain.assess(
            dossier,
            actor=commune_officer,
            assessment={"local_labour": "12 lao động"},
            today=RECEIVE,
        )
    assert error.value.code == "profile"
    assert "1048" in error.value.message
    assert "cấp huyện" in error.value.message
    assert refresh(dossier).state == S.RECEIVED


def test_the_commune_cannot_receive_a_1048_dossier(q, units):
    dossier = submitted(q)
    commune_officer = user_with_role(Role.COMMUNE_OFFICER, unit=units.legacy_commune)
    with pytest.raises(DomainError) as error:
        domain.receive(dossier, actor=commune_officer, today=RECEIVE)
    assert error.value.code == "permission"
    assert refresh(dossier).state == S.SUBMITTED


def test_inspection_minutes_need_date_people_and_findings(q):
    dossier = submitted(q)
    domain.receive(dossier, actor=q.district_officer, today=RECEIVE)
    for people, findings in (("", "Đạt"), ("Phòng Kinh tế", "  ")):
        with pytest.raises(DomainError) as error:
            domain.inspect(
                dossier,
                actor=q.district_officer,
                date=RECEIVE,
                people=people,
                findings=findings,
                today=INSPECT,
            )
        assert error.value.code == "incomplete"
    # Not before the submission, not in the future.
    for day in (D(2021, 2, 27), D(2021, 3, 11)):
        with pytest.raises(DomainError) as error:
            domain.inspect(
                dossier,
                actor=q.district_officer,
                date=day,
                people="Phòng Kinh tế",
                findings="Đạt",
                today=INSPECT,
            )
        assert error.value.field == "date"
    assert refresh(dossier).state == S.RECEIVED
    assert not FieldInspection.objects.filter(dossier=dossier).exists()


def test_the_district_council_cannot_score_before_the_inspection(q):
    dossier = submitted(q)
    domain.receive(dossier, actor=q.district_officer, today=RECEIVE)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    with pytest.raises(DomainError) as error:
        domain.save_sheet(
            dossier, actor=q.district_chair, answers=answers, submit=True, today=RECEIVE
        )
    assert error.value.code == "state"
    assert not MemberSheet.objects.filter(dossier=dossier).exists()


def test_close_district_scoring_needs_every_members_sheet(q):
    dossier = inspected(q)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    domain.save_sheet(
        dossier, actor=q.district_chair, answers=answers, submit=True, today=DISTRICT_SCORING
    )
    domain.save_sheet(dossier, actor=q.district_members[0], answers=answers, today=DISTRICT_SCORING)
    with pytest.raises(DomainError) as error:
        domain.close_district_scoring(dossier, actor=q.district_officer, today=DISTRICT_SCORING)
    assert error.value.code == "pending"
    assert "2" in error.value.message
    assert str(q.district_members[1]) in error.value.message
    assert refresh(dossier).state == S.INSPECTED
    assert not LevelResult.objects.filter(dossier=dossier).exists()


def test_only_the_district_officer_closes_the_district_scoring(q):
    dossier = inspected(q)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    for user in q.district_scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=DISTRICT_SCORING)
    for actor in (q.district_chair, q.p.agency, q.producer_user):
        with pytest.raises(DomainError) as error:
            domain.close_district_scoring(dossier, actor=actor, today=DISTRICT_SCORING)
        assert error.value.code == "permission"
    assert refresh(dossier).state == S.INSPECTED


def test_the_district_secretary_does_not_score(q):
    dossier = inspected(q)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    with pytest.raises(DomainError) as error:
        domain.save_sheet(
            dossier,
            actor=q.district_secretary,
            answers=answers,
            submit=True,
            today=DISTRICT_SCORING,
        )
    assert error.value.code == "permission"


def test_a_new_product_under_50_points_is_not_proposed(q):
    dossier = district_scored(q, 45)
    result = LevelResult.objects.get(dossier=dossier, level=Level.DISTRICT)
    assert result.total < 50
    transitions = Transition.objects.filter(dossier=dossier).count()
    with pytest.raises(DomainError) as error:
        domain.propose(dossier, actor=q.district_officer, today=PROPOSE)
    assert error.value.code == "threshold"
    assert "50" in error.value.message
    assert "1048" in error.value.message
    dossier = refresh(dossier)
    assert dossier.state == S.DISTRICT_SCORED
    assert dossier.round is None
    assert dossier.proposed_on is None
    assert Transition.objects.filter(dossier=dossier).count() == transitions


def test_a_new_product_at_exactly_50_points_is_proposed(q):
    dossier = district_scored(q, 50)
    result = LevelResult.objects.get(dossier=dossier, level=Level.DISTRICT)
    assert Decimal(50) <= result.total < Decimal(51)
    dossier = domain.propose(dossier, actor=q.district_officer, today=PROPOSE)
    assert dossier.state == S.PROPOSED


@pytest.fixture
def three_stars(q):
    """The product recognised 3★ under 1048 (the whole path), ready for an upgrade."""
    dossier = recognised(q, 60, 60)
    certificate = dossier.certificate
    assert certificate.stars == 3
    return certificate


def test_an_upgrade_inside_the_current_band_is_not_proposed(q, three_stars):
    day = D(2021, 9, 1)
    dossier = district_scored(q, 65, kind="upgrade", day=day)
    assert dossier.previous_certificate == three_stars
    with pytest.raises(DomainError) as error:
        domain.propose(dossier, actor=q.district_officer, today=day + datetime.timedelta(15))
    assert error.value.code == "threshold"
    assert "1048" in error.value.message
    assert "3 sao" in error.value.message
    dossier = refresh(dossier)
    assert (dossier.state, dossier.round) == (S.DISTRICT_SCORED, None)


def test_an_upgrade_above_the_current_band_is_proposed(q, three_stars):
    day = D(2021, 9, 1)
    dossier = district_scored(q, 72, kind="upgrade", day=day)
    dossier = domain.propose(dossier, actor=q.district_officer, today=day + datetime.timedelta(15))
    assert dossier.state == S.PROPOSED
    assert (dossier.round.year, dossier.round.number) == (2021, 2)


def test_a_new_council_of_the_district_replaces_the_former_one(q, units):
    """A district re-establishes its council (a new year, new members): the new council scores
    the new dossiers. The former members scored earlier dossiers, so they cannot be removed."""
    first = district_scored(q, 60)
    domain.disqualify(
        first, actor=q.district_officer, reason="Chủ thể ngừng sản xuất", today=PROPOSE
    )
    former = q.council.members.get(user=q.district_members[0])
    with pytest.raises(DomainError):
        domain.remove_member(former, actor=q.district_officer, reason="Hết nhiệm kỳ")
    council = domain.create_council(
        actor=q.district_officer,
        level=Level.DISTRICT,
        name="Hội đồng OCOP thị xã Điện Bàn năm 2022",
        district=units.legacy_district,
    )
    newcomers = [user_with_role(Role.COUNCIL_MEMBER, unit=units.legacy_district) for _ in range(3)]
    for user, role in zip(newcomers, ("chair", "member", "member"), strict=True):
        domain.add_member(council, actor=q.district_officer, user=user, role=role)
    day = D(2022, 3, 1)
    dossier = inspected(q, day=day)
    answers = answers_near(domain.sheet_for(dossier).data, 60)
    for user in newcomers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=day)
    domain.close_district_scoring(dossier, actor=q.district_officer, today=day)
    assert refresh(dossier).state == S.DISTRICT_SCORED


def test_a_reranking_at_its_current_band_is_proposed(q, three_stars):
    day = D(2021, 9, 1)
    dossier = district_scored(q, 65, kind="rerank", day=day)
    assert dossier.previous_certificate == three_stars
    dossier = domain.propose(dossier, actor=q.district_officer, today=day + datetime.timedelta(15))
    assert dossier.state == S.PROPOSED


def test_a_returned_dossier_is_scored_again_by_the_district(q):
    dossier = district_scored(q, 60)
    domain.return_dossier(
        dossier, actor=q.district_officer, reason="Bổ sung giấy ATTP", today=PROPOSE
    )
    day = D(2021, 4, 1)
    domain.submit(dossier, actor=q.producer_user, today=day)
    domain.receive(dossier, actor=q.district_officer, today=day)
    domain.inspect(
        dossier,
        actor=q.district_officer,
        date=day,
        people="Phòng Kinh tế",
        findings="Đã bổ sung giấy chứng nhận ATTP.",
        today=day,
    )
    pending = domain.pending_members(refresh(dossier), Level.DISTRICT)
    assert {member.user for member in pending} == set(q.district_scorers)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    domain.save_sheet(dossier, actor=q.district_chair, answers=answers, submit=True, today=day)
