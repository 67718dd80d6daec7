"""Abstract models shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .uploads import safe_name


def evidence_path(instance, filename: str) -> str:
    """Where an evidence file is stored: its record's folder (`upload_folder`)."""
    return f"{instance.upload_folder()}/{filename}"


class EvidenceFile(models.Model):
    """A document attached to a record (a dossier, a revocation case, an inspection finding):
    PDF, JPEG or PNG, checked by content (ocop.core.uploads.validate_upload) before it is
    attached with `attach`."""

    # The storage name's stem when nothing is left of the uploaded name.
    fallback_name = "file"

    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def upload_folder(self) -> str:
        """The storage folder of this record's files."""
        raise NotImplementedError

    def attach(self, file, *, content_type: str, title: str = "") -> None:
        """Fill this (unsaved) record from an upload whose `content_type` validate_upload gave:
        its title (else the uploaded name), type and size, and put the file in storage under a
        safe name. The caller saves the record."""
        name = getattr(file, "name", "") or ""
        self.title = ((title or "").strip() or name or gettext("Tài liệu"))[:255]
        self.content_type = content_type
        self.size = file.size
        self.file.save(safe_name(name, content_type, fallback=self.fallback_name), file, save=False)
