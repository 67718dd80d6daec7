"""Pages of post-recognition inspections: the plan list (filters, spreadsheet downloads), a new
plan, a plan with its targets and visits, the visit form with the checklist, a visit with its
findings, referral and files.

Reads come from `queries.plans_for_user` (outside the user's scope: 404); every change is a
`domain` action whose DomainError is shown on the page with status 400, changing nothing. A
visible plan the user may not write (a Ministry officer) shows no forms and answers 403 to a
post.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.api.exports import xlsx_download
from ocop.audit.models import AuditEntry
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.core.uploads import download
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import Producer, Product

from . import checklist, domain, exports
from .forms import EvidenceForm, FindingForm, PlanFilterForm, PlanForm, TargetForm, VisitForm
from .models import Finding, FindingEvidence, InspectionPlan, Severity, Visit
from .queries import in_commune, plans_for_user, visible_provinces
from .rules import may_write, planning_provinces, writable_departments

PAGE_SIZE = 25
# What each audited object of a plan is called on its page.
AUDIT_KINDS = {
    "inspectionplan": gettext_lazy("Kế hoạch"),
    "inspectiontarget": gettext_lazy("Đối tượng kiểm tra"),
    "visit": gettext_lazy("Lần kiểm tra"),
    "finding": gettext_lazy("Phát hiện"),
    "findingevidence": gettext_lazy("Tài liệu"),
}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _plan_or_404(user, pk) -> InspectionPlan:
    return get_object_or_404(plans_for_user(user), pk=pk)


def _writable_or_403(user, plan) -> None:
    if not may_write(user, plan.province_id, plan.department):
        raise PermissionDenied


# --- the plan list -----------------------------------------------------------------------------


def _filtered_plans(request):
    """The user's plans with the list's filters; also what the filter bar needs."""
    form = PlanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    plans = plans_for_user(request.user)
    provinces = visible_provinces(request.user)
    province = next((p for p in provinces if p.pk == filters.get("province")), None)
    if province is not None:
        plans = plans.filter(province=province)
    elif len(provinces) == 1:
        province = provinces[0]
    communes = []
    if province is not None:
        communes = list(
            AdminUnit.objects.filter(
                era=Era.CURRENT, level=Level.COMMUNE, current_province=province
            ).order_by("name")
        )
        commune = next((c for c in communes if c.pk == filters.get("commune")), None)
        if commune is not None:
            plans = in_commune(plans, commune)
    for name in ("department", "kind"):
        if filters.get(name):
            plans = plans.filter(**{name: filters[name]})
    if filters.get("year"):
        year = filters["year"]
        plans = plans.filter(period_start__year__lte=year, period_end__year__gte=year)
    if filters.get("severity"):
        matching = InspectionPlan.objects.filter(visits__findings__severity=filters["severity"])
        plans = plans.filter(pk__in=matching.values("pk"))
    context = {
        "form": form,
        "provinces": provinces,
        "province": province,
        "communes": communes,
        "selected_commune": filters.get("commune"),
    }
    return plans.order_by("-period_start", "-pk"), context


@login_required
@require_GET
def plan_list(request):
    """Plans in the user's scope, filtered by department, kind, year, unit and severity;
    `?download=plans` or `?download=visits` gives the filtered list as a spreadsheet."""
    plans, context = _filtered_plans(request)
    download = request.GET.get("download", "")
    if download == "plans":
        return xlsx_download(exports.plans_table(exports.with_details(plans)), "ke-hoach-kiem-tra")
    if download == "visits":
        return xlsx_download(exports.visits_table(exports.with_details(plans)), "ket-qua-kiem-tra")
    plans = plans.annotate(
        target_count=Count("targets", distinct=True),
        visit_count=Count("visits", distinct=True),
        severe_count=Count(
            "visits__findings",
            filter=Q(visits__findings__severity=Severity.SEVERE),
            distinct=True,
        ),
    )
    planning = planning_provinces(request.user)
    context.update(
        {
            "page": _page(request, plans),
            "can_create": planning is None or bool(planning),
            "today": timezone.localdate(),
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "inspections/plan_list.html", context)


# --- a new plan ------------------------------------------------------------------------------


def _planning_choices(user) -> list[AdminUnit]:
    ids = planning_provinces(user)
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if ids is not None:
        provinces = provinces.filter(pk__in=ids)
    return list(provinces.order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    provinces = _planning_choices(request.user)
    if not provinces:
        raise PermissionDenied
    wanted = request.GET.get("province", "")
    province = next((p for p in provinces if str(p.pk) == wanted), None)
    if province is None and wanted:
        raise Http404
    if province is None and len(provinces) == 1:
        province = provinces[0]
    if province is None:
        return render(request, "inspections/plan_form.html", {"provinces": provinces, "form": None})
    departments = writable_departments(request.user, province.pk)
    form = PlanForm(request.POST or None, departments=departments)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = domain.create_plan(actor=request.user, province=province, **data)
            except DomainError as error:
                if error.code == "permission":
                    raise PermissionDenied from error
                form.add_domain_error(error)
            else:
                messages.success(
                    request, _("Đã lập kế hoạch kiểm tra “%(title)s”.") % {"title": plan.title}
                )
                return redirect("inspections:plan", pk=plan.pk)
    context = {"provinces": provinces, "province": province, "form": form}
    return render(request, "inspections/plan_form.html", context, status=status)


# --- a plan ------------------------------------------------------------------------------------


def _target_choices(plan) -> list:
    """Producers of the plan's province holding a current certificate, each with its certified
    products: `producer:<id>` (every product) and `product:<id>`."""
    certificates = (
        Certificate.objects.current()
        .filter(producer__commune__current_province=plan.province_id)
        .select_related("producer", "product")
        .order_by("producer__name", "producer_id", "product__name")
    )
    groups: dict[int, tuple[Producer, list]] = {}
    for certificate in certificates:
        producer = certificate.producer
        group = groups.setdefault(producer.pk, (producer, []))
        if all(product.pk != certificate.product_id for product in group[1]):
            group[1].append(certificate.product)
    choices = []
    for producer, products in groups.values():
        options = [
            (f"producer:{producer.pk}", _("%(name)s — mọi sản phẩm") % {"name": producer.name})
        ]
        options += [
            (f"product:{product.pk}", f"{product.name} ({product.code})") for product in products
        ]
        choices.append((producer.name, options))
    return choices


def _visit_choices(plan) -> list:
    """The plan's targets, and each product of a producer targeted as a whole."""
    choices = []
    for target in plan.targets.all():
        if target.product_id:
            choices.append(
                (f"product:{target.product_id}", f"{target.product.name} — {target.producer.name}")
            )
        else:
            choices.append((f"producer:{target.producer_id}", target.producer.name))
            for product in target.producer.products.all():
                choices.append(
                    (f"product:{product.pk}", f"{product.name} — {target.producer.name}")
                )
    return list(dict.fromkeys(choices))


