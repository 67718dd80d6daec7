"""The printable score sheet (phiếu đánh giá) as on the official form of Phụ lục II: blank for
anyone here; the app that owns products prints it with a product's header filled in through
`sheet_context(header=...)`, `render_sheet` and `sheet_pdf_response`. HTML for the browser's
print dialog and PDF rendered by WeasyPrint (A4, fonts from fontconfig, nothing fetched)."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import Rulebook, ScoreSheet
from .queries import sheets_of

TEMPLATE = "criteria/print/sheet.html"


def _stars(marker) -> str:
    return "*" * marker if marker else ""


def sheet_rows(sheet: ScoreSheet) -> list[dict]:
    """The table of the form, one dict per printed row, in the law's order.

    Kinds: `part`, `group` (heading with its maximum), `criterion`, `note`, `case` (heading of
    one alternative case, "Lựa chọn một trong hai trường hợp"), `option` (a box □ with the
    points and the star marker)."""
    rows: list[dict] = []
    for part in sheet.data["parts"]:
        rows.append({"kind": "part", "label": part["label"], "points": part["max"]})
        for group in part["groups"]:
            criteria = group["criteria"]
            # A group without sub-criteria is one criterion carrying the group's code.
            single = len(criteria) == 1 and criteria[0]["code"] == group["code"]
            if not single:
                rows.append(
                    {
                        "kind": "group",
                        "code": group["code"],
                        "label": group["label"],
                        "points": group["max"],
                    }
                )
                rows.extend({"kind": "note", "label": n} for n in group.get("notes") or [])
            for criterion in criteria:
                rows.extend(_criterion_rows(criterion, heading="group" if single else "criterion"))
            if single:
                rows.extend({"kind": "note", "label": n} for n in group.get("notes") or [])
    return rows


def _criterion_rows(criterion: dict, *, heading: str) -> list[dict]:
    rows = [
        {
            "kind": heading,
            "code": criterion["code"],
            "label": criterion["label"],
            "points": criterion["max"],
        }
    ]
    notes = criterion.get("notes") or []
    cases = list(dict.fromkeys(o["case"] for o in criterion["options"] if o.get("case")))
    case_notes = {
        case: next((n for n in notes if n.startswith(f"{case}.")), None) for case in cases
    }
    rows.extend({"kind": "note", "label": n} for n in notes if n not in case_notes.values())
    current_case = None
    for option in criterion["options"]:
        case = option.get("case")
        if case and case != current_case:
            current_case = case
            rows.append({"kind": "case", "label": case_notes.get(case) or f"{case}."})
        rows.append(
            {
                "kind": "option",
                "label": option["label"],
                "stars": _stars(option.get("min_star_marker")),
                "points": option["points"],
            }
        )
    return rows


@dataclass(frozen=True)
class SheetHeader:
    """The header fields of a filled-in sheet (blank on the blank form)."""

    product_name: str
    product_code: str
    producer_name: str
    phone: str
    address: str


def sheet_context(
    sheet: ScoreSheet,
    *,
    rulebook: Rulebook,
    header: SheetHeader | None = None,
    pdf_url: str,
    back_url: str | None = None,
) -> dict:
    """What the sheet's template needs: the sheet as scored under `rulebook` (whose sheet it
    may not be), the header when filled in, and the toolbar's links."""
    return {
        "sheet": sheet,
        "rulebook": rulebook,
        "sheet_rulebook": sheet.rulebook,
        "borrowed": sheet.rulebook_id != rulebook.pk,
        "header": header,
        "pdf_url": pdf_url,
        "back_url": back_url,
        "disqualified_when": sheet.data.get("disqualified_when", []),
        "rows": sheet_rows(sheet),
        "total": sum(part["max"] for part in sheet.data["parts"]),
        # The star levels the markers stand for (*** … *****).
        "star_levels": sheet.rulebook.rules.certifiable_stars,
        "opinion_lines": range(4),
    }


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher: the sheet embeds nothing, so nothing is ever fetched."""
    raise ValueError(f"external resource refused: {url}")


def render_sheet(request, context: dict) -> HttpResponse:
    """The sheet as an HTML page to print from the browser."""
    return render(request, TEMPLATE, context)


def sheet_pdf_response(request, context: dict, filename: str) -> HttpResponse:
    """The sheet as an A4 PDF, shown inline under `filename`."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = render_to_string(TEMPLATE, {**context, "for_pdf": True}, request=request)
    pdf = HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _blank_sheet(slug: str, set_no: int) -> tuple[ScoreSheet, Rulebook]:
    rulebook = get_object_or_404(Rulebook, slug=slug)
    sheet = get_object_or_404(sheets_of(rulebook).select_related("rulebook"), set_no=set_no)
    return sheet, rulebook


def _blank_context(slug: str, set_no: int) -> dict:
    sheet, rulebook = _blank_sheet(slug, set_no)
    pdf_url = reverse("criteria_print:sheet_pdf", args=[rulebook.slug, sheet.set_no])
    return sheet_context(sheet, rulebook=rulebook, pdf_url=pdf_url)


def _blank_filename(sheet: ScoreSheet) -> str:
    return f"phieu-danh-gia-bo-{sheet.set_no:02d}.pdf"


@require_GET
def sheet_print(request, slug: str, set_no: int):
    """The blank sheet of one product set of a rulebook, to print (public, like the law)."""
    return render_sheet(request, _blank_context(slug, set_no))


@require_GET
def sheet_pdf(request, slug: str, set_no: int):
    context = _blank_context(slug, set_no)
    return sheet_pdf_response(request, context, _blank_filename(context["sheet"]))
