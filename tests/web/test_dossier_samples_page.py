"""The product samples on the dossier page: the commune officer's form in the actions panel,
the record shown to everyone who sees the dossier, and the refusals naming the rule."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.evaluation import domain
from ocop.evaluation.models import DossierState
from ocop.registry.models import ProductSet
from tests.evaluation.builders import ASSESSMENT, Province, ready_dossier, refresh
from tests.factories import ProductFactory, user_with_role

S = DossierState


@pytest.fixture
def p(db, units):
    return Province(units)


def dossier_url(dossier):
    return reverse("evaluation:dossier", args=[dossier.pk])


def samples_url(dossier):
    return reverse("evaluation:dossier-action", args=[dossier.pk, "confirm-samples"])


def form(count="5", day=None) -> dict:
    day = day or timezone.localdate()
    return {"confirm_samples-count": count, "confirm_samples-received_on": day.isoformat()}


def received(p, product=None):
    dossier = ready_dossier(product or p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    return domain.receive(dossier, actor=p.commune_officer)


def page(client, user, dossier) -> str:
    client.force_login(user)
    response = client.get(dossier_url(dossier))
    assert response.status_code == 200
    return response.content.decode()


def audit_count(dossier) -> int:
    return AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).count()


def test_the_commune_officer_confirms_the_samples_on_the_page(client, p):
    dossier = received(p)
    content = page(client, p.commune_officer, dossier)
    assert samples_url(dossier) in content
    assert "Xác nhận đã nhận sản phẩm mẫu" in content
    assert 'id="samples"' in content
    assert "Chưa xác nhận" in content
    assert "Điều 6.2.d" in content

    response = client.post(samples_url(dossier), form("5"))

    assert response.status_code == 302
    dossier = refresh(dossier)
    assert (dossier.samples_confirmed, dossier.samples_confirmed_by) == (5, p.commune_officer)
    content = client.get(dossier_url(dossier)).content.decode()
    assert "Đã xác nhận nhận 5 sản phẩm mẫu." in content
    assert timezone.localdate().strftime("%d/%m/%Y") in content
    # Everyone who sees the dossier sees the record; only the officer gets the form.
    for user in (p.producer_user, p.agency):
        content = page(client, user, dossier)
        assert 'id="samples"' in content
        assert str(p.commune_officer) in content
        assert samples_url(dossier) not in content


def test_an_incomplete_form_is_refused_and_changes_nothing(client, p):
    dossier = received(p)
    audited = audit_count(dossier)
    client.force_login(p.commune_officer)

    response = client.post(samples_url(dossier), form(""))

    assert response.status_code == 400
    assert "Hãy nhập số mẫu đã nhận." in response.content.decode()
    assert refresh(dossier).samples_confirmed is None
    assert audit_count(dossier) == audited


def test_a_date_before_the_submission_shows_the_rule(client, p):
    dossier = received(p)
    client.force_login(p.commune_officer)
    day = dossier.submitted_on - datetime.timedelta(days=1)

    response = client.post(samples_url(dossier), form("5", day))

    assert response.status_code == 400
    assert "Ngày nhận mẫu phải từ ngày nộp hồ sơ đến hôm nay." in response.content.decode()
    assert refresh(dossier).samples_confirmed is None


def test_another_role_is_refused_and_another_commune_answers_404(client, p, units):
    dossier = received(p)
    client.force_login(p.agency)
    response = client.post(samples_url(dossier), form())
    assert response.status_code == 400
    assert "Bạn không có quyền “Xác nhận đã nhận sản phẩm mẫu”" in response.content.decode()

    client.force_login(user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune))
    assert client.post(samples_url(dossier), form()).status_code == 404
    assert refresh(dossier).samples_confirmed is None


def test_propose_on_the_page_without_samples_names_the_rule(client, p):
    dossier = received(p)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT)
    transitions = dossier.transitions.count()
    client.force_login(p.commune_officer)

    response = client.post(reverse("evaluation:dossier-action", args=[dossier.pk, "propose"]))

    content = response.content.decode()
    assert response.status_code == 400
    assert "Điều 6.2.d" in content
    assert "5 sản phẩm mẫu" in content
    dossier = refresh(dossier)
    assert (dossier.state, dossier.transitions.count()) == (S.ASSESSED, transitions)


def test_a_tourism_dossier_page_says_no_samples_are_needed(client, p):
    product = ProductFactory(producer=p.producer, product_set=ProductSet.objects.get(number=26))
    dossier = received(p, product)

    content = page(client, p.commune_officer, dossier)

    assert "Không phải nộp sản phẩm mẫu" in content
    assert samples_url(dossier) not in content
