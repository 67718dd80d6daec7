from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.accounts.models import Department
from ocop.core.models import EvidenceFile

from .fields import CharField, DateTimeField, FileField, Serializer

DEPARTMENT = {"choices": Department.choices, "enum_name": "DepartmentEnum"}


class AuditEntrySerializer(Serializer):
    """One audit entry: `{"at", "actor", "action", "reason", "changes"}`."""

    at = DateTimeField(read_only=True)
    actor = serializers.SerializerMethodField(help_text=_("Tên đăng nhập người thực hiện."))
    actor_name = serializers.SerializerMethodField(help_text=_("Họ tên người thực hiện."))
    action = CharField(read_only=True)
    reason = CharField(read_only=True)
    changes = serializers.JSONField(read_only=True, help_text=_("{trường: [trước, sau]}"))

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor(self, entry) -> str | None:
        return entry.actor.username if entry.actor else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_actor_name(self, entry) -> str | None:
        return entry.actor.get_full_name() or entry.actor.username if entry.actor else None


class TokenRequestSerializer(Serializer):
    username = CharField(max_length=150)
    password = CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(Serializer):
    token = CharField(read_only=True)


class HealthSerializer(Serializer):
    status = CharField(read_only=True, help_text="ok | error")
    database = CharField(read_only=True, help_text="ok | error")


class ErrorSerializer(Serializer):
    detail = CharField(read_only=True)


class ValidationErrorSerializer(Serializer):
    detail = CharField(read_only=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), read_only=True
    )


class UserRefSerializer(Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True)


# A stored file (an `ocop.core.models.EvidenceFile`) as its record lists it; a subclass names the
# model in `class Meta(EvidenceFileSerializer.Meta)`. (No docstring here or on the upload below:
# drf-spectacular would describe every subclass's schema component with it.)
class EvidenceFileSerializer(serializers.ModelSerializer):
    class Meta:
        fields = ["id", "title", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


# The body of a file upload (multipart/form-data): the file and an optional title.
class EvidenceFileUploadSerializer(Serializer):
    file = FileField(
        max_length=EvidenceFile._meta.get_field("file").max_length,
        help_text=_("Tệp PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp)."),
    )
    title = CharField(
        required=False,
        allow_blank=True,
        max_length=EvidenceFile._meta.get_field("title").max_length,
    )
