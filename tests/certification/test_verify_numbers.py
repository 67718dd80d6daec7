"""Certificate numbers as people type, paste or scan them: matched ignoring case and spaces
(API.md) by the verify API, the verify page and its search form; a number that truly does not
exist is still a 404. The search page is linked from the navbar for everyone."""

from urllib.parse import quote, urlsplit

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.certification import domain
from ocop.certification.models import Certificate
from ocop.certification.printing import signed_verification_url
from ocop.certification.verify import normalize_number, public_certificate
from tests.certification.conftest import (
    certified_product,
    make_certificate,
    make_decision,
    make_dossier,
)
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

NUMBER = "12/2026/GCN-OCOP-48"
API = "/api/v1/verify/"
TYPED = [
    "12/2026/gcn-ocop-48",
    "12/2026/Gcn-Ocop-48",
    "  12/2026/GCN-OCOP-48  ",
    "\t12/2026/gcn-ocop-48 ",
]


def test_normalize_number_trims_and_collapses_spaces():
    assert normalize_number("  60/2024/gcn-ocop-48 ") == "60/2024/gcn-ocop-48"
    assert normalize_number("Số  5/2026\u00a0\u00a0GCN\tOCOP") == "Số 5/2026 GCN OCOP"
    assert normalize_number(None) == ""
    # A line break is no space: such a number stays unusable.
    assert normalize_number("12\n2026") == "12\n2026"


@pytest.mark.parametrize("typed", TYPED)
def test_the_api_finds_a_number_whatever_its_case_and_spaces(client, certificate, typed):
    response = client.get(API + quote(typed, safe="/"))

    assert response.status_code == 200
    assert response.json()["certificate_no"] == NUMBER


def test_the_api_matches_inner_spaces_once(client, units):
    spaced = certified_product(
        name="Trà sen",
        producer_name="Hợp tác xã Trà sen",
        commune=units.hai_van,
        number="Số 7/2026 GCN-OCOP",
    )

    response = client.get(API + quote("  số  7/2026   gcn-ocop ", safe="/"))

    assert response.status_code == 200
    assert response.json()["certificate_no"] == spaced.number


def test_a_lowercase_number_is_still_one_query(client, certificate, django_assert_num_queries):
    client.get(API + NUMBER)  # warm the per-process caches

    with django_assert_num_queries(1):
        assert client.get(API + NUMBER.lower()).status_code == 200


@pytest.mark.parametrize(
    "path", ["99/2026/gcn-ocop-48", "12/2026/gcn-ocop-4", "12 /2026/GCN-OCOP-48"]
)
def test_a_number_that_does_not_exist_is_still_a_404(client, certificate, path):
    assert client.get(API + quote(path, safe="/")).status_code == 404
    assert client.get(reverse("verify:certificate", args=[path])).status_code == 404


def test_the_reserved_word_is_reserved_in_any_case(client, db):
    with pytest.raises(Certificate.DoesNotExist):
        public_certificate("KEYS")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are a PostgreSQL path"
)
def test_the_prepared_statement_matches_ignoring_case_on_an_index(client, certificate):
    for number in (NUMBER, NUMBER.lower(), f" {NUMBER.lower()} "):
        assert client.get(API + quote(number, safe="/")).json()["certificate_no"] == NUMBER
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM certification_certificate WHERE UPPER(number) = UPPER(%s)",
            [NUMBER],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert any("UPPER" in statement for statement in statements)
    assert "certification_number_ignoring_case" in plan


# --- the page and its search form --------------------------------------------------------


@pytest.mark.parametrize("typed", TYPED)
def test_the_page_finds_a_number_whatever_its_case_and_spaces(client, certificate, typed):
    response = client.get(reverse("verify:certificate", args=[typed]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-status="valid"' in content
    assert NUMBER in content


def test_a_scanned_code_with_a_lowercased_address_is_still_genuine(client, certificate):
    parts = urlsplit(signed_verification_url(certificate))

    response = client.get(f"{parts.path.lower()}?{parts.query}")

    assert response.status_code == 200
    assert 'data-signature="genuine"' in response.content.decode()


def test_the_search_form_finds_a_lowercase_spaced_number(client, certificate):
    response = client.get(reverse("verify:search"), {"no": "  12/2026/gcn-ocop-48 "}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0][0] == "/verify/12/2026/gcn-ocop-48"
    assert 'data-status="valid"' in response.content.decode()


def test_the_search_form_collapses_inner_spaces(client, certificate):
    response = client.get(reverse("verify:search"), {"no": "/ Số  5/2026 /"})

    assert response.status_code == 302
    assert response["Location"] == "/verify/S%E1%BB%91%205/2026"


def test_the_navbar_links_the_verify_page_for_everyone(client, db):
    link = f'href="{reverse("verify:search")}"'
    assert link in client.get(reverse("criteria:rulebook_list")).content.decode()

    client.force_login(user_with_role(Role.ADMIN))
    assert link in client.get(reverse("core:home")).content.decode()


# --- numbers stay unique ignoring case ---------------------------------------------------


def test_two_numbers_may_not_differ_only_by_case(certificate):
    dossier = make_dossier(ProductFactory(producer=certificate.producer))
    decision = make_decision([dossier], number="13/QĐ-UBND")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_certificate(dossier, decision, number=NUMBER.lower())


def test_the_next_number_skips_one_taken_in_another_case(units, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(number="1/2026/gcn-ocop-48")

    with transaction.atomic():
        number = domain.next_number(
            "p48", 2026, domain.DEFAULT_FORMAT, province=f"{units.danang.code:02d}"
        )

    assert number == "2/2026/GCN-OCOP-48"
