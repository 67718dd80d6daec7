"""Pages of the rulebooks: browse, compare, read a score sheet and try it in a calculator.

Every page here is public on purpose: a rulebook is law and its score sheets are published, so
no view carries `login_required` and none reads or changes anything of a user. The calculator
scores with `scoring.evaluate` and stores nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .models import Rulebook, ScoreSheet
from .queries import rulebook_in_force, sheets_of
from .scoring import ScoringError, best_answers, criteria_of, evaluate

LEVELS = {
    "commune": gettext_lazy("Cấp xã"),
    "district": gettext_lazy("Cấp huyện"),
    "province": gettext_lazy("Cấp tỉnh"),
    "central": gettext_lazy("Cấp trung ương"),
}
LEVEL_ORDER = list(LEVELS)
# A calculator field's name: the criterion code after this prefix.
FIELD_PREFIX = "c-"


def _stars(count: int | None) -> str:
    return "★" * count if count else ""


def _rulebook(slug: str) -> Rulebook:
    rulebook = Rulebook.objects.select_related("sheets_from").filter(slug=slug).first()
    if rulebook is None:
        raise Http404
    return rulebook


def _sheet(rulebook: Rulebook, set_no: int) -> ScoreSheet:
    sheet = sheets_of(rulebook).select_related("rulebook").filter(set_no=set_no).first()
    if sheet is None:
        raise Http404
    return sheet


def _today() -> datetime.date:
    return timezone.localdate()


# --- describing a rulebook ---------------------------------------------------------------------


def _level_name(level: str | None) -> str:
    return str(LEVELS.get(level, level or ""))


def _star_list(stars) -> str:
    stars = sorted(stars or [])
    if not stars:
        return ""
    if len(stars) > 1 and stars == list(range(stars[0], stars[-1] + 1)):
        return f"{stars[0]}–{stars[-1]}★"
    return ", ".join(f"{star}★" for star in stars)


def describe_level(level: dict) -> list[str]:
    """What one level of a process profile does, as short translated phrases."""
    phrases = [_("chấm điểm") if level.get("scores") else _("không chấm điểm")]
    if level.get("field_inspection_required"):
        phrases.append(_("cần biên bản kiểm tra thực tế trước khi chấm điểm"))
    if level.get("certifies_stars"):
        phrases.append(_("công nhận %(stars)s") % {"stars": _star_list(level["certifies_stars"])})
    if level.get("propose_new_min_score") is not None:
        phrases.append(
            _("đề xuất sản phẩm mới khi đạt từ %(score)s điểm")
            % {"score": level["propose_new_min_score"]}
        )
    if level.get("propose_upgrade_above_current_band"):
        phrases.append(_("đề xuất nâng hạng khi điểm vượt khoảng điểm của hạng sao hiện tại"))
    if level.get("forwards_to"):
        if level.get("forwards_min_score") is not None:
            phrases.append(
                _("chuyển lên %(level)s sản phẩm đạt từ %(score)s điểm")
                % {
                    "level": _level_name(level["forwards_to"]).lower(),
                    "score": level["forwards_min_score"],
                }
            )
        else:
            phrases.append(
                _("chuyển hồ sơ lên %(level)s")
                % {"level": _level_name(level["forwards_to"]).lower()}
            )
    below = level.get("below_threshold")
    if below:
        phrases.append(
            _("sản phẩm không đạt ngưỡng: %(level)s có thể công nhận %(stars)s")
            % {
                "level": _level_name(below.get("level")).lower(),
                "stars": _star_list(below.get("may_certify_stars")),
            }
        )
    return phrases


def _levels(rulebook: Rulebook) -> list[dict]:
    return [
        {**level, "name": _level_name(level["level"]), "does": describe_level(level)}
        for level in (rulebook.data.get("process") or {}).get("levels", [])
    ]


def _day_month(value: str) -> str:
    """ "04-30" (month-day in the data files) as "30/04"."""
    month, _sep, day = value.partition("-")
    return f"{day}/{month}"


def _rounds(rulebook: Rulebook) -> list[dict]:
    rounds = rulebook.data.get("rounds") or {}
    return [
        {
            "level": _level_name(level),
            "no": item["no"],
            "proposals_before": _day_month(item["proposals_before"]),
            "decide_before": _day_month(item["decide_before"]),
        }
        for level, items in rounds.items()
        for item in items
    ]


def _taxonomy(rulebook: Rulebook) -> list[dict]:
    """Sectors → groups → product sets of the rulebook whose sheets this one uses."""
    taxonomy = rulebook.sheet_rulebook.data.get("taxonomy_data") or {}
    sectors = [{**sector, "groups": []} for sector in taxonomy.get("sectors", [])]
    by_sector = {sector["code"]: sector for sector in sectors}
    groups = {}
    for group in taxonomy.get("groups", []):
        groups[group["code"]] = {**group, "sets": []}
        if group["sector"] in by_sector:
            by_sector[group["sector"]]["groups"].append(groups[group["code"]])
    for product_set in taxonomy.get("product_sets", []):
        if product_set["group"] in groups:
            groups[product_set["group"]]["sets"].append(product_set)
    return sectors


def _band_text(band: dict | None, bands: list[dict]) -> str | None:
    """ "from 50 to under 70 points"; the highest band includes its maximum."""
    if band is None:
        return None
    if band["stars"] == max(other["stars"] for other in bands):
        return _("từ %(min)s đến %(max)s điểm") % band
    return _("từ %(min)s đến dưới %(max)s điểm") % band


def _in_force(rulebook: Rulebook, today: datetime.date) -> bool:
    current = rulebook_in_force(today)
    return current is not None and current.pk == rulebook.pk


# --- pages -------------------------------------------------------------------------------------


@require_GET
def rulebook_list(request):
    """Every rulebook with its dates in force and part caps; the one in force today marked."""
    rulebooks = list(Rulebook.objects.select_related("sheets_from"))
    today = _today()
    current = max(
        (rulebook for rulebook in rulebooks if rulebook.effective_from <= today),
        key=lambda rulebook: rulebook.effective_from,
        default=None,
    )
    return render(
        request,
        "criteria/rulebook_list.html",
        {"rulebooks": rulebooks, "current": current, "today": today},
    )


@require_GET
def rulebook_detail(request, slug: str):
    """One rulebook: its legal numbers, process profile, taxonomy and score sheets."""
    rulebook = _rulebook(slug)
    sheets = sheets_of(rulebook).only("set_no", "set_name", "group_code", "rulebook_id")
    return render(
        request,
        "criteria/rulebook_detail.html",
        {
            "rulebook": rulebook,
            "data": rulebook.data,
            "in_force": _in_force(rulebook, _today()),
            "bands": [
                {
                    **band,
                    "badge": _stars(band["stars"]),
                    "text": _band_text(band, rulebook.data["bands"]),
                }
                for band in rulebook.data["bands"]
            ],
            "levels": _levels(rulebook),
            "rounds": _rounds(rulebook),
            "taxonomy": _taxonomy(rulebook),
            "sheets": sheets,
            "sheet_rulebook": rulebook.sheet_rulebook,
        },
    )


def _sheet_view(sheet_data: dict) -> list[dict]:
    """The sheet's parts with each marked option's star badge (★★★) ready for the template."""
    parts = []
    for part in sheet_data["parts"]:
        groups = []
        for group in part["groups"]:
            criteria = []
            for criterion in group["criteria"]:
                options = [
                    {**option, "badge": _stars(option.get("min_star_marker"))}
                    for option in criterion["options"]
                ]
                # A group without sub-criteria is one criterion carrying the group's code.
                criteria.append({**criterion, "options": options})
            single = len(criteria) == 1 and criteria[0]["code"] == group["code"]
            groups.append({**group, "criteria": criteria, "single": single})
        parts.append({**part, "groups": groups})
    return parts


@require_GET
def sheet_detail(request, slug: str, set_no: int):
    """One score sheet: parts → groups → criteria → options, star markers and notes."""
    rulebook = _rulebook(slug)
    sheet = _sheet(rulebook, set_no)
    return render(
        request,
        "criteria/sheet_detail.html",
        {
            "rulebook": rulebook,
            "sheet": sheet,
            "parts": _sheet_view(sheet.data),
            "borrowed": sheet.rulebook_id != rulebook.pk,
        },
    )


def _compare_rows(a: Rulebook, b: Rulebook) -> list[dict]:
    """(section, label, value of a, value of b, differs) for the compare table."""
    rows = []

    def add(section, label, value_a, value_b):
        value_a = "—" if value_a in (None, "", []) else value_a
        value_b = "—" if value_b in (None, "", []) else value_b
        rows.append(
            {
                "section": section,
                "label": label,
                "a": value_a,
                "b": value_b,
                "differs": value_a != value_b,
            }
        )

    def dates(rulebook):
        until = rulebook.effective_until
        start = rulebook.effective_from.strftime("%d/%m/%Y")
        return f"{start} – {until.strftime('%d/%m/%Y')}" if until else f"{start} –"

    general = _("Chung")
    add(general, _("Hiệu lực"), dates(a), dates(b))
    add(
        general,
        _("Phiếu đánh giá"),
        str(a.sheet_rulebook),
        str(b.sheet_rulebook),
    )
    caps = _("Điểm tối đa từng phần")
    parts_a = {part["code"]: part for part in a.data["parts"]}
    parts_b = {part["code"]: part for part in b.data["parts"]}
    for code in dict.fromkeys([*parts_a, *parts_b]):
        label = (parts_a.get(code) or parts_b.get(code))["label"]
        add(
            caps,
            _("Phần %(code)s: %(label)s") % {"code": code, "label": label},
            parts_a.get(code, {}).get("max"),
            parts_b.get(code, {}).get("max"),
        )
    bands = _("Hạng sao theo điểm")
    bands_a = {band["stars"]: band for band in a.data["bands"]}
    bands_b = {band["stars"]: band for band in b.data["bands"]}

    for stars in sorted({*bands_a, *bands_b}):
        add(
            bands,
            _stars(stars),
            _band_text(bands_a.get(stars), a.data["bands"]),
            _band_text(bands_b.get(stars), b.data["bands"]),
        )
    certificate = _("Giấy chứng nhận và phân hạng lại")

    def months(rulebook):
        return _("%(months)s tháng") % {"months": rulebook.data["certificate"]["validity_months"]}

    def reranking(rulebook):
        window = rulebook.data.get("reranking")
        if not window:
            return None
        return _(
            "nộp hồ sơ từ %(opens)s đến %(closes)s ngày trước khi hết hạn; quá hạn tối đa "
            "%(grace)s ngày"
        ) % {
            "opens": window["window_opens_days_before_expiry"],
            "closes": window["window_closes_days_before_expiry"],
            "grace": window["late_grace_days"],
        }

    add(certificate, _("Thời hạn giấy chứng nhận"), months(a), months(b))
    add(
        certificate,
        _("Công nhận từ"),
        _stars(a.data["certificate"]["min_stars"]),
        _stars(b.data["certificate"]["min_stars"]),
    )
    add(certificate, _("Phân hạng lại"), reranking(a), reranking(b))
    rounds_section = _("Đợt đánh giá")

    def rounds_text(rulebook, level):
        items = (rulebook.data.get("rounds") or {}).get(level) or []
        return "; ".join(
            _("đợt %(no)s: đề nghị trước %(proposals)s, quyết định trước %(decide)s")
            % {
                "no": item["no"],
                "proposals": _day_month(item["proposals_before"]),
                "decide": _day_month(item["decide_before"]),
            }
            for item in items
        )

    for level in LEVEL_ORDER:
        if any(level in (rulebook.data.get("rounds") or {}) for rulebook in (a, b)):
            add(rounds_section, _level_name(level), rounds_text(a, level), rounds_text(b, level))
    process = _("Quy trình")
    levels_a = {level["level"]: level for level in _levels(a)}
    levels_b = {level["level"]: level for level in _levels(b)}
    for level in LEVEL_ORDER:
        if level in levels_a or level in levels_b:
            add(
                process,
                _level_name(level),
                "; ".join(levels_a[level]["does"]) if level in levels_a else None,
                "; ".join(levels_b[level]["does"]) if level in levels_b else None,
            )
    return rows


@require_GET
def compare(request):
    """Two rulebooks side by side (`?a=<slug>&b=<slug>`), differences highlighted."""
    rulebooks = list(Rulebook.objects.select_related("sheets_from"))
    if not rulebooks:
        raise Http404
    by_slug = {rulebook.slug: rulebook for rulebook in rulebooks}
    slug_a = request.GET.get("a") or rulebooks[0].slug
    slug_b = request.GET.get("b") or rulebooks[-1].slug
    if slug_a not in by_slug or slug_b not in by_slug:
        raise Http404
    a, b = by_slug[slug_a], by_slug[slug_b]
    rows = _compare_rows(a, b)
    sections = []
    for row in rows:
        if not sections or sections[-1]["name"] != row["section"]:
            sections.append({"name": row["section"], "rows": []})
        sections[-1]["rows"].append(row)
    return render(
        request,
        "criteria/compare.html",
        {
            "rulebooks": rulebooks,
            "a": a,
            "b": b,
            "sections": sections,
            "differences": sum(row["differs"] for row in rows),
        },
    )


# --- calculator --------------------------------------------------------------------------------


def _option_value(option: dict) -> str:
    points = str(option["points"])
    return f"{option['case']}:{points}" if option.get("case") else points


def _read_posted(sheet_data: dict, post) -> tuple[dict[str, Any], dict[str, str]]:
    """Answers for `evaluate` from the posted form, and the raw values to re-select. Anything
    odd is passed on as it came, so the engine names the fault."""
    answers: dict[str, Any] = {}
    raw: dict[str, str] = {}
    for code in criteria_of(sheet_data):
        name = FIELD_PREFIX + code
        if name not in post:
            continue
        value = post[name]
        raw[code] = value
        case, separator, points = value.rpartition(":")
        number = _number(points)
        if separator:
            answers[code] = {"case": case, "points": number}
        else:
            answers[code] = number
    for name in post:
        if name.startswith(FIELD_PREFIX) and name[len(FIELD_PREFIX) :] not in raw:
            answers[name[len(FIELD_PREFIX) :]] = _number(post[name])
    return answers, raw


def _number(value: str) -> Decimal | str:
    try:
        return Decimal(value.strip())
    except InvalidOperation:
        return value


def _calculator_fields(sheet_data: dict, selected: dict[str, str]) -> list[dict]:
    parts = []
    for part in sheet_data["parts"]:
        fields = []
        for group in part["groups"]:
            for criterion in group["criteria"]:
                options = criterion["options"]
                cases = list(dict.fromkeys(o["case"] for o in options if o.get("case")))
                choices = [
                    {
                        "value": _option_value(option),
                        "label": option.get("label", ""),
                        "points": option["points"],
                        "case": option.get("case"),
                        "badge": _stars(option.get("min_star_marker")),
                    }
                    for option in criterion["options"]
                ]
                fields.append(
                    {
                        "name": FIELD_PREFIX + criterion["code"],
                        "code": criterion["code"],
                        "label": criterion.get("label", ""),
                        "max": criterion["max"],
                        "cases": cases,
                        "choices": choices,
                        "selected": selected.get(criterion["code"]),
                    }
                )
        parts.append({"code": part["code"], "label": part["label"], "fields": fields})
    return parts


def _best_selection(sheet_data: dict) -> dict[str, str]:
    """The best option of each criterion, as the form's values (first case on a tie)."""
    best = best_answers(sheet_data)
    selected = {}
    for part in sheet_data["parts"]:
        for group in part["groups"]:
            for criterion in group["criteria"]:
                option = next(
                    o for o in criterion["options"] if o["points"] == best[criterion["code"]]
                )
                selected[criterion["code"]] = _option_value(option)
    return selected


