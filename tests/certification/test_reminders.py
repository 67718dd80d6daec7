"""Re-ranking reminders: in the inbox and by e-mail, to the producer's accounts and the commune
officers, when the filing window opens and 14 days before it closes; each once, whatever the
number of runs; none once a re-ranking dossier is filed, none for revoked or replaced
certificates; a run after a missed day catches up."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection

from ocop.accounts.models import Membership, Role
from ocop.certification import reranking
from ocop.certification.models import Certificate, ReminderLog
from ocop.certification.tasks import send_rerank_reminders
from ocop.criteria.models import Rulebook
from ocop.evaluation.models import Dossier, DossierState
from ocop.notifications.models import Notification
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .conftest import make_certificate, make_decision, make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
ISSUED = D(2024, 4, 29)  # valid through 2027-04-28: window 2026-10-30 … 2026-12-29
START = D(2026, 10, 30)
END = D(2026, 12, 29)
WINDOW_OPEN = ReminderLog.Kind.WINDOW_OPEN
CLOSING_SOON = ReminderLog.Kind.CLOSING_SOON


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


class People:
    """A producer of Phường Hải Vân with a certificate, and who should (not) hear of it."""

    def __init__(self, units, number="7/2024/GCN-OCOP-48"):
        self.producer = ProducerFactory(commune=units.hai_van)
        product = ProductFactory(producer=self.producer, name="Nước mắm Hải Vân")
        dossier = make_dossier(product, rulebook=Rulebook.objects.get(slug="qd-148-2023"))
        decision = make_decision([dossier], number=f"{number.split('/')[0]}/QĐ-UBND", date=ISSUED)
        self.certificate = make_certificate(dossier, decision, number=number)
        self.owner = user_with_role(Role.PRODUCER, producer=self.producer)
        self.officer = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        # Nobody else hears of it: another commune, the province, a former account.
        self.elsewhere = user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune)
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
        self.former = user_with_role(Role.PRODUCER, producer=self.producer)
        Membership.objects.filter(user=self.former).update(is_active=False)

    @property
    def recipients(self):
        return {self.owner, self.officer}


@pytest.fixture
def people(units):
    return People(units)


def inbox(certificate):
    return Notification.objects.filter(object_type="certificate", object_id=str(certificate.pk))


def sent(certificate):
    return list(
        ReminderLog.objects.filter(certificate=certificate)
        .order_by("pk")
        .values_list("kind", "sent_on")
    )


def run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reranking.send_reminders(day)


def test_the_window_is_the_one_of_the_certificate(people):
    calendar = reranking.calendar_of(people.certificate)

    assert people.certificate.valid_until == D(2027, 4, 28)
    assert (calendar.window_start, calendar.window_end) == (START, END)


def test_the_opening_of_the_window_is_announced_to_the_producer_and_the_commune(
    people, django_capture_on_commit_callbacks
):
    result = run(START, django_capture_on_commit_callbacks)

    assert (result.window_open, result.closing_soon, result.recipients) == (1, 0, 2)
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]
    notifications = inbox(people.certificate)
    assert {n.recipient for n in notifications} == people.recipients
    notification = notifications.first()
    assert "Nước mắm Hải Vân" in notification.subject
    assert "7/2024/GCN-OCOP-48" in notification.body
    assert "30/10/2026" in notification.body and "29/12/2026" in notification.body
    assert notification.url == f"/certificates/{people.certificate.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people.recipients)
    assert "Nước mắm Hải Vân" in mail.outbox[0].subject


def test_running_twice_sends_each_reminder_once(people, django_capture_on_commit_callbacks):
    run(START, django_capture_on_commit_callbacks)
    again = run(START, django_capture_on_commit_callbacks)
    next_day = run(START + days(1), django_capture_on_commit_callbacks)

    assert (again.window_open, again.already_sent) == (0, 1)
    assert (next_day.window_open, next_day.closing_soon) == (0, 0)
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]
    assert inbox(people.certificate).count() == 2
    assert len(mail.outbox) == 2


def test_the_second_reminder_goes_14_days_before_the_window_closes(
    people, django_capture_on_commit_callbacks
):
    assert reranking.CLOSING_SOON_DAYS == 14
    run(START, django_capture_on_commit_callbacks)
    before = run(END - days(15), django_capture_on_commit_callbacks)
    due = run(END - days(14), django_capture_on_commit_callbacks)
    again = run(END - days(3), django_capture_on_commit_callbacks)

    assert before.closing_soon == 0
    assert (due.closing_soon, again.closing_soon) == (1, 0)
    assert sent(people.certificate) == [(WINDOW_OPEN, START), (CLOSING_SOON, END - days(14))]
    closing = inbox(people.certificate).filter(subject__startswith="Sắp hết hạn")
    assert {n.recipient for n in closing} == people.recipients
    assert "còn 14 ngày" in closing.first().body
    assert len(mail.outbox) == 4


def test_a_later_run_catches_up_a_missed_opening(people, django_capture_on_commit_callbacks):
    result = run(START + days(20), django_capture_on_commit_callbacks)

    assert result.window_open == 1
    assert sent(people.certificate) == [(WINDOW_OPEN, START + days(20))]


def test_a_run_late_in_the_window_sends_only_the_closing_reminder(
    people, django_capture_on_commit_callbacks
):
    result = run(END - days(5), django_capture_on_commit_callbacks)
    last_day = run(END, django_capture_on_commit_callbacks)

    assert (result.window_open, result.closing_soon) == (0, 1)
    assert (last_day.window_open, last_day.closing_soon) == (0, 0)
    assert sent(people.certificate) == [(CLOSING_SOON, END - days(5))]


def test_no_reminder_outside_the_window(people, django_capture_on_commit_callbacks):
    for day in (START - days(1), END + days(1), D(2027, 4, 28), D(2027, 5, 1)):
        run(day, django_capture_on_commit_callbacks)

    assert sent(people.certificate) == []
    assert not inbox(people.certificate).exists()


def rerank_dossier(certificate, *, submitted_on=None, state=DossierState.SUBMITTED):
    return Dossier.objects.create(
        product=certificate.product,
        producer=certificate.producer,
        commune=certificate.product.commune,
        province=certificate.province,
        kind="rerank",
        state=state,
        rulebook=Rulebook.objects.get(slug="qd-26-2026"),
        previous_certificate=certificate,
        submitted_on=submitted_on,
    )


def test_no_reminder_once_a_rerank_dossier_is_filed(people, django_capture_on_commit_callbacks):
    run(START, django_capture_on_commit_callbacks)
    rerank_dossier(people.certificate, submitted_on=START + days(3))

    result = run(END - days(14), django_capture_on_commit_callbacks)

    assert result.closing_soon == 0
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]


def test_a_draft_or_withdrawn_dossier_does_not_stop_the_reminders(
    people, django_capture_on_commit_callbacks
):
    rerank_dossier(people.certificate, state=DossierState.DRAFT)
    rerank_dossier(people.certificate, submitted_on=START, state=DossierState.WITHDRAWN)

    result = run(START + days(1), django_capture_on_commit_callbacks)

    assert result.window_open == 1


def test_no_reminder_for_a_revoked_or_replaced_certificate(
    units, people, django_capture_on_commit_callbacks
):
    replaced = People(units, number="8/2024/GCN-OCOP-48")
    Certificate.objects.filter(pk=people.certificate.pk).update(revoked_on=START - days(10))
    Certificate.objects.filter(pk=replaced.certificate.pk).update(superseded_on=START - days(1))

    result = run(START, django_capture_on_commit_callbacks)

    assert (result.window_open, result.closing_soon) == (0, 0)
    assert not ReminderLog.objects.exists()
    assert not Notification.objects.exists()


def test_a_reminder_already_logged_by_another_run_is_skipped(
    people, django_capture_on_commit_callbacks
):
    ReminderLog.objects.create(certificate=people.certificate, kind=WINDOW_OPEN, sent_on=START)

    result = run(START + days(1), django_capture_on_commit_callbacks)

    assert (result.window_open, result.already_sent) == (0, 1)
    assert not inbox(people.certificate).exists()


# --- the management command and the task ------------------------------------------------------


def test_the_command_sends_the_reminders_of_a_date(
    people, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_rerank_reminders", "--date", START.isoformat())
        call_command("send_rerank_reminders", "--date", START.isoformat())

    out = capsys.readouterr().out
    assert "2026-10-30" in out
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]
    assert len(mail.outbox) == 2


def test_the_command_runs_for_today_by_default(people, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 2, 6, 0), tick=False)

    call_command("send_rerank_reminders", verbosity=0)

    assert sent(people.certificate) == [(WINDOW_OPEN, D(2026, 11, 2))]


def test_the_command_refuses_a_bad_date(people):
    with pytest.raises(CommandError, match="2026-13-01"):
        call_command("send_rerank_reminders", "--date", "2026-13-01")

    assert not ReminderLog.objects.exists()


def test_the_command_can_hand_the_work_to_the_task_worker(people, capsys):
    # The tests' task backend runs a queued task at once.
    call_command("send_rerank_reminders", "--date", START.isoformat(), "--enqueue")

    assert "hàng đợi" in capsys.readouterr().out
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]


def test_the_task_returns_what_it_did(people):
    result = send_rerank_reminders.enqueue(today_iso=START.isoformat())

    assert result.return_value == {
        "day": "2026-10-30",
        "window_open": 1,
        "closing_soon": 0,
        "already_sent": 0,
        "recipients": 2,
    }
    assert send_rerank_reminders.call(today_iso=START.isoformat())["already_sent"] == 1


# --- two runs at once (PostgreSQL) ------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent runs are exercised on PostgreSQL"
)
def test_two_runs_at_once_send_each_reminder_once(reference_db, units):
    people = People(units)
    barrier = threading.Barrier(2)
    errors = []

    def go():
        try:
            barrier.wait(timeout=10)
            reranking.send_reminders(START)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert sent(people.certificate) == [(WINDOW_OPEN, START)]
    assert inbox(people.certificate).count() == 2
