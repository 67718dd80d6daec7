"""Admin: revocation cases are read-only here; they change only through the domain actions."""

from django.contrib import admin

from ocop.evaluation.admin import ReadOnlyAdmin

from .models import RevocationCase, RevocationEvidence


class EvidenceInline(admin.TabularInline):
    model = RevocationEvidence
    extra = 0
    can_delete = False
    fields = ("title", "file", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RevocationCase)
class RevocationCaseAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "producer",
        "province",
        "level",
        "ground",
        "source",
        "finding_date",
        "due_on",
        "state",
    )
    list_filter = ("state", "level", "ground", "source")
    search_fields = ("producer__name", "certificates__number", "decision_no")
    inlines = [EvidenceInline]
