"""The demo products' past: yearly rounds since 2019, recognised dossiers, decisions, certificates.

Most demo products were recognised in the round of the year their code carries, under the
rulebook in force then (QĐ 1048/2019, 148/2023, 1489/2025), by the former Quảng Nam or Đà Nẵng
until the merger of 1 July 2025 and by the new Đà Nẵng since. Some were re-ranked when their
certificate was about to expire, a few upgraded, and two reached 5★ through the Ministry.

The history is planned from a fixed seed, then written with bulk inserts (it is several
thousand rows): rounds, dossiers with their timelines, council results, field inspections,
decisions and certificates numbered by `certification.domain.next_number`, so that decisions
issued later continue the sequence. It is written once: `build_history` does nothing when a demo
product already has a certificate.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Membership, Role
from ocop.accounts.scope import scope_communes
from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification import domain as certification
from ocop.certification.models import (
    Certificate,
    Decision,
    DecisionItem,
)
from ocop.criteria import scoring
from ocop.criteria.models import Rulebook
from ocop.criteria.queries import sheets_of
from ocop.criteria.rules_data import RoundSpec
from ocop.evaluation import deadlines, domain
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    DossierState,
    FieldInspection,
    Level,
    LevelResult,
    PreparedBy,
    Round,
    Transition,
)
from ocop.geo.models import AdminUnit, Era, UnitConversion
from ocop.registry.models import ProducerKind, ProducerStatusChange, Product

S = DossierState
SEED = 20190821
MERGER = datetime.date(2025, 7, 1)  # the former Quảng Nam and Đà Nẵng became one city
MINISTRY_RENAMED = datetime.date(2025, 3, 1)  # Bộ NN&PTNT became Bộ Nông nghiệp và Môi trường
UNCERTIFIED_SHARE = 0.07
FOUR_STAR_SHARE = 0.08
RERANK_SHARE = 0.62
UPGRADE_SHARE = 0.035
# A certificate is re-ranked in a round decided at most this long before it expires.
RERANK_WINDOW = datetime.timedelta(days=240)
PROVINCE_MEMBERS = 5
DISTRICT_MEMBERS = 3
STAR_TARGETS = {2: (40, 48), 3: (51, 68), 4: (71, 87), 5: (90.5, 94)}
BAND_CEILING = {2: 49.5, 3: 69.5, 4: 89.5, 5: 100}
BAND_FLOOR = {2: 30, 3: 50, 4: 70, 5: 90}

# The showcase cooperative's products (catalogue.SHOWCASE): (kind, year, round, stars).
SHOWCASE_STORIES = {
    "Sâm Ngọc Linh tươi Trà Linh": (
        (DossierKind.FIRST, 2020, 2, 4),
        (DossierKind.RERANK, 2023, 1, 4),
        (DossierKind.UPGRADE, 2024, 2, 5),
    ),
    "Rượu sâm Ngọc Linh Trà Linh": (
        (DossierKind.FIRST, 2021, 1, 3),
        (DossierKind.RERANK, 2023, 2, 3),
    ),
    "Cao sâm Ngọc Linh Trà Linh": ((DossierKind.FIRST, 2023, 2, 4),),
    "Trà sâm dây Ngọc Linh Trà Linh": (),
}
# The second 5★ product: dried Ngọc Linh ginseng of another producer, upgraded in this round.
SECOND_FIVE_STAR_PREFIX = "Sâm Ngọc Linh khô"
SECOND_FIVE_STAR_ROUND = (2025, 2)

# Who signed the recognition decisions (invented names), by legacy province and period.
SIGNERS = {
    ("49", 2021): ("Phan Văn Quý", "Phó Chủ tịch UBND tỉnh Quảng Nam"),
    ("49", 2026): ("Huỳnh Tấn Lộc", "Phó Chủ tịch UBND tỉnh Quảng Nam"),
    ("48", 2021): ("Trần Đức Hưng", "Phó Chủ tịch UBND thành phố Đà Nẵng"),
    ("48", 2026): ("Lê Quang Vinh", "Phó Chủ tịch UBND thành phố Đà Nẵng"),
}
MERGED_SIGNER = ("Nguyễn Thành Trung", "Phó Chủ tịch UBND thành phố Đà Nẵng")
CENTRAL_SIGNER = "Trịnh Văn Khải"
PLACE_NAMES = {"49": "tỉnh Quảng Nam", "48": "thành phố Đà Nẵng"}
CONSULTANTS = (
    "Công ty TNHH Tư vấn Phát triển Nông thôn Miền Trung",
    "Trung tâm Khuyến nông thành phố Đà Nẵng",
    "Công ty Cổ phần Tư vấn Thương hiệu Xứ Quảng",
    "Viện Nghiên cứu Phát triển Kinh tế - Xã hội Đà Nẵng",
)
REPRESENTATIVE_TITLES = {
    ProducerKind.COOPERATIVE: "Giám đốc hợp tác xã",
    ProducerKind.ENTERPRISE: "Giám đốc",
    ProducerKind.HOUSEHOLD_BUSINESS: "Chủ hộ kinh doanh",
    ProducerKind.COOPERATIVE_GROUP: "Tổ trưởng tổ hợp tác",
    ProducerKind.FARM: "Chủ trang trại",
    ProducerKind.ASSOCIATION: "Chủ tịch hội",
}
HISTORY_REASON = "Dữ liệu lịch sử của chương trình OCOP (dữ liệu demo)"


def aware(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# --- score sheets -----------------------------------------------------------------------------


class SheetTool:
    """One product set's score sheet, and answers reaching a chosen total."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.data = sheet.data
        self.criteria = scoring.criteria_of(self.data)
        self.gates = scoring.gates_of(self.data)
        self.points = {code: c.points_of() for code, c in self.criteria.items()}

    def answers(self, target, stars: int, rng: random.Random, *, share: float = 1.0) -> dict:
        """Answers whose total is the smallest reachable at or above `target`, meeting every
        gate up to `stars`; the criteria lowered are drawn at random (those without gates
        first). With `share` < 1 only that share of the criteria is answered (a draft)."""
        target = Decimal(str(target))
        answers = {code: points[-1] for code, points in self.points.items()}
        total = sum(answers.values(), Decimal(0))
        floor = {
            code: max((p for s, p in self.gates.get(code, {}).items() if s <= stars), default=None)
            for code in self.criteria
        }
        free = [code for code in self.criteria if code not in self.gates]
        gated = [code for code in self.criteria if code in self.gates]
        rng.shuffle(free)
        rng.shuffle(gated)
        for code in free + gated:
            best = answers[code]
            for points in self.points[code]:
                if floor[code] is not None and points < floor[code]:
                    continue
                if total - (best - points) >= target:
                    answers[code] = points
                    total -= best - points
                    break
        chosen = {code: _json_number(value) for code, value in answers.items()}
        if share < 1:
            codes = list(chosen)
            keep = set(rng.sample(codes, max(1, int(len(codes) * share))))
            chosen = {code: value for code, value in chosen.items() if code in keep}
        return chosen

    def council(self, stars: int, rng: random.Random, members: int, bands, min_stars: int):
        """`members` sheets around a total of `stars`, and their aggregation."""
        low, high = STAR_TARGETS[stars]
        for _attempt in range(6):
            centre = rng.uniform(low, high)
            sheets = []
            for _member in range(members):
                target = min(max(centre + rng.uniform(-2.5, 2.5), BAND_FLOOR[stars]), high + 1)
                sheets.append(self.answers(round(target, 1), stars, rng))
            result = scoring.aggregate(
                self.data, sheets, bands=bands, certifiable_min_stars=min_stars
            )
            if result.stars == stars and result.total < BAND_CEILING[stars]:
                return sheets, result
        raise RuntimeError(f"No {stars}★ answers for sheet {self.sheet}")  # pragma: no cover


