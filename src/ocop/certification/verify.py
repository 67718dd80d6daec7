"""The public verification of a certificate by its number (the QR code on the paper leads here):
the fields anyone may read, the same for the page and for `GET /api/v1/verify/<number>`.

The API reads them in ONE query (the status computed by the database for today), without
building model objects: it is the busiest public address. Building and compiling that query
through the ORM costs several times more than running it, so its SQL is compiled once per
process and day (and again whenever the re-ranking rules are reloaded), and each request only
executes it with the number. The related names come from scalar subqueries, not joins:
PostgreSQL plans a join of ten tables in several milliseconds, far longer than it runs it."""

import datetime
import re
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connections
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ocop.registry.models import localized

from . import status
from .models import Certificate, CertificateQuerySet

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length
# `/api/v1/verify/keys` publishes the QR signing keys: never a certificate number.
RESERVED_NUMBERS = frozenset({"keys"})
# White space other than line breaks.
_SPACES = re.compile(r"[^\S\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _scalar(model, outer: str, value):
    """The `value` of the `model` row whose key is the certificate's `outer` column, as a scalar
    subquery: planned on its own, where a join of ten tables costs PostgreSQL more to plan
    than to run."""
    return Subquery(model.objects.filter(pk=OuterRef(outer)).order_by().values(v=value)[:1])


def _lookup_queryset(day: datetime.date):
    """The public fields of a certificate (and nothing else), status on `day`."""
    from ocop.criteria.models import Rulebook
    from ocop.geo.models import AdminUnit
    from ocop.registry.models import Producer, Product

    from .models import Decision

    return (
        CertificateQuerySet(Certificate)
        .with_status(day)
        .order_by()
        .annotate(
            product_code=_scalar(Product, "product_id", F("code")),
            set_name=_scalar(Product, "product_id", F("product_set__name")),
            set_name_en=_scalar(Product, "product_id", F("product_set__name_en")),
            commune_name=_scalar(Producer, "producer_id", F("commune__name")),
            province_name=_scalar(
                Producer,
                "producer_id",
                Coalesce("commune__current_province__name", "commune__province__name"),
            ),
            issuer_province_name=_scalar(AdminUnit, "province_id", F("name")),
            decision_no=_scalar(Decision, "decision_id", F("number")),
            rulebook_slug=_scalar(Rulebook, "rulebook_id", F("slug")),
        )
        .values(
            "number",
            "status",
            "stars",
            "product_code",
            "product_name",
            "set_name",
            "set_name_en",
            "producer_name",
            "commune_name",
            "province_name",
            "issuer_province_name",
            "decision_no",
            "issued_on",
            "valid_until",
            "revoked_on",
            "revocation_ground",
            "rulebook_slug",
        )
    )


def normalize_number(number: str) -> str:
    """A number as typed, pasted or scanned, without surrounding white space and with every
    run of inner spaces (tabs, no-break spaces) as one space: `" 60/2024/gcn-ocop-48 "` →
    `"60/2024/gcn-ocop-48"`. A line break inside stays (no number has one). Its case is
    ignored by the lookup (`CertificateQuerySet.numbered`)."""
    return _SPACES.sub(" ", (number or "").strip())


def clean_number(number: str) -> str:
    """The number as looked up (normalized); raises Certificate.DoesNotExist for one that could
    not be a certificate's (empty, too long, control characters, a reserved word)."""
    number = normalize_number(number)
    if (
        not number
        or len(number) > NUMBER_MAX_LENGTH
        or not number.isprintable()
        or number.lower() in RESERVED_NUMBERS
    ):
        raise Certificate.DoesNotExist(number)
    return number


def find_certificate(number: str) -> Certificate:
    """The certificate with this number (ignoring case and spaces), for the page; raises
    Certificate.DoesNotExist, also for a number that could not be one."""
    return (
        Certificate.objects.select_related(
            "decision__province",
            "product__product_set",
            "producer__commune__current_province",
            "producer__commune__province",
            "province",
            "rulebook",
        )
        .numbered(clean_number(number))
        .get()
    )


def _province_name(certificate: Certificate) -> str | None:
    commune = certificate.producer.commune
    province = commune.current_province or commune.province or certificate.province
    return province.name if province else None


def payload(certificate: Certificate) -> dict:
    """The public fields of a certificate (API.md, `GET /api/v1/verify/<certificate_no>`)."""
    product_set = certificate.product.product_set
    return {
        "certificate_no": certificate.number,
        "status": certificate.status,
        "stars": certificate.stars,
        "product": {
            "code": certificate.product.code,
            "name": certificate.product_name,
            "product_set": product_set.label,
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


def _row_payload(row: dict) -> dict:
    """`payload()` of a row of `_lookup_queryset()`."""
    return {
        "certificate_no": row["number"],
        "status": row["status"],
        "stars": row["stars"],
        "product": {
            "code": row["product_code"],
            "name": row["product_name"],
            "product_set": localized(row["set_name"], row["set_name_en"]),
        },
        "producer": {
            "name": row["producer_name"],
            "province": row["province_name"] or row["issuer_province_name"],
            "commune": row["commune_name"],
        },
        "decision_no": row["decision_no"],
        "issued_on": _iso(row["issued_on"]),
        "valid_until": _iso(row["valid_until"]),
        "revoked_on": _iso(row["revoked_on"]),
        "revocation_ground": row["revocation_ground"] or None,
        "rulebook": row["rulebook_slug"],
    }


@dataclass(frozen=True)
class _Lookup:
    """The compiled lookup of one day, with the rules it was built with."""

    day: datetime.date
    rules: dict
    sql: str
    params: tuple
    number_at: int  # where the number goes among the parameters


_lookups: dict[str, _Lookup] = {}
_MARKER = "\x00certificate-number\x00"


def _lookup(alias: str) -> _Lookup:
    """The lookup SQL for today on the database `alias` (compiled on the first request of the
    day, or after the rulebooks changed)."""
    day = status.today()
    rules = status.reranking_rules()
    lookup = _lookups.get(alias)
    if lookup is None or lookup.day != day or lookup.rules is not rules:
        queryset = _lookup_queryset(day).numbered(_MARKER)[:1]
        sql, params = queryset.query.get_compiler(using=alias).as_sql()
        params = tuple(params)
        lookup = _Lookup(day, rules, sql, params, params.index(_MARKER))
        _lookups[alias] = lookup
    return lookup


def _iso(value) -> str | None:
    """A date column as ISO text (SQLite returns the text itself)."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


class _PreparedCursor(psycopg.Cursor):
    """A server-binding psycopg cursor whose statements are prepared."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


def _cursor(connection):
    """A cursor for the lookup: on PostgreSQL (unless settings.OCOP_DB_PREPARED_STATEMENTS is
    off, e.g. behind a transaction-pooling PgBouncer) one that binds parameters on the server
    and runs the lookup as a prepared statement, so that a persistent connection plans it once
    instead of on every request; still wrapped by Django (execute wrappers)."""
    if (
        connection.vendor != "postgresql"
        or not settings.OCOP_DB_PREPARED_STATEMENTS
        # The query log (DEBUG, tests counting queries) shows no text for a prepared statement.
        or connection.queries_logged
    ):
        return connection.cursor()
    connection.ensure_connection()
    return connection.make_cursor(_PreparedCursor(connection.connection))


def public_certificate(number: str, *, using: str = "default") -> dict:
    """The public verification payload of the certificate numbered `number` (ignoring case
    and spaces), in one query; raises Certificate.DoesNotExist when the register has no such
    number."""
    number = clean_number(number)
    lookup = _lookup(using)
    params = list(lookup.params)
    params[lookup.number_at] = number
    with _cursor(connections[using]) as cursor:
        cursor.execute(lookup.sql, params)
        row = cursor.fetchone()
        # Every column is selected "AS <its name in _COLUMNS>".
        names = [column[0] for column in cursor.description]
    if row is None:
        raise Certificate.DoesNotExist(number)
    return _row_payload(dict(zip(names, row, strict=True)))
