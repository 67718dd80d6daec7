"""API representations of revocation cases. Input is only shaped here; `revocations/domain.py`
checks the certificates, the ground, the evidence and who acts, and makes the change."""

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.api import fields
from ocop.api.fields import EnumField, Serializer
from ocop.api.serializers import (
    EvidenceFileSerializer,
    EvidenceFileUploadSerializer,
    UserRefSerializer,
)
from ocop.certification.models import Certificate
from ocop.certification.serializers import PublicStatusField
from ocop.core.limits import MAX_DB_INTEGER
from ocop.geo.models import Level as UnitLevel
from ocop.geo.serializers import UnitRefField

from .domain import (
    DECISION_NO_MAX,
    DESCRIPTION_MAX,
    EVIDENCE_EXEMPT,
    MAX_CERTIFICATES,
    MAX_EVIDENCE_FILES,
    REASON_MAX,
)
from .models import Ground, Level, RevocationCase, RevocationEvidence, Source, State

GROUND = {"choices": Ground.choices, "enum_name": "RevocationGroundEnum"}
SOURCE = {"choices": Source.choices, "enum_name": "RevocationSourceEnum"}
# In JSON (no files): only the sources whose record is the evidence (domain.EVIDENCE_EXEMPT).
SOURCE_WITHOUT_FILE = {
    "choices": [(value, label) for value, label in Source.choices if value in EVIDENCE_EXEMPT],
    "enum_name": "RevocationSourceWithoutFileEnum",
}
LEVEL = {"choices": Level.choices, "enum_name": "RevocationLevelEnum"}
STATE = {"choices": State.choices, "enum_name": "RevocationStateEnum"}


class RevocationCertificateSerializer(serializers.ModelSerializer):
    certificate_no = serializers.CharField(source="number", read_only=True)
    status = PublicStatusField(help_text=_("Tình trạng hôm nay."))
    product = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["id", "certificate_no", "status", "stars", "product", "valid_until", "revoked_on"]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "code": {"type": "string"},
                "name": {"type": "string"},
            },
        }
    )
    def get_product(self, certificate) -> dict:
        return {
            "id": certificate.product_id,
            "code": certificate.product.code,
            "name": certificate.product_name,
        }


class RevocationProducerSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    commune = UnitRefField(read_only=True)


class RevocationEvidenceSerializer(EvidenceFileSerializer):
    class Meta(EvidenceFileSerializer.Meta):
        model = RevocationEvidence


