"""Load the rulebooks (versions of the law) and their score sheets from the data folder.

One folder per rulebook under `data/`: `rulebook.json` (maximum score, part caps, star bands,
certificate, re-ranking window, time limits, evaluation rounds, revocation grounds and the levels
that revoke, process profile),
optionally `taxonomy.json` (sectors → groups → product sets) and `sheets/set-NN.json` (one score
sheet per product set in the interchange format). Every file is validated before anything is
written; a fault raises `RulebookDataError` naming the file, the sheet and the criterion. The
write is one transaction and idempotent: a second run with the same files changes nothing.

Notes: `notes` (on a rulebook, and on a sheet's parts, groups and criteria) are the law's own
text ("Ghi chú", "Chú ý", "Yêu cầu" …) and are shown to users; what the transcribers wrote for
the maintainers (choices made, faults of the source) goes in `maintainer_notes`, which is
validated and then left out of what is stored, so no page, PDF or API can show it.

Star bands: a score `s` is in the band whose `min <= s < max`; the top band also holds its `max`
(the rulebook's `max_score`, 100). Every star that earns a certificate is recognised by exactly one
level of the process profile and, where the rulebook sets revocation, revoked by exactly one
level; standard rounds are numbered 1…n. What `rules_data.RulebookRules` offers is built from
every file before anything is written. A rulebook without sheets of its own is scored with
those of the nearest later rulebook that has them (`sheets_from`).
"""

import datetime
import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Rulebook, ScoreSheet
from .rules_data import RulebookRules
from .signals import rulebooks_loaded

DATA_DIR = Path(__file__).resolve().parent / "data"
SHEET_FILE = re.compile(r"^set-(\d{2})\.json$")
STAR_MARKERS = (None, 3, 4, 5)
LEVELS = ("commune", "district", "province", "central")
MAINTAINER_NOTES = "maintainer_notes"
# How a transcriber's note begins when it was left among the law's notes by mistake.
_MAINTAINER_NOTE = re.compile(r"^\(?\s*Ghi chú (của người chép|nhập liệu)\b", re.IGNORECASE)


class RulebookDataError(Exception):
    """A rulebook data file is malformed; the message names the file, sheet and criterion."""


@dataclass
class SheetSpec:
    set_no: int
    set_name: str
    sector_code: str
    sector_name: str
    group_code: str
    group_name: str
    data: dict


@dataclass
class RulebookSpec:
    slug: str
    title: str
    effective_from: datetime.date
    effective_until: datetime.date | None
    data: dict
    sheets: list[SheetSpec] = field(default_factory=list)
    sheets_from: str | None = None


@dataclass
class LoadResult:
    rulebooks_created: int = 0
    rulebooks_updated: int = 0
    sheets_created: int = 0
    sheets_updated: int = 0
    sheet_counts: dict = field(default_factory=dict)


# --- helpers -----------------------------------------------------------------------------------


def _fail(where: str, message: str, **values) -> RulebookDataError:
    return RulebookDataError(f"{where}: {message % values}")


