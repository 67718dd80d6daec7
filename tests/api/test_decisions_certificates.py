"""`/api/v1/decisions` and `/api/v1/certificates`: drafting and issuing decisions, scope, and the
certificate filters (the re-ranking list: `expiring_within_days`)."""

import csv
import datetime
import io
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from django.test import RequestFactory
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certification import signing
from ocop.certification.models import Certificate, Decision, DecisionItem
from ocop.certification.printing import (
    certificate_qr_svg,
    labels_context,
    qr_png_data_uri,
    qr_svg,
    signed_verification_url,
)
from ocop.criteria.models import Rulebook
from ocop.evaluation import domain
from ocop.evaluation.models import Dossier
from tests.api.calls import ids, ok, post
from tests.evaluation.builders import ready_dossier, refresh, score_all, walk_to_scoring
from tests.factories import ProducerFactory, ProductFactory, user_with_role

pytestmark = pytest.mark.django_db


def approved(p, product=None, total=75):
    """A dossier of `product` walked to `approved` with the domain actions."""
    dossier = walk_to_scoring(p, ready_dossier(product or p.product, p.producer_user))
    score_all(p, dossier, total)
    domain.finalize(dossier, actor=p.chair)
    return domain.approve(refresh(dossier), actor=p.agency)


def _draft_body(dossiers, number="101/QĐ-UBND", **extra):
    return {
        "number": number,
        "date": timezone.localdate().isoformat(),
        "signer_name": "Trần Văn A",
        "signer_title": "Phó Chủ tịch UBND thành phố",
        "dossiers": [d.pk for d in dossiers],
        **extra,
    }


# --- decisions ----------------------------------------------------------------------------------


def test_decision_with_an_unapproved_dossier_is_400(api, p):
    good = approved(p)
    other = ready_dossier(ProductFactory(producer=p.producer), p.producer_user)

    response = post(api(p.agency), "decisions", _draft_body([good, other]))

    assert response.status_code == 400
    body = response.json()
    assert "phê duyệt" in body["detail"]
    assert "dossiers" in body["errors"]
    assert not Decision.objects.exists()


