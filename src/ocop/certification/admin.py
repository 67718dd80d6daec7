"""Admin: decisions and certificates are read-only here; they change only through actions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ocop.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Certificate, Decision, DecisionItem


class DecisionItemInline(ReadOnlyInline):
    model = DecisionItem
    fields = ("position", "dossier", "stars")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("number", "level", "province", "date", "status")
    list_filter = ("level", "status")
    search_fields = ("number",)
    inlines = [DecisionItemInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ("number", "product_name", "stars", "issued_on", "valid_until", "status_today")
    list_filter = ("stars", "rulebook")
    search_fields = ("number", "product_name", "producer_name")

    @admin.display(description=_("tình trạng"))
    def status_today(self, certificate):
        return certificate.get_status_display()
