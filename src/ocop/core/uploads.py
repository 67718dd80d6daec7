"""Uploaded files (PDF, JPEG, PNG): checked by content and size, stored under a safe name,
served back as an attachment named by their title."""

import mimetypes
import re

import filetype
from django.conf import settings
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import DomainError
from .text import fold

# The accepted content types and the extension each is stored with.
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
ALLOWED_TYPES = frozenset(EXTENSIONS)
# filetype reads this many bytes to recognise a format.
HEAD_BYTES = 262


def max_upload_bytes() -> int:
    return int(settings.OCOP_MAX_UPLOAD_BYTES)


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
    head = file.read(HEAD_BYTES)
    file.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise DomainError(
            _("Chỉ nhận tệp PDF, JPEG hoặc PNG (nội dung tệp không phải các định dạng này)."),
            field="file",
        )
    return mime


def safe_name(name: str, content_type: str, *, fallback: str = "file") -> str:
    """A storage name from the uploaded name (folded to ASCII, `fallback` when nothing is left)
    and the extension of the content's type."""
    stem = fold(str(name or "").rsplit(".", 1)[0])[:60]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_") or fallback
    return f"{stem}.{EXTENSIONS[content_type]}"


def download(evidence) -> FileResponse:
    """The stored file of an `EvidenceFile` as an attachment named by its title (with the
    extension of its type); 404 when the file is gone from storage."""
    extension = mimetypes.guess_extension(evidence.content_type) or ""
    name = evidence.title
    if extension and not name.lower().endswith(extension):
        name = f"{name}{extension}"
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=evidence.content_type
    )
