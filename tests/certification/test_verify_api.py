"""`GET /api/v1/verify/<number>` and `GET /api/v1/verify/keys`: one query, the status as of the
request, nothing beyond the public fields, the same 404 for anything unknown."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from ocop.certification import signing
from ocop.certification.models import Certificate
from tests.certification.conftest import certified_product

# Statuses are read as of today: the clock stands a week after the certificates were signed.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("week_after_signing")]

NUMBER = "12/2026/GCN-OCOP-48"
API = "/api/v1/verify/"
NOT_FOUND = {"detail": "Số giấy chứng nhận không có trong sổ đăng ký."}
FIELDS = {
    "certificate_no",
    "status",
    "stars",
    "product",
    "producer",
    "decision_no",
    "issued_on",
    "valid_until",
    "revoked_on",
    "revocation_ground",
    "rulebook",
}


def test_verify_reads_the_register_in_one_query(client, certificate, django_assert_num_queries):
    client.get(API + NUMBER)  # warm the per-process caches (rules of the rulebooks)

    with django_assert_num_queries(1) as queries:
        response = client.get(API + NUMBER)

    assert response.status_code == 200
    sql = queries.captured_queries[0]["sql"]
    assert sql.lstrip().upper().startswith("SELECT")
    assert "session" not in sql.lower() and "authtoken" not in sql.lower()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are a PostgreSQL path"
)
def test_verify_runs_as_a_prepared_statement_on_postgresql(client, certificate):
    for _ in range(3):
        assert client.get(API + NUMBER).json()["status"] == "valid"
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans + custom_plans FROM pg_prepared_statements")
        executions = [row[0] for row in cursor.fetchall()]
    # Planned once, then executed again by the same connection.
    assert executions and max(executions) >= 3
    Certificate.objects.filter(number=NUMBER).update(revoked_on=timezone.localdate())
    assert client.get(API + NUMBER).json()["status"] == "revoked"


def test_verify_in_english_is_still_one_query(client, certificate, django_assert_num_queries):
    client.get(API + NUMBER)

    with django_assert_num_queries(1):
        response = client.get(API + NUMBER, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200


def test_a_signed_in_caller_costs_no_session_query(client, certificate, django_assert_num_queries):
    from ocop.accounts.models import Role
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.ADMIN))
    client.get(API + NUMBER)

    with django_assert_num_queries(1):
        assert client.get(API + NUMBER).status_code == 200


def test_unknown_and_malformed_numbers_cost_at_most_one_query(
    client, certificate, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        assert client.get(API + "99/2026/GCN-OCOP-48").status_code == 404
    with django_assert_max_num_queries(0):
        assert client.get(API + "x" * 300).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "99/2026/GCN-OCOP-48",
        "12/2026/GCN-OCOP-48x",
        "%00",
        "x" * 61,
        "x" * 300,
        "12/2026%0AGCN",
        "%E2%80%8F",
        "' OR 1=1 --",
        "12/2026/GCN-OCOP-48/keys",
    ],
)
def test_every_unknown_or_malformed_number_gets_the_same_404(client, certificate, path):
    response = client.get(API + path)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_the_404_is_in_the_callers_language(client, certificate):
    response = client.get(API + "99/2026/GCN-OCOP-48", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_a_revocation_shows_at_once(client, certificate):
    assert client.get(API + NUMBER).json()["status"] == "valid"

    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_on=timezone.localdate(), revocation_ground="b"
    )
    data = client.get(API + NUMBER).json()

    assert data["status"] == "revoked"
    assert data["revoked_on"] == timezone.localdate().isoformat()
    assert data["revocation_ground"] == "b"


def test_the_answer_may_not_be_kept_by_caches(client, certificate):
    response = client.get(API + NUMBER)

    assert "no-cache" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_the_status_follows_the_clock(client, certificate, time_machine):
    time_machine.move_to(certificate.valid_until, tick=False)
    assert client.get(API + NUMBER).json()["status"] == "valid"

    time_machine.move_to(certificate.valid_until + datetime.timedelta(days=1), tick=False)
    assert client.get(API + NUMBER).json()["status"] == "expired"


def test_a_superseded_certificate_names_nothing_of_its_successor(client, units, certificate):
    successor = certified_product(
        name="Nước mắm Hải Vân đặc biệt",
        producer_name="Hợp tác xã Nước mắm Hải Vân",
        commune=units.hai_van,
        number="40/2027/GCN-OCOP-48",
    )
    certificate.superseded_by = successor
    certificate.superseded_on = timezone.localdate()
    certificate.save()

    response = client.get(API + NUMBER)

    data = response.json()
    assert data["status"] == "superseded"
    assert set(data) == FIELDS
    assert "40/2027" not in response.content.decode()


def test_nothing_beyond_the_public_fields(client, certificate):
    producer = certificate.producer

    response = client.get(API + NUMBER)

    data = response.json()
    assert set(data) == FIELDS
    assert set(data["product"]) == {"code", "name", "product_set"}
    assert set(data["producer"]) == {"name", "province", "commune"}
    body = response.content.decode()
    for secret in [
        "78.5",  # the score
        producer.address,
        producer.phone,
        producer.registration_no,
        producer.legal_representative,
        certificate.producer_address,
    ]:
        assert secret not in body, secret
    for key in ("id", "pk", "score"):
        assert f'"{key}"' not in body


# --- the keys --------------------------------------------------------------------------------


def test_keys_endpoint_publishes_the_current_key(client, db):
    response = client.get(API + "keys")

    assert response.status_code == 200
    data = response.json()
    assert list(data) == ["keys"]
    (key,) = data["keys"]
    assert set(key) == {"kid", "alg", "public_key", "status"}
    assert key["alg"] == "Ed25519"
    assert key["status"] == "current"
    raw = signing.b64url_decode(key["public_key"])
    assert len(raw) == 32
    assert key["kid"] == signing.key_id(raw) == signing.keyring().current.kid
    assert "max-age=3600" in response["Cache-Control"]


def test_keys_endpoint_lists_retired_keys(client, settings):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    old = signing.raw_public_key(Ed25519PrivateKey.generate().public_key())
    settings.OCOP_RETIRED_PUBLIC_KEYS = [signing.b64url(old)]

    keys = client.get(API + "keys").json()["keys"]

    assert [key["status"] for key in keys] == ["current", "retired"]
    assert keys[1] == {
        "kid": signing.key_id(old),
        "alg": "Ed25519",
        "public_key": signing.b64url(old),
        "status": "retired",
    }


def test_keys_endpoint_needs_no_database(client, db, django_assert_num_queries):
    client.get(API + "keys")

    with django_assert_num_queries(0):
        assert client.get(API + "keys").status_code == 200


def test_keys_endpoint_is_read_only(client, db):
    assert client.post(API + "keys").status_code == 405


def test_schema_describes_the_keys(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/v1/verify/keys"]["get"]
    assert set(operation["responses"]) == {"200"}
    assert operation.get("security") in (None, [], [{}])
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert set(component["properties"]) == {"keys"}
    item_ref = component["properties"]["keys"]["items"]["$ref"]
    item = schema["components"]["schemas"][item_ref.rsplit("/", 1)[1]]
    assert set(item["properties"]) == {"kid", "alg", "public_key", "status"}


# --- the compiled lookup ---------------------------------------------------------------------


def test_the_api_and_the_page_read_the_same_facts(client, units, certificate, time_machine):
    """The API's one-query lookup and the page's model objects agree, in every status."""
    from ocop.certification.verify import find_certificate, payload, public_certificate

    def both():
        return public_certificate(NUMBER), payload(find_certificate(NUMBER))

    api, page = both()
    assert api == page and api["status"] == "valid"
    time_machine.move_to(certificate.valid_until + datetime.timedelta(days=3), tick=False)
    api, page = both()
    assert api == page and api["status"] == "expired"
    Certificate.objects.filter(pk=certificate.pk).update(
        revoked_on=certificate.valid_until, revocation_ground="dd"
    )
    api, page = both()
    assert api == page and api["status"] == "revoked"


def test_the_lookup_follows_reloaded_rulebooks(client, certificate):
    from ocop.certification import verify
    from ocop.criteria.models import Rulebook

    client.get(API + NUMBER)
    compiled = verify._lookups["default"]
    assert client.get(API + NUMBER).status_code == 200
    assert verify._lookups["default"] is compiled  # reused

    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    rulebook.save()  # rulebooks changed: the re-ranking rules are read again

    assert client.get(API + NUMBER).status_code == 200
    assert verify._lookups["default"] is not compiled
