"""Inspection actions: who may plan and record, where, when; every change audited."""

import datetime

import pytest

from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.inspections import domain
from ocop.inspections.models import Finding, InspectionPlan, InspectionTarget, Visit

from .conftest import AG, HEALTH, PERIOD, TODAY, VISIT_DAY, all_met, make_plan

pytestmark = pytest.mark.django_db


def refused(call, *words, field=None, code=None) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    for word in words:
        assert word in str(caught.value), str(caught.value)
    if field is not None:
        assert caught.value.field == field
    if code is not None:
        assert caught.value.code == code
    return caught.value


def entries(obj, action=None):
    rows = AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk))
    return rows.filter(action=action) if action else rows


# --- plans --------------------------------------------------------------------------------------


def test_agency_plans_for_any_department_with_targets_audited(world):
    plan = make_plan(world, department=HEALTH)

    assert plan.department == HEALTH and plan.created_by == world.agency
    assert {(t.producer, t.product) for t in plan.targets.all()} == {
        (world.hai_van, None),
        (world.dien_ban, world.mat.product),
    }
    created = entries(plan, AuditAction.CREATE).get()
    assert created.actor == world.agency
    assert created.changes["department"] == [None, HEALTH]
    for target in plan.targets.all():
        assert entries(target, AuditAction.CREATE).exists()


def test_inspector_plans_only_for_own_department_and_province(world):
    plan = make_plan(world, actor=world.inspector)
    assert plan.department == AG

    refused(lambda: make_plan(world, actor=world.inspector, department=HEALTH), code="permission")
    refused(lambda: make_plan(world, actor=world.hanoi_inspector, targets=[]), code="permission")


@pytest.mark.parametrize("who", ["ministry", "commune", "council", "producer"])
def test_other_roles_do_not_plan(world, who):
    refused(lambda: make_plan(world, actor=getattr(world, who), targets=[]), code="permission")
    assert not InspectionPlan.objects.exists()


def test_plan_period_must_be_ordered(world):
    refused(
        lambda: make_plan(
            world, period_start=datetime.date(2027, 6, 1), period_end=datetime.date(2027, 5, 1)
        ),
        "không được trước ngày bắt đầu",
        field="period_end",
    )
    assert not InspectionPlan.objects.exists()


def test_plan_needs_a_current_province(world):
    refused(
        lambda: make_plan(world, province=world.units.legacy_quang_nam, targets=[]),
        field="province",
    )
    refused(lambda: make_plan(world, province=world.units.hai_van, targets=[]), field="province")


def test_plan_refuses_unknown_kind_and_department(world):
    refused(lambda: make_plan(world, kind="weekly", targets=[]), field="kind")
    refused(lambda: make_plan(world, department="police", targets=[]), field="department")


def test_plan_with_target_outside_the_province_changes_nothing(world):
    refused(
        lambda: make_plan(world, targets=[(world.hai_van, None), (world.hanoi, None)]),
        "không thuộc địa bàn",
        field="producer",
    )
    assert not InspectionPlan.objects.exists()
    assert not InspectionTarget.objects.exists()
    assert not AuditEntry.objects.filter(object_type="inspectionplan").exists()


# --- targets ------------------------------------------------------------------------------------


def test_add_target_of_the_province(world, plan):
    target = domain.add_target(plan, actor=world.inspector, producer=world.dien_ban)

    assert target.plan == plan and target.product is None
    assert entries(target, AuditAction.CREATE).get().actor == world.inspector


def test_add_target_refuses_other_province_duplicates_and_foreign_products(world, plan):
    refused(
        lambda: domain.add_target(plan, actor=world.agency, producer=world.hanoi),
        "không thuộc địa bàn",
    )
    refused(
        lambda: domain.add_target(plan, actor=world.agency, producer=world.hai_van),
        "đã có trong kế hoạch",
    )
    refused(
        lambda: domain.add_target(
            plan, actor=world.agency, producer=world.hai_van, product=world.mat.product
        ),
        field="product",
    )
    refused(lambda: domain.add_target(plan, actor=world.agency, producer=None), field="producer")