class Sheets:
    """Score sheets by rulebook and product set, parsed once."""

    def __init__(self):
        self._tools: dict[tuple[int, int], SheetTool] = {}

    def tool(self, rulebook: Rulebook, set_no: int) -> SheetTool:
        key = (rulebook.sheet_rulebook.pk, set_no)
        if key not in self._tools:
            for sheet in sheets_of(rulebook).select_related("rulebook"):
                self._tools[(rulebook.sheet_rulebook.pk, sheet.set_no)] = SheetTool(sheet)
        return self._tools[key]


# --- texts of the forms -----------------------------------------------------------------------


def registration_for(producer, commune) -> dict:
    """Mẫu 01: what the registry does not hold."""
    return {
        "representative_title": REPRESENTATIVE_TITLES.get(producer.kind, "Người đại diện"),
        "contact_address": ", ".join(p for p in (producer.address, commune.name) if p),
        "phone": producer.phone or "0905000000",
        "email": producer.email,
    }


def report_for(producer, product, year: int, rng: random.Random) -> dict:
    """Mẫu 02, parts I, II and IV."""
    workforce = producer.workforce or rng.randint(3, 30)
    growth = rng.choice((8, 10, 12, 15, 18, 20, 25))
    return {
        "history": (
            f"{producer.name} được thành lập từ năm {year - rng.randint(2, 12)}, sản xuất "
            f"{product.name.lower()} từ nguyên liệu của địa phương; tham gia Chương trình OCOP "
            f"từ năm {year}."
        ),
        "organisation": (
            f"Người đại diện: {producer.legal_representative}. {workforce} lao động, trong đó "
            f"phần lớn là lao động địa phương; có bộ phận sản xuất, kiểm soát chất lượng và "
            "bán hàng."
        ),
        "business_results": (
            f"Doanh thu năm {year - 1} tăng khoảng {growth}% so với năm trước; sản phẩm có mặt "
            "tại các cửa hàng đặc sản, siêu thị và sàn thương mại điện tử."
        ),
        "business_plan": (
            "Mở rộng vùng nguyên liệu, hoàn thiện bao bì và truy xuất nguồn gốc, tham gia hội "
            f"chợ xúc tiến thương mại năm {year + 1}."
        ),
    }


def assessment_for(producer, product) -> dict:
    """Mẫu 03: the commune's report."""
    share = producer.local_labour_share
    labour = f"{share:.0f}%" if share is not None else "phần lớn"
    return {
        "local_materials": (
            f"Nguyên liệu chính của {product.name} được thu mua tại địa phương, có hợp đồng "
            "liên kết với nông hộ."
        ),
        "local_labour": f"Sử dụng {labour} lao động là người địa phương.",
        "idea_origin": "Ý tưởng sản phẩm xuất phát từ nghề truyền thống và nguyên liệu sẵn có.",
        "local_identity": (
            "Sản phẩm gắn với tên địa danh và bí quyết chế biến của người dân địa phương."
        ),
    }


