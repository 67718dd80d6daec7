"""The demo's evaluation programme: the products' recognitions since 2019 and the current round at
work. Built once for the module, inside a transaction rolled back at the end."""

import datetime
import itertools
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from ocop.accounts.models import Membership, Role, User
from ocop.accounts.scope import is_national
from ocop.audit.models import AuditEntry
from ocop.certification.models import (
    Certificate,
    CertificateStatus,
    Decision,
    DecisionItem,
    NumberCounter,
)
from ocop.criteria.queries import rulebook_in_force
from ocop.demo import history
from ocop.evaluation import domain, dossier_views, rules, workflow
from ocop.evaluation.models import (
    ConflictDeclaration,
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    DossierState,
    FieldInspection,
    Level,
    LevelResult,
    MemberSheet,
    Round,
    Transition,
)
from ocop.evaluation.queries import dossiers_for_user
from ocop.registry.models import Product

pytestmark = pytest.mark.django_db

S = DossierState
CURRENT_RULEBOOK = "qd-26-2026"
# Legacy district steps are not part of the current (commune-level) procedure.
CURRENT_STATES = set(S.values) - {S.INSPECTED, S.DISTRICT_SCORED}
PROVINCE_NUMBER = re.compile(r"^\d+/\d{4}/GCN-OCOP-48$")
CENTRAL_NUMBER = re.compile(r"^\d+/\d{4}/GCN-OCOP-TW$")
BANDS = {3: (50, 70), 4: (70, 90), 5: (90, 101)}
MODELS = (
    Dossier,
    Transition,
    LevelResult,
    FieldInspection,
    Round,
    Council,
    CouncilMember,
    MemberSheet,
    ConflictDeclaration,
    Decision,
    DecisionItem,
    Certificate,
    NumberCounter,
    User,
    Membership,
    AuditEntry,
)


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(demo_build, django_db_blocker):
    """The counts of the demo built once for the package (tests/demo/conftest.py)."""
    with django_db_blocker.unblock():
        return counts()


def user(username: str) -> User:
    return User.objects.get(username=username)


def current_round() -> Round:
    slot = history.current_slot(history.Rulebooks(), timezone.localdate())
    return Round.objects.get(level=Level.PROVINCE, year=slot.year, number=slot.number)


def current_dossiers():
    return Dossier.objects.filter(rulebook__slug=CURRENT_RULEBOOK)


def test_demo_current_programme_has_every_state(demo):
    states = Counter(current_dossiers().values_list("state", flat=True))

    assert set(states) == CURRENT_STATES
    assert 25 <= sum(states.values()) <= 35
    assert states[S.COUNCIL_SCORING] >= 3
    round_ = current_round()
    proposed = current_dossiers().exclude(round=None)
    assert set(proposed.values_list("round", flat=True)) == {round_.pk}
    assert {S.PROPOSED, S.COUNCIL_SCORING, S.SCORED, S.APPROVED, S.RECOGNISED} <= set(
        proposed.values_list("state", flat=True)
    )
    assert all(d.proposed_on < round_.proposals_before for d in proposed)
    returned = current_dossiers().filter(state__in=[S.RETURNED, S.DISQUALIFIED, S.WITHDRAWN])
    assert all(d.reason for d in returned.exclude(state=S.WITHDRAWN))


def test_demo_current_round_council_is_chaired_by_council1(demo):
    council = Council.objects.get(round=current_round())
    seats = {m.user.username: m for m in council.members.select_related("user")}

    assert council.name == (
        "Hội đồng đánh giá, phân hạng sản phẩm OCOP thành phố Đà Nẵng "
        f"đợt {council.round.number} năm {council.round.year}"
    )
    assert seats["council1"].role == CouncilRole.CHAIR
    assert {seats[f"council{n}"].role for n in range(2, 6)} == {CouncilRole.MEMBER}
    assert {seats[f"council{n}"].department for n in range(1, 6)} == {
        "agriculture_environment",
        "industry_trade",
        "health",
        "science_technology",
        "culture_sports_tourism",
    }
    assert CouncilRole.SECRETARY in {m.role for m in seats.values()}
    assert CouncilRole.ADVISOR in {m.role for m in seats.values()}


