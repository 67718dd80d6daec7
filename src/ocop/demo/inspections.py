"""Post-recognition inspections in the demo province, walked through the inspection actions.

`build_inspections` gives the Agriculture & Environment department of Đà Nẵng (province 48 of
2025) a periodic plan covering this season: five certified products as targets, three visits
already made by the department's inspector (one clean, one with a minor labelling finding, one
where the OCOP mark was misused: a severe finding referred to the OCOP agency, which opens a
revocation case), and an unannounced plan of the agency for Industry & Trade that has not
started its visits. It runs once: nothing is done when the periodic plan already exists.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Department
from ocop.certification.models import Certificate
from ocop.inspections import checklist, domain
from ocop.inspections.models import InspectionKind, InspectionPlan

SEED = 20270520
TEAM = (
    "Võ Thị Ngọc Ánh — chuyên viên Sở Nông nghiệp và Môi trường (trưởng đoàn)\n"
    "Nguyễn Văn Lực — Chi cục Chất lượng, Chế biến và Phát triển thị trường\n"
    "Trần Thị Mai — cán bộ UBND xã/phường nơi có cơ sở"
)


@dataclass
class InspectionsSummary:
    plans: int = 0
    targets: int = 0
    visits: int = 0
    findings: int = 0
    revocation_cases: int = 0


def plan_title(year: int) -> str:
    return f"Kiểm tra, giám sát định kỳ sản phẩm OCOP sau công nhận năm {year}"


def _answers(**unmet: str) -> dict:
    """A checklist with every item met but those of `unmet` ({code: the team's note})."""
    return {
        code: {
            "answer": checklist.NO if code in unmet else checklist.YES,
            "note": unmet.get(code, ""),
        }
        for code in checklist.CODES
    }


def _candidates(province, today: datetime.date) -> list[Certificate]:
    """Current 3–4★ certificates of the province, one per producer, in a fixed order."""
    certificates = (
        Certificate.objects.current(today)
        .filter(producer__commune__current_province=province, stars__lte=4)
        .exclude(revocation_cases__state="open")
        .select_related("producer__commune", "product")
        .order_by("number")
    )
    seen, chosen = set(), []
    for certificate in certificates:
        if certificate.producer_id not in seen:
            seen.add(certificate.producer_id)
            chosen.append(certificate)
    return chosen


def build_inspections(*, province, agency, inspector, today=None) -> InspectionsSummary:
    """The demo's inspection plans, visits and findings (once)."""
    today = today or timezone.localdate()
    summary = InspectionsSummary()
    title = plan_title(today.year)
    if InspectionPlan.objects.filter(province=province, title=title).exists():
        return summary
    rng = random.Random(SEED)
    candidates = _candidates(province, today)
    if len(candidates) < 3:
        return summary
    chosen = sorted(rng.sample(candidates, min(5, len(candidates))), key=lambda c: c.number)
    start = today - datetime.timedelta(days=45)
    with transaction.atomic():
        plan = domain.create_plan(
            actor=agency,
            province=province,
            department=Department.AGRICULTURE_ENVIRONMENT,
            title=title,
            kind=InspectionKind.PERIODIC,
            period_start=start,
            period_end=today + datetime.timedelta(days=60),
            description=(
                "Kiểm tra việc duy trì các tiêu chí theo hồ sơ đã được đánh giá, phân hạng và "
                "việc sử dụng nhãn hiệu OCOP, thông tin, quảng bá sản phẩm (Điều 9 QĐ "
                "26/2026/QĐ-TTg). Sở Nông nghiệp và Môi trường chủ trì, phối hợp UBND cấp xã."
            ),
            targets=[(c.producer, c.product) for c in chosen],
        )
        summary.plans += 1
        summary.targets += len(chosen)

        def visit(certificate, days_ago, answers, conclusion):
            summary.visits += 1
            return domain.record_visit(
                plan,
                actor=inspector,
                producer=certificate.producer,
                product=certificate.product,
                date=today - datetime.timedelta(days=days_ago),
                inspectors=TEAM,
                checklist=answers,
                conclusion=conclusion,
                today=today,
            )

        clean, labelled, misused = chosen[:3]
        visit(
            clean,
            30,
            _answers(),
            "Cơ sở duy trì đầy đủ các tiêu chí theo hồ sơ; sử dụng nhãn OCOP đúng quy định.",
        )
        second = visit(
            labelled,
            20,
            _answers(label_correct="Nhãn phụ chưa ghi hạng sao và năm công nhận."),
            "Yêu cầu bổ sung thông tin trên nhãn trong 30 ngày.",
        )
        domain.add_finding(
            second,
            actor=inspector,
            description=(
                "Nhãn phụ của lô hàng đang bán chưa ghi hạng sao và năm được công nhận OCOP; "
                "cơ sở cam kết in lại nhãn."
            ),
            severity="minor",
            certificates=[labelled],
            today=today,
        )
        third = visit(
            misused,
            8,
            _answers(
                mark_correct="Dán biểu trưng OCOP lên sản phẩm cùng loại chưa được công nhận.",
                promotion_correct="Quảng cáo trên mạng là sản phẩm 5 sao.",
            ),
            "Vi phạm nghiêm trọng việc sử dụng nhãn hiệu OCOP; chuyển cơ quan OCOP đề nghị "
            "thu hồi giấy chứng nhận.",
        )
        finding = domain.add_finding(
            third,
            actor=inspector,
            description=(
                "Cơ sở dán biểu trưng OCOP lên sản phẩm cùng loại chưa được đánh giá, phân hạng "
                "và quảng cáo sai hạng sao, gây nhầm lẫn cho người tiêu dùng."
            ),
            severity="severe",
            ground="d",
            certificates=[misused],
            today=today,
        )
        summary.findings += 2
        summary.revocation_cases += finding.revocation_case_id is not None

        domain.create_plan(
            actor=agency,
            province=province,
            department=Department.INDUSTRY_TRADE,
            title=(
                "Kiểm tra đột xuất nhãn hàng hoá sản phẩm OCOP tại điểm bán, "
                f"quý {_quarter(today)}/{today.year}"
            ),
            kind=InspectionKind.UNANNOUNCED,
            period_start=today + datetime.timedelta(days=7),
            period_end=today + datetime.timedelta(days=37),
            description="Kiểm tra tại các điểm giới thiệu và bán sản phẩm OCOP.",
            targets=[(c.producer, c.product) for c in chosen[3:]] or [(clean.producer, None)],
        )
        summary.plans += 1
        summary.targets += max(len(chosen[3:]), 1)
    return summary


def _quarter(day: datetime.date) -> str:
    return ("I", "II", "III", "IV")[(day.month - 1) // 3]
