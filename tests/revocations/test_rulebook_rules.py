"""Who revokes a certificate is the rulebook's (26/2026 Art. 8.2: the province 3–4★, the
Ministry 5★), read from its data: a rulebook that said otherwise would be followed."""

import datetime

import pytest

from ocop.core.errors import DomainError
from ocop.criteria.models import Rulebook
from ocop.revocations import domain, grounds
from ocop.revocations.models import Ground, Level, RevocationCase, Source

from .conftest import TODAY, pdf

pytestmark = pytest.mark.django_db


def _open(scene, certificates, actor=None):
    return domain.open_case(
        certificates=certificates,
        ground=Ground.C,
        source=Source.MINISTRY_REQUEST,
        finding_date=TODAY - datetime.timedelta(days=2),
        description="Kết luận thanh tra số 12/KL-SNN.",
        actor=actor or scene.ministry,
        evidence=[pdf()],
        today=TODAY,
    )


def _set_authority(province_stars, central_stars):
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    rulebook.data = {
        **rulebook.data,
        "revocation_authority": [
            {"level": "province", "stars": province_stars, "source": "Điều 8.2.a"},
            {"level": "central", "stars": central_stars, "source": "Điều 8.2.b"},
        ],
    }
    rulebook.save()
    return rulebook


def test_the_competent_level_of_each_star_is_the_rulebooks():
    rulebook = grounds.rulebook_for(TODAY)

    assert [grounds.competent_level(rulebook, stars) for stars in (3, 4, 5)] == [
        Level.PROVINCE,
        Level.PROVINCE,
        Level.CENTRAL,
    ]
    assert grounds.stars_revoked_by(rulebook, Level.PROVINCE) == "3–4"
    assert grounds.stars_revoked_by(rulebook, Level.CENTRAL) == "5"


def test_a_rulebook_giving_four_stars_to_the_ministry_makes_a_four_star_case_central(scene):
    _set_authority([3], [4, 5])

    case = _open(scene, [scene.four])

    assert case.level == Level.CENTRAL
    with pytest.raises(DomainError, match="4–5 sao do Bộ Nông nghiệp và Môi trường thu hồi"):
        domain.decide(case, actor=scene.agency, decision_no="45/QĐ-UBND", date=TODAY, today=TODAY)


def test_mixing_levels_is_refused_with_the_rulebooks_stars(scene):
    _set_authority([3], [4, 5])

    with pytest.raises(DomainError, match=r"4–5 sao do Bộ .* giấy 3 sao do UBND") as refused:
        _open(scene, [scene.three, scene.four])

    assert refused.value.code == "level"
    assert not RevocationCase.objects.exists()
