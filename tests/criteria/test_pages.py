"""The public rulebook pages: list, rulebook, sheet, compare and the calculator."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.criteria.models import Rulebook, ScoreSheet
from ocop.criteria.scoring import best_answers, criteria_of

pytestmark = pytest.mark.django_db


def sheet_data(set_no: int, slug: str = "qd-26-2026") -> dict:
    return ScoreSheet.objects.get(rulebook__slug=slug, set_no=set_no).data


def calculator_url(slug="qd-26-2026", set_no=1):
    return reverse("criteria:calculator", args=[slug, set_no])


def best_form(set_no: int = 1) -> dict[str, str]:
    """The calculator's form with every criterion at its best option."""
    data = sheet_data(set_no)
    best = best_answers(data)
    form = {}
    for code, criterion in criteria_of(data).items():
        cases = criterion.cases
        form[f"c-{code}"] = f"{cases[0]}:{best[code]}" if cases else str(best[code])
    return form


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize(
    "url",
    [
        "/rulebooks/",
        "/rulebooks/qd-26-2026/",
        "/rulebooks/qd-1048-2019/",
        "/rulebooks/qd-26-2026/sheets/1/",
        "/rulebooks/qd-148-2023/sheets/26/",
        "/rulebooks/compare/",
        "/rulebooks/compare/?a=qd-1048-2019&b=qd-26-2026",
        "/rulebooks/qd-26-2026/sheets/26/calculator/",
        "/rulebooks/qd-1489-2025/sheets/3/calculator/",
    ],
)
def test_page_is_public(client, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/rulebooks/qd-0-1900/",
        "/rulebooks/qd-0-1900/sheets/1/",
        "/rulebooks/qd-26-2026/sheets/27/",
        "/rulebooks/qd-26-2026/sheets/0/",
        "/rulebooks/qd-26-2026/sheets/99999999999/",
        "/rulebooks/qd-26-2026/sheets/27/calculator/",
        "/rulebooks/qd-0-1900/sheets/1/calculator/",
        "/rulebooks/compare/?a=qd-0-1900&b=qd-26-2026",
        "/rulebooks/compare/?a=qd-26-2026&b=nope",
    ],
)
def test_unknown_rulebook_or_set_is_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_set_calculator_post_is_404(client):
    assert client.post(calculator_url(set_no=27), {}).status_code == 404


def test_list_marks_the_rulebook_in_force(client):
    content = text(client.get("/rulebooks/"))

    row = re.search(r'<tr class="table-success">(.*?)</tr>', content).group(1)
    assert "QĐ 26/2026/QĐ-TTg" in row
    assert "Đang áp dụng" in row
    assert content.count("Đang áp dụng") == 1
    for slug in ("qd-1048-2019", "qd-148-2023", "qd-1489-2025", "qd-26-2026"):
        assert f'href="/rulebooks/{slug}/"' in content


def test_rulebook_page_shows_the_legal_numbers_process_and_taxonomy(client):
    content = text(client.get("/rulebooks/qd-26-2026/"))

    assert "36 tháng" in content
    assert "Từ 70 đến dưới 90 điểm" in content
    assert "Từ 90 đến 100 điểm" in content
    assert "Nộp hồ sơ từ 180 đến 120 ngày" in content
    assert "tối đa 180 ngày" in content
    assert "30/04" in content and "30/06" in content  # the province's first round
    assert "Cấp xã" in content and "Cấp trung ương" in content
    assert "Công nhận 3–4★" in content
    assert "Chuyển lên cấp trung ương sản phẩm đạt từ 90 điểm" in content
    assert "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP." in content
    assert "Ngành 6. Sản phẩm dịch vụ du lịch cộng đồng" in content
    assert "Bộ Nông nghiệp và Môi trường" in content
    for set_no in range(1, 27):
        assert f'href="/rulebooks/qd-26-2026/sheets/{set_no}/"' in content


