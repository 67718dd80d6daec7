from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Notification


class ReadFilter(admin.SimpleListFilter):
    title = _("đã đọc")
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("yes", _("Đã đọc")), ("no", _("Chưa đọc"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the workflow, not by hand."""

    list_display = ["subject", "recipient", "object_type", "object_id", "created_at", "read_at"]
    list_filter = [ReadFilter, "object_type"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__username", "recipient__full_name", "object_id"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
