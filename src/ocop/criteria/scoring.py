"""The scoring engine: a sheet and answers in; total, stars, unmet gates and explanation out.

Pure functions, no database. A *sheet* is a score sheet in the interchange format of the data
files (`data/<rulebook>/sheets/set-NN.json`: parts → groups → criteria → options, each option with
its `points`, an optional `min_star_marker` and, where the law offers alternative cases, a `case`).
The legal numbers (star bands, the certification floor) come from the rulebook and are passed in.

Ranking (QĐ 26/2026 Art. 3, and the same idea in the older rulebooks):
- `band_stars` is the band the total falls in (the highest band whose minimum the total reaches);
- a *gate* is an option marked for N★: to be ranked N★, every option marked for N★ or fewer must be
  reached (the chosen points ≥ the marked option's points), so `stars` is `band_stars` lowered to
  the highest star whose gates are all met — failing a 3★ gate caps the product at 2★;
- `unmet_gates` lists every unmet gate, one per (criterion, star) (API.md); those for
  `band_stars` or fewer stars are the ones that hold the product below its band, and the
  explanation names them.

A council's result is the mean of its members' totals (band from the unrounded mean), and a gate
is met when the members' mean points on that criterion reach it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ocop.core.errors import DomainError

Number = int | float | Decimal
Sheet = Mapping[str, Any]

# How long a criterion's label may be inside an explanation sentence.
_LABEL_CHARS = 80
_CENT = Decimal("0.01")


class ScoringError(DomainError):
    """Answers that cannot be scored. `field` is the criterion code at fault (or "answers",
    "members" for the whole input); `member` is the 0-based member index in a council."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str = "invalid",
        member: int | None = None,
    ):
        super().__init__(message, field=field, code=code)
        self.member = member


@dataclass(frozen=True)
class Band:
    """A star band of a rulebook: a total of at least `min_points` is worth `stars`.

    `min_points` may be given as an int, float or Decimal; it is stored as a Decimal."""

    stars: int
    min_points: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_points", _to_decimal(self.min_points))


@dataclass(frozen=True)
class Option:
    label: str
    points: Decimal
    min_star_marker: int | None = None
    case: str | None = None


@dataclass(frozen=True)
class Criterion:
    """One criterion of a sheet, with the code of the part (A/B/C) it counts towards."""

    code: str
    label: str
    part: str
    max: Decimal
    options: tuple[Option, ...]

    @property
    def cases(self) -> tuple[str, ...]:
        """The alternative cases ("a", "b") in sheet order; empty when the criterion has none."""
        return tuple(dict.fromkeys(o.case for o in self.options if o.case is not None))

    def points_of(self, case: str | None = None) -> tuple[Decimal, ...]:
        """The distinct points of the options (of one case when `case` is given), ascending."""
        return tuple(sorted({o.points for o in self.options if case is None or o.case == case}))


@dataclass(frozen=True)
class UnmetGate:
    """A gate not reached: `criterion` needs `required_points` for `stars`★ but has `points`."""

    criterion: str
    stars: int
    required_points: Decimal
    points: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "stars": self.stars,
            "required_points": _json_number(self.required_points),
            "points": _json_number(self.points),
        }


@dataclass(frozen=True)
class Evaluation:
    """One member's scored sheet.

    `points` holds every criterion's chosen points, `cases` the case chosen where one was given.
    """

    total: Decimal
    parts: dict[str, Decimal]
    points: dict[str, Decimal]
    cases: dict[str, str]
    band_stars: int
    stars: int
    unmet_gates: tuple[UnmetGate, ...]
    certifiable: bool
    potential_five_star: bool
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        """The `evaluate` endpoint's response body (API.md), with JSON numbers."""
        return {
            "total": _json_number(self.total),
            "parts": {code: _json_number(value) for code, value in self.parts.items()},
            "band_stars": self.band_stars,
            "stars": self.stars,
            "unmet_gates": [gate.as_dict() for gate in self.unmet_gates],
            "certifiable": self.certifiable,
            "potential_five_star": self.potential_five_star,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class CouncilResult:
    """A council's result from its members' sheets.

    `total` is the unrounded mean of the members' totals (the band is taken from it),
    `total_display` the same rounded half-up to 2 decimals; `parts` and `points` are the members'
    means per part and per criterion; `spread` is the highest member total minus the lowest.
    """

    members: tuple[Evaluation, ...]
    total: Decimal
    total_display: Decimal
    parts: dict[str, Decimal]
    points: dict[str, Decimal]
    band_stars: int
    stars: int
    unmet_gates: tuple[UnmetGate, ...]
    certifiable: bool
    potential_five_star: bool
    spread: Decimal
    max_spread: Decimal | None
    needs_rescoring: bool
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": _json_number(self.total),
            "total_display": _json_number(self.total_display),
            "parts": {code: _json_number(value) for code, value in self.parts.items()},
            "band_stars": self.band_stars,
            "stars": self.stars,
            "unmet_gates": [gate.as_dict() for gate in self.unmet_gates],
            "certifiable": self.certifiable,
            "potential_five_star": self.potential_five_star,
            "member_totals": [_json_number(member.total) for member in self.members],
            "spread": _json_number(self.spread),
            "max_spread": None if self.max_spread is None else _json_number(self.max_spread),
            "needs_rescoring": self.needs_rescoring,
            "explanation": self.explanation,
        }


# --- reading a sheet -------------------------------------------------------------------------


def criteria_of(sheet: Sheet) -> dict[str, Criterion]:
    """Every criterion of `sheet` by code, in sheet order."""
    criteria: dict[str, Criterion] = {}
    for part in sheet["parts"]:
        for group in part["groups"]:
            for raw in group["criteria"]:
                options = tuple(
                    Option(
                        label=option.get("label", ""),
                        points=_to_decimal(option["points"]),
                        min_star_marker=option.get("min_star_marker"),
                        case=option.get("case"),
                    )
                    for option in raw["options"]
                )
                criteria[str(raw["code"])] = Criterion(
                    code=str(raw["code"]),
                    label=raw.get("label", ""),
                    part=str(part["code"]),
                    max=_to_decimal(raw["max"]),
                    options=options,
                )
    return criteria


def gates_of(sheet: Sheet) -> dict[str, dict[int, Decimal]]:
    """The gates of `sheet`: criterion code → {stars: points of the option marked for them}.

    Only criteria with a marked option appear. Were one star marked on several options of a
    criterion (one per case), reaching the lowest of them meets the gate.
    """
    return _gates(criteria_of(sheet))


def best_answers(sheet: Sheet) -> dict[str, int | float]:
    """Every criterion's best points (its maximum option), as JSON numbers."""
    return {
        code: _json_number(max(criterion.points_of()))
        for code, criterion in criteria_of(sheet).items()
    }


def bands_from(rows: Iterable[Any]) -> list[Band]:
    """Bands from a rulebook's rows: mappings or objects with `stars` and `min_points` (or
    `min`, as in the rulebook data files)."""
    bands = []
    for row in rows:
        if isinstance(row, Mapping):
            stars, minimum = row["stars"], row.get("min_points", row.get("min"))
        else:
            stars = row.stars
            minimum = getattr(row, "min_points", None)
            if minimum is None:
                minimum = row.min
        bands.append(Band(stars=int(stars), min_points=minimum))
    return bands


def band_of(total: Number, bands: Sequence[Band]) -> int:
    """The stars of the highest band whose minimum `total` reaches (0 when it reaches none)."""
    if not bands:
        raise ValueError("A rulebook needs at least one star band.")
    total = _to_decimal(total)
    return max((band.stars for band in bands if total >= band.min_points), default=0)


# --- scoring ---------------------------------------------------------------------------------


def evaluate(
    sheet: Sheet,
    answers: Mapping[str, Any],
    *,
    bands: Sequence[Band],
    certifiable_min_stars: int = 3,
    potential_stars: int | None = None,
) -> Evaluation:
    """Score one member's `answers` on `sheet`.

    `answers` maps every criterion code to the points of the chosen option; for a criterion
    with alternative cases either the points alone (any case's option) or
    `{"case": "a", "points": 3}`. `bands` are the rulebook's star bands; a product is certifiable
    from `certifiable_min_stars`, and "potential 5★" at `potential_stars` (default: the highest
    band). Raises `ScoringError` naming the criterion for a missing or unknown criterion, a value
    that is not a number, points that are no option's (of the chosen case), or an unknown case.
    """
    criteria = criteria_of(sheet)
    points, cases = _read_answers(criteria, answers)
    parts = _part_totals(criteria, points)
    total = sum(points.values(), Decimal(0))
    ranking = _rank(
        criteria,
        total,
        points,
        bands=bands,
        certifiable_min_stars=certifiable_min_stars,
        potential_stars=potential_stars,
    )
    return Evaluation(
        total=total,
        parts=parts,
        points=points,
        cases=cases,
        band_stars=ranking.band_stars,
        stars=ranking.stars,
        unmet_gates=ranking.unmet_gates,
        certifiable=ranking.certifiable,
        potential_five_star=ranking.potential_five_star,
        explanation=_explain(criteria, total, ranking),
    )


