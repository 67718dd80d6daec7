"""Public verification of a certificate by its number: the page the QR code leads to
(`/verify/<number>`), the API (`/api/v1/verify/<number>`) and the public keys of the QR
signatures (`/api/v1/verify/keys`). No login; only public fields."""

import datetime

from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ocop.api.fields import CharField, ChoiceField, DateField, IntegerField, Serializer
from ocop.api.serializers import ErrorSerializer

from . import signing
from .models import Certificate, CertificateStatus
from .printing import issuer
from .verify import (
    NUMBER_MAX_LENGTH,
    find_certificate,
    normalize_number,
    payload,
    public_certificate,
)

TEMPLATE = "certification/verify.html"
# How each status shows on the page: (Bootstrap colour, icon).
STATUS_STYLE = {
    CertificateStatus.VALID: ("success", "bi-patch-check-fill"),
    CertificateStatus.EXTENDED: ("info", "bi-hourglass-split"),
    CertificateStatus.EXPIRED: ("danger", "bi-calendar-x-fill"),
    CertificateStatus.REVOKED: ("danger", "bi-x-octagon-fill"),
    CertificateStatus.SUPERSEDED: ("warning", "bi-arrow-repeat"),
}
# The headers of `never_cache`, set as they are (patching them costs more than the query).
NEVER_CACHE = {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"}
# What a signed QR code turned out to be.
GENUINE, MISMATCH, INVALID = "genuine", "mismatch", "invalid"


def _ground_label(certificate: Certificate) -> str:
    """The revocation ground as the law writes it: "đ) <the text of the certificate's
    rulebook>" (the letter alone when the rulebook has no such ground)."""
    code = certificate.revocation_ground
    letter = "đ" if code == "dd" else code
    ground = certificate.rulebook.rules.revocation_ground(code)
    text = ground.label if ground else ""
    return f"{letter}) {text}" if text else f"{letter})"


def _searchable(number: str) -> bool:
    return bool(number) and number.isprintable() and len(number) <= 200


def _signature_check(certificate: Certificate, query) -> dict | None:
    """What the signature in the scanned URL says, when there is one: genuine and matching the
    register, genuine but no longer matching it, or not genuine (forged, altered, foreign)."""
    try:
        claim = signing.claim_from_params(certificate.number, query)
    except ValueError:
        return {"state": INVALID}
    if claim is None:
        return None
    if not signing.verify(claim):
        return {"state": INVALID}
    matches = (claim.stars, claim.valid_until) == (certificate.stars, certificate.valid_until)
    return {
        "state": GENUINE if matches else MISMATCH,
        "printed_stars": claim.stars,
        "printed_valid_until": claim.valid_until,
        "stars_differ": claim.stars != certificate.stars,
        "valid_until_differs": claim.valid_until != certificate.valid_until,
    }


@require_GET
def verify_search(request):
    """The search form; `?no=<number>` goes to that certificate's page."""
    number = normalize_number(request.GET.get("no")).strip("/").strip()
    if number and _searchable(number):
        return redirect("verify:certificate", number=number)
    context = {"number": number, "searched": "no" in request.GET}
    status = 404 if number else 200
    return render(request, TEMPLATE, context, status=status)


@never_cache
@require_GET
def verify_certificate(request, number: str):
    """The public card of one certificate (its status as of this request, never cached), or a
    404 page saying the register has no such number. A signed QR code's query
    (`?s=&v=&k=&sig=`) is checked too."""
    try:
        certificate = find_certificate(number)
    except Certificate.DoesNotExist:
        return render(request, TEMPLATE, {"number": number, "searched": True}, status=404)
    data = payload(certificate)
    colour, icon = STATUS_STYLE[data["status"]]
    rule = certificate.rerank_rule()
    context = {
        "number": certificate.number,
        "certificate": certificate,
        "data": data,
        "status_label": CertificateStatus(data["status"]).label,
        "status_colour": colour,
        "status_icon": icon,
        "issuer": issuer(certificate.decision),
        "ground_label": _ground_label(certificate) if certificate.revocation_ground else "",
        "star_glyphs": "★" * certificate.stars,
        "expired_from": certificate.valid_until + datetime.timedelta(days=1),
        "grace_days": rule.grace_days if rule else None,
        "extended_until": (
            certificate.valid_until + datetime.timedelta(days=rule.grace_days) if rule else None
        ),
        "signature": _signature_check(certificate, request.GET),
    }
    return render(request, TEMPLATE, context)


# --- API ---------------------------------------------------------------------------------


# Wrapped in allOf so that drf-spectacular keeps it inline: its enum components are named by
# field, and `status` already names the producer's.
@extend_schema_field({"allOf": [{"type": "string", "enum": CertificateStatus.values}]})
class StatusField(ChoiceField):
    """A certificate status."""


class VerifiedProductSerializer(Serializer):
    code = CharField(
        read_only=True, help_text=gettext_lazy("Mã sản phẩm, ví dụ 48-20194-001-2026.")
    )
    name = CharField(read_only=True, help_text=gettext_lazy("Tên sản phẩm như in trên giấy."))
    product_set = CharField(read_only=True, help_text=gettext_lazy("Tên bộ sản phẩm."))


class VerifiedProducerSerializer(Serializer):
    name = CharField(read_only=True, help_text=gettext_lazy("Tên chủ thể như in trên giấy."))
    province = CharField(
        read_only=True, allow_null=True, help_text=gettext_lazy("Tên tỉnh/thành phố.")
    )
    commune = CharField(read_only=True, help_text=gettext_lazy("Tên xã/phường."))


class VerificationSerializer(Serializer):
    """The public fields of a certificate (API.md)."""

    certificate_no = CharField(read_only=True, help_text=gettext_lazy("Số giấy chứng nhận."))
    status = StatusField(
        choices=CertificateStatus.choices,
        read_only=True,
        help_text=gettext_lazy(
            "Tình trạng: `valid`, `extended`, `expired`, `revoked`, `superseded`. Giấy còn "
            "hiệu lực đã quá ngày hết hạn hiện là `expired`."
        ),
    )
    stars = IntegerField(read_only=True, min_value=1, max_value=5)
    product = VerifiedProductSerializer(read_only=True)
    producer = VerifiedProducerSerializer(read_only=True)
    decision_no = CharField(read_only=True, help_text=gettext_lazy("Số quyết định công nhận."))
    issued_on = DateField(read_only=True)
    valid_until = DateField(read_only=True, help_text=gettext_lazy("Có giá trị đến hết ngày này."))
    revoked_on = DateField(read_only=True, allow_null=True)
    revocation_ground = CharField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy(
            "Căn cứ thu hồi (Điều 8 QĐ 26/2026): `a`, `b`, `c`, `d`, `dd`, `e`; null nếu "
            "chưa bị thu hồi."
        ),
    )
    rulebook = CharField(
        read_only=True, help_text=gettext_lazy("Mã bộ tiêu chí, ví dụ qd-26-2026.")
    )


