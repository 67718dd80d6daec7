"""API representations of rounds, dossiers, councils and members' sheets, and the bodies of the
dossier actions. Input is only shaped and typed here; the domain actions (evaluation/domain.py)
check scope, state and the rulebook's rules and make the change."""

from django.contrib.auth import get_user_model
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
from ocop.criteria.queries import rulebook_in_force
from ocop.criteria.serializers import UnmetGateSerializer
from ocop.geo.models import Era
from ocop.geo.models import Level as UnitLevel
from ocop.geo.queries import UnitLookupError, unit_by_code
from ocop.geo.serializers import UnitRefField
from ocop.registry.queries import products_for_user
from ocop.registry.serializers import ProducerRefSerializer, ProductRefSerializer

from . import forms_spec
from .models import (
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    DossierKind,
    DossierState,
    Evidence,
    Level,
    LevelResult,
    MemberSheet,
    PreparedBy,
    Round,
    SheetState,
    Transition,
)
from .queries import rounds_for_user

SHORT_TEXT = 255
LONG_TEXT = 10_000
REASON_TEXT = 2000
NOTE_TEXT = 2000
# Whole numbers in bodies: ids and counts a database column can hold.
MAX_ID = MAX_DB_INTEGER
MAX_SMALL = 32767


DOSSIER_KIND = {"choices": DossierKind.choices, "enum_name": "DossierKindEnum"}
DOSSIER_STATE = {"choices": DossierState.choices, "enum_name": "DossierStateEnum"}
PREPARED_BY = {"choices": PreparedBy.choices, "enum_name": "PreparedByEnum"}
EVIDENCE_KIND = {"choices": Evidence.Kind.choices, "enum_name": "EvidenceKindEnum"}
EVALUATION_LEVEL = {"choices": Level.choices, "enum_name": "EvaluationLevelEnum"}
COUNCIL_LEVEL = {
    "choices": [
        (level.value, level.label) for level in (Level.PROVINCE, Level.DISTRICT, Level.CENTRAL)
    ],
    "enum_name": "CouncilLevelEnum",
}
ROUND_LEVEL = {
    "choices": [(level.value, level.label) for level in (Level.PROVINCE, Level.CENTRAL)],
    "enum_name": "RoundLevelEnum",
}
COUNCIL_ROLE = {"choices": CouncilRole.choices, "enum_name": "CouncilRoleEnum"}
COUNCIL_MODE = {"choices": Council.Mode.choices, "enum_name": "CouncilModeEnum"}
SHEET_STATE = {"choices": SheetState.choices, "enum_name": "MemberSheetStateEnum"}


def _text(*, required=False, max_length=SHORT_TEXT, **kwargs):
    return fields.CharField(
        required=required, allow_blank=not required, max_length=max_length, **kwargs
    )


def _form_serializer(name: str, form_fields, *, enforce: bool = False, doc: str = ""):
    """A serializer of one official form's free-text entries (forms_spec). With `enforce`, the
    form's required entries must be filled in; otherwise every entry is optional (drafts, and
    what a dossier holds before the form is filled)."""
    attrs = {
        form_field.key: _text(
            required=enforce and form_field.required,
            max_length=LONG_TEXT if form_field.long else SHORT_TEXT,
            label=form_field.label,
            help_text=form_field.label,
        )
        for form_field in form_fields
    }
    attrs["__doc__"] = doc
    return type(name, (Serializer,), attrs)


RegistrationSerializer = _form_serializer(
    "DossierRegistration",
    forms_spec.REGISTRATION_FIELDS,
    doc="Mẫu 01 entries the registry does not already hold.",
)
ReportSerializer = _form_serializer(
    "SelfAssessmentReport", forms_spec.REPORT_FIELDS, doc="Mẫu 02 parts I, II and IV."
)
CommuneAssessmentSerializer = _form_serializer(
    "CommuneAssessment", forms_spec.ASSESSMENT_FIELDS, doc="Mẫu 03 as the dossier holds it."
)
AssessmentRequestSerializer = _form_serializer(
    "Assessment", forms_spec.ASSESSMENT_FIELDS, enforce=True, doc="Mẫu 03, complete."
)
AdvisoryReviewSerializer = _form_serializer(
    "AdvisoryReview", forms_spec.ADVISORY_FIELDS, doc="The advisory team's review (Điều 7.3)."
)


