from django.contrib import admin

from ocop.audit.admin import AuditedAdminMixin

from .models import AdminUnit, UnitConversion


@admin.register(AdminUnit)
class AdminUnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "era",
        "parent",
        "current_province",
        "valid_from",
        "valid_until",
    )
    list_filter = ("era", "level", "current_province")
    search_fields = ("name", "search_text", "=code")
    list_select_related = ("parent", "current_province")
    raw_id_fields = ("parent", "province", "current_province")
    ordering = ("era", "level", "code")


@admin.register(UnitConversion)
class UnitConversionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("legacy_commune", "current_commune", "partly_merged", "source")
    list_filter = ("source", "partly_merged", "current_commune__current_province")
    search_fields = (
        "legacy_commune__name",
        "current_commune__name",
        "=legacy_commune__code",
        "=current_commune__code",
    )
    list_select_related = ("legacy_commune", "current_commune")
    raw_id_fields = ("legacy_commune", "current_commune")
