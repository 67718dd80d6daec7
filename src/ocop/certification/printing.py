"""The printed documents of a recognition: the certificate (giấy chứng nhận, landscape A4 with a
QR code to the public verification page), the decision (quyết định công nhận, portrait A4 with
its annex) and a sheet of product-label stickers. PDF rendered by WeasyPrint (fonts from
fontconfig, nothing fetched).

The QR codes carry the verification URL signed for offline checks (signing.py,
docs/verification.md)."""

import datetime
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from unidecode import unidecode

from ocop.core.formatting import short_date

from . import signing
from .models import Certificate, Decision

CERTIFICATE_TEMPLATE = "certification/certificate_print.html"
DECISION_TEMPLATE = "certification/decision_print.html"
LABELS_TEMPLATE = "certification/labels_print.html"
# The label sheet: A4 portrait cut into 3 × 8 stickers of 70 × 36 mm (common label stock).
LABEL_COLUMNS, LABEL_ROWS = 3, 8
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
# Where a central (Ministry) document is signed.
CAPITAL = "Hà Nội"
_PROVINCE_PREFIXES = ("Thành phố ", "Tỉnh ")


def verification_url(certificate: Certificate, request=None) -> str:
    """The absolute public address that verifies `certificate`: `<site>/verify/<number>`, the
    slashes of the number kept as path separators."""
    path = "/verify/" + quote(certificate.number, safe="/")
    if request is not None:
        return request.build_absolute_uri(path)
    site = getattr(settings, "OCOP_SITE_URL", DEFAULT_SITE_URL) or DEFAULT_SITE_URL
    return site.rstrip("/") + path


def signed_verification_url(certificate: Certificate, request=None) -> str:
    """The verification URL with the certificate's signed claim, as the QR codes carry it:
    `<site>/verify/<number>?s=<stars>&v=<YYYYMMDD>&k=<key id>&sig=<signature>`."""
    params = signing.sign_certificate(certificate).params()
    return verification_url(certificate, request) + "?" + urlencode(params)


def qr_svg(data: str) -> str:
    """An inline SVG QR code (error correction M or better, the smallest version that holds
    `data`)."""
    code = segno.make(data, error="m", micro=False)
    return code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr", lineclass=None)


def qr_png_data_uri(data: str) -> str:
    """The QR code as a PNG `data:` URI, each module exactly 8 pixels (drawn unsmoothed): one
    image that a sheet of many labels embeds once."""
    return segno.make(data, error="m", micro=False).png_data_uri(scale=8, border=2)


def certificate_qr_svg(certificate: Certificate, request=None) -> str:
    """An inline SVG QR code of the certificate's signed verification URL."""
    return qr_svg(signed_verification_url(certificate, request))


def long_date(day: datetime.date) -> str:
    """ "ngày 29 tháng 11 năm 2026", as written on administrative documents."""
    return _("ngày %(day)02d tháng %(month)02d năm %(year)d") % {
        "day": day.day,
        "month": day.month,
        "year": day.year,
    }


def place_name(province) -> str:
    """The place a document is signed at: the province's name without "Tỉnh"/"Thành phố"."""
    if province is None:
        return CAPITAL
    for prefix in _PROVINCE_PREFIXES:
        if province.name.startswith(prefix):
            return province.name[len(prefix) :]
    return province.name