def _resolve(kind: str, pk: int) -> tuple:
    """The producer and product of a form's `producer:<id>` / `product:<id>` choice."""
    if kind == "product":
        product = (
            Product.objects.select_related("producer__commune", "commune").filter(pk=pk).first()
        )
        return (product.producer, product) if product else (None, None)
    return Producer.objects.select_related("commune").filter(pk=pk).first(), None


def _plan_audit(plan) -> list[AuditEntry]:
    """The audit entries of the plan, its targets, visits, findings and files, newest first."""
    visits = list(plan.visits.all())
    findings = [finding for visit in visits for finding in visit.findings.all()]
    files = [item for finding in findings for item in finding.evidence.all()]
    q = Q(object_type="inspectionplan", object_id=str(plan.pk))
    for kind, objects in (
        ("inspectiontarget", plan.targets.all()),
        ("visit", visits),
        ("finding", findings),
        ("findingevidence", files),
    ):
        ids = [str(obj.pk) for obj in objects]
        if ids:
            q |= Q(object_type=kind, object_id__in=ids)
    entries = list(
        AuditEntry.objects.filter(q).select_related("actor").order_by("-at", "-pk")[:200]
    )
    for entry in entries:
        entry.kind = AUDIT_KINDS.get(entry.object_type, "")
    return entries


