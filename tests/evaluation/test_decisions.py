"""Recognition decisions: drafted from approved dossiers of one province, issued once, numbering
the certificates in the province's format and superseding the products' previous ones."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification import domain as certification
from ocop.certification.models import Certificate, CertificateStatus, Decision, DecisionItem
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import Dossier, ProvinceSettings, Transition
from ocop.evaluation.models import DossierState as S
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import Province, at, ready_dossier, refresh, score_all, walk_to_scoring

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = D(2026, 12, 5)
# The tests stand three days after DAY: dossiers are filed and decisions drafted then.
NOW = at(2026, 12, 8, 10)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def p(units):
    return Province(units)


def approved(p, product=None, *, stars=4, score="78.5", kind="first", owner=None):
    """A dossier whose result the agency approved (state set directly: the path to it is
    covered by the path tests)."""
    dossier = ready_dossier(
        product or ProductFactory(producer=p.producer), owner or p.producer_user, kind=kind
    )
    Dossier.objects.filter(pk=dossier.pk).update(
        state=S.APPROVED, stars=stars, score=Decimal(score), submitted_on=DAY
    )
    return refresh(dossier)


def draft(p, dossiers, number="101/QĐ-UBND", date=DAY, actor=None, province=None):
    return certification.draft_decision(
        actor=actor or p.agency,
        province=province or p.units.danang,
        number=number,
        date=date,
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch UBND thành phố",
        dossiers=dossiers,
    )


def refused(call, **expected):
    with pytest.raises(DomainError) as error:
        call()
    for key, value in expected.items():
        assert getattr(error.value, key) == value, error.value.message
    return error.value


# --- drafting ----------------------------------------------------------------------------------


def test_a_draft_lists_the_approved_dossiers_in_order(p):
    first, second = approved(p, stars=3, score="60"), approved(p, stars=4)
    decision = draft(p, [second, first])
    assert decision.status == Decision.Status.DRAFT
    assert decision.level == Decision.Level.PROVINCE
    assert decision.title
    items = list(decision.items.all())
    assert [(i.dossier, i.stars, i.position) for i in items] == [(first, 3, 1), (second, 4, 2)]
    assert refresh(first).state == S.APPROVED
    assert not Certificate.objects.exists()
    assert AuditEntry.objects.filter(object_type="decision", action=AuditAction.CREATE).exists()


def test_a_draft_refuses_a_dossier_not_approved(p):
    ok = approved(p)
    scored = approved(p)
    Dossier.objects.filter(pk=scored.pk).update(state=S.SCORED)
    error = refused(lambda: draft(p, [ok, refresh(scored)]), code="state", field="dossiers")
    assert str(scored.pk) in error.message
    assert "Hội đồng đã chấm" in error.message
    assert not Decision.objects.exists()


def test_a_draft_refuses_a_dossier_of_another_province(p, units):
    producer = ProducerFactory(commune=units.hanoi_commune)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    hanoi = approved(p, ProductFactory(producer=producer), owner=owner)
    assert hanoi.province == units.hanoi
    error = refused(lambda: draft(p, [approved(p), hanoi]), field="dossiers")
    assert str(hanoi.pk) in error.message
    assert not Decision.objects.exists()


def test_a_draft_needs_a_dossier(p):
    refused(lambda: draft(p, []), field="dossiers")
    assert not Decision.objects.exists()


def test_a_draft_refuses_a_dossier_chosen_twice(p):
    dossier = approved(p)
    refused(lambda: draft(p, [dossier, dossier]), field="dossiers")
    assert not Decision.objects.exists()


def test_a_draft_refuses_a_number_the_province_already_used(p):
    draft(p, [approved(p)], number="101/QĐ-UBND")
    refused(lambda: draft(p, [approved(p)], number=" 101/QĐ-UBND "), field="number")
    assert Decision.objects.count() == 1


def test_another_province_may_use_the_same_number(p, units):
    draft(p, [approved(p)], number="101/QĐ-UBND")
    producer = ProducerFactory(commune=units.hanoi_commune)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    hanoi_agency = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
    dossier = approved(p, ProductFactory(producer=producer), owner=owner)
    decision = draft(p, [dossier], actor=hanoi_agency, province=units.hanoi)
    assert decision.province == units.hanoi


def test_a_draft_needs_a_number_and_a_signer(p):
    dossier = approved(p)
    refused(lambda: draft(p, [dossier], number="  "), field="number")
    with pytest.raises(DomainError):
        certification.draft_decision(
            actor=p.agency,
            province=p.units.danang,
            number="1/QĐ",
            date=DAY,
            signer_name="",
            signer_title="Chủ tịch",
            dossiers=[dossier],
        )


def test_only_the_provinces_agency_drafts(p, units):
    dossier = approved(p)
    for actor in (
        p.commune_officer,
        p.chair,
        p.producer_user,
        user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
    ):
        refused(lambda actor=actor: draft(p, [dossier], actor=actor), code="permission")
    assert not Decision.objects.exists()


def test_a_draft_may_be_discarded_not_an_issued_decision(p):
    dossier = approved(p)
    decision = draft(p, [dossier])
    certification.discard_decision(decision, actor=p.agency, reason="Sai số")
    assert not Decision.objects.exists()
    assert refresh(dossier).state == S.APPROVED
    decision = draft(p, [dossier], number="102/QĐ-UBND")
    certification.issue_decision(decision, actor=p.agency)
    refused(lambda: certification.discard_decision(decision, actor=p.agency), code="state")
    assert Decision.objects.filter(pk=decision.pk).exists()


# --- issuing -----------------------------------------------------------------------------------


def test_issuing_creates_numbered_certificates_and_recognises_the_dossiers(p):
    first, second = approved(p, stars=3, score="61.25"), approved(p, stars=4)
    decision = certification.issue_decision(draft(p, [first, second]), actor=p.agency)
    assert decision.status == Decision.Status.ISSUED
    assert decision.issued_at is not None
    one, two = refresh(first).certificate, refresh(second).certificate
    assert (one.number, two.number) == ("1/2026/GCN-OCOP-48", "2/2026/GCN-OCOP-48")
    assert (one.stars, two.stars) == (3, 4)
    assert one.score == Decimal("61.25")
    assert one.issued_on == DAY
    assert one.valid_until == D(2029, 12, 4)
    assert one.status == CertificateStatus.VALID
    assert one.decision == decision
    assert one.rulebook.slug == "qd-26-2026"
    assert one.province == p.units.danang
    assert one.product_name == first.product.name
    assert one.producer_name == p.producer.name
    assert p.producer.commune.name in one.producer_address
    for dossier in (first, second):
        assert refresh(dossier).state == S.RECOGNISED


def test_issuing_is_recorded_as_the_dossiers_issue_transition(p):
    dossier = approved(p)
    decision = certification.issue_decision(draft(p, [dossier]), actor=p.agency)
    step = Transition.objects.get(dossier=dossier)
    assert (step.action, step.from_state, step.to_state, step.actor) == (
        "issue",
        S.APPROVED,
        S.RECOGNISED,
        p.agency,
    )
    entry = AuditEntry.objects.get(
        object_type="dossier", object_id=str(dossier.pk), action=AuditAction.STATUS_CHANGE
    )
    certificate = refresh(dossier).certificate
    assert entry.changes == {
        "state": [S.APPROVED, S.RECOGNISED],
        "certificate": [None, certificate.number],
    }
    assert entry.actor == p.agency
    assert AuditEntry.objects.filter(
        object_type="certificate", object_id=str(certificate.pk), action=AuditAction.CREATE
    ).exists()
    assert AuditEntry.objects.get(
        object_type="decision", object_id=str(decision.pk), action=AuditAction.STATUS_CHANGE
    ).changes == {"status": ["draft", "issued"]}


def test_a_decision_is_issued_once(p):
    decision = draft(p, [approved(p)])
    certification.issue_decision(decision, actor=p.agency)
    refused(lambda: certification.issue_decision(decision, actor=p.agency), code="state")
    assert Certificate.objects.count() == 1


def test_only_the_provinces_agency_issues(p, units):
    dossier = approved(p)
    decision = draft(p, [dossier])
    for actor in (p.commune_officer, user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)):
        refused(
            lambda actor=actor: certification.issue_decision(decision, actor=actor),
            code="permission",
        )
    assert refresh(dossier).state == S.APPROVED
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT


def test_a_dossier_in_two_drafts_is_recognised_once(p):
    dossier = approved(p)
    first = draft(p, [dossier], number="1/QĐ")
    second = draft(p, [dossier], number="2/QĐ")
    certification.issue_decision(first, actor=p.agency)
    refused(lambda: certification.issue_decision(second, actor=p.agency), code="state")
    assert Certificate.objects.count() == 1
    assert Decision.objects.get(pk=second.pk).status == Decision.Status.DRAFT


def test_certificate_numbers_follow_the_provinces_format(p):
    ProvinceSettings.objects.create(
        province=p.units.danang, certificate_number_format="{seq:03d}/{year}/ĐN-OCOP-{province}"
    )
    dossiers = [approved(p) for _ in range(3)]
    certification.issue_decision(draft(p, dossiers), actor=p.agency)
    numbers = [refresh(d).certificate.number for d in dossiers]
    assert numbers == [
        "001/2026/ĐN-OCOP-48",
        "002/2026/ĐN-OCOP-48",
        "003/2026/ĐN-OCOP-48",
    ]


def test_the_sequence_runs_on_across_decisions_and_restarts_each_year(p):
    certification.issue_decision(draft(p, [approved(p)], number="1/QĐ"), actor=p.agency)
    second = approved(p)
    certification.issue_decision(draft(p, [second], number="2/QĐ"), actor=p.agency)
    assert refresh(second).certificate.number == "2/2026/GCN-OCOP-48"
    next_year = approved(p)
    certification.issue_decision(
        draft(p, [next_year], number="3/QĐ", date=D(2027, 1, 8)), actor=p.agency
    )
    certificate = refresh(next_year).certificate
    assert certificate.number == "1/2027/GCN-OCOP-48"
    assert certificate.valid_until == D(2030, 1, 7)


def test_a_number_already_taken_is_skipped(p):
    """A number entered by hand earlier (an import) is not given twice."""
    first = approved(p)
    certification.issue_decision(draft(p, [first], number="1/QĐ"), actor=p.agency)
    Certificate.objects.filter(dossier=first).update(number="2/2026/GCN-OCOP-48")
    second = approved(p)
    certification.issue_decision(draft(p, [second], number="2/QĐ"), actor=p.agency)
    assert refresh(second).certificate.number == "3/2026/GCN-OCOP-48"


@pytest.mark.parametrize("number_format", ["{year}/GCN-OCOP", "{seq}/{nam}/GCN", "{seq/GCN"])
def test_a_certificate_number_format_must_be_usable(units, number_format):
    settings = ProvinceSettings(province=units.danang, certificate_number_format=number_format)
    with pytest.raises(ValidationError):
        settings.full_clean()


def test_a_new_certificate_supersedes_the_products_previous_one(p):
    product = ProductFactory(producer=p.producer)
    first = approved(p, product, stars=3, score="60")
    # Issued by today: an upgrade needs a certificate in force on the day it is filed.
    issued = NOW.date()
    certification.issue_decision(draft(p, [first], number="1/QĐ", date=issued), actor=p.agency)
    old = refresh(first).certificate
    upgrade = approved(p, product, stars=4, kind="upgrade")
    assert upgrade.previous_certificate == old
    certification.issue_decision(
        draft(p, [upgrade], number="2/QĐ", date=D(2027, 6, 1)), actor=p.agency
    )
    old.refresh_from_db()
    new = refresh(upgrade).certificate
    # The old certificate is superseded from the day the new one is issued.
    assert old.status == CertificateStatus.VALID
    assert old.status_on(D(2027, 5, 31)) == CertificateStatus.VALID
    assert old.status_on(D(2027, 6, 1)) == CertificateStatus.SUPERSEDED
    assert old.superseded_by == new
    assert old.superseded_on == D(2027, 6, 1)
    assert new.status_on(D(2027, 6, 1)) == CertificateStatus.VALID
    assert domain.current_certificate(product, D(2027, 6, 1)) == new
    entry = AuditEntry.objects.get(
        object_type="certificate", object_id=str(old.pk), action=AuditAction.STATUS_CHANGE
    )
    assert entry.changes == {
        "status": ["valid", "superseded"],
        "superseded_on": [None, "2027-06-01"],
    }
    assert new.number in entry.reason


def test_the_whole_path_ends_with_a_certificate(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    score_all(p, dossier, 62)
    domain.finalize(dossier, actor=p.chair)
    domain.approve(dossier, actor=p.agency)
    decision = certification.issue_decision(draft(p, [refresh(dossier)]), actor=p.agency)
    item = DecisionItem.objects.get(decision=decision)
    certificate = refresh(dossier).certificate
    assert item.stars == certificate.stars == 3
    assert certificate.score == refresh(dossier).score
