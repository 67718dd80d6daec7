"""Spreadsheet columns of the inspection lists, shared by the API (`?format=xlsx|csv`) and the
pages' download buttons: one row per plan, or one row per visit with its findings."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from ocop.api.exports import MAX_EXPORT_ROWS, table

from . import checklist
from .models import Finding, InspectionTarget, Severity, Visit


def with_details(plans):
    """Plans with their targets, visits, findings, certificates and files loaded, in a fixed
    number of queries."""
    findings = Finding.objects.prefetch_related("certificates", "evidence").order_by("pk")
    visits = (
        Visit.objects.select_related("producer__commune", "product__product_set", "recorded_by")
        .prefetch_related(Prefetch("findings", queryset=findings))
        .order_by("date", "pk")
    )
    targets = InspectionTarget.objects.select_related(
        "producer__commune", "product__product_set"
    ).order_by("pk")
    return plans.prefetch_related(
        Prefetch("targets", queryset=targets), Prefetch("visits", queryset=visits)
    )


def _findings(plan) -> list:
    return [finding for visit in plan.visits.all() for finding in visit.findings.all()]


def _severe(plan) -> int:
    return sum(1 for finding in _findings(plan) if finding.severity == Severity.SEVERE)


def _referred(plan) -> int:
    return sum(1 for finding in _findings(plan) if finding.referred_on is not None)


PLAN_COLUMNS = [
    (_("Mã"), lambda p: p.pk),
    (_("Tên kế hoạch"), lambda p: p.title),
    (_("Tỉnh/thành phố"), lambda p: p.province.name),
    (_("Sở, ngành"), lambda p: p.get_department_display()),
    (_("Hình thức"), lambda p: p.get_kind_display()),
    (_("Từ ngày"), lambda p: p.period_start),
    (_("Đến ngày"), lambda p: p.period_end),
    (_("Số đối tượng"), lambda p: len(p.targets.all())),
    (_("Số lần kiểm tra"), lambda p: len(p.visits.all())),
    (_("Số phát hiện"), lambda p: len(_findings(p))),
    (_("Phát hiện nghiêm trọng"), lambda p: _severe(p)),
    (_("Đã chuyển đề nghị thu hồi"), lambda p: _referred(p)),
    (_("Người lập"), lambda p: str(p.created_by) if p.created_by else ""),
]


def _worst(visit) -> str:
    order = {value: index for index, value in enumerate(Severity.values)}
    severities = [finding.severity for finding in visit.findings.all()]
    if not severities:
        return ""
    return Severity(max(severities, key=order.__getitem__)).label


def _cases(visit) -> str:
    return ", ".join(
        str(finding.revocation_case_id)
        for finding in visit.findings.all()
        if getattr(finding, "revocation_case_id", None)
    )


def _answer(code):
    def get(row):
        entry = (row[1].checklist or {}).get(code) or {}
        return str(checklist.ANSWER_LABELS.get(entry.get("answer"), ""))

    return get


VISIT_COLUMNS = [
    (_("Mã kế hoạch"), lambda r: r[0].pk),
    (_("Kế hoạch"), lambda r: r[0].title),
    (_("Sở, ngành"), lambda r: r[0].get_department_display()),
    (_("Hình thức"), lambda r: r[0].get_kind_display()),
    (_("Ngày kiểm tra"), lambda r: r[1].date),
    (_("Chủ thể"), lambda r: r[1].producer.name),
    (_("Xã/phường"), lambda r: r[1].producer.commune.name),
    (_("Mã sản phẩm"), lambda r: r[1].product.code if r[1].product else ""),
    (_("Sản phẩm"), lambda r: r[1].product.name if r[1].product else ""),
    *[(label, _answer(code)) for code, label in checklist.ITEMS],
    (_("Kết luận"), lambda r: r[1].conclusion),
    (_("Số phát hiện"), lambda r: len(r[1].findings.all())),
    (_("Mức độ cao nhất"), lambda r: _worst(r[1])),
    (_("Hồ sơ thu hồi"), lambda r: _cases(r[1])),
]


def plans_table(plans) -> dict:
    return table(_("Kế hoạch kiểm tra OCOP"), PLAN_COLUMNS, list(plans[:MAX_EXPORT_ROWS]))


def visits_table(plans) -> dict:
    rows = [(plan, visit) for plan in plans[:MAX_EXPORT_ROWS] for visit in plan.visits.all()]
    return table(_("Kết quả kiểm tra OCOP"), VISIT_COLUMNS, rows[:MAX_EXPORT_ROWS])
