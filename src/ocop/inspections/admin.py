"""Admin: inspection plans and their records are read-only here; they change only through the
domain actions (audited) on the inspection pages and the API."""

from django.contrib import admin

from ocop.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Finding, FindingEvidence, InspectionPlan, InspectionTarget, Visit


class TargetInline(ReadOnlyInline):
    model = InspectionTarget
    fields = ("producer", "product")


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "province", "department", "kind", "period_start", "period_end")
    list_filter = ("department", "kind")
    search_fields = ("title",)
    inlines = [TargetInline]


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "plan", "date")
    list_select_related = ("plan", "producer", "product")


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "visit", "severity", "ground", "referred_on")
    list_filter = ("severity", "ground")
    list_select_related = ("visit__producer", "visit__product")


@admin.register(FindingEvidence)
class FindingEvidenceAdmin(ReadOnlyAdmin):
    list_display = ("title", "finding", "content_type", "size", "uploaded_at")