def _caps(parts: list[dict]) -> str:
    """ "A 40, B 25, C 35": the maximum of each part."""
    return ", ".join(f"{part['code']} {part['max']}" for part in parts)


@require_http_methods(["GET", "POST"])
def calculator(request, slug: str, set_no: int):
    """Score a sheet interactively: GET shows the best answers scored; POST (a plain submit or
    HTMX on every change) scores the posted answers. Bad answers show the engine's message."""
    rulebook = _rulebook(slug)
    sheet = _sheet(rulebook, set_no)
    if request.method == "POST":
        answers, selected = _read_posted(sheet.data, request.POST)
    else:
        selected = _best_selection(sheet.data)
        answers, _raw = _read_posted(
            sheet.data, {FIELD_PREFIX + code: value for code, value in selected.items()}
        )
    result = error = None
    try:
        result = evaluate(
            sheet.data,
            answers,
            bands=rulebook.rules.scoring_bands(),
            certifiable_min_stars=rulebook.rules.certificate.min_stars,
        )
    except ScoringError as exc:
        error = exc.message
    parts_max = {part["code"]: part for part in sheet.data["parts"]}
    labels = {code: criterion.label for code, criterion in criteria_of(sheet.data).items()}
    sheet_caps = _caps(sheet.data["parts"])
    rulebook_caps = _caps(rulebook.data["parts"])
    context = {
        "rulebook": rulebook,
        "sheet": sheet,
        "borrowed": sheet.rulebook_id != rulebook.pk,
        "sheet_caps": sheet_caps,
        "rulebook_caps": rulebook_caps,
        "caps_differ": sheet_caps != rulebook_caps,
        "result": result,
        "error": error,
        "result_parts": [
            {
                "code": code,
                "label": parts_max[code]["label"],
                "points": points,
                "max": parts_max[code]["max"],
            }
            for code, points in (result.parts.items() if result else [])
        ],
        "stars_badge": _stars(result.stars) if result else "",
        "band_badge": _stars(result.band_stars) if result else "",
        "unmet_gates": [
            {
                "criterion": gate.criterion,
                "label": labels[gate.criterion],
                "badge": _stars(gate.stars),
                "required": gate.required_points,
                "points": gate.points,
                "holding": gate.stars <= result.band_stars,
            }
            for gate in (result.unmet_gates if result else [])
        ],
    }
    if request.htmx:
        return render(request, "criteria/_calculator_result.html", context)
    context["form_parts"] = _calculator_fields(sheet.data, selected)
    return render(request, "criteria/calculator.html", context)
