"""`/api/v1/revocations`: scoped lists and details of revocation cases; cases are opened,
decided, dismissed and given documents through the revocations' domain actions (a broken rule
is a 400 naming it; a refusal because of the caller's role a 403 on a case they can see)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from ocop.api.base import (
    CREATE_ERRORS,
    EXPORT_PARAMETER,
    READ_ERRORS,
    WRITE_ERRORS,
    export_responses,
)
from ocop.api.permissions import RulesPermission
from ocop.api.views import register_audit_type
from ocop.api.viewsets import ScopedViewSet
from ocop.certification.queries import certificates_for_user

from . import domain
from .exports import CASE_COLUMNS
from .filters import RevocationFilter
from .models import RevocationCase
from .notify import OBJECT_TYPE
from .queries import cases_for_user, with_details
from .serializers import (
    CREATE_DESCRIPTION,
    RevocationCreateJSONSerializer,
    RevocationCreateSerializer,
    RevocationDecideSerializer,
    RevocationDismissSerializer,
    RevocationEvidenceUploadSerializer,
    RevocationSerializer,
)

MULTIPART = [MultiPartParser, FormParser]


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Các hồ sơ thu hồi giấy chứng nhận trong phạm vi của người dùng"),
        parameters=[EXPORT_PARAMETER],
        responses=export_responses(RevocationSerializer),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Một hồ sơ thu hồi"),
        responses={200: RevocationSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary=gettext_lazy("Lập hồ sơ đề xuất thu hồi giấy chứng nhận (Điều 8)"),
        description=CREATE_DESCRIPTION,
        request={
            "multipart/form-data": RevocationCreateSerializer,
            "application/json": RevocationCreateJSONSerializer,
        },
        responses={201: RevocationSerializer, **CREATE_ERRORS},
    ),
)
class RevocationViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Revocation cases (hồ sơ thu hồi giấy chứng nhận)."""

    serializer_class = RevocationSerializer
    filterset_class = RevocationFilter
    permission_classes = [RulesPermission]
    action_permissions = {"create": "revocations.add_revocationcase"}
    export_name = "ho-so-thu-hoi-ocop"
    export_title = gettext_lazy("Hồ sơ thu hồi")
    export_columns = CASE_COLUMNS

    def initialize_request(self, request, *args, **kwargs):
        self._method = request.method.lower()
        return super().initialize_request(request, *args, **kwargs)

    def get_parsers(self):
        name = getattr(self, "action", None) or self.action_map.get(getattr(self, "_method", ""))
        if name == "create":
            return [JSONParser(), MultiPartParser(), FormParser()]
        return super().get_parsers()

    def get_queryset(self):
        if self.fake():
            return RevocationCase.objects.none()
        return with_details(cases_for_user(self.request.user))

    def _represent(self, pk, code=status.HTTP_200_OK) -> Response:
        case = with_details(cases_for_user(self.request.user)).filter(pk=pk).first()
        if case is None:  # opened on certificates beyond the opener's view of cases
            case = with_details(RevocationCase.objects.with_overdue()).get(pk=pk)
        return Response(RevocationSerializer(case).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = RevocationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = list(dict.fromkeys(data.pop("certificates")))
        found = {c.pk: c for c in certificates_for_user(request.user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            message = _("Không tìm thấy giấy chứng nhận mã %(ids)s trong phạm vi của bạn.") % {
                "ids": ", ".join(missing)
            }
            raise exceptions.ValidationError({"certificates": [message]})
        case = domain.open_case(
            certificates=[found[pk] for pk in ids],
            ground=data["ground"],
            source=data["source"],
            finding_date=data["finding_date"],
            description=data.get("description", ""),
            actor=request.user,
            evidence=data.get("evidence") or [],
        )
        return self._represent(case.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Quyết định thu hồi (cấp có thẩm quyền)"),
        description=gettext_lazy(
            "UBND cấp tỉnh (cơ quan OCOP của tỉnh) với giấy 3–4 sao, Bộ Nông nghiệp và Môi trường "
            "với giấy 5 sao. Các giấy chứng nhận của hồ sơ bị thu hồi từ ngày quyết định."
        ),
        request=RevocationDecideSerializer,
        responses={200: RevocationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="decide", url_name="decide")
    def decide(self, request, pk=None):
        case = self.get_object()
        serializer = RevocationDecideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        domain.decide(
            case,
            actor=request.user,
            decision_no=serializer.validated_data["decision_no"],
            date=serializer.validated_data["date"],
        )
        return self._represent(case.pk)

    @extend_schema(
        summary=gettext_lazy("Kết thúc hồ sơ, không thu hồi (cấp có thẩm quyền)"),
        request=RevocationDismissSerializer,
        responses={200: RevocationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="dismiss", url_name="dismiss")
    def dismiss(self, request, pk=None):
        case = self.get_object()
        serializer = RevocationDismissSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        domain.dismiss(case, actor=request.user, reason=serializer.validated_data["reason"])
        return self._represent(case.pk)

    @extend_schema(
        summary=gettext_lazy("Bổ sung tài liệu chứng minh (PDF, JPEG, PNG)"),
        request={"multipart/form-data": RevocationEvidenceUploadSerializer},
        responses={201: RevocationSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="evidence",
        url_name="evidence",
        parser_classes=MULTIPART,
    )
    def evidence(self, request, pk=None):
        case = self.get_object()
        serializer = RevocationEvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        domain.add_evidence(
            case,
            actor=request.user,
            file=serializer.validated_data["file"],
            title=serializer.validated_data.get("title", ""),
        )
        return self._represent(case.pk, status.HTTP_201_CREATED)


register_audit_type(OBJECT_TYPE, cases_for_user, lambda user, entry: False)
# API.md names audit types by the resource's singular: `revocation:<id>`.
register_audit_type("revocation", cases_for_user, lambda user, entry: False, stored_as=OBJECT_TYPE)
