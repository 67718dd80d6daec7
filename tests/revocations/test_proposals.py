"""Automatic proposals: a producer that ceases, is dissolved or loses its licence gets one
revocation case per current certificate, once; a suspension proposes nothing."""

import datetime

import pytest
from django.utils import timezone

from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.notifications.models import Notification
from ocop.registry import domain as registry
from ocop.registry.models import Producer, ProducerStatus
from ocop.revocations import domain
from ocop.revocations.models import Ground, Level, RevocationCase, Source, State

from .conftest import certify
from .test_domain import open_case

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def change(scene, producer, status, *, actor=None, date=None):
    return registry.change_producer_status(
        producer,
        actor=actor or scene.commune,
        status=status,
        date=date or yesterday(),
        reason="UBND phường xác nhận chủ thể đã ngừng sản xuất từ tháng 10.",
    )


@pytest.mark.parametrize(
    ("status", "ground"),
    [
        (ProducerStatus.CEASED, Ground.DD),
        (ProducerStatus.DISSOLVED, Ground.DD),
        (ProducerStatus.LICENCE_REVOKED, Ground.E),
    ],
)
def test_a_stopped_producer_gets_one_case_per_current_certificate(scene, status, ground):
    change(scene, scene.dn, status)
    cases = list(RevocationCase.objects.order_by("pk"))
    assert len(cases) == 2
    assert [list(case.certificates.all()) for case in cases] == [[scene.three], [scene.four]]
    for case in cases:
        assert case.ground == ground
        assert case.source == Source.PRODUCER_STATUS_CHANGE
        assert case.finding_date == yesterday()
        assert case.state == State.OPEN
        assert case.level == Level.PROVINCE
        assert case.opened_by == scene.commune
        assert str(ProducerStatus(status).label) in case.description
        assert not case.evidence.exists()


def test_a_suspension_proposes_nothing(scene):
    change(scene, scene.dn, ProducerStatus.SUSPENDED)
    assert not RevocationCase.objects.exists()


def test_returning_to_activity_proposes_nothing(scene):
    change(scene, scene.dn, ProducerStatus.SUSPENDED)
    change(scene, scene.dn, ProducerStatus.ACTIVE)
    assert not RevocationCase.objects.exists()


def test_only_current_certificates_are_proposed(scene):
    Certificate.objects.filter(pk=scene.three.pk).update(revoked_on=yesterday())
    change(scene, scene.dn, ProducerStatus.CEASED)
    case = RevocationCase.objects.get()
    assert list(case.certificates.all()) == [scene.four]


def test_a_producer_without_certificates_gets_no_case(scene):
    Certificate.objects.filter(producer=scene.dn).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=400)
    )
    change(scene, scene.dn, ProducerStatus.DISSOLVED)
    assert not RevocationCase.objects.exists()


def test_a_five_star_certificate_is_proposed_to_the_ministry(scene):
    change(scene, scene.five, ProducerStatus.CEASED, actor=scene.agency)
    case = RevocationCase.objects.get()
    assert case.level == Level.CENTRAL
    assert list(case.certificates.all()) == [scene.five_star]


def test_proposals_are_not_made_twice(scene):
    open_case(scene, [scene.four], today=None, finding_date=yesterday())
    change(scene, scene.dn, ProducerStatus.CEASED)
    assert RevocationCase.objects.count() == 2  # the existing case and one for the 3★
    change(scene, scene.dn, ProducerStatus.DISSOLVED)
    assert RevocationCase.objects.count() == 2
    assert RevocationCase.objects.filter(certificates=scene.four).count() == 1
    assert RevocationCase.objects.filter(certificates=scene.three).count() == 1


def test_a_dismissed_proposal_is_proposed_again_on_a_later_status(scene):
    change(scene, scene.dn, ProducerStatus.CEASED)
    for case in RevocationCase.objects.all():
        domain.dismiss(case, actor=scene.agency, reason="Chủ thể hoạt động trở lại.")
    change(scene, scene.dn, ProducerStatus.DISSOLVED)
    assert RevocationCase.objects.filter(state=State.OPEN).count() == 2


def test_calling_the_proposal_twice_changes_nothing(scene):
    change(scene, scene.dn, ProducerStatus.CEASED)
    producer = Producer.objects.get(pk=scene.dn.pk)
    again = domain.propose_for_status(
        producer, to_status=ProducerStatus.CEASED, date=yesterday(), actor=scene.agency
    )
    assert again == []
    assert RevocationCase.objects.count() == 2


def test_a_refused_status_change_proposes_nothing(scene):
    with pytest.raises(DomainError):
        registry.change_producer_status(
            scene.dn, actor=scene.commune, status=ProducerStatus.CEASED, date=yesterday(), reason=""
        )
    assert not RevocationCase.objects.exists()


def test_proposals_notify_the_agency_and_the_producer(scene, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change(scene, scene.dn, ProducerStatus.LICENCE_REVOKED)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"r_producer", "r_agency"}  # the commune officer changed the status
    assert Notification.objects.filter(recipient=scene.agency).count() == 2


def test_a_new_certificate_issued_later_is_not_in_the_old_proposal(scene, units):
    change(scene, scene.dn, ProducerStatus.CEASED)
    from tests.factories import ProductFactory

    later = certify(
        ProductFactory(producer=scene.dn),
        stars=3,
        number="9/2026/GCN-OCOP-48",
        issued_on=datetime.date(2026, 1, 5),
    )
    assert not later.revocation_cases.exists()
