"""The demo's revocation cases: two open (one overdue) and one decided, on current certificates
of Đà Nẵng, made once."""

import datetime

import pytest

from ocop.accounts.models import Role
from ocop.demo import revocations as demo
from ocop.revocations.models import RevocationCase, State
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .conftest import certify

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def test_demo_cases(scene, units):
    agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency")
    agency.is_demo = True
    agency.save()
    third = ProducerFactory(name="Cơ sở Bánh tráng Túy Loan", commune=units.other_danang_commune)
    certify(ProductFactory(producer=third), stars=3, number="4/2025/GCN-OCOP-48")

    summary = demo.build(TODAY)

    assert (summary.opened, summary.overdue, summary.revoked) == (2, 1, 1)
    cases = RevocationCase.objects.order_by("pk")
    assert [case.state for case in cases] == [State.OPEN, State.OPEN, State.REVOKED]
    assert [case.is_overdue(TODAY) for case in cases] == [False, True, False]
    assert all(case.province == units.danang for case in cases)
    assert len({case.producer_id for case in cases}) == 3
    revoked = cases[2].certificates.get()
    assert revoked.status_on(TODAY) == "revoked"
    assert cases[1].evidence.get().file.read(5) == b"%PDF-"
    assert demo.build(TODAY) == demo.RevocationSummary()
    assert RevocationCase.objects.count() == 3


def test_demo_without_its_accounts_does_nothing(scene):
    assert demo.build(TODAY) == demo.RevocationSummary()
    assert not RevocationCase.objects.exists()
