"""Admin: settings, rounds and councils are editable (audited); dossiers and their records are
read-only here, since they change only through the procedure's actions."""

from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin
from ocop.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Council,
    CouncilMember,
    Dossier,
    LevelResult,
    MemberSheet,
    ProvinceSettings,
    Round,
    Transition,
)


@admin.register(ProvinceSettings)
class ProvinceSettingsAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("province", "certificate_number_format", "max_spread")
    raw_id_fields = ("province",)


@admin.register(Round)
class RoundAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "level", "province", "rulebook", "proposals_before", "decide_before")
    list_filter = ("level", "year", "is_extra")
    raw_id_fields = ("province",)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Council)
class CouncilAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "level", "round", "mode")
    list_filter = ("level", "mode")
    raw_id_fields = ("province", "district", "round")
    inlines = [CouncilMemberInline]


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ("at", "action", "from_state", "to_state", "actor", "reason")


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ("pk", "product", "kind", "state", "rulebook", "round", "submitted_on")
    list_filter = ("state", "kind", "rulebook")
    search_fields = ("product__name", "product__code", "producer__name")
    list_select_related = ("product", "rulebook", "round")
    inlines = [TransitionInline]


@admin.register(MemberSheet)
class MemberSheetAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "member", "level", "total", "stars", "submitted_at")
    list_filter = ("level",)


@admin.register(LevelResult)
class LevelResultAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "level", "total", "stars", "recorded_at")
    list_filter = ("level",)
