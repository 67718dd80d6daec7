"""Serializers for administrative units and the `{"code", "era"}` reference other APIs use."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import AdminUnit, Era, Level
from .queries import UnitLookupError, unit_by_code


class UnitRefSerializer(serializers.Serializer):
    """Schema of a unit reference: code and era in, plus the name out."""

    code = serializers.IntegerField(min_value=1, help_text=_("Mã GSO của đơn vị."))
    era = serializers.ChoiceField(choices=Era.choices, help_text=_("Thời kỳ của mã."))
    name = serializers.CharField(read_only=True)


@extend_schema_field(UnitRefSerializer)
class UnitRefField(serializers.Field):
    """A unit given as `{"code": 20410, "era": "2025"}` (a commune unless `level` says otherwise).

    Reads the unit of that code, era and level; writes `{"code", "era", "name"}`. Unknown codes,
    bad eras and codes of the other era get a Vietnamese message saying which.
    """

    default_error_messages = {
        "invalid": _('Đơn vị hành chính phải có dạng {{"code": 20410, "era": "2025"}}.'),
        "required": _("Trường này là bắt buộc."),
        "null": _("Trường này không được để trống."),
    }

    def __init__(self, *, level: str = Level.COMMUNE, **kwargs):
        self.level = level
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> AdminUnit:
        if not isinstance(data, dict) or "code" not in data:
            self.fail("invalid")
        try:
            return unit_by_code(data.get("code"), data.get("era"), self.level)
        except UnitLookupError as exc:
            raise serializers.ValidationError(str(exc), code=exc.code) from exc

    def to_representation(self, unit: AdminUnit) -> dict:
        return {"code": unit.code, "era": unit.era, "name": unit.name}


class UnitSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="unit_type", read_only=True)
    parent = UnitRefField(read_only=True, allow_null=True)
    province = UnitRefField(read_only=True, allow_null=True)
    current_province = UnitRefField(
        read_only=True,
        allow_null=True,
        help_text=_("Tỉnh/thành phố từ 01/7/2025 chịu trách nhiệm về đơn vị này."),
    )

    class Meta:
        model = AdminUnit
        fields = [
            "id",
            "code",
            "era",
            "level",
            "name",
            "type",
            "parent",
            "province",
            "current_province",
            "valid_from",
            "valid_until",
            "note",
        ]
        read_only_fields = fields