def test_add_target_refused_to_other_department(world, plan):
    refused(
        lambda: domain.add_target(plan, actor=world.health_inspector, producer=world.dien_ban),
        code="permission",
    )


# --- visits -------------------------------------------------------------------------------------


def test_record_visit_keeps_checklist_and_audits(world, plan, visit):
    assert visit.plan == plan
    assert visit.checklist["label_correct"] == {"answer": "no", "note": ""}
    assert set(visit.checklist) == set(domain.checklist_items.CODES)
    created = entries(visit, AuditAction.CREATE).get()
    assert created.actor == world.inspector
    assert created.changes["date"] == [None, VISIT_DAY.isoformat()]


def test_visit_accepts_bare_answers_and_trims_notes(world, plan):
    checklist = dict.fromkeys(domain.checklist_items.CODES, "yes")
    checklist["mark_correct"] = {"answer": "na", "note": "  Chưa dùng nhãn OCOP  "}
    visit = domain.record_visit(
        plan,
        actor=world.agency,
        producer=world.dien_ban,
        product=world.mat.product,
        date=PERIOD[0],
        inspectors="Đoàn liên ngành",
        checklist=checklist,
        today=TODAY,
    )

    assert visit.checklist["mark_correct"] == {"answer": "na", "note": "Chưa dùng nhãn OCOP"}
    assert visit.checklist["criteria_maintained"] == {"answer": "yes", "note": ""}


@pytest.mark.parametrize(
    "day", [PERIOD[0] - datetime.timedelta(days=1), PERIOD[1] + datetime.timedelta(days=1)]
)
def test_visit_outside_the_plan_period_is_refused(world, plan, day):
    refused(
        lambda: domain.record_visit(
            plan,
            actor=world.inspector,
            producer=world.hai_van,
            date=day,
            inspectors="Đoàn",
            checklist=all_met(),
            today=PERIOD[1] + datetime.timedelta(days=30),
        ),
        "nằm ngoài thời gian của kế hoạch",
        field="date",
    )
    assert not Visit.objects.exists()


def test_visit_in_the_future_is_refused(world, plan):
    refused(
        lambda: domain.record_visit(
            plan,
            actor=world.inspector,
            producer=world.hai_van,
            date=TODAY + datetime.timedelta(days=1),
            inspectors="Đoàn",
            checklist=all_met(),
            today=TODAY,
        ),
        "chưa tới",
        field="date",
    )


def test_visit_must_concern_a_target(world, plan):
    def visit(producer, product=None):
        return lambda: domain.record_visit(
            plan,
            actor=world.inspector,
            producer=producer,
            product=product,
            date=VISIT_DAY,
            inspectors="Đoàn",
            checklist=all_met(),
            today=TODAY,
        )

    refused(visit(world.uncertified.producer), "không có trong danh sách đối tượng")
    refused(visit(world.hanoi), "không thuộc địa bàn")
    # Điện Bàn is targeted for its mat only.
    other = world.dien_ban.products.create(
        name="Chiếu cói in hoa",
        product_set=world.mat.product.product_set,
        commune=world.dien_ban.commune,
        code="48-99999-001-2026",
        code_year=2026,
        code_sequence=1,
    )
    refused(visit(world.dien_ban, other), "không có trong danh sách đối tượng", field="product")


def test_visit_of_another_department_is_refused(world, plan):
    refused(
        lambda: domain.record_visit(
            plan,
            actor=world.health_inspector,
            producer=world.hai_van,
            date=VISIT_DAY,
            inspectors="Đoàn",
            checklist=all_met(),
            today=TODAY,
        ),
        code="permission",
    )


