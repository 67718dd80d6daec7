"""Inspection actions: the only place plans, targets, visits and findings change.

Each action takes the object first and the actor keyword-only, checks its guards (the actor may
write the plan's department in its province, the producer lies in the province, dates fall in
the plan's period, the checklist is complete), changes data in one transaction holding a row
lock on the plan (or the finding), writes the audit trail, and notifies the OCOP agency when a
severe finding is referred. `today` lets past events (demo history, tests) carry their date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ocop.accounts.models import Department, Membership, Role
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.core.uploads import validate_upload
from ocop.geo.models import AdminUnit, Era, Level
from ocop.notifications import services as notifications
from ocop.registry.models import Producer, Product

from . import checklist as checklist_items
from .models import (
    Finding,
    FindingEvidence,
    Ground,
    InspectionKind,
    InspectionPlan,
    InspectionTarget,
    Severity,
    Visit,
)
from .rules import may_write

TITLE_MAX = InspectionPlan._meta.get_field("title").max_length
TEXT_MAX = 10_000
# A plan covers at most a few years: a typo in a year must not make a period of centuries.
MAX_PERIOD_DAYS = 3 * 366
REFERRAL_SOURCE = "inspection_finding"


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _day(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def _check_writer(actor, province_id: int | None, department: str) -> None:
    if not may_write(actor, province_id, department):
        raise DomainError(
            _(
                "Bạn không có quyền lập hoặc ghi kết quả kiểm tra của %(department)s "
                "tại tỉnh/thành phố này."
            )
            % {"department": Department(department).label},
            code="permission",
        )


def _text(value, *, field: str, required: bool, max_length: int = TEXT_MAX) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise DomainError(_("Trường này không được để trống."), field=field)
    if len(text) > max_length:
        raise DomainError(_("Không được dài quá %(max)s ký tự.") % {"max": max_length}, field=field)
    return text


def _lock_plan(plan: InspectionPlan) -> InspectionPlan:
    return (
        InspectionPlan.objects.select_for_update(of=("self",))
        .select_related("province")
        .get(pk=plan.pk)
    )


# --- plans and targets ---------------------------------------------------------------------


def _check_province(province) -> AdminUnit:
    if (
        not isinstance(province, AdminUnit)
        or province.level != Level.PROVINCE
        or province.era != Era.CURRENT
    ):
        raise DomainError(
            _("Kế hoạch kiểm tra phải thuộc một tỉnh/thành phố hiện nay (từ 01/7/2025)."),
            field="province",
        )
    return province


def _check_period(start, end) -> None:
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        raise DomainError(_("Hãy nhập thời gian thực hiện kế hoạch."), field="period_start")
    if end < start:
        raise DomainError(
            _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).")
            % {"end": _day(end), "start": _day(start)},
            field="period_end",
        )
    if (end - start).days > MAX_PERIOD_DAYS:
        raise DomainError(_("Một kế hoạch kiểm tra kéo dài tối đa 3 năm."), field="period_end")


def create_plan(
    *,
    actor,
    province: AdminUnit,
    department: str,
    title: str,
    kind: str,
    period_start: datetime.date,
    period_end: datetime.date,
    description: str = "",
    targets: Iterable[tuple[Producer, Product | None]] = (),
) -> InspectionPlan:
    """Plan the inspections of one department in a province for a period (periodic or
    unannounced), with the producers or products it targets."""
    province = _check_province(province)
    if department not in Department.values:
        raise DomainError(_("Sở, ngành không hợp lệ."), field="department")
    if kind not in InspectionKind.values:
        raise DomainError(_("Hình thức kiểm tra không hợp lệ."), field="kind")
    _check_writer(actor, province.pk, department)
    title = _text(title, field="title", required=True, max_length=TITLE_MAX)
    description = _text(description, field="description", required=False)
    _check_period(period_start, period_end)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            province=province,
            department=department,
            title=title,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            description=description,
            created_by=_user(actor),
        )
        log.record_create(plan, actor=actor)
        for producer, product in targets:
            _add_target(plan, actor=actor, producer=producer, product=product)
    return plan


def _in_province(commune, province_id: int) -> bool:
    return commune is not None and (commune.current_province_id or None) == province_id


def _check_target(plan: InspectionPlan, producer, product) -> None:
    if not isinstance(producer, Producer) or not _in_province(producer.commune, plan.province_id):
        raise DomainError(
            _("Chủ thể không có hoặc không thuộc địa bàn %(province)s của kế hoạch.")
            % {"province": plan.province.name},
            field="producer",
        )
    if product is not None:
        if not isinstance(product, Product) or product.producer_id != producer.pk:
            raise DomainError(
                _("Sản phẩm không có hoặc không phải của chủ thể %(producer)s.")
                % {"producer": producer.name},
                field="product",
            )
        if not _in_province(product.commune, plan.province_id):
            raise DomainError(
                _("Sản phẩm %(product)s không sản xuất trên địa bàn %(province)s.")
                % {"product": product.name, "province": plan.province.name},
                field="product",
            )


def _add_target(plan, *, actor, producer, product) -> InspectionTarget:
    _check_target(plan, producer, product)
    existing = InspectionTarget.objects.filter(plan=plan, producer=producer)
    duplicate = existing.filter(product=product) if product else existing.filter(product=None)
    if duplicate.exists():
        raise DomainError(
            _("%(target)s đã có trong kế hoạch.") % {"target": product or producer},
            field="product" if product else "producer",
        )
    target = InspectionTarget.objects.create(plan=plan, producer=producer, product=product)
    log.record_create(target, actor=actor)
    return target


def add_target(
    plan: InspectionPlan, *, actor, producer: Producer, product: Product | None = None
) -> InspectionTarget:
    """Add a producer (all its products) or one of its products to the plan; it must be placed
    in the plan's province."""
    _check_writer(actor, plan.province_id, plan.department)
    with transaction.atomic():
        plan = _lock_plan(plan)
        return _add_target(plan, actor=actor, producer=producer, product=product)


