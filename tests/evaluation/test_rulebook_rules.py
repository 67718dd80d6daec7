"""The evaluation actions read their legal numbers from the dossier's rulebook (through
`Rulebook.rules`): how many standard rounds a year come before the extra ones, the maximum
score, the stars the central level recognises."""

import datetime

import pytest

from ocop.core.errors import DomainError
from ocop.criteria.models import Rulebook
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState as S
from ocop.evaluation.models import LevelResult, Round

from .builders import Province, ready_dossier, refresh, score_all, walk_to_scoring

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2027, 3, 1)


@pytest.fixture
def p(units):
    return Province(units)


def test_an_extra_round_is_numbered_after_the_rulebooks_standard_rounds(p, units):
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    rulebook.data = {
        **rulebook.data,
        "rounds": {
            **rulebook.data["rounds"],
            "province": [
                {"no": 1, "proposals_before": "03-31", "decide_before": "05-31"},
                {"no": 2, "proposals_before": "06-30", "decide_before": "08-31"},
                {"no": 3, "proposals_before": "09-30", "decide_before": "11-30"},
            ],
        },
    }
    rulebook.save()

    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=D(2027, 10, 15),
        decide_before=D(2027, 12, 15),
    )

    assert (extra.number, extra.is_extra) == (4, True)


def test_an_extra_round_under_the_law_is_the_third(p, units):
    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=D(2027, 6, 15),
        decide_before=D(2027, 8, 15),
    )

    standard = Rulebook.objects.get(slug="qd-26-2026").rules.rounds_of("province")
    assert extra.number == len(standard) + 1 == 3
    assert Round.objects.count() == 1


def _sent_to_ministry(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user, today=DAY), today=DAY)
    score_all(p, dossier, 100, today=DAY)
    domain.finalize(dossier, actor=p.chair, today=DAY)
    domain.approve(dossier, actor=p.agency, today=DAY)
    return refresh(dossier)


@pytest.mark.parametrize("score", ["100.5", "101", "-1", "NaN"])
def test_a_ministry_score_outside_the_rulebooks_scale_is_refused(p, score):
    dossier = _sent_to_ministry(p)
    assert dossier.state == S.SENT_TO_MINISTRY

    with pytest.raises(DomainError, match=r"Điểm phải từ 0 đến 100\.") as refused:
        domain.record_ministry_result(
            dossier, actor=p.agency, score=score, decision_no="55/QĐ-BNNMT", today=DAY
        )

    assert refused.value.field == "score"
    assert refresh(dossier).state == S.SENT_TO_MINISTRY
    assert not LevelResult.objects.filter(dossier=dossier, level="central").exists()


def test_the_ministry_recognises_the_stars_the_rulebook_gives_the_central_level(p):
    dossier = _sent_to_ministry(p)

    domain.record_ministry_result(
        dossier, actor=p.agency, score=100, decision_no="55/QĐ-BNNMT", today=DAY
    )

    dossier = refresh(dossier)
    assert dossier.state == S.RECOGNISED
    assert dossier.stars in dossier.rulebook.rules.central_stars
