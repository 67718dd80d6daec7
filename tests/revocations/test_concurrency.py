"""Revocation actions racing each other on PostgreSQL: the row locks on the case and its
certificates let exactly one outcome through (tests/evaluation/test_concurrency.py explains the
set-up: committed data, threads lined up by a barrier, one connection each)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.revocations import domain
from ocop.revocations.models import RevocationCase, State
from tests.factories import user_with_role

from .conftest import Scene, pdf

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only exercised on PostgreSQL"
)


@pytest.fixture
def scene(reference_db, units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Scene(units)


def race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except Exception as error:
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    ok = [o for o in outcomes if o == "ok"]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(ok) + len(refused) == len(calls), outcomes
    return ok, refused


def fresh(case):
    return RevocationCase.objects.get(pk=case.pk)


def opened(scene, certificates):
    return domain.open_case(
        certificates=certificates,
        ground="c",
        source="inspection_finding",
        finding_date=timezone.localdate(),
        description="Kết luận kiểm tra ATTP",
        actor=scene.agency,
    )


def test_two_officers_deciding_one_case_at_once_revoke_once(scene, units):
    colleague = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    case = opened(scene, [scene.three, scene.four])
    day = timezone.localdate()
    ok, refused = race(
        lambda: domain.decide(fresh(case), actor=scene.agency, decision_no="1/QĐ", date=day),
        lambda: domain.decide(fresh(case), actor=colleague, decision_no="2/QĐ", date=day),
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["state"]
    case = fresh(case)
    assert case.state == State.REVOKED
    assert case.decision_no in ("1/QĐ", "2/QĐ")
    for certificate in (scene.three, scene.four):
        assert Certificate.objects.get(pk=certificate.pk).revoked_on == day
        assert (
            AuditEntry.objects.filter(
                object_type="certificate",
                object_id=str(certificate.pk),
                changes__status=["valid", "revoked"],
            ).count()
            == 1
        )


def test_deciding_and_dismissing_at_once_give_one_outcome(scene):
    case = opened(scene, [scene.four])
    day = timezone.localdate()
    ok, refused = race(
        lambda: domain.decide(fresh(case), actor=scene.agency, decision_no="1/QĐ", date=day),
        lambda: domain.dismiss(fresh(case), actor=scene.admin, reason="Đã khắc phục"),
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["state"]
    case = fresh(case)
    revoked = Certificate.objects.get(pk=scene.four.pk).revoked_on is not None
    assert (case.state == State.REVOKED) == revoked
    assert case.state in (State.REVOKED, State.DISMISSED)


def test_two_cases_opened_at_once_on_one_certificate_open_one(scene):
    ok, refused = race(
        lambda: opened(scene, [scene.four]),
        lambda: domain.open_case(
            certificates=[scene.three, scene.four],
            ground="dd",
            source="commune_confirmation",
            finding_date=timezone.localdate(),
            description="Xác nhận của UBND phường",
            actor=scene.commune,
            evidence=[pdf()],
        ),
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["duplicate"]
    assert RevocationCase.objects.filter(certificates=scene.four).count() == 1