ANSWER_SCHEMA = {
    "oneOf": [
        {"type": "number"},
        {
            "type": "object",
            "properties": {"case": {"type": "string"}, "points": {"type": "number"}},
            "required": ["points"],
            "additionalProperties": False,
        },
    ]
}


@extend_schema_field(ANSWER_SCHEMA)
class AnswerField(serializers.Field):
    """One criterion's answer: the points of the chosen option, or `{"case", "points"}` where
    the criterion has alternative cases. Whether the points are an option of the criterion is
    the scoring engine's check (it names the criterion)."""

    default_error_messages = {
        **fields.REQUIRED,
        "invalid": _('Điểm phải là một số, hoặc dạng {{"case": "a", "points": 3}}.'),
    }

    @staticmethod
    def _is_number(value) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def to_internal_value(self, data):
        if self._is_number(data):
            return data
        if (
            isinstance(data, dict)
            and "points" in data
            and not set(data) - {"case", "points"}
            and self._is_number(data["points"])
            and isinstance(data.get("case", ""), str)
        ):
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class AnswersField(fields.DictField):
    child = AnswerField()

    def __init__(self, **kwargs):
        kwargs.setdefault("child", AnswerField())
        super().__init__(**kwargs)


class SelfAssessmentSerializer(Serializer):
    """Mẫu 02: the producer's points per criterion, notes per criterion and the report."""

    answers = AnswersField(
        required=False,
        help_text=_(
            'Điểm tự chấm theo từng tiêu chí, ví dụ `{"1.1": 3}`; tiêu chí có các trường hợp: '
            '`{"case": "a", "points": 3}`. Bản nháp có thể chưa đủ tiêu chí.'
        ),
    )
    notes = fields.DictField(
        child=fields.CharField(allow_blank=True, max_length=NOTE_TEXT),
        required=False,
        help_text=_("Thuyết minh theo từng tiêu chí."),
    )
    report = ReportSerializer(required=False)


# --- read-only references ------------------------------------------------------------------


