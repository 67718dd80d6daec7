"""The fields of the official forms (QĐ 26/2026 Phụ lục III) kept in a dossier's JSON fields.

What the registry already knows (producer, representative, product, product set) is not asked
again; these are the remaining entries of each form.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.core.errors import DomainError


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    required: bool = True
    long: bool = False


# Mẫu 01: Phiếu đăng ký (what the registry does not hold).
REGISTRATION_FIELDS = (
    FormField("representative_title", _("Chức vụ người đại diện")),
    FormField("contact_address", _("Địa chỉ liên hệ")),
    FormField("phone", _("Điện thoại")),
    FormField("email", _("Thư điện tử"), required=False),
)

# Mẫu 02: Báo cáo tự đánh giá — parts I, II and IV (part III is the answers per criterion).
REPORT_FIELDS = (
    FormField("history", _("Lịch sử hình thành của chủ thể"), long=True),
    FormField("organisation", _("Cơ cấu tổ chức của chủ thể"), long=True),
    FormField(
        "business_results",
        _("Kết quả thực hiện phương án sản xuất, kinh doanh"),
        long=True,
    ),
    FormField("business_plan", _("Kế hoạch sản xuất, kinh doanh"), long=True),
)

# Mẫu 03: Báo cáo của UBND cấp xã đánh giá một số nội dung của hồ sơ.
ASSESSMENT_FIELDS = (
    FormField("local_materials", _("Về sử dụng nguyên liệu địa phương"), long=True),
    FormField("local_labour", _("Về sử dụng lao động địa phương"), long=True),
    FormField("idea_origin", _("Nguồn gốc ý tưởng sản phẩm"), long=True),
    FormField("local_identity", _("Bản sắc, trí tuệ địa phương"), long=True),
)

# The advisory team's review at the province (Điều 7.3).
ADVISORY_FIELDS = (
    FormField("report", _("Báo cáo thẩm định của tổ tư vấn"), long=True),
    FormField("field_survey", _("Biên bản khảo sát thực tế"), long=True),
    FormField("lab_tests", _("Yêu cầu kiểm nghiệm bổ sung"), required=False, long=True),
)


def missing(fields, values: dict) -> list[FormField]:
    """The required fields of `fields` left empty in `values`."""
    return [f for f in fields if f.required and not str(values.get(f.key) or "").strip()]


def clean(fields, values) -> dict:
    """Only the known keys, as stripped strings; anything but a mapping is refused."""
    if values is None:
        values = {}
    if not isinstance(values, dict):
        raise DomainError(_("Nội dung biểu mẫu không hợp lệ."), code="invalid")
    return {f.key: str(values.get(f.key) or "").strip() for f in fields}
