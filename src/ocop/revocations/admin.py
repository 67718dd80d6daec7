"""Admin: revocation cases are read-only here; they change only through the domain actions."""

from django.contrib import admin

from ocop.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import RevocationCase, RevocationEvidence


class EvidenceInline(ReadOnlyInline):
    model = RevocationEvidence
    fields = ("title", "file", "content_type", "size", "uploaded_by", "uploaded_at")


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
