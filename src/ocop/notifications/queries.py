"""Reads of the inbox, always limited to the user who asks."""

from .models import Notification


def notifications_for_user(user):
    """The user's own notifications, newest first (none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
