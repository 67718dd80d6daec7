"""Rulebooks and sheets in the admin, read-only: they change only through the data files and
`load_rulebooks` (the admin site itself is for superusers only)."""

import json

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ocop.core.admin import ReadOnlyAdmin

from .models import Rulebook, ScoreSheet


def _pretty(data) -> str:
    return format_html("<pre>{}</pre>", json.dumps(data, ensure_ascii=False, indent=1))


@admin.register(Rulebook)
class RulebookAdmin(ReadOnlyAdmin):
    list_display = ("slug", "title", "effective_from", "effective_until", "sheets_from")
    list_select_related = ("sheets_from",)
    fields = ("slug", "title", "effective_from", "effective_until", "sheets_from", "pretty_data")
    readonly_fields = fields

    @admin.display(description=_("dữ liệu"))
    def pretty_data(self, obj):
        return _pretty(obj.data)


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ("set_no", "set_name", "group_code", "sector_name", "rulebook")
    list_filter = ("rulebook", "sector_code")
    search_fields = ("set_name", "=set_no")
    list_select_related = ("rulebook",)
    fields = (
        "rulebook",
        "set_no",
        "set_name",
        "sector_code",
        "sector_name",
        "group_code",
        "group_name",
        "pretty_data",
    )
    readonly_fields = fields

    @admin.display(description=_("phiếu đánh giá"))
    def pretty_data(self, obj):
        return _pretty(obj.data)
