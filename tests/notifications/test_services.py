import logging
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from ocop.core.errors import DomainError
from ocop.notifications import services
from ocop.notifications.context_processors import inbox
from ocop.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("server unavailable")


class Boom(Exception):
    pass


def _send(recipients, **overrides):
    arguments = {
        "subject": "Hồ sơ đã được tiếp nhận",
        "body": "Hồ sơ của bạn đã được cơ quan OCOP tỉnh tiếp nhận.",
        "url": "/dossiers/12/",
        "object_type": "dossier",
        "object_id": 12,
    }
    arguments.update(overrides)
    return services.send(recipients, **arguments)


def test_send_creates_one_row_per_distinct_active_recipient(django_capture_on_commit_callbacks):
    first, second = UserFactory(), UserFactory()
    inactive = UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        notifications = _send([first, None, second, first, inactive])

    assert [n.recipient for n in notifications] == [first, second]
    rows = Notification.objects.order_by("recipient_id")
    assert [(n.recipient_id, n.object_type, n.object_id) for n in rows] == [
        (first.pk, "dossier", "12"),
        (second.pk, "dossier", "12"),
    ]
    assert all(n.read_at is None and n.url == "/dossiers/12/" for n in rows)


def test_send_with_nobody_to_tell_does_nothing(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert _send([None, UserFactory(is_active=False)]) == []
        assert _send([]) == []
    assert not Notification.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_send_mails_only_recipients_with_an_address(django_capture_on_commit_callbacks, mailoutbox):
    with_address = UserFactory(email="hoa@example.vn")
    without_address = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True):
        _send([with_address, without_address])

    assert Notification.objects.filter(recipient=without_address).exists()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["hoa@example.vn"]
    assert message.subject == "Hồ sơ đã được tiếp nhận"
    assert message.body.startswith("Hồ sơ của bạn đã được cơ quan OCOP tỉnh tiếp nhận.")
    assert message.body.endswith("http://127.0.0.1:8000/dossiers/12/")


def test_send_mails_one_message_per_recipient(django_capture_on_commit_callbacks, mailoutbox):
    users = [UserFactory() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        _send(users)
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(
        user.email for user in users
    )
    assert all(len(message.to) == 1 for message in mailoutbox)


def test_mail_link_uses_the_site_url_setting(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.OCOP_SITE_URL = "https://ocop.danang.gov.vn/"
    with django_capture_on_commit_callbacks(execute=True):
        _send([UserFactory()])
    assert mailoutbox[0].body.endswith("\nhttps://ocop.danang.gov.vn/dossiers/12/")


def test_mail_without_object_link_points_to_the_inbox(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _send([UserFactory()], url="")
    assert mailoutbox[0].body.endswith("http://127.0.0.1:8000/inbox/")


def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks() as callbacks:
        _send([UserFactory()])
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mailoutbox) == 1


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        _send([user])
        raise Boom
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_mail_failure_is_logged_not_raised(settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.BrokenBackend"
    user = UserFactory()
    with (
        caplog.at_level(logging.ERROR, logger="ocop.notifications.services"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notifications = _send([user])
    assert len(notifications) == 1
    assert Notification.objects.filter(recipient=user).exists()
    assert "Could not mail a notification" in caplog.text


def test_subject_is_kept_on_one_line():
    [notification] = _send([UserFactory()], subject="Hồ sơ\nbị trả lại  ")
    assert notification.subject == "Hồ sơ bị trả lại"


def test_unread_count_and_mark_read():
    user, other = UserFactory(), UserFactory()
    first, second = (_send([user])[0] for _ in range(2))
    _send([other])
    assert services.unread_count(user) == 2

    services.mark_read(first, user=user)
    first.refresh_from_db()
    read_at = first.read_at
    assert read_at is not None
    assert services.unread_count(user) == 1

    services.mark_read(first, user=user)
    first.refresh_from_db()
    assert first.read_at == read_at
    assert services.unread_count(other) == 1
    assert second.read_at is None


def test_mark_read_refuses_someone_elses_notification():
    [notification] = _send([UserFactory()])
    with pytest.raises(DomainError):
        services.mark_read(notification, user=UserFactory())
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_own():
    user, other = UserFactory(), UserFactory()
    for _ in range(3):
        _send([user, other])
    assert services.mark_all_read(user) == 3
    assert services.unread_count(user) == 0
    assert services.unread_count(other) == 3
    assert services.mark_all_read(user) == 0


def test_context_processor_counts_unread(rf, django_assert_num_queries):
    user = UserFactory()
    _send([user])
    _send([user])
    request = rf.get("/")
    request.user = user
    with django_assert_num_queries(1):
        assert inbox(request) == {"inbox_unread": 2}
        assert inbox(request) == {"inbox_unread": 2}


def test_context_processor_gives_zero_to_anonymous(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert inbox(request) == {"inbox_unread": 0}
