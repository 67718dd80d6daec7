"""The public verification of a certificate by its number (the QR code on the paper leads here):
the fields anyone may read, the same for the page and for `GET /api/v1/verify/<number>`."""

from .models import Certificate

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length


def find_certificate(number: str) -> Certificate:
    """The certificate with exactly this number; raises Certificate.DoesNotExist, also for a
    number that could not be one (too long, control characters)."""
    number = (number or "").strip()
    if not number or len(number) > NUMBER_MAX_LENGTH or not number.isprintable():
        raise Certificate.DoesNotExist(number)
    return Certificate.objects.select_related(
        "decision",
        "product__product_set",
        "producer__commune__current_province",
        "producer__commune__province",
        "province",
        "rulebook",
        "superseded_by",
    ).get(number=number)


def _province_name(certificate: Certificate) -> str | None:
    commune = certificate.producer.commune
    province = commune.current_province or commune.province or certificate.province
    return province.name if province else None


def payload(certificate: Certificate) -> dict:
    """The public fields of a certificate (API.md, `GET /api/v1/verify/<certificate_no>`)."""
    return {
        "certificate_no": certificate.number,
        "status": certificate.status,
        "stars": certificate.stars,
        "product": {
            "code": certificate.product.code,
            "name": certificate.product_name,
            "product_set": certificate.product.product_set.label,
        },
        "producer": {
            "name": certificate.producer_name,
            "province": _province_name(certificate),
            "commune": certificate.producer.commune.name,
        },
        "decision_no": certificate.decision.number,
        "issued_on": certificate.issued_on.isoformat(),
        "valid_until": certificate.valid_until.isoformat(),
        "revoked_on": certificate.revoked_on.isoformat() if certificate.revoked_on else None,
        "revocation_ground": certificate.revocation_ground or None,
        "rulebook": certificate.rulebook.slug,
    }


def public_certificate(number: str) -> dict:
    """The public verification payload of the certificate numbered `number`; raises
    Certificate.DoesNotExist when the register has no such number."""
    return payload(find_certificate(number))
