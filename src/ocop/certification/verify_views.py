"""Public verification of a certificate by its number: the page the QR code leads to
(`/verify/<number>`) and the API (`/api/v1/verify/<number>`). No login; only public fields."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
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

from .models import Certificate, CertificateStatus
from .printing import issuer
from .verify import NUMBER_MAX_LENGTH, find_certificate, payload, public_certificate

TEMPLATE = "certification/verify.html"
# `/api/v1/verify/keys` publishes the QR signing keys: never a certificate number.
RESERVED_NUMBERS = {"keys"}
# How each status shows on the page: (Bootstrap colour, icon).
STATUS_STYLE = {
    CertificateStatus.VALID: ("success", "bi-patch-check-fill"),
    CertificateStatus.EXTENDED: ("success", "bi-hourglass-split"),
    CertificateStatus.EXPIRED: ("danger", "bi-calendar-x"),
    CertificateStatus.REVOKED: ("danger", "bi-x-octagon-fill"),
    CertificateStatus.SUPERSEDED: ("warning", "bi-arrow-repeat"),
}


def _ground_label(certificate: Certificate) -> str:
    """The text of the revocation ground in the certificate's rulebook."""
    grounds = certificate.rulebook.data.get("revocation_grounds") or []
    code = certificate.revocation_ground
    return next((g["label"] for g in grounds if g.get("code") == code), code)


def _searchable(number: str) -> bool:
    return bool(number) and number.isprintable() and len(number) <= 200


@require_GET
def verify_search(request):
    """The search form; `?no=<number>` goes to that certificate's page."""
    number = (request.GET.get("no") or "").strip().strip("/")
    if number and _searchable(number):
        return redirect("verify:certificate", number=number)
    context = {"number": number, "searched": "no" in request.GET}
    status = 404 if number else 200
    return render(request, TEMPLATE, context, status=status)


@require_GET
def verify_certificate(request, number: str):
    """The public card of one certificate, or a 404 page saying the register has no such
    number."""
    try:
        certificate = find_certificate(number)
    except Certificate.DoesNotExist:
        return render(request, TEMPLATE, {"number": number, "searched": True}, status=404)
    data = payload(certificate)
    colour, icon = STATUS_STYLE[data["status"]]
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
        if number in RESERVED_NUMBERS:
            raise exceptions.NotFound()
        try:
            data = public_certificate(number)
        except Certificate.DoesNotExist:
            raise exceptions.NotFound(_("Số giấy chứng nhận không có trong sổ đăng ký.")) from None
        return Response(VerificationSerializer(data).data)