def aggregate(
    sheet: Sheet,
    members_answers: Sequence[Mapping[str, Any]],
    *,
    bands: Sequence[Band],
    max_spread: Number | None = None,
    certifiable_min_stars: int = 3,
    potential_stars: int | None = None,
) -> CouncilResult:
    """A council's result from each member's answers on `sheet`.

    The total is the mean of the members' totals and its band is taken unrounded; per criterion
    the council's points are the members' mean and a gate is met when that mean reaches it. The
    result `needs_rescoring` when `max_spread` (a province setting) is given and the members'
    totals differ by more than it. A member's bad answers raise `ScoringError` with `member` set.
    """
    members_answers = list(members_answers)
    if not members_answers:
        raise ScoringError(
            _("Chưa có phiếu đánh giá nào của thành viên hội đồng."),
            field="members",
            code="empty",
        )
    members = []
    for index, answers in enumerate(members_answers):
        try:
            members.append(
                evaluate(
                    sheet,
                    answers,
                    bands=bands,
                    certifiable_min_stars=certifiable_min_stars,
                    potential_stars=potential_stars,
                )
            )
        except ScoringError as error:
            raise ScoringError(
                _("Phiếu của thành viên thứ %(number)s: %(error)s")
                % {"number": index + 1, "error": error.message},
                field=error.field,
                code=error.code,
                member=index,
            ) from error
    criteria = criteria_of(sheet)
    count = Decimal(len(members))
    total = sum((member.total for member in members), Decimal(0)) / count
    parts = {
        code: sum((member.parts[code] for member in members), Decimal(0)) / count
        for code in members[0].parts
    }
    points = {
        code: sum((member.points[code] for member in members), Decimal(0)) / count
        for code in criteria
    }
    ranking = _rank(
        criteria,
        total,
        points,
        bands=bands,
        certifiable_min_stars=certifiable_min_stars,
        potential_stars=potential_stars,
    )
    totals = [member.total for member in members]
    spread = max(totals) - min(totals)
    limit = None if max_spread is None else _to_decimal(max_spread)
    needs_rescoring = limit is not None and spread > limit
    total_display = total.quantize(_CENT, rounding=ROUND_HALF_UP)
    explanation = _explain(criteria, total_display, ranking)
    if needs_rescoring:
        explanation += " " + _(
            "Điểm của các thành viên chênh nhau %(spread)s điểm, quá mức cho phép %(limit)s "
            "điểm: cần chấm lại."
        ) % {"spread": _format(spread), "limit": _format(limit)}
    return CouncilResult(
        members=tuple(members),
        total=total,
        total_display=total_display,
        parts=parts,
        points=points,
        band_stars=ranking.band_stars,
        stars=ranking.stars,
        unmet_gates=ranking.unmet_gates,
        certifiable=ranking.certifiable,
        potential_five_star=ranking.potential_five_star,
        spread=spread,
        max_spread=limit,
        needs_rescoring=needs_rescoring,
        explanation=explanation,
    )


def check_answer(criterion: Criterion, answer: Any) -> Decimal:
    """The points of one answer to `criterion` (points, or `{"case", "points"}`); raises
    `ScoringError` naming the criterion when it is not one of the criterion's options."""
    return _read_answer(criterion, answer)[0]


def format_points(value: Number) -> str:
    """Points for a sentence, in the active language's notation (78,5 in Vietnamese)."""
    return _format(_to_decimal(value))


# --- internals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ranking:
    band_stars: int
    stars: int
    unmet_gates: tuple[UnmetGate, ...]
    certifiable: bool
    potential_five_star: bool


def _rank(
    criteria: Mapping[str, Criterion],
    total: Decimal,
    points: Mapping[str, Decimal],
    *,
    bands: Sequence[Band],
    certifiable_min_stars: int,
    potential_stars: int | None,
) -> _Ranking:
    band_stars = band_of(total, bands)
    unmet = [
        UnmetGate(code, stars, required, points[code])
        for code, gates in _gates(criteria).items()
        for stars, required in gates.items()
        if points[code] < required
    ]
    # Failing a gate for N★ leaves at most N-1★, whatever the band.
    cap = min((gate.stars for gate in unmet), default=None)
    stars = band_stars if cap is None else max(0, min(band_stars, cap - 1))
    order = {code: index for index, code in enumerate(criteria)}
    unmet.sort(key=lambda gate: (gate.stars, order[gate.criterion]))
    if potential_stars is None:
        potential_stars = max(band.stars for band in bands)
    return _Ranking(
        band_stars=band_stars,
        stars=stars,
        unmet_gates=tuple(unmet),
        certifiable=stars >= certifiable_min_stars,
        potential_five_star=stars == potential_stars,
    )


def _gates(criteria: Mapping[str, Criterion]) -> dict[str, dict[int, Decimal]]:
    gates: dict[str, dict[int, Decimal]] = {}
    for code, criterion in criteria.items():
        for option in criterion.options:
            if option.min_star_marker is None:
                continue
            marked = gates.setdefault(code, {})
            stars = int(option.min_star_marker)
            marked[stars] = min(marked.get(stars, option.points), option.points)
        if code in gates:
            gates[code] = dict(sorted(gates[code].items()))
    return gates


