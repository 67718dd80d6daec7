"""The scoring engine on the real score sheets of QĐ 26/2026: worked examples, bad input, council
aggregation, and properties over all 26 sheets (hypothesis)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

import ocop
from ocop.core.errors import DomainError
from ocop.criteria.scoring import (
    Band,
    ScoringError,
    aggregate,
    band_of,
    bands_from,
    best_answers,
    criteria_of,
    evaluate,
    gates_of,
)

SHEETS = Path(ocop.__file__).parent / "criteria" / "data" / "qd-26-2026" / "sheets"
SETS = range(1, 27)
# The bands of the test rulebook (those of QĐ 26/2026 Art. 3), given to the engine as data.
BANDS = [Band(5, 90), Band(4, 70), Band(3, 50), Band(2, 30), Band(1, 0)]
PROPERTY_SETTINGS = settings(max_examples=100, derandomize=True, deadline=None, database=None)


def load(set_no: int) -> dict:
    return json.loads((SHEETS / f"set-{set_no:02d}.json").read_text(encoding="utf-8"))


SHEET_DATA = {set_no: load(set_no) for set_no in SETS}


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def answers_of(set_no: int, **changes) -> dict:
    """The best answers of a sheet with some criteria changed (`c2_3=2` sets criterion 2.3)."""
    answers = best_answers(SHEET_DATA[set_no])
    for key, value in changes.items():
        code = key.removeprefix("c").replace("_", ".")
        assert code in answers, code
        answers[code] = value
    return answers


# A 75-point answer set on sheet 1 that misses only the 4★ gate of criterion 2.3 (3 points).
SET1_75 = {
    "c2_3": 2,
    "c4_3": 0,
    "c4_2": 0,
    "c6_3": 0,
    "c6_4": 0,
    "c1_1": 1,
    "c1_2": 0,
    "c1_4": 1,
    "c3_1": 1,
    "c3_3": 1,
}


# --- sheet helpers ---------------------------------------------------------------------------


def test_criteria_of_lists_every_criterion_in_sheet_order():
    criteria = criteria_of(SHEET_DATA[1])

    assert list(criteria)[:3] == ["1.1", "1.2", "1.3"]
    assert list(criteria)[-1] == "12"
    assert criteria["2.3"].part == "A"
    assert criteria["6.1"].part == "C"
    assert criteria["4.1"].points_of() == (1, 2, 3, 5)
    assert sum(c.max for c in criteria.values()) == 100


def test_gates_of_maps_criteria_to_the_points_of_their_marked_options():
    gates = gates_of(SHEET_DATA[1])

    assert gates["2.3"] == {3: 1, 4: 3}
    assert gates["4.1"] == {3: 2, 4: 3, 5: 5}
    assert gates["1.3"] == {5: 3}
    assert "1.1" not in gates


def test_cases_of_a_criterion_with_alternatives():
    criterion = criteria_of(SHEET_DATA[26])["8"]

    assert criterion.cases == ("a", "b")
    assert criterion.points_of("a") == (1, 3)
    assert criteria_of(SHEET_DATA[26])["6"].cases == ()


def test_best_answers_are_every_criterion_maximum():
    answers = best_answers(SHEET_DATA[1])

    assert answers["4.1"] == 5
    assert answers["9"] == 5
    assert all(isinstance(points, int) for points in answers.values())


def test_band_of_takes_the_highest_band_reached():
    assert band_of(Decimal("89.99"), BANDS) == 4
    assert band_of(90, BANDS) == 5
    assert band_of(0, BANDS) == 1
    assert band_of(29, [Band(2, 30)]) == 0


def test_bands_from_reads_the_rulebook_rows():
    rows = [{"stars": 1, "min": 0, "max": 30}, {"stars": 5, "min": 90, "max": 100}]

    assert bands_from(rows) == [Band(1, Decimal(0)), Band(5, Decimal(90))]


# --- one member: worked examples -------------------------------------------------------------


def test_evaluate_all_best_answers_is_100_and_five_stars():
    result = evaluate(SHEET_DATA[1], best_answers(SHEET_DATA[1]), bands=BANDS)

    assert result.total == 100
    assert result.parts == {"A": 40, "B": 25, "C": 35}
    assert (result.band_stars, result.stars) == (5, 5)
    assert result.unmet_gates == ()
    assert result.certifiable
    assert result.potential_five_star
    assert result.explanation == "5★ theo điểm (100)."


def test_evaluate_75_points_missing_a_4_star_gate_is_3_stars():
    result = evaluate(SHEET_DATA[1], answers_of(1, **SET1_75), bands=BANDS)

    assert result.total == 75
    assert result.band_stars == 4
    assert result.stars == 3
    assert result.certifiable
    assert not result.potential_five_star
    assert [gate.as_dict() for gate in result.unmet_gates] == [
        {"criterion": "2.3", "stars": 4, "required_points": 3, "points": 2}
    ]
    assert result.explanation == (
        "4★ theo điểm (75) nhưng xếp 3★: tiêu chí 2.3 (Phong cách, ghi nhãn hàng hóa) "
        "chưa đạt mức tối thiểu của 4★."
    )


def test_evaluate_missing_a_3_star_gate_is_at_most_2_stars():
    # 2.2 "Đóng gói, bao bì": the 2-point option is marked ***; 1 point misses it.
    result = evaluate(SHEET_DATA[1], answers_of(1, c2_2=1), bands=BANDS)

    assert result.total == 98
    assert result.band_stars == 5
    assert result.stars == 2
    assert not result.certifiable
    assert not result.potential_five_star
    assert [(g.criterion, g.stars) for g in result.unmet_gates] == [("2.2", 3)]
    assert "nhưng xếp 2★" in result.explanation
    assert "tiêu chí 2.2" in result.explanation


def test_evaluate_lists_every_unmet_gate_up_to_the_band_sorted_by_stars():
    # 1.5 best 3 (5★ gate 3, 4★ gate 2) → 0 misses both; 2.3 → 1 misses its 4★ gate.
    result = evaluate(SHEET_DATA[1], answers_of(1, c1_5=0, c2_3=1), bands=BANDS)

    assert result.total == 95
    assert result.stars == 3
    assert [gate.as_dict() for gate in result.unmet_gates] == [
        {"criterion": "1.5", "stars": 4, "required_points": 2, "points": 0},
        {"criterion": "2.3", "stars": 4, "required_points": 3, "points": 1},
        {"criterion": "1.5", "stars": 5, "required_points": 3, "points": 0},
    ]


def test_evaluate_unmet_gates_above_the_band_are_listed_but_do_not_lower_the_stars():
    # 1.3 misses its 5★ gate, but 75 points are 4★ anyway: nothing holds the product back.
    answers = answers_of(1, **{**SET1_75, "c2_3": 3, "c1_3": 2})
    result = evaluate(SHEET_DATA[1], answers, bands=BANDS)

    assert result.total == 75
    assert (result.band_stars, result.stars) == (4, 4)
    assert [(gate.criterion, gate.stars) for gate in result.unmet_gates] == [("1.3", 5)]
    assert result.explanation == "4★ theo điểm (75)."


def test_evaluate_a_5_star_gate_missed_is_4_stars():
    result = evaluate(SHEET_DATA[1], answers_of(1, c1_3=2), bands=BANDS)

    assert (result.total, result.band_stars, result.stars) == (99, 5, 4)
    assert result.certifiable
    assert not result.potential_five_star


def test_evaluate_below_every_band():
    result = evaluate(SHEET_DATA[1], answers_of(1, c2_2=1), bands=[Band(5, 99)])

    assert (result.band_stars, result.stars) == (0, 0)
    assert [(gate.criterion, gate.stars) for gate in result.unmet_gates] == [("2.2", 3)]
    assert result.explanation == "Tổng điểm (98) chưa đạt hạng sao nào."


def test_evaluate_certifiable_and_potential_stars_come_from_the_rulebook():
    answers = answers_of(1, c1_3=2)

    result = evaluate(SHEET_DATA[1], answers, bands=BANDS, certifiable_min_stars=5)
    assert not result.certifiable
    result = evaluate(SHEET_DATA[1], answers, bands=BANDS, potential_stars=4)
    assert result.potential_five_star


def test_evaluate_a_case_answer_on_set_26():
    answers = answers_of(26, c8={"case": "b", "points": 3}, c9={"case": "a", "points": 1})

    result = evaluate(SHEET_DATA[26], answers, bands=BANDS)

    assert result.total == 99
    assert result.cases == {"8": "b", "9": "a"}
    assert result.points["8"] == 3
    assert result.parts["C"] == 34
    assert result.stars == 5


def test_evaluate_case_points_alone_are_accepted_on_set_26():
    result = evaluate(SHEET_DATA[26], answers_of(26, c15=1), bands=BANDS)

    assert result.total == 98
    assert result.cases == {}


def test_evaluate_accepts_equal_floats_and_decimals():
    answers = answers_of(1, c1_1=3.0, c1_2=Decimal("2.0"))

    assert evaluate(SHEET_DATA[1], answers, bands=BANDS).total == 100


def test_evaluate_as_dict_has_the_api_shape():
    data = evaluate(SHEET_DATA[1], answers_of(1, **SET1_75), bands=BANDS).as_dict()

    assert data == {
        "total": 75,
        "parts": {"A": 29, "B": 17, "C": 29},
        "band_stars": 4,
        "stars": 3,
        "unmet_gates": [{"criterion": "2.3", "stars": 4, "required_points": 3, "points": 2}],
        "certifiable": True,
        "potential_five_star": False,
        "explanation": data["explanation"],
    }
    assert json.loads(json.dumps(data)) == data


def test_evaluate_explanation_follows_the_active_language_for_numbers():
    members = [answers_of(1, **SET1_75), answers_of(1, **{**SET1_75, "c1_1": 2})]

    result = aggregate(SHEET_DATA[1], members, bands=BANDS)

    assert result.explanation.startswith("4★ theo điểm (75,5) nhưng xếp 3★: tiêu chí 2.3")
    with translation.override("en"):
        assert "(75.5)" in aggregate(SHEET_DATA[1], members, bands=BANDS).explanation


# --- one member: bad input -------------------------------------------------------------------


def without(answers: dict, code: str) -> dict:
    return {key: value for key, value in answers.items() if key != code}


@pytest.mark.parametrize(
    ("set_no", "answers", "field", "code", "words"),
    [
        (1, without(answers_of(1), "2.3"), "2.3", "missing_criterion", "Thiếu điểm"),
        (1, {**answers_of(1), "99.9": 1}, "99.9", "unknown_criterion", "không có trong phiếu"),
        (1, answers_of(1, c1_1="3"), "1.1", "not_a_number", "phải là một số"),
        (1, answers_of(1, c1_1=True), "1.1", "not_a_number", "phải là một số"),
        (1, answers_of(1, c1_1=None), "1.1", "not_a_number", "phải là một số"),
        (1, answers_of(1, c1_1=float("nan")), "1.1", "not_a_number", "phải là một số"),
        (1, answers_of(1, c1_1=[3]), "1.1", "not_a_number", "phải là một số"),
        (1, answers_of(1, c4_1=4), "4.1", "not_an_option", "các mức: 1, 2, 3, 5"),
        (1, answers_of(1, c1_1=2.5), "1.1", "not_an_option", "2,5 điểm không phải"),
        (1, answers_of(1, c1_1={"case": "a", "points": 3}), "1.1", "unknown_case", "không chia"),
        (1, answers_of(1, c1_1={"point": 3}), "1.1", "malformed", "case"),
        (26, answers_of(26, c8={"case": "c", "points": 3}), "8", "unknown_case", "“c”"),
        (26, answers_of(26, c8={"case": "a", "points": 2}), "8", "not_an_option", "trường hợp a"),
        (26, answers_of(26, c8={"case": "a"}), "8", "not_a_number", "phải là một số"),
        (26, answers_of(26, c8=2), "8", "not_an_option", "các mức: 1, 3"),
        (1, [3, 2, 3], "answers", "malformed", "mã tiêu chí"),
    ],
)
def test_evaluate_bad_input_raises_scoring_error(set_no, answers, field, code, words):
    with pytest.raises(ScoringError) as raised:
        evaluate(SHEET_DATA[set_no], answers, bands=BANDS)

    assert isinstance(raised.value, DomainError)
    assert raised.value.field == field
    assert raised.value.code == code
    assert words in str(raised.value)


def test_evaluate_repeated_points_of_the_law_are_still_one_value():
    # Set 23, 6.2: the law gives two options 1 point each; 1 is a valid answer.
    assert criteria_of(SHEET_DATA[23])["6.2"].points_of() == (1, 3, 5)
    result = evaluate(SHEET_DATA[23], answers_of(23, c6_2=1), bands=BANDS)
    assert result.stars == 3


# --- council ---------------------------------------------------------------------------------


def test_aggregate_total_is_the_mean_and_a_gate_is_met_on_the_mean():
    members = [
        answers_of(1),  # 100
        answers_of(1, **SET1_75),  # 75, 2.3 = 2
        answers_of(1, c4_3=0),  # 95
    ]

    result = aggregate(SHEET_DATA[1], members, bands=BANDS)

    assert [member.total for member in result.members] == [100, 75, 95]
    assert result.total == 90
    assert result.band_stars == 5
    # 2.3: (3 + 2 + 3) / 3 = 2.67 < 3, the 4★ gate.
    assert result.points["2.3"] == Decimal(8) / 3
    assert result.stars == 3
    assert [(g.criterion, g.stars) for g in result.unmet_gates] == [("2.3", 4)]
    assert result.parts["A"] == Decimal(40 + 29 + 40) / 3
    assert result.spread == 25
    assert not result.needs_rescoring


def test_aggregate_gate_reached_by_the_mean_is_met():
    # One member misses 2.2's 3★ gate (2 points) with 1, another gives 3: the mean 2 reaches it.
    members = [answers_of(1, c2_2=1), answers_of(1)]

    result = aggregate(SHEET_DATA[1], members, bands=BANDS)

    assert result.members[0].stars == 2
    assert result.points["2.2"] == 2
    assert result.total == 99
    assert result.stars == 5
    assert result.unmet_gates == ()
    assert result.potential_five_star


def test_aggregate_band_comes_from_the_unrounded_mean():
    members = [
        answers_of(1, c4_3=3, c4_2=2),  # 97
        answers_of(1, c4_3=3, c4_2=2),  # 97
        answers_of(1, c4_3=3, c4_2=1),  # 96
    ]
    # A band starting at 96.67: the mean 96.666… shows as 96.67 but does not reach it.
    bands = [Band(5, Decimal("96.67")), Band(1, 0)]

    result = aggregate(SHEET_DATA[1], members, bands=bands)

    assert result.total == Decimal(290) / 3
    assert result.total_display == Decimal("96.67")
    assert result.band_stars == 1
    assert result.as_dict()["total_display"] == 96.67


@pytest.mark.parametrize(
    ("max_spread", "needs_rescoring"), [(None, False), (10, True), (25, False), (24.5, True)]
)
def test_aggregate_spread_beyond_the_setting_needs_rescoring(max_spread, needs_rescoring):
    members = [answers_of(1), answers_of(1, **SET1_75)]

    result = aggregate(SHEET_DATA[1], members, bands=BANDS, max_spread=max_spread)

    assert result.spread == 25
    assert result.needs_rescoring is needs_rescoring
    assert ("cần chấm lại" in result.explanation) is needs_rescoring
    assert result.as_dict()["needs_rescoring"] is needs_rescoring


def test_aggregate_explains_the_spread():
    members = [answers_of(1), answers_of(1, **SET1_75)]

    result = aggregate(SHEET_DATA[1], members, bands=BANDS, max_spread=10)

    assert result.explanation.endswith(
        "Điểm của các thành viên chênh nhau 25 điểm, quá mức cho phép 10 điểm: cần chấm lại."
    )


def test_aggregate_bad_member_answers_name_the_member_and_criterion():
    members = [answers_of(1), answers_of(1, c4_1=4)]

    with pytest.raises(ScoringError) as raised:
        aggregate(SHEET_DATA[1], members, bands=BANDS)

    assert raised.value.field == "4.1"
    assert raised.value.member == 1
    assert str(raised.value).startswith("Phiếu của thành viên thứ 2:")


def test_aggregate_without_members_raises():
    with pytest.raises(ScoringError) as raised:
        aggregate(SHEET_DATA[1], [], bands=BANDS)

    assert raised.value.field == "members"


def test_aggregate_as_dict_shape():
    data = aggregate(
        SHEET_DATA[1], [answers_of(1), answers_of(1, c4_3=3)], bands=BANDS, max_spread=10
    ).as_dict()

    assert data["total"] == 99
    assert data["total_display"] == 99
    assert data["member_totals"] == [100, 98]
    assert data["spread"] == 2
    assert data["max_spread"] == 10
    assert data["needs_rescoring"] is False
    assert json.loads(json.dumps(data)) == data


# --- properties over all 26 sheets -----------------------------------------------------------


@pytest.mark.parametrize("set_no", SETS)
def test_every_sheet_all_best_answers_are_five_stars(set_no):
    sheet = SHEET_DATA[set_no]

    result = evaluate(sheet, best_answers(sheet), bands=BANDS)

    assert result.total == 100
    assert result.parts == {part["code"]: part["max"] for part in sheet["parts"]}
    assert result.stars == 5
    assert result.potential_five_star


def option_answer(option: dict):
    if option.get("case"):
        return {"case": option["case"], "points": option["points"]}
    return option["points"]


@st.composite
def answered_sheets(draw):
    """A sheet of QĐ 26/2026 and one answer per criterion drawn from its options."""
    sheet = SHEET_DATA[draw(st.sampled_from(SETS))]
    answers = {}
    for part in sheet["parts"]:
        for group in part["groups"]:
            for criterion in group["criteria"]:
                answers[criterion["code"]] = option_answer(
                    draw(st.sampled_from(criterion["options"]))
                )
    return sheet, answers


def points_of_answer(answer) -> int:
    return answer["points"] if isinstance(answer, dict) else answer


@PROPERTY_SETTINGS
@given(answered_sheets())
def test_property_total_is_the_sum_of_answers_and_of_parts(sheet_answers):
    sheet, answers = sheet_answers

    result = evaluate(sheet, answers, bands=BANDS)

    assert result.total == sum(points_of_answer(a) for a in answers.values())
    assert result.total == sum(result.parts.values())
    assert result.band_stars == band_of(result.total, BANDS)


@PROPERTY_SETTINGS
@given(answered_sheets())
def test_property_stars_never_exceed_the_band_and_unmet_gates_explain_the_gap(sheet_answers):
    sheet, answers = sheet_answers

    result = evaluate(sheet, answers, bands=BANDS)

    assert result.stars <= result.band_stars
    holding = [gate for gate in result.unmet_gates if gate.stars <= result.band_stars]
    assert (holding == []) == (result.stars == result.band_stars)
    assert result.certifiable == (result.stars >= 3)
    assert result.potential_five_star == (result.stars == 5)
    for gate in result.unmet_gates:
        assert gate.points < gate.required_points
        assert result.stars < gate.stars


@PROPERTY_SETTINGS
@given(answered_sheets())
def test_property_lowering_any_single_answer_never_raises_the_stars(sheet_answers):
    sheet, answers = sheet_answers
    stars = evaluate(sheet, answers, bands=BANDS).stars
    criteria = criteria_of(sheet)

    for code, answer in answers.items():
        case = answer["case"] if isinstance(answer, dict) else None
        for option in criteria[code].options:
            if option.case == case and option.points < points_of_answer(answer):
                lowered = {**answers, code: option_answer(option.__dict__)}
                assert evaluate(sheet, lowered, bands=BANDS).stars <= stars, (code, option)


@PROPERTY_SETTINGS
@given(answered_sheets(), st.integers(min_value=1, max_value=7))
def test_property_council_of_identical_members_equals_one_member(sheet_answers, count):
    sheet, answers = sheet_answers
    member = evaluate(sheet, answers, bands=BANDS)

    council = aggregate(sheet, [answers] * count, bands=BANDS, max_spread=0)

    assert council.total == council.total_display == member.total
    assert council.parts == member.parts
    assert council.points == member.points
    assert council.band_stars == member.band_stars
    assert council.stars == member.stars
    assert council.unmet_gates == member.unmet_gates
    assert council.certifiable == member.certifiable
    assert council.potential_five_star == member.potential_five_star
    assert council.spread == 0
    assert not council.needs_rescoring
    assert council.explanation == member.explanation
