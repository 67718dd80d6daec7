"""Sending notifications (inbox rows plus e-mail) and marking them read.

Callers pass subjects and bodies already translated; the mail goes out only once the
surrounding transaction commits, and a mail failure never undoes or breaks the action.
"""

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.core.errors import DomainError

from .models import Notification, is_site_relative

logger = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
SUBJECT_MAX = Notification._meta.get_field("subject").max_length


def _distinct_active(recipients) -> list:
    """Active users among `recipients`, each once, in the order given (None is skipped)."""
    seen = set()
    users = []
    for user in recipients or ():
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def absolute_url(path: str) -> str:
    """`path` on this site as a full address, from `OCOP_SITE_URL`."""
    site = getattr(settings, "OCOP_SITE_URL", DEFAULT_SITE_URL) or DEFAULT_SITE_URL
    return site.rstrip("/") + path


def _mail_body(body: str, url: str) -> str:
    link = absolute_url(url if is_site_relative(url) else reverse("notifications:inbox"))
    text = body.rstrip()
    return f"{text}\n\n{_('Xem chi tiết:')}\n{link}" if text else link


def _deliver(messages: list[EmailMessage]) -> None:
    """Send each message on one connection; failures are logged, never raised."""
    try:
        with get_connection() as connection:
            for message in messages:
                message.connection = connection
                try:
                    message.send()
                except Exception:
                    logger.exception("Could not mail a notification to %s", message.to)
    except Exception:
        logger.exception("Could not open the mail connection for %d notifications", len(messages))


def send(
    recipients: Iterable,
    *,
    subject: str,
    body: str,
    url: str = "",
    object_type: str = "",
    object_id="",
) -> list[Notification]:
    """Put a notification in the inbox of each distinct active user among `recipients` and,
    after the transaction commits, mail those who have an e-mail address.

    `url` is a site-relative link to the object ("/dossiers/12/"); `object_type`/`object_id`
    name it for filtering ("dossier", 12)."""
    users = _distinct_active(recipients)
    if not users:
        return []
    subject = " ".join(str(subject).split())[:SUBJECT_MAX]
    body = str(body)
    object_id = "" if object_id is None else str(object_id)
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                subject=subject,
                body=body,
                url=url,
                object_type=object_type,
                object_id=object_id,
            )
            for user in users
        ]
    )
    addressed = [user.email for user in users if user.email]
    if addressed:
        mail_body = _mail_body(body, url)
        messages = [
            EmailMessage(subject, mail_body, settings.DEFAULT_FROM_EMAIL, [address])
            for address in addressed
        ]
        transaction.on_commit(partial(_deliver, messages))
    return notifications


def unread_count(user) -> int:
    """How many notifications the user has not read (0 for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(notification: Notification, *, user) -> Notification:
    """Mark one of the user's own notifications read (reading it again changes nothing)."""
    if user is None or notification.recipient_id != user.pk:
        raise DomainError(_("Thông báo này không phải của bạn."), code="not_recipient")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