NUMBER_PARAMETER = OpenApiParameter(
    "number",
    {"type": "string", "minLength": 1, "maxLength": NUMBER_MAX_LENGTH},
    OpenApiParameter.PATH,
    description=gettext_lazy(
        "Số giấy chứng nhận, có thể chứa dấu `/` (ví dụ `12/2026/GCN-OCOP-48`). "
        "`keys` là địa chỉ dành riêng, không phải số giấy chứng nhận."
    ),
)


class VerifyView(APIView):
    """The public fields of one certificate, by its number."""

    # Public: no credentials needed, and a stale token is no reason to refuse.
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="verify_certificate",
        summary=gettext_lazy("Kiểm tra giấy chứng nhận"),
        description=gettext_lazy(
            "Công khai. Tra cứu một giấy chứng nhận sản phẩm OCOP theo số (mã QR trên giấy "
            "dẫn tới đây): tình trạng, sản phẩm, chủ thể, quyết định, thời hạn."
        ),
        parameters=[NUMBER_PARAMETER],
        responses={
            200: VerificationSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy("Số giấy chứng nhận không có trong sổ đăng ký."),
            ),
        },
        auth=[],
    )
    def get(self, request, number: str):
        # One query, no session, no user, no rulebook read: the busiest public address.
        try:
            data = public_certificate(number)
        except Certificate.DoesNotExist:
            raise exceptions.NotFound(_("Số giấy chứng nhận không có trong sổ đăng ký.")) from None
        # `data` has exactly the shape of VerificationSerializer (the schema); the status is as
        # of this request, so nothing may keep the answer.
        return Response(data, headers=NEVER_CACHE)


# --- the public keys -----------------------------------------------------------------------


@extend_schema_field({"allOf": [{"type": "string", "enum": ["Ed25519"]}]})
class AlgorithmField(CharField):
    """The signature algorithm."""


@extend_schema_field({"allOf": [{"type": "string", "enum": [signing.CURRENT, signing.RETIRED]}]})
class KeyStatusField(CharField):
    """Whether the key signs new codes or only verifies older ones."""


class PublicKeySerializer(Serializer):
    kid = CharField(
        read_only=True,
        help_text=gettext_lazy(
            "Mã khoá: 8 ký tự đầu của SHA-256 (base64url) của khoá công khai; tham số `k` "
            "trong mã QR."
        ),
    )
    alg = AlgorithmField(read_only=True, help_text=gettext_lazy("Thuật toán chữ ký: Ed25519."))
    public_key = CharField(
        read_only=True,
        help_text=gettext_lazy("Khoá công khai Ed25519: 32 byte, mã hoá base64url không đệm."),
    )
    status = KeyStatusField(
        read_only=True,
        help_text=gettext_lazy(
            "`current`: khoá đang ký mã QR mới; `retired`: khoá cũ, chỉ còn dùng để kiểm tra "
            "mã QR đã in."
        ),
    )


class PublicKeysSerializer(Serializer):
    keys = PublicKeySerializer(many=True, read_only=True)


class VerifyKeysView(APIView):
    """The public keys that sign the QR codes (docs/verification.md)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="verify_keys",
        summary=gettext_lazy("Khoá công khai kiểm tra mã QR"),
        description=gettext_lazy(
            "Công khai. Các khoá công khai Ed25519 dùng để kiểm tra chữ ký trong mã QR in trên "
            "giấy chứng nhận và tem nhãn sản phẩm, kể cả khi không có mạng. Thông điệp được ký "
            "là `OCOP1|<số giấy chứng nhận>|<số sao>|<có giá trị đến, YYYY-MM-DD>`. Chữ ký "
            "hợp lệ chứng minh nguồn gốc của mã, không chứng minh tình trạng hiện tại: giấy "
            "chứng nhận có thể đã bị thu hồi."
        ),
        responses={200: PublicKeysSerializer},
        auth=[],
    )
    def get(self, request):
        response = Response({"keys": signing.public_keys()})
        patch_cache_control(response, public=True, max_age=3600)
        return response
