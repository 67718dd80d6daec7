"""Pages of dossiers: list, detail with timeline and actions, create, edit, evidence files.

Reads come from `queries.*_for_user` (a dossier outside the user's scope answers 404); every
change is a `domain` action, whose DomainError is shown on the page with status 400.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of, roles_of
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.core.uploads import download
from ocop.registry.models import Product
from ocop.registry.queries import product_detail_for_user
from ocop.registry.rules import can_edit_product

from . import domain, forms_spec, rules, workflow
from .forms import (
    ANSWER_PREFIX,
    FILE_PREFIX,
    NOTE_PREFIX,
    DossierCreateForm,
    DossierEditForm,
    DossierFilter,
    action_form,
    answer_of_option,
    option_of_answer,
    option_value,
    running_total,
)
from .models import (
    Dossier,
    DossierState,
    Evidence,
    FieldInspection,
    Level,
)
from .queries import dossier_detail_for_user, dossiers_for_user, overdue_only, rounds_for_user

S = DossierState
PAGE_SIZE = 25
MY_LIMIT = 50
EDITABLE = (S.DRAFT, S.RETURNED)
EDITORS = {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER}
# Not a transition, but done from the actions panel: the advisory team's review.
ADVISORY_REVIEW = rules.ADVISORY_REVIEW
# Not a transition either: the officer confirms the product samples it received.
CONFIRM_SAMPLES = rules.CONFIRM_SAMPLES
PAGE_ACTIONS = (*workflow.DOSSIER_ACTIONS, ADVISORY_REVIEW, CONFIRM_SAMPLES)
ACTION_LABELS = {
    ADVISORY_REVIEW: gettext_lazy("Ghi kết quả thẩm định của tổ tư vấn"),
    CONFIRM_SAMPLES: rules.CONFIRM_SAMPLES_LABEL,
}
# Actions that stop or send back a dossier: shown apart, in red.
DESTRUCTIVE = {"return", "disqualify", "withdraw"}
# The usual steps of each process profile (the rulebook's first level).
PATHS = {
    Level.COMMUNE: (
        "submit",
        "receive",
        "assess",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "issue",
    ),
    Level.DISTRICT: (
        "submit",
        "receive",
        "inspect",
        "close-district-scoring",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "issue",
    ),
}
LEVEL_ORDER = {Level.COMMUNE: 0, Level.DISTRICT: 1, Level.PROVINCE: 2, Level.CENTRAL: 3}


def _dossier_or_404(user, pk) -> Dossier:
    try:
        return dossier_detail_for_user(user, pk)
    except (Dossier.DoesNotExist, ValueError):
        raise Http404 from None


def _bound(request, *, files: bool = False) -> tuple:
    """Form arguments: the submitted data on POST (even when empty), none on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _may_edit(user, dossier) -> bool:
    """The producer's parts may be changed by the producer or the commune (district) officer
    covering the dossier, as `domain.update_dossier` allows."""
    return rules.may_act(user, dossier, EDITORS)


# --- list ----------------------------------------------------------------------------------