def test_demo_council_sheets_are_in_progress(demo):
    scoring = current_dossiers().filter(state=S.COUNCIL_SCORING)
    sheets = MemberSheet.objects.filter(dossier__in=scoring)

    assert sheets.filter(submitted_at__isnull=True).exists()
    assert sheets.filter(submitted_at__isnull=False).exists()
    assert ConflictDeclaration.objects.filter(dossier__in=scoring).count() == 1
    submitted = Counter(sheets.filter(submitted_at__isnull=False).values_list("dossier", flat=True))
    assert 5 in submitted.values()  # one dossier ready for the chair to finalize
    assert scoring.exclude(pk__in=sheets.values("dossier")).exists()  # one not started
    for dossier in current_dossiers().filter(
        state__in=[S.SCORED, S.APPROVED, S.RECOGNISED, S.NOT_RECOGNISED, S.SENT_TO_MINISTRY]
    ):
        result = LevelResult.objects.get(dossier=dossier, level=Level.PROVINCE)
        assert len(result.detail["member_totals"]) == 5
        assert dossier.stars == result.stars
    sent = current_dossiers().get(state=S.SENT_TO_MINISTRY)
    assert sent.score >= 90
    assert current_dossiers().get(state=S.NOT_RECOGNISED).stars < 3


def test_demo_certificate_stars_distribution(demo):
    stars = Counter(Certificate.objects.values_list("stars", flat=True))
    total = sum(stars.values())

    assert 0.80 <= stars[3] / total <= 0.92
    assert stars[5] == 2
    assert set(stars) == {3, 4, 5}
    for certificate in Certificate.objects.filter(stars=5).select_related("decision"):
        assert certificate.decision.level == Decision.Level.CENTRAL
        assert CENTRAL_NUMBER.match(certificate.number)
        central = LevelResult.objects.get(dossier=certificate.dossier, level=Level.CENTRAL)
        assert central.stars == 5 and central.total >= 90
        assert central.decision_no == certificate.decision.number
        assert certificate.status == CertificateStatus.VALID


def test_demo_most_products_are_certified(demo):
    certified = Certificate.objects.values("product").distinct().count()

    assert certified / Product.objects.count() >= 0.85
    assert Dossier.objects.filter(kind="rerank", state=S.RECOGNISED).count() > 50
    assert Dossier.objects.filter(kind="upgrade", state=S.RECOGNISED).count() >= 5


def test_demo_certificate_numbers_and_validity(demo):
    today = timezone.localdate()
    certificates = list(Certificate.objects.select_related("superseded_by", "decision"))
    numbers = [c.number for c in certificates]

    assert len(set(numbers)) == len(numbers)
    for certificate in certificates:
        assert PROVINCE_NUMBER.match(certificate.number) or CENTRAL_NUMBER.match(
            certificate.number
        ), certificate.number
        assert certificate.valid_until == (
            certificate.issued_on + relativedelta(months=36) - datetime.timedelta(days=1)
        )
        assert certificate.issued_on == certificate.decision.date
        assert certificate.number.split("/")[1] == str(certificate.issued_on.year)
        if certificate.status == CertificateStatus.SUPERSEDED:
            assert certificate.superseded_by.issued_on > certificate.issued_on
            assert certificate.superseded_by.product_id == certificate.product_id
        elif certificate.status in (CertificateStatus.EXPIRED, CertificateStatus.EXTENDED):
            assert certificate.valid_until < today
        elif certificate.status == CertificateStatus.REVOKED:
            assert certificate.revoked_on <= today and certificate.revocation_ground
        else:
            assert certificate.status == CertificateStatus.VALID
            assert certificate.valid_until >= today
    current = Counter(
        Certificate.objects.filter(status=CertificateStatus.VALID).values_list("product", flat=True)
    )
    assert set(current.values()) == {1}


def test_demo_certificate_sequence_continues_in_the_counter(demo):
    for counter in NumberCounter.objects.all():
        suffix = "TW" if counter.issuer == "central" else counter.issuer[1:]
        sequences = [
            int(number.split("/")[0])
            for number in Certificate.objects.filter(
                issued_on__year=counter.year, number__endswith=f"-{suffix}"
            ).values_list("number", flat=True)
        ]
        assert max(sequences) == counter.last
        assert sorted(sequences) == list(range(1, counter.last + 1))


def test_demo_recognised_dossiers_have_a_certificate_and_a_decision(demo):
    recognised = Dossier.objects.filter(state=S.RECOGNISED).select_related("certificate")

    assert recognised.count() == Certificate.objects.count()
    for dossier in recognised:
        assert dossier.certificate.stars == dossier.stars
        assert dossier.certificate.score == dossier.score
        item = DecisionItem.objects.select_related("decision").get(dossier=dossier)
        assert item.decision.status == Decision.Status.ISSUED
        assert item.decision.pk == dossier.certificate.decision_id
    province = Decision.objects.filter(level=Decision.Level.PROVINCE)
    assert all(re.match(r"^\d+/QĐ-UBND$", d.number) for d in province)
    assert all(d.signer_name and d.signer_title for d in Decision.objects.all())
    assert max(d.items.count() for d in province) > 10


