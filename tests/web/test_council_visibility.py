"""What the council pages show to whom: the members' totals (not to a member yet to submit their
own sheet, so that no one scores anchored on the others) and links to scoring pages (only those
that open for the user)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilRole
from tests.evaluation.builders import (
    Province,
    answers_near,
    ready_dossier,
    refresh,
    score_all,
    walk_to_scoring,
)
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def dossier(p):
    """The second member submitted (about 85); the first member has a draft; the chair has
    not scored yet."""
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    sheet = domain.sheet_for(dossier).data
    domain.save_sheet(dossier, actor=p.members[1], answers=answers_near(sheet, 85), submit=True)
    draft = dict(list(answers_near(sheet, 60).items())[:3])
    domain.save_sheet(dossier, actor=p.members[0], answers=draft)
    return dossier


def _council_page(client, user, dossier) -> str:
    client.force_login(user)
    council = Council.objects.get(round=dossier.round)
    response = client.get(reverse("evaluation:council", args=[council.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _totals_shown(council_page: str) -> int:
    """How many member cells of the council page's table show a total under their status."""
    cells = re.findall(r"<td[^>]*data-member=[^>]*>(.*?)</td>", council_page, flags=re.S)
    return sum("<div" in cell for cell in cells)


def _scoring_page(client, user, dossier) -> str:
    client.force_login(user)
    response = client.get(reverse("evaluation:scoring", args=[dossier.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- the members' totals -----------------------------------------------------------------------


def test_member_yet_to_submit_sees_no_other_total(client, p, dossier):
    council_page = _council_page(client, p.members[0], dossier)
    scoring_page = _scoring_page(client, p.members[0], dossier)

    assert 'data-status="submitted"' in council_page  # who has submitted, not with what
    assert _totals_shown(council_page) == 0
    assert 'id="chair-panel"' not in scoring_page
    assert "data-mean" not in scoring_page
    assert "data-total" in scoring_page  # the member's own running total


def test_member_sees_the_others_totals_once_submitted(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    domain.save_sheet(dossier, actor=p.members[0], answers=answers_near(sheet, 75), submit=True)

    council_page = _council_page(client, p.members[0], dossier)
    scoring_page = _scoring_page(client, p.members[0], dossier)

    assert _totals_shown(council_page) == 2
    assert 'id="chair-panel"' in scoring_page
    assert "data-mean" in scoring_page
    assert "Chốt kết quả</button>" not in scoring_page  # the chair's alone


def test_reopened_sheet_hides_the_totals_again(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    own = domain.save_sheet(
        dossier, actor=p.members[0], answers=answers_near(sheet, 75), submit=True
    )
    domain.reopen_sheet(own, actor=p.chair, reason="Chấm lại tiêu chí 1.1")

    assert _totals_shown(_council_page(client, p.members[0], dossier)) == 0


@pytest.mark.parametrize("who", ["chair", "secretary", "agency"])
def test_chair_secretary_and_agency_see_every_total(client, p, dossier, who):
    user = getattr(p, who)

    council_page = _council_page(client, user, dossier)
    scoring_page = _scoring_page(client, user, dossier)

    assert _totals_shown(council_page) == 1
    assert 'id="chair-panel"' in scoring_page
    assert "data-mean" in scoring_page


def test_member_with_a_conflict_sees_no_total(client, p, dossier):
    domain.declare_conflict(dossier, actor=p.members[0], reason="Người nhà của chủ thể")

    assert _totals_shown(_council_page(client, p.members[0], dossier)) == 0
    assert "data-mean" not in _scoring_page(client, p.members[0], dossier)


def test_everyone_seated_sees_the_totals_once_the_result_is_recorded(client, p, dossier):
    domain.declare_conflict(dossier, actor=p.members[0], reason="Người nhà của chủ thể")
    domain.save_sheet(
        dossier,
        actor=p.chair,
        answers=answers_near(domain.sheet_for(dossier).data, 85),
        submit=True,
    )
    domain.finalize(dossier, actor=p.chair)

    assert "data-mean" in _scoring_page(client, p.members[0], dossier)


# --- links to scoring pages --------------------------------------------------------------------

SCORING_LINK = re.compile(r'href="([^"]*/dossiers/\d+/scoring/)"')
DOSSIER_LINK = re.compile(r'href="([^"]*/dossiers/\d+/)"')


def _links_on(client, url) -> tuple[set[str], set[str]]:
    response = client.get(url)
    if response.status_code != 200:
        return set(), set()
    page = response.content.decode()
    return set(SCORING_LINK.findall(page)), set(DOSSIER_LINK.findall(page))


def _council_pages(dossier) -> list[str]:
    council = Council.objects.get(round=dossier.round)
    return [
        reverse("evaluation:councils"),
        reverse("evaluation:council", args=[council.pk]),
        reverse("evaluation:rounds"),
        reverse("evaluation:round", args=[dossier.round.pk]),
    ]


@pytest.mark.parametrize(
    ("who", "has_links"),
    [
        ("ministry", False),
        ("commune", False),
        ("member", True),
        ("chair", True),
        ("secretary", True),
        ("agency", True),
    ],
)
def test_every_scoring_link_on_the_council_pages_opens(client, p, dossier, who, has_links):
    users = {
        "ministry": user_with_role(Role.MINISTRY_OFFICER),
        "commune": p.commune_officer,
        "member": p.members[0],
        "chair": p.chair,
        "secretary": p.secretary,
        "agency": p.agency,
    }
    client.force_login(users[who])
    scoring, dossiers = set(), set()
    for url in _council_pages(dossier):
        found = _links_on(client, url)
        scoring |= found[0]
        dossiers |= found[1]

    assert bool(scoring) is has_links
    for link in scoring | dossiers:
        assert client.get(link).status_code == 200, (who, link)
    # Without the scoring page, the dossier's row still leads to the dossier.
    assert reverse("evaluation:dossier", args=[dossier.pk]) in dossiers or has_links


@pytest.fixture
def central(p):
    """A dossier scored 100 by the province and sent to the Ministry; the central council has a
    chair and a member."""
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 100)
    domain.finalize(dossier, actor=p.chair)
    dossier = refresh(domain.approve(dossier, actor=p.agency))
    ministry = user_with_role(Role.MINISTRY_OFFICER)
    council = domain.create_council(actor=ministry, level="central", name="Hội đồng trung ương")
    experts = [user_with_role(Role.COUNCIL_MEMBER, unit=p.units.hanoi) for _ in range(2)]
    for user, role in zip(experts, (CouncilRole.CHAIR, CouncilRole.MEMBER), strict=True):
        domain.add_member(council, actor=ministry, user=user, role=role)
    return dossier, council, ministry, experts


def test_central_council_links_open_for_its_experts_not_for_the_ministry(client, central):
    dossier, council, ministry, experts = central
    url = reverse("evaluation:council", args=[council.pk])
    scoring_url = reverse("evaluation:scoring", args=[dossier.pk])

    client.force_login(ministry)
    scoring, dossiers = _links_on(client, url)
    assert scoring == set()
    assert reverse("evaluation:dossier", args=[dossier.pk]) in dossiers
    assert client.get(scoring_url).status_code == 404

    for expert in experts:
        client.force_login(expert)
        scoring, _dossiers = _links_on(client, url)
        assert scoring == {scoring_url}
        assert client.get(scoring_url).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_council_and_round_pages_queries_do_not_grow_with_dossiers(client, p, dossier):
    council = Council.objects.get(round=dossier.round)
    urls = [
        reverse("evaluation:council", args=[council.pk]),
        reverse("evaluation:round", args=[dossier.round.pk]),
    ]
    users = [p.members[0], p.chair, p.agency, user_with_role(Role.MINISTRY_OFFICER)]
    before = {}
    for user in users:
        client.force_login(user)
        before[user.pk] = [_queries(client, url) for url in urls]
    for _index in range(3):
        walk_to_scoring(p, ready_dossier(ProductFactory(producer=p.producer), p.producer_user))

    for user in users:
        client.force_login(user)
        assert [_queries(client, url) for url in urls] == before[user.pk], user
