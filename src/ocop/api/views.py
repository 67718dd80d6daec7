"""Health, sign-in token and the audit trail of the API."""

import re
from collections.abc import Callable

from django.contrib.auth import authenticate
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.accounts.models import Role
from ocop.accounts.scope import NATIONAL_ROLES, covers_commune, memberships_of
from ocop.audit.log import entries_for
from ocop.audit.models import AuditAction, AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry.queries import producers_for_user, products_for_user

from .base import AUTHENTICATION, ERRORS
from .serializers import (
    AuditEntrySerializer,
    ErrorSerializer,
    HealthSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    ValidationErrorSerializer,
)
from .throttling import LoginFailureThrottle


class HealthView(APIView):
    """Whether the service and its database answer."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary=gettext_lazy("Tình trạng dịch vụ"),
        description=gettext_lazy("Dịch vụ và cơ sở dữ liệu của nó có trả lời hay không."),
        responses={
            200: HealthSerializer,
            503: OpenApiResponse(
                HealthSerializer, description=gettext_lazy("Cơ sở dữ liệu không trả lời.")
            ),
        },
    )
    def get(self, request):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return Response(
                {"status": "error", "database": "error"},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        return Response({"status": "ok", "database": "ok"})


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <key>`)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginFailureThrottle]

    @extend_schema(
        summary=gettext_lazy("Lấy mã token đăng nhập API"),
        description=gettext_lazy(
            "Đổi tên đăng nhập và mật khẩu lấy mã token; gửi mã trong tiêu đề "
            "`Authorization: Token <mã>` ở các yêu cầu sau."
        ),
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer, description=gettext_lazy("Sai thông tin đăng nhập.")
            ),
            429: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("Thử sai quá nhiều lần.")
            ),
        },
        auth=[],
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            LoginFailureThrottle().record_failure(request, self)
            message = _("Tên đăng nhập hoặc mật khẩu không đúng.")
            raise exceptions.ValidationError({"non_field_errors": [message]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def _deleted_registry_object_visible(user, entry, producer_key: str | None) -> bool:
    """Whether the user's scope covered a registry object that has since been deleted, judged
    from the last snapshot its delete entry keeps (its commune and producer)."""
    changes = entry.changes or {}
    commune_id = (changes.get("commune") or [None])[0]
    producer_id = (
        int(entry.object_id) if producer_key is None else (changes.get(producer_key) or [None])[0]
    )
    commune = AdminUnit.objects.filter(pk=commune_id).first() if commune_id else None
    for membership in memberships_of(user):
        if membership.role in NATIONAL_ROLES:
            return True
        if membership.role == Role.PRODUCER:
            if producer_id is not None and membership.producer_id == producer_id:
                return True
        elif commune is not None and covers_commune(membership, commune):
            return True
    return False


# Audited object types readable at /audit: type → (queryset of visible objects for a user,
# whether the user's scope covered a deleted object given its delete entry).
# `stored_as` is the object type the audit rows carry when it differs from the API's name.
AUDIT_OBJECT_TYPES: dict[str, tuple[Callable, Callable, str]] = {}


def register_audit_type(
    name: str, visible: Callable, deleted_visible: Callable, *, stored_as: str = ""
) -> None:
    """Let another app's resources be read at `/api/v1/audit?object=<name>:<id>`."""
    AUDIT_OBJECT_TYPES[name] = (visible, deleted_visible, stored_as or name)


register_audit_type(
    "producer",
    producers_for_user,
    lambda user, entry: _deleted_registry_object_visible(user, entry, None),
)
register_audit_type(
    "product",
    products_for_user,
    lambda user, entry: _deleted_registry_object_visible(user, entry, "producer"),
)

OBJECT_REFERENCE = re.compile(r"^([a-z][a-z_-]*):([0-9]{1,18})$")


class AuditListView(generics.ListAPIView):
    """The audit trail of one object the caller can see, newest first."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = AuditEntrySerializer

    @extend_schema(
        summary=gettext_lazy("Nhật ký thay đổi của một đối tượng"),
        description=gettext_lazy(
            "Nhật ký thay đổi của một đối tượng trong phạm vi của người dùng, mới nhất trước."
        ),
        parameters=[
            OpenApiParameter(
                "object",
                OpenApiTypes.STR,
                required=True,
                pattern=OBJECT_REFERENCE.pattern,
                description=gettext_lazy("`<loại>:<mã>`, ví dụ `producer:12` hoặc `product:7`."),
            )
        ],
        responses={
            200: AuditEntrySerializer(many=True),
            **{code: ERRORS[code] for code in (400, 401, 404)},
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        reference = self.request.query_params.get("object", "")
        match = OBJECT_REFERENCE.match(reference.strip())
        if match is None:
            message = _("Hãy ghi đối tượng dạng <loại>:<mã>, ví dụ producer:12.")
            raise exceptions.ValidationError({"object": [message]})
        kind, object_id = match.group(1), int(match.group(2))
        if kind not in AUDIT_OBJECT_TYPES:
            raise exceptions.NotFound()
        visible, deleted_visible, stored_as = AUDIT_OBJECT_TYPES[kind]
        user = self.request.user
        entries = entries_for(stored_as, object_id)
        if not visible(user).filter(pk=object_id).exists():
            deletion = entries.filter(action=AuditAction.DELETE).first()
            if deletion is None or not deleted_visible(user, deletion):
                raise exceptions.NotFound()
        return entries


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any path under the API that names no resource: the API's 404 body, in JSON, whatever
    the method (it changes nothing, so no CSRF check stands before the answer)."""
    return JsonResponse({"detail": _("Không tìm thấy.")}, status=404)
