"""`POST /api/v1/rulebooks/<slug>/sheets/<set_no>/evaluate`: public, read-only scoring."""

import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

import ocop
from ocop.audit.models import AuditEntry
from ocop.criteria.scoring import best_answers

SHEETS = Path(ocop.__file__).parent / "criteria" / "data" / "qd-26-2026" / "sheets"

pytestmark = pytest.mark.django_db


def sheet(set_no: int) -> dict:
    return json.loads((SHEETS / f"set-{set_no:02d}.json").read_text(encoding="utf-8"))


def url(slug="qd-26-2026", set_no=1):
    return f"/api/v1/rulebooks/{slug}/sheets/{set_no}/evaluate"


def post(body, **kwargs):
    return APIClient().post(url(**kwargs), body, format="json")


def test_evaluate_all_best_answers_is_five_stars():
    response = post({"answers": best_answers(sheet(1))})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 100
    assert body["parts"] == {"A": 40, "B": 25, "C": 35}
    assert (body["band_stars"], body["stars"]) == (5, 5)
    assert body["unmet_gates"] == []
    assert body["certifiable"] is True
    assert body["potential_five_star"] is True
    assert body["explanation"]


def test_evaluate_a_missed_gate_lowers_the_stars_and_is_explained():
    answers = best_answers(sheet(1)) | {"2.3": 2}  # 2.3's 4★ gate needs 3

    body = post({"answers": answers}).json()

    assert (body["total"], body["band_stars"], body["stars"]) == (99, 5, 3)
    assert {"criterion": "2.3", "stars": 4, "required_points": 3, "points": 2} in body[
        "unmet_gates"
    ]
    assert "2.3" in body["explanation"]
    assert body["certifiable"] is True
    assert body["potential_five_star"] is False


def test_evaluate_case_answer_on_set_26():
    answers = best_answers(sheet(26)) | {"8": {"case": "b", "points": 3}}

    response = post({"answers": answers}, set_no=26)

    assert response.status_code == 200
    assert response.json()["total"] == 100


def test_evaluate_older_rulebook_uses_its_bands_on_the_later_sheet():
    response = post({"answers": best_answers(sheet(1))}, slug="qd-1048-2019")

    assert response.status_code == 200
    assert response.json()["stars"] == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda a: {k: v for k, v in a.items() if k != "1.1"}, "1.1"),
        (lambda a: a | {"99.9": 1}, "99.9"),
        (lambda a: a | {"1.1": 7}, "1.1"),
        (lambda a: a | {"1.1": "ba"}, "1.1"),
        (lambda a: a | {"1.1": True}, "1.1"),
        (lambda a: a | {"1.1": None}, "1.1"),
    ],
)
def test_evaluate_bad_answers_are_400_naming_the_criterion(change, field):
    response = post({"answers": change(best_answers(sheet(1)))})

    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert field in body["detail"]


@pytest.mark.parametrize("body", [{}, {"answers": []}, {"answers": "x"}, []])
def test_evaluate_malformed_body_is_400_in_vietnamese(body):
    response = post(body)

    assert response.status_code == 400
    assert "errors" in response.json()
    assert "field" not in response.json()["detail"]  # not DRF's English default


@pytest.mark.parametrize(("slug", "set_no"), [("qd-0-1900", 1), ("qd-26-2026", 27)])
def test_evaluate_unknown_rulebook_or_set_is_404(slug, set_no):
    response = post({"answers": {}}, slug=slug, set_no=set_no)

    assert response.status_code == 404


def test_evaluate_answers_in_english_with_accept_language():
    answers = best_answers(sheet(1)) | {"2.3": 2}

    response = APIClient().post(
        url(), {"answers": answers}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response["Content-Language"] == "en"


def test_evaluate_keeps_nothing():
    post({"answers": best_answers(sheet(1))})

    assert not AuditEntry.objects.exists()
