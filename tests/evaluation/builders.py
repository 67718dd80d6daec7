"""Building blocks for evaluation tests: the people of a province, complete dossiers, answers
reaching a chosen total, and walking a dossier through the procedure with the real actions."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from ocop.accounts.models import Role
from ocop.criteria import scoring
from ocop.criteria.models import Rulebook
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilRole, DossierState, Level
from tests.factories import ProducerFactory, ProductFactory, user_with_role

REGISTRATION = {
    "representative_title": "Giám đốc",
    "contact_address": "Thôn 1, phường Hải Vân",
    "phone": "0905123456",
    "email": "htx@example.vn",
}
REPORT = {
    "history": "Thành lập năm 2015.",
    "organisation": "Ban giám đốc và 3 tổ sản xuất.",
    "business_results": "Doanh thu tăng 20% mỗi năm.",
    "business_plan": "Mở rộng vùng nguyên liệu.",
}
ASSESSMENT = {
    "local_materials": "Cá cơm đánh bắt tại địa phương.",
    "local_labour": "12 lao động địa phương.",
    "idea_origin": "Nghề truyền thống của làng.",
    "local_identity": "Bí quyết ủ chượp của làng Nam Ô.",
}
ADVISORY = {
    "report": "Hồ sơ đầy đủ, đúng quy định.",
    "field_survey": "Đã khảo sát cơ sở ngày 10/11.",
    "lab_tests": "",
}


def answers_near(sheet: dict, target) -> dict:
    """Answers whose total is the smallest reachable at or above `target`, lowering criteria
    without a star gate first (so a total in a band keeps that band's gates when it can)."""
    answers = scoring.best_answers(sheet)
    total = Decimal(sum(Decimal(str(v)) for v in answers.values()))
    target = Decimal(str(target))
    criteria = scoring.criteria_of(sheet)
    gates = scoring.gates_of(sheet)
    order = sorted(criteria, key=lambda code: (bool(gates.get(code)), code))
    for code in order:
        best = Decimal(str(answers[code]))
        for points in sorted(criteria[code].points_of()):
            if total - (best - points) >= target:
                answers[code] = scoring._json_number(points)
                total -= best - points
                break
    return answers


@dataclass
class Province:
    """The people of Đà Nẵng's OCOP programme in a test, with one producer and product."""

    units: object
    agency: object = None
    commune_officer: object = None
    producer_user: object = None
    producer: object = None
    product: object = None
    chair: object = None
    members: list = field(default_factory=list)
    secretary: object = None

    def __post_init__(self):
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=self.units.danang)
        self.commune_officer = user_with_role(Role.COMMUNE_OFFICER, unit=self.units.hai_van)
        self.producer = ProducerFactory(commune=self.units.hai_van)
        self.product = ProductFactory(producer=self.producer)
        self.producer_user = user_with_role(Role.PRODUCER, producer=self.producer)
        self.chair = user_with_role(Role.COUNCIL_MEMBER, unit=self.units.danang)
        self.members = [
            user_with_role(Role.COUNCIL_MEMBER, unit=self.units.danang) for _ in range(2)
        ]
        self.secretary = user_with_role(Role.COUNCIL_MEMBER, unit=self.units.danang)

    def council_for(self, round_) -> Council:
        council = domain.create_council(
            actor=self.agency, level=Level.PROVINCE, name="Hội đồng OCOP", round=round_
        )
        domain.add_member(council, actor=self.agency, user=self.chair, role=CouncilRole.CHAIR)
        for user in self.members:
            domain.add_member(council, actor=self.agency, user=user, role=CouncilRole.MEMBER)
        domain.add_member(
            council, actor=self.agency, user=self.secretary, role=CouncilRole.SECRETARY
        )
        return council

    @property
    def scorers(self):
        return [self.chair, *self.members]


def ready_dossier(product, actor, *, kind="first", today=None):
    """A draft dossier with Mẫu 01 and Mẫu 02 complete (the producer's best answers)."""
    dossier = domain.create_dossier(
        product, actor=actor, kind=kind, registration=REGISTRATION, today=today
    )
    sheet = domain.sheet_for(dossier).data
    return domain.update_dossier(
        dossier,
        actor=actor,
        data={
            "self_assessment": {"answers": scoring.best_answers(sheet), "report": REPORT},
            "samples_delivered": 5,
        },
    )


def confirm_samples(officer, dossier, *, today=None):
    """The local officer confirms the samples the rulebook requires (none for tourism)."""
    required = domain.samples_required(dossier)
    if not required:
        return dossier
    return domain.confirm_samples(
        dossier,
        actor=officer,
        count=required,
        received_on=today or timezone.localdate(),
        today=today,
    )


def walk_to_scoring(p: Province, dossier, *, today=None):
    """Submit, receive, confirm the samples, assess, propose, accept, review and open scoring
    (26/2026 path)."""
    domain.submit(dossier, actor=p.producer_user, today=today)
    domain.receive(dossier, actor=p.commune_officer, today=today)
    confirm_samples(p.commune_officer, dossier, today=today)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=today)
    dossier = domain.propose(dossier, actor=p.commune_officer, today=today)
    if not dossier.round.councils.exists():
        p.council_for(dossier.round)
    domain.accept(dossier, actor=p.agency, today=today)
    domain.record_advisory_review(dossier, actor=p.agency, review=ADVISORY)
    return domain.open_scoring(dossier, actor=p.agency, today=today)


def score_all(p: Province, dossier, total, *, today=None):
    sheet = domain.sheet_for(dossier).data
    answers = answers_near(sheet, total)
    for user in p.scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=today)
    return answers


def rulebook(slug: str) -> Rulebook:
    return Rulebook.objects.get(slug=slug)


def refresh(dossier):
    dossier.refresh_from_db()
    return dossier


STATES = DossierState
TODAY = datetime.date(2026, 11, 29)


# --- the seed's procedure (QĐ 1048/2019) in 2021 -------------------------------------------------

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=HCM)


# Submitted in March, inspected a week later, proposed in April (before the 30 April cut-off
# of round 1), the province's steps in May and June, the decision in June.
SUBMIT_2021 = at(2021, 3, 1)
RECEIVE_2021 = at(2021, 3, 3)
INSPECT_2021 = at(2021, 3, 10)
DISTRICT_SCORING_2021 = at(2021, 3, 15)
PROPOSE_2021 = at(2021, 4, 5)
ACCEPT_2021 = at(2021, 5, 5)
OPEN_2021 = at(2021, 5, 10)
FINALIZE_2021 = at(2021, 5, 20)
APPROVE_2021 = at(2021, 5, 25)
DECIDE_2021 = at(2021, 6, 10)


class Legacy:
    """Điện Bàn (legacy Quảng Nam) in 2021: the district officer, the people of its council, a
    producer of a legacy commune; the province side is Đà Nẵng's agency and council members."""

    def __init__(self, units):
        self.units = units
        self.p = Province(units)
        self.agency = self.p.agency
        self.district_officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
        self.producer = ProducerFactory(commune=units.legacy_commune)
        self.product = ProductFactory(producer=self.producer)
        self.producer_user = user_with_role(Role.PRODUCER, producer=self.producer)
        self.district_chair = user_with_role(Role.COUNCIL_MEMBER, unit=units.legacy_district)
        self.district_members = [
            user_with_role(Role.COUNCIL_MEMBER, unit=units.legacy_district) for _ in range(2)
        ]
        self.district_secretary = user_with_role(Role.COUNCIL_MEMBER, unit=units.legacy_district)

    @property
    def district_scorers(self):
        return [self.district_chair, *self.district_members]
