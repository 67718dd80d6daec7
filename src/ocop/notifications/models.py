from django.conf import settings
from django.db import models
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def is_site_relative(url: str) -> bool:
    """True for a path on this site ("/dossiers/12/"), false for anything that could leave it
    ("https://…", "//host", "/\\host", "javascript:…")."""
    return (
        bool(url)
        and url.startswith("/")
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


class Notification(models.Model):
    """A message in a user's inbox about a workflow event (also mailed when they have an
    address)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(
        _("đường dẫn"),
        max_length=500,
        blank=True,
        help_text=_("Đường dẫn trong hệ thống tới đối tượng, bắt đầu bằng “/”."),
    )
    object_type = models.CharField(_("loại đối tượng"), max_length=40, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True)
    read_at = models.DateTimeField(_("thời điểm đọc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_url(self) -> str:
        """The link to the object when it stays on this site, else ""."""
        return self.url if is_site_relative(self.url) else ""
