"""Each step of a dossier tells the people concerned, in the inbox and by e-mail."""

import pytest

from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.notifications.models import Notification

from .builders import Province, ready_dossier

pytestmark = pytest.mark.django_db


def test_submission_notifies_the_commune_and_the_producer(
    units, django_capture_on_commit_callbacks, mailoutbox
):
    p = Province(units)
    colleague = type(p.producer_user).objects.create(username="colleague", email="c@example.vn")
    from ocop.accounts.models import Membership, Role

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