def test_demo_scores_are_consistent_with_stars(demo):
    for stars, score in Certificate.objects.values_list("stars", "score"):
        low, high = BANDS[stars]
        assert low <= score < high
    for result in LevelResult.objects.filter(dossier__state=S.RECOGNISED):
        low, high = BANDS[result.stars]
        assert low <= result.total < high


def test_demo_history_follows_the_rulebook_of_its_time(demo):
    history_dossiers = Dossier.objects.exclude(rulebook__slug=CURRENT_RULEBOOK).select_related(
        "rulebook", "round"
    )

    assert set(history_dossiers.values_list("state", flat=True)) == {S.RECOGNISED}
    for dossier in history_dossiers:
        assert dossier.rulebook == rulebook_in_force(dossier.submitted_on)
        assert dossier.submitted_on < dossier.proposed_on < dossier.round.proposals_before
    early = Certificate.objects.filter(issued_on__year__lte=2021)
    assert early.exists()
    assert set(early.values_list("rulebook__slug", flat=True)) == {"qd-1048-2019"}
    legacy = history_dossiers.filter(rulebook__slug="qd-1048-2019")
    assert legacy.count() > 100
    assert not legacy.filter(field_inspection__isnull=True).exists()
    assert LevelResult.objects.filter(dossier__in=legacy, level=Level.DISTRICT).count() == (
        legacy.count()
    )
    rounds = Round.objects.filter(level=Level.PROVINCE)
    assert {r.year for r in rounds} == set(range(2019, current_round().year + 1))
    for round_ in rounds:
        assert round_.rulebook == rulebook_in_force(
            round_.proposals_before - datetime.timedelta(days=1)
        )


def test_demo_dossiers_past_the_commune_have_their_samples_confirmed(demo):
    """Every demo dossier the commune (or legacy district) proposed came with the samples its
    rulebook asks for, confirmed by then; tourism services brought none."""
    proposed = Dossier.objects.filter(
        pk__in=Transition.objects.filter(action="propose").values("dossier")
    ).select_related("rulebook", "product__product_set")
    assert proposed.count() > 100
    exempt = 0
    for dossier in proposed:
        required = domain.samples_required(dossier)
        if not required:
            exempt += 1
            assert dossier.samples_confirmed is None
            continue
        assert dossier.samples_confirmed >= required, dossier.pk
        assert dossier.samples_delivered == dossier.samples_confirmed
        assert dossier.submitted_on <= dossier.samples_confirmed_on <= dossier.proposed_on
    assert exempt > 0
    # The current round's were confirmed through the domain action, so the trail says so.
    current = [
        str(dossier.pk)
        for dossier in current_dossiers().filter(state__in=[S.PROPOSED, S.ADVISORY_REVIEW])
        if domain.samples_required(dossier)
    ]
    audited = AuditEntry.objects.filter(
        object_type="dossier", object_id__in=current, changes__has_key="samples_confirmed"
    )
    assert current
    assert sorted(audited.values_list("object_id", flat=True)) == sorted(current)


def test_demo_timelines_are_ordered(demo):
    now = timezone.now()
    timelines = defaultdict(list)
    for transition in Transition.objects.order_by("at", "pk"):
        timelines[transition.dossier_id].append(transition)

    for dossier in Dossier.objects.all():
        steps = timelines[dossier.pk]
        if dossier.state == S.DRAFT:
            assert not steps
            continue
        assert steps[0].from_state == S.DRAFT
        assert steps[-1].to_state == dossier.state
        assert all(a.to_state == b.from_state for a, b in itertools.pairwise(steps))
        assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
        assert steps[-1].at <= now
        assert dossier.created_at <= steps[0].at


def test_demo_producer_account_sees_a_living_programme(demo):
    owner = user("producer")
    mine = dossiers_for_user(owner)
    current = mine.filter(rulebook__slug=CURRENT_RULEBOOK)

    assert {S.RETURNED, S.RECOGNISED, S.DRAFT} <= set(current.values_list("state", flat=True))
    recognised = current.get(state=S.RECOGNISED)
    assert recognised.certificate.status == CertificateStatus.VALID
    assert recognised.certificate.issued_on.year == timezone.localdate().year
    assert recognised.previous_certificate.status == CertificateStatus.SUPERSEDED
    assert current.get(state=S.RETURNED).reason
    assert mine.filter(state=S.RECOGNISED, stars=5).exists()