def _dossier_rows(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for dossier in page.object_list:
        dossier.due = domain.due_on(dossier)
        dossier.overdue = domain.is_overdue(dossier)
    return page


def _is_producer_only(user) -> bool:
    roles = roles_of(user)
    return bool(roles) and roles <= {Role.PRODUCER}


@login_required
def dossier_list(request):
    user = request.user
    query = (request.GET.get("q") or "").strip()[:100]
    queryset = dossiers_for_user(user, query=query or None).select_related(
        "commune__parent__parent"
    )
    filters = DossierFilter(request.GET, queryset=queryset, rounds=rounds_for_user(user))
    dossiers = filters.qs
    if filters.form.is_valid() and filters.form.cleaned_data.get("overdue"):
        dossiers = overdue_only(dossiers)
    dossiers = dossiers.order_by("-created_at", "-pk")
    context = {
        "filters": filters,
        "form": filters.form,
        "page": _dossier_rows(request, dossiers),
        "producer_view": _is_producer_only(user),
    }
    if getattr(request, "htmx", False) and request.htmx.target == "results":
        return render(request, "evaluation/_dossier_table.html", context)
    return render(request, "evaluation/dossier_list.html", context)


@login_required
def my_dossiers(request):
    """A producer's dossiers as cards: where each stands, what is missing, the result."""
    user = request.user
    producers = [m.producer_id for m in memberships_of(user) if m.role == Role.PRODUCER]
    dossiers = list(
        dossiers_for_user(user)
        .filter(Q(producer_id__in=producers) | Q(created_by=user) | Q(consultant_user=user))
        .prefetch_related("results")
        .order_by("-created_at", "-pk")[:MY_LIMIT]
    )
    certificates = {
        certificate.dossier_id: certificate
        for certificate in Certificate.objects.filter(dossier__in=[d.pk for d in dossiers])
    }
    for dossier in dossiers:
        dossier.problems = domain.submission_problems(dossier) if dossier.state in EDITABLE else []
        dossier.next_steps = _future_steps(dossier)[:1]
        dossier.latest_result = max(
            dossier.results.all(), key=lambda r: LEVEL_ORDER.get(r.level, 0), default=None
        )
        dossier.cert = certificates.get(dossier.pk)
        dossier.cert_url = _certificate_url(dossier.cert)
    return render(request, "evaluation/dossier_mine.html", {"dossiers": dossiers})


# --- detail --------------------------------------------------------------------------------


def _is_district_profile(dossier) -> bool:
    """Whether the rulebook files dossiers with the (legacy) district, as QĐ 1048/2019 did."""
    try:
        return domain.first_level(dossier.rulebook) == Level.DISTRICT
    except (KeyError, IndexError, TypeError):
        return False


def _path_of(dossier) -> tuple[str, ...]:
    return PATHS[Level.DISTRICT if _is_district_profile(dossier) else Level.COMMUNE]


def _future_steps(dossier) -> list[dict]:
    """The usual steps still ahead of the dossier, greyed out on the timeline."""
    if dossier.state in workflow.FINAL_STATES:
        return []
    path = _path_of(dossier)
    if dossier.state in EDITABLE:
        ahead = list(path)
    elif dossier.state == S.SENT_TO_MINISTRY:
        ahead = ["record-ministry-result", "issue"]
    else:
        done = [
            index
            for index, name in enumerate(path)
            if dossier.state in workflow.ACTIONS[name].targets
        ]
        ahead = list(path[done[-1] + 1 :]) if done else list(path)
    return [{"name": name, "label": workflow.ACTIONS[name].label} for name in ahead]


def _samples(dossier) -> dict:
    """The samples the rulebook requires and what the officer confirmed, for everyone."""
    required = domain.samples_required(dossier)
    rule = dossier.rulebook.rules.samples
    confirmed = dossier.samples_confirmed or 0
    return {
        "required": required,
        "source": rule.source if rule else "",
        "confirmed": dossier.samples_confirmed,
        "on": dossier.samples_confirmed_on,
        "by": dossier.samples_confirmed_by,
        "short": confirmed < required,
    }


def _actions(user, dossier, bound: dict) -> list[dict]:
    """The actions panel: what this user may do now (`rules`), each with its form (bound after
    a refused post), disabled with the domain's reason when a precondition is not met."""
    names = [name for name in rules.actions_for(user, dossier) if name in PAGE_ACTIONS]
    if ADVISORY_REVIEW in names and "open-scoring" in names:
        # The advisory team's report comes before the scoring is opened.
        names.remove(ADVISORY_REVIEW)
        names.insert(names.index("open-scoring"), ADVISORY_REVIEW)
    if CONFIRM_SAMPLES in names:
        # The samples are confirmed before the dossier is assessed and proposed.
        names.remove(CONFIRM_SAMPLES)
        names.insert(0, CONFIRM_SAMPLES)
    rows = []
    for name in names:
        form = bound.get(name) or action_form(name, dossier=dossier)
        rows.append(
            {
                "name": name,
                "label": ACTION_LABELS.get(name) or workflow.ACTIONS[name].label,
                "form": form,
                "open": name in bound,
                "destructive": name in DESTRUCTIVE,
                "multipart": name in ("inspect", ADVISORY_REVIEW),
                "blocked": domain.blocker(dossier, name),
            }
        )
    return rows


def _certificate_url(certificate) -> str | None:
    if certificate is None:
        return None
    return reverse("certification:certificate-pdf", args=[certificate.pk])


def _spec_rows(specs, values: dict) -> list[dict]:
    values = values or {}
    return [
        {"label": spec.label, "value": values.get(spec.key, ""), "long": spec.long}
        for spec in specs
    ]


def _self_assessment_rows(sheet: dict, dossier, evidence: list) -> list[dict]:
    """Mẫu 02 part III: each criterion with the producer's answer, note and evidence files."""
    assessment = dossier.self_assessment or {}
    answers = assessment.get("answers") or {}
    notes = assessment.get("notes") or {}
    files = {}
    for item in evidence:
        files.setdefault(item.criterion, []).append(item)
    parts = []
    for part in sheet["parts"]:
        rows = []
        for group in part["groups"]:
            for criterion in group["criteria"]:
                code = str(criterion["code"])
                chosen = None
                if code in answers:
                    chosen = option_of_answer(criterion["options"], answers[code])
                rows.append(
                    {
                        "code": code,
                        "label": criterion.get("label", ""),
                        "max": criterion["max"],
                        "answered": code in answers,
                        "option": chosen,
                        "note": notes.get(code, ""),
                        "files": files.get(code, []),
                    }
                )
        parts.append({"code": part["code"], "label": part["label"], "rows": rows})
    return parts


def _detail_context(request, dossier, *, bound=None, error=None) -> dict:
    user = request.user
    sheet = sheet_error = None
    try:
        sheet = domain.sheet_for(dossier)
    except DomainError as exc:
        sheet_error = exc.message
    evidence = list(dossier.evidence.all())
    by_kind = {kind: [e for e in evidence if e.kind == kind] for kind in Evidence.Kind.values}
    seat = domain.seat_of(user, dossier)
    certificate = Certificate.objects.filter(dossier=dossier).first()
    results = sorted(dossier.results.all(), key=lambda r: LEVEL_ORDER.get(r.level, 9))
    assessment = dossier.self_assessment or {}
    self_total = None
    if sheet is not None:
        self_total = running_total(
            sheet.data,
            assessment.get("answers") or {},
            bands=domain.bands(dossier.rulebook),
            min_stars=domain.min_certified_stars(dossier.rulebook),
        )
    editable = dossier.state in EDITABLE
    return {
        "dossier": dossier,
        "rulebook_name": dossier.rulebook.rules.short_title,
        "producer_view": _is_producer_only(user),
        "error": error,
        "transitions": list(dossier.transitions.all()),
        "future": _future_steps(dossier),
        "problems": domain.submission_problems(dossier) if editable else [],
        "can_edit": editable and _may_edit(user, dossier),
        "due": domain.due_on(dossier),
        "overdue": domain.is_overdue(dossier),
        "registration": _spec_rows(forms_spec.REGISTRATION_FIELDS, dossier.registration),
        "report": _spec_rows(forms_spec.REPORT_FIELDS, assessment.get("report")),
        "self_parts": _self_assessment_rows(sheet.data, dossier, by_kind[Evidence.Kind.EVIDENCE])
        if sheet is not None
        else [],
        "self_total": self_total,
        "loose_evidence": [e for e in by_kind[Evidence.Kind.EVIDENCE] if not e.criterion],
        "sheet": sheet,
        "sheet_error": sheet_error,
        "commune_assessment": _spec_rows(forms_spec.ASSESSMENT_FIELDS, dossier.commune_assessment)
        if dossier.commune_assessment
        else [],
        "inspection": FieldInspection.objects.filter(dossier=dossier).first(),
        "field_photos": by_kind[Evidence.Kind.FIELD_PHOTO],
        "advisory": _spec_rows(forms_spec.ADVISORY_FIELDS, dossier.advisory_review)
        if dossier.advisory_review
        else [],
        "advisory_files": by_kind[Evidence.Kind.ADVISORY],
        "samples": _samples(dossier),
        "results": results,
        "certificate": certificate,
        "certificate_url": _certificate_url(certificate),
        "seat": seat,
        "scoring_url": reverse("evaluation:scoring", args=[dossier.pk]) if seat else None,
        "actions": _actions(user, dossier, bound or {}),
        "issue_url": reverse("certification:decision-create")
        if dossier.state == S.APPROVED and rules.may_act(user, dossier, {Role.AGENCY_OFFICER})
        else None,
    }


def _render_detail(request, dossier, *, bound=None, error=None, status=200):
    context = _detail_context(request, dossier, bound=bound, error=error)
    return render(request, "evaluation/dossier_detail.html", context, status=status)


@login_required
def dossier_detail(request, pk):
    return _render_detail(request, _dossier_or_404(request.user, pk))


# --- actions -------------------------------------------------------------------------------


def _perform(user, dossier, name: str, form) -> Dossier:
    """Run the domain action `name` with the form's values; raises DomainError."""
    data = form.cleaned_data if form is not None else {}
    simple = {
        "submit": domain.submit,
        "receive": domain.receive,
        "close-district-scoring": domain.close_district_scoring,
        "propose": domain.propose,
        "accept": domain.accept,
        "open-scoring": domain.open_scoring,
        "finalize": domain.finalize,
        "approve": domain.approve,
    }
    if name in simple:
        return simple[name](dossier, actor=user)
    if name == "assess":
        return domain.assess(dossier, actor=user, assessment=form.assessment())
    if name == "inspect":
        dossier = domain.inspect(
            dossier, actor=user, date=data["date"], people=data["people"], findings=data["findings"]
        )
        for photo in data.get("photos") or []:
            domain.add_evidence(
                dossier, actor=user, file=photo, title=photo.name, kind=Evidence.Kind.FIELD_PHOTO
            )
        return dossier
    if name == "return":
        return domain.return_dossier(dossier, actor=user, reason=data["reason"])
    if name == "disqualify":
        return domain.disqualify(dossier, actor=user, reason=data["reason"])
    if name == "withdraw":
        return domain.withdraw(dossier, actor=user, reason=data.get("reason", ""))
    if name == ADVISORY_REVIEW:
        dossier = domain.record_advisory_review(dossier, actor=user, review=form.review())
        for document in data.get("documents") or []:
            domain.add_evidence(
                dossier, actor=user, file=document, title=document.name, kind=Evidence.Kind.ADVISORY
            )
        return dossier
    if name == CONFIRM_SAMPLES:
        return domain.confirm_samples(
            dossier, actor=user, count=data["count"], received_on=data["received_on"]
        )
    if name == "record-ministry-result":
        return domain.record_ministry_result(
            dossier, actor=user, score=data["score"], decision_no=data["decision_no"]
        )
    raise Http404  # pragma: no cover - PAGE_ACTIONS is checked first


@login_required
@require_POST
def dossier_action(request, pk, action):
    """POST one action from the panel. A refused action re-renders the page with the rule's
    message and status 400, nothing changed; success redirects with a message."""
    dossier = _dossier_or_404(request.user, pk)
    if action not in PAGE_ACTIONS:
        raise Http404
    form = action_form(action, dossier=dossier, data=request.POST, files=request.FILES)
    if form is not None and not form.is_valid():
        return _render_detail(request, dossier, bound={action: form}, status=400)
    try:
        with transaction.atomic():
            moved = _perform(request.user, dossier, action, form)
    except DomainError as error:
        dossier = _dossier_or_404(request.user, pk)
        bound = {action: form} if form is not None else {}
        return _render_detail(request, dossier, bound=bound, error=error.message, status=400)
    if action == ADVISORY_REVIEW:
        messages.success(request, _("Đã ghi kết quả thẩm định của tổ tư vấn."))
    elif action == CONFIRM_SAMPLES:
        messages.success(
            request,
            _("Đã xác nhận nhận %(count)s sản phẩm mẫu.") % {"count": moved.samples_confirmed},
        )
    else:
        messages.success(
            request,
            _("Đã thực hiện “%(action)s”. Hồ sơ hiện ở trạng thái “%(state)s”.")
            % {"action": workflow.ACTIONS[action].label, "state": S(moved.state).label},
        )
    return redirect("evaluation:dossier", pk=pk)


# --- create and edit -----------------------------------------------------------------------


@login_required
def dossier_create(request, product_pk):
    """Open a dossier for a product (its producer, or an officer covering it)."""
    try:
        product = product_detail_for_user(request.user, product_pk)
    except (Product.DoesNotExist, ValueError):
        raise Http404 from None
    if not can_edit_product(request.user, product):
        raise PermissionDenied
    certificate = domain.current_certificate(product)
    open_dossier = (
        dossiers_for_user(request.user)
        .filter(product=product, state__in=domain.OPEN_STATES)
        .first()
    )
    form = DossierCreateForm(*_bound(request), has_certificate=certificate is not None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                dossier = domain.create_dossier(
                    product,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    registration=form.registration(),
                    prepared_by=form.cleaned_data["prepared_by"],
                    consultant_name=form.cleaned_data.get("consultant_name") or "",
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Đã lập hồ sơ đánh giá OCOP cho %(name)s. Hãy tự đánh giá theo phiếu.")
                    % {"name": product.name},
                )
                return redirect("evaluation:dossier-edit", pk=dossier.pk)
        status = 400
    context = {
        "form": form,
        "product": product,
        "certificate": certificate,
        "open_dossier": open_dossier,
    }
    return render(request, "evaluation/dossier_create.html", context, status=status)


def _sheet_form(form, sheet: dict, evidence: list) -> list[dict]:
    """The self-assessment section of the edit form: parts → groups → criteria, each with its
    options as radio buttons (grouped by case), note, file input and attached files."""
    files = {}
    for item in evidence:
        files.setdefault(item.criterion, []).append(item)
    parts = []
    for part in sheet["parts"]:
        groups = []
        for group in part["groups"]:
            criteria = []
            for criterion in group["criteria"]:
                code = str(criterion["code"])
                answer = form[ANSWER_PREFIX + code]
                selected = answer.value()
                options = []
                for index, option in enumerate(criterion["options"]):
                    value = option_value(option)
                    options.append(
                        {
                            "value": value,
                            "id": f"id_{ANSWER_PREFIX}{code}_{index}",
                            "label": option.get("label", ""),
                            "points": option["points"],
                            "case": option.get("case"),
                            "badge": "★" * int(option.get("min_star_marker") or 0),
                            "checked": selected is not None and str(selected) == value,
                        }
                    )
                cases = []
                for option in options:
                    if option["case"] is None:
                        continue
                    if not cases or cases[-1]["case"] != option["case"]:
                        cases.append({"case": option["case"], "options": []})
                    cases[-1]["options"].append(option)
                file_field = form[FILE_PREFIX + code]
                criteria.append(
                    {
                        "code": code,
                        "label": criterion.get("label", ""),
                        "max": criterion["max"],
                        "notes": criterion.get("notes") or [],
                        "name": ANSWER_PREFIX + code,
                        "options": options,
                        "cases": cases,
                        "answered": bool(selected),
                        "errors": [*answer.errors, *file_field.errors],
                        "note": form[NOTE_PREFIX + code],
                        "file": file_field,
                        "files": files.get(code, []),
                    }
                )
            single = len(criteria) == 1 and criteria[0]["code"] == str(group["code"])
            groups.append(
                {
                    "code": group["code"],
                    "label": group["label"],
                    "criteria": criteria,
                    "single": single,
                }
            )
        parts.append({"code": part["code"], "label": part["label"], "groups": groups})
    return parts


def _posted_answers(form) -> dict:
    """The answers of a posted (possibly invalid) edit form, for the running total."""
    answers = {}
    for code, options in form.options.items():
        option = options.get(form.data.get(ANSWER_PREFIX + code) or "")
        if option is not None:
            answers[code] = answer_of_option(option)
    return answers


def _total_for(dossier, sheet, answers) -> dict | None:
    if sheet is None:
        return None
    return running_total(
        sheet.data,
        answers,
        bands=domain.bands(dossier.rulebook),
        min_stars=domain.min_certified_stars(dossier.rulebook),
    )


def _save_edit(request, dossier, form) -> None:
    """Apply a valid edit form: the data, the new files, the files asked to be removed; all or
    nothing. Raises DomainError."""
    user = request.user
    remove = request.POST.get("delete_evidence", "")
    with transaction.atomic():
        dossier = domain.update_dossier(dossier, actor=user, data=form.domain_data())
        for code, upload in form.uploads():
            domain.add_evidence(dossier, actor=user, file=upload, title=upload.name, criterion=code)
        if remove.isdigit():
            evidence = Evidence.objects.filter(dossier=dossier, pk=int(remove)).first()
            if evidence is not None:
                domain.remove_evidence(evidence, actor=user)


@login_required
def dossier_edit(request, pk):
    """Mẫu 01, Mẫu 02 and the self-assessment on the official sheet, with evidence files."""
    dossier = _dossier_or_404(request.user, pk)
    if not _may_edit(request.user, dossier):
        raise PermissionDenied
    if dossier.state not in EDITABLE:
        messages.warning(request, _("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại để bổ sung."))
        return redirect("evaluation:dossier", pk=dossier.pk)
    sheet = sheet_error = None
    try:
        sheet = domain.sheet_for(dossier)
    except DomainError as error:
        sheet_error = error.message
    form = DossierEditForm(
        *_bound(request, files=True), dossier=dossier, sheet=sheet.data if sheet else None
    )
    if request.method == "POST" and getattr(request, "htmx", False) and request.GET.get("preview"):
        total = _total_for(dossier, sheet, _posted_answers(form))
        return render(request, "evaluation/_dossier_running_total.html", {"total": total})
    status = 200
    error = None
    if request.method == "POST":
        if form.is_valid():
            try:
                _save_edit(request, dossier, form)
            except DomainError as exc:
                form.add_domain_error(exc)
                error = exc.message
            else:
                return _after_save(request, dossier)
        status = 400
        answers = _posted_answers(form)
    else:
        answers = (dossier.self_assessment or {}).get("answers") or {}
    dossier = _dossier_or_404(request.user, pk)
    evidence = [e for e in dossier.evidence.all() if e.kind == Evidence.Kind.EVIDENCE]
    context = {
        "dossier": dossier,
        "form": form,
        "error": error,
        "sheet": sheet,
        "sheet_error": sheet_error,
        "sheet_parts": _sheet_form(form, sheet.data, evidence) if sheet else [],
        "total": _total_for(dossier, sheet, answers),
        "problems": domain.submission_problems(dossier),
        "may_submit": rules.may_act(request.user, dossier, {Role.PRODUCER}),
        "registration_fields": [form[f"reg_{spec.key}"] for spec in forms_spec.REGISTRATION_FIELDS],
        "report_fields": [form[f"report_{spec.key}"] for spec in forms_spec.REPORT_FIELDS],
        "loose_evidence": [e for e in evidence if not e.criterion],
    }
    return render(request, "evaluation/dossier_edit.html", context, status=status)


def _after_save(request, dossier):
    """After saving: stay on the form, or submit when the producer asked to."""
    if request.POST.get("delete_evidence"):
        messages.success(request, _("Đã lưu hồ sơ và gỡ tài liệu."))
        return redirect(reverse("evaluation:dossier-edit", args=[dossier.pk]) + "#sheet")
    if request.POST.get("then") == "submit":
        try:
            domain.submit(dossier, actor=request.user)
        except DomainError as error:
            messages.error(
                request,
                _("Đã lưu nhưng chưa nộp được: %(why)s") % {"why": error.message},
            )
            return redirect("evaluation:dossier-edit", pk=dossier.pk)
        messages.success(request, _("Đã nộp hồ sơ. Xã/phường sẽ tiếp nhận và kiểm tra."))
        return redirect("evaluation:dossier", pk=dossier.pk)
    messages.success(request, _("Đã lưu hồ sơ."))
    return redirect("evaluation:dossier-edit", pk=dossier.pk)


# --- evidence files ------------------------------------------------------------------------


def _evidence_or_404(user, pk) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).select_related("dossier").first()
    if evidence is None or not dossiers_for_user(user).filter(pk=evidence.dossier_id).exists():
        raise Http404
    return evidence


@login_required
def evidence_download(request, pk):
    """The file, as an attachment named by its title, for a user who may see its dossier."""
    evidence = _evidence_or_404(request.user, pk)
    return download(evidence)


@login_required
@require_POST
def evidence_delete(request, pk):
    """Remove a file (HTMX: the item disappears; otherwise back to the page it was on)."""
    evidence = _evidence_or_404(request.user, pk)
    dossier = evidence.dossier
    try:
        domain.remove_evidence(evidence, actor=request.user, reason=request.POST.get("reason", ""))
    except DomainError as error:
        if getattr(request, "htmx", False):
            return HttpResponse(str(error.message), status=400)
        messages.error(request, error.message)
    else:
        if getattr(request, "htmx", False):
            return HttpResponse("")
        messages.success(request, _("Đã gỡ tài liệu."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("evaluation:dossier", pk=dossier.pk)
