"""Load the official administrative units (GSO codes, both eras) and the 2025 conversion table.

The whole file is validated before anything is written; the write is one transaction and is
idempotent: a second run with the same files changes nothing.
"""

import datetime
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.core.text import fold

from .models import AdminUnit, ConversionSource, Era, Level, UnitConversion

DATA_DIR = Path(__file__).resolve().parent / "data"
OFFICIAL_FILE = DATA_DIR / "vn-admin-units.json"
EXTRA_FILE = DATA_DIR / "extra-units.json"

# Counts of the official snapshot (30 Jun 2025 / 1 Jul 2025); a file that does not match is refused.
OFFICIAL_COUNTS = {
    (Era.CURRENT, Level.PROVINCE): 34,
    (Era.CURRENT, Level.COMMUNE): 3321,
    (Era.LEGACY, Level.PROVINCE): 63,
    (Era.LEGACY, Level.DISTRICT): 696,
    (Era.LEGACY, Level.COMMUNE): 10051,
}

BATCH = 500
LEVEL_ORDER = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
Key = tuple[str, str, int]  # (era, level, code)


class UnitDataError(Exception):
    """The data file is malformed; the message names the file and the row at fault."""


@dataclass
class UnitSpec:
    era: str
    level: str
    code: int
    name: str
    unit_type: str
    codename: str
    parent: Key | None
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    note: str | None = None  # None: leave whatever note the row has
    province: Key | None = None
    current_province: Key | None = None

    @property
    def key(self) -> Key:
        return (self.era, self.level, self.code)


@dataclass
class ConversionSpec:
    legacy_code: int
    current_code: int
    partly_merged: bool
    source: str
    note: str = ""


@dataclass
class LoadResult:
    units_created: int = 0
    units_updated: int = 0
    conversions_created: int = 0
    conversions_updated: int = 0
    unit_counts: dict = field(default_factory=dict)
    unmapped: list = field(default_factory=list)  # legacy communes with no conversion row


# --- reading and validation ---------------------------------------------------------------------


