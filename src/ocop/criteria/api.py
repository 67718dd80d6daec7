"""`/api/v1/rulebooks`: the rulebooks and their score sheets, public and read-only."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ocop.api.base import ERRORS

from .models import Rulebook
from .queries import sheets_of
from .scoring import evaluate
from .serializers import (
    EvaluateRequestSerializer,
    EvaluationSerializer,
    RulebookSerializer,
    SheetSerializer,
    SheetSummarySerializer,
    sheet_document,
)

SLUG_PARAMETER = OpenApiParameter(
    "slug",
    {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"},
    OpenApiParameter.PATH,
    description=_("Mã bộ tiêu chí: `qd-1048-2019`, `qd-148-2023`, `qd-1489-2025`, `qd-26-2026`."),
)
SET_PARAMETER = OpenApiParameter(
    "set_no",
    {"type": "integer", "minimum": 1, "maximum": 32767},
    OpenApiParameter.PATH,
    description=_("Số bộ sản phẩm (1–26 theo Phụ lục I)."),
)


def _rulebook(slug: str) -> Rulebook:
    rulebook = Rulebook.objects.select_related("sheets_from").filter(slug=slug).first()
    if rulebook is None:
        raise Http404
    return rulebook


class PublicReadView(generics.GenericAPIView):
    # Public reference data: no credentials needed, and a stale token is no reason to refuse.
    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class RulebookListView(PublicReadView):
    """Every rulebook, oldest first."""

    serializer_class = RulebookSerializer

    @extend_schema(
        summary=_("Các bộ tiêu chí"),
        description=_(
            "Công khai. Các bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP (các văn bản pháp luật "
            "nối tiếp nhau) và thời gian hiệu lực."
        ),
        responses={200: RulebookSerializer(many=True)},
    )
    def get(self, request):
        return Response(RulebookSerializer(Rulebook.objects.all(), many=True).data)


class SheetListView(PublicReadView):
    """The score sheets a rulebook is scored with (its own or those of `sheets_from`)."""

    serializer_class = SheetSummarySerializer

    @extend_schema(
        summary=_("Các phiếu đánh giá của một bộ tiêu chí"),
        description=_(
            "Công khai. Một phiếu cho mỗi bộ sản phẩm. Bộ tiêu chí không có phiếu riêng dùng "
            "phiếu của bộ tiêu chí gần nhất về sau; `sheet_rulebook` cho biết phiếu của bộ nào."
        ),
        parameters=[SLUG_PARAMETER],
        responses={200: SheetSummarySerializer(many=True), 404: ERRORS[404]},
    )
    def get(self, request, slug: str):
        rulebook = _rulebook(slug)
        sheets = sheets_of(rulebook).select_related("rulebook")
        return Response(SheetSummarySerializer(sheets, many=True).data)


class SheetDetailView(PublicReadView):
    """One score sheet in the interchange format."""

    serializer_class = SheetSerializer

    @extend_schema(
        summary=_("Một phiếu đánh giá"),
        description=_(
            "Công khai. Phiếu đánh giá của một bộ sản phẩm: phần → nhóm → tiêu chí → phương án "
            "(điểm, hạng sao tối thiểu), kèm các trường hợp hồ sơ bị loại."
        ),
        parameters=[SLUG_PARAMETER, SET_PARAMETER],
        responses={200: SheetSerializer, 404: ERRORS[404]},
    )
    def get(self, request, slug: str, set_no: int):
        rulebook = _rulebook(slug)
        return Response(sheet_document(_sheet(rulebook, set_no), rulebook=rulebook))


def _sheet(rulebook: Rulebook, set_no: int):
    sheet = sheets_of(rulebook).select_related("rulebook").filter(set_no=set_no).first()
    if sheet is None:
        raise Http404
    return sheet


class EvaluateView(PublicReadView):
    """Score one member's answers on a sheet with the rulebook's bands and gates (no data kept)."""

    serializer_class = EvaluateRequestSerializer

    @extend_schema(
        summary=_("Tính điểm một phiếu đánh giá"),
        description=_(
            "Công khai, không lưu gì. Tính tổng điểm, điểm từng phần, hạng sao theo khoảng điểm, "
            "hạng sao sau khi xét các mức tối thiểu, các mức tối thiểu chưa đạt và lời giải "
            "thích, theo khoảng điểm và ngưỡng công nhận của bộ tiêu chí được hỏi. Thiếu hoặc "
            "thừa tiêu chí, hay điểm không phải của phương án nào: 400 nêu rõ tiêu chí."
        ),
        parameters=[SLUG_PARAMETER, SET_PARAMETER],
        request=EvaluateRequestSerializer,
        responses={200: EvaluationSerializer, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def post(self, request, slug: str, set_no: int):
        rulebook = _rulebook(slug)
        sheet = _sheet(rulebook, set_no)
        body = EvaluateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = evaluate(
            sheet.data,
            body.validated_data["answers"],
            bands=rulebook.rules.scoring_bands(),
            certifiable_min_stars=rulebook.rules.certificate.min_stars,
        )
        return Response(result.as_dict())
