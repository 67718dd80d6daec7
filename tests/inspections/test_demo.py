"""The demo's inspections: built through the domain actions, once."""

import pytest

from ocop.accounts.models import Department
from ocop.demo.inspections import build_inspections, plan_title
from ocop.inspections.models import Finding, InspectionPlan, Visit
from ocop.inspections.queries import plans_for_user
from ocop.revocations.models import RevocationCase
from tests.certification.conftest import certified_product

from .conftest import ISSUED, TODAY

pytestmark = pytest.mark.django_db


def test_demo_inspections(world):
    for n in range(4):
        certified_product(
            name=f"Sản phẩm mẫu {n}",
            producer_name=f"Hợp tác xã mẫu {n}",
            commune=world.units.other_danang_commune,
            number=f"{20 + n}/2026/GCN-OCOP-48",
            issued_on=ISSUED,
        )

    summary = build_inspections(
        province=world.units.danang, agency=world.agency, inspector=world.inspector, today=TODAY
    )

    plan = InspectionPlan.objects.get(title=plan_title(2027))
    assert plan.department == Department.AGRICULTURE_ENVIRONMENT
    assert plan.targets.count() == 5
    assert Visit.objects.filter(plan=plan).count() == 3
    severe = Finding.objects.get(severity="severe")
    assert severe.revocation_case == RevocationCase.objects.get()
    assert severe.revocation_case.opened_by == world.inspector
    assert (summary.plans, summary.visits, summary.findings, summary.revocation_cases) == (
        2,
        3,
        2,
        1,
    )
    assert list(plans_for_user(world.inspector)) == [plan]
    assert plans_for_user(world.agency).count() == 2

    again = build_inspections(
        province=world.units.danang, agency=world.agency, inspector=world.inspector, today=TODAY
    )
    assert again.plans == 0
    assert InspectionPlan.objects.count() == 2
