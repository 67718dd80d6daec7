"""Each step of a dossier tells the people concerned, in the inbox and by e-mail."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.accounts.models import Membership, Role
from ocop.core.errors import DomainError
from ocop.evaluation import domain, notify
from ocop.evaluation.models import Dossier
from ocop.evaluation.models import DossierState as S
from ocop.geo.models import AdminUnit, Era
from ocop.geo.models import Level as UnitLevel
from ocop.notifications.models import Notification
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import Province, ready_dossier

pytestmark = pytest.mark.django_db


def test_submission_notifies_the_commune_and_the_producer(
    units, django_capture_on_commit_callbacks, mailoutbox
):
    p = Province(units)
    colleague = type(p.producer_user).objects.create(username="colleague", email="c@example.vn")
    Membership.objects.create(user=colleague, role=Role.PRODUCER, producer=p.producer)
    dossier = ready_dossier(p.product, p.producer_user)
    with django_capture_on_commit_callbacks(execute=True):
        domain.submit(dossier, actor=p.producer_user)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    # The commune officer acts next; the producer's other account hears of it; the actor not.
    assert recipients == {p.commune_officer.username, colleague.username}
    notification = Notification.objects.get(recipient=p.commune_officer)
    assert notification.url == f"/dossiers/{dossier.pk}/"
    assert p.product.name in notification.subject
    assert {message.to[0] for message in mailoutbox} == {
        p.commune_officer.email,
        colleague.email,
    }


def test_return_tells_the_producer_why(units, django_capture_on_commit_callbacks):
    p = Province(units)
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    with django_capture_on_commit_callbacks(execute=True):
        domain.return_dossier(dossier, actor=p.commune_officer, reason="Thiếu giấy ATTP")
    notification = Notification.objects.get(recipient=p.producer_user)
    assert "Thiếu giấy ATTP" in notification.body


def test_nothing_is_sent_when_the_action_is_refused(units, django_capture_on_commit_callbacks):
    p = Province(units)
    dossier = ready_dossier(p.product, p.producer_user)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        domain.receive(dossier, actor=p.commune_officer)
    assert not Notification.objects.exists()


# --- who hears of a move, and at what cost ---------------------------------------------------


@pytest.fixture
def target(units):
    """A current commune of Đà Nẵng made (in part) of a commune of legacy Điện Bàn."""
    return AdminUnit.objects.filter(conversions_from__legacy_commune=units.legacy_commune).order_by(
        "pk"
    )[0]


def submitted_on(commune):
    """A dossier of a producer of `commune`, submitted, and the producer's account."""
    producer = ProducerFactory(commune=commune)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    dossier = ready_dossier(ProductFactory(producer=producer), owner)
    domain.submit(dossier, actor=owner)  # its notifications wait for a commit that never comes
    return dossier, owner


def recipients() -> set:
    return {n.recipient for n in Notification.objects.select_related("recipient")}


def test_a_move_notifies_the_officers_covering_the_dossier_and_no_one_else(units, target):
    dossier, owner = submitted_on(target)
    expected = {
        user_with_role(Role.COMMUNE_OFFICER, unit=target),
        # The legacy district of a commune converted into the dossier's commune.
        user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district),
    }
    other_district = (
        AdminUnit.objects.filter(era=Era.LEGACY, level=UnitLevel.DISTRICT)
        .exclude(pk=units.legacy_district.pk)
        .exclude(children__conversions_to__current_commune=target)
        .order_by("pk")
        .first()
    )
    user_with_role(Role.DISTRICT_OFFICER, unit=other_district)
    user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
    user_with_role(Role.COMMUNE_OFFICER, unit=units.hanoi_commune)
    user_with_role(Role.COMMUNE_OFFICER)  # no unit: no scope
    ended = user_with_role(Role.COMMUNE_OFFICER, unit=target)
    Membership.objects.filter(user=ended).update(is_active=False)
    # Roles that act later, not after a submission.
    user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    user_with_role(Role.MINISTRY_OFFICER)

    notify.dossier_moved(dossier.pk, "submit", owner)

    assert recipients() == expected


@pytest.mark.parametrize(
    ("state", "notified"),
    [(S.PROPOSED, {"danang_agency"}), (S.SENT_TO_MINISTRY, {"ministry"})],
)
def test_the_province_and_ministry_steps_notify_their_officers(units, target, state, notified):
    dossier, owner = submitted_on(target)
    officers = {
        "danang_agency": user_with_role(Role.AGENCY_OFFICER, unit=units.danang),
        "hanoi_agency": user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
        "ministry": user_with_role(Role.MINISTRY_OFFICER),
        "commune": user_with_role(Role.COMMUNE_OFFICER, unit=target),
    }
    Dossier.objects.filter(pk=dossier.pk).update(state=state)

    notify.dossier_moved(dossier.pk, "move", owner)

    assert recipients() == {officers[name] for name in notified}


def test_notifying_a_move_costs_the_same_queries_for_1_or_20_officers(
    units, target, django_assert_num_queries
):
    dossier, owner = submitted_on(target)
    user_with_role(Role.COMMUNE_OFFICER, unit=target)
    with CaptureQueriesContext(connection) as one_officer:
        notify.dossier_moved(dossier.pk, "submit", owner)
    assert Notification.objects.count() == 1
    Notification.objects.all().delete()
    for _ in range(10):
        user_with_role(Role.COMMUNE_OFFICER, unit=target)
    for _ in range(9):
        user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    for _ in range(10):  # 20 outside the dossier's commune
        user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        user_with_role(Role.COMMUNE_OFFICER, unit=units.hanoi_commune)

    with django_assert_num_queries(len(one_officer)):
        notify.dossier_moved(dossier.pk, "submit", owner)

    assert Notification.objects.count() == 20
