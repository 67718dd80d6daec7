"""API representations of inspection plans with their targets, visits and findings, and the
bodies of the actions. Input is only shaped here; `inspections/domain.py` checks the scope,
the province, the period and the checklist and makes the change."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.api import fields
from ocop.api.fields import EnumField, Serializer
from ocop.api.serializers import (
    DEPARTMENT,
    EvidenceFileSerializer,
    EvidenceFileUploadSerializer,
    UserRefSerializer,
)
from ocop.core.limits import MAX_DB_INTEGER
from ocop.geo.models import Level as UnitLevel
from ocop.geo.serializers import UnitRefField
from ocop.registry.serializers import ProducerRefSerializer, ProductRefSerializer

from . import checklist
from .models import (
    Finding,
    FindingEvidence,
    Ground,
    InspectionKind,
    InspectionPlan,
    InspectionTarget,
    Severity,
    Visit,
)

KIND = {"choices": InspectionKind.choices, "enum_name": "InspectionKindEnum"}
SEVERITY = {"choices": Severity.choices, "enum_name": "FindingSeverityEnum"}
GROUND = {"choices": Ground.choices, "enum_name": "FindingGroundEnum"}
ANSWER = {"choices": checklist.ANSWERS, "enum_name": "ChecklistAnswerEnum"}
TEXT_MAX = 10_000
MAX_TARGETS = 500
MAX_CERTIFICATES = 100


def _text(*, required=False, max_length=TEXT_MAX, **kwargs):
    return fields.CharField(
        required=required, allow_blank=not required, max_length=max_length, **kwargs
    )


def _id(**kwargs):
    return fields.IntegerField(min_value=1, max_value=MAX_DB_INTEGER, **kwargs)


# --- the checklist ----------------------------------------------------------------------------


class ChecklistAnswerSerializer(Serializer):
    answer = EnumField(**ANSWER, help_text=_("yes: đạt; no: không đạt; na: không áp dụng."))
    note = _text(max_length=checklist.NOTE_MAX, help_text=_("Ghi chú, nhận xét của đoàn."))


def _checklist_serializer():
    attrs = {code: ChecklistAnswerSerializer(help_text=label) for code, label in checklist.ITEMS}
    attrs["__doc__"] = "The fixed checklist of a visit: one answer per item."
    return type("ChecklistSerializer", (Serializer,), attrs)


ChecklistSerializer = _checklist_serializer()


# --- representations ---------------------------------------------------------------------------


class CertificateRefSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    certificate_no = serializers.CharField(source="number", read_only=True)
    stars = serializers.IntegerField(read_only=True)


class FindingEvidenceSerializer(EvidenceFileSerializer):
    class Meta(EvidenceFileSerializer.Meta):
        model = FindingEvidence


class FindingSerializer(serializers.ModelSerializer):
    severity = EnumField(**SEVERITY, read_only=True)
    ground = serializers.SerializerMethodField(
        help_text=_("Căn cứ thu hồi đề xuất (Điều 8 QĐ 26/2026): a, b, c, d, dd, e; hoặc null.")
    )
    certificates = CertificateRefSerializer(many=True, read_only=True)
    evidence = FindingEvidenceSerializer(many=True, read_only=True)
    revocation_case = serializers.SerializerMethodField(
        help_text=_("Mã hồ sơ thu hồi mở khi phát hiện được chuyển cơ quan OCOP; null nếu chưa.")
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "visit",
            "description",
            "severity",
            "ground",
            "certificates",
            "referred_on",
            "revocation_case",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_ground(self, finding) -> str | None:
        return finding.ground or None

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_revocation_case(self, finding) -> int | None:
        return getattr(finding, "revocation_case_id", None)


class VisitSerializer(serializers.ModelSerializer):
    producer = ProducerRefSerializer(read_only=True)
    product = ProductRefSerializer(read_only=True, allow_null=True)
    checklist = ChecklistSerializer(read_only=True)
    recorded_by = UserRefSerializer(read_only=True, allow_null=True)
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "producer",
            "product",
            "date",
            "inspectors",
            "checklist",
            "conclusion",
            "recorded_by",
            "created_at",
            "findings",
        ]
        read_only_fields = fields


class TargetSerializer(serializers.ModelSerializer):
    producer = ProducerRefSerializer(read_only=True)
    product = ProductRefSerializer(read_only=True, allow_null=True)
    commune = UnitRefField(source="producer.commune", read_only=True)

    class Meta:
        model = InspectionTarget
        fields = ["id", "producer", "product", "commune"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    province = UnitRefField(read_only=True, level=UnitLevel.PROVINCE)
    department = EnumField(**DEPARTMENT, read_only=True)
    kind = EnumField(**KIND, read_only=True)
    created_by = UserRefSerializer(read_only=True, allow_null=True)
    targets = TargetSerializer(many=True, read_only=True)
    visits = VisitSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            "province",
            "department",
            "title",
            "kind",
            "period_start",
            "period_end",
            "description",
            "created_by",
            "created_at",
            "targets",
            "visits",
        ]
        read_only_fields = fields


# --- bodies ------------------------------------------------------------------------------------


class TargetInputSerializer(Serializer):
    producer = _id(help_text=_("Mã (id) chủ thể, thuộc địa bàn tỉnh của kế hoạch."))
    product = _id(
        required=False,
        allow_null=True,
        help_text=_("Mã (id) sản phẩm của chủ thể; bỏ trống: mọi sản phẩm của chủ thể."),
    )


class PlanCreateSerializer(Serializer):
    province = UnitRefField(
        required=False,
        allow_null=True,
        level=UnitLevel.PROVINCE,
        help_text=_("Tỉnh/thành phố (từ 2025); mặc định là tỉnh của người gửi yêu cầu."),
    )
    department = EnumField(**DEPARTMENT, help_text=_("Sở, ngành chủ trì kiểm tra."))
    title = fields.CharField(max_length=255)
    kind = EnumField(**KIND, help_text=_("periodic: định kỳ; unannounced: đột xuất."))
    period_start = fields.DateField()
    period_end = fields.DateField()
    description = _text()
    targets = TargetInputSerializer(
        many=True,
        required=False,
        max_length=MAX_TARGETS,
        help_text=_("Chủ thể, sản phẩm được kiểm tra."),
    )


class VisitCreateSerializer(Serializer):
    producer = _id(help_text=_("Mã (id) chủ thể được kiểm tra (một đối tượng của kế hoạch)."))
    product = _id(required=False, allow_null=True, help_text=_("Mã (id) sản phẩm được kiểm tra."))
    date = fields.DateField(help_text=_("Ngày kiểm tra, trong thời gian của kế hoạch."))
    inspectors = fields.CharField(
        max_length=TEXT_MAX, help_text=_("Thành phần đoàn kiểm tra (họ tên, chức vụ, đơn vị).")
    )
    checklist = ChecklistSerializer(help_text=_("Kết quả từng mục kiểm tra (đủ các mục)."))
    conclusion = _text(help_text=_("Kết luận của đoàn kiểm tra."))


class FindingCreateSerializer(Serializer):
    description = fields.CharField(max_length=TEXT_MAX, help_text=_("Nội dung phát hiện."))
    severity = EnumField(**SEVERITY)
    ground = EnumField(
        **GROUND,
        required=False,
        allow_blank=True,
        help_text=_("Căn cứ thu hồi đề xuất; bắt buộc với phát hiện nghiêm trọng."),
    )
    certificates = serializers.ListField(
        child=_id(),
        required=False,
        max_length=MAX_CERTIFICATES,
        error_messages={"not_a_list": _("Cần một danh sách mã giấy chứng nhận.")},
        help_text=_(
            "Mã (id) các giấy chứng nhận liên quan; với phát hiện nghiêm trọng, bỏ trống là "
            "các giấy còn hiệu lực của sản phẩm (hoặc chủ thể) được kiểm tra."
        ),
    )
    refer = fields.BooleanField(
        required=False,
        default=True,
        help_text=_(
            "Với phát hiện nghiêm trọng: chuyển ngay cơ quan OCOP và mở hồ sơ thu hồi "
            "(mặc định true)."
        ),
    )


class FindingEvidenceUploadSerializer(EvidenceFileUploadSerializer):
    pass  # its own name: the schema's component for this upload