class LevelResultSerializer(serializers.ModelSerializer):
    total = serializers.FloatField(read_only=True, help_text=_("Điểm của cấp này."))
    level = EnumField(**EVALUATION_LEVEL, read_only=True)
    band_stars = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Hạng sao theo khoảng điểm.")
    )

    class Meta:
        model = LevelResult
        fields = ["level", "total", "stars", "band_stars", "explanation", "decision_no"]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    from_state = EnumField(**DOSSIER_STATE, read_only=True)
    to_state = EnumField(**DOSSIER_STATE, read_only=True)
    actor = serializers.SerializerMethodField(help_text=_("Tên đăng nhập người thực hiện."))
    actor_name = serializers.SerializerMethodField(help_text=_("Họ tên người thực hiện."))

    class Meta:
        model = Transition
        fields = ["action", "from_state", "to_state", "at", "actor", "actor_name", "reason"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_actor(self, transition) -> str | None:
        return transition.actor.username if transition.actor else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_actor_name(self, transition) -> str | None:
        return (
            transition.actor.get_full_name() or transition.actor.username
            if transition.actor
            else None
        )


class EvidenceSerializer(EvidenceFileSerializer):
    kind = EnumField(**EVIDENCE_KIND, read_only=True)

    class Meta(EvidenceFileSerializer.Meta):
        model = Evidence
        fields = ["id", "kind", "criterion", "title", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


# --- dossiers ------------------------------------------------------------------------------


class DossierSerializer(serializers.ModelSerializer):
    """A dossier as the API shows it. `available_actions` comes from the view (context
    `actions`: a callable giving the names for a dossier)."""

    product = ProductRefSerializer(read_only=True)
    producer = ProducerRefSerializer(read_only=True)
    commune = UnitRefField(read_only=True)
    province = UnitRefField(read_only=True, level=UnitLevel.PROVINCE)
    kind = EnumField(**DOSSIER_KIND, read_only=True)
    state = EnumField(**DOSSIER_STATE, read_only=True)
    prepared_by = EnumField(**PREPARED_BY, read_only=True)
    rulebook = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    round = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    due_on = serializers.SerializerMethodField(
        help_text=_("Hạn của bước hiện tại (nếu bộ tiêu chí quy định).")
    )
    overdue = serializers.SerializerMethodField(help_text=_("Đã quá hạn của bước hiện tại."))
    score = serializers.FloatField(read_only=True, allow_null=True)
    registration = RegistrationSerializer(read_only=True)
    self_assessment = SelfAssessmentSerializer(read_only=True)
    commune_assessment = CommuneAssessmentSerializer(read_only=True)
    advisory_review = AdvisoryReviewSerializer(read_only=True)
    results = LevelResultSerializer(many=True, read_only=True)
    timeline = TransitionSerializer(source="transitions", many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    samples_required = serializers.SerializerMethodField(
        help_text=_(
            "Số sản phẩm mẫu hồ sơ phải kèm theo bộ tiêu chí (0: không phải nộp, như dịch vụ "
            "du lịch)."
        )
    )
    samples_confirmed = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Số mẫu cán bộ xã (huyện trước 2025) xác nhận đã nhận; null khi chưa có."),
    )
    samples_confirmed_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_("Ngày nhận mẫu.")
    )
    blocked_actions = serializers.SerializerMethodField(
        help_text=_(
            "Trên một hồ sơ (không có trong danh sách): các thao tác trong `available_actions` "
            "mà quy định khác vẫn đang chặn (hạn chuyển tiếp, mẫu sản phẩm, ngưỡng điểm, phiếu "
            "chấm còn thiếu…), mỗi thao tác với lý do."
        )
    )
    available_actions = serializers.SerializerMethodField(
        help_text=_(
            "Các thao tác người dùng có thể thử lúc này (`POST dossiers/<id>/<thao tác>`), theo "
            "trạng thái, vai trò và phạm vi; thao tác vẫn có thể bị từ chối vì quy định khác."
        )
    )

    class Meta:
        model = Dossier
        fields = [
            "id",
            "product",
            "producer",
            "commune",
            "province",
            "kind",
            "state",
            "rulebook",
            "round",
            "submitted_on",
            "filed_on",
            "proposed_on",
            "due_on",
            "overdue",
            "stars",
            "score",
            "registration",
            "self_assessment",
            "prepared_by",
            "consultant_name",
            "samples_delivered",
            "samples_delivered_on",
            "samples_required",
            "samples_confirmed",
            "samples_confirmed_on",
            "commune_assessment",
            "advisory_review",
            "reason",
            "ministry_decision_no",
            "results",
            "timeline",
            "evidence",
            "available_actions",
            "blocked_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_due_on(self, dossier):
        from . import domain

        due = domain.due_on(dossier)
        return due.isoformat() if due else None

    def get_overdue(self, dossier) -> bool:
        from . import domain

        return domain.is_overdue(dossier)

    def get_samples_required(self, dossier) -> int:
        from . import domain

        return domain.samples_required(dossier)

    def get_available_actions(self, dossier) -> list[str]:
        actions = self.context.get("actions")
        return actions(dossier) if actions is not None else []

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string"}, "nullable": True}
    )
    def get_blocked_actions(self, dossier):
        if not self.context.get("blockers"):
            return None
        from . import domain

        blocked = {}
        for name in self.get_available_actions(dossier):
            reason = domain.blocker(dossier, name)
            if reason:
                blocked[name] = reason
        return blocked


@extend_schema_field({"type": "integer"})
class ProductChoiceField(fields.PrimaryKeyRelatedField):
    """A product the caller can see."""

    default_error_messages = {
        "does_not_exist": _("Không tìm thấy sản phẩm mã “{pk_value}” trong phạm vi của bạn.")
    }

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            from ocop.registry.models import Product

            return Product.objects.none()
        return products_for_user(request.user).select_related("producer", "commune")

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class DossierCreateSerializer(Serializer):
    product = ProductChoiceField(help_text=_("Mã (id) sản phẩm."))
    kind = EnumField(**DOSSIER_KIND)
    registration = RegistrationSerializer(required=False)
    prepared_by = EnumField(**PREPARED_BY, required=False)
    consultant_name = _text(max_length=255)


class DossierUpdateSerializer(Serializer):
    registration = RegistrationSerializer(required=False)
    self_assessment = SelfAssessmentSerializer(required=False)
    prepared_by = EnumField(**PREPARED_BY, required=False)
    consultant_name = _text(max_length=255)
    samples_delivered = fields.IntegerField(min_value=0, max_value=MAX_SMALL, required=False)
    samples_delivered_on = fields.DateField(required=False, allow_null=True)
    reason = _text(
        max_length=REASON_TEXT, write_only=True, help_text=_("Lý do ghi vào nhật ký thay đổi.")
    )


class ReasonSerializer(Serializer):
    reason = fields.CharField(max_length=REASON_TEXT, help_text=_("Lý do (bắt buộc)."))


class ReopenSheetSerializer(Serializer):
    member = fields.IntegerField(
        min_value=1,
        max_value=MAX_DB_INTEGER,
        help_text=_("Mã thành viên hội đồng (id trong danh sách thành viên) có phiếu cần mở lại."),
    )
    reason = fields.CharField(max_length=REASON_TEXT, help_text=_("Lý do mở lại (bắt buộc)."))


class OptionalReasonSerializer(Serializer):
    reason = _text(max_length=REASON_TEXT, help_text=_("Lý do (không bắt buộc)."))


class InspectSerializer(Serializer):
    date = fields.DateField(help_text=_("Ngày kiểm tra thực tế."))
    people = fields.CharField(max_length=LONG_TEXT, help_text=_("Thành phần tham gia."))
    findings = fields.CharField(max_length=LONG_TEXT, help_text=_("Kết quả kiểm tra."))


class SamplesSerializer(Serializer):
    count = fields.IntegerField(
        min_value=1, max_value=MAX_SMALL, help_text=_("Số sản phẩm mẫu đã nhận.")
    )
    received_on = fields.DateField(help_text=_("Ngày nhận mẫu."))


class MinistryResultSerializer(Serializer):
    score = fields.DecimalField(
        max_digits=7,
        decimal_places=4,
        min_value=0,
        max_value=100,
        coerce_to_string=False,
        help_text=_("Điểm của Hội đồng cấp trung ương (0–100)."),
    )
    decision_no = fields.CharField(max_length=60, help_text=_("Số quyết định của Bộ."))


class ScoreSerializer(Serializer):
    """One member's sheet: `{"answers"}` submits it (then it is locked), `{"answers", "draft":
    true}` saves a draft."""

    answers = AnswersField(
        allow_empty=True,
        help_text=_(
            "Điểm của thành viên theo từng tiêu chí; khi nộp phiếu phải đủ mọi tiêu chí, bản "
            "nháp (`draft`) có thể chưa đủ."
        ),
    )
    draft = fields.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "`true`: lưu bản nháp, chưa nộp. Không gửi hoặc `false`: nộp phiếu, sau khi nộp "
            "phiếu bị khoá (chỉ chủ tịch hội đồng mở lại được)."
        ),
    )

    def validate(self, attrs):
        # `submit` was the former switch (false = draft): refused rather than ignored, so that
        # a client meaning a draft never submits and locks its sheet by mistake.
        if isinstance(self.initial_data, dict) and "submit" in self.initial_data:
            raise serializers.ValidationError(
                {
                    "submit": [
                        _(
                            "Trường `submit` không còn dùng: gửi `answers` là nộp phiếu; thêm "
                            '`"draft": true` để lưu nháp.'
                        )
                    ]
                }
            )
        return attrs


