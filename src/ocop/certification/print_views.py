"""The printed certificate, its product-label stickers and the decision as PDF, for the users
whose scope includes them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import status
from .printing import certificate_pdf, decision_pdf, labels_pdf, pdf_filename
from .queries import certificates_for_user, decisions_for_user


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


@login_required
@require_GET
def certificate_pdf_view(request, pk: int):
    """A certificate within the user's scope (else 404), as a landscape A4 PDF."""
    certificate = get_object_or_404(certificates_for_user(request.user), pk=pk)
    pdf = certificate_pdf(certificate, request=request)
    return _pdf_response(pdf, pdf_filename("giay-chung-nhan", certificate.number))


@login_required
@require_GET
def labels_pdf_view(request, pk: int):
    """A sheet of product-label stickers (A4, 3 × 8) of a certificate within the user's scope
    (else 404) — the same users who may print the certificate. Only while the certificate is
    in force: a label of an expired or revoked certificate would misuse the OCOP mark."""
    certificate = get_object_or_404(certificates_for_user(request.user), pk=pk)
    if certificate.status not in status.CURRENT:
        messages.error(
            request,
            _(
                "Chỉ in tem nhãn cho giấy chứng nhận còn hiệu lực; giấy chứng nhận số "
                "%(number)s hiện ở tình trạng “%(status)s”."
            )
            % {"number": certificate.number, "status": certificate.get_status_display()},
        )
        return redirect("certification:certificate", pk=certificate.pk)
    pdf = labels_pdf(certificate, request=request)
    return _pdf_response(pdf, pdf_filename("tem-nhan-ocop", certificate.number))


@login_required
@require_GET
def decision_pdf_view(request, pk: int):
    """A decision within the user's scope (else 404) with its annex, as a PDF."""
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    pdf = decision_pdf(decision, request=request)
    return _pdf_response(pdf, pdf_filename("quyet-dinh", decision.number))
