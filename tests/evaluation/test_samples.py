"""The product samples (QĐ 26/2026 Art. 6.2.d): the officer who forwards the dossier confirms
the samples it received, and neither its proposal nor the agency's acceptance goes through
without the number the rulebook asks for; tourism services need none."""

import datetime

import pytest

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import CouncilRole, Dossier, Level, Transition
from ocop.evaluation.models import DossierState as S
from ocop.registry.models import ProductSet
from tests.factories import ProductFactory, user_with_role

from .builders import (
    ASSESSMENT,
    TODAY,
    Legacy,
    Province,
    answers_near,
    confirm_samples,
    ready_dossier,
    refresh,
)

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)


@pytest.fixture
def p(units):
    return Province(units)


def received(p, *, product=None, today=TODAY):
    dossier = ready_dossier(product or p.product, p.producer_user, today=today)
    domain.submit(dossier, actor=p.producer_user, today=today)
    return domain.receive(dossier, actor=p.commune_officer, today=today)


def assessed(p, **kwargs):
    dossier = received(p, **kwargs)
    today = kwargs.get("today", TODAY)
    return domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=today)


def snapshot(dossier):
    """What a refused action must leave as it was: state, samples, timeline, audit trail."""
    row = Dossier.objects.get(pk=dossier.pk)
    return (
        row.state,
        row.round_id,
        row.samples_confirmed,
        row.samples_confirmed_on,
        Transition.objects.filter(dossier=dossier).count(),
        AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).count(),
    )


def refused(call, dossier, code):
    before = snapshot(dossier)
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.code == code, error.value.message
    assert snapshot(dossier) == before
    return error.value


def test_the_rulebook_asks_for_five_samples_of_a_product(p):
    dossier = received(p)
    assert dossier.product.product_set.sector_code == "1"
    assert domain.samples_required(dossier) == 5


def test_the_commune_officer_confirms_the_samples_received(p):
    dossier = received(p)

    dossier = domain.confirm_samples(
        dossier, actor=p.commune_officer, count=5, received_on=TODAY, today=TODAY
    )

    dossier = refresh(dossier)
    assert (dossier.state, dossier.samples_confirmed) == (S.RECEIVED, 5)
    assert (dossier.samples_confirmed_on, dossier.samples_confirmed_by) == (
        TODAY,
        p.commune_officer,
    )
    entry = AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).latest("pk")
    assert (entry.action, entry.actor) == (AuditAction.UPDATE, p.commune_officer)
    assert entry.changes["samples_confirmed"] == [None, 5]
    assert entry.changes["samples_confirmed_on"] == [None, TODAY.isoformat()]
    assert entry.reason == "Xác nhận đã nhận sản phẩm mẫu"
    # Not a move: the timeline keeps its steps.
    assert [t.action for t in dossier.transitions.all()] == ["submit", "receive"]


def test_the_confirmation_may_be_corrected_until_the_proposal(p):
    dossier = received(p)
    confirm_samples(p.commune_officer, dossier, today=TODAY)
    dossier = domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)

    domain.confirm_samples(
        dossier, actor=p.commune_officer, count=6, received_on=TODAY, today=TODAY
    )

    assert refresh(dossier).samples_confirmed == 6
    entry = AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).latest("pk")
    assert entry.changes == {"samples_confirmed": [5, 6]}
    domain.propose(dossier, actor=p.commune_officer, today=TODAY)
    error = refused(
        lambda: domain.confirm_samples(
            dossier, actor=p.commune_officer, count=5, received_on=TODAY, today=TODAY
        ),
        dossier,
        "state",
    )
    assert "Đã đề nghị cấp tỉnh" in error.message


def test_samples_are_not_confirmed_before_the_dossier_is_received(p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user, today=TODAY)

    error = refused(
        lambda: domain.confirm_samples(
            dossier, actor=p.commune_officer, count=5, received_on=TODAY, today=TODAY
        ),
        dossier,
        "state",
    )
    assert "Đã nộp" in error.message


