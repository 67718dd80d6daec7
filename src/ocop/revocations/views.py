"""Pages of revocation cases and of the producers to follow up.

Reads come from `queries.*_for_user` (outside the user's scope: 404); a visible case the user
may not act on is a 403; opening, deciding and dismissing are `domain` actions whose
`DomainError` is shown on the page with status 400, changing nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ocop.accounts.models import Role
from ocop.accounts.scope import is_national, memberships_of
from ocop.api.exports import table, wants_xlsx, xlsx_download
from ocop.certification import status as certificate_status
from ocop.certification.queries import certificates_for_user
from ocop.core.errors import DomainError
from ocop.core.templatetags.ocop import audit_trail
from ocop.core.text import filter_search
from ocop.core.uploads import download
from ocop.geo.models import AdminUnit, Era, Level
from ocop.geo.queries import communes_by_code
from ocop.notifications.models import Notification
from ocop.registry.models import Producer, Product

from . import domain, grounds
from .exports import CASE_COLUMNS, FOLLOW_UP_COLUMNS
from .forms import (
    CaseFilterForm,
    CaseForm,
    DecideForm,
    DismissForm,
    EvidenceForm,
    FollowUpFilterForm,
)
from .models import RevocationCase, RevocationEvidence, State
from .notify import OBJECT_TYPE
from .queries import cases_for_user, follow_up_for_user, with_details

PAGE_SIZE = 25
PICKER_LIMIT = 30
# Audit changes that are not columns of the case: their labels on the timeline.
EXTRA_LABELS = {
    "Certificates": gettext_lazy("giấy chứng nhận"),
    "Evidence": gettext_lazy("tài liệu minh chứng"),
}


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- unit filters ------------------------------------------------------------------------------


def _scope_provinces(user) -> list[tuple[int, str]]:
    """Current-era provinces the user's scope reaches, as (code, name) choices."""
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if not is_national(user):
        ids = set()
        for membership in memberships_of(user):
            if membership.unit is not None:
                ids.add(membership.unit.current_province_id)
            elif membership.producer is not None:
                ids.add(membership.producer.commune.current_province_id)
        provinces = provinces.filter(pk__in=ids)
    return list(provinces.order_by("name").values_list("code", "name"))


def _unit_choices(request, form_class):
    provinces = _scope_provinces(request.user)
    province = request.GET.get("province") or (provinces[0][0] if len(provinces) == 1 else "")
    communes = []
    if str(province).isdigit():
        communes = list(
            AdminUnit.objects.filter(
                era=Era.CURRENT, level=Level.COMMUNE, current_province__code=province
            )
            .order_by("name")
            .values_list("code", "name")
        )
    return form_class(request.GET or None, provinces=provinces, communes=communes)


def _producers_in_commune(code: int):
    return Producer.objects.filter(commune__in=communes_by_code(code, Era.CURRENT).values("pk"))