class EvidenceUploadSerializer(EvidenceFileUploadSerializer):
    criterion = _text(max_length=16, help_text=_("Mã tiêu chí mà tài liệu chứng minh."))
    kind = EnumField(**EVIDENCE_KIND, required=False)


class CouncilMemberSerializer(serializers.ModelSerializer):
    user = UserRefSerializer(read_only=True)
    role = EnumField(**COUNCIL_ROLE, read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "user", "role", "department", "organisation"]
        read_only_fields = fields


class MemberSheetSerializer(serializers.ModelSerializer):
    member = CouncilMemberSerializer(read_only=True)
    level = EnumField(**EVALUATION_LEVEL, read_only=True)
    answers = AnswersField(read_only=True)
    state = EnumField(
        **SHEET_STATE,
        read_only=True,
        help_text=_("`submitted`: đã nộp và khoá; `draft`: bản nháp, chưa nộp."),
    )
    total = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text=_("Tổng điểm do hệ thống tính khi nộp phiếu; null với bản nháp."),
    )
    stars = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text=_("Hạng sao của phiếu đã nộp; null với bản nháp."),
    )
    submitted = serializers.BooleanField(source="is_submitted", read_only=True)

    class Meta:
        model = MemberSheet
        fields = [
            "id",
            "dossier",
            "level",
            "member",
            "answers",
            "state",
            "total",
            "stars",
            "submitted",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = fields


# --- rounds ----------------------------------------------------------------------------------


class RoundSerializer(serializers.ModelSerializer):
    level = EnumField(**ROUND_LEVEL, read_only=True)
    province = UnitRefField(read_only=True, allow_null=True, level=UnitLevel.PROVINCE)
    rulebook = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Round
        fields = [
            "id",
            "level",
            "province",
            "rulebook",
            "year",
            "number",
            "is_extra",
            "proposals_before",
            "decide_before",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            {
                "type": "object",
                "properties": {
                    "code": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                    "era": {"type": "string", "enum": list(Era.values)},
                },
                "required": ["code"],
            },
        ]
    }
)
class ProvinceRefField(serializers.Field):
    """A province given as its code (era 2025) or as `{"code", "era"}`."""

    default_error_messages = {
        "invalid": _('Tỉnh/thành phố phải là một mã số hoặc dạng {{"code": 48, "era": "2025"}}.'),
        **fields.REQUIRED,
    }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            if "code" not in data:
                self.fail("invalid")
            code, era = data.get("code"), data.get("era", Era.CURRENT)
        elif isinstance(data, int) and not isinstance(data, bool):
            code, era = data, Era.CURRENT
        else:
            self.fail("invalid")
        try:
            return unit_by_code(code, era, UnitLevel.PROVINCE)
        except UnitLookupError as exc:
            raise serializers.ValidationError(str(exc), code=exc.code) from exc

    def to_representation(self, unit):
        return {"code": unit.code, "era": unit.era, "name": unit.name}


