"""Decision and certificate pages: drafting from approved results, issuing, discarding, the
scoped lists with their filters, and who may see what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.certification.models import Certificate, Decision
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState
from tests.certification.conftest import (
    certified_product,
    make_certificate,
    make_decision,
    make_dossier,
)
from tests.evaluation.builders import Province, ready_dossier, refresh, score_all, walk_to_scoring
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def approved(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 75)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    dossier = refresh(dossier)
    assert dossier.state == DossierState.APPROVED
    return dossier


@pytest.fixture
def scoring_dossier(p, approved):
    product = ProductFactory(producer=p.producer, name="Mắm ruốc Hải Vân")
    return walk_to_scoring(p, ready_dossier(product, p.producer_user))


def decision_data(*dossiers, number="101/QĐ-UBND"):
    return {
        "number": number,
        "date": "2026-12-05",
        "signer_name": "Trần Văn A",
        "signer_title": "Phó Chủ tịch UBND thành phố",
        "title": "",
        "dossiers": [str(d.pk) for d in dossiers],
    }


def test_new_decision_lists_only_approved_dossiers(client, p, approved, scoring_dossier):
    client.force_login(p.agency)
    response = client.get(reverse("certification:decision-create"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'value="{approved.pk}"' in content
    assert approved.product.name in content
    assert "★★★★" in content
    assert f'value="{scoring_dossier.pk}"' not in content


def test_draft_with_an_unapproved_dossier_is_refused(client, p, approved, scoring_dossier):
    client.force_login(p.agency)
    response = client.post(
        reverse("certification:decision-create"), decision_data(approved, scoring_dossier)
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "chưa có kết quả được phê duyệt" in content
    assert "Hội đồng đang chấm" in content
    assert not Decision.objects.exists()


def test_draft_needs_a_dossier_and_refuses_one_out_of_scope(client, p, approved, units):
    client.force_login(p.agency)
    url = reverse("certification:decision-create")
    response = client.post(url, decision_data())
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một sản phẩm" in response.content.decode()
    hanoi = certified_product(
        name="Trà sen", producer_name="Công ty Trà", commune=units.hanoi_commune, number="1/HN"
    ).dossier
    assert client.post(url, decision_data(hanoi)).status_code == 400
    assert client.post(url, {**decision_data(approved), "date": "not a date"}).status_code == 400
    assert client.post(url, {**decision_data(approved), "dossiers": ["x"]}).status_code == 400
    assert not Decision.objects.filter(province=p.units.danang).exists()


def test_draft_issue_and_certificates(client, p, approved):
    client.force_login(p.agency)
    response = client.post(reverse("certification:decision-create"), decision_data(approved))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert response["Location"] == reverse("certification:decision", args=[decision.pk])
    assert decision.status == Decision.Status.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert "Ban hành" in page
    assert "Xoá dự thảo" in page
    assert approved.product.name in page
    assert reverse("certification:decision-pdf", args=[decision.pk]) in page
    # A number already used in the province is refused.
    response = client.post(reverse("certification:decision-create"), decision_data(approved))
    assert response.status_code == 400
    # Issue.
    response = client.post(reverse("certification:decision-issue", args=[decision.pk]))
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == Decision.Status.ISSUED
    certificate = Certificate.objects.get(dossier=approved)
    assert refresh(approved).state == DossierState.RECOGNISED
    page = client.get(reverse("certification:decision", args=[decision.pk])).content.decode()
    assert certificate.number in page
    assert "Xoá dự thảo" not in page
    # Issuing twice is refused with the reason.
    response = client.post(reverse("certification:decision-issue", args=[decision.pk]))
    assert response.status_code == 400
    assert "đã được ban hành" in response.content.decode()
    response = client.post(reverse("certification:decision-discard", args=[decision.pk]))
    assert response.status_code == 400
    assert Decision.objects.filter(pk=decision.pk).exists()
    # The certificate appears in the lists of the agency and of the producer.
    for user in (p.agency, p.producer_user, p.commune_officer):
        client.force_login(user)
        content = client.get(reverse("certification:certificates")).content.decode()
        assert certificate.number in content, user
    client.force_login(p.agency)
    page = client.get(reverse("certification:certificate", args=[certificate.pk])).content.decode()
    assert reverse("certification:certificate-pdf", args=[certificate.pk]) in page
    assert reverse("verify:certificate", args=[certificate.number]) in page
    assert "★★★★" in page


def test_draft_is_discarded(client, p, approved):
    client.force_login(p.agency)
    client.post(reverse("certification:decision-create"), decision_data(approved))
    decision = Decision.objects.get()
    response = client.post(reverse("certification:decision-discard", args=[decision.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("certification:decisions")
    assert not Decision.objects.exists()
    assert refresh(approved).state == DossierState.APPROVED


def test_only_the_agency_issues(client, p, approved, units):
    client.force_login(p.agency)
    client.post(reverse("certification:decision-create"), decision_data(approved))
    decision = Decision.objects.get()
    inspector = user_with_role(Role.INSPECTOR, unit=units.danang)
    client.force_login(inspector)
    assert client.get(reverse("certification:decision", args=[decision.pk])).status_code == 200
    response = client.post(reverse("certification:decision-issue", args=[decision.pk]))
    assert response.status_code == 400
    assert "không quản lý quyết định này" in response.content.decode()
    client.force_login(user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi))
    assert client.post(reverse("certification:decision-issue", args=[decision.pk])).status_code == (
        404
    )
    assert Decision.objects.get().status == Decision.Status.DRAFT


# --- permission table --------------------------------------------------------------------------

ROLES = ["admin", "agency", "other_agency", "commune", "inspector", "producer", "anonymous"]
TABLE = {
    ("certification:decisions", None): "200 200 200 200 200 200 302",
    ("certification:decision-create", None): "200 200 200 403 403 403 302",
    ("certification:decision", "draft"): "200 200 404 404 200 404 302",
    ("certification:decision", "issued"): "200 200 404 200 200 200 302",
    ("certification:certificates", None): "200 200 200 200 200 200 302",
    ("certification:certificate", "certificate"): "200 200 404 200 200 200 302",
}
CASES = [
    (url_name, key, role, int(status))
    for (url_name, key), statuses in TABLE.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]


@pytest.fixture
def issued(p):
    """An issued decision of Đà Nẵng with the certificate of a product of the producer."""
    dossier = make_dossier(ProductFactory(producer=p.producer, name="Nước mắm Hải Vân"))
    decision = make_decision([dossier], number="12/QĐ-UBND")
    return make_certificate(dossier, decision, number="12/2026/GCN-OCOP-48")


@pytest.fixture
def objects(p, issued):
    draft = Decision.objects.create(
        province=p.units.danang,
        number="9/QĐ-DT",
        date=datetime.date(2026, 12, 1),
        signer_name="A",
        signer_title="B",
    )
    return {"draft": draft, "issued": issued.decision, "certificate": issued}


@pytest.fixture
def people(p, units):
    return {
        "admin": user_with_role(Role.ADMIN),
        "agency": p.agency,
        "other_agency": user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
        "commune": p.commune_officer,
        "inspector": user_with_role(Role.INSPECTOR, unit=units.danang),
        "producer": p.producer_user,
    }


@pytest.mark.parametrize(("url_name", "key", "role", "expected"), CASES)
def test_page_permission_table(client, objects, people, url_name, key, role, expected):
    if role != "anonymous":
        client.force_login(people[role])
    url = reverse(url_name, args=[objects[key].pk]) if key else reverse(url_name)
    response = client.get(url)
    assert response.status_code == expected, (url_name, key, role)
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


# --- certificate list filters ------------------------------------------------------------------


def test_certificate_filters(client, p, units):
    today = timezone.localdate()
    soon = certified_product(
        name="Nước mắm Cửa Đại",
        producer_name="Hợp tác xã Cửa Đại",
        commune=units.hai_van,
        number="1/2026/GCN-OCOP-48",
        issued_on=today - datetime.timedelta(days=1000),
        valid_until=today + datetime.timedelta(days=30),
    )
    later = certified_product(
        name="Trà thảo mộc",
        producer_name="Hợp tác xã Trà",
        commune=units.hai_van,
        number="2/2026/GCN-OCOP-48",
        issued_on=today - datetime.timedelta(days=10),
        valid_until=today + datetime.timedelta(days=1000),
    )
    revoked = certified_product(
        name="Mật ong rừng",
        producer_name="Hợp tác xã Mật ong",
        commune=units.hai_van,
        number="3/2026/GCN-OCOP-48",
        revoked_on=today,
        revocation_ground="dd",
    )
    Certificate.objects.filter(pk=later.pk).update(stars=3)
    client.force_login(p.agency)
    url = reverse("certification:certificates")

    def numbers(**params):
        content = client.get(url, params).content.decode()
        return {c.number for c in (soon, later, revoked) if c.number in content}

    assert numbers() == {soon.number, later.number, revoked.number}
    assert numbers(expiring="90") == {soon.number}
    assert numbers(status="revoked") == {revoked.number}
    assert numbers(stars="3") == {later.number}
    assert numbers(q="nuoc mam cua dai") == {soon.number}
    assert numbers(q="3/2026") == {revoked.number}
    assert client.get(url, {"expiring": "-5", "stars": "x", "status": "??"}).status_code == 200
    content = client.get(url).content.decode()
    assert "sắp hết hạn" in content
