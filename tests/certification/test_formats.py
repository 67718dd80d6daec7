"""Scores and dates in the reader's language: dd/mm/yyyy in Vietnamese (not Django's own
dd-mm-yyyy), scores with at most 2 decimals and the language's decimal separator (66,6 in
Vietnamese, 66.6 in English), never the stored 66.6000."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from ocop.accounts.models import Role
from ocop.audit import log
from ocop.certification import domain
from ocop.core.errors import DomainError
from ocop.core.formatting import decimal_text, short_date
from ocop.evaluation.models import Dossier, DossierState
from tests.certification.conftest import make_certificate, make_decision, make_dossier
from tests.evaluation.builders import Province
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("66.6000"), "66,6", "66.6"),
        (Decimal("66.6050"), "66,61", "66.61"),
        (Decimal("78.5"), "78,5", "78.5"),
        (Decimal("80.0000"), "80", "80"),
        (66.604, "66,6", "66.6"),
        (None, "—", "—"),
        ("n/a", "n/a", "n/a"),
    ],
)
def test_decimal_text_in_each_language(value, vi, en):
    with translation.override("vi"):
        assert decimal_text(value) == vi
    with translation.override("en"):
        assert decimal_text(value) == en


def test_short_dates_are_day_first_with_slashes_in_both_languages():
    for language in ("vi", "en"):
        with translation.override(language):
            assert short_date(ISSUED) == "04/12/2026"


def test_a_typed_vietnamese_date_is_read_day_first():
    """Django's Vietnamese formats read 04/12/2026 as 12 April (month first)."""
    with translation.override("vi"):
        assert forms.DateField().clean("04/12/2026") == ISSUED
        assert forms.DateField().clean("2026-12-04") == ISSUED


@pytest.fixture
def scored(units):
    """A certificate scored 66.6000 issued on 4 Dec 2026, with its creation in the audit."""
    dossier = make_dossier(ProductFactory(), score=Decimal("66.6000"))
    decision = make_decision([dossier], number="40/QĐ-UBND", date=ISSUED)
    certificate = make_certificate(dossier, decision, number="40/2026/GCN-OCOP-48")
    certificate.refresh_from_db()
    log.record_create(certificate, actor=None)
    return certificate


def certificate_page(client, certificate, language: str) -> str:
    client.force_login(user_with_role(Role.ADMIN))
    client.cookies["django_language"] = language
    response = client.get(reverse("certification:certificate", args=[certificate.pk]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_certificate_page_in_vietnamese(client, scored):
    content = certificate_page(client, scored, "vi")

    assert "66,6 điểm" in content
    assert '<span class="fw-semibold">Điểm:</span> <span class="after">66,6</span>' in content
    assert '<span class="after">04/12/2026</span>' in content
    assert "66.6000" not in content and "66,6000" not in content
    assert not re.search(r"\b\d\d-\d\d-20\d\d\b", content)


def test_the_certificate_page_in_english(client, scored):
    content = certificate_page(client, scored, "en")

    assert '<span class="after">66.6</span>' in content
    assert '<span class="after">04/12/2026</span>' in content
    assert "66.6000" not in content
    assert not re.search(r"\b\d\d-\d\d-20\d\d\b", content)


def test_a_decision_page_shows_scores_in_the_language(client, scored):
    client.force_login(user_with_role(Role.ADMIN))
    url = reverse("certification:decision", args=[scored.decision_id])

    content = client.get(url).content.decode()
    assert ">66,6<" in content
    client.cookies["django_language"] = "en"
    assert ">66.6<" in client.get(url).content.decode()


def test_a_domain_message_writes_dates_day_first(units):
    p = Province(units)
    first = make_dossier(p.product)
    make_certificate(first, make_decision([first], date=ISSUED), number="41/2026/GCN-OCOP-48")
    upgrade = make_dossier(p.product)
    Dossier.objects.filter(pk=upgrade.pk).update(state=DossierState.APPROVED)
    upgrade.refresh_from_db()

    with pytest.raises(DomainError) as error:
        domain.draft_decision(
            actor=p.agency,
            province=units.danang,
            number="42/QĐ-UBND",
            date=ISSUED - datetime.timedelta(days=1),
            signer_name="Trần Văn A",
            signer_title="Phó Chủ tịch",
            dossiers=[upgrade],
        )

    assert "03/12/2026" in error.value.message
    assert "04/12/2026" in error.value.message