def advisory_for(product, day: datetime.date) -> dict:
    """The advisory team's review (Điều 7.3)."""
    return {
        "report": (
            f"Hồ sơ sản phẩm {product.name} đầy đủ thành phần theo quy định; minh chứng phù "
            "hợp với điểm tự đánh giá, đề nghị hội đồng đánh giá, phân hạng."
        ),
        "field_survey": (
            f"Tổ tư vấn khảo sát cơ sở sản xuất ngày {day:%d/%m/%Y}: nhà xưởng, quy trình sản "
            "xuất và vùng nguyên liệu đúng như hồ sơ."
        ),
        "lab_tests": "",
    }


# --- rounds ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Slot:
    """A standard round of the province in a year (the law's calendar)."""

    proposals_before: datetime.date
    year: int = field(compare=False)
    number: int = field(compare=False)
    decide_before: datetime.date = field(compare=False)
    rulebook: Rulebook = field(compare=False, hash=False)


class Rulebooks:
    def __init__(self):
        self.all = list(Rulebook.objects.select_related("sheets_from").order_by("effective_from"))
        self._rounds = {}

    def in_force(self, day: datetime.date) -> Rulebook | None:
        found = None
        for rulebook in self.all:
            if rulebook.effective_from <= day:
                found = rulebook
        return found

    def rounds(self, rulebook: Rulebook, level: str = Level.PROVINCE) -> tuple[RoundSpec, ...]:
        key = (rulebook.pk, level)
        if key not in self._rounds:
            found = deadlines.rounds_rule(rulebook, level)
            self._rounds[key] = found[0] if found else ()
        return self._rounds[key]


def standard_slots(rulebooks: Rulebooks, until: datetime.date) -> list[Slot]:
    """The province's standard rounds whose proposals closed on or before `until`, from the
    first rulebook on (a round is kept when a rulebook was in force before its cut-off)."""
    slots = []
    first = rulebooks.all[0].effective_from.year
    for year in range(first, until.year + 1):
        reference = rulebooks.in_force(datetime.date(year, 12, 31)) or rulebooks.all[0]
        for spec in rulebooks.rounds(reference):
            cutoff = spec.proposals_cutoff(year)
            rulebook = rulebooks.in_force(cutoff - datetime.timedelta(days=1))
            if rulebook is None or cutoff > until:
                continue
            slots.append(
                Slot(
                    proposals_before=cutoff,
                    year=year,
                    number=spec.no,
                    decide_before=spec.decide_by(year),
                    rulebook=rulebook,
                )
            )
    return sorted(slots)


def current_slot(rulebooks: Rulebooks, today: datetime.date) -> Slot:
    """The round now at work: the last one whose proposals have closed."""
    return standard_slots(rulebooks, today)[-1]


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class Step:
    """One recognised dossier of a product."""

    product: Product
    kind: str
    slot: Slot
    stars: int
    group: str  # who decided: "49" (Quảng Nam), "48" (Đà Nẵng)
    decided_on: datetime.date  # the province decision, or the Ministry's for 5★
    five: bool = False
    dossier: Dossier | None = None
    decision: Decision | None = None
    certificate: Certificate | None = None
    central_on: datetime.date | None = None