def _read_json(path: Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise UnitDataError(_("Không tìm thấy tệp %(path)s.") % {"path": path}) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnitDataError(
            _("Tệp %(path)s không phải JSON hợp lệ: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise UnitDataError(_("Tệp %(path)s phải là một đối tượng JSON.") % {"path": path})
    return data


def _rows(data: dict, path: str) -> list:
    node = data
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    if not isinstance(node, list):
        raise UnitDataError(_("Thiếu danh sách “%(path)s” trong tệp dữ liệu.") % {"path": path})
    return node


def _where(path: str, index: int, row) -> str:
    code = row.get("code", row.get("old_ward")) if isinstance(row, dict) else None
    if code is None:
        return f"{path}[{index}]"
    return _("%(where)s (mã %(code)s)") % {"where": f"{path}[{index}]", "code": code}


def _int(row: dict, key: str, where: str) -> int:
    value = row.get(key) if isinstance(row, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UnitDataError(
            _("%(where)s: “%(key)s” phải là số nguyên dương, nhận được %(value)r.")
            % {"where": where, "key": key, "value": value}
        )
    return value


def _str(row: dict, key: str, where: str, *, required: bool = True) -> str:
    value = row.get(key, "" if not required else None)
    if value is None and not required:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise UnitDataError(
            _("%(where)s: “%(key)s” phải là chuỗi không rỗng, nhận được %(value)r.")
            % {"where": where, "key": key, "value": value}
        )
    return value.strip()


def _date(row: dict, key: str, where: str) -> datetime.date | None:
    value = row.get(key)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise UnitDataError(
            _("%(where)s: “%(key)s” phải là ngày dạng YYYY-MM-DD, nhận được %(value)r.")
            % {"where": where, "key": key, "value": value}
        ) from exc


class _Collector:
    """Builds the unit and conversion specs, refusing duplicates and dangling references."""

    def __init__(self):
        self.units: dict[Key, UnitSpec] = {}
        self.conversions: list[ConversionSpec] = []

    def add(self, spec: UnitSpec, where: str) -> None:
        if spec.key in self.units:
            raise UnitDataError(
                _("%(where)s: mã %(code)s đã có ở cấp %(level)s thời kỳ %(era)s.")
                % {"where": where, "code": spec.code, "level": spec.level, "era": spec.era}
            )
        if spec.parent is not None and spec.parent not in self.units:
            raise UnitDataError(
                _("%(where)s: đơn vị cấp trên mã %(code)s không tồn tại.")
                % {"where": where, "code": spec.parent[2]}
            )
        self.units[spec.key] = spec

    def exists(self, era: str, level: str, code: int) -> bool:
        return (era, level, code) in self.units


def _unit_rows(collector, data, path, *, era, level, parent_level, parent_key, dates, label):
    for index, row in enumerate(_rows(data, path)):
        where = f"{label}: " + _where(path, index, row)
        if not isinstance(row, dict):
            raise UnitDataError(_("%(where)s: phải là một đối tượng.") % {"where": where})
        parent = None
        if parent_level is not None:
            parent = (era, parent_level, _int(row, parent_key, where))
        collector.add(
            UnitSpec(
                era=era,
                level=level,
                code=_int(row, "code", where),
                name=_str(row, "name", where),
                unit_type=_str(row, "type", where, required=False),
                codename=_str(row, "codename", where, required=False),
                parent=parent,
                **dates,
            ),
            where,
        )


def _read_official(collector: _Collector, data: dict, label: str, ignored: set[int]) -> None:
    current = {"valid_from": datetime.date(2025, 7, 1), "valid_until": None}
    if data.get("current", {}).get("effective_from"):
        current["valid_from"] = _date(data["current"], "effective_from", f"{label}: current")
    legacy = {"valid_from": None, "valid_until": datetime.date(2025, 6, 30)}
    if data.get("legacy", {}).get("effective_until"):
        legacy["valid_until"] = _date(data["legacy"], "effective_until", f"{label}: legacy")

    C, L, P, D, W = Era.CURRENT, Era.LEGACY, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE
    for path, era, level, parent_level, parent_key, dates in (
        ("current.provinces", C, P, None, None, current),
        ("current.wards", C, W, P, "province_code", current),
        ("legacy.provinces", L, P, None, None, legacy),
        ("legacy.districts", L, D, P, "province_code", legacy),
        ("legacy.wards", L, W, D, "district_code", legacy),
    ):
        _unit_rows(
            collector,
            data,
            path,
            era=era,
            level=level,
            parent_level=parent_level,
            parent_key=parent_key,
            dates=dates,
            label=label,
        )

    path = "ward_conversion_2025"
    seen: set[int] = set()
    for index, row in enumerate(_rows(data, path)):
        where = f"{label}: " + _where(path, index, row)
        old = _int(row, "old_ward", where)
        if old in seen:
            raise UnitDataError(
                _("%(where)s: xã/phường cũ mã %(code)s đã có dòng chuyển đổi.")
                % {"where": where, "code": old}
            )
        seen.add(old)
        new_wards = row.get("new_wards")
        if not isinstance(new_wards, list) or not new_wards:
            raise UnitDataError(
                _("%(where)s: “new_wards” phải là danh sách mã không rỗng.") % {"where": where}
            )
        new_codes = [_int({"new_wards": code}, "new_wards", where) for code in new_wards]
        partly = row.get("partly_merged", False)
        if not isinstance(partly, bool):
            raise UnitDataError(
                _("%(where)s: “partly_merged” phải là true hoặc false.") % {"where": where}
            )
        new_province = _int(row, "new_province", where)
        if not collector.exists(C, P, new_province):
            raise UnitDataError(
                _("%(where)s: tỉnh mới mã %(code)s không tồn tại.")
                % {"where": where, "code": new_province}
            )
        if old in ignored:
            continue
        if not collector.exists(L, W, old):
            raise UnitDataError(
                _("%(where)s: xã/phường cũ mã %(code)s không có trong danh sách trước 2025.")
                % {"where": where, "code": old}
            )
        for code in new_codes:
            new = collector.units.get((C, W, code))
            if new is None:
                raise UnitDataError(
                    _("%(where)s: xã/phường mới mã %(code)s không tồn tại.")
                    % {"where": where, "code": code}
                )
            if new.parent[2] != new_province:
                raise UnitDataError(
                    _("%(where)s: xã/phường mới mã %(code)s không thuộc tỉnh %(province)s.")
                    % {"where": where, "code": code, "province": new_province}
                )
            collector.conversions.append(
                ConversionSpec(old, code, partly, ConversionSource.GSO, note="")
            )


def _read_ignored(data: dict, label: str) -> set[int]:
    ignored = set()
    for index, row in enumerate(data.get("ignored_conversions", [])):
        where = f"{label}: " + _where("ignored_conversions", index, row)
        ignored.add(_int(row, "old_ward", where))
        _str(row, "reason", where)
    return ignored


def _read_extra(collector: _Collector, data: dict, label: str) -> None:
    eras, levels = set(Era.values), set(Level.values)
    parent_levels = {Level.DISTRICT: Level.PROVINCE, Level.COMMUNE: Level.DISTRICT}
    for index, row in enumerate(data.get("units", [])):
        where = f"{label}: " + _where("units", index, row)
        era, level = row.get("era"), row.get("level")
        if era not in eras or level not in levels:
            raise UnitDataError(
                _("%(where)s: thời kỳ hoặc cấp không hợp lệ (%(era)r, %(level)r).")
                % {"where": where, "era": era, "level": level}
            )
        parent = None
        if level != Level.PROVINCE:
            parent_level = parent_levels[level]
            if era == Era.CURRENT and level == Level.COMMUNE:
                parent_level = Level.PROVINCE
            elif era == Era.CURRENT:
                raise UnitDataError(
                    _("%(where)s: thời kỳ 2025 không có cấp huyện.") % {"where": where}
                )
            parent = (era, parent_level, _int(row, "parent_code", where))
        collector.add(
            UnitSpec(
                era=era,
                level=level,
                code=_int(row, "code", where),
                name=_str(row, "name", where),
                unit_type=_str(row, "type", where, required=False),
                codename=_str(row, "codename", where, required=False),
                parent=parent,
                valid_from=_date(row, "valid_from", where),
                valid_until=_date(row, "valid_until", where),
                note=_str(row, "note", where, required=False),
            ),
            where,
        )

    for index, row in enumerate(data.get("conversions", [])):
        where = f"{label}: " + _where("conversions", index, row)
        old = _int(row, "old_ward", where)
        if not collector.exists(Era.LEGACY, Level.COMMUNE, old):
            raise UnitDataError(
                _("%(where)s: xã/phường cũ mã %(code)s không tồn tại.")
                % {"where": where, "code": old}
            )
        new_wards = row.get("new_wards")
        if not isinstance(new_wards, list) or not new_wards:
            raise UnitDataError(
                _("%(where)s: “new_wards” phải là danh sách mã không rỗng.") % {"where": where}
            )
        note = _str(row, "note", where)
        for code in new_wards:
            code = _int({"new_wards": code}, "new_wards", where)
            if not collector.exists(Era.CURRENT, Level.COMMUNE, code):
                raise UnitDataError(
                    _("%(where)s: xã/phường mới mã %(code)s không tồn tại.")
                    % {"where": where, "code": code}
                )
            collector.conversions.append(
                ConversionSpec(
                    old,
                    code,
                    bool(row.get("partly_merged", False)),
                    ConversionSource.MANUAL,
                    note=note,
                )
            )


def _check_counts(collector: _Collector, expected: dict, label: str) -> None:
    counts = Counter((spec.era, spec.level) for spec in collector.units.values())
    for (era, level), number in expected.items():
        if counts[(era, level)] != number:
            raise UnitDataError(
                _("%(label)s: cần %(expected)s đơn vị cấp %(level)s thời kỳ %(era)s, có %(found)s.")
                % {
                    "label": label,
                    "expected": number,
                    "level": level,
                    "era": era,
                    "found": counts[(era, level)],
                }
            )


def _resolve_provinces(collector: _Collector) -> None:
    """Set each spec's own-era province and its current (2025) province.

    A legacy unit's current province is the one its communes convert into: per commune from its own
    conversion rows when they agree, otherwise (and for districts and provinces) the province its
    legacy province's communes mostly convert into (provinces merged whole in 2025).
    """
    units = collector.units
    for spec in units.values():
        node = spec
        while node.parent is not None:
            node = units[node.parent]
        spec.province = node.key

    current_of_commune: dict[int, set[int]] = defaultdict(set)
    for conv in collector.conversions:
        current_of_commune[conv.legacy_code].add(
            units[(Era.CURRENT, Level.COMMUNE, conv.current_code)].province[2]
        )
    votes: dict[int, Counter] = defaultdict(Counter)
    for code, provinces in current_of_commune.items():
        legacy_province = units[(Era.LEGACY, Level.COMMUNE, code)].province[2]
        votes[legacy_province].update(provinces)
    province_map = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}

    for spec in units.values():
        if spec.era == Era.CURRENT:
            spec.current_province = spec.province
            continue
        own = current_of_commune.get(spec.code) if spec.level == Level.COMMUNE else None
        target = next(iter(own)) if own and len(own) == 1 else province_map.get(spec.province[2])
        spec.current_province = (Era.CURRENT, Level.PROVINCE, target) if target else None


def read_units(
    path: Path | str | None = None,
    *,
    extra_path: Path | str | None = EXTRA_FILE,
    expected_counts: dict | None = None,
) -> _Collector:
    """Read and validate the data files; raise UnitDataError naming the first bad row."""
    if path is None:
        path = OFFICIAL_FILE
        if expected_counts is None:
            expected_counts = OFFICIAL_COUNTS
    path = Path(path)
    official = _read_json(path)
    extra = _read_json(Path(extra_path)) if extra_path else {}
    extra_label = Path(extra_path).name if extra_path else ""
    collector = _Collector()
    ignored = _read_ignored(extra, extra_label)
    _read_official(collector, official, path.name, ignored)
    if expected_counts:
        _check_counts(collector, expected_counts, path.name)
    _read_extra(collector, extra, extra_label)
    _resolve_provinces(collector)
    return collector


# --- writing ------------------------------------------------------------------------------------

_SCALARS = ("name", "unit_type", "codename", "search_text", "valid_from", "valid_until")
_REFS = ("parent_id", "province_id", "current_province_id")


def _write_units(collector: _Collector, result: LoadResult) -> dict[Key, int]:
    fields = (*_SCALARS, "note", *_REFS)
    rows = {
        (row["era"], row["level"], row["code"]): row
        for row in AdminUnit.objects.values("id", "era", "level", "code", *fields)
    }
    ids = {key: row["id"] for key, row in rows.items()}

    def desired(spec: UnitSpec, current: dict | None) -> dict:
        values = {
            "name": spec.name,
            "unit_type": spec.unit_type,
            "codename": spec.codename,
            "search_text": fold(spec.name),
            "valid_from": spec.valid_from,
            "valid_until": spec.valid_until,
            "note": spec.note if spec.note is not None else (current or {}).get("note", ""),
            "parent_id": ids.get(spec.parent) if spec.parent else None,
            "province_id": ids.get(spec.province) if spec.province else None,
            "current_province_id": (
                ids.get(spec.current_province) if spec.current_province else None
            ),
        }
        return values

    for level in LEVEL_ORDER:
        specs = [spec for spec in collector.units.values() if spec.level == level]
        new = {spec.key: desired(spec, None) for spec in specs if spec.key not in rows}
        AdminUnit.objects.bulk_create(
            [AdminUnit(era=k[0], level=k[1], code=k[2], **values) for k, values in new.items()],
            batch_size=BATCH,
        )
        result.units_created += len(new)
        if new:
            for row in AdminUnit.objects.filter(level=level).values("id", "era", "level", "code"):
                ids[(row["era"], row["level"], row["code"])] = row["id"]
            for key, values in new.items():
                rows[key] = {"id": ids[key], **values}

        changed = []
        for spec in specs:
            current = rows[spec.key]
            values = desired(spec, current)
            if any(current.get(name) != value for name, value in values.items()):
                changed.append(AdminUnit(pk=current["id"], **values))
                rows[spec.key] = {**current, **values}
                result.units_updated += spec.key not in new
        if changed:
            AdminUnit.objects.bulk_update(changed, fields, batch_size=BATCH)
    return ids


def _write_conversions(collector: _Collector, ids: dict[Key, int], result: LoadResult) -> None:
    existing = {
        (row["legacy_commune_id"], row["current_commune_id"]): row
        for row in UnitConversion.objects.values(
            "id", "legacy_commune_id", "current_commune_id", "partly_merged", "source", "note"
        )
    }
    create, update = [], []
    for conv in collector.conversions:
        legacy_id = ids[(Era.LEGACY, Level.COMMUNE, conv.legacy_code)]
        current_id = ids[(Era.CURRENT, Level.COMMUNE, conv.current_code)]
        values = {"partly_merged": conv.partly_merged, "source": conv.source, "note": conv.note}
        row = existing.get((legacy_id, current_id))
        if row is None:
            create.append(
                UnitConversion(legacy_commune_id=legacy_id, current_commune_id=current_id, **values)
            )
        elif any(row[name] != value for name, value in values.items()):
            update.append(UnitConversion(pk=row["id"], **values))
    UnitConversion.objects.bulk_create(create, batch_size=BATCH)
    if update:
        UnitConversion.objects.bulk_update(update, list(values), batch_size=BATCH)
    result.conversions_created = len(create)
    result.conversions_updated = len(update)


def load_units(
    path: Path | str | None = None,
    *,
    extra_path: Path | str | None = EXTRA_FILE,
    expected_counts: dict | None = None,
) -> LoadResult:
    """Load (or refresh) units and conversions from `path` (default: the bundled GSO file).

    Validates everything first and raises UnitDataError without writing; then creates missing
    rows and updates changed ones in one transaction. Rows not in the files are left alone.
    """
    collector = read_units(path, extra_path=extra_path, expected_counts=expected_counts)
    result = LoadResult()
    with transaction.atomic():
        ids = _write_units(collector, result)
        _write_conversions(collector, ids, result)
    result.unit_counts = dict(Counter((s.era, s.level) for s in collector.units.values()))
    converted = {conv.legacy_code for conv in collector.conversions}
    result.unmapped = sorted(
        spec.code
        for spec in collector.units.values()
        if spec.era == Era.LEGACY and spec.level == Level.COMMUNE and spec.code not in converted
    )
    return result
