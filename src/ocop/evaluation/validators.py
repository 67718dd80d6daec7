"""Checks of uploaded files: the content decides the type, never the name."""

import filetype
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ocop.core.errors import DomainError

ALLOWED_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def max_upload_bytes() -> int:
    return int(getattr(settings, "OCOP_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def validate_upload(file) -> str:
    """The content type of an uploaded PDF, JPEG or PNG file; DomainError for anything else,
    an empty file, or one larger than the limit (OCOP_MAX_UPLOAD_BYTES)."""
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise DomainError(_("Tệp tải lên rỗng."), field="file")
    if size > max_upload_bytes():
        raise DomainError(
            _("Tệp lớn quá: tối đa %(limit)s.") % {"limit": filesizeformat(max_upload_bytes())},
            field="file",
        )
    file.seek(0)
    head = file.read(262)
    file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise DomainError(
            _("Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không phải các định dạng này)."),
            field="file",
        )
    return mime
