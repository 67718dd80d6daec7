"""The programme at work today: Đà Nẵng's current round with dossiers in every state.

`build_programme` gives the demo a Ministry officer, the current round's council (council1 in the
chair, council2–council5 from five departments, the agency officer as secretary and the
inspector on the advisory team) and about thirty dossiers walked through the real domain actions
by the people who would act: the producers, the commune officers, the agency, the council. Past
days are passed as `today` only where the procedure needs them (proposals before the round's
cut-off, the council's sessions since). Dossiers still at the commune will join the next round.

The producers and communes acting here have accounts of their own (demo accounts that cannot
sign in); the `producer` and `commune` demo accounts find dossiers of theirs at several steps.
It runs once: nothing is done when the current round's council already exists.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Department, Membership, Role, User
from ocop.accounts.scope import scope_communes
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.certification import domain as certification
from ocop.certification.models import Certificate, Decision
from ocop.core.errors import DomainError
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import (
    Council,
    CouncilRole,
    Dossier,
    DossierKind,
    DossierState,
    Level,
    MemberSheet,
)
from ocop.geo.models import AdminUnit, Era, UnitConversion
from ocop.registry.models import ProducerStatus, Product

from . import builder, history, names
from .catalogue import DemoAccount

S = DossierState
K = DossierKind
SEED = 20261030
MINISTRY_ACCOUNT = DemoAccount("ministry", "Phạm Thị Thanh Huyền", Role.MINISTRY_OFFICER)
# (username, council role, department, organisation)
SEATS = (
    (
        "council1",
        CouncilRole.CHAIR,
        Department.AGRICULTURE_ENVIRONMENT,
        "Sở Nông nghiệp và Môi trường thành phố Đà Nẵng",
    ),
    ("council2", CouncilRole.MEMBER, Department.INDUSTRY_TRADE, "Sở Công Thương thành phố Đà Nẵng"),
    ("council3", CouncilRole.MEMBER, Department.HEALTH, "Sở Y tế thành phố Đà Nẵng"),
    (
        "council4",
        CouncilRole.MEMBER,
        Department.SCIENCE_TECHNOLOGY,
        "Sở Khoa học và Công nghệ thành phố Đà Nẵng",
    ),
    (
        "council5",
        CouncilRole.MEMBER,
        Department.CULTURE_SPORTS_TOURISM,
        "Sở Văn hóa, Thể thao và Du lịch thành phố Đà Nẵng",
    ),
    (
        "agency",
        CouncilRole.SECRETARY,
        Department.AGRICULTURE_ENVIRONMENT,
        "Chi cục Phát triển nông thôn thành phố Đà Nẵng",
    ),
    (
        "inspector",
        CouncilRole.ADVISOR,
        Department.AGRICULTURE_ENVIRONMENT,
        "Sở Nông nghiệp và Môi trường thành phố Đà Nẵng",
    ),
)
# Communes whose products fill the round besides the `commune` account's ward (2025 codes:
# Hội An, Hải Vân, Hòa Vang, Thăng An, Hải Châu, Tam Hải, Nông Sơn, Tam Kỳ).
OTHER_COMMUNES = (20410, 20194, 20320, 20794, 20242, 20992, 20656, 20341)
RERANK_HORIZON = datetime.timedelta(days=240)
# How far before today the current round's dossiers may be opened (the longest walk of a case).
CERTIFIED_LOOKBACK = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Case:
    """One dossier of the round: where it stops, what it asks, whose it is, its council total."""

    state: str
    kind: str
    place: str  # "commune" (the demo commune's ward), "other", or a showcase product's name
    target: float = 0
    variant: str = ""


CASES = (
    Case(S.DRAFT, K.FIRST, "Trà sâm dây Ngọc Linh Trà Linh", 62, "partial"),
    Case(S.DRAFT, K.FIRST, "commune", 58),
    Case(S.SUBMITTED, K.FIRST, "commune", 60),
    Case(S.SUBMITTED, K.RERANK, "other", 64),
    Case(S.RECEIVED, K.FIRST, "commune", 57),
    Case(S.RECEIVED, K.UPGRADE, "other", 73),
    Case(S.ASSESSED, K.FIRST, "commune", 61),
    Case(S.RETURNED, K.RERANK, "Cao sâm Ngọc Linh Trà Linh", 78, "commune"),
    Case(S.RETURNED, K.FIRST, "other", 59, "agency"),
    Case(S.DISQUALIFIED, K.FIRST, "other", 55),
    Case(S.WITHDRAWN, K.FIRST, "other", 52),
    Case(S.PROPOSED, K.FIRST, "commune", 63),
    Case(S.PROPOSED, K.RERANK, "other", 66),
    Case(S.ADVISORY_REVIEW, K.FIRST, "other", 60, "reviewed"),
    Case(S.ADVISORY_REVIEW, K.UPGRADE, "other", 72),
    Case(S.COUNCIL_SCORING, K.FIRST, "other", 64, "half"),
    Case(S.COUNCIL_SCORING, K.FIRST, "commune", 67, "ready"),
    Case(S.COUNCIL_SCORING, K.RERANK, "other", 62, "conflict"),
    Case(S.COUNCIL_SCORING, K.FIRST, "other", 56, "fresh"),
    Case(S.SCORED, K.FIRST, "other", 62),
    Case(S.SCORED, K.UPGRADE, "other", 76),
    Case(S.APPROVED, K.FIRST, "other", 58),
    Case(S.APPROVED, K.RERANK, "other", 81),
    Case(S.SENT_TO_MINISTRY, K.UPGRADE, "other", 92, "four"),
    Case(S.NOT_RECOGNISED, K.FIRST, "other", 44),
    Case(S.RECOGNISED, K.UPGRADE, "Rượu sâm Ngọc Linh Trà Linh", 74),
    Case(S.RECOGNISED, K.FIRST, "other", 64),
    Case(S.RECOGNISED, K.RERANK, "commune", 67),
)
# States reached only after the commune proposed the dossier to this round.
IN_ROUND = {
    S.PROPOSED,
    S.ADVISORY_REVIEW,
    S.COUNCIL_SCORING,
    S.SCORED,
    S.APPROVED,
    S.SENT_TO_MINISTRY,
    S.NOT_RECOGNISED,
    S.RECOGNISED,
    S.DISQUALIFIED,
}
RETURN_REASONS = {
    "commune": (
        "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đã hết hạn; đề nghị bổ sung bản "
        "sao giấy chứng nhận còn hiệu lực và phiếu kiểm nghiệm sản phẩm trong vòng 12 tháng."
    ),
    "agency": (
        "Hồ sơ thiếu bản thuyết minh quy trình sản xuất và hình ảnh nhãn sản phẩm đang lưu "
        "hành; đề nghị chủ thể bổ sung, hoàn thiện và nộp lại."
    ),
}
DISQUALIFY_REASON = (
    "Tổ tư vấn xác định sản phẩm sử dụng nguyên liệu chính nhập từ tỉnh khác, không rõ nguồn "
    "gốc; thuộc trường hợp hồ sơ bị loại theo phiếu đánh giá."
)
WITHDRAW_REASON = "Chủ thể rút hồ sơ để thay đổi bao bì, nhãn mác; sẽ đăng ký lại ở đợt sau."
CONFLICT_REASON = "Tôi có người thân (em ruột) là thành viên góp vốn của chủ thể có sản phẩm này."


def council_name(year: int, number: int) -> str:
    return f"Hội đồng đánh giá, phân hạng sản phẩm OCOP thành phố Đà Nẵng đợt {number} năm {year}"


def ensure_ministry(*, admin, summary) -> User:
    user = builder._ensure_user(
        MINISTRY_ACCOUNT.username, MINISTRY_ACCOUNT.full_name, actor=admin, summary=summary
    )
    builder._ensure_membership(user, actor=admin, role=Role.MINISTRY_OFFICER)
    return user


def _actor(username: str, full_name: str, *, admin, role: str, unit=None, producer=None) -> User:
    """An account that acts in the demo without signing in (no usable password)."""
    user = User.objects.filter(username=username).first()
    if user is not None and not user.is_demo:
        raise DomainError(
            _("Tài khoản %(name)s đã tồn tại và không phải tài khoản demo; không nạp dữ liệu demo.")
            % {"name": username}
        )
    if user is None:
        user = User(username=username, full_name=full_name, is_demo=True)
        user.set_unusable_password()
        user.save()
        log.record(
            user,
            actor=admin,
            action=AuditAction.CREATE,
            changes={"username": [None, username], "full_name": [None, full_name]},
        )
    builder._ensure_membership(user, actor=admin, role=role, unit=unit, producer=producer)
    return user


@dataclass
class ProgrammeSummary:
    dossiers: int = 0
    sheets: int = 0
    certificates: int = 0


class Programme:
    def __init__(self, *, province, admin, today):
        self.province = province
        self.admin = admin
        self.today = today
        self.rng = random.Random(SEED)
        self.users = {u.username: u for u in User.objects.filter(is_demo=True)}
        self.agency = self.users["agency"]
        self.chair = self.users["council1"]
        self.rulebooks = history.Rulebooks()
        self.slot = history.current_slot(self.rulebooks, today)
        self.cutoff = self.slot.proposals_before
        self.sheets = history.Sheets()
        self.commune_officers: dict[int, User] = {}
        self.producer_users: dict[int, User] = {}
        self.current_of: dict[int, AdminUnit] = {}
        self.created_on: dict[int, datetime.date] = {}
        self.summary = ProgrammeSummary()

    # --- dates ------------------------------------------------------------------------------

    def after_cutoff(self, share: float) -> datetime.date:
        """A day between the cut-off and today, `share` of the way (a larger share is never
        an earlier day, so a dossier's steps stay in order however short the span)."""
        span = max((self.today - self.cutoff).days, 0)
        return self.cutoff + datetime.timedelta(days=int(span * share))

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    # --- people ------------------------------------------------------------------------------

    def producer_user(self, producer) -> User:
        if producer.pk not in self.producer_users:
            owner = Membership.objects.filter(
                role=Role.PRODUCER, producer=producer, user__is_demo=True
            ).select_related("user")
            found = owner.first()
            if found is not None:
                self.producer_users[producer.pk] = found.user
            else:
                self.producer_users[producer.pk] = _actor(
                    f"ct-{producer.registration_no.lower()}",
                    producer.legal_representative,
                    admin=self.admin,
                    role=Role.PRODUCER,
                    producer=producer,
                )
        return self.producer_users[producer.pk]

    def commune_officer(self, commune: AdminUnit) -> User:
        if commune.pk not in self.commune_officers:
            demo = Membership.objects.filter(
                user=self.users["commune"], role=Role.COMMUNE_OFFICER, unit=commune
            ).first()
            if demo is not None:
                self.commune_officers[commune.pk] = demo.user
            else:
                person = names.person(random.Random(commune.code), woman_share=0.5)
                self.commune_officers[commune.pk] = _actor(
                    f"xa-{commune.code}",
                    person.full_name,
                    admin=self.admin,
                    role=Role.COMMUNE_OFFICER,
                    unit=commune,
                )
        return self.commune_officers[commune.pk]

    # --- products ----------------------------------------------------------------------------

    def pools(self, products):
        current_of = _current_communes(products)
        commune_scope = set(
            scope_communes(
                Membership.objects.get(user=self.users["commune"], role=Role.COMMUNE_OFFICER)
            ).values_list("pk", flat=True)
        )
        certificates = {
            c.product_id: c
            for c in Certificate.objects.current()
            .filter(product__in=products)
            .order_by("issued_on")
        }
        # Dossiers are opened weeks before today: a product whose certificate ended within the
        # lookback may still have held it on that day, so it makes no first dossier; and an
        # upgrade or re-ranking needs a certificate already in force on that day.
        since = self.today - CERTIFIED_LOOKBACK
        self.recently_certified = set(
            Certificate.objects.filter(product__in=products, valid_until__gte=since).values_list(
                "product_id", flat=True
            )
        )
        by_name = {}
        ward, preferred, rest = [], [], []
        for product in products:
            if product.name in history.SHOWCASE_STORIES:
                by_name[product.name] = product
                continue
            if product.producer.status != ProducerStatus.ACTIVE:
                continue
            if product.commune_id in commune_scope:
                ward.append(product)
            elif current_of[product.pk].code in OTHER_COMMUNES:
                preferred.append(product)
            else:
                rest.append(product)
        for pool in (ward, preferred, rest):
            self.rng.shuffle(pool)
        return by_name, ward, preferred + rest, certificates, current_of

    def eligible(self, case: Case, product, certificate) -> bool:
        if case.kind == K.FIRST:
            return certificate is None and product.pk not in self.recently_certified
        if certificate is None or certificate.issued_on > self.today - CERTIFIED_LOOKBACK:
            return False
        if case.kind == K.UPGRADE:
            return certificate.stars == (4 if case.variant == "four" else 3)
        return certificate.valid_until <= self.today + RERANK_HORIZON

    def choose(self, products) -> list[tuple[Case, Product]]:
        by_name, ward, others, certificates, current_of = self.pools(products)
        self.current_of = current_of
        used_producers = set()
        chosen = []
        for case in CASES:
            if case.place in by_name:
                chosen.append((case, by_name[case.place]))
                continue
            pools = [ward, others] if case.place == "commune" else [others]
            product = None
            for pool in pools:
                for candidate in pool:
                    if candidate.producer_id in used_producers:
                        continue
                    if self.eligible(case, candidate, certificates.get(candidate.pk)):
                        product = candidate
                        break
                if product is not None:
                    break
            if product is None:
                continue
            used_producers.add(product.producer_id)
            chosen.append((case, product))
        return chosen

    # --- walking -----------------------------------------------------------------------------

    def target_stars(self, target: float) -> int:
        return scoring.band_of(target, self.slot.rulebook.rules.scoring_bands())

    def fill(self, dossier, producer_user, case: Case):
        product = dossier.product
        producer = product.producer
        tool = self.sheets.tool(dossier.rulebook, product.product_set.number)
        self_target = min(case.target + self.rng.uniform(2, 7), 99)
        partial = case.variant == "partial"
        report = history.report_for(producer, product, self.slot.year, self.rng)
        if partial:
            report = {key: report[key] for key in ("history", "organisation")}
        return domain.update_dossier(
            dossier,
            actor=producer_user,
            data={
                "self_assessment": {
                    "answers": tool.answers(
                        round(self_target, 1),
                        self.target_stars(self_target),
                        self.rng,
                        share=0.55 if partial else 1,
                    ),
                    "notes": {},
                    "report": report,
                },
                "samples_delivered": 0 if partial else self.samples_for(dossier),
            },
        )

    def samples_for(self, dossier) -> int:
        """The samples a producer hands in: at least what the rulebook asks for, sometimes one
        more; none for tourism services."""
        drawn = self.rng.randint(3, 6)
        required = domain.samples_required(dossier)
        return max(drawn, required) if required else 0

    def confirm_samples(self, dossier, officer, *, received_on, today):
        """The commune officer confirms the samples it received (when the rulebook asks)."""
        if not domain.samples_required(dossier):
            return dossier
        return domain.confirm_samples(
            dossier,
            actor=officer,
            count=dossier.samples_delivered,
            received_on=received_on,
            today=today,
        )

    def walk(self, index: int, case: Case, product) -> Dossier:
        producer = product.producer
        owner = self.producer_user(producer)
        officer = self.commune_officer(self.current_of[product.pk])
        in_round = case.state in IN_ROUND or case.variant == "agency"
        if in_round:
            propose = self.cutoff - datetime.timedelta(days=2 + index % 12)
            assess = propose - datetime.timedelta(days=1 + index % 3)
            receive = assess - datetime.timedelta(days=4 + index % 4)
            submit = receive - datetime.timedelta(days=1 + index % 2)
            created = submit - datetime.timedelta(days=12 + index % 9)
        else:
            days = {
                S.DRAFT: (9,),
                S.SUBMITTED: (20, 3 + index % 3),
                S.RECEIVED: (25, 12, 10),
                S.ASSESSED: (30, 19, 16, 5),
                S.RETURNED: (35, 20, 18, 8),
                S.WITHDRAWN: (40, 30, 27, 15),
            }[case.state]
            created, submit, receive, assess = ([*map(self.ago, days)] + [None] * 4)[:4]
            propose = None
        dossier = domain.create_dossier(
            product,
            actor=owner,
            kind=case.kind,
            registration=history.registration_for(producer, product.commune),
            today=created,
        )
        self.created_on[dossier.pk] = created
        dossier = self.fill(dossier, owner, case)
        if case.state == S.DRAFT:
            return dossier
        dossier = domain.submit(dossier, actor=owner, today=submit)
        if case.state == S.SUBMITTED:
            return dossier
        dossier = domain.receive(dossier, actor=officer, today=receive)
        if case.state == S.RECEIVED:
            return dossier
        if case.state == S.WITHDRAWN:
            return domain.withdraw(dossier, actor=owner, reason=WITHDRAW_REASON, today=assess)
        if case.variant == "commune":
            return domain.return_dossier(
                dossier, actor=officer, reason=RETURN_REASONS["commune"], today=assess
            )
        dossier = self.confirm_samples(dossier, officer, received_on=receive, today=assess)
        dossier = domain.assess(
            dossier,
            actor=officer,
            assessment=history.assessment_for(producer, product),
            today=assess,
        )
        if case.state == S.ASSESSED:
            return dossier
        dossier = domain.propose(dossier, actor=officer, today=propose)
        if case.state == S.PROPOSED:
            return dossier
        dossier = domain.accept(
            dossier, actor=self.agency, today=self.after_cutoff(0.1 + 0.02 * (index % 3))
        )
        if case.variant == "agency":
            return domain.return_dossier(
                dossier,
                actor=self.agency,
                reason=RETURN_REASONS["agency"],
                today=self.after_cutoff(0.2),
            )
        if case.state == S.DISQUALIFIED:
            return domain.disqualify(
                dossier, actor=self.agency, reason=DISQUALIFY_REASON, today=self.after_cutoff(0.25)
            )
        if case.state == S.ADVISORY_REVIEW and case.variant != "reviewed":
            return dossier
        dossier = domain.record_advisory_review(
            dossier,
            actor=self.agency,
            review=history.advisory_for(product, self.after_cutoff(0.2)),
        )
        if case.state == S.ADVISORY_REVIEW:
            return dossier
        dossier = domain.open_scoring(dossier, actor=self.agency, today=self.after_cutoff(0.35))
        self.score(dossier, case)
        if case.state == S.COUNCIL_SCORING:
            return dossier
        dossier = domain.finalize(dossier, actor=self.chair, today=self.after_cutoff(0.72))
        if case.state == S.SCORED:
            return dossier
        return domain.approve(dossier, actor=self.agency, today=self.after_cutoff(0.8))

    def score(self, dossier, case: Case) -> None:
        """The members' sheets: all submitted, or in progress for the variants."""
        tool = self.sheets.tool(dossier.rulebook, dossier.product.product_set.number)
        stars = self.target_stars(case.target)
        plan = {name: "submit" for name, role, *_rest in SEATS if role in domain.SCORING_ROLES}
        if case.variant == "half":
            plan.update(council3="draft", council4=None, council5=None)
        elif case.variant == "conflict":
            plan.update(council2="conflict", council4="draft", council5=None)
        elif case.variant == "fresh":
            plan = dict.fromkeys(plan)
        for position, (username, step) in enumerate(plan.items()):
            user = self.users[username]
            if step is None:
                continue
            if step == "conflict":
                domain.declare_conflict(dossier, actor=user, reason=CONFLICT_REASON)
                continue
            low = history.BAND_FLOOR.get(stars, 0)
            high = history.BAND_CEILING.get(stars, 100) - 1.5
            target = min(max(case.target + self.rng.uniform(-2.5, 2.5), low), high)
            answers = tool.answers(
                round(target, 1), stars, self.rng, share=0.6 if step == "draft" else 1
            )
            sheet = domain.save_sheet(dossier, actor=user, answers=answers, submit=step == "submit")
            self.summary.sheets += 1
            moment = history.aware(self.after_cutoff(0.4 + 0.06 * position), 9 + position)
            updates = {"updated_at": moment}
            if sheet.is_submitted:
                updates["submitted_at"] = moment
            MemberSheet.objects.filter(pk=sheet.pk).update(**updates)

    def council(self, round_) -> Council:
        council = domain.create_council(
            actor=self.agency,
            level=Level.PROVINCE,
            name=council_name(self.slot.year, self.slot.number),
            round=round_,
            established_by=(
                f"Quyết định số {self.cutoff.timetuple().tm_yday * 9 + 4}/QĐ-UBND ngày "
                f"{self.cutoff + datetime.timedelta(days=3):%d/%m/%Y} của Chủ tịch UBND "
                "thành phố Đà Nẵng"
            ),
        )
        for username, role, department, organisation in SEATS:
            domain.add_member(
                council,
                actor=self.agency,
                user=self.users[username],
                role=role,
                department=department,
                organisation=organisation,
            )
        return council

    def decide(self, dossiers) -> None:
        """The province's decision on the round's first approved results."""
        if not dossiers:
            return
        day = self.after_cutoff(0.9)
        number = day.timetuple().tm_yday * 9 + 2
        while Decision.objects.filter(province=self.province, number=f"{number}/QĐ-UBND").exists():
            number += 1
        signer, title = history.MERGED_SIGNER
        decision = certification.draft_decision(
            actor=self.agency,
            province=self.province,
            number=f"{number}/QĐ-UBND",
            date=day,
            signer_name=signer,
            signer_title=title,
            dossiers=dossiers,
            title=(
                "Về việc công nhận sản phẩm đạt chuẩn OCOP thành phố Đà Nẵng năm "
                f"{self.slot.year} (đợt {self.slot.number})"
            ),
        )
        certification.issue_decision(decision, actor=self.agency)
        self.summary.certificates += len(dossiers)

    def build(self, products) -> ProgrammeSummary:
        chosen = self.choose(products)
        round_ = domain.round_for_proposal(
            self.province, self.slot.rulebook, self.cutoff - datetime.timedelta(days=1)
        )
        self.council(round_)
        to_decide = []
        for index, (case, product) in enumerate(chosen):
            dossier = self.walk(index, case, product)
            self.summary.dossiers += 1
            if case.state == S.RECOGNISED:
                to_decide.append(dossier)
        self.decide(to_decide)
        for pk, day in self.created_on.items():
            Dossier.objects.filter(pk=pk).update(created_at=history.aware(day, 8, 30))
        return self.summary


def _current_communes(products) -> dict[int, AdminUnit]:
    """Each product's commune of 2025 (its own, or the one its legacy commune became)."""
    legacy = {p.commune_id for p in products if p.commune.era == Era.LEGACY}
    current_of = {}
    for row in (
        UnitConversion.objects.filter(legacy_commune_id__in=legacy)
        .select_related("current_commune")
        .order_by("legacy_commune_id", "partly_merged", "current_commune__code")
    ):
        current_of.setdefault(row.legacy_commune_id, row.current_commune)
    return {
        p.pk: p.commune if p.commune.era == Era.CURRENT else current_of[p.commune_id]
        for p in products
    }


def build_programme(*, province, products, admin, today=None) -> ProgrammeSummary:
    """The current round of the demo province with its council and dossiers (once)."""
    today = today or timezone.localdate()
    programme = Programme(province=province, admin=admin, today=today)
    name = council_name(programme.slot.year, programme.slot.number)
    if Council.objects.filter(level=Level.PROVINCE, name=name).exists():
        return ProgrammeSummary()
    with transaction.atomic():
        return programme.build(sorted(products, key=lambda p: p.code))