class Planner:
    """Which product was recognised when, with how many stars."""

    def __init__(self, products, slots, *, legacy_province, status_limits, central_rounds):
        self.products = products
        self.slots = slots
        self.legacy_province = legacy_province
        self.status_limits = status_limits
        self.central_rounds = central_rounds
        self.rng = random.Random(SEED)

    def group(self, product, slot: Slot) -> str:
        if slot.decide_before >= MERGER:
            return "48"
        return self.legacy_province.get(product.commune_id, "49")

    def decided_on(self, slot: Slot, group: str) -> datetime.date:
        rng = random.Random(f"decision-{slot.year}-{slot.number}-{group}")
        day = slot.proposals_before + datetime.timedelta(days=rng.randint(38, 55))
        return min(day, slot.decide_before - datetime.timedelta(days=1))

    def central_on(self, approved: datetime.date) -> datetime.date:
        """The Ministry's decision: in the first central round closing after the approval."""
        rng = random.Random(f"central-{approved.isoformat()}")
        for year in (approved.year, approved.year + 1):
            for spec in sorted(self.central_rounds, key=lambda s: s.proposals_before):
                cutoff = spec.proposals_cutoff(year)
                decide = spec.decide_by(year)
                if decide < cutoff:
                    decide = spec.decide_by(year + 1)
                if cutoff > approved + datetime.timedelta(days=20):
                    return decide - datetime.timedelta(days=rng.randint(6, 25))
        raise RuntimeError("No central round")  # pragma: no cover

    def step(self, product, kind, slot, stars, five=False) -> Step:
        group = self.group(product, slot)
        return Step(product, kind, slot, stars, group, self.decided_on(slot, group), five)

    def valid(self, step: Step) -> bool:
        limit = self.status_limits.get(step.product.producer_id)
        return limit is None or step.decided_on < limit

    def slot(self, year: int, number: int) -> Slot | None:
        return next((s for s in self.slots if (s.year, s.number) == (year, number)), None)

    def chain(self, product, *, four_share, rerank_share, upgrade_share, before=None):
        """A product's recognitions: the first in its code's year, then re-rankings before
        expiry and the odd upgrade."""
        rng = self.rng
        slots = [s for s in self.slots if before is None or s < before]
        first = [s for s in slots if s.year == product.code_year]
        if not first:
            return []
        stars = 4 if rng.random() < four_share else 3
        steps = [self.step(product, DossierKind.FIRST, rng.choice(first), stars)]
        while True:
            last = steps[-1]
            expires = deadlines.valid_until(last.decided_on, 36)
            later = [
                s
                for s in slots
                if s.proposals_before > last.decided_on
                and self.decided_on(s, self.group(product, s)) < expires
            ]
            if stars == 3 and rng.random() < upgrade_share:
                options = [
                    s
                    for s in later
                    if s.proposals_before > last.decided_on + datetime.timedelta(days=365)
                ]
                if options:
                    stars = 4
                    steps.append(self.step(product, DossierKind.UPGRADE, rng.choice(options), 4))
                    continue
            window = [
                s
                for s in later
                if self.decided_on(s, self.group(product, s)) > expires - RERANK_WINDOW
            ]
            if window and rng.random() < rerank_share:
                roll = rng.random()
                if roll < 0.06:
                    stars = 4 if stars == 3 else 3
                steps.append(self.step(product, DossierKind.RERANK, window[-1], stars))
                continue
            break
        kept = []
        for step in steps:
            if not self.valid(step):
                break
            kept.append(step)
        return kept

    def plan(self) -> list[Step]:
        rng = self.rng
        steps: list[Step] = []
        showcase = {p.name: p for p in self.products if p.name in SHOWCASE_STORIES}
        for name, story in SHOWCASE_STORIES.items():
            product = showcase.get(name)
            if product is None:
                continue
            for kind, year, number, stars in story:
                slot = self.slot(year, number)
                if slot is not None:
                    steps.append(self.step(product, kind, slot, stars, five=stars == 5))
        second = self.second_five_star(set(showcase.values()))
        if second is not None:
            steps += second
        done = {step.product.pk for step in steps} | {p.pk for p in showcase.values()}
        for product in self.products:
            if product.pk in done or rng.random() < UNCERTIFIED_SHARE:
                continue
            steps += self.chain(
                product,
                four_share=FOUR_STAR_SHARE,
                rerank_share=RERANK_SHARE,
                upgrade_share=UPGRADE_SHARE,
            )
        for step in steps:
            if step.five:
                step.central_on = self.central_on(step.decided_on)
        return steps

    def second_five_star(self, excluded) -> list[Step] | None:
        """4★ all along, then 5★ through the Ministry in SECOND_FIVE_STAR_ROUND."""
        target = self.slot(*SECOND_FIVE_STAR_ROUND)
        if target is None:
            return None
        candidates = [
            p
            for p in self.products
            if p.name.startswith(SECOND_FIVE_STAR_PREFIX)
            and p not in excluded
            and p.producer.status == "active"
            and p.code_year < target.year
        ]
        for product in candidates:
            chain = self.chain(
                product, four_share=1, rerank_share=1, upgrade_share=0, before=target
            )
            if not chain:
                continue
            last = chain[-1]
            final = self.step(product, DossierKind.UPGRADE, target, 5, five=True)
            if last.decided_on < target.proposals_before and final.decided_on < (
                deadlines.valid_until(last.decided_on, 36)
            ):
                return [*chain, final]
        return None


# --- writing -----------------------------------------------------------------------------------


@dataclass
class HistorySummary:
    rounds: int = 0
    dossiers: int = 0
    decisions: int = 0
    certificates: int = 0