@pytest.mark.parametrize("who", ["agency", "producer_user", "chair"])
def test_only_the_commune_officer_confirms_the_samples(p, who):
    dossier = received(p)

    error = refused(
        lambda: domain.confirm_samples(
            dossier, actor=getattr(p, who), count=5, received_on=TODAY, today=TODAY
        ),
        dossier,
        "permission",
    )
    assert "Xác nhận đã nhận sản phẩm mẫu" in error.message
    assert "Cán bộ xã/phường" in error.message


def test_a_commune_officer_of_another_commune_cannot_confirm(p, units):
    dossier = received(p)
    stranger = user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune)

    refused(
        lambda: domain.confirm_samples(
            dossier, actor=stranger, count=5, received_on=TODAY, today=TODAY
        ),
        dossier,
        "permission",
    )


@pytest.mark.parametrize(
    ("count", "received_on", "field"),
    [
        (0, TODAY, "count"),
        (-5, TODAY, "count"),
        (True, TODAY, "count"),
        ("5", TODAY, "count"),
        (40000, TODAY, "count"),
        (5, None, "received_on"),
        (5, "2026-11-29", "received_on"),
        (5, TODAY + DAY, "received_on"),
        (5, TODAY - DAY, "received_on"),
    ],
)
def test_bad_counts_and_dates_are_refused(p, count, received_on, field):
    dossier = received(p)
    before = snapshot(dossier)

    with pytest.raises(DomainError) as error:
        domain.confirm_samples(
            dossier, actor=p.commune_officer, count=count, received_on=received_on, today=TODAY
        )

    assert error.value.field == field
    assert snapshot(dossier) == before


def test_propose_without_samples_is_refused_naming_the_rule(p):
    dossier = assessed(p)

    error = refused(
        lambda: domain.propose(dossier, actor=p.commune_officer, today=TODAY), dossier, "samples"
    )

    assert "QĐ 26/2026/QĐ-TTg" in error.message
    assert "Điều 6.2.d" in error.message
    assert "5 sản phẩm mẫu" in error.message
    assert "số mẫu đã xác nhận nhận: 0" in error.message
    assert refresh(dossier).proposed_on is None


def test_propose_with_fewer_samples_than_required_is_refused(p):
    dossier = received(p)
    domain.confirm_samples(
        dossier, actor=p.commune_officer, count=3, received_on=TODAY, today=TODAY
    )
    dossier = domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)

    error = refused(
        lambda: domain.propose(dossier, actor=p.commune_officer, today=TODAY), dossier, "samples"
    )
    assert "số mẫu đã xác nhận nhận: 3" in error.message

    domain.confirm_samples(
        dossier, actor=p.commune_officer, count=5, received_on=TODAY, today=TODAY
    )
    assert domain.propose(dossier, actor=p.commune_officer, today=TODAY).state == S.PROPOSED


def test_accept_without_samples_is_refused_naming_the_rule(p):
    """A dossier proposed without confirmed samples (recorded before the rule was checked) is
    not accepted by the agency."""
    dossier = received(p)
    confirm_samples(p.commune_officer, dossier, today=TODAY)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)
    dossier = domain.propose(dossier, actor=p.commune_officer, today=TODAY)
    Dossier.objects.filter(pk=dossier.pk).update(
        samples_confirmed=None, samples_confirmed_on=None, samples_confirmed_by=None
    )

    error = refused(lambda: domain.accept(dossier, actor=p.agency, today=TODAY), dossier, "samples")

    assert "Điều 6.2.d" in error.message
    assert "5 sản phẩm mẫu" in error.message
    assert refresh(dossier).state == S.PROPOSED


