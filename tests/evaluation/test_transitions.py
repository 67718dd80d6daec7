"""The transition table enforced by the domain actions: every action refused from every state it
does not start from, every role it is not for refused, and every move written once to the
timeline and once to the audit trail."""

import datetime

import pytest

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.certification import domain as certification
from ocop.core.errors import DomainError
from ocop.evaluation import domain, workflow
from ocop.evaluation.models import CouncilRole, Dossier, Level, Transition
from ocop.evaluation.models import DossierState as S
from tests.factories import ProducerFactory, ProductFactory, user_with_role

from .builders import (
    ADVISORY,
    ASSESSMENT,
    TODAY,
    Province,
    answers_near,
    confirm_samples,
    ready_dossier,
    refresh,
    score_all,
    walk_to_scoring,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(units):
    return Province(units)


def _call(action, p, dossier, actor=None):
    """Run the domain action `action` on `dossier` with arguments that pass its input checks."""
    calls = {
        "submit": lambda a: domain.submit(dossier, actor=a or p.producer_user, today=TODAY),
        "receive": lambda a: domain.receive(dossier, actor=a or p.commune_officer, today=TODAY),
        "assess": lambda a: domain.assess(
            dossier, actor=a or p.commune_officer, assessment=ASSESSMENT, today=TODAY
        ),
        "inspect": lambda a: domain.inspect(
            dossier,
            actor=a or p.commune_officer,
            date=TODAY,
            people="Phòng Kinh tế",
            findings="Đạt",
            today=TODAY,
        ),
        "close-district-scoring": lambda a: domain.close_district_scoring(
            dossier, actor=a or p.commune_officer, today=TODAY
        ),
        "return": lambda a: domain.return_dossier(
            dossier, actor=a or p.agency, reason="Thiếu giấy chứng nhận ATTP", today=TODAY
        ),
        "disqualify": lambda a: domain.disqualify(
            dossier, actor=a or p.agency, reason="Giả mạo hồ sơ", today=TODAY
        ),
        "propose": lambda a: domain.propose(dossier, actor=a or p.commune_officer, today=TODAY),
        "accept": lambda a: domain.accept(dossier, actor=a or p.agency, today=TODAY),
        "open-scoring": lambda a: domain.open_scoring(dossier, actor=a or p.agency, today=TODAY),
        "finalize": lambda a: domain.finalize(dossier, actor=a or p.chair, today=TODAY),
        "approve": lambda a: domain.approve(dossier, actor=a or p.agency, today=TODAY),
        "record-ministry-result": lambda a: domain.record_ministry_result(
            dossier, actor=a or p.agency, score=93, decision_no="55/QĐ-BNNMT", today=TODAY
        ),
        "withdraw": lambda a: domain.withdraw(
            dossier, actor=a or p.producer_user, reason="Không tham gia nữa", today=TODAY
        ),
    }
    return calls[action](actor)


def test_every_dossier_action_has_a_call():
    assert set(workflow.DOSSIER_ACTIONS) == {
        "submit",
        "receive",
        "assess",
        "inspect",
        "close-district-scoring",
        "return",
        "disqualify",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "record-ministry-result",
        "withdraw",
    }


WRONG_STATES = [
    pytest.param(name, state, id=f"{name}-from-{state}")
    for name in workflow.DOSSIER_ACTIONS
    for state in S.values
    if state not in workflow.ACTIONS[name].sources
]


def _snapshot(dossier):
    return (
        Dossier.objects.values_list("state", flat=True).get(pk=dossier.pk),
        Transition.objects.filter(dossier=dossier).count(),
        AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).count(),
    )


@pytest.mark.parametrize(("name", "state"), WRONG_STATES)
def test_action_is_refused_from_a_state_outside_its_sources(p, name, state):
    dossier = ready_dossier(p.product, p.producer_user)
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier = refresh(dossier)
    before = _snapshot(dossier)
    with pytest.raises(DomainError) as error:
        _call(name, p, dossier)
    assert error.value.code == "state"
    message = error.value.message
    assert str(workflow.ACTIONS[name].label) in message
    assert str(S(state).label) in message
    assert _snapshot(dossier) == before