def test_demo_commune_account_has_dossiers_to_handle(demo):
    seen = dossiers_for_user(user("commune")).filter(rulebook__slug=CURRENT_RULEBOOK)

    assert {S.SUBMITTED, S.RECEIVED, S.ASSESSED} <= set(seen.values_list("state", flat=True))


def test_demo_ministry_account_is_national(demo):
    ministry = user("ministry")

    assert ministry.is_demo
    assert Membership.objects.get(user=ministry).role == Role.MINISTRY_OFFICER
    assert is_national(ministry)
    assert dossiers_for_user(ministry).count() == Dossier.objects.count()


def test_demo_actors_without_login_cannot_sign_in(demo):
    actors = User.objects.filter(is_demo=True, username__regex=r"^(ct|xa)-")

    assert actors.exists()
    assert not any(u.has_usable_password() for u in actors)


def test_demo_evaluation_second_run_creates_nothing(demo):
    call_command("load_demo", "--force", verbosity=0)

    assert counts() == demo
    assert all(Decimal(c.score) > 0 for c in Certificate.objects.all()[:5])


# --- one home for authority: the page, the API and the guard agree ----------------------------


def _api_actions(client) -> dict[int, set[str]]:
    offered, url = {}, "/api/v1/dossiers?page_size=500"
    while url:
        body = client.get(url).json()
        for row in body["results"]:
            offered[row["id"]] = set(row["available_actions"])
        url = body["next"]
    return offered


def _page_actions(client, dossier) -> set[str]:
    response = client.get(f"/dossiers/{dossier.pk}/")
    assert response.status_code == 200
    return set(re.findall(r'data-action="([a-z-]+)"', response.content.decode()))


def _guard_actions(account, dossier) -> set[str]:
    authority = rules.Authority(account)
    return {name for name in ALL_ACTIONS if authority.refusal(dossier, name) is None}


ALL_ACTIONS = (
    *workflow.DOSSIER_ACTIONS,
    rules.ADVISORY_REVIEW,
    *rules.SEAT_ACTIONS,
    rules.CONFIRM_SAMPLES,
    rules.EVIDENCE,
)


def test_demo_page_api_and_guard_offer_the_same_actions(demo, client, settings):
    """For every demo account and every dossier it sees, the actions the API lists, the actions
    whose guard lets the account through, and (for open dossiers) the buttons of the page are
    the same set."""
    from ocop.demo.catalogue import ADMIN_ACCOUNT, DEMO_ACCOUNTS, PRODUCER_USERNAME

    settings.DEBUG = True  # demo accounts sign in only in development
    page_names = set(dossier_views.PAGE_ACTIONS)
    offered_by_role = defaultdict(set)
    usernames = [a.username for a in (ADMIN_ACCOUNT, *DEMO_ACCOUNTS)]
    usernames += [PRODUCER_USERNAME, "ministry"]
    for username in usernames:
        account = user(username)
        role = Membership.objects.filter(user=account).values_list("role", flat=True).first()
        client.force_login(account)
        api = _api_actions(client)
        visible = list(
            dossiers_for_user(account).select_related(
                "rulebook", "commune__parent", "product__product_set"
            )
        )
        assert set(api) == {dossier.pk for dossier in visible}, username
        for dossier in visible:
            guard = _guard_actions(account, dossier)
            assert api[dossier.pk] == guard, (username, dossier.pk, dossier.state)
            if dossier.state not in workflow.FINAL_STATES:
                assert _page_actions(client, dossier) == guard & page_names, (
                    username,
                    dossier.pk,
                    dossier.state,
                )
            offered_by_role[role or Role.ADMIN] |= guard
    # Each role of the procedure has something to do in the demo.
    assert {"receive", "assess", "propose"} <= offered_by_role[Role.COMMUNE_OFFICER]
    assert {"accept", "open-scoring", "approve"} <= offered_by_role[Role.AGENCY_OFFICER]
    assert {"submit", "withdraw"} <= offered_by_role[Role.PRODUCER]
    assert {"score", "finalize"} <= offered_by_role[Role.COUNCIL_MEMBER]
    assert "record-ministry-result" in offered_by_role[Role.MINISTRY_OFFICER]
