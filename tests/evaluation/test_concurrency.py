"""Actions racing each other on PostgreSQL: the row locks of the domain actions let exactly one
of two simultaneous moves through, and two issues never share a certificate number.

Each test commits its data (a transactional database) and runs the racing calls in threads,
lined up by a barrier; each thread closes its own connection (`reference_db`: a transactional
database with the reference data put back for the tests that follow).
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification import domain as certification
from ocop.certification.models import Certificate, Decision
from ocop.core.errors import DomainError
from ocop.evaluation import domain
from ocop.evaluation.models import Dossier, MemberSheet, Transition
from ocop.evaluation.models import DossierState as S
from tests.factories import ProductFactory, user_with_role

from .builders import (
    TODAY,
    Province,
    answers_near,
    ready_dossier,
    refresh,
    score_all,
    walk_to_scoring,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only exercised on PostgreSQL"
)


@pytest.fixture
def p(reference_db, units):
    return Province(units)


def race(*calls):
    """Run `calls` in threads released together; each outcome is "ok", a DomainError, or
    another exception."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = error
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
    return outcomes


def split(outcomes):
    ok = [o for o in outcomes if o == "ok"]
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    other = [o for o in outcomes if o != "ok" and not isinstance(o, DomainError)]
    assert not other, other
    return ok, refused


def fresh(dossier):
    return Dossier.objects.get(pk=dossier.pk)


def test_two_officers_approving_at_once_move_the_dossier_once(p, units):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    score_all(p, dossier, 75, today=TODAY)
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    colleague = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    ok, refused = split(
        race(
            lambda: domain.approve(fresh(dossier), actor=p.agency, today=TODAY),
            lambda: domain.approve(fresh(dossier), actor=colleague, today=TODAY),
        )
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["state"]
    assert refresh(dossier).state == S.APPROVED
    assert Transition.objects.filter(dossier=dossier, action="approve").count() == 1
    assert (
        AuditEntry.objects.filter(
            object_type="dossier",
            object_id=str(dossier.pk),
            changes__state=[S.SCORED, S.APPROVED],
        ).count()
        == 1
    )


def test_two_members_submitting_their_own_sheets_at_once_both_succeed(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    ok, refused = split(
        race(
            *(
                lambda user=user: domain.save_sheet(
                    fresh(dossier), actor=user, answers=answers, submit=True, today=TODAY
                )
                for user in p.members
            )
        )
    )
    assert (len(ok), refused) == (2, [])
    sheets = MemberSheet.objects.filter(dossier=dossier, submitted_at__isnull=False)
    assert {sheet.member.user for sheet in sheets} == set(p.members)


def test_one_member_submitting_twice_at_once_submits_once(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    sheet_data = domain.sheet_for(dossier).data
    member = p.members[0]
    ok, refused = split(
        race(
            *(
                lambda total=total: domain.save_sheet(
                    fresh(dossier),
                    actor=member,
                    answers=answers_near(sheet_data, total),
                    submit=True,
                    today=TODAY,
                )
                for total in (70, 80)
            )
        )
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["submitted"]
    sheet = MemberSheet.objects.get(dossier=dossier, member__user=member)
    assert sheet.is_submitted
    assert (
        AuditEntry.objects.filter(
            object_type="membersheet", object_id=str(sheet.pk), action=AuditAction.STATUS_CHANGE
        ).count()
        == 1
    )


def approved(p):
    dossier = ready_dossier(ProductFactory(producer=p.producer), p.producer_user)
    Dossier.objects.filter(pk=dossier.pk).update(
        state=S.APPROVED, stars=4, score=Decimal("75"), submitted_on=TODAY
    )
    return refresh(dossier)


def draft(p, dossiers, number, actor=None):
    return certification.draft_decision(
        actor=actor or p.agency,
        province=p.units.danang,
        number=number,
        date=TODAY,
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch UBND thành phố",
        dossiers=dossiers,
    )


def test_two_decisions_issued_at_once_number_their_certificates_apart(p, units):
    colleague = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    first = draft(p, [approved(p), approved(p)], "1/QĐ-UBND")
    second = draft(p, [approved(p)], "2/QĐ-UBND")
    ok, refused = split(
        race(
            lambda: certification.issue_decision(first, actor=p.agency),
            lambda: certification.issue_decision(second, actor=colleague),
        )
    )
    assert (len(ok), refused) == (2, [])
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [f"{n}/{TODAY.year}/GCN-OCOP-48" for n in (1, 2, 3)]
    assert not Dossier.objects.filter(state=S.APPROVED).exists()


def test_one_decision_issued_twice_at_once_is_issued_once(p, units):
    colleague = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    decision = draft(p, [approved(p)], "1/QĐ-UBND")
    ok, refused = split(
        race(
            lambda: certification.issue_decision(decision, actor=p.agency),
            lambda: certification.issue_decision(decision, actor=colleague),
        )
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["state"]
    assert Certificate.objects.count() == 1
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.ISSUED


def test_two_dossiers_opened_at_once_for_one_product_open_one(p):
    ok, refused = split(
        race(
            *(
                lambda: domain.create_dossier(p.product, actor=p.producer_user, kind="first")
                for _ in range(2)
            )
        )
    )
    assert len(ok) == 1
    assert [error.code for error in refused] == ["duplicate"]
    assert Dossier.objects.filter(product=p.product).count() == 1


def test_two_drafts_with_one_number_at_once_refuse_the_second_politely(p, units):
    colleague = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    one, two = approved(p), approved(p)
    started = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                draft(p, [one], "7/QĐ-UBND")
                started.set()
                time.sleep(1.0)  # the second draft has checked the number meanwhile
        finally:
            connection.close()

    def second():
        try:
            started.wait(timeout=10)
            draft(p, [two], "7/QĐ-UBND", actor=colleague)
            outcome["result"] = "ok"
        except Exception as error:
            outcome["result"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not isinstance(outcome["result"], IntegrityError), outcome["result"]
    assert isinstance(outcome["result"], DomainError)
    assert Decision.objects.filter(number="7/QĐ-UBND").count() == 1
