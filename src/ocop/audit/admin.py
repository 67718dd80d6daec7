from django.contrib import admin
from django.db import transaction

from . import log
from .models import AuditAction, AuditEntry


class AuditedAdminMixin:
    """Writes the audit trail for saves and deletes made in the admin (actor = the admin user).

    Fields in `audit_exclude` (password hashes, login times) never go into the trail."""

    audit_exclude: tuple[str, ...] = ()

    def _audit_snapshot(self, obj) -> dict:
        values = log.snapshot(obj)
        for name in self.audit_exclude:
            values.pop(name, None)
        return values

    def _stored_snapshot(self, obj) -> dict:
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        return self._audit_snapshot(stored) if stored is not None else {}

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = self._stored_snapshot(obj) if change and obj.pk else {}
            super().save_model(request, obj, form, change)
            changes = log.diff(before, self._audit_snapshot(obj))
            if change and changes:
                log.record(obj, actor=request.user, action=AuditAction.UPDATE, changes=changes)
            elif not change:
                log.record(obj, actor=request.user, action=AuditAction.CREATE, changes=changes)

    def delete_model(self, request, obj):
        with transaction.atomic():
            log.record(
                obj,
                actor=request.user,
                action=AuditAction.DELETE,
                changes=log.diff(self._audit_snapshot(obj), {}),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                log.record(
                    obj,
                    actor=request.user,
                    action=AuditAction.DELETE,
                    changes=log.diff(self._audit_snapshot(obj), {}),
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        """Inline rows (e.g. a user's memberships) are audited like the parent object."""
        with transaction.atomic():
            befores = {
                inline_form.instance.pk: log.snapshot(
                    type(inline_form.instance)._default_manager.get(pk=inline_form.instance.pk)
                )
                for inline_form in formset.initial_forms
                if inline_form.instance.pk and inline_form.has_changed()
            }
            super().save_formset(request, form, formset, change)
            for obj in formset.deleted_objects:
                log.record(
                    obj,
                    actor=request.user,
                    action=AuditAction.DELETE,
                    changes=log.diff(log.snapshot(obj), {}),
                )
            for obj in formset.new_objects:
                log.record(
                    obj,
                    actor=request.user,
                    action=AuditAction.CREATE,
                    changes=log.diff({}, log.snapshot(obj)),
                )
            for obj, _fields in formset.changed_objects:
                changes = log.diff(befores.get(obj.pk, {}), log.snapshot(obj))
                if changes:
                    log.record(obj, actor=request.user, action=AuditAction.UPDATE, changes=changes)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail is read-only, in the admin as everywhere."""

    list_display = ("at", "actor", "action", "object_type", "object_id", "object_repr", "reason")
    list_filter = ("action", "object_type", "at")
    search_fields = ("object_repr", "object_id", "reason", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