class Writer:
    """Turns the plan into rows, inserted in bulk."""

    def __init__(self, *, province, people, rulebooks, sheets):
        self.province = province
        self.people = people
        self.rulebooks = rulebooks
        self.sheets = sheets
        self.rng = random.Random(SEED + 1)
        self.transitions: list[Transition] = []
        self.results: list[LevelResult] = []
        self.inspections: list[FieldInspection] = []
        self.created_at: dict[int, datetime.datetime] = {}
        self.result_dates: list[datetime.datetime] = []
        self.inspection_dates: list[datetime.datetime] = []
        self.pending: list[tuple] = []

    # Accounts acting in the timeline (None where the demo has no account for the office).
    @cached_property
    def commune_scope(self) -> set[int]:
        membership = self.people.get("commune_membership")
        if membership is None:
            return set()
        return set(scope_communes(membership).values_list("pk", flat=True))

    def local_actor(self, product, district_level: bool):
        if district_level:
            district = self.people.get("district_membership")
            legacy = self.people["legacy_district"].get(product.commune_id)
            if district is not None and legacy is not None and legacy.pk == district.unit_id:
                return district.user
            return None
        if product.commune_id in self.commune_scope:
            return self.people.get("commune")
        return None

    def producer_actor(self, product):
        return self.people["producer_users"].get(product.producer_id)

    def timeline(self, step: Step, district_level: bool):
        """(action, from, to, actor, day) from submission to recognition, counted back from
        the decision (or the approval of a 5★ dossier) and forward to the Ministry."""
        rng = self.rng
        people = self.people
        cutoff = step.slot.proposals_before
        decided = step.decided_on
        approve = decided - datetime.timedelta(days=rng.randint(3, 8))
        finalize = approve - datetime.timedelta(days=rng.randint(1, 5))
        open_ = finalize - datetime.timedelta(days=rng.randint(3, 9))
        accept = open_ - datetime.timedelta(days=rng.randint(3, 9))
        propose = min(cutoff - datetime.timedelta(days=rng.randint(1, 14)), accept)
        local = self.local_actor(step.product, district_level)
        days = []
        if district_level:
            close = propose - datetime.timedelta(days=rng.randint(2, 7))
            inspect = close - datetime.timedelta(days=rng.randint(4, 10))
            receive = inspect - datetime.timedelta(days=rng.randint(2, 7))
            submit = receive - datetime.timedelta(days=rng.randint(1, 4))
            days = [
                ("submit", S.DRAFT, S.SUBMITTED, self.producer_actor(step.product), submit),
                ("receive", S.SUBMITTED, S.RECEIVED, local, receive),
                ("inspect", S.RECEIVED, S.INSPECTED, local, inspect),
                ("close-district-scoring", S.INSPECTED, S.DISTRICT_SCORED, local, close),
                ("propose", S.DISTRICT_SCORED, S.PROPOSED, local, propose),
            ]
        else:
            assess = propose - datetime.timedelta(days=rng.randint(1, 5))
            receive = assess - datetime.timedelta(days=rng.randint(3, 9))
            submit = receive - datetime.timedelta(days=rng.randint(1, 4))
            days = [
                ("submit", S.DRAFT, S.SUBMITTED, self.producer_actor(step.product), submit),
                ("receive", S.SUBMITTED, S.RECEIVED, local, receive),
                ("assess", S.RECEIVED, S.ASSESSED, local, assess),
                ("propose", S.ASSESSED, S.PROPOSED, local, propose),
            ]
        agency = people["agency"]
        days += [
            ("accept", S.PROPOSED, S.ADVISORY_REVIEW, agency, accept),
            ("open-scoring", S.ADVISORY_REVIEW, S.COUNCIL_SCORING, agency, open_),
            ("finalize", S.COUNCIL_SCORING, S.SCORED, people["chair"], finalize),
        ]
        if step.five:
            days += [
                ("approve", S.SCORED, S.SENT_TO_MINISTRY, agency, decided),
                (
                    "record-ministry-result",
                    S.SENT_TO_MINISTRY,
                    S.RECOGNISED,
                    people["ministry"],
                    step.central_on,
                ),
            ]
        else:
            days += [
                ("approve", S.SCORED, S.APPROVED, agency, approve),
                ("issue", S.APPROVED, S.RECOGNISED, agency, decided),
            ]
        return days

    def build_dossier(self, step: Step) -> Dossier:
        rng = self.rng
        product = step.product
        producer = product.producer
        rulebook_for_round = step.slot.rulebook
        district_level = rulebook_for_round.rules.first_level.level == Level.DISTRICT
        days = self.timeline(step, district_level)
        submitted_on = days[0][4]
        rulebook = self.rulebooks.in_force(submitted_on) or rulebook_for_round
        district_level = rulebook.rules.first_level.level == Level.DISTRICT
        if district_level != (days[2][0] == "inspect"):
            days = self.timeline(step, district_level)
            submitted_on = days[0][4]
        day_of = {action: day for action, *_rest, day in days}
        tool = self.sheets.tool(rulebook, product.product_set.number)
        bands = rulebook.rules.scoring_bands()
        min_stars = rulebook.rules.certificate.min_stars
        _sheets, result = tool.council(step.stars, rng, PROVINCE_MEMBERS, bands, min_stars)
        self_target = min(float(result.total) + rng.uniform(2, 8), 99)
        self_stars = scoring.band_of(self_target, bands)
        consultant = rng.random() < 0.18
        answers = tool.answers(round(self_target, 1), self_stars, rng)
        report = report_for(producer, product, step.slot.year, rng)
        consultant_name = rng.choice(CONSULTANTS) if consultant else ""
        # The producer handed in at least the samples the rulebook asks for; the officer who
        # received the dossier confirmed them that day (none for tourism services).
        drawn = rng.randint(3, 6)
        required = domain.samples_required_for(rulebook, product.product_set)
        delivered = max(drawn, required) if required else 0
        dossier = Dossier(
            product=product,
            producer=producer,
            commune=product.commune,
            province=self.province,
            kind=step.kind,
            state=S.RECOGNISED,
            rulebook=rulebook,
            registration=registration_for(producer, product.commune),
            self_assessment={"answers": answers, "notes": {}, "report": report},
            prepared_by=PreparedBy.CONSULTANT if consultant else PreparedBy.SELF,
            consultant_name=consultant_name,
            samples_delivered=delivered,
            samples_delivered_on=submitted_on,
            samples_confirmed=delivered if required else None,
            samples_confirmed_on=day_of["receive"] if required else None,
            samples_confirmed_by=self.local_actor(product, district_level) if required else None,
            commune_assessment={} if district_level else assessment_for(producer, product),
            advisory_review=advisory_for(product, day_of["accept"] + datetime.timedelta(days=2)),
            submitted_on=submitted_on,
            proposed_on=day_of["propose"],
            stars=step.stars,
            score=result.total.quantize(Decimal("0.0001")),
            created_by=self.producer_actor(product) or self.local_actor(product, district_level),
        )
        step.dossier = dossier
        self.pending.append((step, days, result, tool, bands, min_stars))
        return dossier

    def rows_after_insert(self):
        """Timelines, results and inspections once the dossiers have their keys."""
        rng = self.rng
        for step, days, result, tool, bands, min_stars in self.pending:
            dossier = step.dossier
            previous = None
            for action, source, target, actor, day in days:
                moment = aware(day, rng.randint(8, 16), rng.choice((0, 15, 30, 45)))
                if previous is not None and moment <= previous:
                    moment = previous + datetime.timedelta(minutes=30)
                previous = moment
                self.transitions.append(
                    Transition(
                        dossier=dossier,
                        action=action,
                        from_state=source,
                        to_state=target,
                        actor=actor,
                        at=moment,
                    )
                )
                if action == "submit":
                    self.created_at[id(dossier)] = moment - datetime.timedelta(
                        days=rng.randint(5, 25)
                    )
                if action == "inspect":
                    legacy = self.people["legacy_district"].get(step.product.commune_id)
                    self.inspections.append(
                        FieldInspection(
                            dossier=dossier,
                            date=day,
                            people=self.inspection_people(step.product, legacy),
                            findings=(
                                "Cơ sở sản xuất đúng địa chỉ đăng ký; nhà xưởng, trang thiết bị "
                                "và quy trình sản xuất phù hợp với hồ sơ; vùng nguyên liệu ổn "
                                "định. Đủ điều kiện đề nghị Hội đồng cấp huyện đánh giá."
                            ),
                            recorded_by=actor,
                        )
                    )
                    self.inspection_dates.append(moment)
                if action == "close-district-scoring":
                    _sheets, district = tool.council(
                        step.stars, rng, DISTRICT_MEMBERS, bands, min_stars
                    )
                    self.add_result(dossier, Level.DISTRICT, district, tool, actor, moment)
                if action == "finalize":
                    self.add_result(dossier, Level.PROVINCE, result, tool, actor, moment)
                if action == "record-ministry-result":
                    score = Decimal(str(round(rng.uniform(90.5, 95), 2)))
                    dossier.score = score
                    dossier.ministry_decision_no = self.central_number(day)
                    self.results.append(
                        LevelResult(
                            dossier=dossier,
                            level=Level.CENTRAL,
                            total=score,
                            stars=5,
                            band_stars=5,
                            decision_no=dossier.ministry_decision_no,
                            recorded_by=actor,
                            explanation=(
                                f"Kết quả của Hội đồng cấp trung ương: "
                                f"{scoring.format_points(score)} điểm."
                            ),
                        )
                    )
                    self.result_dates.append(moment)

    def inspection_people(self, product, legacy) -> str:
        producer = product.producer
        district = legacy.name if legacy is not None else "huyện"
        return (
            f"Đại diện Phòng Nông nghiệp và Phát triển nông thôn {district}; đại diện UBND "
            f"{product.commune.name}; {producer.legal_representative}, đại diện {producer.name}."
        )

    def add_result(self, dossier, level, result, tool, actor, moment):
        self.results.append(
            LevelResult(
                dossier=dossier,
                level=level,
                sheet_rulebook=tool.sheet.rulebook,
                total=result.total.quantize(Decimal("0.0001")),
                stars=result.stars,
                band_stars=result.band_stars,
                explanation=result.explanation,
                detail=result.as_dict(),
                recorded_by=actor,
            )
        )
        self.result_dates.append(moment)

    @cached_property
    def used_numbers(self) -> set[str]:
        return set(Decision.objects.values_list("number", flat=True))

    def decision_number(self, day: datetime.date, suffix: str) -> str:
        """A decision number growing through the year, e.g. "2871/QĐ-UBND"."""
        base = day.timetuple().tm_yday * 9 + self.rng.randint(0, 8)
        while f"{base}/{suffix}" in self.used_numbers:
            base += 1
        number = f"{base}/{suffix}"
        self.used_numbers.add(number)
        return number

    def central_number(self, day: datetime.date) -> str:
        suffix = "QĐ-BNNMT" if day >= MINISTRY_RENAMED else "QĐ-BNN-VPĐP"
        return self.decision_number(day, suffix)

    def signer(self, group: str, day: datetime.date) -> tuple[str, str]:
        if day >= MERGER:
            return MERGED_SIGNER
        return SIGNERS[(group, 2021 if day.year <= 2021 else 2026)]