def test_check_names_the_allowed_states():
    with pytest.raises(DomainError) as error:
        workflow.check("approve", S.DRAFT)
    assert "Hội đồng đã chấm" in error.value.message
    with pytest.raises(DomainError):
        workflow.check("fly", S.DRAFT)
    with pytest.raises(DomainError):
        workflow.check("approve", S.SCORED, S.RECOGNISED)
    assert {a.name for a in workflow.available(S.RECOGNISED)} == set()
    assert {a.name for a in workflow.available(S.DRAFT)} == {"submit", "withdraw"}


# --- roles -------------------------------------------------------------------------------------


def _refused(call, dossier, code="permission"):
    before = _snapshot(dossier)
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.code == code
    assert _snapshot(dossier) == before
    return error.value


def submitted(p):
    dossier = ready_dossier(p.product, p.producer_user)
    return domain.submit(dossier, actor=p.producer_user, today=TODAY)


def proposed(p):
    dossier = submitted(p)
    domain.receive(dossier, actor=p.commune_officer, today=TODAY)
    confirm_samples(p.commune_officer, dossier, today=TODAY)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT, today=TODAY)
    return domain.propose(dossier, actor=p.commune_officer, today=TODAY)


def scored(p, total=75):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    score_all(p, dossier, total, today=TODAY)
    return domain.finalize(dossier, actor=p.chair, today=TODAY)


# For each action, a state it starts from and the people of `Province` who may run it there
# (a 26/2026 dossier of Hải Vân: no district step; no round, so no council seat for `finalize`).
ALLOWED = {
    "submit": (S.DRAFT, {"producer_user"}),
    "receive": (S.SUBMITTED, {"commune_officer"}),
    "assess": (S.RECEIVED, {"commune_officer"}),
    "inspect": (S.RECEIVED, set()),
    "close-district-scoring": (S.INSPECTED, set()),
    "return": (S.SUBMITTED, {"commune_officer"}),
    "disqualify": (S.COUNCIL_SCORING, {"agency"}),
    "propose": (S.ASSESSED, {"commune_officer"}),
    "accept": (S.PROPOSED, {"agency"}),
    "open-scoring": (S.ADVISORY_REVIEW, {"agency"}),
    "finalize": (S.COUNCIL_SCORING, set()),
    "approve": (S.SCORED, {"agency"}),
    "record-ministry-result": (S.SENT_TO_MINISTRY, {"agency", "ministry"}),
    "withdraw": (S.SUBMITTED, {"producer_user"}),
}
PEOPLE = (
    "producer_user",
    "other_producer",
    "commune_officer",
    "other_commune_officer",
    "district_officer",
    "agency",
    "hanoi_agency",
    "chair",
    "inspector",
    "ministry",
)


def person(p, units, name):
    makers = {
        "other_producer": lambda: user_with_role(Role.PRODUCER, producer=ProducerFactory()),
        "other_commune_officer": lambda: user_with_role(
            Role.COMMUNE_OFFICER, unit=units.other_danang_commune
        ),
        "district_officer": lambda: user_with_role(
            Role.DISTRICT_OFFICER, unit=units.legacy_district
        ),
        "hanoi_agency": lambda: user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi),
        "inspector": lambda: user_with_role(Role.INSPECTOR, unit=units.danang),
        "ministry": lambda: user_with_role(Role.MINISTRY_OFFICER),
    }
    return makers[name]() if name in makers else getattr(p, name)


WRONG_PEOPLE = [
    pytest.param(name, who, id=f"{name}-by-{who}")
    for name, (_, allowed) in ALLOWED.items()
    for who in PEOPLE
    if who not in allowed
]


def test_the_role_table_covers_every_action():
    assert set(ALLOWED) == set(workflow.DOSSIER_ACTIONS)
    for name, (state, _) in ALLOWED.items():
        assert state in workflow.ACTIONS[name].sources