def _plan_page(request, plan, *, target_form=None, status=200):
    writable = may_write(request.user, plan.province_id, plan.department)
    if writable and target_form is None:
        target_form = TargetForm(choices=_target_choices(plan))
    visits = list(plan.visits.all())
    context = {
        "plan": plan,
        "targets": list(plan.targets.all()),
        "visits": [
            {
                "visit": visit,
                "unmet": [checklist.LABELS[code] for code in checklist.unmet(visit.checklist)],
                "findings": list(visit.findings.all()),
            }
            for visit in visits
        ],
        "can_write": writable,
        "target_form": target_form if writable else None,
        "audit": _plan_audit(plan),
        "today": timezone.localdate(),
    }
    return render(request, "inspections/plan_detail.html", context, status=status)


def _detailed_plan_or_404(user, pk) -> InspectionPlan:
    return get_object_or_404(
        exports.with_details(plans_for_user(user)).prefetch_related("targets__producer__products"),
        pk=pk,
    )


@login_required
@require_GET
def plan_detail(request, pk: int):
    return _plan_page(request, _detailed_plan_or_404(request.user, pk))


@login_required
@require_POST
def target_add(request, pk: int):
    plan = _detailed_plan_or_404(request.user, pk)
    _writable_or_403(request.user, plan)
    form = TargetForm(request.POST, choices=_target_choices(plan))
    if form.is_valid():
        producer, product = _resolve(*form.target_ids())
        try:
            domain.add_target(plan, actor=request.user, producer=producer, product=product)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã thêm đối tượng kiểm tra."))
            return redirect("inspections:plan", pk=plan.pk)
    return _plan_page(request, plan, target_form=form, status=400)


