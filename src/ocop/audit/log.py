"""Writing the audit trail. Every domain action that changes data calls `record`."""

import datetime
import decimal
from collections.abc import Iterable

from django.db import models

from .models import AuditAction, AuditEntry


def object_type(instance_or_model) -> str:
    """The API's name for a resource: the model's name in lower case (`producer`, `product`)."""
    return instance_or_model._meta.model_name


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete, editable field values of `instance` in JSON-ready form."""
    values = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        if fields is not None and field.name not in fields:
            continue
        if field.name == "search_text":
            continue
        values[field.name] = _plain(getattr(instance, field.attname))
    return values


def diff(before: dict, after: dict) -> dict:
    """`{field: [before, after]}` for every field whose value differs."""
    keys = before.keys() | after.keys()
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def record(
    instance: models.Model,
    *,
    actor,
    action: str,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry about `instance` (call inside the action's transaction)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        reason=reason or "",
        changes=changes or {},
    )


def record_create(instance, *, actor, reason: str = "") -> AuditEntry:
    return record(
        instance,
        actor=actor,
        action=AuditAction.CREATE,
        changes=diff({}, snapshot(instance)),
        reason=reason,
    )


def record_delete(instance, *, actor, reason: str = "") -> AuditEntry:
    return record(
        instance,
        actor=actor,
        action=AuditAction.DELETE,
        changes=diff(snapshot(instance), {}),
        reason=reason,
    )


def entries_for(instance_or_type, object_id=None):
    """Audit entries of one object, newest first."""
    if object_id is None:
        kind, object_id = object_type(instance_or_type), instance_or_type.pk
    else:
        kind = instance_or_type
    return AuditEntry.objects.filter(object_type=kind, object_id=str(object_id)).select_related(
        "actor"
    )