def test_older_rulebook_says_whose_sheets_it_uses(client):
    content = text(client.get("/rulebooks/qd-1048-2019/"))

    assert "không có phiếu đánh giá riêng" in content
    assert "QĐ 26/2026/QĐ-TTg" in content
    assert "Cần biên bản kiểm tra thực tế trước khi chấm điểm" in content
    assert "Đề xuất sản phẩm mới khi đạt từ 50 điểm" in content
    # The sheets are reached through the older rulebook's own URLs.
    assert 'href="/rulebooks/qd-1048-2019/sheets/1/"' in content


def test_sheet_page_shows_every_criterion_and_the_disqualifications(client):
    content = text(client.get("/rulebooks/qd-26-2026/sheets/1/"))

    for code in criteria_of(sheet_data(1)):
        assert f'id="c-{code}"' in content, code
    assert "Hồ sơ bị loại khi" in content
    assert "Giả mạo hồ sơ" in content
    assert "★★★★★</span>" in content and "★★★★</span>" in content
    assert "Phiếu của QĐ 26/2026/QĐ-TTg" in content


def test_sheet_26_shows_its_cases(client):
    content = text(client.get("/rulebooks/qd-26-2026/sheets/26/"))

    assert "Lựa chọn một trong hai trường hợp sau:" in content
    assert "TH a" in content and "TH b" in content
    assert "Hồ sơ bị loại khi" not in content


def test_borrowed_sheet_says_whose_it_is(client):
    content = text(client.get("/rulebooks/qd-148-2023/sheets/1/"))

    assert "QĐ 148/QĐ-TTg (2023) không có phiếu đánh giá riêng" in content
    assert "không có phiếu đánh giá riêng: đây là phiếu của QĐ 26/2026/QĐ-TTg" in content


def test_sheet_page_query_count_does_not_grow_with_the_sheet(client):
    counts = []
    for set_no in (2, 1, 26):  # the first request warms any per-process cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/rulebooks/qd-26-2026/sheets/{set_no}/").status_code == 200
        counts.append(len(queries))

    assert counts[1] == counts[2]
    assert counts[1] <= 3


def test_compare_highlights_the_part_caps(client):
    content = text(client.get("/rulebooks/compare/?a=qd-1048-2019&b=qd-26-2026"))

    rows = re.findall(r"<tr([^>]*)>\s*<th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", content)
    by_label = {
        re.sub(r"<.*?>|khác", "", label).strip(): (attrs, cells) for attrs, label, cells in rows
    }
    attrs, cells = by_label["Phần A: Sản phẩm và sức mạnh cộng đồng"]
    assert "table-warning" in attrs
    assert re.findall(r"<td>(.*?)</td>", cells) == ["35", "40"]
    attrs, cells = by_label["Phần C: Chất lượng sản phẩm"]
    assert "table-warning" in attrs
    assert re.findall(r"<td>(.*?)</td>", cells) == ["40", "35"]
    attrs, cells = by_label["Phần B: Khả năng tiếp thị"]
    assert "table-warning" not in attrs
    assert "Cấp huyện" in by_label and "Cấp xã" in by_label


def test_compare_a_rulebook_with_itself_has_no_difference(client):
    content = text(client.get("/rulebooks/compare/?a=qd-26-2026&b=qd-26-2026"))

    assert "table-warning" not in content
    assert "0 điểm khác nhau" in content


def test_calculator_starts_at_the_best_answers(client):
    response = client.get(calculator_url())
    content = text(response)

    assert 'data-stars="5"' in content
    assert "5★ theo điểm (100)." in content
    # Every criterion has its select, the best option selected.
    for name, value in best_form().items():
        assert re.search(rf'name="{re.escape(name)}"', content)
        assert f'value="{value}" selected' in content