def _legacy_places(commune_ids) -> tuple[dict[int, str], dict[int, AdminUnit]]:
    """Each commune's legacy province code ("48"/"49") and legacy district."""
    province: dict[int, str] = {}
    district: dict[int, AdminUnit] = {}
    for unit in AdminUnit.objects.filter(pk__in=commune_ids, era=Era.LEGACY).select_related(
        "parent__parent"
    ):
        district[unit.pk] = unit.parent
        province[unit.pk] = str(unit.parent.parent.code)
    current = [pk for pk in commune_ids if pk not in district]
    for row in (
        UnitConversion.objects.filter(current_commune_id__in=current)
        .select_related("legacy_commune__parent__parent")
        .order_by("current_commune_id", "partly_merged", "legacy_commune__code")
    ):
        if row.current_commune_id not in district:
            district[row.current_commune_id] = row.legacy_commune.parent
            province[row.current_commune_id] = str(row.legacy_commune.parent.parent.code)
    return province, district


def _status_limits(producer_ids) -> dict[int, datetime.date]:
    limits = {}
    for producer_id, day in (
        ProducerStatusChange.objects.filter(producer_id__in=producer_ids)
        .exclude(from_status="")
        .order_by("date")
        .values_list("producer_id", "date")
    ):
        limits.setdefault(producer_id, day)
    return limits


