"""Pages of recognition decisions, certificates and the re-ranking list.

Reads come from `queries.*_for_user` (outside the user's scope: 404); drafting, issuing and
discarding a decision, and starting a re-ranking dossier, are domain actions whose `DomainError`
is shown on the page with status 400, changing nothing. The certificate and re-ranking lists
download as spreadsheets (`?format=xlsx`) with the filters shown.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.accounts.scope import is_national, memberships_of
from ocop.api.exports import MAX_EXPORT_ROWS, table, wants_xlsx, xlsx_download
from ocop.core.errors import DomainError
from ocop.core.text import filter_search
from ocop.evaluation.models import DossierState
from ocop.evaluation.queries import dossiers_for_user
from ocop.evaluation.settings_domain import managed_provinces, may_manage
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.queries import communes_by_code

from . import domain, reranking
from .filters import expiring_within
from .forms import CertificateFilterForm, DecisionForm, RerankFilterForm
from .models import Certificate, CertificateStatus, Decision, DecisionItem
from .queries import certificates_for_user, decisions_for_user

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _stars(count) -> str:
    return "★" * count if count else ""


# --- decisions ---------------------------------------------------------------------------------


@login_required
@require_GET
def decision_list(request):
    decisions = (
        decisions_for_user(request.user)
        .annotate(item_count=Count("items"))
        .order_by("-date", "-pk")
    )
    status = request.GET.get("status", "")
    if status in Decision.Status.values:
        decisions = decisions.filter(status=status)
    context = {
        "page": _page(request, decisions),
        "status": status,
        "statuses": Decision.Status.choices,
        "can_create": bool(managed_provinces(request.user)),
    }
    return render(request, "certification/decision_list.html", context)


def _province_of_request(request, provinces):
    """The province chosen with `?province=<id>` among those the user manages (the only one
    when there is one); None when the user must still choose."""
    wanted = request.GET.get("province", "")
    province = next((p for p in provinces if str(p.pk) == wanted), None)
    if province is None and wanted:
        raise Http404
    if province is None and len(provinces) == 1:
        province = provinces[0]
    return province


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    """Draft a decision listing approved dossiers of a province the user's agency manages."""
    provinces = managed_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    province = _province_of_request(request, provinces)
    if province is None:
        return render(
            request, "certification/decision_form.html", {"provinces": provinces, "form": None}
        )
    in_scope = dossiers_for_user(request.user).filter(province=province)
    approved = list(in_scope.filter(state=DossierState.APPROVED).order_by("product__name", "pk"))
    form = DecisionForm(request.POST if request.method == "POST" else None, dossiers=in_scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = domain.draft_decision(
                    actor=request.user,
                    province=province,
                    number=data["number"],
                    date=data["date"],
                    signer_name=data["signer_name"],
                    signer_title=data["signer_title"],
                    dossiers=list(data["dossiers"]),
                    title=data["title"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Đã soạn dự thảo quyết định số %(number)s.") % {"number": decision.number},
                )
                return redirect("certification:decision", pk=decision.pk)
    chosen = {str(value) for value in (form["dossiers"].value() or [])}
    context = {
        "provinces": provinces,
        "province": province,
        "form": form,
        "approved": [
            {"dossier": d, "checked": str(d.pk) in chosen, "stars_badge": _stars(d.stars)}
            for d in approved
        ],
    }
    return render(request, "certification/decision_form.html", context, status=status)


def _decision_or_404(user, pk) -> Decision:
    items = DecisionItem.objects.select_related(
        "dossier__product__product_set", "dossier__producer", "dossier__commune__parent"
    ).order_by("position", "pk")
    return get_object_or_404(
        decisions_for_user(user).prefetch_related(
            Prefetch("items", queryset=items),
            Prefetch("certificates", queryset=Certificate.objects.in_number_order()),
        ),
        pk=pk,
    )


def _decision_page(request, decision: Decision, *, error=None, status=200):
    certificates = {c.dossier_id: c for c in decision.certificates.all()}
    items = [
        {
            "item": item,
            "dossier": item.dossier,
            "stars_badge": _stars(item.stars),
            "certificate": certificates.get(item.dossier_id),
        }
        for item in decision.items.all()
    ]
    can_manage = (
        decision.level == Decision.Level.PROVINCE
        and decision.province is not None
        and may_manage(request.user, decision.province)
    )
    context = {
        "decision": decision,
        "items": items,
        "certificate_count": len(certificates),
        "is_draft": decision.status == Decision.Status.DRAFT,
        "can_manage": can_manage and decision.status == Decision.Status.DRAFT,
        "error": error,
    }
    return render(request, "certification/decision_detail.html", context, status=status)


@login_required
@require_GET
def decision_detail(request, pk: int):
    return _decision_page(request, _decision_or_404(request.user, pk))


@login_required
@require_POST
def decision_issue(request, pk: int):
    """Issue a draft: certificates are numbered and the dossiers recognised."""
    decision = _decision_or_404(request.user, pk)
    try:
        domain.issue_decision(decision, actor=request.user)
    except DomainError as error:
        return _decision_page(request, decision, error=error.message, status=400)
    count = Certificate.objects.filter(decision=decision).count()
    messages.success(
        request,
        _("Đã ban hành quyết định số %(number)s: cấp %(count)s giấy chứng nhận.")
        % {"number": decision.number, "count": count},
    )
    return redirect("certification:decision", pk=decision.pk)


@login_required
@require_POST
def decision_discard(request, pk: int):
    decision = _decision_or_404(request.user, pk)
    try:
        domain.discard_decision(
            decision, actor=request.user, reason=request.POST.get("reason", "")[:500]
        )
    except DomainError as error:
        return _decision_page(request, decision, error=error.message, status=400)
    messages.success(
        request, _("Đã xoá dự thảo quyết định số %(number)s.") % {"number": decision.number}
    )
    return redirect("certification:decisions")


# --- certificates ------------------------------------------------------------------------------


def _products():
    from ocop.registry.models import Product

    return Product.objects.all()


def _producers():
    from ocop.registry.models import Producer

    return Producer.objects.all()


def _scope_provinces(user) -> list[tuple[int, str]]:
    """Current-era provinces the user's scope reaches, as (code, name) choices."""
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if not is_national(user):
        ids = set()
        for membership in memberships_of(user):
            if membership.unit is not None:
                ids.add(membership.unit.current_province_id or membership.unit.pk)
            elif membership.producer is not None:
                ids.add(membership.producer.commune.current_province_id)
        provinces = provinces.filter(pk__in=ids)
    return list(provinces.order_by("name").values_list("code", "name"))


def _communes_of(province_code) -> list[tuple[int, str]]:
    return list(
        AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.COMMUNE, current_province__code=province_code
        )
        .order_by("name")
        .values_list("code", "name")
    )


def _unit_choices(request) -> dict:
    """The province and commune choices of a list's unit filter (the communes of the chosen
    province, or of the only one in scope)."""
    provinces = _scope_provinces(request.user)
    province = request.GET.get("province") or (provinces[0][0] if len(provinces) == 1 else "")
    communes = _communes_of(province) if str(province).isdigit() else []
    return {"provinces": provinces, "communes": communes}


def _by_unit(certificates, filters: dict):
    """Certificates whose producer is in the chosen province / commune (a 2025 commune takes in
    the legacy communes it was made of)."""
    if filters.get("province"):
        certificates = certificates.filter(
            producer__commune__current_province__code=filters["province"]
        )
    if filters.get("commune"):
        certificates = certificates.filter(
            producer__commune__in=communes_by_code(filters["commune"], Era.CURRENT).values("pk")
        )
    return certificates


def _search(certificates, query: str):
    query = (query or "").strip()
    if not query:
        return certificates
    return certificates.filter(
        Q(number__icontains=query)
        | Q(product__in=filter_search(_products(), query))
        | Q(producer__in=filter_search(_producers(), query))
    )


def _unit_name(unit) -> str:
    return unit.name if unit is not None else ""


CERTIFICATE_COLUMNS = [
    (gettext_lazy("Mã"), lambda c: c.pk),
    (gettext_lazy("Số giấy chứng nhận"), lambda c: c.number),
    (gettext_lazy("Tình trạng"), lambda c: c.get_status_display()),
    (gettext_lazy("Số sao"), lambda c: c.stars),
    (gettext_lazy("Điểm"), lambda c: c.score),
    (gettext_lazy("Mã sản phẩm"), lambda c: c.product.code),
    (gettext_lazy("Sản phẩm"), lambda c: c.product_name),
    (gettext_lazy("Mã chủ thể"), lambda c: c.producer_id),
    (gettext_lazy("Chủ thể"), lambda c: c.producer_name),
    (gettext_lazy("Xã/phường"), lambda c: _unit_name(c.producer.commune)),
    (gettext_lazy("Tỉnh/thành phố"), lambda c: _unit_name(c.province)),
    (gettext_lazy("Số quyết định"), lambda c: c.decision.number),
    (gettext_lazy("Ngày cấp"), lambda c: c.issued_on),
    (gettext_lazy("Có hiệu lực đến"), lambda c: c.valid_until),
    (gettext_lazy("Ngày thu hồi"), lambda c: c.revoked_on),
    (gettext_lazy("Căn cứ thu hồi"), lambda c: c.revocation_ground),
    (gettext_lazy("Bị thay thế từ ngày"), lambda c: c.superseded_on),
    (gettext_lazy("Bộ tiêu chí"), lambda c: c.rulebook.slug),
]

# Quick links above the certificate list: (key, label, icon); "rerank" is the re-ranking list.
CERTIFICATE_TABS = [
    ("", gettext_lazy("Tất cả"), "bi-collection"),
    ("rerank", gettext_lazy("Sắp đến hạn phân hạng lại"), "bi-arrow-repeat"),
    (CertificateStatus.EXTENDED, gettext_lazy("Đang gia hạn"), "bi-hourglass-split"),
    (CertificateStatus.EXPIRED, gettext_lazy("Hết hiệu lực"), "bi-calendar-x"),
    (CertificateStatus.REVOKED, gettext_lazy("Đã thu hồi"), "bi-x-octagon"),
]


@login_required
@require_GET
def certificate_list(request):
    """Certificates in the user's scope, filtered by status (computed for today), stars, unit,
    a search text and "expiring within N days" (valid certificates ending between today and
    N days ahead); `?format=xlsx` downloads every filtered row."""
    units = _unit_choices(request)
    form = CertificateFilterForm(request.GET or None, **units)
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = _search(certificates_for_user(request.user), filters.get("q"))
    if filters.get("status"):
        certificates = certificates.filter(status=filters["status"])
    if filters.get("stars"):
        certificates = certificates.filter(stars=filters["stars"])
    certificates = _by_unit(certificates, filters)
    today = timezone.localdate()
    if filters.get("expiring"):
        certificates = expiring_within(certificates, filters["expiring"], today)
    certificates = certificates.in_number_order()
    if wants_xlsx(request):
        return xlsx_download(
            table(
                _("Giấy chứng nhận OCOP"),
                CERTIFICATE_COLUMNS,
                certificates.select_related("decision", "producer__commune")[:MAX_EXPORT_ROWS],
            ),
            "giay-chung-nhan-ocop",
        )
    context = {
        "form": form,
        "page": _page(request, certificates),
        "today": today,
        "soon": today + datetime.timedelta(days=180),
        "tabs": CERTIFICATE_TABS,
        "tab": filters.get("status", ""),
    }
    return render(request, "certification/certificate_list.html", context)


def _rerank_detail(request, certificate: Certificate, today: datetime.date) -> dict:
    """The re-ranking panel of a certificate page: its calendar, its re-ranking dossiers, and
    whether (and why not) the user may start one."""
    calendar = None
    if certificate.status not in (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED):
        calendar = reranking.calendar_of(certificate)
    dossiers = list(
        reranking.rerank_dossiers().filter(previous_certificate=certificate).order_by("-pk")
    )
    problem = reranking.filing_problem(certificate, today)
    may_start = reranking.may_start(request.user, certificate)
    return {
        "calendar": calendar,
        "rule_title": reranking.rule_title(calendar.rule) if calendar else "",
        "phase": calendar.phase(today) if calendar else reranking.NO_RULE,
        "days_left": calendar.days_left(today) if calendar else None,
        "dossiers": dossiers,
        "problem": problem,
        "may_start": may_start,
        "can_start": may_start and problem is None,
        "show": calendar is not None or bool(dossiers),
    }


def _certificate_or_404(user, pk) -> Certificate:
    return get_object_or_404(
        certificates_for_user(user).select_related("superseded_by", "dossier", "product__commune"),
        pk=pk,
    )


def _certificate_page(request, certificate, *, error=None, status=200):
    today = timezone.localdate()
    context = {
        "certificate": certificate,
        "stars_badge": _stars(certificate.stars),
        "supersedes": list(certificate.supersedes.all()),
        "today": today,
        "rerank": _rerank_detail(request, certificate, today),
        "error": error,
    }
    return render(request, "certification/certificate_detail.html", context, status=status)


@login_required
@require_GET
def certificate_detail(request, pk: int):
    return _certificate_page(request, _certificate_or_404(request.user, pk))


@login_required
@require_POST
def certificate_rerank(request, pk: int):
    """Start a re-ranking dossier from the certificate (its producer, or an officer covering
    the product), then continue on the new dossier's form."""
    certificate = _certificate_or_404(request.user, pk)
    if not reranking.may_start(request.user, certificate):
        raise PermissionDenied
    try:
        dossier = reranking.start_rerank(certificate, actor=request.user)
    except DomainError as error:
        return _certificate_page(request, certificate, error=error.message, status=400)
    messages.success(
        request,
        _(
            "Đã lập hồ sơ phân hạng lại cho %(product)s (giấy chứng nhận %(no)s). Hãy tự đánh "
            "giá theo phiếu rồi nộp hồ sơ."
        )
        % {"product": certificate.product_name, "no": certificate.number},
    )
    return redirect("evaluation:dossier-edit", pk=dossier.pk)


# --- the re-ranking list -----------------------------------------------------------------------


def _days_left_cell(row: reranking.Row):
    return row.days_left


RERANK_PHASES = {
    reranking.UPCOMING: gettext_lazy("Sắp mở"),
    reranking.OPEN: gettext_lazy("Đang mở"),
    reranking.LATE: gettext_lazy("Nộp muộn"),
    reranking.OVER: gettext_lazy("Quá hạn"),
    reranking.NO_RULE: "",
}

RERANK_COLUMNS = [
    (gettext_lazy("Số giấy chứng nhận"), lambda r: r.certificate.number),
    (gettext_lazy("Tình trạng"), lambda r: r.certificate.get_status_display()),
    (gettext_lazy("Số sao"), lambda r: r.certificate.stars),
    (gettext_lazy("Mã sản phẩm"), lambda r: r.certificate.product.code),
    (gettext_lazy("Sản phẩm"), lambda r: r.certificate.product_name),
    (gettext_lazy("Chủ thể"), lambda r: r.certificate.producer_name),
    (gettext_lazy("Xã/phường"), lambda r: _unit_name(r.certificate.producer.commune)),
    (gettext_lazy("Tỉnh/thành phố"), lambda r: _unit_name(r.certificate.province)),
    (gettext_lazy("Có hiệu lực đến"), lambda r: r.certificate.valid_until),
    (gettext_lazy("Mở nhận hồ sơ từ"), lambda r: r.calendar and r.calendar.window_start),
    (gettext_lazy("Hạn cuối nộp hồ sơ"), lambda r: r.calendar and r.calendar.window_end),
    (gettext_lazy("Hạn cuối nộp muộn"), lambda r: r.calendar and r.calendar.grace_end),
    (gettext_lazy("Giai đoạn"), lambda r: str(RERANK_PHASES[r.phase])),
    (gettext_lazy("Số ngày còn lại"), _days_left_cell),
    (gettext_lazy("Hồ sơ phân hạng lại"), lambda r: r.certificate.rerank_dossier_id),
    (gettext_lazy("Trạng thái hồ sơ"), lambda r: r.dossier_state_label),
    (gettext_lazy("Ngày nộp hồ sơ"), lambda r: r.certificate.rerank_submitted_on),
]


@login_required
@require_GET
def rerank_list(request):
    """Certificates in the user's scope whose re-ranking window is open or opens within N days
    (30 by default), optionally with the late filers, filtered by unit and by whether a dossier
    was started; `?format=xlsx` downloads every filtered row."""
    units = _unit_choices(request)
    form = RerankFilterForm(request.GET or None, **units)
    filters = form.cleaned_data if form.is_valid() else {}
    days = filters.get("days")
    if days is None:
        days = reranking.DEFAULT_AHEAD_DAYS
    today = timezone.localdate()
    certificates = _search(certificates_for_user(request.user), filters.get("q"))
    certificates = _by_unit(certificates, filters)
    certificates = reranking.rerank_list(
        certificates, today=today, ahead_days=days, include_late=bool(filters.get("late"))
    )
    if filters.get("dossier") == "none":
        certificates = certificates.filter(rerank_dossier_id__isnull=True)
    elif filters.get("dossier") == "started":
        certificates = certificates.filter(rerank_dossier_id__isnull=False)
    certificates = certificates.select_related("producer__commune")
    if wants_xlsx(request):
        return xlsx_download(
            table(
                _("Phân hạng lại"),
                RERANK_COLUMNS,
                reranking.rows(certificates[:MAX_EXPORT_ROWS], today),
            ),
            "phan-hang-lai",
        )
    page = _page(request, certificates)
    page.object_list = reranking.rows(page.object_list, today)
    context = {
        "form": form,
        "page": page,
        "days": days,
        "today": today,
        "phases": RERANK_PHASES,
        "closing_soon_days": reranking.CLOSING_SOON_DAYS,
        "rule": reranking.rule_in_force(today),
    }
    return render(request, "certification/rerank_list.html", context)