# --- cases -------------------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    """Cases in the user's scope, filtered by state, ground, level, source, unit and overdue;
    `?format=xlsx` downloads the filtered list."""
    form = _unit_choices(request, CaseFilterForm)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    cases = cases_for_user(request.user, today=today)
    query = (filters.get("q") or "").strip()
    if query:
        matching = RevocationCase.objects.filter(
            Q(certificates__number__icontains=query)
            | Q(producer__in=filter_search(Producer.objects.all(), query))
            | Q(certificates__product__in=filter_search(Product.objects.all(), query))
        )
        cases = cases.filter(pk__in=matching.values("pk"))
    for name in ("state", "ground", "level", "source"):
        if filters.get(name):
            cases = cases.filter(**{name: filters[name]})
    if filters.get("province"):
        cases = cases.filter(province__code=filters["province"])
    if filters.get("commune"):
        cases = cases.filter(producer__in=_producers_in_commune(filters["commune"]))
    if filters.get("overdue"):
        cases = cases.filter(overdue=True)
    cases = with_details(cases).order_by(
        "-overdue",
        Case(When(state=State.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "due_on",
        "-pk",
    )
    if wants_xlsx(request):
        return xlsx_download(table(_("Hồ sơ thu hồi"), CASE_COLUMNS, cases), "ho-so-thu-hoi-ocop")
    context = {
        "form": form,
        "page": _page(request, cases),
        "today": today,
        "can_open": request.user.has_perm("revocations.add_revocationcase"),
        "may_follow_up": request.user.has_perm("revocations.view_followup"),
    }
    return render(request, "revocations/case_list.html", context)


def _case_or_404(user, pk):
    return get_object_or_404(with_details(cases_for_user(user)), pk=pk)


def _timeline(case) -> list[dict]:
    rows = audit_trail(case)
    for row in rows:
        for change in row["changes"]:
            if change["label"] in EXTRA_LABELS:
                label = str(EXTRA_LABELS[change["label"]])
                change["label"] = label[:1].upper() + label[1:]
    return rows


def _is_officer(user) -> bool:
    return any(m.role != Role.PRODUCER for m in memberships_of(user))


def _case_page(
    request, case, *, status=200, decide_form=None, dismiss_form=None, evidence_form=None
):
    user = request.user
    today = timezone.localdate()
    is_open = case.state == State.OPEN
    can_decide = is_open and user.has_perm("revocations.decide_revocationcase", case)
    notifications = []
    if _is_officer(user):
        notifications = list(
            Notification.objects.filter(object_type=OBJECT_TYPE, object_id=str(case.pk))
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
    context = {
        "case": case,
        "certificates": list(case.certificates.all()),
        "evidence": list(case.evidence.all()),
        "today": today,
        "overdue": case.is_overdue(today),
        "days_left": case.days_left(today),
        "days_overdue": max(-case.days_left(today), 0),
        "time_limit": grounds.time_limit(case.rulebook),
        "can_decide": can_decide,
        "can_add_evidence": user.has_perm("revocations.add_revocationevidence", case),
        "decide_form": decide_form or DecideForm(),
        "dismiss_form": dismiss_form or DismissForm(),
        "evidence_form": evidence_form or EvidenceForm(),
        "notifications": notifications,
        "has_side": is_open or bool(notifications),
        "timeline": _timeline(case),
    }
    return render(request, "revocations/case_detail.html", context, status=status)


@login_required
@require_GET
def case_detail(request, pk: int):
    return _case_page(request, _case_or_404(request.user, pk))


def _certificate_rows(certificates, chosen: set[str]) -> list[dict]:
    return [
        {
            "certificate": certificate,
            "current": certificate.status in certificate_status.CURRENT,
            "checked": str(certificate.pk) in chosen,
        }
        for certificate in certificates
    ]


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    """Open a case on certificates of one producer: first pick a certificate (`?certificate=`,
    as the certificate page links here), then tick the producer's certificates concerned."""
    if not request.user.has_perm("revocations.add_revocationcase"):
        raise PermissionDenied
    visible = certificates_for_user(request.user)
    wanted = request.GET.get("certificate", "")
    if not wanted:
        return _certificate_picker(request, visible)
    if not wanted.isdigit():
        raise Http404
    anchor = get_object_or_404(visible, pk=int(wanted))
    anchor_current = anchor.status in certificate_status.CURRENT
    certificates = visible.filter(producer_id=anchor.producer_id).order_by("number")
    today = timezone.localdate()
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        certificates=certificates,
        rulebook=grounds.rulebook_for(today),
        initial={"finding_date": today},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = domain.open_case(
                    certificates=list(data["certificates"]),
                    ground=data["ground"],
                    source=data["source"],
                    finding_date=data["finding_date"],
                    description=data["description"],
                    actor=request.user,
                    evidence=data["evidence"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Đã lập hồ sơ thu hồi số %(id)s.") % {"id": case.pk})
                return redirect("revocations:detail", pk=case.pk)
        chosen = {str(value) for value in (form["certificates"].value() or [])}
    else:
        chosen = {str(anchor.pk)} if anchor_current else set()
    context = {
        "form": form,
        "anchor": anchor,
        "anchor_current": anchor_current,
        "producer": anchor.producer,
        "rows": _certificate_rows(certificates, chosen),
    }
    return render(request, "revocations/case_form.html", context, status=status)


def _certificate_picker(request, visible):
    query = (request.GET.get("q") or "").strip()[:100]
    found = []
    if query:
        found = list(
            visible.filter(status__in=certificate_status.CURRENT)
            .filter(
                Q(number__icontains=query)
                | Q(product__in=filter_search(Product.objects.all(), query))
                | Q(producer__in=filter_search(Producer.objects.all(), query))
            )
            .order_by("number")[:PICKER_LIMIT]
        )
    context = {"query": query, "found": found, "limit": PICKER_LIMIT}
    return render(request, "revocations/case_pick.html", context)


@login_required
@require_POST
def case_decide(request, pk: int):
    case = _case_or_404(request.user, pk)
    if not request.user.has_perm("revocations.decide_revocationcase", case):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            domain.decide(
                case,
                actor=request.user,
                decision_no=form.cleaned_data["decision_no"],
                date=form.cleaned_data["date"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Đã ghi quyết định thu hồi số %(number)s.")
                % {"number": form.cleaned_data["decision_no"]},
            )
            return redirect("revocations:detail", pk=case.pk)
    return _case_page(request, _case_or_404(request.user, pk), status=400, decide_form=form)


@login_required
@require_POST
def case_dismiss(request, pk: int):
    case = _case_or_404(request.user, pk)
    if not request.user.has_perm("revocations.decide_revocationcase", case):
        raise PermissionDenied
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            domain.dismiss(case, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã kết thúc hồ sơ, không thu hồi."))
            return redirect("revocations:detail", pk=case.pk)
    return _case_page(request, _case_or_404(request.user, pk), status=400, dismiss_form=form)


@login_required
@require_POST
def evidence_add(request, pk: int):
    case = _case_or_404(request.user, pk)
    if not request.user.has_perm("revocations.add_revocationevidence", case):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_evidence(
                case,
                actor=request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Đã bổ sung tài liệu."))
            return redirect("revocations:detail", pk=case.pk)
    return _case_page(request, _case_or_404(request.user, pk), status=400, evidence_form=form)


@login_required
@require_GET
def evidence_download(request, pk: int):
    """The file, as an attachment named by its title, for a user who may see its case."""
    evidence = get_object_or_404(
        RevocationEvidence.objects.filter(case__in=cases_for_user(request.user).values("pk")),
        pk=pk,
    )
    return download(evidence)


# --- follow-up ---------------------------------------------------------------------------------


@login_required
@require_GET
def follow_up(request):
    """Producers whose food-safety certificate expired while they hold a current OCOP
    certificate: to check, and to propose revocation where the breach is confirmed."""
    if not request.user.has_perm("revocations.view_followup"):
        raise PermissionDenied
    form = _unit_choices(request, FollowUpFilterForm)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    producers = follow_up_for_user(request.user, today=today)
    if filters.get("q"):
        producers = filter_search(producers, filters["q"])
    if filters.get("province"):
        producers = producers.filter(commune__current_province__code=filters["province"])
    if filters.get("commune"):
        producers = producers.filter(
            commune__in=communes_by_code(filters["commune"], Era.CURRENT).values("pk")
        )
    if wants_xlsx(request):
        return xlsx_download(
            table(_("Chủ thể hết hạn giấy ATTP"), FOLLOW_UP_COLUMNS, producers),
            "chu-the-het-han-attp",
        )
    context = {
        "form": form,
        "page": _page(request, producers),
        "today": today,
        "can_open": request.user.has_perm("revocations.add_revocationcase"),
    }
    return render(request, "revocations/follow_up.html", context)
