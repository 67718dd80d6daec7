"""`/api/v1/rulebooks`: public, read-only, plain arrays; sheets in the interchange format; older
rulebooks served the sheets of the nearest later one, saying so; unknown slug or set → 404."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_rulebooks_list_is_a_plain_array(api):
    response = api.get("/api/v1/rulebooks")

    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body] == [
        "qd-1048-2019",
        "qd-148-2023",
        "qd-1489-2025",
        "qd-26-2026",
    ]
    assert body[3] == {
        "slug": "qd-26-2026",
        "title": body[3]["title"],
        "effective_from": "2026-05-22",
        "effective_until": None,
    }
    assert body[3]["title"].startswith("Quyết định 26/2026/QĐ-TTg")
    assert body[0]["effective_from"] == "2019-08-21"
    assert body[0]["effective_until"] == "2023-02-23"
    assert body[1]["effective_until"] == "2026-07-20"


def test_rulebooks_list_ignores_a_stale_token(api):
    response = api.get("/api/v1/rulebooks", HTTP_AUTHORIZATION="Token not-a-token")

    assert response.status_code == 200


def test_sheets_of_qd_26_2026(api):
    response = api.get("/api/v1/rulebooks/qd-26-2026/sheets")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 26
    assert body[8] == {
        "set_no": 9,
        "set": "Tương, nước mắm, gia vị dạng lỏng khác",
        "sector": "1",
        "sector_name": "Sản phẩm thực phẩm",
        "group": "1.4",
        "group_name": body[8]["group_name"],
        "sheet_rulebook": "qd-26-2026",
    }
    assert body[25]["sector"] == "6"


@pytest.mark.parametrize("slug", ["qd-1048-2019", "qd-148-2023", "qd-1489-2025"])
def test_older_rulebook_serves_the_later_sheets_and_says_so(api, slug):
    sheets = api.get(f"/api/v1/rulebooks/{slug}/sheets").json()
    sheet = api.get(f"/api/v1/rulebooks/{slug}/sheets/9").json()

    assert len(sheets) == 26
    assert {item["sheet_rulebook"] for item in sheets} == {"qd-26-2026"}
    assert sheet["rulebook"] == slug
    assert sheet["sheet_rulebook"] == "qd-26-2026"


def test_sheet_in_interchange_format(api):
    response = api.get("/api/v1/rulebooks/qd-26-2026/sheets/1")

    assert response.status_code == 200
    sheet = response.json()
    assert sheet["rulebook"] == sheet["sheet_rulebook"] == "qd-26-2026"
    assert (sheet["set_no"], sheet["sector"], sheet["group"]) == (1, "1", "1.1")
    assert [(p["code"], p["max"]) for p in sheet["parts"]] == [("A", 40), ("B", 25), ("C", 35)]
    assert len(sheet["disqualified_when"]) == 3
    criterion = sheet["parts"][0]["groups"][0]["criteria"][0]
    assert criterion["code"] == "1.1"
    assert criterion["max"] == 3
    assert criterion["options"][0] == {
        "label": "Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50%",
        "points": 1,
        "min_star_marker": None,
    }
    markers = {
        option["min_star_marker"]
        for part in sheet["parts"]
        for group in part["groups"]
        for item in group["criteria"]
        for option in item["options"]
    }
    assert markers == {None, 3, 4, 5}


def test_sheet_26_has_cases_notes_and_no_disqualification(api):
    sheet = api.get("/api/v1/rulebooks/qd-26-2026/sheets/26").json()

    part_a = sheet["parts"][0]
    assert part_a["max"] == 40
    # The heading's "(35 Điểm)" is explained to the maintainers only, not in the API.
    assert "notes" not in part_a
    criteria = {
        item["code"]: item
        for part in sheet["parts"]
        for group in part["groups"]
        for item in group["criteria"]
    }
    assert [option["case"] for option in criteria["8"]["options"]] == ["a", "a", "b", "b"]
    assert "case" not in criteria["1.1"]["options"][0]
    assert sheet["disqualified_when"] == []


def test_sheet_where_the_law_repeats_points(api):
    sheet = api.get("/api/v1/rulebooks/qd-26-2026/sheets/7").json()
    criteria = {
        item["code"]: item
        for part in sheet["parts"]
        for group in part["groups"]
        for item in group["criteria"]
    }

    assert criteria["3.1"]["law_repeats_points"] is True
    assert "law_repeats_points" not in criteria["1.1"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/rulebooks/qd-999-2030/sheets",
        "/api/v1/rulebooks/qd-999-2030/sheets/1",
        "/api/v1/rulebooks/qd-26-2026/sheets/0",
        "/api/v1/rulebooks/qd-26-2026/sheets/27",
        "/api/v1/rulebooks/qd-26-2026/sheets/99999999999999999999",
        "/api/v1/rulebooks/qd-26-2026/sheets/abc",
        "/api/v1/rulebooks/qd-26-2026",
    ],
)
def test_unknown_rulebook_or_set_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Không tìm thấy."


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_rulebooks_are_read_only(api, method):
    response = getattr(api, method)("/api/v1/rulebooks/qd-26-2026/sheets", {}, format="json")

    assert response.status_code == 405


def test_english_reader_gets_english_404(api):
    response = api.get("/api/v1/rulebooks/nope/sheets", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
