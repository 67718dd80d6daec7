from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .fields import CharField, DateTimeField, Serializer


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