@pytest.mark.parametrize(("name", "who"), WRONG_PEOPLE)
def test_action_is_refused_to_a_role_or_scope_it_is_not_for(p, units, name, who):
    state, _ = ALLOWED[name]
    dossier = ready_dossier(p.product, p.producer_user)
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier = refresh(dossier)
    actor = person(p, units, who)
    error = _refused(lambda: _call(name, p, dossier, actor), dossier)
    assert str(workflow.ACTIONS[name].label) in error.message or name == "finalize"


def test_the_producer_cannot_receive(p):
    dossier = submitted(p)
    error = _refused(lambda: _call("receive", p, dossier, p.producer_user), dossier)
    assert "Tiếp nhận hồ sơ" in error.message


def test_a_commune_officer_of_another_commune_cannot_receive(p, units):
    dossier = submitted(p)
    stranger = user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune)
    _refused(lambda: _call("receive", p, dossier, stranger), dossier)
    domain.receive(dossier, actor=p.commune_officer, today=TODAY)
    assert refresh(dossier).state == S.RECEIVED


def test_the_agency_of_another_province_cannot_accept(p, units):
    dossier = proposed(p)
    hanoi = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
    _refused(lambda: _call("accept", p, dossier, hanoi), dossier)
    _refused(lambda: _call("return", p, dossier, hanoi), dossier)
    _refused(lambda: _call("disqualify", p, dossier, hanoi), dossier)


def test_a_commune_officer_cannot_act_for_the_province(p):
    dossier = proposed(p)
    _refused(lambda: _call("accept", p, dossier, p.commune_officer), dossier)
    # Once proposed, returning the dossier is the province's call.
    _refused(lambda: _call("return", p, dossier, p.commune_officer), dossier)


def test_a_commune_officer_cannot_approve(p):
    dossier = scored(p)
    _refused(lambda: _call("approve", p, dossier, p.commune_officer), dossier)
    _refused(lambda: _call("approve", p, dossier, p.chair), dossier)


