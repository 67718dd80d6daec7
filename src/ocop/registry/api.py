"""`/api/v1/producers` and `/api/v1/products`: scoped lists, details and writes through the
registry's domain actions."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ocop.api.base import (
    AUTHENTICATION,
    DELETED,
    EXPORT_PARAMETER,
    READ_ERRORS,
    REASON_PARAMETER,
    SEARCH_PARAMETER,
    WRITE_ERRORS,
    export_responses,
)
from ocop.api.exports import ExportMixin
from ocop.api.permissions import RulesPermission

from . import domain
from .filters import ProducerFilter, ProductFilter
from .queries import producers_for_user, products_for_user
from .serializers import (
    PhotoUploadSerializer,
    ProducerSerializer,
    ProducerStatusChangeSerializer,
    ProductSerializer,
)


def _unit_name(unit):
    return unit.name if unit else ""


class RegistryViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    authentication_classes = AUTHENTICATION
    permission_classes = [RulesPermission]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = r"[0-9]+"

    def search_query(self) -> str | None:
        return self.request.query_params.get("q") if self.action == "list" else None

    def list(self, request, *args, **kwargs):
        if self.is_export():
            return self.export(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách chủ thể OCOP trong phạm vi của người dùng"),
        parameters=[SEARCH_PARAMETER, EXPORT_PARAMETER],
        responses=export_responses(ProducerSerializer),
    ),
    retrieve=extend_schema(
        summary=_("Một chủ thể OCOP"), responses={200: ProducerSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary=_("Đăng ký chủ thể OCOP"), responses={201: ProducerSerializer, **WRITE_ERRORS}
    ),
    partial_update=extend_schema(
        summary=_("Sửa thông tin chủ thể (không gồm tình trạng)"),
        responses={200: ProducerSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary=_("Xoá chủ thể chưa có sản phẩm"),
        parameters=[REASON_PARAMETER],
        responses={204: DELETED, **WRITE_ERRORS},
    ),
)
class ProducerViewSet(RegistryViewSet):
    """Producers (chủ thể OCOP) within the caller's scope."""

    serializer_class = ProducerSerializer
    filterset_class = ProducerFilter
    action_permissions = {
        "create": "registry.add_producer",
        "partial_update": "registry.change_producer",
        "destroy": "registry.delete_producer",
        "change_status": "registry.change_producer_status",
    }
    export_name = "chu-the-ocop"
    export_title = _("Chủ thể OCOP")
    export_columns = [
        (_("Mã"), lambda p: p.pk),
        (_("Tên chủ thể"), lambda p: p.name),
        (_("Loại hình"), lambda p: p.get_kind_display()),
        (_("Mã số ĐKKD/MST"), lambda p: p.registration_no),
        (_("Người đại diện"), lambda p: p.legal_representative),
        (_("Đại diện là nữ"), lambda p: p.representative_is_woman),
        (_("Đại diện là người dân tộc thiểu số"), lambda p: p.representative_is_ethnic_minority),
        (_("Đại diện là người khuyết tật"), lambda p: p.representative_has_disability),
        (_("Địa chỉ"), lambda p: p.address),
        (_("Mã xã/phường"), lambda p: p.commune.code),
        (_("Thời kỳ"), lambda p: p.commune.era),
        (_("Xã/phường"), lambda p: p.commune.name),
        (_("Tỉnh/thành phố"), lambda p: _unit_name(p.commune.current_province)),
        (_("Điện thoại"), lambda p: p.phone),
        (_("Thư điện tử"), lambda p: p.email),
        (_("Số lao động"), lambda p: p.workforce),
        (_("Tỷ lệ lao động địa phương (%)"), lambda p: p.local_labour_share),
        (_("Tình trạng"), lambda p: p.get_status_display()),
        (_("Tình trạng từ ngày"), lambda p: p.status_since),
        (_("Số giấy ATTP"), lambda p: p.food_safety_cert_no),
        (_("Giấy ATTP hết hạn"), lambda p: p.food_safety_cert_expiry),
    ]

    def get_queryset(self):
        return producers_for_user(self.request.user, query=self.search_query()).select_related(
            "commune__current_province"
        )

    def perform_destroy(self, instance):
        domain.delete_producer(
            instance,
            actor=self.request.user,
            reason=self.request.query_params.get("reason", "")[:2000],
        )

    @extend_schema(
        summary=_("Đổi tình trạng chủ thể (đang hoạt động, tạm ngừng, giải thể, …)"),
        request=ProducerStatusChangeSerializer,
        responses={200: ProducerSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="change-status")
    def change_status(self, request, pk=None):
        producer = self.get_object()
        serializer = ProducerStatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        producer = domain.change_producer_status(
            producer, actor=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=producer.pk)).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách sản phẩm trong phạm vi của người dùng"),
        parameters=[SEARCH_PARAMETER, EXPORT_PARAMETER],
        responses=export_responses(ProductSerializer),
    ),
    retrieve=extend_schema(
        summary=_("Một sản phẩm"), responses={200: ProductSerializer, **READ_ERRORS}
    ),
    create=extend_schema(
        summary=_("Thêm sản phẩm; mã sản phẩm được cấp tự động"),
        responses={201: ProductSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary=_("Sửa sản phẩm (mã và chủ thể không đổi)"),
        responses={200: ProductSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary=_("Xoá sản phẩm"),
        parameters=[REASON_PARAMETER],
        responses={204: DELETED, **WRITE_ERRORS},
    ),
)
class ProductViewSet(RegistryViewSet):
    """Products within the caller's scope."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter
    action_permissions = {
        "create": "registry.add_product",
        "partial_update": "registry.change_product",
        "destroy": "registry.delete_product",
        "photos": "registry.change_product",
    }
    export_name = "san-pham-ocop"
    export_title = _("Sản phẩm OCOP")
    export_columns = [
        (_("Mã"), lambda p: p.pk),
        (_("Mã sản phẩm"), lambda p: p.code),
        (_("Tên sản phẩm"), lambda p: p.name),
        (_("Mã chủ thể"), lambda p: p.producer_id),
        (_("Chủ thể"), lambda p: p.producer.name),
        (_("Bộ sản phẩm"), lambda p: p.product_set.number),
        (_("Tên bộ sản phẩm"), lambda p: p.product_set.name),
        (_("Ngành"), lambda p: p.product_set.sector_code),
        (_("Mã xã/phường"), lambda p: p.commune.code),
        (_("Thời kỳ"), lambda p: p.commune.era),
        (_("Xã/phường"), lambda p: p.commune.name),
        (_("Tỉnh/thành phố"), lambda p: _unit_name(p.commune.current_province)),
        (_("Mô tả"), lambda p: p.description),
    ]

    def get_queryset(self):
        queryset = products_for_user(self.request.user, query=self.search_query()).select_related(
            "commune__current_province"
        )
        if not self.is_export():
            queryset = queryset.prefetch_related("photos")
        return queryset

    def perform_destroy(self, instance):
        domain.delete_product(
            instance,
            actor=self.request.user,
            reason=self.request.query_params.get("reason", "")[:2000],
        )

    @extend_schema(
        summary=_("Thêm ảnh sản phẩm (JPEG, PNG, WebP)"),
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: ProductSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request, pk=None):
        product = self.get_object()
        serializer = PhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        domain.add_photo(
            product,
            actor=request.user,
            image=serializer.validated_data["image"],
            caption=serializer.validated_data.get("caption", ""),
        )
        product = self.get_queryset().get(pk=product.pk)
        return Response(self.get_serializer(product).data, status=status.HTTP_201_CREATED)
