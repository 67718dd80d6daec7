"""Pages of recognition decisions and certificates.

Reads come from `queries.*_for_user` (outside the user's scope: 404); drafting, issuing and
discarding a decision are `domain` actions whose `DomainError` is shown on the page with status
400, changing nothing.
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.core.errors import DomainError
from ocop.core.text import filter_search
from ocop.evaluation.models import DossierState
from ocop.evaluation.queries import dossiers_for_user
from ocop.evaluation.settings_domain import managed_provinces, may_manage

from . import domain
from .filters import expiring_within
from .forms import CertificateFilterForm, DecisionForm
from .models import Certificate, Decision, DecisionItem
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
            Prefetch("certificates", queryset=Certificate.objects.order_by("number")),
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


@login_required
@require_GET
def certificate_list(request):
    """Certificates in the user's scope, filtered by status, stars, a search text and
    "expiring within N days" (current certificates only)."""
    form = CertificateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = certificates_for_user(request.user)
    query = (filters.get("q") or "").strip()
    if query:
        certificates = certificates.filter(
            Q(number__icontains=query)
            | Q(product__in=filter_search(_products(), query))
            | Q(producer__in=filter_search(_producers(), query))
        )
    if filters.get("status"):
        certificates = certificates.filter(status=filters["status"])
    if filters.get("stars"):
        certificates = certificates.filter(stars=filters["stars"])
    today = timezone.localdate()
    if filters.get("expiring"):
        certificates = expiring_within(certificates, filters["expiring"], today)
    context = {
        "form": form,
        "page": _page(request, certificates.order_by("-issued_on", "-pk")),
        "today": today,
        "soon": today + datetime.timedelta(days=180),
    }
    return render(request, "certification/certificate_list.html", context)


@login_required
@require_GET
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(
        certificates_for_user(request.user).select_related(
            "superseded_by", "dossier", "product__commune"
        ),
        pk=pk,
    )
    context = {
        "certificate": certificate,
        "stars_badge": _stars(certificate.stars),
        "supersedes": list(certificate.supersedes.all()),
        "today": timezone.localdate(),
    }
    return render(request, "certification/certificate_detail.html", context)
