"""`load_rulebooks`: the four rulebooks and the 26 sheets load, a second load changes nothing,
and every kind of malformed file is refused with the file, sheet and criterion named and nothing
written."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from ocop.criteria.loader import DATA_DIR, RulebookDataError, load_rulebooks
from ocop.criteria.models import Rulebook, ScoreSheet
from ocop.criteria.queries import rulebook_in_force, sheets_of
from ocop.registry.models import ProductSet

pytestmark = pytest.mark.django_db

SLUGS = ["qd-1048-2019", "qd-148-2023", "qd-1489-2025", "qd-26-2026"]


@pytest.fixture(autouse=True)
def vietnamese():
    """Messages in the source language (a request of another test may leave English active)."""
    with translation.override("vi"):
        yield


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A copy of the bundled data that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def empty_db():
    ProductSet.objects.update(rulebook=None)
    ScoreSheet.objects.all().delete()
    Rulebook.objects.update(sheets_from=None)
    Rulebook.objects.all().delete()


def edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def criterion(sheet: dict, code: str) -> dict:
    for part in sheet["parts"]:
        for group in part["groups"]:
            for item in group["criteria"]:
                if item["code"] == code:
                    return item
    raise KeyError(code)


def test_loaded_rulebooks_are_the_four_in_order():
    rulebooks = list(Rulebook.objects.all())

    assert [r.slug for r in rulebooks] == SLUGS
    assert rulebooks[0].title.startswith("Quyết định 1048/QĐ-TTg")
    assert rulebooks[-1].effective_until is None
    assert rulebooks[2].data["amends"] == "qd-148-2023"
    assert [part["max"] for part in rulebooks[0].data["parts"]] == [35, 25, 40]
    assert [part["max"] for part in rulebooks[3].data["parts"]] == [40, 25, 35]


def test_rulebooks_without_sheets_use_the_nearest_later_one():
    latest = Rulebook.objects.get(slug="qd-26-2026")

    for slug in SLUGS[:3]:
        rulebook = Rulebook.objects.get(slug=slug)
        assert rulebook.sheets_from == latest
        assert not ScoreSheet.objects.filter(rulebook=rulebook).exists()
        assert sheets_of(rulebook).count() == 26
    assert latest.sheets_from is None


def test_qd_26_2026_has_26_sheets_each_a40_b25_c35():
    sheets = list(ScoreSheet.objects.filter(rulebook__slug="qd-26-2026").order_by("set_no"))

    assert [s.set_no for s in sheets] == list(range(1, 27))
    for sheet in sheets:
        caps = {part["code"]: part["max"] for part in sheet.data["parts"]}
        assert caps == {"A": 40, "B": 25, "C": 35}, sheet.set_no
        assert sum(caps.values()) == 100
    fish_sauce = sheets[8]
    assert fish_sauce.set_name == "Tương, nước mắm, gia vị dạng lỏng khác"
    assert (fish_sauce.sector_code, fish_sauce.group_code) == ("1", "1.4")
    assert len({s.group_code for s in sheets}) == 17
    assert len({s.sector_code for s in sheets}) == 6


def test_qd_26_2026_carries_the_law_numbers():
    data = Rulebook.objects.get(slug="qd-26-2026").data

    assert data["certificate"]["validity_months"] == 36
    assert data["reranking"] == {
        "window_opens_days_before_expiry": 180,
        "window_closes_days_before_expiry": 120,
        "late_grace_days": 180,
    }
    assert data["time_limits"]["commune_screening"]["days"] == 15
    assert data["time_limits"]["commune_screening"]["working_days"] is True
    assert data["time_limits"]["reranking"]["days"] == 45
    assert [r["proposals_before"] for r in data["rounds"]["province"]] == ["04-30", "10-30"]
    assert [r["decide_before"] for r in data["rounds"]["central"]] == ["09-30", "03-30"]
    assert [g["code"] for g in data["revocation_grounds"]] == ["a", "b", "c", "d", "dd", "e"]
    levels = {level["level"]: level for level in data["process"]["levels"]}
    assert levels["province"]["certifies_stars"] == [3, 4]
    assert levels["province"]["forwards_min_score"] == 90
    assert levels["central"]["below_threshold"]["may_certify_stars"] == [3, 4]
    assert len(data["taxonomy_data"]["product_sets"]) == 26


def test_every_rulebook_carries_its_maximum_score_and_revoking_levels():
    data = {r.slug: r.data for r in Rulebook.objects.all()}

    assert {slug: d["max_score"] for slug, d in data.items()} == dict.fromkeys(SLUGS, 100)
    assert data["qd-26-2026"]["revocation_authority"] == [
        {"level": "province", "stars": [3, 4], "source": "Điều 8.2.a"},
        {"level": "central", "stars": [5], "source": "Điều 8.2.b"},
    ]
    for slug in SLUGS[:3]:
        assert data[slug]["revocation_authority"] is None


def test_every_rulebook_asks_for_five_samples_except_tourism_services():
    for slug in SLUGS:
        samples = Rulebook.objects.get(slug=slug).data["samples"]
        assert (samples["count"], samples["exempt_sectors"]) == (5, ["6"]), slug
    assert Rulebook.objects.get(slug="qd-26-2026").data["samples"]["source"] == "Điều 6.2.d"


def test_qd_1048_2019_process_profile():
    levels = Rulebook.objects.get(slug="qd-1048-2019").data["process"]["levels"]
    district = levels[0]

    assert district["level"] == "district"
    assert district["field_inspection_required"] is True
    assert district["propose_new_min_score"] == 50
    assert district["propose_upgrade_above_current_band"] is True


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(item) for item in value))
    return set()


def test_maintainer_notes_stay_in_the_files():
    sheet_file = json.loads((DATA_DIR / _sheet(26)).read_text(encoding="utf-8"))
    rulebook_file = json.loads((DATA_DIR / "qd-148-2023/rulebook.json").read_text("utf-8"))
    assert sheet_file["parts"][0]["maintainer_notes"]
    assert rulebook_file["maintainer_notes"]

    assert not any("maintainer_notes" in _keys(r.data) for r in Rulebook.objects.all())
    assert not any("maintainer_notes" in _keys(s.data) for s in ScoreSheet.objects.all())
    part_a = ScoreSheet.objects.get(rulebook__slug="qd-26-2026", set_no=26).data["parts"][0]
    assert "notes" not in part_a
    assert Rulebook.objects.get(slug="qd-148-2023").data["notes"] == rulebook_file["notes"]


def test_load_again_changes_nothing():
    before = {sheet.pk: sheet.data for sheet in ScoreSheet.objects.all()}

    result = load_rulebooks()

    assert (result.rulebooks_created, result.rulebooks_updated) == (0, 0)
    assert (result.sheets_created, result.sheets_updated) == (0, 0)
    assert {sheet.pk: sheet.data for sheet in ScoreSheet.objects.all()} == before
    assert Rulebook.objects.count() == 4


def test_load_into_empty_database_then_update(empty_db, data_dir):
    result = load_rulebooks(data_dir)
    assert (result.rulebooks_created, result.sheets_created) == (4, 26)
    assert result.rulebooks_updated == 0

    edit(data_dir / "qd-148-2023" / "rulebook.json", lambda d: d.update(title="Tên mới"))
    result = load_rulebooks(data_dir)

    assert (result.rulebooks_created, result.rulebooks_updated) == (0, 1)
    assert Rulebook.objects.get(slug="qd-148-2023").title == "Tên mới"


def test_command_reports_a_bad_file(data_dir):
    (data_dir / "qd-148-2023" / "rulebook.json").write_text("{", encoding="utf-8")

    with pytest.raises(CommandError, match=r"qd-148-2023/rulebook\.json"):
        call_command("load_rulebooks", str(data_dir), verbosity=0)


def _set_band(data, stars, key, value):
    next(band for band in data["bands"] if band["stars"] == stars)[key] = value


def _sheet(n):
    return f"qd-26-2026/sheets/set-{n:02d}.json"


def _break_option_points(sheet):
    criterion(sheet, "1.1")["options"][1]["points"] = 1


def _remove_law_repeats(sheet):
    del criterion(sheet, "3.1")["law_repeats_points"]


def _duplicate_code(sheet):
    criterion(sheet, "1.2")["code"] = "1.1"


def _drop_case(sheet):
    del criterion(sheet, "8")["options"][0]["case"]


def _marker(sheet):
    criterion(sheet, "1.1")["options"][0]["min_star_marker"] = 2


def _criterion_max(sheet):
    criterion(sheet, "1.1")["max"] = 4


def _group_max(sheet):
    sheet["parts"][0]["groups"][0]["max"] += 1


def _part_cap(sheet):
    sheet["parts"][2]["max"] = 30


BAD_FILES = [
    pytest.param(
        "qd-148-2023/rulebook.json",
        lambda d: d.pop("title"),
        ["qd-148-2023/rulebook.json", "title"],
        id="missing key",
    ),
    pytest.param(
        "qd-148-2023/rulebook.json",
        lambda d: d.update(effective_from=20230224),
        ["qd-148-2023/rulebook.json", "effective_from"],
        id="wrong type",
    ),
    pytest.param(
        "qd-1048-2019/rulebook.json",
        lambda d: d.update(effective_until="2018-01-01"),
        ["qd-1048-2019/rulebook.json", "effective_until"],
        id="dates out of order",
    ),
    pytest.param(
        "qd-1489-2025/rulebook.json",
        lambda d: _set_band(d, 4, "min", 71),
        ["qd-1489-2025/rulebook.json", "70"],
        id="bands with a gap",
    ),
    pytest.param(
        "qd-1489-2025/rulebook.json",
        lambda d: _set_band(d, 5, "max", 99),
        ["qd-1489-2025/rulebook.json", "100"],
        id="bands short of 100",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["parts"][0].update(max=45),
        ["qd-26-2026/rulebook.json", "105"],
        id="caps not 100",
    ),
    pytest.param(
        "qd-1489-2025/rulebook.json",
        lambda d: d.update(amends="qd-999-2024"),
        ["qd-1489-2025/rulebook.json", "qd-999-2024"],
        id="amends unknown",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d.pop("samples"),
        ["qd-26-2026/rulebook.json", "samples"],
        id="samples rule missing",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["samples"].update(count=0),
        ["qd-26-2026/rulebook.json samples", "count"],
        id="no samples counted",
    ),
    pytest.param(
        "qd-1489-2025/rulebook.json",
        lambda d: d["samples"].update(exempt_sectors=["7"]),
        ["qd-1489-2025/rulebook.json samples", "7"],
        id="samples exempt an unknown sector",
    ),
    pytest.param(
        "qd-26-2026/taxonomy.json",
        lambda d: d["product_sets"].pop(),
        ["qd-26-2026/taxonomy.json", "product_sets"],
        id="taxonomy count",
    ),
    pytest.param(
        _sheet(3),
        lambda d: d.update(set_no=4),
        [_sheet(3), "set_no"],
        id="set_no not the file's",
    ),
    pytest.param(
        _sheet(2),
        _part_cap,
        [_sheet(2), "phiếu bộ 2", "C 30"],
        id="part cap differs",
    ),
    pytest.param(
        _sheet(1),
        _group_max,
        [_sheet(1), "phiếu bộ 1", "nhóm tiêu chí 1"],
        id="group sum",
    ),
    pytest.param(
        _sheet(1),
        _criterion_max,
        [_sheet(1), "phiếu bộ 1", "tiêu chí 1.1", "4"],
        id="criterion max not best option",
    ),
    pytest.param(
        _sheet(1),
        _break_option_points,
        [_sheet(1), "phiếu bộ 1", "tiêu chí 1.1", "1, 1, 3"],
        id="repeated points",
    ),
    pytest.param(
        _sheet(7),
        _remove_law_repeats,
        [_sheet(7), "phiếu bộ 7", "tiêu chí 3.1", "law_repeats_points"],
        id="law repeat not flagged",
    ),
    pytest.param(
        _sheet(5),
        _marker,
        [_sheet(5), "tiêu chí 1.1", "min_star_marker"],
        id="bad star marker",
    ),
    pytest.param(
        _sheet(6),
        _duplicate_code,
        [_sheet(6), "tiêu chí 1.1", "lặp"],
        id="duplicate criterion code",
    ),
    pytest.param(
        _sheet(26),
        _drop_case,
        [_sheet(26), "phiếu bộ 26", "tiêu chí 8", "case"],
        id="case on some options only",
    ),
    pytest.param(
        _sheet(9),
        lambda d: d.update(disqualified_when="Giả mạo hồ sơ"),
        [_sheet(9), "disqualified_when"],
        id="disqualified_when not a list",
    ),
    pytest.param(
        "qd-148-2023/rulebook.json",
        lambda d: d.pop("max_score"),
        ["qd-148-2023/rulebook.json", "max_score"],
        id="no maximum score",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d.update(max_score=120),
        ["qd-26-2026/rulebook.json", "100", "120"],
        id="parts short of the maximum score",
    ),
    pytest.param(
        "qd-1489-2025/rulebook.json",
        lambda d: d.pop("short_title"),
        ["qd-1489-2025/rulebook.json", "short_title"],
        id="no short title",
    ),
    pytest.param(
        "qd-148-2023/rulebook.json",
        lambda d: d["certificate"].update(min_stars=6),
        ["qd-148-2023/rulebook.json certificate", "min_stars", "6"],
        id="certificate floor not a band",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["process"]["levels"][1].update(certifies_stars=[3, 4, 5]),
        ["qd-26-2026/rulebook.json", "3, 4, 5", "certifies_stars"],
        id="two levels certify 5 stars",
    ),
    pytest.param(
        "qd-1048-2019/rulebook.json",
        lambda d: d["process"]["levels"][2].update(certifies_stars=[]),
        ["qd-1048-2019/rulebook.json", "certifies_stars"],
        id="no level certifies 5 stars",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["process"]["levels"][2]["below_threshold"].update(level="district"),
        ["qd-26-2026/rulebook.json", "below_threshold", "district"],
        id="fallback to a level not in the process",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["process"]["levels"][2]["below_threshold"].pop("may_certify_stars"),
        ["qd-26-2026/rulebook.json", "below_threshold", "may_certify_stars"],
        id="fallback without stars",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["rounds"]["province"][1].update(no=3),
        ["qd-26-2026/rulebook.json rounds.province", "1, 2"],
        id="rounds not numbered 1 to n",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["time_limits"]["revocation"].pop("source"),
        ["qd-26-2026/rulebook.json time_limits.revocation", "source"],
        id="time limit without its article",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d.update(revocation_authority=None),
        ["qd-26-2026/rulebook.json", "thu hồi"],
        id="grounds without a revoking level",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["revocation_authority"][1].update(stars=[4, 5]),
        ["qd-26-2026/rulebook.json", "revocation_authority[].stars"],
        id="two levels revoke 4 stars",
    ),
    pytest.param(
        "qd-26-2026/rulebook.json",
        lambda d: d["revocation_authority"][0].update(level="ward"),
        ["qd-26-2026/rulebook.json revocation_authority[0]", "ward"],
        id="unknown revoking level",
    ),
    pytest.param(
        _sheet(1),
        lambda d: criterion(d, "1.1")["notes"].append("Ghi chú nhập liệu: ô điểm để trống."),
        [_sheet(1), "tiêu chí 1.1", "Ghi chú nhập liệu", "maintainer_notes"],
        id="transcriber note among the law's notes",
    ),
    pytest.param(
        _sheet(11),
        lambda d: d["parts"][2]["groups"][0].update(notes=["(Ghi chú của người chép: trang 12)"]),
        [_sheet(11), "nhóm tiêu chí 6", "maintainer_notes"],
        id="transcriber note among a group's notes",
    ),
    pytest.param(
        "qd-148-2023/rulebook.json",
        lambda d: d["notes"].append("Ghi chú nhập liệu: lấy từ README."),
        ["qd-148-2023/rulebook.json", "maintainer_notes"],
        id="transcriber note among a rulebook's notes",
    ),
    pytest.param(
        _sheet(26),
        lambda d: d["parts"][0].update(maintainer_notes="Tiêu đề ghi 35 điểm."),
        [_sheet(26), "phần A", "maintainer_notes"],
        id="maintainer_notes not a list",
    ),
    pytest.param(
        _sheet(4),
        lambda d: d["parts"][1]["groups"][0].update(notes=[""]),
        [_sheet(4), "nhóm tiêu chí", "notes"],
        id="empty group note",
    ),
]


@pytest.mark.parametrize(("file", "change", "expected"), BAD_FILES)
def test_malformed_file_is_refused_and_nothing_loaded(empty_db, data_dir, file, change, expected):
    edit(data_dir / file, change)

    with pytest.raises(RulebookDataError) as error:
        load_rulebooks(data_dir)

    for text in expected:
        assert text in str(error.value)
    assert Rulebook.objects.count() == 0
    assert ScoreSheet.objects.count() == 0


def test_malformed_json_is_refused(empty_db, data_dir):
    (data_dir / _sheet(12)).write_text('{"set_no": 12,', encoding="utf-8")

    with pytest.raises(RulebookDataError, match=r"set-12\.json"):
        load_rulebooks(data_dir)
    assert Rulebook.objects.count() == 0


def test_missing_sheet_is_refused(empty_db, data_dir):
    (data_dir / _sheet(5)).unlink()

    with pytest.raises(RulebookDataError, match="thiếu phiếu đánh giá của các bộ sản phẩm 5"):
        load_rulebooks(data_dir)
    assert Rulebook.objects.count() == 0


def test_bad_file_leaves_loaded_rulebooks_untouched(data_dir):
    edit(data_dir / "qd-148-2023" / "rulebook.json", lambda d: d.update(title="Tên mới"))
    edit(data_dir / _sheet(1), _criterion_max)

    with pytest.raises(RulebookDataError):
        load_rulebooks(data_dir)

    assert Rulebook.objects.get(slug="qd-148-2023").title.startswith("Quyết định 148/QĐ-TTg")


@pytest.mark.parametrize(
    ("day", "slug"),
    [
        (datetime.date(2019, 8, 20), None),
        (datetime.date(2019, 8, 21), "qd-1048-2019"),
        (datetime.date(2023, 2, 23), "qd-1048-2019"),
        (datetime.date(2023, 2, 24), "qd-148-2023"),
        (datetime.date(2025, 7, 5), "qd-148-2023"),
        (datetime.date(2025, 7, 6), "qd-1489-2025"),
        (datetime.date(2026, 5, 21), "qd-1489-2025"),
        (datetime.date(2026, 5, 22), "qd-26-2026"),
        (datetime.date(2030, 1, 1), "qd-26-2026"),
    ],
)
def test_rulebook_in_force_on_boundary_dates(day, slug):
    rulebook = rulebook_in_force(day)

    assert (rulebook.slug if rulebook else None) == slug
