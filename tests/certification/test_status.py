"""A certificate's status on chosen days, computed from its facts: valid through the day before
the issue date + 36 months, expired after, `extended` while a re-ranking dossier filed in the
window or late is pending (at most the grace), revoked, superseded; the re-ranking window; the
rule of older rulebooks."""

import datetime

import pytest

from ocop.certification import status
from ocop.certification.models import Certificate, CertificateStatus
from ocop.criteria.models import Rulebook
from ocop.evaluation.deadlines import valid_until
from ocop.evaluation.models import Dossier, DossierState
from tests.factories import ProducerFactory, ProductFactory

from .conftest import make_certificate, make_decision, make_dossier

pytestmark = pytest.mark.django_db

D = datetime.date
DAY = datetime.timedelta(days=1)
VALID = CertificateStatus.VALID
EXTENDED = CertificateStatus.EXTENDED
EXPIRED = CertificateStatus.EXPIRED
REVOKED = CertificateStatus.REVOKED
SUPERSEDED = CertificateStatus.SUPERSEDED


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


_numbers = iter(range(1, 10_000))


def certificate_of(units, *, issued_on, rulebook="qd-26-2026", product=None, **extra):
    """A certificate issued on `issued_on` under `rulebook`, valid 36 months."""
    if product is None:
        product = ProductFactory(producer=ProducerFactory(commune=units.hai_van))
    dossier = make_dossier(product, rulebook=Rulebook.objects.get(slug=rulebook))
    n = next(_numbers)
    decision = make_decision([dossier], number=f"{n}/QĐ-UBND", date=issued_on)
    return make_certificate(
        dossier,
        decision,
        number=f"{n}/{issued_on.year}/GCN-OCOP-48",
        valid_until=valid_until(issued_on, 36),
        **extra,
    )


def rerank_dossier(certificate, *, submitted_on=None, closed_on=None, kind="rerank", state=None):
    """A re-ranking dossier of the certificate's product, linked to it (facts set directly)."""
    if state is None:
        state = DossierState.SUBMITTED if submitted_on else DossierState.DRAFT
        if closed_on:
            state = DossierState.NOT_RECOGNISED
    return Dossier.objects.create(
        product=certificate.product,
        producer=certificate.producer,
        commune=certificate.product.commune,
        province=certificate.province,
        kind=kind,
        state=state,
        rulebook=Rulebook.objects.get(slug="qd-26-2026"),
        previous_certificate=certificate,
        submitted_on=submitted_on,
        closed_on=closed_on,
    )


def statuses(certificate, *days_):
    return [certificate.status_on(day) for day in days_]


# --- 36 months --------------------------------------------------------------------------------


def test_valid_from_the_issue_day_through_the_day_before_36_months_later(units):
    certificate = certificate_of(units, issued_on=D(2023, 3, 15))

    assert certificate.valid_until == D(2026, 3, 14)
    assert statuses(
        certificate,
        D(2023, 3, 15),
        D(2024, 3, 15),
        D(2025, 9, 1),
        D(2026, 3, 14),
        D(2026, 3, 15),
        D(2027, 1, 1),
    ) == [VALID, VALID, VALID, VALID, EXPIRED, EXPIRED]


def test_the_status_of_many_certificates_is_computed_in_one_query(units, django_assert_num_queries):
    early = certificate_of(units, issued_on=D(2023, 3, 15))
    late = certificate_of(units, issued_on=D(2024, 6, 1))

    with django_assert_num_queries(1):
        found = dict(Certificate.objects.with_status(D(2026, 5, 1)).values_list("pk", "status"))

    assert found == {early.pk: EXPIRED, late.pk: VALID}


def test_the_status_today_is_annotated_by_default(units):
    certificate = certificate_of(units, issued_on=status.today() - days(10))

    assert Certificate.objects.get(pk=certificate.pk).status == VALID
    assert Certificate.objects.current().filter(pk=certificate.pk).exists()


def test_a_certificate_is_not_in_force_before_it_is_issued(units):
    certificate = certificate_of(units, issued_on=D(2026, 6, 1))

    assert not Certificate.objects.current(D(2026, 5, 31)).filter(pk=certificate.pk).exists()


# --- the re-ranking window ----------------------------------------------------------------------


def in_window(certificate, on, ahead_days=0) -> bool:
    return (
        Certificate.objects.in_rerank_window(on, ahead_days=ahead_days)
        .filter(pk=certificate.pk)
        .exists()
    )


def test_the_window_runs_from_180_to_120_days_before_the_end_both_included(units):
    certificate = certificate_of(units, issued_on=D(2026, 6, 1))
    end = certificate.valid_until

    assert end == D(2029, 5, 31)
    assert certificate.rerank_window() == (end - days(180), end - days(120))
    assert not in_window(certificate, end - days(181))
    assert in_window(certificate, end - days(180))
    assert in_window(certificate, end - days(150))
    assert in_window(certificate, end - days(120))
    assert not in_window(certificate, end - days(119))
    assert not in_window(certificate, end + DAY)


def test_a_window_opening_within_the_days_asked_is_listed_ahead(units):
    certificate = certificate_of(units, issued_on=D(2026, 6, 1))
    end = certificate.valid_until

    assert not in_window(certificate, end - days(211), ahead_days=30)
    assert in_window(certificate, end - days(210), ahead_days=30)
    assert in_window(certificate, end - days(181), ahead_days=1)


def test_no_window_for_a_revoked_or_superseded_certificate(units):
    revoked = certificate_of(units, issued_on=D(2026, 6, 1), revoked_on=D(2028, 1, 1))
    replaced = certificate_of(units, issued_on=D(2026, 6, 1), superseded_on=D(2028, 6, 1))
    on = revoked.valid_until - days(150)

    assert not in_window(revoked, on)
    assert not in_window(replaced, on)


