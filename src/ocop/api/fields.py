"""DRF fields and a base serializer whose error messages are Vietnamese source strings.

DRF's own Vietnamese catalogue is incomplete ("This field is required." stays English), so the API
uses these subclasses: messages in Vietnamese by default, English from the project's catalogue.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers

REQUIRED = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
}
TEXT = {
    **REQUIRED,
    "invalid": _("Giá trị phải là một chuỗi ký tự."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Không được dài quá {max_length} ký tự."),
    "min_length": _("Phải có ít nhất {min_length} ký tự."),
}
NUMBER = {
    **REQUIRED,
    "max_value": _("Giá trị không được lớn hơn {max_value}."),
    "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
    "max_string_length": _("Giá trị quá dài."),
}


class CharField(serializers.CharField):
    default_error_messages = TEXT


class EmailField(serializers.EmailField):
    default_error_messages = {**TEXT, "invalid": _("Địa chỉ thư điện tử không hợp lệ.")}


class IntegerField(serializers.IntegerField):
    default_error_messages = {**NUMBER, "invalid": _("Giá trị phải là một số nguyên.")}


class DecimalField(serializers.DecimalField):
    default_error_messages = {
        **NUMBER,
        "invalid": _("Giá trị phải là một số."),
        "max_digits": _("Không được có quá {max_digits} chữ số."),
        "max_decimal_places": _("Không được có quá {max_decimal_places} chữ số thập phân."),
        "max_whole_digits": _("Không được có quá {max_whole_digits} chữ số phần nguyên."),
    }


class BooleanField(serializers.BooleanField):
    default_error_messages = {**REQUIRED, "invalid": _("Giá trị phải là true hoặc false.")}


class DateField(serializers.DateField):
    default_error_messages = {
        **REQUIRED,
        "invalid": _("Ngày không đúng định dạng; hãy dùng dạng YYYY-MM-DD (ví dụ 2026-11-29)."),
        "datetime": _("Cần một ngày, không phải ngày giờ."),
    }


class DateTimeField(serializers.DateTimeField):
    default_error_messages = {
        **REQUIRED,
        "invalid": _("Thời điểm không đúng định dạng ISO 8601."),
        "date": _("Cần một thời điểm, không phải một ngày."),
        "make_aware": _("Thời điểm không hợp lệ ở múi giờ “{timezone}”."),
        "overflow": _("Thời điểm nằm ngoài phạm vi cho phép."),
    }


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {
        **REQUIRED,
        "invalid_choice": _("“{input}” không phải là một lựa chọn hợp lệ."),
    }


class EnumField(ChoiceField):
    """A choice field whose choice set is one named schema component (`enum_name`), the same
    wherever it is used: several resources have a `kind`, `level` or `status` of their own."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = build_choice_field(field)
        schema.pop("x-spec-enum-id", None)
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema=schema,
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        **REQUIRED,
        "does_not_exist": _("Không tìm thấy đối tượng có mã “{pk_value}”."),
        "incorrect_type": _("Mã phải là một số nguyên, không phải {data_type}."),
    }


class SlugRelatedField(serializers.SlugRelatedField):
    default_error_messages = {
        **REQUIRED,
        "does_not_exist": _("Không tìm thấy đối tượng có {slug_name} = {value}."),
        "invalid": _("Giá trị không hợp lệ."),
    }


class ImageField(serializers.ImageField):
    default_error_messages = {
        **REQUIRED,
        "invalid": _("Không nhận được tệp; hãy gửi dạng multipart/form-data."),
        "no_name": _("Không xác định được tên tệp."),
        "empty": _("Tệp tải lên rỗng."),
        "max_length": _("Tên tệp không được dài quá {max_length} ký tự."),
        "invalid_image": _("Tệp tải lên không phải là ảnh hợp lệ (chấp nhận JPEG, PNG, WebP)."),
    }


class FileField(serializers.FileField):
    """An uploaded file; its content is checked by the domain (ocop.core.uploads)."""

    default_error_messages = {
        **REQUIRED,
        "invalid": _("Không nhận được tệp; hãy gửi dạng multipart/form-data."),
        "no_name": _("Không xác định được tên tệp."),
        "empty": _("Tệp tải lên rỗng."),
        "max_length": _("Tên tệp không được dài quá {max_length} ký tự."),
    }


SERIALIZER_MESSAGES = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "invalid": _("Dữ liệu không hợp lệ: cần một đối tượng JSON, nhận được {datatype}."),
}


class DictField(serializers.DictField):
    default_error_messages = {
        **REQUIRED,
        "not_a_dict": _("Cần một đối tượng JSON, nhận được {input_type}."),
        "empty": _("Đối tượng này không được rỗng."),
    }


class Serializer(serializers.Serializer):
    default_error_messages = SERIALIZER_MESSAGES


def _vietnamese_mapping() -> dict:
    replace = {
        serializers.CharField: CharField,
        serializers.EmailField: EmailField,
        serializers.IntegerField: IntegerField,
        serializers.DecimalField: DecimalField,
        serializers.BooleanField: BooleanField,
        serializers.DateField: DateField,
        serializers.DateTimeField: DateTimeField,
        serializers.ImageField: ImageField,
    }
    return {
        model_field: replace.get(field, field)
        for model_field, field in serializers.ModelSerializer.serializer_field_mapping.items()
    }


class ModelSerializer(serializers.ModelSerializer):
    """A model serializer whose generated fields speak Vietnamese."""

    default_error_messages = SERIALIZER_MESSAGES
    serializer_field_mapping = _vietnamese_mapping()
    serializer_related_field = PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField
