"""One error body for the whole API (docs: API.md conventions).

400 → `{"detail": "<message>", "errors": {field: [message, ...]}}`; any other error →
`{"detail": "<message>"}`. A broken rule (DomainError) is a 400; a refusal because of the caller's
role (DomainError code "permission") a 403, except where the view says otherwise
(`refusal_status`). Messages are Vietnamese source strings, translated by the request's
language (`?lang=`, else `Accept-Language`: ocop.core.middleware).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.fields import get_error_detail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ocop.core.errors import DomainError

NON_FIELD = "non_field_errors"
PERMISSION = "permission"
FORBIDDEN = status.HTTP_403_FORBIDDEN


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """`{field: [messages]}` from DRF's nested error detail, nested keys joined with dots."""
    if isinstance(detail, dict):
        errors: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == NON_FIELD and prefix:
                name = prefix
            for field, messages in _flatten(value, name).items():
                errors.setdefault(field, []).extend(messages)
        return errors
    if isinstance(detail, list):
        errors = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in _flatten(item, name).items():
                    errors.setdefault(field, []).extend(messages)
            else:
                errors.setdefault(prefix or NON_FIELD, []).append(str(item))
        return errors
    return {prefix or NON_FIELD: [str(detail)]}


def validation_body(errors: dict[str, list[str]]) -> dict:
    messages = [message for field_messages in errors.values() for message in field_messages]
    if len(messages) == 1:
        detail = messages[0]
    elif messages:
        others = len(messages) - 1
        detail = ngettext(
            "Dữ liệu gửi lên chưa hợp lệ: %(first)s (và %(count)d lỗi khác).",
            "Dữ liệu gửi lên chưa hợp lệ: %(first)s (và %(count)d lỗi khác).",
            others,
        ) % {"first": messages[0], "count": others}
    else:
        detail = _("Dữ liệu gửi lên chưa hợp lệ.")
    return {"detail": detail, "errors": errors}


def _message(exc: exceptions.APIException, request) -> str:
    """Vietnamese text for DRF's own messages (its Vietnamese catalogue is incomplete)."""
    code = getattr(exc.detail, "code", None) or exc.default_code
    is_default = str(exc.detail) == str(exc.default_detail)
    if code == "not_found" and is_default:
        return _("Không tìm thấy.")
    if code == "not_authenticated":
        return _("Bạn cần đăng nhập (thiếu thông tin xác thực).")
    if code == "authentication_failed":
        return _("Thông tin xác thực không hợp lệ (mã token sai hoặc tài khoản bị khoá).")
    if code == "permission_denied" and is_default:
        return _("Bạn không có quyền thực hiện thao tác này.")
    if code == "method_not_allowed":
        method = request.method if request is not None else ""
        return _("Không hỗ trợ phương thức “%(method)s” ở địa chỉ này.") % {"method": method}
    if code == "unsupported_media_type":
        media_type = request.content_type if request is not None else ""
        return _("Không hỗ trợ kiểu nội dung “%(media_type)s”.") % {"media_type": media_type}
    if code == "not_acceptable":
        return _("Không có định dạng trả về phù hợp với yêu cầu.")
    if code == "parse_error":
        return _("Không đọc được dữ liệu gửi lên (JSON hoặc multipart không hợp lệ).")
    if code == "throttled":
        wait = getattr(exc, "wait", None)
        if wait:
            seconds = int(wait) + (0 if float(wait).is_integer() else 1)
            return ngettext(
                "Bạn đã thử quá nhiều lần; hãy thử lại sau %(seconds)d giây.",
                "Bạn đã thử quá nhiều lần; hãy thử lại sau %(seconds)d giây.",
                seconds,
            ) % {"seconds": seconds}
        return _("Bạn đã thử quá nhiều lần; hãy thử lại sau.")
    return str(exc.detail)


def refusal_status(view) -> int:
    """The status of a role refusal (a DomainError with code "permission") by `view`: 403, the
    caller sees the object or the collection but its role may never make this write there; a
    view declaring `role_refusal_status = 400` (the dossier workflow actions) names the rule in a
    400 as for any broken rule (API.md, errors)."""
    return getattr(view, "role_refusal_status", FORBIDDEN)


def exception_handler(exc, context):
    """DRF's handler plus domain errors, Django validation errors and the house error body."""
    request = context.get("request")
    if isinstance(exc, DomainError):
        set_rollback()
        if exc.code == PERMISSION and refusal_status(context.get("view")) == FORBIDDEN:
            return Response({"detail": str(exc)}, status=FORBIDDEN)
        errors = {exc.field: [str(exc)]} if exc.field else {}
        return Response({"detail": str(exc), "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=get_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, IntegrityError):
        set_rollback()
        body = validation_body({})
        body["detail"] = _(
            "Dữ liệu xung đột với một bản ghi khác (có thể vừa được người khác thay đổi); "
            "hãy tải lại và thử lại."
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = validation_body(_flatten(exc.detail))
    elif response.status_code == status.HTTP_400_BAD_REQUEST:
        # Every 400 carries `errors`, even when no field is at fault (a body that won't parse).
        response.data = {"detail": _message(exc, request), "errors": {}}
    else:
        response.data = {"detail": _message(exc, request)}
    return response
