"""Certificate numbers sort as numbers: by year, then sequence (`2/2026/…` before `10/2026/…`),
in the certificate list, the API and a decision's page; the year and sequence come from the
issuing counter, or are read back from the number (its issuer's format) for older rows."""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from ocop.certification import domain
from ocop.certification.models import Certificate
from ocop.certification.numbering import CENTRAL_FORMAT, DEFAULT_FORMAT, number_parts
from ocop.evaluation.models import Dossier, DossierState, ProvinceSettings
from tests.api.calls import ok
from tests.certification.conftest import make_certificate, make_decision, make_dossier
from tests.evaluation.builders import Province, ready_dossier, refresh
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

# Created in this order: neither the creation order nor the text order is the numbers' order.
NUMBERS = [
    "10/2026/GCN-OCOP-48",
    "2/2026/GCN-OCOP-48",
    "1/2027/GCN-OCOP-48",
    "9/2025/GCN-OCOP-48",
    "1/2026/GCN-OCOP-48",
]
IN_ORDER = [
    "9/2025/GCN-OCOP-48",
    "1/2026/GCN-OCOP-48",
    "2/2026/GCN-OCOP-48",
    "10/2026/GCN-OCOP-48",
    "1/2027/GCN-OCOP-48",
]


# --- reading a number ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "formats", "expected"),
    [
        ("12/2026/GCN-OCOP-48", (DEFAULT_FORMAT,), (2026, 12)),
        ("3/2026/GCN-OCOP-TW", (CENTRAL_FORMAT,), (2026, 3)),
        ("003/2026/ĐN-OCOP-48", ("{seq:03d}/{year}/ĐN-OCOP-{province}",), (2026, 3)),
        ("gcn-48-2026-0042", ("GCN-{province}-{year}-{seq}",), (2026, 42)),
        ("ĐN 17", ("ĐN {seq}",), (2025, 17)),  # no year in the format: the issue year
        ("Số 60/2024/GCN-OCOP", (DEFAULT_FORMAT,), (2024, 60)),  # an older shape
        ("GCN-OCOP-48", (DEFAULT_FORMAT,), (None, None)),
        ("99999999999/2026/GCN-OCOP-48", (DEFAULT_FORMAT,), (None, None)),
    ],
)
def test_number_parts(number, formats, expected):
    assert number_parts(number, formats, year=2025) == expected


# --- the lists --------------------------------------------------------------------------------


@pytest.fixture
def numbered(units):
    """Certificates of one Đà Nẵng product each, issued on one day, created out of order."""
    certificates = []
    for number in NUMBERS:
        dossier = make_dossier(ProductFactory())
        decision = make_decision([dossier], number=f"{number}/QĐ")
        certificates.append(make_certificate(dossier, decision, number=number))
    return certificates


def test_a_certificate_knows_the_year_and_sequence_of_its_number(numbered):
    assert [(c.number_year, c.number_sequence) for c in numbered] == [
        (2026, 10),
        (2026, 2),
        (2027, 1),
        (2025, 9),
        (2026, 1),
    ]


def test_the_api_lists_certificates_in_number_order(numbered):
    client = APIClient()
    client.force_authenticate(user_with_role(Role.ADMIN))

    body = ok(client.get("/api/v1/certificates"))

    assert [row["certificate_no"] for row in body["results"]] == IN_ORDER


def test_the_certificate_list_is_in_number_order(numbered, client):
    client.force_login(user_with_role(Role.ADMIN))

    content = client.get(reverse("certification:certificates")).content.decode()

    shown = re.findall(r"\d+/20\d\d/GCN-OCOP-48", content)
    assert list(dict.fromkeys(shown)) == IN_ORDER


# --- issuing and older rows -------------------------------------------------------------------


@pytest.fixture
def p(units):
    return Province(units)


def test_issuing_stores_the_counters_year_and_sequence(p):
    ProvinceSettings.objects.create(
        province=p.units.danang, certificate_number_format="GCN-{province}-{seq:04d}"
    )
    dossiers = []
    for _ in range(2):
        dossier = ready_dossier(ProductFactory(producer=p.producer), p.producer_user)
        Dossier.objects.filter(pk=dossier.pk).update(
            state=DossierState.APPROVED, stars=4, score=Decimal("78.5")
        )
        dossiers.append(refresh(dossier))
    decision = domain.draft_decision(
        actor=p.agency,
        province=p.units.danang,
        number="5/QĐ-UBND",
        date=datetime.date(2026, 12, 5),
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch",
        dossiers=dossiers,
    )

    domain.issue_decision(decision, actor=p.agency)

    issued = Certificate.objects.filter(decision=decision).in_number_order()
    assert [(c.number, c.number_year, c.number_sequence) for c in issued] == [
        ("GCN-48-0001", 2026, 1),
        ("GCN-48-0002", 2026, 2),
    ]


def test_the_migration_reads_the_numbers_of_older_certificates(numbered, units):
    custom = numbered[0]
    ProvinceSettings.objects.create(
        province=units.danang, certificate_number_format="{seq}-{year}/ĐN"
    )
    Certificate.objects.filter(pk=custom.pk).update(number="7-2024/ĐN")
    Certificate.objects.update(number_year=None, number_sequence=None)
    migration = importlib.import_module(
        "ocop.certification.migrations.0006_certificate_number_year_sequence"
    )

    migration.read_number_parts(apps, None)

    parts = {
        number: (year, sequence)
        for number, year, sequence in Certificate.objects.values_list(
            "number", "number_year", "number_sequence"
        )
    }
    assert parts["7-2024/ĐN"] == (2024, 7)
    assert parts["2/2026/GCN-OCOP-48"] == (2026, 2)
    assert [c.number for c in Certificate.objects.in_number_order()] == [
        "7-2024/ĐN",
        *IN_ORDER[:3],
        IN_ORDER[4],
    ]