# --- the grace of a pending re-ranking ----------------------------------------------------------


def test_a_dossier_filed_in_the_window_extends_the_certificate_until_the_grace_ends(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end - days(150))

    assert statuses(certificate, end, end + DAY, end + days(180), end + days(181)) == [
        VALID,
        EXTENDED,
        EXTENDED,
        EXPIRED,
    ]
    assert Certificate.objects.current(end + days(90)).filter(pk=certificate.pk).exists()


def test_the_extension_ends_on_the_day_of_the_result(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end - days(130), closed_on=end + days(40))

    assert statuses(certificate, end + days(39), end + days(40)) == [EXTENDED, EXPIRED]


def test_a_late_filing_extends_the_certificate_from_the_day_it_is_filed(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end + days(30))

    assert statuses(
        certificate, end + days(29), end + days(30), end + days(180), end + days(181)
    ) == [EXPIRED, EXTENDED, EXTENDED, EXPIRED]


def test_a_filing_between_the_window_and_the_end_date_is_late_but_extends(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end - days(60))

    assert not in_window(certificate, end - days(60))
    assert statuses(certificate, end - days(60), end + days(10)) == [VALID, EXTENDED]


def test_a_filing_after_the_grace_extends_nothing(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end + days(181))

    assert statuses(certificate, end + days(181), end + days(200)) == [EXPIRED, EXPIRED]


def test_a_draft_or_another_kind_of_dossier_extends_nothing(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate)  # drafted, never filed
    rerank_dossier(certificate, submitted_on=end - days(150), kind="upgrade")

    assert certificate.status_on(end + DAY) == EXPIRED


def test_a_withdrawn_dossier_ends_the_extension_on_the_day_it_is_withdrawn(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(
        certificate,
        submitted_on=end - days(150),
        closed_on=end + days(5),
        state=DossierState.WITHDRAWN,
    )

    assert statuses(certificate, end + days(4), end + days(5)) == [EXTENDED, EXPIRED]


# --- revoked, superseded --------------------------------------------------------------------------


def test_revoked_from_the_day_of_the_decision(units):
    certificate = certificate_of(units, issued_on=D(2024, 6, 1), revoked_on=D(2025, 2, 10))

    assert statuses(certificate, D(2025, 2, 9), D(2025, 2, 10), D(2030, 1, 1)) == [
        VALID,
        REVOKED,
        REVOKED,
    ]


def test_revocation_ends_an_extension(units):
    certificate = certificate_of(units, issued_on=D(2023, 6, 20))
    end = certificate.valid_until
    rerank_dossier(certificate, submitted_on=end - days(150))
    Certificate.objects.filter(pk=certificate.pk).update(revoked_on=end + days(20))

    assert statuses(certificate, end + days(19), end + days(20)) == [EXTENDED, REVOKED]


def test_superseded_from_the_day_the_new_certificate_is_issued(units):
    old = certificate_of(units, issued_on=D(2023, 6, 20))
    end = old.valid_until
    rerank_dossier(old, submitted_on=end - days(150), closed_on=end + days(30))
    new = certificate_of(units, issued_on=end + days(30), product=old.product)
    Certificate.objects.filter(pk=old.pk).update(superseded_by=new, superseded_on=new.issued_on)

    assert statuses(old, end, end + days(29), end + days(30)) == [VALID, EXTENDED, SUPERSEDED]
    assert new.status_on(end + days(30)) == VALID


def test_an_upgrade_supersedes_a_valid_certificate_before_its_end(units):
    old = certificate_of(units, issued_on=D(2024, 6, 1))
    Certificate.objects.filter(pk=old.pk).update(superseded_on=D(2025, 12, 10))

    assert statuses(old, D(2025, 12, 9), D(2025, 12, 10)) == [VALID, SUPERSEDED]
    assert not in_window(old, old.valid_until - days(150))


# --- older rulebooks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "slug, issued_on",
    [("qd-1048-2019", D(2021, 6, 10)), ("qd-148-2023", D(2023, 12, 21))],
)
def test_an_older_certificate_keeps_its_validity_and_takes_the_later_rule(units, slug, issued_on):
    certificate = certificate_of(units, issued_on=issued_on, rulebook=slug)
    end = certificate.valid_until
    rule = certificate.rerank_rule()

    assert Rulebook.objects.get(slug=slug).data["reranking"] is None
    assert end == valid_until(issued_on, 36)
    assert (rule.source, rule.opens_days, rule.closes_days, rule.grace_days) == (
        "qd-26-2026",
        180,
        120,
        180,
    )
    assert statuses(certificate, issued_on, end, end + DAY) == [VALID, VALID, EXPIRED]
    assert in_window(certificate, end - days(180)) and in_window(certificate, end - days(120))
    assert not in_window(certificate, end - days(119))
    rerank_dossier(certificate, submitted_on=end + days(10))
    assert statuses(certificate, end + days(10), end + days(180), end + days(181)) == [
        EXTENDED,
        EXTENDED,
        EXPIRED,
    ]


def test_every_rulebook_has_a_rule_from_the_nearest_later_one_that_sets_it():
    rules = {
        Rulebook.objects.get(pk=pk).slug: rule for pk, rule in status.reranking_rules().items()
    }

    assert {slug: rule.source for slug, rule in rules.items()} == {
        "qd-1048-2019": "qd-26-2026",
        "qd-148-2023": "qd-26-2026",
        "qd-1489-2025": "qd-26-2026",
        "qd-26-2026": "qd-26-2026",
    }