def build_history(*, province, products, people, today=None) -> HistorySummary:
    """Write the demo products' past (once). `people`: agency, chair, ministry, admin,
    commune/district memberships and users, and the producers' accounts."""
    today = today or timezone.localdate()
    summary = HistorySummary()
    products = sorted(products, key=lambda p: p.code)
    if Certificate.objects.filter(product__in=[p.pk for p in products]).exists():
        return summary
    rulebooks = Rulebooks()
    current = current_slot(rulebooks, today)
    history = [s for s in standard_slots(rulebooks, today) if s < current]
    legacy_province, legacy_district = _legacy_places({p.commune_id for p in products})
    people = {**people, "legacy_district": legacy_district}
    planner = Planner(
        products,
        history,
        legacy_province=legacy_province,
        status_limits=_status_limits({p.producer_id for p in products}),
        central_rounds=rulebooks.rounds(rulebooks.all[-1], Level.CENTRAL),
    )
    steps = planner.plan()
    writer = Writer(province=province, people=people, rulebooks=rulebooks, sheets=Sheets())
    with transaction.atomic():
        rounds = _write_rounds(history, province)
        summary.rounds = len(rounds)
        dossiers = []
        for step in steps:
            dossier = writer.build_dossier(step)
            dossier.round = rounds[(step.slot.year, step.slot.number)]
            dossiers.append(dossier)
        Dossier.objects.bulk_create(dossiers, batch_size=200)
        writer.rows_after_insert()
        Dossier.objects.bulk_update(
            [step.dossier for step in steps if step.five], ["score", "ministry_decision_no"]
        )
        Transition.objects.bulk_create(writer.transitions, batch_size=500)
        FieldInspection.objects.bulk_create(writer.inspections, batch_size=500)
        LevelResult.objects.bulk_create(writer.results, batch_size=200)
        decisions, _items = _write_decisions(writer, steps, province)
        certificates = _write_certificates(writer, steps, province, today)
        _backdate(writer, dossiers, decisions, certificates)
        _audit(people["admin"], dossiers, decisions, certificates)
        summary.dossiers = len(dossiers)
        summary.decisions = len(decisions)
        summary.certificates = len(certificates)
    return summary


def _write_rounds(slots, province) -> dict[tuple[int, int], Round]:
    existing = {
        (r.year, r.number): r
        for r in Round.objects.filter(level=Level.PROVINCE, province=province, is_extra=False)
    }
    missing = [
        Round(
            level=Level.PROVINCE,
            province=province,
            rulebook=slot.rulebook,
            year=slot.year,
            number=slot.number,
            proposals_before=slot.proposals_before,
            decide_before=slot.decide_before,
        )
        for slot in slots
        if (slot.year, slot.number) not in existing
    ]
    Round.objects.bulk_create(missing)
    for round_ in missing:
        existing[(round_.year, round_.number)] = round_
    Round.objects.bulk_update(
        [
            Round(pk=r.pk, created_at=aware(r.proposals_before - datetime.timedelta(days=120)))
            for r in missing
        ],
        ["created_at"],
    )
    return existing


def _write_decisions(writer: Writer, steps, province):
    """One province decision per round and deciding province, one central decision per 5★."""
    groups = defaultdict(list)
    for step in steps:
        if step.five:
            groups[("central", step.central_on, step.product.pk)].append(step)
        else:
            groups[("province", step.decided_on, step.group)].append(step)
    decisions = []
    members = []
    agency = writer.people["agency"]
    for key in sorted(groups, key=lambda k: (k[1], k[0], str(k[2]))):
        level, day, group = key
        chosen = groups[key]
        if level == "central":
            step = chosen[0]
            renamed = day >= MINISTRY_RENAMED
            decision = Decision(
                level=Decision.Level.CENTRAL,
                province=None,
                number=step.dossier.ministry_decision_no,
                date=day,
                signer_name=CENTRAL_SIGNER,
                signer_title=(
                    "Thứ trưởng Bộ Nông nghiệp và Môi trường"
                    if renamed
                    else "Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn"
                ),
                title="Về việc công nhận sản phẩm OCOP 5 sao",
                status=Decision.Status.ISSUED,
                issued_at=aware(day, 16),
                created_by=writer.people["ministry"],
            )
        else:
            slot = chosen[0].slot
            name, title = writer.signer(group, day)
            place = PLACE_NAMES["48" if day >= MERGER else group]
            decision = Decision(
                level=Decision.Level.PROVINCE,
                province=province,
                number=writer.decision_number(day, "QĐ-UBND"),
                date=day,
                signer_name=name,
                signer_title=title,
                title=(
                    f"Về việc công nhận sản phẩm đạt chuẩn OCOP {place} năm {slot.year} "
                    f"(đợt {slot.number})"
                ),
                status=Decision.Status.ISSUED,
                issued_at=aware(day, 16),
                created_by=agency,
            )
        decisions.append(decision)
        members.append(sorted(chosen, key=lambda s: (-s.stars, s.product.code)))
    Decision.objects.bulk_create(decisions)
    items = []
    for decision, chosen in zip(decisions, members, strict=True):
        for position, step in enumerate(chosen, start=1):
            step.decision = decision
            items.append(
                DecisionItem(
                    decision=decision, dossier=step.dossier, stars=step.stars, position=position
                )
            )
    DecisionItem.objects.bulk_create(items, batch_size=500)
    return decisions, items