def test_calculator_best_answers_post_is_five_stars(client):
    content = text(client.post(calculator_url(), best_form()))

    assert 'data-stars="5"' in content
    assert "Tiềm năng 5 sao" in content
    assert 'id="result"' in content  # a full page without JavaScript


def test_calculator_lowered_gate_drops_to_three_stars_and_explains(client):
    form = best_form()
    form["c-2.3"] = "2"

    content = text(client.post(calculator_url(), form))

    assert 'data-stars="3"' in content
    assert "5★ theo điểm (99) nhưng xếp 3★: tiêu chí 2.3 (Phong cách, ghi nhãn hàng hóa)" in content
    assert "Mức tối thiểu chưa đạt" in content
    assert 'value="2" selected' in content


def test_calculator_htmx_returns_only_the_result(client):
    form = best_form()
    form["c-2.3"] = "2"

    response = client.post(calculator_url(), form, headers={"HX-Request": "true"})
    content = text(response)

    assert response.status_code == 200
    assert 'data-stars="3"' in content
    assert "<html" not in content
    assert "<select" not in content


def test_calculator_case_criterion_on_sheet_26(client):
    form = best_form(26)
    assert form["c-8"] == "a:3"
    form["c-8"] = "b:1"

    content = text(client.post(calculator_url(set_no=26), form))

    assert 'value="b:1" selected' in content
    assert "(98)" in content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"c-2.3": "7"}, "7 điểm không phải là một mức điểm của tiêu chí 2.3"),
        ({"c-2.3": "abc"}, "Điểm của tiêu chí 2.3 phải là một số."),
        ({"c-2.3": "NaN"}, "Điểm của tiêu chí 2.3 phải là một số."),
        ({"c-2.3": None}, "Thiếu điểm của tiêu chí 2.3."),
        ({"c-99.9": "1"}, "Tiêu chí 99.9 không có trong phiếu đánh giá này."),
    ],
)
def test_calculator_tampered_values_show_the_error(client, change, message):
    form = best_form()
    for name, value in change.items():
        if value is None:
            del form[name]
        else:
            form[name] = value

    for headers in ({}, {"HX-Request": "true"}):
        response = client.post(calculator_url(), form, headers=headers)
        assert response.status_code == 200
        content = text(response)
        assert "alert-danger" in content
        assert message in content
        assert "data-stars" not in content


def test_calculator_unknown_case_shows_the_error(client):
    form = best_form(26)
    form["c-8"] = "z:3"

    content = text(client.post(calculator_url(set_no=26), form))

    assert "Tiêu chí 8 không có trường hợp “z”" in content


def test_navigation_shows_rulebooks_to_everyone(client, django_user_model):
    assert 'href="/rulebooks/"' in client.get("/accounts/login/").content.decode()
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert 'href="/rulebooks/"' in client.get("/rulebooks/").content.decode()


def plain(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_calculator_of_a_rulebook_without_sheets_names_the_lender_and_its_parts(client):
    borrower = Rulebook.objects.get(slug="qd-1048-2019")
    lender = borrower.sheet_rulebook
    assert lender.slug == "qd-26-2026"

    response = client.get(calculator_url(slug="qd-1048-2019", set_no=1))

    content = plain(response)
    assert (
        f"{borrower} không có phiếu đánh giá riêng: đây là phiếu đánh giá của {lender}, với các "
        "phần và điểm tối đa của phiếu đó."
    ) in content
    assert (
        f"Điểm tối đa từng phần của phiếu: A 40, B 25, C 35; {borrower} quy định: A 35, B 25, C 40."
    ) in content
    assert "Phần A 40 / 40 Phần B 25 / 25 Phần C 35 / 35" in content


def test_calculator_of_a_rulebook_with_its_own_sheets_borrows_nothing(client):
    content = plain(client.get(calculator_url()))

    assert "không có phiếu đánh giá riêng" not in content
    assert "Phần A 40 / 40 Phần B 25 / 25 Phần C 35 / 35" in content