# --- visits ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    plan = _detailed_plan_or_404(request.user, pk)
    _writable_or_403(request.user, plan)
    choices = _visit_choices(plan)
    initial = {}
    wanted = request.GET.get("target", "")
    if any(value == wanted for value, _label in choices):
        initial["target"] = wanted
    form = VisitForm(request.POST or None, choices=choices, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            producer, product = _resolve(*form.target_ids())
            try:
                visit = domain.record_visit(
                    plan,
                    actor=request.user,
                    producer=producer,
                    product=product,
                    date=data["date"],
                    inspectors=data["inspectors"],
                    checklist=form.checklist_data(),
                    conclusion=data["conclusion"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Đã ghi kết quả kiểm tra."))
                return redirect("inspections:visit", pk=plan.pk, visit_pk=visit.pk)
    context = {"plan": plan, "form": form, "has_targets": bool(choices)}
    return render(request, "inspections/visit_form.html", context, status=status)


def _visit_or_404(plan, visit_pk) -> Visit:
    findings = Finding.objects.prefetch_related(
        Prefetch("certificates", queryset=Certificate.objects.order_by("number")),
        Prefetch("evidence", queryset=FindingEvidence.objects.order_by("pk")),
    ).select_related("referred_by")
    return get_object_or_404(
        Visit.objects.select_related(
            "producer__commune", "product", "recorded_by"
        ).prefetch_related(Prefetch("findings", queryset=findings.order_by("pk"))),
        pk=visit_pk,
        plan=plan,
    )


def _visit_certificates(visit):
    certificates = Certificate.objects.filter(producer_id=visit.producer_id)
    if visit.product_id:
        certificates = certificates.filter(product_id=visit.product_id)
    return certificates.select_related("product").order_by("-issued_on", "number")


def _visit_page(
    request, plan, visit, *, finding_form=None, evidence_forms=None, error=None, status=200
):
    writable = may_write(request.user, plan.province_id, plan.department)
    if writable and finding_form is None:
        finding_form = FindingForm(certificates=_visit_certificates(visit))
    evidence_forms = evidence_forms or {}
    context = {
        "plan": plan,
        "visit": visit,
        "rows": checklist.rows(visit.checklist),
        "findings": [
            {"finding": finding, "evidence_form": evidence_forms.get(finding.pk) or EvidenceForm()}
            for finding in visit.findings.all()
        ],
        "can_write": writable,
        "finding_form": finding_form if writable else None,
        "error": error,
    }
    return render(request, "inspections/visit_detail.html", context, status=status)


@login_required
@require_GET
def visit_detail(request, pk: int, visit_pk: int):
    plan = _plan_or_404(request.user, pk)
    return _visit_page(request, plan, _visit_or_404(plan, visit_pk))


@login_required
@require_POST
def finding_create(request, pk: int, visit_pk: int):
    plan = _plan_or_404(request.user, pk)
    visit = _visit_or_404(plan, visit_pk)
    _writable_or_403(request.user, plan)
    form = FindingForm(request.POST, request.FILES, certificates=_visit_certificates(visit))
    if form.is_valid():
        data = form.cleaned_data
        try:
            # The finding, its referral and its file stand or fall together.
            with transaction.atomic():
                finding = domain.add_finding(
                    visit,
                    actor=request.user,
                    description=data["description"],
                    severity=data["severity"],
                    ground=data["ground"],
                    certificates=list(data["certificates"]),
                    refer=data["refer"],
                )
                if data.get("file"):
                    domain.add_evidence(finding, actor=request.user, file=data["file"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if finding.referred_on:
                messages.success(
                    request,
                    _("Đã ghi phát hiện và chuyển cơ quan OCOP đề nghị thu hồi giấy chứng nhận."),
                )
            else:
                messages.success(request, _("Đã ghi phát hiện."))
            return redirect("inspections:visit", pk=plan.pk, visit_pk=visit.pk)
    visit = _visit_or_404(plan, visit_pk)
    return _visit_page(request, plan, visit, finding_form=form, status=400)


def _finding_or_404(plan, visit_pk, finding_pk) -> Finding:
    return get_object_or_404(
        Finding.objects.select_related("visit__plan"),
        pk=finding_pk,
        visit_id=visit_pk,
        visit__plan=plan,
    )


@login_required
@require_POST
def finding_refer(request, pk: int, visit_pk: int, finding_pk: int):
    plan = _plan_or_404(request.user, pk)
    finding = _finding_or_404(plan, visit_pk, finding_pk)
    _writable_or_403(request.user, plan)
    try:
        domain.refer_finding(finding, actor=request.user)
    except DomainError as error:
        visit = _visit_or_404(plan, visit_pk)
        return _visit_page(request, plan, visit, error=error.message, status=400)
    messages.success(request, _("Đã chuyển cơ quan OCOP đề nghị thu hồi giấy chứng nhận."))
    return redirect("inspections:visit", pk=plan.pk, visit_pk=visit_pk)


@login_required
@require_POST
def finding_evidence(request, pk: int, visit_pk: int, finding_pk: int):
    plan = _plan_or_404(request.user, pk)
    finding = _finding_or_404(plan, visit_pk, finding_pk)
    _writable_or_403(request.user, plan)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_evidence(
                finding,
                actor=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
            return redirect("inspections:visit", pk=plan.pk, visit_pk=visit_pk)
    visit = _visit_or_404(plan, visit_pk)
    return _visit_page(request, plan, visit, evidence_forms={finding.pk: form}, status=400)


@login_required
@require_GET
def evidence_download(request, pk: int):
    """A finding's file, as an attachment named by its title, for a user who sees its plan."""
    evidence = FindingEvidence.objects.filter(pk=pk).select_related("finding__visit").first()
    if (
        evidence is None
        or not plans_for_user(request.user).filter(pk=evidence.finding.visit.plan_id).exists()
    ):
        raise Http404
    return download(evidence)