def _write_certificates(writer: Writer, steps, province, today) -> list[Certificate]:
    """Numbered in the order of the decisions, like real issues; superseded by the product's
    next certificate, expired after their term, valid otherwise."""
    number_format = certification.province_format(province)
    ordered = sorted(
        steps,
        key=lambda s: (s.decision.date, s.decision.pk, -s.stars, s.product.code),
    )
    certificates = []
    for step in ordered:
        dossier = step.dossier
        decision = step.decision
        if step.five:
            number = certification.next_number(
                certification.CENTRAL_ISSUER, decision.date.year, certification.CENTRAL_FORMAT
            )
        else:
            number = certification.next_number(
                f"p{province.code}",
                decision.date.year,
                number_format,
                province=f"{province.code:02d}",
            )
        product = step.product
        producer = product.producer
        commune = producer.commune
        months = dossier.rulebook.rules.certificate.validity_months
        certificate = Certificate(
            number=number,
            decision=decision,
            dossier=dossier,
            product=product,
            producer=producer,
            province=province,
            rulebook=dossier.rulebook,
            stars=step.stars,
            score=dossier.score,
            issued_on=decision.date,
            valid_until=deadlines.valid_until(decision.date, months),
            product_name=product.name,
            producer_name=producer.name,
            producer_address=", ".join(
                part
                for part in (
                    producer.address,
                    commune.name,
                    commune.parent and commune.parent.name,
                )
                if part
            ),
        )
        step.certificate = certificate
        certificates.append(certificate)
    by_product = defaultdict(list)
    for certificate in certificates:
        by_product[certificate.product_id].append(certificate)
    Certificate.objects.bulk_create(certificates, batch_size=200)
    for chain in by_product.values():
        chain.sort(key=lambda c: c.issued_on)
        for old, new in itertools.pairwise(chain):
            old.superseded_by = new
            old.superseded_on = new.issued_on
    Certificate.objects.bulk_update(
        certificates, ["superseded_by", "superseded_on"], batch_size=200
    )
    # A later dossier of the product names the certificate it held when it was filed.
    updated = []
    for chain in by_product.values():
        for old, new in itertools.pairwise(chain):
            new.dossier.previous_certificate = old
            updated.append(new.dossier)
    Dossier.objects.bulk_update(updated, ["previous_certificate"], batch_size=200)
    return certificates


def _backdate(writer: Writer, dossiers, decisions, certificates) -> None:
    """Creation times as they were (the inserts stamped them now)."""
    for dossier in dossiers:
        dossier.created_at = writer.created_at[id(dossier)]
    Dossier.objects.bulk_update(dossiers, ["created_at"], batch_size=200)
    for decision in decisions:
        decision.created_at = aware(decision.date - datetime.timedelta(days=3), 10)
    Decision.objects.bulk_update(decisions, ["created_at"])
    for certificate in certificates:
        certificate.created_at = aware(certificate.issued_on, 16, 30)
    Certificate.objects.bulk_update(certificates, ["created_at"], batch_size=200)
    for result, moment in zip(writer.results, writer.result_dates, strict=True):
        result.recorded_at = moment
    LevelResult.objects.bulk_update(writer.results, ["recorded_at"], batch_size=200)
    for inspection, moment in zip(writer.inspections, writer.inspection_dates, strict=True):
        inspection.recorded_at = moment
    FieldInspection.objects.bulk_update(writer.inspections, ["recorded_at"], batch_size=200)


def _audit(actor, dossiers, decisions, certificates) -> None:
    """One entry per imported record, so the audit trail says where they came from."""
    entries = [
        AuditEntry(
            actor=actor,
            action=AuditAction.CREATE,
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            object_repr=str(obj)[:255],
            reason=HISTORY_REASON,
            changes={},
        )
        for obj in [*dossiers, *decisions, *certificates]
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def demo_people(*, admin, agency, chair, ministry, commune, district, producer_users) -> dict:
    """The accounts the history names as actors."""
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(
            user__in=[u for u in (commune, district) if u is not None],
            role__in=(Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER),
        ).select_related("unit", "user")
    }
    return {
        "admin": admin,
        "agency": agency,
        "chair": chair,
        "ministry": ministry,
        "commune": commune,
        "commune_membership": memberships.get(getattr(commune, "pk", None)),
        "district_membership": memberships.get(getattr(district, "pk", None)),
        "producer_users": producer_users,
    }
