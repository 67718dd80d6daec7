"""A product's score sheet, printed with its header filled in (product, code, producer,
address) for the users who may see the product: the sheet of its product set under the
rulebook of its newest dossier, or of the rulebook in force today when it has none. The form
itself (rows, notes, PDF) is the criteria app's (`ocop.criteria.printing`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ocop.criteria import printing
from ocop.criteria.models import Rulebook, ScoreSheet
from ocop.criteria.queries import rulebook_in_force, sheets_of
from ocop.registry.models import Product
from ocop.registry.queries import products_for_user

from .models import Dossier


def _product_sheet(request, pk: int) -> tuple[ScoreSheet, Rulebook, Product]:
    """The product (within the user's scope, else 404) and its set's sheet under the rulebook
    governing its newest dossier, or the rulebook in force today when it has none."""
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


def _header(product: Product) -> printing.SheetHeader:
    producer = product.producer
    commune = producer.commune
    province = commune.province if commune.province_id else None
    address = ", ".join(
        part for part in [producer.address, commune.name, province.name if province else ""] if part
    )
    return printing.SheetHeader(
        product_name=product.name,
        product_code=product.code,
        producer_name=producer.name,
        phone=producer.phone,
        address=address,
    )


def _context(request, pk: int) -> tuple[dict, Product]:
    sheet, rulebook, product = _product_sheet(request, pk)
    context = printing.sheet_context(
        sheet,
        rulebook=rulebook,
        header=_header(product),
        pdf_url=reverse("evaluation:product_sheet_pdf", args=[product.pk]),
        back_url=reverse("registry:product_detail", args=[product.pk]),
    )
    return context, product


@login_required
@require_GET
def product_sheet(request, pk: int):
    """A product's sheet with the header filled in (users who may see the product)."""
    context, _product = _context(request, pk)
    return printing.render_sheet(request, context)


@login_required
@require_GET
def product_sheet_pdf(request, pk: int):
    context, product = _context(request, pk)
    return printing.sheet_pdf_response(request, context, f"phieu-danh-gia-{product.code}.pdf")