def test_a_tourism_dossier_goes_to_the_province_without_samples(p):
    tourism = ProductSet.objects.get(number=26)
    assert tourism.sector_code == "6"
    product = ProductFactory(producer=p.producer, product_set=tourism, name="Làng du lịch")
    dossier = received(p, product=product)
    assert domain.samples_required(dossier) == 0

    error = refused(
        lambda: domain.confirm_samples(
            dossier, actor=p.commune_officer, count=5, received_on=TODAY, today=TODAY
        ),
        dossier,
        "samples",
    )
    assert "không phải nộp sản phẩm mẫu" in error.message

    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)
    dossier = domain.propose(dossier, actor=p.commune_officer, today=TODAY)
    p.council_for(dossier.round)
    assert domain.accept(dossier, actor=p.agency, today=TODAY).state == S.ADVISORY_REVIEW
    assert refresh(dossier).samples_confirmed is None


# --- QĐ 1048/2019: the district forwards the dossier and its samples -----------------------


def test_under_1048_the_district_officer_confirms_the_samples(units):
    q = Legacy(units)
    day = D(2021, 3, 1)
    dossier = ready_dossier(q.product, q.producer_user, today=day)
    domain.submit(dossier, actor=q.producer_user, today=day)
    domain.receive(dossier, actor=q.district_officer, today=day + DAY)
    assert dossier.rulebook.slug == "qd-1048-2019"
    assert domain.samples_required(dossier) == 5
    commune_officer = user_with_role(Role.COMMUNE_OFFICER, unit=units.legacy_commune)

    error = refused(
        lambda: domain.confirm_samples(
            dossier, actor=commune_officer, count=5, received_on=day + DAY, today=day + DAY
        ),
        dossier,
        "permission",
    )
    assert "Cán bộ huyện" in error.message

    domain.inspect(
        dossier,
        actor=q.district_officer,
        date=day + 2 * DAY,
        people="Phòng Kinh tế thị xã Điện Bàn",
        findings="Đạt",
        today=day + 2 * DAY,
    )
    council = domain.create_council(
        actor=q.district_officer,
        level=Level.DISTRICT,
        name="Hội đồng OCOP thị xã Điện Bàn",
        district=units.legacy_district,
    )
    domain.add_member(
        council, actor=q.district_officer, user=q.district_chair, role=CouncilRole.CHAIR
    )
    answers = answers_near(domain.sheet_for(dossier).data, 60)
    domain.save_sheet(
        dossier, actor=q.district_chair, answers=answers, submit=True, today=day + 3 * DAY
    )
    dossier = domain.close_district_scoring(dossier, actor=q.district_officer, today=day + 3 * DAY)

    error = refused(
        lambda: domain.propose(dossier, actor=q.district_officer, today=day + 4 * DAY),
        dossier,
        "samples",
    )
    assert "QĐ 1048/QĐ-TTg (2019)" in error.message

    # The district may still confirm once its council has scored, then propose.
    domain.confirm_samples(
        dossier, actor=q.district_officer, count=5, received_on=day + DAY, today=day + 4 * DAY
    )
    dossier = refresh(dossier)
    assert (dossier.samples_confirmed, dossier.samples_confirmed_by) == (5, q.district_officer)
    assert domain.propose(dossier, actor=q.district_officer, today=day + 4 * DAY).state == (
        S.PROPOSED
    )


def test_a_legacy_dossier_past_the_transition_deadline_cannot_confirm_samples(units):
    """QĐ 26/2026 Art. 12.2: a dossier of a replaced rulebook acts no further after its limit."""
    q = Legacy(units)
    day = D(2021, 3, 1)
    dossier = ready_dossier(q.product, q.producer_user, today=day)
    domain.submit(dossier, actor=q.producer_user, today=day)
    domain.receive(dossier, actor=q.district_officer, today=day)

    refused(
        lambda: domain.confirm_samples(
            dossier, actor=q.district_officer, count=5, received_on=day, today=TODAY
        ),
        dossier,
        "deadline",
    )
