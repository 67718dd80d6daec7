"""What the transcribers of the law wrote for the maintainers (`maintainer_notes` in the data
files: OCR faults, choices made, "in the source …") is shown nowhere: not by the public sheets
API, the rulebook pages, the printed sheet, the producer's self-assessment nor the council's
scoring page. The law's own notes ("Ghi chú", "Chú ý", "Yêu cầu" …) still are."""

import html
import json
from pathlib import Path

import pytest
from django.urls import reverse

from ocop.criteria.loader import DATA_DIR
from tests.evaluation.builders import Province, ready_dossier, walk_to_scoring

pytestmark = pytest.mark.django_db

SHEETS = DATA_DIR / "qd-26-2026" / "sheets"
SLUGS = ["qd-1048-2019", "qd-148-2023", "qd-1489-2025", "qd-26-2026"]
# Transcribers' notes as the files worded them when they were mixed with the law's notes.
KNOWN_FRAGMENTS = [
    "Ghi chú nhập liệu",
    "Ghi chú của người chép",
    "bảng điểm chỉ ghi điểm tối đa (1 điểm), không liệt kê phương án",
    "lỗi trích xuất",
    "README miền nghiệp vụ",
    "không có văn bản 1048 để đối chiếu",
]


def _collect(value, key: str) -> list[str]:
    """Every string under `key` in a data file, at any depth."""
    found = []
    if isinstance(value, dict):
        for name, item in value.items():
            if name == key:
                found.extend(item)
            else:
                found.extend(_collect(item, key))
    elif isinstance(value, list):
        for item in value:
            found.extend(_collect(item, key))
    return found


def _file(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _sheet_file(set_no: int) -> dict:
    return _file(SHEETS / f"set-{set_no:02d}.json")


def _rulebook_file(slug: str) -> dict:
    return _file(DATA_DIR / slug / "rulebook.json")


def _criterion_notes(sheet: dict, code: str, key: str = "notes") -> list[str]:
    for part in sheet["parts"]:
        for group in part["groups"]:
            for criterion in group["criteria"]:
                if criterion["code"] == code:
                    return criterion.get(key, [])
    raise KeyError(code)


def _assert_hidden(content: str, maintainer_notes: list[str]) -> None:
    for fragment in [*KNOWN_FRAGMENTS, *maintainer_notes]:
        assert fragment not in content, fragment


def _page(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_data_keeps_maintainer_notes_apart():
    notes = [note for n in range(1, 27) for note in _collect(_sheet_file(n), "notes")]
    maintainer = [m for n in range(1, 27) for m in _collect(_sheet_file(n), "maintainer_notes")]

    assert len(maintainer) >= 30
    assert "Chỉ áp dụng khi có câu chuyện sản phẩm" in notes
    for note in notes:
        assert not any(fragment in note for fragment in KNOWN_FRAGMENTS), note
    for slug in SLUGS:
        data = _rulebook_file(slug)
        assert data["maintainer_notes"], slug
        for note in data.get("notes", []):
            assert not any(fragment in note for fragment in KNOWN_FRAGMENTS), note


@pytest.mark.parametrize("set_no", range(1, 27))
def test_sheets_api_shows_the_law_notes_and_no_maintainer_note(client, set_no):
    response = client.get(f"/api/v1/rulebooks/qd-26-2026/sheets/{set_no}")

    assert response.status_code == 200
    content = json.dumps(response.json(), ensure_ascii=False)
    data = _sheet_file(set_no)
    _assert_hidden(content, _collect(data, "maintainer_notes"))
    assert "maintainer_notes" not in content
    for note in _collect(data, "notes"):
        assert json.dumps(note, ensure_ascii=False) in content


def test_sheets_api_of_a_borrowing_rulebook_shows_no_maintainer_note(client):
    content = json.dumps(
        client.get("/api/v1/rulebooks/qd-1048-2019/sheets/11").json(), ensure_ascii=False
    )

    _assert_hidden(content, _collect(_sheet_file(11), "maintainer_notes"))
    assert "Chú ý: Nếu có các tạp chất không chấp nhận được" in content


@pytest.mark.parametrize("slug", SLUGS)
def test_rulebook_page_shows_no_maintainer_note(client, slug):
    content = _page(client.get(reverse("criteria:rulebook_detail", args=[slug])))

    _assert_hidden(content, _rulebook_file(slug)["maintainer_notes"])
    for note in _rulebook_file(slug).get("notes", []):
        assert note in content


@pytest.mark.parametrize("set_no", [1, 8, 11, 19, 23, 26])
@pytest.mark.parametrize(
    "name", ["criteria:sheet_detail", "criteria:calculator", "criteria_print:sheet_print"]
)
def test_sheet_pages_show_the_law_notes_and_no_maintainer_note(client, name, set_no):
    content = _page(client.get(reverse(name, args=["qd-26-2026", set_no])))

    data = _sheet_file(set_no)
    _assert_hidden(content, _collect(data, "maintainer_notes"))
    if name != "criteria:calculator":  # the calculator lists options, not notes
        for note in _collect(data, "notes"):
            assert note in content


@pytest.fixture
def p(units):
    return Province(units)


def test_self_assessment_page_shows_the_law_notes_only(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    set_no = dossier.product.product_set.number
    data = _sheet_file(set_no)
    assert _criterion_notes(data, "2.4", "maintainer_notes")
    client.force_login(p.producer_user)

    content = _page(client.get(reverse("evaluation:dossier-edit", args=[dossier.pk])))

    _assert_hidden(content, _collect(data, "maintainer_notes"))
    assert _criterion_notes(data, "1.1")[0] in content


def test_scoring_page_shows_the_law_notes_only(client, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    data = _sheet_file(dossier.product.product_set.number)
    client.force_login(p.members[0])

    content = _page(client.get(reverse("evaluation:scoring", args=[dossier.pk])))

    _assert_hidden(content, _collect(data, "maintainer_notes"))
    assert _criterion_notes(data, "1.1")[0] in content
