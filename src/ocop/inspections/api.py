"""`/api/v1/inspections`: inspection plans within the caller's scope with their targets, visits
and findings; plans, targets, visits, findings, files and referrals go through
`inspections/domain.py` (a DomainError is a 400 naming the rule, a refusal because of who the
caller is a 403 on a plan they can see; a plan outside their scope is a 404)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of
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
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.core.limits import MAX_DB_INTEGER
from ocop.registry.models import Producer, Product

from . import domain, exports
from .filters import PlanFilter
from .models import Finding, FindingEvidence, InspectionPlan, InspectionTarget, Visit
from .queries import plans_for_user
from .serializers import (
    FindingCreateSerializer,
    FindingEvidenceSerializer,
    FindingEvidenceUploadSerializer,
    FindingSerializer,
    PlanCreateSerializer,
    PlanSerializer,
    TargetInputSerializer,
    TargetSerializer,
    VisitCreateSerializer,
    VisitSerializer,
)

VISIT_ID = OpenApiParameter(
    "visit_id",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("Mã lần kiểm tra."),
)
FINDING_ID = OpenApiParameter(
    "finding_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Mã phát hiện.")
)


def resolve_target(producer_id, product_id) -> tuple[Producer | None, Product | None]:
    """The producer and product named by ids; an unknown producer is None (the domain refuses
    it with the same words as one outside the province), an unknown product a DomainError."""
    producer = Producer.objects.select_related("commune").filter(pk=producer_id).first()
    product = None
    if product_id is not None:
        product = Product.objects.select_related("commune").filter(pk=product_id).first()
        if product is None:
            raise DomainError(
                _("Sản phẩm mã %(id)s không có hoặc không phải của chủ thể.") % {"id": product_id},
                field="product",
            )
    return producer, product


def _object_id(value) -> int:
    number = int(value)
    if number > MAX_DB_INTEGER:
        raise exceptions.NotFound()
    return number


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Các kế hoạch kiểm tra, giám sát trong phạm vi của người dùng"),
        description=gettext_lazy(
            "Cán bộ kiểm tra chỉ thấy kế hoạch của sở, ngành mình trong tỉnh; cơ quan OCOP tỉnh "
            "thấy mọi kế hoạch của tỉnh; Bộ và quản trị thấy tất cả."
        ),
        parameters=[EXPORT_PARAMETER],
        responses=export_responses(PlanSerializer),
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Một kế hoạch kiểm tra với đối tượng, các lần kiểm tra và phát hiện"),
        responses={200: PlanSerializer, **READ_ERRORS},
    ),
    create=extend_schema(
        summary=gettext_lazy("Lập kế hoạch kiểm tra (định kỳ hoặc đột xuất)"),
        request=PlanCreateSerializer,
        responses={201: PlanSerializer, **CREATE_ERRORS},
    ),
)
class InspectionPlanViewSet(mixins.CreateModelMixin, ScopedViewSet):
    """Post-recognition inspection plans (kế hoạch kiểm tra, giám sát, Điều 9 QĐ 26/2026)."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    permission_classes = [RulesPermission]
    action_permissions = {"create": "inspections.add_inspectionplan"}
    export_name = "ke-hoach-kiem-tra"
    export_title = gettext_lazy("Kế hoạch kiểm tra OCOP")
    export_columns = exports.PLAN_COLUMNS

    def get_queryset(self):
        if self.fake():
            return InspectionPlan.objects.none()
        return exports.with_details(plans_for_user(self.request.user)).order_by(
            "-period_start", "-pk"
        )

    def represent(self, pk, code=status.HTTP_200_OK) -> Response:
        plan = exports.with_details(InspectionPlan.objects.select_related("province")).get(pk=pk)
        return Response(PlanSerializer(plan).data, status=code)

    def _province(self, given):
        """The province given, else the caller's own (agency officer or inspector) when they
        have exactly one."""
        if given is not None:
            return given
        provinces = {
            m.unit_id: m.unit
            for m in memberships_of(self.request.user)
            if m.role in (Role.AGENCY_OFFICER, Role.INSPECTOR) and m.unit_id is not None
        }
        if len(provinces) != 1:
            message = _("Hãy chọn tỉnh/thành phố của kế hoạch.")
            raise exceptions.ValidationError({"province": [message]})
        return next(iter(provinces.values()))

    def create(self, request, *args, **kwargs):
        serializer = PlanCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        province = self._province(data.pop("province", None))
        targets = [
            resolve_target(item["producer"], item.get("product"))
            for item in data.pop("targets", [])
        ]
        plan = domain.create_plan(actor=request.user, province=province, targets=targets, **data)
        return self.represent(plan.pk, status.HTTP_201_CREATED)

    def _visit(self, plan, visit_id) -> Visit:
        return get_object_or_404(
            Visit.objects.select_related("plan__province", "producer", "product"),
            pk=_object_id(visit_id),
            plan=plan,
        )

    def _finding(self, plan, finding_id) -> Finding:
        return get_object_or_404(
            Finding.objects.select_related("visit__plan__province"),
            pk=_object_id(finding_id),
            visit__plan=plan,
        )

    @extend_schema(
        summary=gettext_lazy("Thêm chủ thể hoặc sản phẩm được kiểm tra vào kế hoạch"),
        request=TargetInputSerializer,
        responses={201: TargetSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="targets", url_name="targets")
    def add_target(self, request, pk=None):
        plan = self.get_object()
        serializer = TargetInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        producer, product = resolve_target(data["producer"], data.get("product"))
        target = domain.add_target(plan, actor=request.user, producer=producer, product=product)
        target = InspectionTarget.objects.select_related(
            "producer__commune", "product__product_set"
        ).get(pk=target.pk)
        return Response(TargetSerializer(target).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy(
            "Ghi kết quả một lần kiểm tra tại cơ sở (biên bản, danh mục kiểm tra)"
        ),
        request=VisitCreateSerializer,
        responses={201: VisitSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="visits", url_name="visits")
    def add_visit(self, request, pk=None):
        plan = self.get_object()
        serializer = VisitCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        producer, product = resolve_target(data.pop("producer"), data.pop("product", None))
        visit = domain.record_visit(
            plan, actor=request.user, producer=producer, product=product, **data
        )
        visit = (
            Visit.objects.select_related("producer", "product__product_set", "recorded_by")
            .prefetch_related("findings")
            .get(pk=visit.pk)
        )
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Ghi một phát hiện của lần kiểm tra"),
        description=gettext_lazy(
            "Phát hiện nghiêm trọng (`severity` = `severe`) phải nêu căn cứ thu hồi; mặc định "
            "(`refer` = true) được chuyển ngay cơ quan OCOP và mở hồ sơ thu hồi giấy chứng "
            "nhận. Nếu hồ sơ thu hồi không mở được, phát hiện không được ghi và lỗi nêu lý do."
        ),
        parameters=[VISIT_ID],
        request=FindingCreateSerializer,
        responses={201: FindingSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"visits/(?P<visit_id>[0-9]+)/findings",
        url_name="visit-findings",
    )
    def add_finding(self, request, pk=None, visit_id=None):
        plan = self.get_object()
        visit = self._visit(plan, visit_id)
        serializer = FindingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        ids = list(dict.fromkeys(data.pop("certificates", [])))
        found = {c.pk: c for c in Certificate.objects.filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            message = _("Không tìm thấy giấy chứng nhận mã %(ids)s.") % {"ids": ", ".join(missing)}
            raise exceptions.ValidationError({"certificates": [message]})
        finding = domain.add_finding(
            visit,
            actor=request.user,
            certificates=[found[pk] for pk in ids],
            **data,
        )
        return Response(self._represent_finding(finding.pk), status=status.HTTP_201_CREATED)

    def _represent_finding(self, pk) -> dict:
        finding = Finding.objects.prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("number")),
            Prefetch("evidence", queryset=FindingEvidence.objects.order_by("pk")),
        ).get(pk=pk)
        return FindingSerializer(finding).data

    @extend_schema(
        summary=gettext_lazy("Chuyển phát hiện nghiêm trọng cho cơ quan OCOP, mở hồ sơ thu hồi"),
        parameters=[FINDING_ID],
        request=None,
        responses={200: FindingSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"findings/(?P<finding_id>[0-9]+)/refer",
        url_name="finding-refer",
    )
    def refer(self, request, pk=None, finding_id=None):
        plan = self.get_object()
        finding = self._finding(plan, finding_id)
        domain.refer_finding(finding, actor=request.user)
        return Response(self._represent_finding(finding.pk))

    @extend_schema(
        summary=gettext_lazy("Đính kèm tài liệu của phát hiện (PDF, JPEG, PNG)"),
        parameters=[FINDING_ID],
        request={"multipart/form-data": FindingEvidenceUploadSerializer},
        responses={201: FindingEvidenceSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"findings/(?P<finding_id>[0-9]+)/evidence",
        url_name="finding-evidence",
        parser_classes=[MultiPartParser, FormParser],
    )
    def add_evidence(self, request, pk=None, finding_id=None):
        plan = self.get_object()
        finding = self._finding(plan, finding_id)
        serializer = FindingEvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = domain.add_evidence(
            finding, actor=request.user, file=data["file"], title=data.get("title", "")
        )
        return Response(FindingEvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


# --- audit trail ------------------------------------------------------------------------------


def _visible_visits(user):
    return Visit.objects.filter(plan__in=plans_for_user(user).values("pk"))


def _visible_findings(user):
    return Finding.objects.filter(visit__plan__in=plans_for_user(user).values("pk"))


def _visible_targets(user):
    return InspectionTarget.objects.filter(plan__in=plans_for_user(user).values("pk"))


register_audit_type("inspectionplan", plans_for_user, lambda user, entry: False)
register_audit_type(
    "inspection", plans_for_user, lambda user, entry: False, stored_as="inspectionplan"
)
register_audit_type("inspectiontarget", _visible_targets, lambda user, entry: False)
register_audit_type("visit", _visible_visits, lambda user, entry: False)
register_audit_type("finding", _visible_findings, lambda user, entry: False)