class RoundCreateSerializer(Serializer):
    province = ProvinceRefField(help_text=_("Tỉnh/thành phố mở đợt bổ sung."))
    year = fields.IntegerField(min_value=2019, max_value=2100)
    proposals_before = fields.DateField(
        help_text=_("Nhận đề nghị trước ngày này (đề nghị từ ngày này chuyển sang đợt sau).")
    )
    decide_before = fields.DateField(help_text=_("Hoàn thành đợt trước ngày này."))

    def validate_proposals_before(self, value):
        if rulebook_in_force(value) is None:
            raise serializers.ValidationError(
                _("Chưa có bộ tiêu chí nào có hiệu lực vào ngày này.")
            )
        return value


# --- councils ---------------------------------------------------------------------------------


class CouncilSerializer(serializers.ModelSerializer):
    level = EnumField(**COUNCIL_LEVEL, read_only=True)
    mode = EnumField(**COUNCIL_MODE, read_only=True)
    round = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    province = UnitRefField(read_only=True, allow_null=True, level=UnitLevel.PROVINCE)
    district = UnitRefField(read_only=True, allow_null=True, level=UnitLevel.DISTRICT)
    members = CouncilMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = [
            "id",
            "level",
            "name",
            "round",
            "province",
            "district",
            "mode",
            "established_by",
            "members",
            "created_at",
        ]
        read_only_fields = fields


