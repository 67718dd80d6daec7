"""The Ministry's level on the same machinery: the central council set up on the council page,
its members scoring a potential 5★ product online, the Ministry recording the outcome."""

import pytest
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import Council, CouncilRole, DossierState, Level, MemberSheet
from tests.evaluation.builders import Province, ready_dossier, refresh, score_all, walk_to_scoring
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(units):
    """A product scored 100 by Đà Nẵng's council, approved and sent to the Ministry."""
    p = Province(units)
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 100)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    assert refresh(dossier).state == DossierState.SENT_TO_MINISTRY
    return p, dossier


def sheet_form(answers: dict) -> dict:
    return {f"c-{code}": str(points) for code, points in answers.items()}


def test_ministry_sets_up_the_central_council_and_its_members_score(client, sent):
    p, dossier = sent
    ministry = user_with_role(Role.MINISTRY_OFFICER)
    experts = [user_with_role(Role.COUNCIL_MEMBER, unit=p.units.hanoi) for _ in range(2)]

    client.force_login(ministry)
    response = client.post(
        reverse("evaluation:council-create"),
        {"name": "Hội đồng cấp trung ương 2026", "mode": "meeting", "established_by": ""},
    )
    assert response.status_code == 302
    council = Council.objects.get(level=Level.CENTRAL)
    for user, role in zip(experts, (CouncilRole.CHAIR, CouncilRole.MEMBER), strict=True):
        response = client.post(
            reverse("evaluation:council-member-add", args=[council.pk]),
            {"username": user.username, "role": role},
        )
        assert response.status_code == 302
    assert council.members.count() == 2

    # Each expert sees the dossier and scores it on the same page as a province's council.
    sheet = domain.sheet_for(dossier).data
    answers = scoring.best_answers(sheet)
    for user in experts:
        client.force_login(user)
        url = reverse("evaluation:scoring", args=[dossier.pk])
        assert client.get(url).status_code == 200
        response = client.post(
            reverse("evaluation:scoring-save", args=[dossier.pk]),
            {**sheet_form(answers), "submit": "1"},
        )
        assert response.status_code in (200, 302)
    sheets = MemberSheet.objects.filter(dossier=dossier, level=Level.CENTRAL)
    assert [s.total for s in sheets] == [100, 100]
    assert domain.council_result(dossier, Level.CENTRAL).total == 100

    # The Ministry records its decision: the product is recognised 5★.
    client.force_login(ministry)
    response = client.post(
        reverse("evaluation:dossier-action", args=[dossier.pk, "record-ministry-result"]),
        {
            "record_ministry_result-score": "100",
            "record_ministry_result-decision_no": "77/QĐ-BNNMT",
        },
    )
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert (dossier.state, dossier.certificate.stars) == (DossierState.RECOGNISED, 5)


def test_only_the_ministry_sets_up_the_central_council(client, sent):
    p, _dossier = sent
    client.force_login(p.members[0])
    assert client.get(reverse("evaluation:council-create")).status_code == 403
