import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.vn import mst

# Household businesses registered before unified tax codes carry a local certificate number:
# two-digit province code, a letter, then digits (e.g. 33A8001234).
LOCAL_HOUSEHOLD_NUMBER = re.compile(r"^\d{2}[A-Z]\d{6,9}$")


def normalize_registration_no(value: str) -> str:
    """Canonical form of a registration or tax number: no spaces, dashes or dots, upper case."""
    compact = re.sub(r"[\s.\-]", "", value or "").upper()
    if compact.isdigit() and len(compact) == 13:
        return f"{compact[:10]}-{compact[10:]}"
    return compact


def validate_registration_no(value: str) -> None:
    """A Vietnamese tax code (10 digits, or 13 for a branch) with a correct check digit,
    or a household business's local certificate number."""
    compact = normalize_registration_no(value)
    if LOCAL_HOUSEHOLD_NUMBER.match(compact):
        return
    digits = compact.replace("-", "")
    if not digits.isdigit() or len(digits) not in (10, 13):
        raise ValidationError(
            _(
                "Mã số đăng ký/mã số thuế phải gồm 10 chữ số (hoặc 13 chữ số với đơn vị "
                "phụ thuộc), hoặc là số giấy chứng nhận hộ kinh doanh dạng 33A8001234."
            ),
            code="registration_format",
        )
    if not mst.is_valid(digits):
        raise ValidationError(
            _("Mã số thuế %(value)s không hợp lệ (sai chữ số kiểm tra)."),
            code="registration_checksum",
            params={"value": compact},
        )


PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_photo(upload) -> None:
    """An uploaded product photo: a real JPEG, PNG or WebP image no larger than PHOTO_MAX_BYTES.

    The content is checked, not the file name."""
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat
    from PIL import Image, UnidentifiedImageError

    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("Ảnh quá lớn (%(size)s); tối đa %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.PHOTO_MAX_BYTES),
            },
            code="photo_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Tệp tải lên không phải là ảnh hợp lệ (chấp nhận JPEG, PNG, WebP)."),
            code="photo_not_image",
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    if image_format not in PHOTO_FORMATS:
        raise ValidationError(
            _("Định dạng ảnh %(format)s không được chấp nhận (chấp nhận JPEG, PNG, WebP).")
            % {"format": image_format},
            code="photo_format",
        )
