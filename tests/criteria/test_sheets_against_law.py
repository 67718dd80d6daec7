"""The score sheets of QĐ 26/2026 (Phụ lục II) as data: well-formed, and equal to the law.

Each data file `src/ocop/criteria/data/qd-26-2026/sheets/set-NN.json` is checked for its own
arithmetic, then against `tests/criteria/law/set_NN.py`, a table read from the law's text by a
different person than the one who wrote the data file."""

import importlib
import json
from pathlib import Path

import pytest

import ocop

SHEETS = Path(ocop.__file__).parent / "criteria" / "data" / "qd-26-2026" / "sheets"
PART_MAXIMA = {"A": 40, "B": 25, "C": 35}
SETS = range(1, 27)


def load(set_no: int) -> dict:
    return json.loads((SHEETS / f"set-{set_no:02d}.json").read_text(encoding="utf-8"))


def criteria(sheet: dict):
    for part in sheet["parts"]:
        for group in part["groups"]:
            yield from group["criteria"]


def cases(criterion: dict) -> dict[str | None, list[dict]]:
    """Options by alternative case (`None` when the criterion has no cases)."""
    by_case: dict[str | None, list[dict]] = {}
    for option in criterion["options"]:
        by_case.setdefault(option.get("case"), []).append(option)
    return by_case


def test_every_set_has_a_sheet():
    assert sorted(path.name for path in SHEETS.glob("set-*.json")) == [
        f"set-{n:02d}.json" for n in SETS
    ]


@pytest.mark.parametrize("set_no", SETS)
def test_sheet_arithmetic(set_no):
    sheet = load(set_no)

    assert sheet["set_no"] == set_no
    assert [part["code"] for part in sheet["parts"]] == ["A", "B", "C"]
    assert {part["code"]: part["max"] for part in sheet["parts"]} == PART_MAXIMA
    for part in sheet["parts"]:
        assert sum(group["max"] for group in part["groups"]) == part["max"], part["code"]
        for group in part["groups"]:
            assert sum(c["max"] for c in group["criteria"]) == group["max"], group["code"]
    codes = [criterion["code"] for criterion in criteria(sheet)]
    assert len(codes) == len(set(codes))
    for criterion in criteria(sheet):
        for case, options in cases(criterion).items():
            points = [option["points"] for option in options]
            assert points == sorted(points), (criterion["code"], case)
            # A repeated value only where the law itself repeats it, flagged in the data.
            if len(set(points)) < len(points):
                assert criterion.get("law_repeats_points") is True, (criterion["code"], case)
            assert all(o["min_star_marker"] in (None, 3, 4, 5) for o in options)
        assert criterion["max"] == max(o["points"] for o in criterion["options"])
    # Sheet 26 (tourism) has no "Hồ sơ bị loại khi" paragraph: an empty list, never absent.
    assert isinstance(sheet["disqualified_when"], list)


@pytest.mark.parametrize("set_no", SETS)
def test_sheet_matches_the_law(set_no):
    sheet = load(set_no)
    law = importlib.import_module(f"tests.criteria.law.set_{set_no:02d}")

    assert {c["code"]: c["max"] for c in criteria(sheet)} == law.MAXIMA
    gates: dict[str, dict[int, int]] = {}
    for criterion in criteria(sheet):
        by_case = cases(criterion)
        for case, options in by_case.items():
            key = criterion["code"] if case is None else f"{criterion['code']}/{case}"
            for option in options:
                if option["min_star_marker"] is not None:
                    gates.setdefault(key, {})[option["min_star_marker"]] = option["points"]
    assert _comparable(gates) == _comparable(law.GATES)
    assert len(sheet["disqualified_when"]) == law.DISQUALIFIED_WHEN_COUNT


def _comparable(gates: dict) -> dict:
    """Gates keyed by criterion, with per-case keys ("8.1/a") folded onto the criterion when
    all its cases carry the same gates, so either way of writing a table compares equal."""
    by_code: dict[str, dict] = {}
    for key, stars in gates.items():
        by_code.setdefault(key.split("/")[0], {})[key] = stars
    result = {}
    for code, entries in by_code.items():
        if len({tuple(sorted(stars.items())) for stars in entries.values()}) == 1:
            result[code] = next(iter(entries.values()))
        else:
            result.update(entries)
    return result
