"""Pages of rounds, councils and the council's scoring of a dossier.

Reads come from `queries.*_for_user` (outside the user's scope: 404); every change is a
`domain` action (or `settings_domain.save_province_settings`), whose `DomainError` is shown on
the page with status 400 and changes nothing. The scoring page loads the sheet, the members,
their sheets, conflicts and the evidence in a fixed number of queries, whatever the size of the
sheet or of the council.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from ocop.accounts.models import Department, Membership, Role
from ocop.accounts.scope import is_national, memberships_of
from ocop.core.errors import DomainError
from ocop.criteria import scoring

from . import domain, rules, settings_domain
from .council_forms import (
    CentralCouncilForm,
    CouncilForm,
    DistrictCouncilForm,
    MemberForm,
    ProvinceSettingsForm,
    ReasonForm,
    RoundForm,
)
from .models import (
    SCORING_ROLES,
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    DossierState,
    Evidence,
    Level,
    LevelResult,
    MemberSheet,
    ProvinceSettings,
)
from .queries import (
    MemberTotals,
    councils_for_user,
    dossiers_for_user,
    may_see_member_totals,
    rounds_for_user,
)

PAGE_SIZE = 25
# A scoring form field's name: the criterion code after this prefix (as in the calculator).
FIELD_PREFIX = "c-"
# Posted points beyond this are no option of any sheet: they are passed on as text.
MAX_POINTS = Decimal(1000)
# The state in which a council of each level scores its dossiers.
SCORING_STATE = {
    Level.DISTRICT: DossierState.INSPECTED,
    Level.PROVINCE: DossierState.COUNCIL_SCORING,
    Level.CENTRAL: DossierState.SENT_TO_MINISTRY,
}
ROLE_ORDER = {
    CouncilRole.CHAIR: 0,
    CouncilRole.MEMBER: 1,
    CouncilRole.SECRETARY: 2,
    CouncilRole.ADVISOR: 3,
}
DEPARTMENTS = dict(Department.choices)

NOT_STARTED, DRAFT, SUBMITTED, CONFLICT = "not_started", "draft", "submitted", "conflict"
SHEET_STATUS = {
    NOT_STARTED: ("text-bg-light border", gettext_lazy("Chưa chấm")),
    DRAFT: ("text-bg-info", gettext_lazy("Đang chấm (nháp)")),
    SUBMITTED: ("text-bg-success", gettext_lazy("Đã nộp")),
    CONFLICT: ("text-bg-warning", gettext_lazy("Xung đột lợi ích")),
}


def _bound(request) -> tuple:
    return (request.POST,) if request.method == "POST" else (None,)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _stars(count) -> str:
    return "★" * count if count else ""


def _status(code: str) -> dict:
    css, label = SHEET_STATUS[code]
    return {"code": code, "css": css, "label": label}


def _seat_order(member: CouncilMember):
    return (ROLE_ORDER.get(member.role, 9), member.pk)


may_manage_council = rules.may_manage_council


def _sheet_status(sheet: MemberSheet | None, conflict: str | None) -> str:
    if conflict:
        return CONFLICT
    if sheet is None:
        return NOT_STARTED
    return SUBMITTED if sheet.is_submitted else DRAFT


# --- rounds ------------------------------------------------------------------------------------


@login_required
@require_GET
def round_list(request):
    user = request.user
    visible = dossiers_for_user(user).values("pk")
    rounds = rounds_for_user(user).annotate(
        dossier_count=Count("dossiers", filter=Q(dossiers__pk__in=visible), distinct=True),
        council_count=Count("councils", distinct=True),
    )
    context = {
        "page": _page(request, rounds.order_by("-year", "-number", "pk")),
        "can_create": bool(settings_domain.managed_provinces(user)),
    }
    return render(request, "evaluation/round_list.html", context)


@login_required
@require_GET
def round_detail(request, pk: int):
    user = request.user
    round_ = get_object_or_404(rounds_for_user(user), pk=pk)
    dossiers = list(dossiers_for_user(user).filter(round=round_).order_by("product__name", "pk"))
    by_state = defaultdict(list)
    for dossier in dossiers:
        by_state[dossier.state].append(dossier)
    groups = [
        {"state": state, "label": label, "dossiers": by_state[state]}
        for state, label in DossierState.choices
        if by_state.get(state)
    ]
    councils = list(councils_for_user(user).filter(round=round_))
    can_manage = round_.province is not None and settings_domain.may_manage(user, round_.province)
    door = ScoringDoor(user)
    context = {
        "round": round_,
        "groups": groups,
        "dossier_count": len(dossiers),
        "councils": councils,
        "can_manage": can_manage,
        "scoring_pages": {
            dossier.pk
            for dossier in by_state.get(DossierState.COUNCIL_SCORING, [])
            if door.opens(dossier)
        },
    }
    return render(request, "evaluation/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    """An extra round of a province the user's agency manages."""
    provinces = settings_domain.managed_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    form = RoundForm(*_bound(request), provinces=provinces)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            province = form.chosen_province()
            try:
                round_ = domain.open_extra_round(
                    province,
                    actor=request.user,
                    year=form.cleaned_data["year"],
                    proposals_before=form.cleaned_data["proposals_before"],
                    decide_before=form.cleaned_data["decide_before"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Đã mở %(round)s của %(province)s.")
                    % {"round": round_, "province": province.name},
                )
                return redirect("evaluation:round", pk=round_.pk)
    return render(request, "evaluation/round_form.html", {"form": form}, status=status)


# --- councils ----------------------------------------------------------------------------------


@login_required
@require_GET
def council_list(request):
    user = request.user
    councils = councils_for_user(user).order_by("-created_at", "-pk")
    context = {
        "page": _page(request, councils),
        "can_manage_province": bool(settings_domain.managed_provinces(user)),
        "can_create": bool(settings_domain.managed_provinces(user))
        or managed_districts(user).exists()
        or is_national(user, {Role.MINISTRY_OFFICER}),
        "my_seats": set(
            CouncilMember.objects.filter(user=user).values_list("council_id", flat=True)
        ),
    }
    return render(request, "evaluation/council_list.html", context)


def _council_dossiers(user, council: Council):
    """The dossiers the council is scoring now (visible to the user)."""
    dossiers = dossiers_for_user(user).filter(state=SCORING_STATE[council.level])
    if council.level == Level.PROVINCE:
        dossiers = dossiers.filter(round_id=council.round_id)
    elif council.level == Level.DISTRICT:
        dossiers = dossiers.filter(commune__parent_id=council.district_id)
    return list(dossiers.order_by("product__name", "pk"))


def _council_page(request, council: Council, *, member_form=None, error=None, status=200):
    user = request.user
    members = sorted(council.members.all(), key=_seat_order)
    scorers = [m for m in members if m.role in SCORING_ROLES]
    dossiers = _council_dossiers(user, council)
    sheets = {
        (sheet.member_id, sheet.dossier_id): sheet
        for sheet in MemberSheet.objects.filter(
            dossier__in=[d.pk for d in dossiers],
            member__in=[m.pk for m in scorers],
            level=council.level,
        )
    }
    conflicts = domain.conflicts(scorers, dossiers)
    my_seat = next((m for m in members if m.user_id == user.pk), None)
    totals = MemberTotals(user)
    door = ScoringDoor(user)
    rows, to_score = [], []
    for dossier in dossiers:
        opens = door.opens(dossier)
        # Before submitting their own sheet a member sees the others' status, not their totals.
        visible = totals.visible(council, dossier)
        cells = []
        for member in scorers:
            key = (member.pk, dossier.pk)
            code = _sheet_status(sheets.get(key), conflicts.get(key))
            sheet = sheets.get(key)
            shown = visible or (my_seat is not None and member.pk == my_seat.pk)
            cells.append(
                {
                    "member": member,
                    "status": _status(code),
                    "total": sheet.total
                    if shown and sheet is not None and sheet.is_submitted
                    else None,
                }
            )
            if (
                opens
                and my_seat is not None
                and member.pk == my_seat.pk
                and code in (NOT_STARTED, DRAFT)
            ):
                to_score.append({"dossier": dossier, "status": _status(code)})
        rows.append({"dossier": dossier, "cells": cells, "opens": opens})
    manage = may_manage_council(user, council)
    if manage and member_form is None:
        member_form = MemberForm()
    candidates = []
    if manage and council.province_id:
        candidates = list(
            Membership.objects.filter(
                role__in=(Role.COUNCIL_MEMBER, Role.AGENCY_OFFICER, Role.INSPECTOR),
                unit_id=council.province_id,
                is_active=True,
                user__is_active=True,
            )
            .exclude(user__council_seats__council=council)
            .select_related("user")
            .order_by("user__username")
        )
    context = {
        "council": council,
        "members": [
            {"seat": m, "department": DEPARTMENTS.get(m.department, m.department)} for m in members
        ],
        "scorers": scorers,
        "rows": rows,
        "to_score": to_score,
        "my_seat": my_seat,
        "can_manage": manage,
        "member_form": member_form if manage else None,
        "candidates": candidates,
        "error": error,
        "scoring_state_label": DossierState(SCORING_STATE[council.level]).label,
    }
    return render(request, "evaluation/council_detail.html", context, status=status)


def _council_or_404(user, pk) -> Council:
    return get_object_or_404(councils_for_user(user), pk=pk)


@login_required
@require_GET
def council_detail(request, pk: int):
    return _council_page(request, _council_or_404(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request):
    """A provincial council for a round of a province the user's agency manages, the council of
    a legacy district the user works for (QĐ 1048/2019), or the Ministry's central council."""
    provinces = settings_domain.managed_provinces(request.user)
    districts = managed_districts(request.user)
    central = is_national(request.user, {Role.MINISTRY_OFFICER})
    if not provinces and not districts.exists() and not central:
        raise PermissionDenied
    initial = {}
    if request.GET.get("round", "").isdigit():
        initial["round"] = int(request.GET["round"])
    if provinces:
        level = Level.PROVINCE
        rounds = rounds_for_user(request.user).filter(
            level=Level.PROVINCE, province__in=[p.pk for p in provinces]
        )
        form = CouncilForm(*_bound(request), rounds=rounds, initial=initial)
    elif districts.exists():
        level = Level.DISTRICT
        form = DistrictCouncilForm(*_bound(request), districts=districts, initial=initial)
    else:
        level = Level.CENTRAL
        form = CentralCouncilForm(*_bound(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                council = domain.create_council(
                    actor=request.user,
                    level=level,
                    name=data["name"],
                    round=data.get("round"),
                    district=data.get("district"),
                    mode=data["mode"],
                    established_by=data["established_by"].strip(),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request, _("Đã lập %(name)s; hãy thêm thành viên.") % {"name": council.name}
                )
                return redirect("evaluation:council", pk=council.pk)
    return render(
        request, "evaluation/council_form.html", {"form": form, "level": level}, status=status
    )


def managed_districts(user):
    """The legacy districts whose council `user` may set up (its district officers)."""
    from ocop.geo.models import AdminUnit

    units = [m.unit_id for m in memberships_of(user) if m.role == Role.DISTRICT_OFFICER]
    return AdminUnit.objects.filter(pk__in=units).select_related("parent").order_by("name")


@login_required
@require_POST
def council_member_add(request, pk: int):
    council = _council_or_404(request.user, pk)
    if not may_manage_council(request.user, council):
        raise PermissionDenied
    form = MemberForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = domain.add_member(
                council,
                actor=request.user,
                user=data["user"],
                role=data["role"],
                department=data["department"],
                organisation=data["organisation"].strip(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Đã thêm %(user)s vào hội đồng (%(role)s).")
                % {"user": member.user, "role": member.get_role_display()},
            )
            return redirect("evaluation:council", pk=council.pk)
    return _council_page(request, council, member_form=form, status=400)


@login_required
@require_POST
def council_member_remove(request, pk: int, member_pk: int):
    council = _council_or_404(request.user, pk)
    if not may_manage_council(request.user, council):
        raise PermissionDenied
    member = get_object_or_404(
        CouncilMember.objects.select_related("user", "council"), pk=member_pk, council=council
    )
    form = ReasonForm(request.POST, required=False)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        domain.remove_member(member, actor=request.user, reason=reason)
    except DomainError as error:
        return _council_page(request, council, error=error.message, status=400)
    messages.success(request, _("Đã rút %(user)s khỏi hội đồng.") % {"user": member.user})
    return redirect("evaluation:council", pk=council.pk)


# --- province settings -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def province_settings(request):
    """The maximum spread and certificate number format of a province the user manages
    (`?province=<id>` when the user manages several)."""
    provinces = settings_domain.managed_provinces(request.user)
    if not provinces:
        raise PermissionDenied
    wanted = request.GET.get("province", "")
    province = next((p for p in provinces if str(p.pk) == wanted), None)
    if province is None and len(provinces) == 1:
        province = provinces[0]
    if province is None:
        if wanted:
            raise Http404
        return render(
            request, "evaluation/council_settings.html", {"provinces": provinces, "form": None}
        )
    current = ProvinceSettings.objects.filter(province=province).first()
    initial = {
        "certificate_number_format": (
            current.certificate_number_format
            if current
            else ProvinceSettings._meta.get_field("certificate_number_format").default
        ),
        "max_spread": current.max_spread if current else None,
    }
    form = ProvinceSettingsForm(*_bound(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                settings_domain.save_province_settings(
                    province,
                    actor=request.user,
                    certificate_number_format=data["certificate_number_format"],
                    max_spread=data["max_spread"],
                    reason=data["reason"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request, _("Đã lưu thiết lập của %(province)s.") % {"province": province.name}
                )
                url = request.path + (f"?province={province.pk}" if len(provinces) > 1 else "")
                return redirect(url)
    context = {
        "provinces": provinces,
        "province": province,
        "current": current,
        "form": form,
    }
    return render(request, "evaluation/council_settings.html", context, status=status)


# --- the scoring page --------------------------------------------------------------------------


def _fmt(value) -> str:
    """Points as the form's value: "3", "1.5" (never "3.0" or "1E+1")."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return str(number.normalize())


def _option_value(option: dict) -> str:
    points = _fmt(option["points"])
    return f"{option['case']}:{points}" if option.get("case") else points


def _answer_value(answer) -> str | None:
    try:
        if isinstance(answer, dict):
            points = _fmt(answer.get("points"))
            return f"{answer['case']}:{points}" if answer.get("case") else points
        return _fmt(answer)
    except (InvalidOperation, ValueError, TypeError, KeyError):
        return None


def _json_number(text: str):
    """A posted number as int/float for the JSON sheet; anything else as the text, so that the
    engine names the fault."""
    try:
        number = Decimal(text.strip())
    except (InvalidOperation, ValueError):
        return text
    if not number.is_finite() or abs(number) > MAX_POINTS:
        return text
    return int(number) if number == number.to_integral_value() else float(number)


def read_answers(post) -> dict[str, Any]:
    """The answers of a posted scoring form: `c-<code>` = "points" or "case:points"."""
    answers: dict[str, Any] = {}
    for name in post:
        if not name.startswith(FIELD_PREFIX):
            continue
        code = name[len(FIELD_PREFIX) :]
        value = post.get(name, "")
        if value == "":
            continue
        case, separator, points = value.rpartition(":")
        answers[code] = (
            {"case": case, "points": _json_number(points)} if separator else _json_number(value)
        )
    return answers


def _choice(options: list[dict], answer) -> dict | None:
    """The option an answer picked: same case and points, else the first with those points."""
    value = _answer_value(answer)
    if value is None:
        return None
    for option in options:
        if option["value"] == value:
            return option
    points = value.rpartition(":")[2]
    return next((o for o in options if _fmt(o["points"]) == points), None)


def _sheet_rows(sheet_data: dict, *, selected: dict, self_answers: dict, notes: dict, evidence):
    """The sheet's parts → groups → criteria for the form: radio options (checked from the
    member's answers), the producer's own answer and note, the evidence for the criterion."""
    parts = []
    for part in sheet_data["parts"]:
        groups = []
        for group in part["groups"]:
            criteria = []
            for criterion in group["criteria"]:
                code = str(criterion["code"])
                options = [
                    {
                        **option,
                        "value": _option_value(option),
                        "badge": _stars(option.get("min_star_marker")),
                    }
                    for option in criterion["options"]
                ]
                chosen = _choice(options, selected[code]) if code in selected else None
                for option in options:
                    option["checked"] = option is chosen
                own = None
                if code in self_answers:
                    picked = _choice(options, self_answers[code])
                    own = {
                        "points": picked["points"] if picked else self_answers[code],
                        "label": picked.get("label", "") if picked else "",
                        "case": picked.get("case") if picked else None,
                    }
                criteria.append(
                    {
                        **criterion,
                        "code": code,
                        "name": FIELD_PREFIX + code,
                        "options": options,
                        "self": own,
                        "note": notes.get(code, ""),
                        "evidence": evidence.get(code, []),
                        "answered": chosen is not None,
                    }
                )
            single = len(criteria) == 1 and criteria[0]["code"] == str(group["code"])
            groups.append({**group, "criteria": criteria, "single": single})
        parts.append({**part, "groups": groups})
    return parts


def _running(dossier: Dossier, sheet_data: dict, criteria: dict, answers: dict) -> dict:
    """The member's running total (the answered criteria) and, once every criterion is
    answered, the engine's evaluation with stars, gates and explanation."""
    total, answered, error = Decimal(0), 0, None
    for code, answer in answers.items():
        if code not in criteria:
            continue
        try:
            total += scoring.check_answer(criteria[code], answer)
            answered += 1
        except DomainError as exc:
            error = exc.message
    evaluation = None
    if answered == len(criteria) and error is None:
        try:
            evaluation = scoring.evaluate(
                sheet_data,
                answers,
                bands=domain.bands(dossier.rulebook),
                certifiable_min_stars=domain.min_certified_stars(dossier.rulebook),
            )
        except DomainError as exc:
            error = exc.message
    labels = {code: criterion.label for code, criterion in criteria.items()}
    gates = []
    if evaluation is not None:
        gates = [
            {
                "criterion": gate.criterion,
                "label": labels[gate.criterion],
                "badge": _stars(gate.stars),
                "required": gate.required_points,
                "points": gate.points,
                "holding": gate.stars <= evaluation.band_stars,
            }
            for gate in evaluation.unmet_gates
        ]
    return {
        "total": evaluation.total if evaluation else total,
        "answered": answered,
        "count": len(criteria),
        "percent": round(100 * answered / len(criteria)) if criteria else 0,
        "evaluation": evaluation,
        "stars_badge": _stars(evaluation.stars) if evaluation else "",
        "gates": gates,
        "error": error,
    }


def _view_level(dossier: Dossier) -> str | None:
    """The level whose council scores the dossier now, else the last council that did."""
    level = domain.scoring_level(dossier)
    if level is not None:
        return level
    last = (
        LevelResult.objects.filter(dossier=dossier, level__in=(Level.DISTRICT, Level.PROVINCE))
        .order_by("-recorded_at", "-pk")
        .values_list("level", flat=True)
        .first()
    )
    if last is None and domain.first_level(dossier.rulebook) == Level.DISTRICT:
        # Before its field inspection the district council sees the sheet read-only.
        return Level.DISTRICT
    return last


def _scoring_dossier(user, pk) -> Dossier:
    try:
        return dossiers_for_user(user).select_related("consultant_user").get(pk=pk)
    except (Dossier.DoesNotExist, ValueError):
        raise Http404 from None


def _manages(user, dossier: Dossier, level: str | None) -> bool:
    """The managing officer reads the scoring page without a seat: the province's agency, and
    the district's officers for a district council."""
    managers = {Role.AGENCY_OFFICER}
    if level == Level.DISTRICT:
        managers.add(Role.DISTRICT_OFFICER)
    return rules.may_act(user, dossier, managers)


class ScoringDoor:
    """Whether the scoring page of a visible dossier opens for a user, as `Access` decides: a
    seat on a council scoring it at the level the page shows, or the managing officer. Pages
    link to the scoring page only when it opens; the user's seats are looked up once per set
    of councils (a round, a district, the central level), not once per dossier."""

    def __init__(self, user):
        self.user = user
        self._seated: dict[tuple, bool] = {}

    def opens(self, dossier: Dossier) -> bool:
        level = _view_level(dossier)
        if _manages(self.user, dossier, level):
            return True
        if level is None or not getattr(self.user, "is_authenticated", False):
            return False
        if level == Level.PROVINCE:
            key = (level, dossier.round_id)
        elif level == Level.DISTRICT:
            key = (level, dossier.commune.parent_id)
        else:
            key = (level,)
        if key not in self._seated:
            self._seated[key] = CouncilMember.objects.filter(
                council__in=domain.councils_for(dossier, level), user=self.user
            ).exists()
        return self._seated[key]


class Access:
    """Who the user is on the scoring page of a dossier: a seat, or the managing officer
    (404 for anyone else, exactly when `ScoringDoor.opens` is false)."""

    def __init__(self, user, dossier: Dossier):
        self.level = _view_level(dossier)
        self.open = self.level is not None and self.level == domain.scoring_level(dossier)
        self.councils = (
            list(domain.councils_for(dossier, self.level)) if self.level is not None else []
        )
        self.members = sorted(
            CouncilMember.objects.filter(council__in=[c.pk for c in self.councils]).select_related(
                "user"
            ),
            key=_seat_order,
        )
        by_council = {council.pk: council for council in self.councils}
        for member in self.members:
            member.council = by_council[member.council_id]
        self.seat = next((m for m in self.members if m.user_id == user.pk), None)
        self.manager = _manages(user, dossier, self.level)
        if self.seat is None and not self.manager:
            raise Http404

    @property
    def is_chair(self) -> bool:
        return self.seat is not None and self.seat.role == CouncilRole.CHAIR

    @property
    def scores(self) -> bool:
        return self.seat is not None and self.seat.role in SCORING_ROLES


def _scoring_context(request, dossier: Dossier, access: Access, *, error=None) -> dict:
    try:
        score_sheet = domain.sheet_for(dossier)
    except DomainError as exc:
        return {"dossier": dossier, "access": access, "sheet_error": exc.message, "error": error}
    sheet_data = score_sheet.data
    criteria = scoring.criteria_of(sheet_data)
    scorers = [m for m in access.members if m.role in SCORING_ROLES]
    sheets = {}
    if access.level is not None:
        sheets = {
            sheet.member_id: sheet
            for sheet in MemberSheet.objects.filter(dossier=dossier, level=access.level)
        }
    conflicts = domain.conflicts(scorers, [dossier])
    seat = access.seat
    own_sheet = sheets.get(seat.pk) if seat is not None else None
    own_conflict = conflicts.get((seat.pk, dossier.pk)) if seat is not None else None
    can_score = (
        access.open
        and access.scores
        and own_conflict is None
        and not (own_sheet is not None and own_sheet.is_submitted)
    )
    # Evidence by criterion; field photos, advisory documents and general evidence apart.
    evidence = defaultdict(list)
    for item in Evidence.objects.filter(dossier=dossier).order_by("criterion", "pk"):
        code = item.criterion if item.kind == Evidence.Kind.EVIDENCE else ""
        evidence[code].append(item)
    assessment = dossier.self_assessment or {}
    selected = own_sheet.answers if own_sheet is not None else {}
    council = seat.council if seat is not None else next(iter(access.councils), None)
    context = {
        "dossier": dossier,
        "access": access,
        "seat": seat,
        "council": council,
        "score_sheet": score_sheet,
        "parts": _sheet_rows(
            sheet_data,
            selected=selected,
            self_answers=assessment.get("answers") or {},
            notes=assessment.get("notes") or {},
            evidence=evidence,
        ),
        "general_evidence": evidence.get("", []),
        "own_sheet": own_sheet,
        "own_conflict": own_conflict,
        "can_score": can_score,
        "can_declare": can_score,
        "running": _running(dossier, sheet_data, criteria, selected) if access.scores else None,
        "error": error,
        "level_label": Level(access.level).label if access.level else "",
        "written": any(c.mode == Council.Mode.WRITTEN for c in access.councils),
        # The members' statuses and totals and their mean: not to a member yet to submit.
        "show_panel": may_see_member_totals(request.user, council, dossier)
        if council is not None
        else access.manager,
    }
    if context["show_panel"]:
        context.update(
            _chair_panel(dossier, access, sheet_data, criteria, scorers, sheets, conflicts)
        )
    return context


def _chair_panel(dossier, access, sheet_data, criteria, scorers, sheets, conflicts) -> dict:
    """Each scoring member's status and total, and the engine's aggregation of the submitted
    sheets (mean, stars, per-criterion means, unmet gates, spread)."""
    rows = []
    for member in scorers:
        sheet = sheets.get(member.pk)
        conflict = conflicts.get((member.pk, dossier.pk))
        rows.append(
            {
                "member": member,
                "sheet": sheet,
                "status": _status(_sheet_status(sheet, conflict)),
                "conflict": conflict,
                "stars_badge": _stars(sheet.stars) if sheet is not None else "",
            }
        )
    result = result_error = None
    if access.level is not None:
        try:
            result = domain.council_result(dossier, access.level)
        except DomainError as exc:
            result_error = exc.message
    means, gates = [], []
    if result is not None:
        gate_table = scoring.gates_of(sheet_data)
        means = [
            {
                "code": code,
                "label": criterion.label,
                "max": criterion.max,
                "mean": result.points.get(code),
                "gates": ", ".join(
                    f"{_stars(stars)} ≥ {scoring.format_points(points)}"
                    for stars, points in gate_table.get(code, {}).items()
                ),
                "unmet": any(gate.criterion == code for gate in result.unmet_gates),
            }
            for code, criterion in criteria.items()
        ]
        gates = [
            {
                "criterion": gate.criterion,
                "label": criteria[gate.criterion].label,
                "badge": _stars(gate.stars),
                "required": gate.required_points,
                "points": gate.points,
                "holding": gate.stars <= result.band_stars,
            }
            for gate in result.unmet_gates
        ]
    pending = [row for row in rows if row["status"]["code"] in (NOT_STARTED, DRAFT)]
    return {
        "panel_rows": rows,
        "result": result,
        "result_error": result_error,
        "result_stars": _stars(result.stars) if result else "",
        "result_means": means,
        "result_gates": gates,
        "pending": pending,
        "can_finalize": access.is_chair and access.open and access.level == Level.PROVINCE,
        "can_reopen": access.is_chair and access.open,
    }


def _render_scoring(request, dossier, access, *, error=None, status=200):
    context = _scoring_context(request, dossier, access, error=error)
    return render(request, "evaluation/scoring.html", context, status=status)


@login_required
@require_GET
def scoring_sheet(request, pk: int):
    """The score sheet of a dossier for a council member with a seat (the managing officer of
    the province reads it without scoring), with the chair's panel for the chair."""
    dossier = _scoring_dossier(request.user, pk)
    access = Access(request.user, dossier)
    return _render_scoring(request, dossier, access)


@login_required
@require_POST
def scoring_save(request, pk: int):
    """Save the member's answers as a draft (HTMX on every change: the totals panel comes
    back), or submit the sheet ("submit" in the form). A refused save changes nothing and
    answers 400 with the reason."""
    dossier = _scoring_dossier(request.user, pk)
    access = Access(request.user, dossier)
    submit = bool(request.POST.get("submit"))
    error = None
    try:
        sheet = domain.save_sheet(
            dossier, actor=request.user, answers=read_answers(request.POST), submit=submit
        )
    except DomainError as exc:
        error = exc.message
    if request.htmx and not (submit and error is None):
        context = _scoring_context(request, dossier, access, error=error)
        if error is None:
            context["saved_at"] = sheet.updated_at
        return render(
            request,
            "evaluation/_scoring_totals.html",
            context,
            status=400 if error else 200,
        )
    if error is not None:
        return _render_scoring(request, dossier, access, error=error, status=400)
    if submit:
        messages.success(
            request,
            _("Đã nộp phiếu chấm: %(total)s điểm.") % {"total": scoring.format_points(sheet.total)},
        )
    else:
        messages.success(request, _("Đã lưu nháp phiếu chấm."))
    if request.htmx:
        return HttpResponseClientRedirect(reverse("evaluation:scoring", args=[dossier.pk]))
    return redirect("evaluation:scoring", pk=dossier.pk)


@login_required
@require_POST
def conflict_declare(request, pk: int):
    dossier = _scoring_dossier(request.user, pk)
    access = Access(request.user, dossier)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_scoring(
            request, dossier, access, error=_("Hãy ghi rõ lý do xung đột lợi ích."), status=400
        )
    try:
        domain.declare_conflict(dossier, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _render_scoring(request, dossier, access, error=exc.message, status=400)
    messages.success(request, _("Đã ghi nhận khai báo xung đột lợi ích; bạn không chấm hồ sơ này."))
    return redirect("evaluation:scoring", pk=dossier.pk)


@login_required
@require_POST
def sheet_reopen(request, pk: int, sheet_pk: int):
    """The chair reopens a member's submitted sheet, with a reason."""
    dossier = _scoring_dossier(request.user, pk)
    access = Access(request.user, dossier)
    sheet = get_object_or_404(
        MemberSheet.objects.select_related("member__user"), pk=sheet_pk, dossier=dossier
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_scoring(
            request, dossier, access, error=_("Hãy ghi rõ lý do mở lại phiếu."), status=400
        )
    try:
        domain.reopen_sheet(sheet, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _render_scoring(request, dossier, access, error=exc.message, status=400)
    messages.success(request, _("Đã mở lại phiếu chấm của %(user)s.") % {"user": sheet.member.user})
    return redirect("evaluation:scoring", pk=dossier.pk)


@login_required
@require_POST
def scoring_finalize(request, pk: int):
    """The chair records the council's result (domain.finalize)."""
    dossier = _scoring_dossier(request.user, pk)
    access = Access(request.user, dossier)
    try:
        dossier = domain.finalize(dossier, actor=request.user)
    except DomainError as exc:
        return _render_scoring(request, dossier, access, error=exc.message, status=400)
    messages.success(
        request,
        _("Đã chốt kết quả của hội đồng: %(score)s điểm, %(stars)s sao.")
        % {"score": scoring.format_points(dossier.score), "stars": dossier.stars},
    )
    return redirect("evaluation:scoring", pk=dossier.pk)
