"""API representations of recognition decisions and certificates. Input is only shaped here;
`certification/domain.py` checks the province, the dossiers' states and makes the change."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.api import fields
from ocop.api.fields import EnumField, Serializer
from ocop.core.limits import MAX_DB_INTEGER
from ocop.geo.models import Level as UnitLevel
from ocop.geo.serializers import UnitRefField

from .models import Certificate, CertificateStatus, Decision, DecisionItem
from .printing import signed_verification_url


class DecisionProductSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class DecisionItemSerializer(serializers.ModelSerializer):
    product = DecisionProductSerializer(source="dossier.product", read_only=True)
    certificate_no = serializers.SerializerMethodField(
        help_text=_("Số giấy chứng nhận cấp theo quyết định này (sau khi ban hành).")
    )

    class Meta:
        model = DecisionItem
        fields = ["position", "dossier", "product", "stars", "certificate_no"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_certificate_no(self, item) -> str | None:
        certificate = getattr(item.dossier, "certificate", None)
        if certificate is None or certificate.decision_id != item.decision_id:
            return None
        return certificate.number


class DecisionSerializer(serializers.ModelSerializer):
    level = EnumField(Decision.Level.choices, enum_name="DecisionLevelEnum", read_only=True)
    status = EnumField(Decision.Status.choices, enum_name="DecisionStatusEnum", read_only=True)
    province = UnitRefField(read_only=True, allow_null=True, level=UnitLevel.PROVINCE)
    items = DecisionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "level",
            "province",
            "number",
            "date",
            "signer_name",
            "signer_title",
            "title",
            "status",
            "items",
            "created_at",
            "issued_at",
        ]
        read_only_fields = fields


class DecisionCreateSerializer(Serializer):
    number = fields.CharField(max_length=60, help_text=_("Số quyết định, ví dụ `101/QĐ-UBND`."))
    date = fields.DateField(help_text=_("Ngày ký; giấy chứng nhận có hiệu lực từ ngày này."))
    signer_name = fields.CharField(max_length=150)
    signer_title = fields.CharField(max_length=150)
    title = fields.CharField(
        max_length=500, required=False, allow_blank=True, help_text=_("Trích yếu.")
    )
    dossiers = serializers.ListField(
        child=fields.IntegerField(min_value=1, max_value=MAX_DB_INTEGER),
        min_length=1,
        max_length=500,
        error_messages={
            "not_a_list": _("Cần một danh sách mã hồ sơ."),
            "empty": _("Quyết định phải có ít nhất một sản phẩm."),
            "min_length": _("Quyết định phải có ít nhất một sản phẩm."),
            "max_length": _("Một quyết định có tối đa {max_length} sản phẩm."),
            **fields.REQUIRED,
        },
        help_text=_("Mã (id) các hồ sơ đã được phê duyệt kết quả, theo thứ tự trong phụ lục."),
    )
    province = UnitRefField(
        required=False,
        level=UnitLevel.PROVINCE,
        help_text=_(
            "Tỉnh/thành phố ban hành; mặc định là tỉnh của cán bộ cơ quan OCOP gửi yêu cầu."
        ),
    )


class CertificateProductSerializer(Serializer):
    id = serializers.IntegerField(source="product_id", read_only=True)
    code = serializers.CharField(source="product.code", read_only=True)
    name = serializers.CharField(
        source="product_name", read_only=True, help_text=_("Tên sản phẩm như in trên giấy.")
    )
    product_set = serializers.IntegerField(source="product.product_set.number", read_only=True)


class CertificateProducerSerializer(Serializer):
    id = serializers.IntegerField(source="producer_id", read_only=True)
    name = serializers.CharField(
        source="producer_name", read_only=True, help_text=_("Tên chủ thể như in trên giấy.")
    )


class PublicStatusField(EnumField):
    """A certificate's status today, computed from its dates, revocation, replacement and any
    pending re-ranking dossier (status.py)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(CertificateStatus.choices, enum_name="CertificateStatusEnum", **kwargs)

    def to_representation(self, certificate):
        return certificate.status


class CertificateSerializer(serializers.ModelSerializer):
    certificate_no = serializers.CharField(source="number", read_only=True)
    status = PublicStatusField(
        help_text=_(
            "Tình trạng hôm nay, tính từ ngày hết hạn, thu hồi, thay thế và hồ sơ phân hạng "
            "lại đang xử lý."
        )
    )
    score = serializers.FloatField(read_only=True, allow_null=True)
    product = CertificateProductSerializer(source="*", read_only=True)
    producer = CertificateProducerSerializer(source="*", read_only=True)
    province = UnitRefField(read_only=True, allow_null=True, level=UnitLevel.PROVINCE)
    decision = serializers.PrimaryKeyRelatedField(read_only=True)
    decision_no = serializers.CharField(source="decision.number", read_only=True)
    revocation_ground = serializers.SerializerMethodField(
        help_text=_("Căn cứ thu hồi (Điều 8 QĐ 26/2026): a, b, c, d, dd, e; null nếu chưa.")
    )
    rulebook = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    superseded_by = serializers.SerializerMethodField(
        help_text=_("Số giấy chứng nhận thay thế giấy này.")
    )
    qr_url = serializers.SerializerMethodField(
        help_text=_(
            "Địa chỉ kiểm tra giấy chứng nhận kèm chữ ký (tham số s, v, k, sig), đúng như mã QR "
            "in trên giấy và tem nhãn."
        )
    )

    class Meta:
        model = Certificate
        fields = [
            "id",
            "certificate_no",
            "status",
            "stars",
            "score",
            "product",
            "producer",
            "province",
            "dossier",
            "decision",
            "decision_no",
            "issued_on",
            "valid_until",
            "revoked_on",
            "revocation_ground",
            "rulebook",
            "superseded_by",
            "qr_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_revocation_ground(self, certificate) -> str | None:
        return certificate.revocation_ground or None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_superseded_by(self, certificate) -> str | None:
        return certificate.superseded_by.number if certificate.superseded_by_id else None

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_qr_url(self, certificate) -> str:
        return signed_verification_url(certificate, self.context.get("request"))
