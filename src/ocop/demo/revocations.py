"""Demo revocation cases of Đà Nẵng, made with the revocations' domain actions on certificates of
the demo history: one found a few days ago (open), one whose time limit has passed (open and
overdue) and one decided by the city (the certificate is revoked).

Run after the history (`build_demo`); does nothing when the demo already has revocation cases,
when the demo accounts are missing, or when too few current certificates are left.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape

from ocop.accounts.models import Membership, Role, User
from ocop.certification.models import Certificate
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import ProducerStatus
from ocop.revocations import domain, grounds
from ocop.revocations.models import Ground, RevocationCase, Source, State

PROVINCE_CODE = 48
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"
AGENCY_USERNAME = "agency"
SHOWCASE_USERNAME = "producer"
# Where in the list of candidate certificates (sorted by number) each case takes its own.
PICKS = (0.21, 0.47, 0.73)
# Candidates were issued well before the findings.
ISSUED_BEFORE = datetime.timedelta(days=90)


@dataclass
class RevocationSummary:
    opened: int = 0
    overdue: int = 0
    revoked: int = 0


def _pdf(title: str, lines: list[str]) -> ContentFile:
    """A one-page PDF of an (invented) document: what the case's evidence looks like."""
    from weasyprint import HTML  # loading Pango is slow: only here

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        "<html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 2cm } body { font-family: 'DejaVu Serif', serif; "
        "font-size: 12pt } h1 { font-size: 14pt; text-align: center } "
        ".demo { color: #b00; text-align: center; font-size: 10pt }"
        "</style></head><body>"
        f"<p class='demo'>TÀI LIỆU MINH HOẠ — DỮ LIỆU DEMO</p><h1>{escape(title)}</h1>{body}"
        "</body></html>"
    )
    return ContentFile(HTML(string=html).write_pdf(), name=f"{title}.pdf")


def _candidates(today: datetime.date) -> list[Certificate]:
    """Current 3–4★ certificates of the province, one per active producer (not the showcase
    producer of the demo's producer account), without an open case."""
    province = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE_CODE)
    showcase = set(
        Membership.objects.filter(role=Role.PRODUCER, user__username=SHOWCASE_USERNAME).values_list(
            "producer_id", flat=True
        )
    )
    found, producers = [], set()
    certificates = (
        Certificate.objects.current(today)
        .filter(province=province, stars__in=(3, 4), producer__status=ProducerStatus.ACTIVE)
        .filter(issued_on__lte=today - ISSUED_BEFORE)
        .exclude(producer_id__in=showcase)
        .exclude(revocation_cases__state=State.OPEN)
        .select_related("producer")
        .order_by("number")
    )
    for certificate in certificates:
        if certificate.producer_id not in producers:
            producers.add(certificate.producer_id)
            found.append(certificate)
    return found


def build(today: datetime.date | None = None) -> RevocationSummary:
    """Open the demo's revocation cases (idempotent)."""
    today = today or timezone.localdate()
    summary = RevocationSummary()
    if RevocationCase.objects.filter(opened_by__is_demo=True).exists():
        return summary
    agency = User.objects.filter(username=AGENCY_USERNAME, is_demo=True).first()
    if agency is None:
        return summary
    candidates = _candidates(today)
    if len(candidates) < len(PICKS):
        return summary
    chosen = [candidates[int(share * len(candidates))] for share in PICKS]
    limit = grounds.time_limit(grounds.rulebook_for(today)).days
    day = datetime.timedelta(days=1)
    with override_settings(EMAIL_BACKEND=QUIET_MAIL), transaction.atomic():
        recent, late, decided = chosen

        domain.open_case(
            certificates=[recent],
            ground=Ground.C,
            source=Source.INSPECTION_FINDING,
            finding_date=today - 4 * day,
            description=(
                "Đoàn kiểm tra liên ngành về an toàn thực phẩm lấy mẫu sản phẩm "
                f"{recent.product_name} tại cơ sở: chỉ tiêu vi sinh vượt giới hạn cho phép; "
                "đề nghị thu hồi giấy chứng nhận theo điểm c khoản 1 Điều 8."
            ),
            actor=agency,
            today=today,
        )
        summary.opened += 1

        found = today - (limit + 6) * day
        domain.open_case(
            certificates=[late],
            ground=Ground.DD,
            source=Source.COMMUNE_CONFIRMATION,
            finding_date=found,
            description=(
                f"UBND cấp xã xác nhận {late.producer_name} đã ngừng sản xuất sản phẩm "
                f"{late.product_name} từ nhiều tháng nay, nhà xưởng không còn hoạt động."
            ),
            actor=agency,
            evidence=[
                (
                    _pdf(
                        "Văn bản xác nhận của UBND xã",
                        [
                            f"Ngày {found:%d/%m/%Y}",
                            f"Xác nhận {late.producer_name} ({late.producer_address}) đã "
                            f"ngừng sản xuất sản phẩm {late.product_name}.",
                        ],
                    ),
                    "Văn bản xác nhận của UBND xã",
                )
            ],
            today=today,
        )
        summary.opened += 1
        summary.overdue += 1

        found = today - 40 * day
        case = domain.open_case(
            certificates=[decided],
            ground=Ground.D,
            source=Source.INSPECTION_FINDING,
            finding_date=found,
            description=(
                f"Kiểm tra thị trường phát hiện {decided.producer_name} in nhãn hiệu OCOP "
                f"{decided.stars} sao trên sản phẩm chưa được công nhận, gây nhầm lẫn với "
                f"{decided.product_name}."
            ),
            actor=agency,
            evidence=[
                (
                    _pdf(
                        "Biên bản kiểm tra",
                        [
                            f"Ngày {found:%d/%m/%Y}",
                            f"Cơ sở: {decided.producer_name}, {decided.producer_address}.",
                            "Phát hiện sử dụng nhãn hiệu OCOP trên sản phẩm chưa được công nhận.",
                        ],
                    ),
                    "Biên bản kiểm tra",
                )
            ],
            today=today,
        )
        domain.decide(
            case,
            actor=agency,
            decision_no=f"{300 + decided.pk % 600}/QĐ-UBND",
            date=found + max(limit - 3, 1) * day,
            today=today,
        )
        summary.revoked += 1
    return summary
