"""API representations of producers and products. Input is validated here; the domain actions
(registry/domain.py) enforce scope and business rules and make the change."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.api import fields
from ocop.api.fields import ModelSerializer, Serializer
from ocop.geo.serializers import UnitRefField

from . import domain
from .models import Producer, ProducerStatus, Product, ProductSet
from .queries import producers_for_user
from .validators import normalize_registration_no, validate_photo, validate_registration_no

NOT_YOUR_PRODUCER = _(
    "Không tìm thấy chủ thể mã “{pk_value}” trong số chủ thể bạn được thêm sản phẩm."
)
# A workforce beyond this is a typing error, not a producer.
MAX_WORKFORCE = 1_000_000


class ProducerSerializer(ModelSerializer):
    registration_no = fields.CharField(
        max_length=30,
        label=_("mã số đăng ký kinh doanh/mã số thuế"),
        help_text=_("Mã số thuế 10 hoặc 13 chữ số, hoặc số giấy chứng nhận hộ kinh doanh."),
    )
    commune = UnitRefField(help_text=_("Xã/phường: mã và thời kỳ (2025 hoặc legacy)."))
    province = fields.CharField(
        source="commune.current_province.name",
        read_only=True,
        allow_null=True,
        help_text=_("Tỉnh/thành phố (từ 2025) chịu trách nhiệm về xã/phường."),
    )
    workforce = fields.IntegerField(
        min_value=0, max_value=MAX_WORKFORCE, allow_null=True, required=False
    )
    local_labour_share = fields.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal(0),
        max_value=Decimal(100),
        allow_null=True,
        required=False,
        help_text=_("Phần trăm, từ 0 đến 100."),
    )
    reason = fields.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Lý do ghi vào nhật ký thay đổi."),
    )

    class Meta:
        model = Producer
        fields = [
            "id",
            "name",
            "kind",
            "registration_no",
            "legal_representative",
            "representative_is_woman",
            "representative_is_ethnic_minority",
            "representative_has_disability",
            "address",
            "commune",
            "province",
            "phone",
            "email",
            "workforce",
            "local_labour_share",
            "status",
            "status_since",
            "food_safety_cert_no",
            "food_safety_cert_expiry",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["status", "status_since", "created_at", "updated_at"]

    def validate_registration_no(self, value: str) -> str:
        value = normalize_registration_no(value)
        try:
            validate_registration_no(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        taken = Producer.objects.filter(registration_no=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(
                _("Đã có chủ thể với mã số %(no)s.") % {"no": value}, code="unique"
            )
        return value

    def validate(self, attrs):
        user = self.context["request"].user
        # Registration data is the officers' (rules.can_manage_producer); a producer account
        # edits its contact and workforce data.
        if self.instance is not None and not user.has_perm(
            "registry.delete_producer", self.instance
        ):
            locked = {"registration_no", "kind"} & {
                key for key, value in attrs.items() if getattr(self.instance, key) != value
            }
            if locked:
                message = _("Chỉ cán bộ quản lý mới được sửa mã số đăng ký và loại hình.")
                raise serializers.ValidationError({key: [message] for key in sorted(locked)})
        return attrs

    def create(self, validated_data):
        reason = validated_data.pop("reason", "")
        return domain.create_producer(
            actor=self.context["request"].user, data=validated_data, reason=reason
        )

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "")
        return domain.update_producer(
            instance, actor=self.context["request"].user, data=validated_data, reason=reason
        )


class ProducerStatusChangeSerializer(Serializer):
    status = fields.ChoiceField(choices=ProducerStatus.choices)
    date = fields.DateField(help_text=_("Ngày hiệu lực (không ở tương lai)."))
    reason = fields.CharField(allow_blank=True, max_length=2000)


class ProductRefSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    product_set = serializers.IntegerField(
        source="product_set.number", read_only=True, help_text=_("Số bộ sản phẩm (1–26).")
    )


class ProducerRefSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ProducerRefField(fields.PrimaryKeyRelatedField):
    """A producer the caller can see and may add products to (else one message, no leak)."""

    default_error_messages = {"does_not_exist": NOT_YOUR_PRODUCER}

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Producer.objects.none()
        return producers_for_user(request.user)

    def to_internal_value(self, data):
        producer = super().to_internal_value(data)
        if not self.context["request"].user.has_perm("registry.add_product", producer):
            self.fail("does_not_exist", pk_value=data)
        return producer


@extend_schema_field({"type": "array", "items": {"type": "string", "format": "uri"}})
class PhotoUrlsField(serializers.ReadOnlyField):
    def to_representation(self, photos):
        request = self.context.get("request")
        urls = [photo.image.url for photo in photos.all()]
        return [request.build_absolute_uri(url) for url in urls] if request else urls


class ProductSerializer(ModelSerializer):
    producer = ProducerRefField(help_text=_("Mã chủ thể; chỉ ghi được khi tạo sản phẩm."))
    product_set = fields.SlugRelatedField(
        slug_field="number",
        queryset=ProductSet.objects.all(),
        help_text=_("Số bộ sản phẩm (1–26, Phụ lục I QĐ 26/2026)."),
    )
    product_set_name = fields.CharField(source="product_set.name", read_only=True)
    sector = fields.CharField(
        source="product_set.sector_code", read_only=True, help_text=_("Mã ngành (1–6).")
    )
    commune = UnitRefField(
        required=False, help_text=_("Nơi sản xuất; mặc định là xã/phường của chủ thể.")
    )
    photos = PhotoUrlsField()
    reason = fields.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Lý do ghi vào nhật ký thay đổi."),
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "code",
            "name",
            "producer",
            "product_set",
            "product_set_name",
            "sector",
            "description",
            "commune",
            "photos",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["code", "created_at", "updated_at"]

    def validate_producer(self, producer):
        if self.instance is not None and producer.pk != self.instance.producer_id:
            raise serializers.ValidationError(
                _("Không thể chuyển sản phẩm sang chủ thể khác; hãy tạo sản phẩm mới.")
            )
        return producer

    def create(self, validated_data):
        reason = validated_data.pop("reason", "")
        producer = validated_data.pop("producer")
        return domain.create_product(
            producer, actor=self.context["request"].user, data=validated_data, reason=reason
        )

    def update(self, instance, validated_data):
        reason = validated_data.pop("reason", "")
        validated_data.pop("producer", None)
        return domain.update_product(
            instance, actor=self.context["request"].user, data=validated_data, reason=reason
        )


class PhotoUploadSerializer(Serializer):
    image = serializers.FileField(
        validators=[validate_photo],
        error_messages={
            **fields.REQUIRED,
            "invalid": _("Không nhận được tệp; hãy gửi dạng multipart/form-data."),
            "no_name": _("Không xác định được tên tệp."),
            "empty": _("Tệp tải lên rỗng."),
            "max_length": _("Tên tệp không được dài quá {max_length} ký tự."),
        },
        help_text=_("Ảnh JPEG, PNG hoặc WebP."),
    )
    caption = fields.CharField(required=False, allow_blank=True, max_length=255)
