"""Account actions that are not plain saves of a form."""

from django.utils.translation import gettext as _

from ocop.audit import log
from ocop.audit.models import AuditAction

# The audit trail never holds a password hash: a password change shows as this marker.
PASSWORD_MARKER = "••••••"


def record_password_change(user, *, actor, how: str) -> None:
    """Audit that `user`'s password was set (`how`: by the user, by reset link, by an admin)."""
    log.record(
        user,
        actor=actor,
        action=AuditAction.UPDATE,
        changes={"password": [PASSWORD_MARKER, PASSWORD_MARKER]},
        reason=how,
    )


def password_changed_by_user(user) -> None:
    record_password_change(user, actor=user, how=_("Người dùng tự đổi mật khẩu"))


def password_reset_by_link(user) -> None:
    record_password_change(user, actor=user, how=_("Đặt lại mật khẩu qua thư điện tử"))


def password_set_by_admin(user, *, actor) -> None:
    record_password_change(user, actor=actor, how=_("Quản trị viên đặt mật khẩu"))
