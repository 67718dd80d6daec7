"""`Rulebook.rules`: the typed, read-only view of a rulebook's legal numbers that the other
apps read instead of the raw data."""

import dataclasses
import datetime

import pytest

from ocop.criteria.models import Rulebook
from ocop.criteria.rules_data import (
    Band,
    CertificateRule,
    Ground,
    RerankingWindow,
    RevocationAuthority,
    RoundSpec,
    TimeLimit,
)
from ocop.criteria.scoring import band_of

pytestmark = pytest.mark.django_db

SLUGS = ["qd-1048-2019", "qd-148-2023", "qd-1489-2025", "qd-26-2026"]


def rules(slug: str):
    return Rulebook.objects.get(slug=slug).rules


def test_qd_26_2026_reads_as_the_law_says():
    law = rules("qd-26-2026")

    assert law.slug == "qd-26-2026"
    assert law.short_title == "QĐ 26/2026/QĐ-TTg"
    assert law.max_score == 100
    assert [(part.code, part.max) for part in law.parts] == [("A", 40), ("B", 25), ("C", 35)]
    assert law.bands[0] == Band(stars=1, min=0, max=30)
    assert law.bands[-1] == Band(stars=5, min=90, max=100)
    assert law.certificate == CertificateRule(validity_months=36, min_stars=3)
    assert law.certifiable_stars == (3, 4, 5)
    assert law.reranking == RerankingWindow(opens_days=180, closes_days=120, grace_days=180)
    assert law.time_limit("commune_screening") == TimeLimit(15, True, "Điều 7.2")
    assert law.time_limit("revocation") == TimeLimit(15, False, "Điều 8.4")
    assert law.time_limit("no-such-limit") is None
    assert law.rounds_of("province") == (
        RoundSpec(1, "04-30", "06-30"),
        RoundSpec(2, "10-30", "12-30"),
    )
    assert [spec.no for spec in law.rounds_of("central")] == [1, 2]
    assert law.rounds_of("district") == ()
    assert law.revocation_ground("dd") == Ground(
        "dd", "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP."
    )
    assert law.revocation_ground("z") is None
    assert law.revocation_authorities == (
        RevocationAuthority("province", (3, 4), "Điều 8.2.a"),
        RevocationAuthority("central", (5,), "Điều 8.2.b"),
    )
    assert len(law.product_sets) == 26
    assert law.product_sets[8].name == "Tương, nước mắm, gia vị dạng lỏng khác"
    assert (law.product_sets[8].group_code, law.product_sets[8].sector_code) == ("1.4", "1")


def test_qd_26_2026_process_central_level_and_revocation():
    law = rules("qd-26-2026")

    assert [level.level for level in law.levels] == ["commune", "province", "central"]
    assert law.first_level.level == "commune"
    assert law.first_level.scores is False
    province = law.level("province")
    assert province.certifies_stars == (3, 4)
    assert (province.forwards_to, province.forwards_min_score) == ("central", 90)
    assert law.level("district") is None
    assert law.central_stars == (5,)
    assert law.stars_certified_by("province") == (3, 4)
    assert law.stars_certified_by(None) == ()
    assert [law.certifying_level(stars) for stars in (2, 3, 4, 5)] == [
        None,
        "province",
        "province",
        "central",
    ]
    below = law.level("central").below_threshold
    assert (below.level, below.may_certify_stars) == ("province", (3, 4))
    assert [law.revoking_level(stars) for stars in (2, 3, 4, 5)] == [
        None,
        "province",
        "province",
        "central",
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_rulebook_has_a_hundred_points_and_a_ministry_for_five_stars(slug):
    law = rules(slug)

    assert law.max_score == 100
    assert sum(part.max for part in law.parts) == law.max_score
    assert law.bands[-1].max == law.max_score
    assert law.central_stars == (5,)
    assert law.certifying_level(5) == "central"
    for stars in law.certifiable_stars:
        assert law.certifying_level(stars) is not None
    assert [band.stars for band in law.scoring_bands()] == [b.stars for b in law.bands]


def test_older_rulebooks_differ_where_their_law_did():
    seed = rules("qd-1048-2019")
    assert [(part.code, part.max) for part in seed.parts] == [("A", 35), ("B", 25), ("C", 40)]
    assert seed.first_level.level == "district"
    assert seed.first_level.field_inspection_required is True
    assert seed.first_level.propose_new_min_score == 50
    assert seed.reranking is None
    assert seed.rounds == {}
    assert seed.revocation_grounds == ()
    assert seed.revoking_level(5) is None
    assert seed.product_sets == ()

    district_era = rules("qd-148-2023")
    assert district_era.certifying_level(3) == "district"
    assert district_era.certifying_level(4) == "province"


def test_scoring_bands_place_a_score_as_the_law_says():
    bands = rules("qd-26-2026").scoring_bands()

    assert [band_of(score, bands) for score in (0, 29.99, 30, 69.99, 70, 89.99, 90, 100)] == [
        1,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]


def test_round_days_of_a_year():
    spec = rules("qd-26-2026").rounds_of("province")[0]

    assert spec.proposals_cutoff(2027) == datetime.date(2027, 4, 30)
    assert spec.decide_by(2027) == datetime.date(2027, 6, 30)


def test_the_view_is_read_only():
    law = rules("qd-26-2026")

    with pytest.raises(dataclasses.FrozenInstanceError):
        law.max_score = 120
    with pytest.raises(dataclasses.FrozenInstanceError):
        law.levels[0].scores = True
    with pytest.raises(TypeError):
        law.time_limits["revocation"] = TimeLimit(1, False, "")


def test_the_view_follows_the_data_it_was_built_from():
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    assert rulebook.rules is rulebook.rules

    rulebook.data = {**rulebook.data, "short_title": "QĐ mới"}

    assert rulebook.rules.short_title == "QĐ mới"
    assert str(rulebook) == "QĐ mới"