def test_a_member_who_is_not_the_chair_cannot_finalize(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    score_all(p, dossier, 75, today=TODAY)
    for user in (p.members[0], p.secretary, p.agency):
        _refused(lambda user=user: _call("finalize", p, dossier, user), dossier)
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    assert refresh(dossier).state == S.SCORED


def test_the_chair_of_another_rounds_council_cannot_finalize(p, units):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    score_all(p, dossier, 75, today=TODAY)
    extra = domain.open_extra_round(
        units.danang,
        actor=p.agency,
        year=2027,
        proposals_before=datetime.date(2027, 3, 1),
        decide_before=datetime.date(2027, 3, 30),
    )
    council = domain.create_council(
        actor=p.agency, level=Level.PROVINCE, name="Hội đồng đợt bổ sung", round=extra
    )
    other_chair = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
    domain.add_member(council, actor=p.agency, user=other_chair, role=CouncilRole.CHAIR)
    _refused(lambda: _call("finalize", p, dossier, other_chair), dossier)


def test_officers_cannot_submit_or_withdraw_for_the_producer(p):
    dossier = ready_dossier(p.product, p.producer_user)
    _refused(lambda: _call("submit", p, dossier, p.commune_officer), dossier)
    _refused(lambda: _call("withdraw", p, dossier, p.agency), dossier)


def test_another_producer_cannot_submit(p):
    dossier = ready_dossier(p.product, p.producer_user)
    other = user_with_role(Role.PRODUCER, producer=ProducerFactory())
    _refused(lambda: _call("submit", p, dossier, other), dossier)


@pytest.mark.parametrize("name", ["return", "disqualify"])
@pytest.mark.parametrize("reason", ["", "   "])
def test_return_and_disqualify_need_a_reason(p, name, reason):
    dossier = submitted(p)
    call = {"return": domain.return_dossier, "disqualify": domain.disqualify}[name]
    error = _refused(
        lambda: call(dossier, actor=p.commune_officer, reason=reason, today=TODAY),
        dossier,
        code="invalid",
    )
    assert error.field == "reason"


def test_returned_dossier_keeps_the_reason_and_can_be_submitted_again(p):
    dossier = submitted(p)
    domain.return_dossier(
        dossier, actor=p.commune_officer, reason="Bổ sung hợp đồng liên kết", today=TODAY
    )
    dossier = refresh(dossier)
    assert (dossier.state, dossier.reason) == (S.RETURNED, "Bổ sung hợp đồng liên kết")
    assert dossier.transitions.last().reason == "Bổ sung hợp đồng liên kết"
    domain.submit(dossier, actor=p.producer_user, today=TODAY)
    dossier = refresh(dossier)
    assert (dossier.state, dossier.reason) == (S.SUBMITTED, "")


# --- withdraw ----------------------------------------------------------------------------------


def test_the_producer_withdraws_a_draft(p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.withdraw(dossier, actor=p.producer_user, today=TODAY)
    assert refresh(dossier).state == S.WITHDRAWN


def test_the_producer_withdraws_a_submitted_dossier(p):
    dossier = submitted(p)
    domain.withdraw(dossier, actor=p.producer_user, reason="Chưa đủ sản lượng", today=TODAY)
    dossier = refresh(dossier)
    assert dossier.state == S.WITHDRAWN
    assert dossier.transitions.last().reason == "Chưa đủ sản lượng"


def test_the_producer_withdraws_during_the_advisory_review(p):
    dossier = proposed(p)
    domain.accept(dossier, actor=p.agency, today=TODAY)
    assert refresh(dossier).state == S.ADVISORY_REVIEW
    domain.withdraw(dossier, actor=p.producer_user, today=TODAY)
    assert refresh(dossier).state == S.WITHDRAWN
    # The product may be filed again.
    again = ready_dossier(p.product, p.producer_user)
    assert again.state == S.DRAFT


def test_the_producer_cannot_withdraw_once_scored(p):
    dossier = scored(p)
    _refused(lambda: _call("withdraw", p, dossier), dossier, code="state")


# --- timeline and audit ------------------------------------------------------------------------


def _step(dossier, call, action, source, target):
    transitions = Transition.objects.filter(dossier=dossier).count()
    audit = AuditEntry.objects.filter(
        object_type="dossier", object_id=str(dossier.pk), action=AuditAction.STATUS_CHANGE
    )
    audited = audit.count()
    assert refresh(dossier).state == source
    call()
    assert refresh(dossier).state == target
    assert Transition.objects.filter(dossier=dossier).count() == transitions + 1
    step = Transition.objects.filter(dossier=dossier).order_by("pk").last()
    assert (step.action, step.from_state, step.to_state) == (action, source, target)
    assert audit.count() == audited + 1
    entry = audit.order_by("pk").last()
    assert entry.changes["state"] == [source, target]
    return step, entry


def test_each_move_of_the_26_2026_path_is_one_transition_and_one_audit_entry(p, units):
    dossier = ready_dossier(p.product, p.producer_user)
    steps = [
        ("submit", S.DRAFT, S.SUBMITTED, p.producer_user),
        ("receive", S.SUBMITTED, S.RECEIVED, p.commune_officer),
        ("assess", S.RECEIVED, S.ASSESSED, p.commune_officer),
        ("propose", S.ASSESSED, S.PROPOSED, p.commune_officer),
        ("accept", S.PROPOSED, S.ADVISORY_REVIEW, p.agency),
    ]
    for action, source, target, actor in steps:
        step, entry = _step(
            dossier, lambda a=action, u=actor: _call(a, p, dossier, u), action, source, target
        )
        assert step.actor == actor
        assert entry.actor == actor
        if action == "receive":
            confirm_samples(p.commune_officer, dossier, today=TODAY)
    assert "commune_assessment" in (
        AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk))
        .get(changes__state=[S.RECEIVED, S.ASSESSED])
        .changes
    )
    p.council_for(refresh(dossier).round)
    domain.record_advisory_review(dossier, actor=p.agency, review=ADVISORY)
    _step(
        dossier,
        lambda: _call("open-scoring", p, dossier),
        "open-scoring",
        S.ADVISORY_REVIEW,
        S.COUNCIL_SCORING,
    )
    score_all(p, dossier, 100, today=TODAY)
    _step(dossier, lambda: _call("finalize", p, dossier), "finalize", S.COUNCIL_SCORING, S.SCORED)
    _step(dossier, lambda: _call("approve", p, dossier), "approve", S.SCORED, S.SENT_TO_MINISTRY)
    domain.record_ministry_result(
        dossier, actor=p.agency, score=84, decision_no="56/QĐ-BNNMT", today=TODAY
    )
    assert refresh(dossier).state == S.APPROVED
    decision = certification.draft_decision(
        actor=p.agency,
        province=units.danang,
        number="9/QĐ-UBND",
        date=TODAY,
        signer_name="Trần Văn A",
        signer_title="Phó Chủ tịch",
        dossiers=[refresh(dossier)],
    )
    step, entry = _step(
        dossier,
        lambda: certification.issue_decision(decision, actor=p.agency),
        "issue",
        S.APPROVED,
        S.RECOGNISED,
    )
    assert entry.changes["certificate"][1] == refresh(dossier).certificate.number