def _read_answers(
    criteria: Mapping[str, Criterion], answers: Any
) -> tuple[dict[str, Decimal], dict[str, str]]:
    if not isinstance(answers, Mapping):
        raise ScoringError(
            _("Phiếu đánh giá phải ghi điểm theo từng tiêu chí (mã tiêu chí → điểm)."),
            field="answers",
            code="malformed",
        )
    for code in answers:
        if code not in criteria:
            raise ScoringError(
                _("Tiêu chí %(code)s không có trong phiếu đánh giá này.") % {"code": code},
                field=str(code),
                code="unknown_criterion",
            )
    points: dict[str, Decimal] = {}
    cases: dict[str, str] = {}
    for code, criterion in criteria.items():
        if code not in answers:
            raise ScoringError(
                _("Thiếu điểm của tiêu chí %(code)s.") % {"code": code},
                field=code,
                code="missing_criterion",
            )
        value, case = _read_answer(criterion, answers[code])
        points[code] = value
        if case is not None:
            cases[code] = case
    return points, cases


def _read_answer(criterion: Criterion, answer: Any) -> tuple[Decimal, str | None]:
    code = criterion.code
    case = None
    value = answer
    if isinstance(answer, Mapping):
        if set(answer) - {"case", "points"}:
            raise ScoringError(
                _("Điểm của tiêu chí %(code)s chỉ gồm trường hợp (case) và điểm (points).")
                % {"code": code},
                field=code,
                code="malformed",
            )
        case = answer.get("case")
        value = answer.get("points")
        if case is not None and case not in criterion.cases:
            if criterion.cases:
                message = _(
                    "Tiêu chí %(code)s không có trường hợp “%(case)s” (các trường hợp: %(cases)s)."
                ) % {"code": code, "case": case, "cases": ", ".join(criterion.cases)}
            else:
                message = _(
                    "Tiêu chí %(code)s không chia trường hợp nhưng phiếu ghi “%(case)s”."
                ) % {
                    "code": code,
                    "case": case,
                }
            raise ScoringError(message, field=code, code="unknown_case")
    points = _as_number(value)
    if points is None:
        raise ScoringError(
            _("Điểm của tiêu chí %(code)s phải là một số.") % {"code": code},
            field=code,
            code="not_a_number",
        )
    allowed = criterion.points_of(case)
    if points not in allowed:
        choices = ", ".join(_format(p) for p in allowed)
        if case is None:
            message = _(
                "%(points)s điểm không phải là một mức điểm của tiêu chí %(code)s "
                "(các mức: %(choices)s)."
            ) % {"points": _format(points), "code": code, "choices": choices}
        else:
            message = _(
                "%(points)s điểm không phải là một mức điểm của trường hợp %(case)s, "
                "tiêu chí %(code)s (các mức: %(choices)s)."
            ) % {"points": _format(points), "case": case, "code": code, "choices": choices}
        raise ScoringError(message, field=code, code="not_an_option")
    return points, case


def _part_totals(
    criteria: Mapping[str, Criterion], points: Mapping[str, Decimal]
) -> dict[str, Decimal]:
    parts: dict[str, Decimal] = {}
    for code, criterion in criteria.items():
        parts[criterion.part] = parts.get(criterion.part, Decimal(0)) + points[code]
    return parts


def _explain(criteria: Mapping[str, Criterion], total: Decimal, ranking: _Ranking) -> str:
    values = {"band": ranking.band_stars, "stars": ranking.stars, "total": _format(total)}
    if ranking.band_stars == 0:
        return _("Tổng điểm (%(total)s) chưa đạt hạng sao nào.") % values
    holding = [gate for gate in ranking.unmet_gates if gate.stars <= ranking.band_stars]
    if not holding:
        return _("%(band)s★ theo điểm (%(total)s).") % values
    reasons = "; ".join(
        _("tiêu chí %(code)s (%(label)s) chưa đạt mức tối thiểu của %(stars)s★")
        % {
            "code": gate.criterion,
            "label": Truncator(criteria[gate.criterion].label).chars(_LABEL_CHARS),
            "stars": gate.stars,
        }
        for gate in holding
    )
    return _("%(band)s★ theo điểm (%(total)s) nhưng xếp %(stars)s★: %(reasons)s.") % {
        **values,
        "reasons": reasons,
    }


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _as_number(value: Any) -> Decimal | None:
    """`value` as a finite Decimal, or None when it is not a number (bools are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    return None


def _trim(value: Decimal) -> Decimal:
    """`value` without trailing zeros and never in exponent form (100, not 1E+2)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _json_number(value: Decimal) -> int | float:
    value = _trim(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _format(value: Decimal) -> str:
    """A number for a sentence, in the active language's notation (78,5 in Vietnamese)."""
    return number_format(_trim(value))