def _read_json(path: Path, label: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulebookDataError(_("Không tìm thấy tệp %(file)s.") % {"file": label}) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RulebookDataError(
            _("Tệp %(file)s không phải JSON hợp lệ: %(error)s") % {"file": label, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise RulebookDataError(_("Tệp %(file)s phải là một đối tượng JSON.") % {"file": label})
    return data


def _get(node, key: str, kind, where: str, *, nullable: bool = False):
    """`node[key]`, which must be present and of type `kind` (or null when `nullable`)."""
    if not isinstance(node, dict) or key not in node:
        raise _fail(where, _("thiếu khoá “%(key)s”."), key=key)
    value = node[key]
    if value is None and nullable:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    # JSON true/false are Python bools, which are ints too: never accept one for a number.
    value_ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
    if not value_ok or (isinstance(value, str) and not value.strip()):
        raise _fail(
            where,
            _("“%(key)s” phải là %(kind)s, nhận được %(value)s."),
            key=key,
            kind=_kind_name(kinds),
            value=json.dumps(value, ensure_ascii=False),
        )
    return value


def _kind_name(kinds: tuple) -> str:
    names = {
        str: _("chuỗi không rỗng"),
        int: _("số nguyên"),
        float: _("số"),
        bool: _("true hoặc false"),
        list: _("danh sách"),
        dict: _("đối tượng"),
    }
    return _(" hoặc ").join(str(names[kind]) for kind in kinds)


def _int(node, key: str, where: str, *, minimum: int = 0, nullable: bool = False) -> int | None:
    value = _get(node, key, int, where, nullable=nullable)
    if value is not None and value < minimum:
        raise _fail(where, _("“%(key)s” phải từ %(minimum)s trở lên."), key=key, minimum=minimum)
    return value


def _date(node, key: str, where: str, *, nullable: bool = False) -> datetime.date | None:
    value = _get(node, key, str, where, nullable=nullable)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _fail(
            where,
            _("“%(key)s” phải là ngày dạng YYYY-MM-DD, nhận được “%(value)s”."),
            key=key,
            value=value,
        ) from None


def _strings(node, key: str, where: str, *, required: bool = True) -> list[str]:
    if not required and (not isinstance(node, dict) or key not in node):
        return []
    items = _get(node, key, list, where)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise _fail(where, _("“%(key)s” phải là danh sách chuỗi không rỗng."), key=key)
    return items


def _notes(node, where: str) -> None:
    """The optional `notes` (the law's text) and `maintainer_notes` of a node; a transcriber's
    note among the law's notes is refused."""
    for note in _strings(node, "notes", where, required=False):
        if _MAINTAINER_NOTE.match(note):
            raise _fail(
                where,
                _("ghi chú “%(note)s” là ghi chú cho người bảo trì: hãy chuyển sang “%(key)s”."),
                note=note[:80],
                key=MAINTAINER_NOTES,
            )
    _strings(node, MAINTAINER_NOTES, where, required=False)


def without_maintainer_notes(value):
    """`value` (a rulebook's or a sheet's data) without any `maintainer_notes`, at any depth."""
    if isinstance(value, dict):
        return {
            key: without_maintainer_notes(item)
            for key, item in value.items()
            if key != MAINTAINER_NOTES
        }
    if isinstance(value, list):
        return [without_maintainer_notes(item) for item in value]
    return value


# --- rulebook files ----------------------------------------------------------------------------


def _max_score(data: dict, where: str) -> int:
    return _int(data, "max_score", where, minimum=1)


def _check_parts(data: dict, total_expected: int, where: str) -> list[dict]:
    parts = _get(data, "parts", list, where)
    codes = []
    for index, part in enumerate(parts):
        part_where = f"{where} parts[{index}]"
        codes.append(_get(part, "code", str, part_where))
        _get(part, "label", str, part_where)
        _int(part, "max", part_where, minimum=1)
    if not parts or len(set(codes)) != len(codes):
        raise _fail(where, _("“parts” phải có các phần với mã khác nhau."))
    total = sum(part["max"] for part in parts)
    if total != total_expected:
        raise _fail(
            where,
            _("các phần cộng lại %(total)s điểm, phải là %(expected)s."),
            total=total,
            expected=total_expected,
        )
    return parts


def _check_bands(data: dict, total: int, where: str) -> set[int]:
    bands = _get(data, "bands", list, where)
    for index, band in enumerate(bands):
        band_where = f"{where} bands[{index}]"
        stars = _int(band, "stars", band_where, minimum=1)
        _int(band, "min", band_where)
        _int(band, "max", band_where, minimum=1)
        if stars > 5 or band["min"] >= band["max"]:
            raise _fail(band_where, _("hạng sao phải từ 1 đến 5 và “min” nhỏ hơn “max”."))
    ordered = sorted(bands, key=lambda band: band["min"])
    if not ordered or ordered[0]["min"] != 0 or ordered[-1]["max"] != total:
        raise _fail(
            where, _("các hạng sao phải phủ kín thang điểm từ 0 đến %(total)s."), total=total
        )
    for lower, upper in itertools.pairwise(ordered):
        if lower["max"] != upper["min"]:
            raise _fail(
                where, _("các hạng sao không liền nhau ở %(score)s điểm."), score=lower["max"]
            )
        if lower["stars"] >= upper["stars"]:
            raise _fail(where, _("hạng sao phải tăng dần theo điểm."))
    return {band["stars"] for band in bands}


def _check_reranking(data: dict, where: str) -> None:
    reranking = _get(data, "reranking", dict, where, nullable=True)
    if reranking is None:
        return
    part_where = f"{where} reranking"
    opens = _int(reranking, "window_opens_days_before_expiry", part_where, minimum=1)
    closes = _int(reranking, "window_closes_days_before_expiry", part_where)
    _int(reranking, "late_grace_days", part_where)
    if opens < closes:
        raise _fail(part_where, _("cửa sổ nộp hồ sơ phân hạng lại phải mở trước khi đóng."))


def _check_time_limits(data: dict, where: str) -> None:
    limits = _get(data, "time_limits", dict, where, nullable=True)
    for name, limit in (limits or {}).items():
        limit_where = f"{where} time_limits.{name}"
        _int(limit, "days", limit_where, minimum=1)
        _get(limit, "working_days", bool, limit_where)
        _get(limit, "source", str, limit_where)


def _month_day(node: dict, key: str, where: str) -> None:
    value = _get(node, key, str, where)
    try:
        datetime.date.fromisoformat(f"2024-{value}")
    except ValueError:
        raise _fail(
            where,
            _("“%(key)s” phải là ngày trong năm dạng MM-DD, nhận được “%(value)s”."),
            key=key,
            value=value,
        ) from None


def _check_rounds(data: dict, where: str) -> None:
    rounds = _get(data, "rounds", dict, where, nullable=True)
    for level, items in (rounds or {}).items():
        level_where = f"{where} rounds.{level}"
        if level not in LEVELS or not isinstance(items, list) or not items:
            raise _fail(level_where, _("cần danh sách các đợt của một cấp đánh giá hợp lệ."))
        for index, item in enumerate(items):
            item_where = f"{level_where}[{index}]"
            _int(item, "no", item_where, minimum=1)
            _month_day(item, "proposals_before", item_where)
            _month_day(item, "decide_before", item_where)
        if sorted(item["no"] for item in items) != list(range(1, len(items) + 1)):
            raise _fail(
                level_where,
                _("các đợt phải được đánh số 1, 2, … %(count)s, mỗi số một lần."),
                count=len(items),
            )


def _check_revocation(data: dict, where: str) -> None:
    grounds = _get(data, "revocation_grounds", list, where, nullable=True)
    codes = []
    for index, ground in enumerate(grounds or []):
        ground_where = f"{where} revocation_grounds[{index}]"
        codes.append(_get(ground, "code", str, ground_where))
        _get(ground, "label", str, ground_where)
    if len(set(codes)) != len(codes):
        raise _fail(where, _("các căn cứ thu hồi có mã trùng nhau."))
    authorities = _get(data, "revocation_authority", list, where, nullable=True)
    if grounds and not authorities:
        raise _fail(where, _("có căn cứ thu hồi thì phải có cấp có thẩm quyền thu hồi."))
    for index, authority in enumerate(authorities or []):
        authority_where = f"{where} revocation_authority[{index}]"
        level = _get(authority, "level", str, authority_where)
        if level not in LEVELS:
            raise _fail(authority_where, _("cấp “%(level)s” không hợp lệ."), level=level)
        _star_list(authority, "stars", authority_where)
        _get(authority, "source", str, authority_where)


def _star_list(node: dict, key: str, where: str) -> list[int]:
    stars = _get(node, key, list, where)
    if any(isinstance(s, bool) or s not in (1, 2, 3, 4, 5) for s in stars):
        raise _fail(where, _("“%(key)s” chỉ gồm các hạng từ 1 đến 5."), key=key)
    return stars


def _check_process(data: dict, total: int, where: str) -> None:
    process = _get(data, "process", dict, where)
    levels = _get(process, "levels", list, f"{where} process")
    seen: list[str] = []
    for index, level in enumerate(levels):
        level_where = f"{where} process.levels[{index}]"
        code = _get(level, "level", str, level_where)
        if code not in LEVELS or code in seen:
            raise _fail(level_where, _("cấp “%(level)s” không hợp lệ hoặc bị lặp."), level=code)
        seen.append(code)
        _get(level, "label", str, level_where)
        _get(level, "scores", bool, level_where)
        _get(level, "field_inspection_required", bool, level_where)
        _get(level, "propose_upgrade_above_current_band", bool, level_where)
        _star_list(level, "certifies_stars", level_where)
        for key in ("propose_new_min_score", "forwards_min_score"):
            value = _int(level, key, level_where, nullable=True)
            if value is not None and value > total:
                raise _fail(level_where, _("“%(key)s” vượt quá %(total)s."), key=key, total=total)
        _get(level, "forwards_to", str, level_where, nullable=True)
        below = _get(level, "below_threshold", dict, level_where, nullable=True)
        if below is not None:
            below_where = f"{level_where} below_threshold"
            _get(below, "level", str, below_where)
            _star_list(below, "may_certify_stars", below_where)
    certifies = {level["level"]: level["certifies_stars"] for level in levels}
    for index, level in enumerate(levels):
        target = level["forwards_to"]
        if target is not None and target not in seen[index + 1 :]:
            raise _fail(
                f"{where} process.levels[{index}]",
                _("“forwards_to” phải là một cấp đứng sau (“%(level)s”)."),
                level=target,
            )
        below = level["below_threshold"]
        if below is not None and not (
            below["level"] in certifies
            and set(below["may_certify_stars"]) <= set(certifies[below["level"]])
        ):
            raise _fail(
                f"{where} process.levels[{index}] below_threshold",
                _("cấp “%(level)s” phải có trong quy trình và công nhận được các hạng này."),
                level=below["level"],
            )
    if not levels:
        raise _fail(where, _("quy trình phải có ít nhất một cấp."))


def _check_rules(rules: RulebookRules, where: str) -> None:
    """What the typed view promises: each star that earns a certificate is recognised by one
    level of the procedure and, where the rulebook sets revocation, revoked by one level; no
    level recognises or revokes a star below the certificate floor."""
    certifiable = set(rules.certifiable_stars)
    for kind, assigned in (
        ("process.levels[].certifies_stars", [lv.certifies_stars for lv in rules.levels]),
        ("revocation_authority[].stars", [a.stars for a in rules.revocation_authorities]),
    ):
        if kind.startswith("revocation") and not rules.revocation_authorities:
            continue
        flat = [stars for group in assigned for stars in group]
        if sorted(flat) != sorted(certifiable):
            raise _fail(
                where,
                _(
                    "mỗi hạng sao được cấp giấy chứng nhận (%(stars)s) phải thuộc đúng một cấp "
                    "trong “%(key)s”."
                ),
                stars=", ".join(map(str, sorted(certifiable))),
                key=kind,
            )


def _check_samples(data: dict, where: str) -> None:
    """The product samples a dossier comes with (26/2026 Art. 6.2.d): how many, which sectors
    need none (tourism services), the article; null when the rulebook asks for none."""
    samples = _get(data, "samples", dict, where, nullable=True)
    if samples is None:
        return
    samples_where = f"{where} samples"
    _int(samples, "count", samples_where, minimum=1)
    _strings(samples, "exempt_sectors", samples_where, required=False)
    _get(samples, "source", str, samples_where)


def _check_sample_sectors(spec: RulebookSpec, taxonomy: dict | None) -> None:
    """Exempt sectors must be sectors of the taxonomy the rulebook's product sets come from."""
    samples = spec.data.get("samples") or {}
    if taxonomy is None:
        return
    known = {sector["code"] for sector in taxonomy.get("sectors", [])}
    for code in samples.get("exempt_sectors", []):
        if code not in known:
            raise _fail(
                f"{spec.slug}/rulebook.json samples",
                _("ngành “%(code)s” không có trong danh mục."),
                code=code,
            )


def _read_taxonomy(folder: Path, data: dict, label: str) -> tuple[dict[int, dict], dict] | None:
    """Product sets by number (each with its group and sector) and the taxonomy file's content,
    or None for a rulebook without a taxonomy."""
    spec = _get(data, "taxonomy", dict, label, nullable=True) if "taxonomy" in data else None
    if spec is None:
        return None
    file_name = _get(spec, "file", str, f"{label} taxonomy")
    where = f"{folder.name}/{file_name}"
    taxonomy = _read_json(folder / file_name, where)
    sectors = {}
    for index, sector in enumerate(_get(taxonomy, "sectors", list, where)):
        item_where = f"{where} sectors[{index}]"
        sectors[_get(sector, "code", str, item_where)] = _get(sector, "name", str, item_where)
    groups = {}
    for index, group in enumerate(_get(taxonomy, "groups", list, where)):
        item_where = f"{where} groups[{index}]"
        code = _get(group, "code", str, item_where)
        sector = _get(group, "sector", str, item_where)
        if sector not in sectors:
            raise _fail(item_where, _("ngành “%(code)s” không có trong danh mục."), code=sector)
        groups[code] = {"name": _get(group, "name", str, item_where), "sector": sector}
    product_sets: dict[int, dict] = {}
    for index, item in enumerate(_get(taxonomy, "product_sets", list, where)):
        item_where = f"{where} product_sets[{index}]"
        number = _int(item, "number", item_where, minimum=1)
        group = _get(item, "group", str, item_where)
        if group not in groups:
            raise _fail(item_where, _("nhóm “%(code)s” không có trong danh mục."), code=group)
        if number in product_sets:
            raise _fail(item_where, _("bộ sản phẩm số %(number)s bị lặp."), number=number)
        _strings(item, "lead_ministries", item_where)
        sector = groups[group]["sector"]
        product_sets[number] = {
            "name": _get(item, "name", str, item_where),
            "group_code": group,
            "group_name": groups[group]["name"],
            "sector_code": sector,
            "sector_name": sectors[sector],
        }
    for key, found in (
        ("sectors", len(sectors)),
        ("groups", len(groups)),
        ("product_sets", len(product_sets)),
    ):
        expected = _int(spec, key, f"{label} taxonomy", minimum=1)
        if found != expected:
            raise _fail(
                where,
                _("cần %(expected)s mục “%(key)s”, có %(found)s."),
                expected=expected,
                key=key,
                found=found,
            )
    return product_sets, taxonomy


# --- score sheets ------------------------------------------------------------------------------


def _check_criterion(criterion: dict, where: str) -> None:
    options = _get(criterion, "options", list, where)
    if not options:
        raise _fail(where, _("tiêu chí phải có ít nhất một phương án."))
    by_case: dict[str | None, list[int]] = {}
    for index, option in enumerate(options):
        option_where = _("%(where)s, phương án %(number)s") % {"where": where, "number": index + 1}
        _get(option, "label", str, option_where)
        points = _int(option, "points", option_where)
        if not isinstance(option, dict) or "min_star_marker" not in option:
            raise _fail(option_where, _("thiếu khoá “%(key)s”."), key="min_star_marker")
        marker = option["min_star_marker"]
        if isinstance(marker, bool) or marker not in STAR_MARKERS:
            raise _fail(
                option_where,
                _("“min_star_marker” phải là null, 3, 4 hoặc 5, nhận được %(value)s."),
                value=json.dumps(marker, ensure_ascii=False),
            )
        case = _get(option, "case", str, option_where) if "case" in option else None
        by_case.setdefault(case, []).append(points)
    if None in by_case and len(by_case) > 1:
        raise _fail(where, _("hoặc mọi phương án đều có “case”, hoặc không phương án nào có."))
    if len(by_case) == 1 and None not in by_case:
        raise _fail(where, _("“case” chỉ dùng khi tiêu chí có ít nhất hai trường hợp."))
    repeats = criterion.get("law_repeats_points", False)
    if not isinstance(repeats, bool):
        raise _fail(where, _("“law_repeats_points” phải là true hoặc false."))
    maximum = criterion["max"]
    for case, points in by_case.items():
        case_where = (
            where
            if case is None
            else _("%(where)s, trường hợp %(case)s") % {"where": where, "case": case}
        )
        if max(points) != maximum:
            raise _fail(
                case_where,
                _("điểm tối đa %(max)s khác điểm của phương án cao nhất (%(best)s)."),
                max=maximum,
                best=max(points),
            )
        if len(set(points)) != len(points) and not repeats:
            raise _fail(
                case_where,
                _(
                    "các phương án lặp lại một mức điểm (%(points)s); chỉ được phép khi luật "
                    "lặp lại (“law_repeats_points”: true)."
                ),
                points=", ".join(map(str, points)),
            )
    _notes(criterion, where)


def _check_sheet(sheet: dict, parts: list[dict], where: str) -> None:
    _get(sheet, "set", str, where)
    _strings(sheet, "disqualified_when", where)
    _notes(sheet, where)
    sheet_parts = _get(sheet, "parts", list, where)
    expected = [(part["code"], part["max"]) for part in parts]
    found = [
        (
            _get(part, "code", str, f"{where}, parts[{index}]"),
            _int(part, "max", f"{where}, parts[{index}]"),
        )
        for index, part in enumerate(sheet_parts)
    ]
    if found != expected:
        raise _fail(
            where,
            _("các phần %(found)s không khớp với bộ tiêu chí %(expected)s."),
            found=", ".join(f"{code} {cap}" for code, cap in found),
            expected=", ".join(f"{code} {cap}" for code, cap in expected),
        )
    codes: set[str] = set()
    for part in sheet_parts:
        part_where = _("%(where)s, phần %(code)s") % {"where": where, "code": part["code"]}
        _notes(part, part_where)
        groups = _get(part, "groups", list, part_where)
        for group in groups:
            group_code = _get(group, "code", str, part_where)
            group_where = _("%(where)s, nhóm tiêu chí %(code)s") % {
                "where": where,
                "code": group_code,
            }
            _get(group, "label", str, group_where)
            _notes(group, group_where)
            group_max = _int(group, "max", group_where)
            criteria = _get(group, "criteria", list, group_where)
            if not criteria:
                raise _fail(group_where, _("nhóm phải có ít nhất một tiêu chí."))
            for criterion in criteria:
                code = _get(criterion, "code", str, group_where)
                criterion_where = _("%(where)s, tiêu chí %(code)s") % {"where": where, "code": code}
                if code in codes:
                    raise _fail(criterion_where, _("mã tiêu chí bị lặp trong phiếu."))
                codes.add(code)
                _get(criterion, "label", str, criterion_where)
                _int(criterion, "max", criterion_where)
                _check_criterion(criterion, criterion_where)
            total = sum(criterion["max"] for criterion in criteria)
            if total != group_max:
                raise _fail(
                    group_where,
                    _("các tiêu chí cộng lại %(total)s điểm, nhóm ghi %(max)s."),
                    total=total,
                    max=group_max,
                )
        total = sum(group["max"] for group in groups)
        if total != part["max"]:
            raise _fail(
                part_where,
                _("các nhóm cộng lại %(total)s điểm, phần ghi %(max)s."),
                total=total,
                max=part["max"],
            )


def _read_sheets(folder: Path, parts: list[dict], taxonomy: dict | None) -> list[SheetSpec]:
    sheets_dir = folder / "sheets"
    if not sheets_dir.is_dir():
        return []
    if taxonomy is None:
        raise RulebookDataError(
            _("%(folder)s: có phiếu đánh giá nhưng thiếu danh mục sản phẩm (“taxonomy”).")
            % {"folder": folder.name}
        )
    specs = []
    for path in sorted(sheets_dir.iterdir()):
        label = f"{folder.name}/sheets/{path.name}"
        match = SHEET_FILE.match(path.name)
        if not match:
            raise RulebookDataError(
                _("%(file)s: tên tệp phải có dạng set-NN.json.") % {"file": label}
            )
        sheet = _read_json(path, label)
        set_no = _int(sheet, "set_no", label, minimum=1)
        if set_no != int(match.group(1)):
            raise _fail(label, _("“set_no” là %(set_no)s, khác số trong tên tệp."), set_no=set_no)
        if set_no not in taxonomy:
            raise _fail(
                label, _("bộ sản phẩm số %(set_no)s không có trong danh mục."), set_no=set_no
            )
        where = _("%(file)s (phiếu bộ %(set_no)s)") % {"file": label, "set_no": set_no}
        _check_sheet(sheet, parts, where)
        product_set = taxonomy[set_no]
        specs.append(
            SheetSpec(
                set_no=set_no,
                set_name=product_set["name"],
                sector_code=product_set["sector_code"],
                sector_name=product_set["sector_name"],
                group_code=product_set["group_code"],
                group_name=product_set["group_name"],
                data=without_maintainer_notes(sheet),
            )
        )
    missing = sorted(set(taxonomy) - {spec.set_no for spec in specs})
    if missing:
        raise RulebookDataError(
            _("%(folder)s: thiếu phiếu đánh giá của các bộ sản phẩm %(numbers)s.")
            % {"folder": folder.name, "numbers": ", ".join(map(str, missing))}
        )
    return specs


def _read_rulebook(folder: Path) -> RulebookSpec:
    label = f"{folder.name}/rulebook.json"
    data = _read_json(folder / "rulebook.json", label)
    slug = _get(data, "slug", str, label)
    if slug != folder.name:
        raise _fail(label, _("“slug” là “%(slug)s”, khác tên thư mục."), slug=slug)
    title = _get(data, "title", str, label)
    effective_from = _date(data, "effective_from", label)
    effective_until = _date(data, "effective_until", label, nullable=True)
    if effective_until is not None and effective_until < effective_from:
        raise _fail(label, _("“effective_until” đứng trước “effective_from”."))
    _get(data, "short_title", str, label)
    _get(data, "amends", str, label, nullable=True)
    _notes(data, label)
    total = _max_score(data, label)
    parts = _check_parts(data, total, label)
    band_stars = _check_bands(data, total, label)
    certificate = _get(data, "certificate", dict, label)
    _int(certificate, "validity_months", f"{label} certificate", minimum=1)
    min_stars = _int(certificate, "min_stars", f"{label} certificate", minimum=1)
    if min_stars not in band_stars:
        raise _fail(
            f"{label} certificate",
            _("“min_stars” phải là một hạng sao của thang điểm, nhận được %(stars)s."),
            stars=min_stars,
        )
    _check_reranking(data, label)
    _check_time_limits(data, label)
    _check_rounds(data, label)
    _check_revocation(data, label)
    _check_process(data, total, label)
    _check_samples(data, label)
    taxonomy = _read_taxonomy(folder, data, label)
    sheets = _read_sheets(folder, parts, taxonomy[0] if taxonomy else None)
    data = without_maintainer_notes(data)
    if taxonomy is not None:
        data = {**data, "taxonomy_data": without_maintainer_notes(taxonomy[1])}
    _check_rules(RulebookRules.from_data(slug, data), label)
    return RulebookSpec(slug, title, effective_from, effective_until, data, sheets)


def read_rulebooks(data_dir: Path | str | None = None) -> list[RulebookSpec]:
    """Read and validate every rulebook folder; raise RulebookDataError naming the first fault."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    folders = (
        sorted(path for path in data_dir.iterdir() if path.is_dir()) if data_dir.is_dir() else []
    )
    if not folders:
        raise RulebookDataError(
            _("Không có bộ tiêu chí nào trong thư mục %(folder)s.") % {"folder": data_dir}
        )
    specs = sorted((_read_rulebook(folder) for folder in folders), key=lambda s: s.effective_from)
    slugs = {spec.slug for spec in specs}
    starts = [spec.effective_from for spec in specs]
    if len(set(starts)) != len(starts):
        raise RulebookDataError(_("Hai bộ tiêu chí có cùng ngày bắt đầu hiệu lực."))
    for index, spec in enumerate(specs):
        label = f"{spec.slug}/rulebook.json"
        amends = spec.data.get("amends")
        if amends is not None and amends not in slugs:
            raise _fail(label, _("“amends” chỉ đến bộ tiêu chí “%(slug)s” không có."), slug=amends)
        if not spec.sheets:
            later = next((other for other in specs[index + 1 :] if other.sheets), None)
            if later is None:
                raise _fail(
                    label, _("không có phiếu đánh giá và không có bộ tiêu chí nào về sau có phiếu.")
                )
            spec.sheets_from = later.slug
    by_slug = {spec.slug: spec for spec in specs}
    for spec in specs:
        source = by_slug[spec.sheets_from] if spec.sheets_from else spec
        _check_sample_sectors(spec, source.data.get("taxonomy_data"))
    return specs


# --- writing -----------------------------------------------------------------------------------


def load_rulebooks(data_dir: Path | str | None = None) -> LoadResult:
    """Load (or refresh) every rulebook and its sheets from `data_dir` (default: the bundled
    data). Validates everything first and raises RulebookDataError without writing; then writes
    in one transaction, touching only rows that changed. Rulebooks and sheets no longer in the
    files are left alone (sheets may be referenced by evaluations)."""
    specs = read_rulebooks(data_dir)
    result = LoadResult()
    with transaction.atomic():
        existing = {rulebook.slug: rulebook for rulebook in Rulebook.objects.all()}
        created = set()
        for spec in specs:
            values = {
                "title": spec.title,
                "effective_from": spec.effective_from,
                "effective_until": spec.effective_until,
                "data": spec.data,
            }
            rulebook = existing.get(spec.slug)
            if rulebook is None:
                existing[spec.slug] = Rulebook.objects.create(slug=spec.slug, **values)
                created.add(spec.slug)
                result.rulebooks_created += 1
            elif any(getattr(rulebook, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(rulebook, name, value)
                rulebook.save(update_fields=list(values))
                result.rulebooks_updated += 1
        for spec in specs:
            rulebook = existing[spec.slug]
            sheets_from = existing[spec.sheets_from] if spec.sheets_from else None
            if rulebook.sheets_from_id != (sheets_from.pk if sheets_from else None):
                rulebook.sheets_from = sheets_from
                rulebook.save(update_fields=["sheets_from"])
                result.rulebooks_updated += spec.slug not in created
            _write_sheets(rulebook, spec.sheets, result)
            result.sheet_counts[spec.slug] = len(spec.sheets)
        rulebooks_loaded.send(sender=Rulebook, rulebooks=[existing[spec.slug] for spec in specs])
    return result


def _write_sheets(rulebook: Rulebook, sheets: list[SheetSpec], result: LoadResult) -> None:
    existing = {sheet.set_no: sheet for sheet in ScoreSheet.objects.filter(rulebook=rulebook)}
    names = ("set_name", "sector_code", "sector_name", "group_code", "group_name", "data")
    create, update = [], []
    for spec in sheets:
        values = {name: getattr(spec, name) for name in names}
        sheet = existing.get(spec.set_no)
        if sheet is None:
            create.append(ScoreSheet(rulebook=rulebook, set_no=spec.set_no, **values))
        elif any(getattr(sheet, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(sheet, name, value)
            update.append(sheet)
    ScoreSheet.objects.bulk_create(create)
    if update:
        ScoreSheet.objects.bulk_update(update, list(names))
    result.sheets_created += len(create)
    result.sheets_updated += len(update)