@pytest.mark.parametrize(
    ("action", "target"),
    [("return", S.RETURNED), ("disqualify", S.DISQUALIFIED), ("withdraw", S.WITHDRAWN)],
)
def test_closing_moves_are_one_transition_and_one_audit_entry_with_the_reason(p, action, target):
    dossier = submitted(p)
    actor = p.producer_user if action == "withdraw" else p.commune_officer
    step, entry = _step(
        dossier, lambda: _call(action, p, dossier, actor), action, S.SUBMITTED, target
    )
    assert step.reason
    assert entry.reason == step.reason


def test_the_ministry_result_is_one_transition_and_one_audit_entry(p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user), today=TODAY)
    score_all(p, dossier, 100, today=TODAY)
    domain.finalize(dossier, actor=p.chair, today=TODAY)
    domain.approve(dossier, actor=p.agency, today=TODAY)
    _step(
        dossier,
        lambda: _call("record-ministry-result", p, dossier),
        "record-ministry-result",
        S.SENT_TO_MINISTRY,
        S.RECOGNISED,
    )


def test_district_moves_are_one_transition_and_one_audit_entry(units):
    day = datetime.date(2021, 3, 1)
    officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    producer = ProducerFactory(commune=units.legacy_commune)
    product = ProductFactory(producer=producer)
    owner = user_with_role(Role.PRODUCER, producer=producer)
    council = domain.create_council(
        actor=officer, level=Level.DISTRICT, name="HĐ Điện Bàn", district=units.legacy_district
    )
    chair = user_with_role(Role.COUNCIL_MEMBER, unit=units.legacy_district)
    domain.add_member(council, actor=officer, user=chair, role=CouncilRole.CHAIR)
    dossier = ready_dossier(product, owner, today=day)
    domain.submit(dossier, actor=owner, today=day)
    _step(
        dossier,
        lambda: domain.receive(dossier, actor=officer, today=day),
        "receive",
        S.SUBMITTED,
        S.RECEIVED,
    )
    confirm_samples(officer, dossier, today=day)
    _, entry = _step(
        dossier,
        lambda: domain.inspect(
            dossier, actor=officer, date=day, people="Phòng Kinh tế", findings="Đạt", today=day
        ),
        "inspect",
        S.RECEIVED,
        S.INSPECTED,
    )
    assert entry.changes["field_inspection"] == [None, day.isoformat()]
    answers = answers_near(domain.sheet_for(dossier).data, 60)
    domain.save_sheet(dossier, actor=chair, answers=answers, submit=True, today=day)
    _step(
        dossier,
        lambda: domain.close_district_scoring(dossier, actor=officer, today=day),
        "close-district-scoring",
        S.INSPECTED,
        S.DISTRICT_SCORED,
    )
    _step(
        dossier,
        lambda: domain.propose(dossier, actor=officer, today=day),
        "propose",
        S.DISTRICT_SCORED,
        S.PROPOSED,
    )


def test_a_refused_action_writes_nothing(p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.update_dossier(dossier, actor=p.producer_user, data={"registration": {}})
    before = _snapshot(dossier)
    with pytest.raises(DomainError) as error:
        domain.submit(dossier, actor=p.producer_user, today=TODAY)
    assert error.value.code == "incomplete"
    assert _snapshot(dossier) == before
    assert refresh(dossier).submitted_on is None
