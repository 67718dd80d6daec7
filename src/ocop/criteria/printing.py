"""The printable score sheet (phiếu đánh giá) as on the official form of Phụ lục II: blank for
anyone, or filled in with a product's code and producer for the users who may see the product.
HTML for the browser's print dialog and PDF rendered by WeasyPrint (A4, fonts from fontconfig,
nothing fetched)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.registry.models import Product
from ocop.registry.queries import products_for_user

from .models import Rulebook, ScoreSheet
from .queries import rulebook_in_force, sheets_of

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


def _certifiable_stars(rulebook: Rulebook) -> list[int]:
    """The star levels the markers stand for (*** … *****): the rulebook's certifiable bands."""
    min_stars = rulebook.data["certificate"]["min_stars"]
    return sorted(b["stars"] for b in rulebook.data["bands"] if b["stars"] >= min_stars)


def _sheet_context(sheet: ScoreSheet, *, rulebook: Rulebook, product: Product | None) -> dict:
    parts = sheet.data["parts"]
    producer = product.producer if product else None
    address = None
    if producer:
        commune = producer.commune
        province = commune.province if commune.province_id else None
        address = ", ".join(
            p for p in [producer.address, commune.name, province.name if province else ""] if p
        )
    return {
        "sheet": sheet,
        "rulebook": rulebook,
        "sheet_rulebook": sheet.rulebook,
        "borrowed": sheet.rulebook_id != rulebook.pk,
        "product": product,
        "producer": producer,
        "address": address,
        "disqualified_when": sheet.data.get("disqualified_when", []),
        "rows": sheet_rows(sheet),
        "total": sum(part["max"] for part in parts),
        "star_levels": _certifiable_stars(sheet.rulebook),
        "opinion_lines": range(4),
    }


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher: the sheet embeds nothing, so nothing is ever fetched."""
    raise ValueError(f"external resource refused: {url}")


def _pdf_response(request, context: dict, filename: str) -> HttpResponse:
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


def _product_sheet(request, pk: int) -> tuple[ScoreSheet, Rulebook, Product]:
    """The product (within the user's scope, else 404) and its set's sheet under the rulebook
    governing its newest dossier, or the rulebook in force today when it has none."""
    from ocop.evaluation.models import Dossier

    product = get_object_or_404(
        products_for_user(request.user).select_related("producer__commune__province"), pk=pk
    )
    dossier = (
        Dossier.objects.filter(product=product)
        .select_related("rulebook")
        .order_by("-created_at", "-pk")
        .first()
    )
    rulebook = dossier.rulebook if dossier else rulebook_in_force(timezone.localdate())
    if rulebook is None:
        raise Http404(_("Chưa có bộ tiêu chí nào có hiệu lực."))
    sheet = (
        sheets_of(rulebook)
        .select_related("rulebook")
        .filter(set_no=product.product_set.number)
        .first()
    )
    if sheet is None:
        raise Http404(
            _("Bộ tiêu chí đang có hiệu lực không có phiếu đánh giá cho bộ sản phẩm này.")
        )
    return sheet, rulebook, product


def _blank_filename(sheet: ScoreSheet) -> str:
    return f"phieu-danh-gia-bo-{sheet.set_no:02d}.pdf"


@require_GET
def sheet_print(request, slug: str, set_no: int):
    """The blank sheet of one product set of a rulebook, to print (public, like the law)."""
    sheet, rulebook = _blank_sheet(slug, set_no)
    context = _sheet_context(sheet, rulebook=rulebook, product=None)
    return render(request, TEMPLATE, {**context, "pdf_name": _blank_filename(sheet)})


@require_GET
def sheet_pdf(request, slug: str, set_no: int):
    sheet, rulebook = _blank_sheet(slug, set_no)
    context = _sheet_context(sheet, rulebook=rulebook, product=None)
    return _pdf_response(request, context, _blank_filename(sheet))


@login_required
@require_GET
def product_sheet(request, pk: int):
    """A product's sheet with the header filled in (users who may see the product)."""
    sheet, rulebook, product = _product_sheet(request, pk)
    context = _sheet_context(sheet, rulebook=rulebook, product=product)
    return render(request, TEMPLATE, context)


@login_required
@require_GET
def product_sheet_pdf(request, pk: int):
    sheet, rulebook, product = _product_sheet(request, pk)
    context = _sheet_context(sheet, rulebook=rulebook, product=product)
    return _pdf_response(request, context, f"phieu-danh-gia-{product.code}.pdf")