def test_decision_with_an_unknown_or_invisible_dossier_is_400(api, p, units, hanoi_agency):
    good = approved(p)

    response = post(api(hanoi_agency), "decisions", _draft_body([good]))
    assert response.status_code == 400
    assert "dossiers" in response.json()["errors"]
    response = post(
        api(p.agency), "decisions", {**_draft_body([good]), "dossiers": [good.pk, 10**9]}
    )
    assert response.status_code == 400
    assert str(10**9) in response.json()["errors"]["dossiers"][0]
    response = post(api(p.agency), "decisions", {**_draft_body([good]), "dossiers": []})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_decision_drafted_by_a_producer_is_403(api, p):
    good = approved(p)
    response = post(
        api(p.producer_user), "decisions", _draft_body([good], province={"code": 48, "era": "2025"})
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_decision_draft_issue_and_scope(api, p, hanoi_agency):
    good = approved(p)
    agency = api(p.agency)
    draft = post(
        agency, "decisions", _draft_body([good], title="Công nhận sản phẩm OCOP đợt 1")
    ).json()
    pk = draft["id"]
    assert draft["province"]["code"] == 48
    assert draft["items"] == [
        {
            "position": 1,
            "dossier": good.pk,
            "product": {"id": p.product.pk, "code": p.product.code, "name": p.product.name},
            "stars": 4,
            "certificate_no": None,
        }
    ]

    # Drafts stay with the province.
    assert ids(agency.get("/api/v1/decisions")) == {pk}
    assert ids(api(p.producer_user).get("/api/v1/decisions")) == set()
    assert api(hanoi_agency).get(f"/api/v1/decisions/{pk}").status_code == 404
    assert post(api(hanoi_agency), f"decisions/{pk}/issue").status_code == 404

    # Issued only once; then the producer sees it and it cannot be discarded.
    issued = post(agency, f"decisions/{pk}/issue").json()
    assert issued["status"] == "issued"
    assert issued["issued_at"] is not None
    again = post(agency, f"decisions/{pk}/issue")
    assert again.status_code == 400
    assert "đã được ban hành" in again.json()["detail"]
    assert ids(api(p.producer_user).get("/api/v1/decisions")) == {pk}
    response = agency.delete(f"/api/v1/decisions/{pk}")
    assert response.status_code == 400
    assert refresh(good).state == "recognised"


def test_discard_a_draft(api, p):
    good = approved(p)
    pk = post(api(p.agency), "decisions", _draft_body([good])).json()["id"]

    assert api(p.chair).delete(f"/api/v1/decisions/{pk}").status_code == 403
    assert api(p.agency).delete(f"/api/v1/decisions/{pk}?reason=Sai số").status_code == 204
    assert not Decision.objects.exists()
    assert refresh(good).state == "approved"
    # The discarded draft's trail stays readable by its province.
    audit = api(p.agency).get("/api/v1/audit", {"object": f"decision:{pk}"})
    assert audit.status_code == 200
    assert [e["action"] for e in audit.json()["results"]] == ["delete", "create"]


def test_duplicate_decision_number_is_400(api, p):
    first = approved(p)
    post(api(p.agency), "decisions", _draft_body([first]))
    second = approved(p, ProductFactory(producer=p.producer))
    response = post(api(p.agency), "decisions", _draft_body([second]))
    assert response.status_code == 400
    assert "number" in response.json()["errors"]


# --- certificates -------------------------------------------------------------------------------


def certificate(commune, *, number, valid_until, stars=4, name=None, **facts):
    """A certificate of a new producer's product in `commune`, issued by its own decision."""
    producer = ProducerFactory(commune=commune)
    product = ProductFactory(producer=producer, **({"name": name} if name else {}))
    province = commune.current_province
    rulebook = Rulebook.objects.get(slug="qd-26-2026")
    dossier = Dossier.objects.create(
        product=product,
        producer=producer,
        commune=commune,
        province=province,
        kind="first",
        state="recognised",
        rulebook=rulebook,
        stars=stars,
    )
    issued_on = valid_until - datetime.timedelta(days=3 * 365)
    decision = Decision.objects.create(
        province=province,
        number=f"{number}/QĐ",
        date=issued_on,
        signer_name="A",
        signer_title="B",
        status=Decision.Status.ISSUED,
    )
    DecisionItem.objects.create(decision=decision, dossier=dossier, stars=stars, position=1)
    return Certificate.objects.create(
        number=number,
        decision=decision,
        dossier=dossier,
        product=product,
        producer=producer,
        province=province,
        rulebook=rulebook,
        stars=stars,
        issued_on=issued_on,
        valid_until=valid_until,
        product_name=product.name,
        producer_name=producer.name,
        producer_address="Thôn 1",
        **facts,
    )


def pending_rerank(certificate, *, filed_on):
    """A re-ranking dossier for `certificate`, filed on `filed_on` and still being handled."""
    return Dossier.objects.create(
        product=certificate.product,
        producer=certificate.producer,
        commune=certificate.dossier.commune,
        province=certificate.province,
        kind="rerank",
        state="submitted",
        rulebook=certificate.rulebook,
        previous_certificate=certificate,
        submitted_on=filed_on,
        filed_on=filed_on,
    )


@pytest.fixture
def certificates(units):
    today = timezone.localdate()
    days = datetime.timedelta

    class Certificates:
        soon = certificate(
            units.hai_van,
            number="1/2026/GCN-OCOP-48",
            valid_until=today + days(30),
            name="Nước mắm Nam Ô",
        )
        later = certificate(
            units.hai_van, number="2/2026/GCN-OCOP-48", valid_until=today + days(400), stars=3
        )
        lapsed = certificate(
            units.other_danang_commune, number="3/2026/GCN-OCOP-48", valid_until=today - days(1)
        )
        extended = certificate(
            units.other_danang_commune,
            number="4/2026/GCN-OCOP-48",
            valid_until=today - days(10),
        )
        pending_rerank(extended, filed_on=today - days(130))
        revoked = certificate(
            units.hai_van,
            number="5/2026/GCN-OCOP-48",
            valid_until=today + days(10),
            revoked_on=today,
            revocation_ground="c",
        )
        hanoi = certificate(
            units.hanoi_commune, number="1/2026/GCN-OCOP-01", valid_until=today + days(20)
        )

    return Certificates


def test_expiring_within_days_is_the_reranking_list(api, p, certificates):
    client = api(p.agency)
    expiring = ids(client.get("/api/v1/certificates", {"expiring_within_days": 180}))
    assert expiring == {certificates.soon.pk}
    assert ids(client.get("/api/v1/certificates", {"expiring_within_days": 0})) == set()
    for bad in ("-1", "abc", "99999"):
        response = client.get("/api/v1/certificates", {"expiring_within_days": bad})
        assert response.status_code == 400
        assert "expiring_within_days" in response.json()["errors"]


def test_expiring_within_days_is_from_today_to_today_plus_n_days(api, p, units, time_machine):
    """Both ends included; a certificate past its end date (extended while its re-ranking
    dossier is handled, or expired) is not "expiring": extended ones have `status=extended`."""
    time_machine.move_to(datetime.date(2027, 3, 10))
    today = datetime.date(2027, 3, 10)
    days = datetime.timedelta
    ends_today = certificate(units.hai_van, number="11/2024/GCN-OCOP-48", valid_until=today)
    ends_on_day_n = certificate(
        units.hai_van, number="12/2024/GCN-OCOP-48", valid_until=today + days(30)
    )
    certificate(units.hai_van, number="13/2024/GCN-OCOP-48", valid_until=today + days(31))
    extended = certificate(units.hai_van, number="14/2024/GCN-OCOP-48", valid_until=today - days(1))
    pending_rerank(extended, filed_on=today - days(100))
    client = api(p.agency)

    assert ids(client.get("/api/v1/certificates", {"expiring_within_days": 30})) == {
        ends_today.pk,
        ends_on_day_n.pk,
    }
    assert ids(client.get("/api/v1/certificates", {"expiring_within_days": 0})) == {ends_today.pk}
    assert ids(client.get("/api/v1/certificates", {"status": "extended"})) == {extended.pk}


def test_certificate_filters(api, p, certificates):
    client = api(p.agency)
    assert ids(client.get("/api/v1/certificates", {"status": "expired"})) == {
        certificates.lapsed.pk
    }
    assert ids(client.get("/api/v1/certificates", {"status": "valid"})) == {
        certificates.soon.pk,
        certificates.later.pk,
    }
    assert ids(client.get("/api/v1/certificates", {"stars": 3})) == {certificates.later.pk}
    assert ids(client.get("/api/v1/certificates", {"q": "nuoc mam nam o"})) == {
        certificates.soon.pk
    }
    assert ids(client.get("/api/v1/certificates", {"q": "5/2026"})) == {certificates.revoked.pk}
    assert ids(
        client.get("/api/v1/certificates", {"producer": certificates.later.producer_id})
    ) == {certificates.later.pk}
    assert ids(client.get("/api/v1/certificates", {"product": certificates.soon.product_id})) == {
        certificates.soon.pk
    }
    assert client.get("/api/v1/certificates", {"stars": 6}).status_code == 400


def test_certificates_scoped(api, p, certificates, hanoi_agency):
    assert ids(api(hanoi_agency).get("/api/v1/certificates")) == {certificates.hanoi.pk}
    assert api(hanoi_agency).get(f"/api/v1/certificates/{certificates.soon.pk}").status_code == 404
    assert ids(api(p.commune_officer).get("/api/v1/certificates")) == {
        certificates.soon.pk,
        certificates.later.pk,
        certificates.revoked.pk,
    }
    owner = user_with_role(Role.PRODUCER, producer=certificates.soon.producer)
    assert ids(api(owner).get("/api/v1/certificates")) == {certificates.soon.pk}


def test_certificate_detail_shape(api, p, certificates):
    lapsed = api(p.agency).get(f"/api/v1/certificates/{certificates.lapsed.pk}").json()
    assert lapsed["status"] == "expired"
    body = api(p.agency).get(f"/api/v1/certificates/{certificates.soon.pk}").json()
    assert body["certificate_no"] == "1/2026/GCN-OCOP-48"
    assert body["product"]["name"] == "Nước mắm Nam Ô"
    assert body["producer"] == {
        "id": certificates.soon.producer_id,
        "name": certificates.soon.producer_name,
    }
    assert body["province"]["code"] == 48
    assert body["decision_no"] == "1/2026/GCN-OCOP-48/QĐ"
    assert body["revocation_ground"] is None
    assert body["superseded_by"] is None
    assert body["rulebook"] == "qd-26-2026"


def test_certificate_carries_the_signed_url_of_its_qr_code(api, p, certificates, client):
    soon = certificates.soon
    detail = ok(api(p.agency).get(f"/api/v1/certificates/{soon.pk}"))
    listed = ok(api(p.agency).get("/api/v1/certificates", {"q": soon.number}))["results"]

    qr_url = detail["qr_url"]
    assert [row["qr_url"] for row in listed] == [qr_url]
    # The very URL the printed QR codes carry (certificate and labels: one function) ...
    request = RequestFactory().get("/api/v1/certificates", HTTP_HOST="testserver")
    assert qr_url == signed_verification_url(soon, request)
    assert qr_svg(qr_url) == certificate_qr_svg(soon, request)
    assert labels_context(soon, request)["qr_png"] == qr_png_data_uri(qr_url)
    # ... whose signature verifies, for the verification page too.
    url = urlsplit(qr_url)
    assert url.netloc == "testserver"
    assert unquote(url.path) == f"/verify/{soon.number}"
    params = {name: values[0] for name, values in parse_qs(url.query).items()}
    claim = signing.claim_from_params(soon.number, params)
    assert (claim.stars, claim.valid_until) == (soon.stars, soon.valid_until)
    assert signing.verify(claim)
    page = client.get(f"{url.path}?{url.query}").content.decode()
    assert 'data-signature="genuine"' in page


def test_schema_declares_qr_url(api):
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    certificate = schema["components"]["schemas"]["Certificate"]
    assert certificate["properties"]["qr_url"]["type"] == "string"
    assert certificate["properties"]["qr_url"]["format"] == "uri"
    assert "qr_url" in certificate["required"]


def test_certificates_download_with_filters(api, p, certificates):
    response = api(p.agency).get(
        "/api/v1/certificates", {"format": "csv", "expiring_within_days": 180}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["1/2026/GCN-OCOP-48"]
    xlsx = api(p.agency).get("/api/v1/certificates", {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_decisions_download_as_csv(api, p):
    good = approved(p)
    post(api(p.agency), "decisions", _draft_body([good]))
    response = api(p.agency).get("/api/v1/decisions", {"format": "csv"})
    assert response.status_code == 200
    assert "101/QĐ-UBND" in response.content.decode("utf-8-sig")
