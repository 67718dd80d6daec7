from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from ocop.api.base import ERRORS
from ocop.api.pagination import PageNumberPagination

from .models import AdminUnit, Era, Level
from .queries import UnitLookupError, parse_era, parse_level, resolve_parent, search_units
from .serializers import UnitSerializer

LIST_PARAMETERS = [
    OpenApiParameter(
        "era",
        OpenApiTypes.STR,
        enum=Era.values,
        description=_(
            "`2025`: đơn vị có hiệu lực từ ngày 01/7/2025; `legacy`: đơn vị trước đó. "
            "Bắt buộc khi có `parent`."
        ),
    ),
    OpenApiParameter(
        "parent",
        {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
        description=_(
            "Mã chính thức của một đơn vị cùng thời kỳ: liệt kê các đơn vị trực thuộc (có "
            "`level` thì liệt kê mọi đơn vị cấp đó nằm dưới nó). Tỉnh và huyện thời kỳ cũ dùng "
            "chung các mã nhỏ: nếu có tỉnh mang mã này thì hiểu là tỉnh, nếu không thì là huyện; "
            "`parent_level` chọn cấp một cách tường minh."
        ),
    ),
    OpenApiParameter(
        "parent_level",
        OpenApiTypes.STR,
        enum=[Level.PROVINCE, Level.DISTRICT],
        description=_("Cấp của `parent` khi một mã vừa là mã tỉnh vừa là mã huyện."),
    ),
    OpenApiParameter(
        "level", OpenApiTypes.STR, enum=Level.values, description=_("Chỉ các đơn vị cấp này.")
    ),
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description=_(
            "Các từ trong tên, không phân biệt dấu và hoa thường (`hoi an` tìm thấy `Hội An`)."
        ),
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary=_("Đơn vị hành chính"),
        parameters=LIST_PARAMETERS,
        description=_(
            "Công khai. Đơn vị hành chính của cả hai thời kỳ, kèm mã chính thức (mã GSO)."
        ),
        responses={200: UnitSerializer(many=True), 400: ERRORS[400], 404: ERRORS[404]},
    ),
    retrieve=extend_schema(
        summary=_("Một đơn vị hành chính"), responses={200: UnitSerializer, 404: ERRORS[404]}
    ),
)
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Administrative units of both eras (public reference data)."""

    serializer_class = UnitSerializer
    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    filter_backends = []
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if self.action != "list":
            return AdminUnit.objects.select_related("parent", "province", "current_province")
        params = self.request.query_params
        era, level = params.get("era") or None, params.get("level") or None
        parent_code = params.get("parent") or None
        parent_level = params.get("parent_level") or None
        errors = {}
        for name, value, parse in (
            ("era", era, parse_era),
            ("level", level, parse_level),
            ("parent_level", parent_level, parse_level),
        ):
            if value is not None:
                try:
                    parse(value, field=name)
                except UnitLookupError as exc:
                    errors[name] = [str(exc)]
        parent = None
        if parent_code is not None and not errors:
            if era is None:
                errors["era"] = [str(_("Cần chọn thời kỳ khi lọc theo đơn vị cấp trên."))]
            else:
                try:
                    parent = resolve_parent(parent_code, era, parent_level=parent_level)
                except UnitLookupError as exc:
                    errors["parent"] = [str(exc)]
        if errors:
            raise ValidationError(errors)
        return search_units(params.get("q"), era=era, parent=parent, level=level)
