"""The demo's certificate lifecycle: on the day it is loaded, certificates of every status, two
of them extended by a re-ranking dossier (one filed in the window, one late), windows open in
the demo province, and the reminders due. Built once for the package (conftest.py)."""

import datetime
import itertools

import pytest
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Role, User
from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification import reranking
from ocop.certification.models import Certificate, CertificateStatus, NumberCounter, ReminderLog
from ocop.certification.queries import certificates_for_user
from ocop.criteria.queries import rulebook_in_force
from ocop.demo.lifecycle import LifecycleSummary, build_lifecycle
from ocop.evaluation.models import Dossier, DossierState, Round, Transition
from ocop.geo.models import AdminUnit, Era, Level
from ocop.notifications.models import Notification
from ocop.registry.models import Product

pytestmark = pytest.mark.django_db


def province():
    return AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=48)


def run_lifecycle():
    return build_lifecycle(
        province=province(),
        products=Product.objects.select_related(
            "producer__commune__parent", "commune__parent", "product_set"
        ),
        admin=User.objects.get(username="admin"),
    )


@pytest.fixture(scope="module")
def demo(demo_build, django_db_blocker):
    """What the lifecycle step made in the demo built once for the package (conftest.py)."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert run_lifecycle() == LifecycleSummary()  # a second run adds nothing
        transaction.set_rollback(True)
    return demo_build.lifecycle


def statuses(on=None):
    return set(Certificate.objects.with_status(on).values_list("status", flat=True))


def test_certificates_of_every_status(demo):
    assert statuses() == set(CertificateStatus.values)
    assert Certificate.objects.filter(status=CertificateStatus.REVOKED).count() >= 1
    for certificate in Certificate.objects.filter(status=CertificateStatus.REVOKED):
        assert certificate.revocation_ground in {"a", "b", "c", "d", "dd", "e"}
        entry = AuditEntry.objects.get(
            object_type="certificate",
            object_id=str(certificate.pk),
            action=AuditAction.STATUS_CHANGE,
        )
        assert entry.changes["status"] == ["valid", "revoked"]


def test_two_certificates_are_extended_by_a_rerank_filed_in_the_window_and_late(demo):
    today = timezone.localdate()
    extended = Certificate.objects.filter(status=CertificateStatus.EXTENDED)
    assert extended.count() >= 2
    filings = []
    for certificate in extended:
        dossier = Dossier.objects.get(previous_certificate=certificate, kind="rerank")
        assert dossier.state in {DossierState.SUBMITTED, DossierState.RECEIVED}
        assert dossier.closed_on is None
        assert certificate.valid_until < today
        start, end = certificate.rerank_window()
        filings.append(
            "window"
            if start <= dossier.submitted_on <= end
            else "late"
            if dossier.submitted_on > certificate.valid_until
            else "other"
        )
        actions = list(
            Transition.objects.filter(dossier=dossier)
            .order_by("at")
            .values_list("action", flat=True)
        )
        assert actions[0] == "submit"
        assert dossier.rulebook == rulebook_in_force(dossier.submitted_on)
    assert {"window", "late"} <= set(filings)


def test_windows_are_open_today_in_the_demo_province(demo):
    today = timezone.localdate()
    open_now = Certificate.objects.in_rerank_window(today).filter(province=province())

    assert open_now.count() >= 4
    agency = User.objects.get(username="agency")
    rows = reranking.rows(reranking.rerank_list(certificates_for_user(agency), today=today), today)
    assert {row.certificate.pk for row in rows if row.phase == reranking.OPEN} >= set(
        open_now.values_list("pk", flat=True)
    )


def test_the_reminders_due_today_were_sent(demo):
    today = timezone.localdate()
    for certificate in Certificate.objects.in_rerank_window(today).exclude(
        reranking.filed_q(today)
    ):
        log = ReminderLog.objects.get(certificate=certificate)
        assert log.sent_on == today
        assert log.recipients >= 1
        recipients = Notification.objects.filter(
            object_type="certificate", object_id=str(certificate.pk)
        ).values_list("recipient__memberships__role", flat=True)
        assert Role.PRODUCER in set(recipients)
        assert Role.COMMUNE_OFFICER in set(recipients)


def test_the_extra_rounds_follow_the_rulebook_of_their_time(demo):
    extra = Round.objects.filter(is_extra=True)

    assert extra.count() == 2
    for round_ in extra:
        assert round_.rulebook == rulebook_in_force(round_.proposals_before)
        for dossier in round_.dossiers.all():
            assert dossier.state == DossierState.RECOGNISED
            assert dossier.rulebook == rulebook_in_force(dossier.submitted_on)
            assert dossier.submitted_on < dossier.proposed_on < round_.proposals_before
            assert dossier.certificate.issued_on == dossier.certificate.decision.date


def test_the_timelines_stay_in_order(demo):
    now = timezone.now()
    timelines = {}
    for transition in Transition.objects.order_by("at", "pk"):
        timelines.setdefault(transition.dossier_id, []).append(transition)
    for dossier in Dossier.objects.filter(kind="rerank", round__isnull=True):
        steps = timelines.get(dossier.pk, [])
        if dossier.state == DossierState.DRAFT:
            continue
        assert steps[-1].to_state == dossier.state
        assert all(a.at <= b.at for a, b in itertools.pairwise(steps))
        assert steps[-1].at <= now
        assert dossier.created_at <= steps[0].at


def test_the_certificate_numbers_run_on_without_gaps(demo):
    for counter in NumberCounter.objects.all():
        suffix = "TW" if counter.issuer == "central" else counter.issuer[1:]
        sequences = sorted(
            int(number.split("/")[0])
            for number in Certificate.objects.filter(
                issued_on__year=counter.year, number__endswith=f"-{suffix}"
            ).values_list("number", flat=True)
        )
        assert sequences == list(range(1, counter.last + 1))


def test_a_second_run_changes_nothing(demo):
    counts = (
        Certificate.objects.count(),
        Dossier.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
        ReminderLog.objects.count(),
    )

    again = run_lifecycle()

    assert (again.window_open, again.extended, again.revoked, again.reminders) == (0, 0, 0, 0)
    assert counts == (
        Certificate.objects.count(),
        Dossier.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
        ReminderLog.objects.count(),
    )
    assert reranking.send_reminders(timezone.localdate()).window_open == 0


def test_the_summary_counts_what_was_made(demo):
    assert demo.window_open >= 1
    assert demo.extended == 2
    # The revocation demo ran first and decided a real case: nothing is revoked by hand.
    assert demo.revoked == 0
    assert demo.reminders >= demo.window_open
    assert datetime.date.today()  # the demo is relative to the day it is loaded