@pytest.mark.parametrize(
    ("checklist", "field"),
    [
        ("yes", "checklist"),
        ({"criteria_maintained": "yes"}, "checklist.production_active"),
        ({**all_met(), "extra_item": "yes"}, "checklist"),
        ({**all_met(), "mark_correct": {"answer": "maybe"}}, "checklist.mark_correct"),
        ({**all_met(), "mark_correct": {"answer": "yes", "note": 5}}, "checklist.mark_correct"),
        (
            {**all_met(), "mark_correct": {"answer": "yes", "note": "x" * 1001}},
            "checklist.mark_correct",
        ),
    ],
)
def test_incomplete_or_bad_checklist_is_refused(world, plan, checklist, field):
    refused(
        lambda: domain.record_visit(
            plan,
            actor=world.inspector,
            producer=world.hai_van,
            date=VISIT_DAY,
            inspectors="Đoàn",
            checklist=checklist,
            today=TODAY,
        ),
        field=field,
    )


def test_visit_needs_the_team(world, plan):
    refused(
        lambda: domain.record_visit(
            plan,
            actor=world.inspector,
            producer=world.hai_van,
            date=VISIT_DAY,
            inspectors="   ",
            checklist=all_met(),
            today=TODAY,
        ),
        field="inspectors",
    )


# --- findings -----------------------------------------------------------------------------------


def test_minor_finding_is_recorded_with_certificates_and_audited(world, visit):
    finding = domain.add_finding(
        visit,
        actor=world.inspector,
        description="Nhãn ghi 3 sao thay vì 4 sao.",
        severity="minor",
        certificates=[world.fish_sauce],
        today=TODAY,
    )

    assert finding.referred_on is None and finding.revocation_case is None
    assert list(finding.certificates.all()) == [world.fish_sauce]
    created = entries(finding, AuditAction.CREATE).get()
    assert created.changes["severity"] == [None, "minor"]
    assert created.changes["certificates"] == [None, ["12/2026/GCN-OCOP-48"]]


def test_severe_finding_needs_a_ground(world, visit):
    refused(
        lambda: domain.add_finding(
            visit,
            actor=world.inspector,
            description="Sử dụng nhãn OCOP cho sản phẩm khác.",
            severity="severe",
            today=TODAY,
        ),
        "căn cứ thu hồi",
        field="ground",
    )
    assert not Finding.objects.exists()


def test_finding_refuses_certificates_of_another_producer_or_product(world, visit):
    refused(
        lambda: domain.add_finding(
            visit,
            actor=world.inspector,
            description="x",
            severity="major",
            certificates=[world.tea],
            today=TODAY,
        ),
        "không phải của chủ thể",
        field="certificates",
    )


def test_finding_refuses_bad_severity_and_ground(world, visit):
    for severity, ground, field in (("fatal", "", "severity"), ("major", "z", "ground")):
        refused(
            lambda s=severity, g=ground: domain.add_finding(
                visit, actor=world.inspector, description="x", severity=s, ground=g, today=TODAY
            ),
            field=field,
        )


def test_finding_of_another_department_is_refused(world, visit):
    refused(
        lambda: domain.add_finding(
            visit, actor=world.health_inspector, description="x", severity="minor", today=TODAY
        ),
        code="permission",
    )


def test_unreferred_severe_finding_defaults_to_the_products_current_certificates(world, visit):
    finding = domain.add_finding(
        visit,
        actor=world.inspector,
        description="Sản phẩm không còn đạt chỉ tiêu đạm.",
        severity="severe",
        ground="b",
        refer=False,
        today=TODAY,
    )

    assert list(finding.certificates.all()) == [world.fish_sauce]
    assert finding.referred_on is None


def test_only_severe_findings_are_referred(world, visit):
    finding = domain.add_finding(
        visit, actor=world.inspector, description="x", severity="major", today=TODAY
    )
    refused(
        lambda: domain.refer_finding(finding, actor=world.inspector, today=TODAY),
        "Chỉ phát hiện nghiêm trọng",
    )
