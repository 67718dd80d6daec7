"""Shared parts of the API views."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from .exports import XLSX_MEDIA_TYPE
from .serializers import ErrorSerializer, ValidationErrorSerializer

# Token first: an anonymous request then gets 401 with `WWW-Authenticate: Token`, not 403.
AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


class TokenScheme(OpenApiAuthenticationExtension):
    """`tokenAuth` in the schema, described in the request's language (drf-spectacular's own
    description is formatted once, in English)."""

    target_class = "rest_framework.authentication.TokenAuthentication"
    name = "tokenAuth"
    match_subclasses = True
    priority = 0

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("Mã token lấy tại `/api/v1/auth/token`, gửi dạng `Token <mã>`."),
        }


SEARCH_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description=_("Tìm kiếm không phân biệt dấu và hoa thường (`nuoc mam` tìm thấy `Nước mắm`)."),
)
EXPORT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "xlsx"],
    description=_(
        "`csv` hoặc `xlsx`: tải cả danh sách (đã lọc, không phân trang) thành bảng tính."
    ),
)
ERRORS = {
    400: OpenApiResponse(ValidationErrorSerializer, description=_("Dữ liệu không hợp lệ.")),
    401: OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Không có quyền với đối tượng này.")),
    404: OpenApiResponse(ErrorSerializer, description=_("Không có hoặc ngoài phạm vi.")),
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 404)}
# An action on an object seen: a broken rule (400), or not there for the caller (404).
ACTION_ERRORS = {code: ERRORS[code] for code in (400, 401, 404)}
# A write on an object seen that may also be refused because of who the caller is (403).
WRITE_ERRORS = {code: ERRORS[code] for code in (400, 401, 403, 404)}
CREATE_ERRORS = {code: ERRORS[code] for code in (400, 401, 403)}
REASON_PARAMETER = OpenApiParameter(
    "reason", OpenApiTypes.STR, description=_("Lý do ghi vào nhật ký thay đổi.")
)
DELETED = OpenApiResponse(description=_("Đã xoá; không có nội dung trả về."))


def export_responses(serializer_class) -> dict:
    """List responses: a page of JSON, or the whole filtered list as CSV / XLSX."""
    return {
        (200, "application/json"): serializer_class(many=True),
        (200, "text/csv"): OpenApiTypes.STR,
        (200, XLSX_MEDIA_TYPE): OpenApiTypes.BINARY,
        (400, "application/json"): ERRORS[400],
        (401, "application/json"): ERRORS[401],
        (404, "application/json"): OpenApiResponse(ErrorSerializer, description=_("Sai số trang.")),
    }
