"""Lists downloaded as spreadsheets: `?format=csv` or `?format=xlsx`, with the list's filters."""

import csv
import datetime
import decimal
import io

from django.http import HttpResponse
from django.utils import timezone
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A download is the whole filtered list, not a page; this bounds one file.
MAX_EXPORT_ROWS = 100_000


def table(title, columns, rows) -> dict:
    """`rows` (at most MAX_EXPORT_ROWS) as the CSV and XLSX renderers take them: `columns` are
    (header, getter) pairs."""
    return {
        "title": str(title),
        "columns": [str(header) for header, _getter in columns],
        "rows": [[getter(row) for _header, getter in columns] for row in rows[:MAX_EXPORT_ROWS]],
    }


def wants_xlsx(request) -> bool:
    """Whether a page was asked for its list as a workbook (`?format=xlsx`)."""
    return request.GET.get("format") == "xlsx"


def xlsx_download(data: dict, name: str) -> HttpResponse:
    """A `table()` as a one-sheet workbook named `<name>-<today>.xlsx`."""
    response = HttpResponse(XLSXRenderer().render(data), content_type=XLSX_MEDIA_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, int | float | datetime.date):
        return value
    return str(value)


class CSVRenderer(BaseRenderer):
    """A table `{"columns", "rows"}` as UTF-8 CSV (with a BOM, so Excel reads the accents)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        buffer = io.StringIO()
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(data["columns"])
        for row in data["rows"]:
            cells = [_cell(value) for value in row]
            writer.writerow(
                [cell.isoformat() if isinstance(cell, datetime.date) else cell for cell in cells]
            )
        return buffer.getvalue().encode("utf-8")


class XLSXRenderer(BaseRenderer):
    """`{"columns": [...], "rows": [[...]]}` as an Excel workbook with one sheet."""

    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        workbook = Workbook(write_only=False)
        sheet = workbook.active
        sheet.title = str(data.get("title", "Sheet1"))[:31]
        sheet.append(data["columns"])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in data["rows"]:
            sheet.append([_cell(value) for value in row])
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class ExportMixin:
    """Adds `?format=csv|xlsx` to a viewset's list. Declare `export_columns` as
    `[(header, getter(obj))]` and `export_name` (the file name's stem)."""

    export_columns: list = []
    export_name = "export"

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [CSVRenderer(), XLSXRenderer()]
        return renderers

    def is_export(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) in EXPORT_FORMATS

    def export(self, queryset) -> Response:
        fmt = self.request.accepted_renderer.format
        title = self.export_title if hasattr(self, "export_title") else self.export_name
        stamp = timezone.localdate().isoformat()
        response = Response(table(title, self.export_columns, queryset))
        response["Content-Disposition"] = f'attachment; filename="{self.export_name}-{stamp}.{fmt}"'
        return response

    def handle_exception(self, exc):
        # Errors of a download request are still answered in JSON.
        if self.is_export():
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