# --- visits ----------------------------------------------------------------------------------


def clean_checklist(data) -> dict:
    """The checklist as stored: every fixed item answered yes / no / na, with an optional note.
    A bare answer ("yes") stands for `{"answer": "yes"}`."""
    if not isinstance(data, dict):
        raise DomainError(
            _("Nội dung kiểm tra phải là một đối tượng {mục: {answer, note}}."), field="checklist"
        )
    unknown = sorted(str(code) for code in data if code not in checklist_items.CODES)
    if unknown:
        raise DomainError(
            _("Mục kiểm tra không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="checklist",
        )
    answers = {value for value, _label in checklist_items.ANSWERS}
    cleaned = {}
    for code in checklist_items.CODES:
        entry = data.get(code)
        if isinstance(entry, str):
            entry = {"answer": entry}
        if not isinstance(entry, dict) or entry.get("answer") not in answers:
            raise DomainError(
                _("Hãy trả lời mục “%(item)s”: đạt (yes), không đạt (no) hoặc không áp dụng (na).")
                % {"item": checklist_items.LABELS[code]},
                field=f"checklist.{code}",
            )
        note = entry.get("note") or ""
        if not isinstance(note, str) or len(note) > checklist_items.NOTE_MAX:
            raise DomainError(
                _("Ghi chú của mục “%(item)s” phải là chuỗi ký tự, tối đa %(max)s ký tự.")
                % {"item": checklist_items.LABELS[code], "max": checklist_items.NOTE_MAX},
                field=f"checklist.{code}",
            )
        cleaned[code] = {"answer": entry["answer"], "note": note.strip()}
    return cleaned


def _check_visit_target(plan: InspectionPlan, producer, product) -> None:
    _check_target(plan, producer, product)
    targets = list(InspectionTarget.objects.filter(plan=plan, producer=producer))
    if not targets:
        raise DomainError(
            _("Chủ thể %(producer)s không có trong danh sách đối tượng của kế hoạch.")
            % {"producer": producer.name},
            field="producer",
        )
    if product is not None and not any(t.product_id in (None, product.pk) for t in targets):
        raise DomainError(
            _("Sản phẩm %(product)s không có trong danh sách đối tượng của kế hoạch.")
            % {"product": product.name},
            field="product",
        )


def record_visit(
    plan: InspectionPlan,
    *,
    actor,
    producer: Producer,
    product: Product | None = None,
    date: datetime.date,
    inspectors: str,
    checklist: dict,
    conclusion: str = "",
    today: datetime.date | None = None,
) -> Visit:
    """Record a visit of one of the plan's targets, on a day within the plan's period and not
    in the future, with every checklist item answered."""
    _check_writer(actor, plan.province_id, plan.department)
    today = _today(today)
    inspectors = _text(inspectors, field="inspectors", required=True)
    conclusion = _text(conclusion, field="conclusion", required=False)
    cleaned = clean_checklist(checklist)
    if not isinstance(date, datetime.date):
        raise DomainError(_("Hãy nhập ngày kiểm tra."), field="date")
    with transaction.atomic():
        plan = _lock_plan(plan)
        if not plan.period_start <= date <= plan.period_end:
            raise DomainError(
                _("Ngày kiểm tra %(date)s nằm ngoài thời gian của kế hoạch (%(start)s – %(end)s).")
                % {
                    "date": _day(date),
                    "start": _day(plan.period_start),
                    "end": _day(plan.period_end),
                },
                field="date",
            )
        if date > today:
            raise DomainError(
                _("Ngày kiểm tra %(date)s chưa tới: chỉ ghi kết quả những lần đã kiểm tra.")
                % {"date": _day(date)},
                field="date",
            )
        _check_visit_target(plan, producer, product)
        visit = Visit.objects.create(
            plan=plan,
            producer=producer,
            product=product,
            date=date,
            inspectors=inspectors,
            checklist=cleaned,
            conclusion=conclusion,
            recorded_by=_user(actor),
        )
        log.record_create(visit, actor=actor)
    return visit


# --- findings --------------------------------------------------------------------------------


def _certificates_of(visit: Visit, certificates, *, severity: str, today: datetime.date) -> list:
    """The certificates a finding concerns: those given (of the visit's producer and product),
    else, for a severe finding, the current certificates of the visit's product (or producer)."""
    chosen = list(certificates or ())
    if not chosen and severity == Severity.SEVERE:
        current = Certificate.objects.current(today).filter(producer_id=visit.producer_id)
        if visit.product_id:
            current = current.filter(product_id=visit.product_id)
        chosen = list(current.order_by("number"))
        if not chosen:
            raise DomainError(
                _(
                    "Không có giấy chứng nhận còn hiệu lực của %(target)s để đề nghị thu hồi; "
                    "hãy chọn giấy chứng nhận liên quan."
                )
                % {"target": visit.product or visit.producer},
                field="certificates",
            )
    unique, seen = [], set()
    for certificate in chosen:
        if not isinstance(certificate, Certificate) or certificate.producer_id != visit.producer_id:
            raise DomainError(
                _("Giấy chứng nhận %(number)s không phải của chủ thể được kiểm tra.")
                % {"number": getattr(certificate, "number", certificate)},
                field="certificates",
            )
        if visit.product_id and certificate.product_id != visit.product_id:
            raise DomainError(
                _("Giấy chứng nhận %(number)s không phải của sản phẩm được kiểm tra.")
                % {"number": certificate.number},
                field="certificates",
            )
        if certificate.pk not in seen:
            seen.add(certificate.pk)
            unique.append(certificate)
    return unique


def add_finding(
    visit: Visit,
    *,
    actor,
    description: str,
    severity: str,
    ground: str = "",
    certificates: Iterable[Certificate] = (),
    refer: bool = True,
    today: datetime.date | None = None,
) -> Finding:
    """Record what a visit found. A severe finding names a revocation ground and concerns at
    least one certificate (by default the current ones of the visited product); unless `refer`
    is false it is referred at once to the OCOP agency, which opens a revocation case (and if
    that is refused, nothing is recorded)."""
    plan = visit.plan
    _check_writer(actor, plan.province_id, plan.department)
    today = _today(today)
    description = _text(description, field="description", required=True)
    if severity not in Severity.values:
        raise DomainError(_("Mức độ phải là minor, major hoặc severe."), field="severity")
    ground = ground or ""
    if ground and ground not in Ground.values:
        raise DomainError(_("Căn cứ thu hồi phải là một trong a, b, c, d, dd, e."), field="ground")
    if severity == Severity.SEVERE and not ground:
        raise DomainError(
            _("Phát hiện nghiêm trọng phải nêu căn cứ thu hồi đề xuất (Điều 8 QĐ 26/2026)."),
            field="ground",
        )
    chosen = _certificates_of(visit, certificates, severity=severity, today=today)
    with transaction.atomic():
        _lock_plan(plan)
        finding = Finding.objects.create(
            visit=visit,
            description=description,
            severity=severity,
            ground=ground,
            created_by=_user(actor),
        )
        finding.certificates.set(chosen)
        changes = log.diff({}, log.snapshot(finding))
        if chosen:
            changes["certificates"] = [None, [c.number for c in chosen]]
        log.record(finding, actor=actor, action=AuditAction.CREATE, changes=changes)
        if severity == Severity.SEVERE and refer:
            finding = _refer(finding, actor=actor, today=today)
    return finding


def _agency_officers(province_id: int) -> list:
    return [
        m.user
        for m in Membership.objects.filter(
            role=Role.AGENCY_OFFICER, unit_id=province_id, is_active=True
        ).select_related("user")
    ]


def _referral_description(finding: Finding) -> str:
    visit = finding.visit
    plan = visit.plan
    return _(
        "Phát hiện khi kiểm tra ngày %(date)s theo kế hoạch “%(plan)s” (%(department)s): "
        "%(description)s"
    ) % {
        "date": _day(visit.date),
        "plan": plan.title,
        "department": plan.get_department_display(),
        "description": finding.description,
    }


def _refer(finding: Finding, *, actor, today: datetime.date) -> Finding:
    """Inside the caller's transaction: open the revocation case and link it to the finding."""
    from ocop.revocations import domain as revocations

    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("visit__plan__province", "visit__producer", "visit__product")
        .get(pk=finding.pk)
    )
    if finding.severity != Severity.SEVERE:
        raise DomainError(
            _("Chỉ phát hiện nghiêm trọng mới được chuyển cơ quan OCOP đề nghị thu hồi."),
            field="severity",
        )
    if finding.referred_on is not None:
        raise DomainError(
            _("Phát hiện này đã được chuyển cơ quan OCOP ngày %(date)s.")
            % {"date": _day(finding.referred_on)}
        )
    if not finding.ground:
        raise DomainError(
            _("Phát hiện nghiêm trọng phải nêu căn cứ thu hồi đề xuất (Điều 8 QĐ 26/2026)."),
            field="ground",
        )
    certificates = list(finding.certificates.order_by("number"))
    if not certificates:
        raise DomainError(_("Hãy chọn giấy chứng nhận bị đề nghị thu hồi."), field="certificates")
    case = revocations.open_case(
        certificates=certificates,
        ground=finding.ground,
        source=REFERRAL_SOURCE,
        finding_date=finding.visit.date,
        description=_referral_description(finding),
        actor=actor,
        today=today,
    )
    finding.referred_on = today
    finding.referred_by = _user(actor)
    finding.revocation_case = case
    finding.save(update_fields=["referred_on", "referred_by", "revocation_case"])
    log.record(
        finding,
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        changes={"referred_on": [None, today.isoformat()], "revocation_case": [None, case.pk]},
        reason=_("Chuyển cơ quan OCOP đề nghị thu hồi giấy chứng nhận."),
    )
    plan = finding.visit.plan
    notifications.send(
        _agency_officers(plan.province_id),
        subject=_("Đề nghị thu hồi từ kết quả kiểm tra: %(target)s")
        % {"target": finding.visit.product or finding.visit.producer},
        body=_(
            "%(department)s phát hiện vi phạm nghiêm trọng khi kiểm tra ngày %(date)s và đề nghị "
            "thu hồi giấy chứng nhận %(numbers)s (căn cứ %(ground)s).\n\n%(description)s"
        )
        % {
            "department": plan.get_department_display(),
            "date": _day(finding.visit.date),
            "numbers": ", ".join(c.number for c in certificates),
            "ground": finding.get_ground_display(),
            "description": finding.description,
        },
        url=reverse("inspections:plan", args=[plan.pk]) + f"#finding-{finding.pk}",
        object_type="inspectionplan",
        object_id=plan.pk,
    )
    return finding


def refer_finding(finding: Finding, *, actor, today: datetime.date | None = None) -> Finding:
    """Refer a severe finding not yet referred to the OCOP agency: open a revocation case of its
    certificates on its ground, dated by the visit (the competent finding)."""
    plan = finding.visit.plan
    _check_writer(actor, plan.province_id, plan.department)
    with transaction.atomic():
        return _refer(finding, actor=actor, today=_today(today))


def add_evidence(finding: Finding, *, actor, file, title: str = "") -> FindingEvidence:
    """Attach a PDF, JPEG or PNG file (checked by content and size) to a finding."""
    plan = finding.visit.plan
    _check_writer(actor, plan.province_id, plan.department)
    content_type = validate_upload(file)
    title = _text(title, field="title", required=False, max_length=255)
    with transaction.atomic():
        _lock_plan(plan)
        evidence = FindingEvidence(finding=finding, uploaded_by=_user(actor))
        evidence.attach(file, content_type=content_type, title=title)
        evidence.save()
        log.record_create(evidence, actor=actor)
    return evidence