def issuer(decision: Decision) -> dict:
    """How the issuing authority is named on the documents."""
    province = decision.province
    if decision.level == Decision.Level.CENTRAL or province is None:
        name = _("Bộ Nông nghiệp và Môi trường")
        return {
            "heading": _("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
            "name": name,
            "authority": _("BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
            "council": _("Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp trung ương"),
            "proposer": _("Vụ trưởng Vụ Kinh tế hợp tác và Phát triển nông thôn"),
            "executors": _(
                "Chánh Văn phòng Bộ, Vụ trưởng Vụ Kinh tế hợp tác và Phát triển nông thôn, "
                "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố có sản phẩm tại Điều 1"
            ),
            "place": CAPITAL,
        }
    return {
        "heading": _("UBND %(province)s") % {"province": province.name.upper()},
        "name": _("UBND %(province)s") % {"province": province.name},
        "authority": _("CHỦ TỊCH ỦY BAN NHÂN DÂN %(province)s")
        % {"province": province.name.upper()},
        "council": _("Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp tỉnh"),
        "proposer": _("Giám đốc Sở Nông nghiệp và Môi trường"),
        "executors": _(
            "Chánh Văn phòng Ủy ban nhân dân, Giám đốc Sở Nông nghiệp và Môi trường, "
            "Chủ tịch Ủy ban nhân dân các xã, phường có sản phẩm tại Điều 1"
        ),
        "place": place_name(province),
    }


def producer_address(producer, *, with_province: bool = True) -> str:
    """ "Thôn 1, Phường Hải Vân, Thành phố Đà Nẵng"."""
    commune = producer.commune
    parts = [producer.address, commune.name]
    if with_province:
        province = commune.current_province or commune.province
        if province is not None and province.pk != commune.pk:
            parts.append(province.name)
    return ", ".join(part for part in parts if part)


def certificate_context(certificate: Certificate, request=None) -> dict:
    decision = certificate.decision
    return {
        "certificate": certificate,
        "decision": decision,
        "issuer": issuer(decision),
        "star_glyphs": "★" * certificate.stars,
        "product_code": certificate.product.code,
        "rulebook_title": certificate.rulebook.rules.short_title,
        "decision_date": short_date(decision.date),
        "signed_on": long_date(certificate.issued_on),
        "qr_svg": certificate_qr_svg(certificate, request),
        "verify_url": verification_url(certificate, request),
    }


def _validity_months(items) -> list[int]:
    """The certificate validity of the rulebooks of the listed dossiers (one value in practice)."""
    months = {item.dossier.rulebook.rules.certificate.validity_months for item in items}
    return sorted(months)


def _rulebooks(items) -> list:
    seen = {}
    for item in items:
        seen.setdefault(item.dossier.rulebook_id, item.dossier.rulebook)
    return list(seen.values())


def decision_context(decision: Decision) -> dict:
    items = list(
        decision.items.select_related(
            "dossier__product",
            "dossier__producer__commune__current_province",
            "dossier__producer__commune__province",
            "dossier__rulebook",
        ).order_by("position", "pk")
    )
    issued = decision.status == Decision.Status.ISSUED
    numbers = {}
    if issued:
        numbers = dict(decision.certificates.values_list("dossier_id", "number"))
    central = decision.level == Decision.Level.CENTRAL or decision.province_id is None
    rows = [
        {
            "position": index,
            "product": item.dossier.product.name,
            "code": item.dossier.product.code,
            "producer": item.dossier.producer.name,
            "address": producer_address(item.dossier.producer, with_province=central),
            "stars": item.stars,
            "score": item.dossier.score,
            "certificate_no": numbers.get(item.dossier_id, ""),
        }
        for index, item in enumerate(items, start=1)
    ]
    return {
        "decision": decision,
        "issuer": issuer(decision),
        "is_draft": not issued,
        "signed_on": long_date(decision.date),
        "rows": rows,
        "count": len(rows),
        "validity_months": _validity_months(items),
        "rulebooks": _rulebooks(items),
    }


def _refuse_fetch(url: str, *args, **kwargs):
    """WeasyPrint's URL fetcher: the documents embed everything, so nothing is ever fetched."""
    raise ValueError(f"external resource refused: {url}")


def _render_pdf(template: str, context: dict, request=None, url_fetcher=_refuse_fetch) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    return HTML(string=html, url_fetcher=url_fetcher).write_pdf()


def labels_context(certificate: Certificate, request=None) -> dict:
    count = LABEL_COLUMNS * LABEL_ROWS
    return {
        "certificate": certificate,
        "star_glyphs": "★" * certificate.stars,
        "qr_png": qr_png_data_uri(signed_verification_url(certificate, request)),
        "labels": range(count),
        "count": count,
        "columns": LABEL_COLUMNS,
    }


def labels_pdf(certificate: Certificate, request=None) -> bytes:
    """A portrait A4 sheet of product-label stickers of the certificate (3 × 8, 70 × 36 mm):
    the OCOP mark, stars, product name, certificate number, end date and the signed QR code."""
    from weasyprint.urls import URLFetcher

    # The QR image is a `data:` URI; nothing else may be fetched.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    context = labels_context(certificate, request)
    return _render_pdf(LABELS_TEMPLATE, context, request, url_fetcher=fetcher)


def certificate_pdf(certificate: Certificate, request=None) -> bytes:
    """The certificate as a one-page landscape A4 PDF."""
    return _render_pdf(CERTIFICATE_TEMPLATE, certificate_context(certificate, request), request)


def decision_pdf(decision: Decision, request=None) -> bytes:
    """The decision with its annex as a portrait A4 PDF; a draft carries a "DỰ THẢO" mark."""
    return _render_pdf(DECISION_TEMPLATE, decision_context(decision), request)


def pdf_filename(prefix: str, number: str) -> str:
    """A file name from a document number: "giay-chung-nhan-12-2026-GCN-OCOP-48.pdf"."""
    ascii_number = unidecode(number)
    cleaned = "".join(c if c.isalnum() or c in "-_." else "-" for c in ascii_number).strip("-.")
    return f"{prefix}-{cleaned or 'so'}.pdf"