class RevocationSerializer(serializers.ModelSerializer):
    province = UnitRefField(read_only=True, level=UnitLevel.PROVINCE)
    level = EnumField(
        **LEVEL,
        read_only=True,
        help_text=_("Cấp quyết định: `province` (3–4 sao), `central` (Bộ, 5 sao)."),
    )
    producer = RevocationProducerSerializer(read_only=True)
    certificates = RevocationCertificateSerializer(many=True, read_only=True)
    ground = EnumField(**GROUND, read_only=True, help_text=_("Căn cứ thu hồi (Điều 8.1)."))
    ground_label = serializers.CharField(
        source="ground_text", read_only=True, help_text=_("Nội dung căn cứ theo bộ tiêu chí.")
    )
    source = EnumField(**SOURCE, read_only=True)
    state = EnumField(**STATE, read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("Đang xử lý và đã quá hạn xử lý (`due_on`).")
    )
    rulebook = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    evidence = RevocationEvidenceSerializer(many=True, read_only=True)
    opened_by = UserRefSerializer(read_only=True, allow_null=True)
    decided_by = UserRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = RevocationCase
        fields = [
            "id",
            "state",
            "overdue",
            "level",
            "province",
            "producer",
            "certificates",
            "ground",
            "ground_label",
            "source",
            "description",
            "finding_date",
            "due_on",
            "rulebook",
            "decision_no",
            "decision_date",
            "dismissal_reason",
            "evidence",
            "opened_by",
            "decided_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_overdue(self, case) -> bool:
        value = getattr(case, "overdue", None)
        return case.is_overdue() if value is None else bool(value)


def sources(*, need_file: bool) -> str:
    """ "`commune_confirmation`, `ministry_request`": the sources that need an evidence file (or
    those that do not), as `domain.open_case` checks them."""
    return ", ".join(
        f"`{value}`" for value in Source.values if (value not in EVIDENCE_EXEMPT) == need_file
    )


def _evidence_help() -> str:
    return gettext(
        "Tài liệu chứng minh (PDF, JPEG, PNG; một hoặc nhiều tệp). Bắt buộc với nguồn "
        "%(required)s; không cần với nguồn %(exempt)s."
    ) % {"required": sources(need_file=True), "exempt": sources(need_file=False)}


def _create_description() -> str:
    return gettext(
        "Gửi dạng multipart/form-data, tài liệu chứng minh trong `evidence`: bắt buộc với nguồn "
        "%(required)s. Nguồn %(exempt)s (kết luận kiểm tra, tình trạng đã ghi của chủ thể) "
        "không cần tệp và cũng có thể gửi dạng JSON. Hạn xử lý tính theo thời hạn thu hồi của "
        "bộ tiêu chí kể từ ngày phát hiện."
    ) % {"required": sources(need_file=True), "exempt": sources(need_file=False)}


# Built in the request's language when the schema is rendered.
EVIDENCE_HELP = lazy(_evidence_help, str)()
CREATE_DESCRIPTION = lazy(_create_description, str)()


class RevocationCreateSerializer(Serializer):
    """Opening a case, as multipart/form-data (with files)."""

    certificates = serializers.ListField(
        child=fields.IntegerField(min_value=1, max_value=MAX_DB_INTEGER),
        min_length=1,
        max_length=MAX_CERTIFICATES,
        error_messages={
            "not_a_list": _("Cần một danh sách mã giấy chứng nhận."),
            "empty": _("Hãy chọn ít nhất một giấy chứng nhận."),
            "min_length": _("Hãy chọn ít nhất một giấy chứng nhận."),
            "max_length": _("Một hồ sơ thu hồi có tối đa {max_length} giấy chứng nhận."),
            **fields.REQUIRED,
        },
        help_text=_("Mã (id) các giấy chứng nhận còn hiệu lực của một chủ thể."),
    )
    ground = EnumField(**GROUND, help_text=_("Căn cứ thu hồi (Điều 8.1): a, b, c, d, dd, e."))
    source = EnumField(**SOURCE, help_text=_("Nguồn phát hiện."))
    finding_date = fields.DateField(
        help_text=_("Ngày có kết luận/xác nhận; hạn xử lý tính từ ngày này.")
    )
    description = fields.CharField(
        max_length=DESCRIPTION_MAX, required=False, allow_blank=True, default=""
    )
    evidence = serializers.ListField(
        child=fields.FileField(max_length=255),
        required=False,
        max_length=MAX_EVIDENCE_FILES,
        error_messages={
            "not_a_list": _("Cần một danh sách tệp."),
            "max_length": _("Mỗi lần tải lên tối đa {max_length} tài liệu."),
        },
        help_text=EVIDENCE_HELP,
    )


class RevocationCreateJSONSerializer(RevocationCreateSerializer):
    """Opening a case as JSON: no files, so only from a source that needs none (the schema's
    JSON body; the view checks both bodies with `RevocationCreateSerializer`, whose refusal of
    another source names the missing evidence)."""

    source = EnumField(
        **SOURCE_WITHOUT_FILE,
        help_text=_("Nguồn phát hiện; nguồn khác cần tệp, gửi dạng multipart/form-data."),
    )
    evidence = None


class RevocationDecideSerializer(Serializer):
    decision_no = fields.CharField(
        max_length=DECISION_NO_MAX, help_text=_("Số quyết định thu hồi.")
    )
    date = fields.DateField(help_text=_("Ngày quyết định; giấy chứng nhận bị thu hồi từ ngày này."))


class RevocationDismissSerializer(Serializer):
    reason = fields.CharField(max_length=REASON_MAX, help_text=_("Lý do không thu hồi."))


class RevocationEvidenceUploadSerializer(EvidenceFileUploadSerializer):
    pass  # its own name: the schema's component for this upload