@extend_schema_field({"type": "integer"})
class RoundChoiceField(fields.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Không tìm thấy đợt đánh giá mã “{pk_value}” trong phạm vi của bạn.")
    }

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Round.objects.none()
        return rounds_for_user(request.user)

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class CouncilCreateSerializer(Serializer):
    level = EnumField(**COUNCIL_LEVEL)
    name = fields.CharField(max_length=255)
    round = RoundChoiceField(
        required=False, allow_null=True, help_text=_("Đợt đánh giá (hội đồng cấp tỉnh).")
    )
    district = UnitRefField(
        required=False,
        allow_null=True,
        level=UnitLevel.DISTRICT,
        help_text=_("Huyện thời kỳ trước 2025 (hội đồng cấp huyện)."),
    )
    mode = EnumField(**COUNCIL_MODE, required=False)
    established_by = _text(max_length=120, help_text=_("Số quyết định thành lập."))


@extend_schema_field({"type": "integer"})
class ActiveUserField(fields.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Không tìm thấy tài khoản mã “{pk_value}”."),
    }

    def get_queryset(self):
        return get_user_model().objects.filter(is_active=True)

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool) and not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class CouncilMemberCreateSerializer(Serializer):
    user = ActiveUserField(help_text=_("Mã (id) tài khoản."))
    role = EnumField(**COUNCIL_ROLE)
    department = EnumField(**DEPARTMENT, required=False, allow_blank=True)
    organisation = _text(max_length=255, help_text=_("Đơn vị công tác."))


class CouncilAggregationSerializer(Serializer):
    """`domain.council_result(...).as_dict()`: the council's aggregation of submitted sheets."""

    total = serializers.FloatField(help_text=_("Điểm trung bình của các thành viên."))
    total_display = serializers.FloatField(help_text=_("Điểm trung bình, làm tròn 2 chữ số."))
    parts = fields.DictField(child=serializers.FloatField(), help_text=_("Điểm phần A, B, C."))
    band_stars = serializers.IntegerField()
    stars = serializers.IntegerField()
    unmet_gates = UnmetGateSerializer(many=True)
    certifiable = serializers.BooleanField()
    potential_five_star = serializers.BooleanField()
    member_totals = serializers.ListField(child=serializers.FloatField())
    spread = serializers.FloatField(help_text=_("Chênh lệch giữa tổng điểm cao nhất và thấp nhất."))
    max_spread = serializers.FloatField(allow_null=True)
    needs_rescoring = serializers.BooleanField()
    explanation = serializers.CharField()


class CouncilResultSerializer(Serializer):
    council = serializers.IntegerField()
    dossier = serializers.IntegerField()
    level = EnumField(**COUNCIL_LEVEL)
    submitted = serializers.IntegerField(help_text=_("Số phiếu đã nộp."))
    totals_visible = serializers.BooleanField(
        help_text=_(
            "Người gọi có được xem điểm của các thành viên không: thành viên chấm điểm chỉ được "
            "xem sau khi đã nộp phiếu của mình; chủ tịch, thư ký và cơ quan quản lý hội đồng "
            "luôn được xem."
        )
    )
    result = CouncilAggregationSerializer(
        allow_null=True,
        help_text=_(
            "Null khi chưa có phiếu nào được nộp, hoặc khi người gọi chưa được xem điểm của các "
            "thành viên (`totals_visible` là false)."
        ),
    )
    own_sheet = MemberSheetSerializer(
        allow_null=True,
        help_text=_("Phiếu chấm của chính người gọi trong hội đồng này; null nếu chưa có."),
    )
    pending = CouncilMemberSerializer(
        many=True, help_text=_("Thành viên chấm điểm chưa nộp phiếu (trừ người có xung đột).")
    )
