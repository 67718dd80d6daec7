"""A severe finding is referred to the OCOP agency: a revocation case opens (through the
revocations' own action), the finding keeps it, the agency is told; refused referrals change
nothing."""

import datetime

import pytest

from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.inspections import domain
from ocop.inspections.models import Finding
from ocop.notifications.models import Notification
from ocop.revocations.models import RevocationCase

from .conftest import TODAY, VISIT_DAY

pytestmark = pytest.mark.django_db


def severe(visit, actor, **extra):
    data = {
        "description": "Cơ sở dán nhãn OCOP 4 sao cho nước mắm pha chưa được công nhận.",
        "severity": "severe",
        "ground": "d",
        "today": TODAY,
        **extra,
    }
    return domain.add_finding(visit, actor=actor, **data)


def test_severe_finding_opens_a_revocation_case(world, plan, visit):
    finding = severe(visit, world.inspector)

    case = finding.revocation_case
    assert isinstance(case, RevocationCase)
    assert case.source == "inspection_finding"
    assert case.ground == "d"
    assert case.finding_date == VISIT_DAY
    assert case.state == "open"
    assert case.province == world.units.danang
    assert list(case.certificates.all()) == [world.fish_sauce]
    assert case.opened_by == world.inspector
    assert plan.title in case.description
    assert finding.referred_on == TODAY and finding.referred_by == world.inspector
    referral = AuditEntry.objects.get(
        object_type="finding", object_id=str(finding.pk), action=AuditAction.STATUS_CHANGE
    )
    assert referral.changes == {
        "referred_on": [None, TODAY.isoformat()],
        "revocation_case": [None, case.pk],
    }
    assert referral.actor == world.inspector
    told = Notification.objects.filter(recipient=world.agency, object_type="inspectionplan")
    assert told.filter(object_id=str(plan.pk)).exists()


def test_severe_finding_kept_back_is_referred_later(world, visit):
    finding = severe(visit, world.inspector, refer=False)
    assert finding.revocation_case is None
    assert not RevocationCase.objects.exists()

    finding = domain.refer_finding(finding, actor=world.agency, today=TODAY)

    assert finding.revocation_case.opened_by == world.agency
    with pytest.raises(DomainError, match="đã được chuyển"):
        domain.refer_finding(finding, actor=world.agency, today=TODAY)
    assert RevocationCase.objects.count() == 1


def test_refused_case_records_no_finding(world, visit):
    first = severe(visit, world.inspector)
    assert first.revocation_case is not None

    with pytest.raises(DomainError, match="đã có hồ sơ thu hồi đang xử lý"):
        severe(visit, world.inspector, description="Lần hai")

    assert Finding.objects.count() == 1
    assert RevocationCase.objects.count() == 1


def test_no_current_certificate_no_severe_finding(world, plan, visit):
    world.fish_sauce.revoked_on = datetime.date(2027, 5, 1)
    world.fish_sauce.revocation_ground = "c"
    world.fish_sauce.save()

    with pytest.raises(DomainError, match="Không có giấy chứng nhận còn hiệu lực"):
        severe(visit, world.inspector)
    with pytest.raises(DomainError, match="chỉ thu hồi giấy chứng nhận còn hiệu lực"):
        severe(visit, world.inspector, certificates=[world.fish_sauce])
    assert not Finding.objects.exists()


def test_referral_by_another_department_is_refused(world, visit):
    finding = severe(visit, world.inspector, refer=False)

    with pytest.raises(DomainError) as caught:
        domain.refer_finding(finding, actor=world.health_inspector, today=TODAY)

    assert caught.value.code == "permission"
    assert not RevocationCase.objects.exists()
