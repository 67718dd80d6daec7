"""The council's scoring page, driven with the test client: drafts saved over HTMX, submission,
the chair's panel, reopening, conflicts, finalising, and a query count that does not grow with
the sheet or the council."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.criteria.scoring import criteria_of
from ocop.evaluation import domain
from ocop.evaluation.council_views import read_answers
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    DossierState,
    MemberSheet,
    ProvinceSettings,
)
from ocop.registry.models import ProductSet
from tests.evaluation.builders import (
    Province,
    answers_near,
    ready_dossier,
    refresh,
    score_all,
    walk_to_scoring,
)
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def p(units):
    return Province(units)


@pytest.fixture
def dossier(p):
    return walk_to_scoring(p, ready_dossier(p.product, p.producer_user))


def scoring_url(dossier):
    return reverse("evaluation:scoring", args=[dossier.pk])


def save_url(dossier):
    return reverse("evaluation:scoring-save", args=[dossier.pk])


def form(answers: dict) -> dict:
    return {f"c-{code}": str(points) for code, points in answers.items()}


def sheet_of(user, dossier):
    return MemberSheet.objects.filter(dossier=dossier, member__user=user).first()


def as_user(client, user):
    client.force_login(user)
    return client


# --- reading the posted form -------------------------------------------------------------------


def test_read_answers_keeps_cases_and_numbers_and_passes_odd_values_on():
    post = {"c-1.1": "3", "c-2": "a:1.5", "c-3": "abc", "c-4": "", "c-5": "1e999", "other": "x"}
    assert read_answers(post) == {
        "1.1": 3,
        "2": {"case": "a", "points": 1.5},
        "3": "abc",
        "5": "1e999",
    }


# --- the member's sheet ------------------------------------------------------------------------


def test_member_sees_the_sheet_with_the_producers_answers(client, p, dossier):
    response = as_user(client, p.members[0]).get(scoring_url(dossier))
    assert response.status_code == 200
    content = response.content.decode()
    criteria = domain.sheet_for(dossier).data
    first = criteria["parts"][0]["groups"][0]["criteria"][0]["code"]
    assert f'name="c-{first}"' in content
    assert "Tự chấm:" in content
    assert "Nộp phiếu" in content
    assert "★★★" in content  # the gate markers of the official sheet
    assert "Bảng điều hành của chủ tịch" not in content


def test_draft_over_htmx_returns_the_totals_panel(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    answers = answers_near(sheet, 75)
    partial = dict(list(answers.items())[:3])
    response = as_user(client, p.members[0]).post(save_url(dossier), form(partial), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Đã lưu nháp lúc" in content
    assert f"Đã chấm 3/{len(answers)} tiêu chí" in content
    assert "<html" not in content
    saved = sheet_of(p.members[0], dossier)
    assert saved is not None and not saved.is_submitted
    assert saved.answers == partial


def test_complete_draft_shows_the_engines_stars(client, p, dossier):
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    response = as_user(client, p.members[0]).post(save_url(dossier), form(answers), **HTMX)
    assert response.status_code == 200
    assert 'data-stars="4"' in response.content.decode()


def test_bad_draft_answer_is_refused_with_400_and_changes_nothing(client, p, dossier):
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    code = next(iter(answers))
    as_user(client, p.members[0]).post(save_url(dossier), form({code: answers[code]}), **HTMX)
    response = client.post(save_url(dossier), {f"c-{code}": "97"}, **HTMX)
    assert response.status_code == 400
    assert "không phải là một mức điểm" in response.content.decode()
    assert sheet_of(p.members[0], dossier).answers == {code: answers[code]}
    response = client.post(save_url(dossier), {"c-NOPE": "1"})
    assert response.status_code == 400
    assert "không có trong phiếu đánh giá" in response.content.decode()


def test_incomplete_submission_is_refused(client, p, dossier):
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    partial = dict(list(answers.items())[:2])
    response = as_user(client, p.members[0]).post(
        save_url(dossier), {**form(partial), "submit": "1"}
    )
    assert response.status_code == 400
    assert "Thiếu điểm của tiêu chí" in response.content.decode()
    assert not MemberSheet.objects.filter(submitted_at__isnull=False).exists()


def test_scoring_flow_through_the_pages(client, p, dossier):
    sheet = domain.sheet_for(dossier).data
    answers = answers_near(sheet, 75)
    for user in p.scorers:
        as_user(client, user)
        partial = dict(list(answers.items())[:5])
        assert client.post(save_url(dossier), form(partial), **HTMX).status_code == 200
        response = client.post(save_url(dossier), {**form(answers), "submit": "1"})
        assert response.status_code == 302
        assert response["Location"] == scoring_url(dossier)
        assert sheet_of(user, dossier).is_submitted
    # A second submission is refused, with the reason, and changes nothing.
    member = p.members[0]
    before = sheet_of(member, dossier)
    as_user(client, member)
    response = client.post(save_url(dossier), {**form(answers), "submit": "1"})
    assert response.status_code == 400
    assert "Phiếu chấm đã nộp và bị khoá" in response.content.decode()
    response = client.post(save_url(dossier), form(answers), **HTMX)
    assert response.status_code == 400
    assert "Phiếu chấm đã nộp và bị khoá" in response.content.decode()
    after = sheet_of(member, dossier)
    assert (after.submitted_at, after.answers) == (before.submitted_at, before.answers)
    page = client.get(scoring_url(dossier)).content.decode()
    assert "Đã nộp lúc" in page
    assert "<fieldset disabled>" in page
    # The chair sees every member's status and the engine's aggregation.
    as_user(client, p.chair)
    page = client.get(scoring_url(dossier)).content.decode()
    assert "Bảng điều hành của chủ tịch" in page
    assert page.count('data-status="submitted"') == 3
    result = domain.council_result(dossier)
    assert 'data-result-stars="4"' in page
    assert "Điểm trung bình từng tiêu chí" in page
    assert str(result.total_display).replace(".", ",").rstrip("0").rstrip(",") in page
    # Reopening needs a reason.
    response = client.post(
        reverse("evaluation:sheet-reopen", args=[dossier.pk, before.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert sheet_of(member, dossier).is_submitted
    response = client.post(
        reverse("evaluation:sheet-reopen", args=[dossier.pk, before.pk]),
        {"reason": "Tiêu chí 1 chấm nhầm"},
    )
    assert response.status_code == 302
    assert not sheet_of(member, dossier).is_submitted
    # Finalising with a member still to submit is refused with the domain's message.
    response = client.post(reverse("evaluation:scoring-finalize", args=[dossier.pk]))
    assert response.status_code == 400
    assert "chưa nộp phiếu chấm" in response.content.decode()
    assert refresh(dossier).state == DossierState.COUNCIL_SCORING
    # The member submits again and the chair finalises.
    as_user(client, member)
    assert client.post(save_url(dossier), {**form(answers), "submit": "1"}).status_code == 302
    as_user(client, p.chair)
    response = client.post(reverse("evaluation:scoring-finalize", args=[dossier.pk]))
    assert response.status_code == 302
    dossier = refresh(dossier)
    assert dossier.state == DossierState.SCORED
    assert dossier.stars == 4
    # Afterwards the page is read-only.
    page = client.get(scoring_url(dossier)).content.decode()
    assert "phiếu chỉ để xem" in page
    assert "Chốt kết quả</button>" not in page


def test_only_the_chair_reopens_and_finalises(client, p, dossier):
    score_all(p, dossier, 75)
    sheet = sheet_of(p.chair, dossier)
    as_user(client, p.members[0])
    page = client.get(scoring_url(dossier)).content.decode()
    assert "Chốt kết quả" not in page
    response = client.post(
        reverse("evaluation:sheet-reopen", args=[dossier.pk, sheet.pk]), {"reason": "x"}
    )
    assert response.status_code == 400
    assert "Chỉ chủ tịch hội đồng mới mở lại phiếu" in response.content.decode()
    response = client.post(reverse("evaluation:scoring-finalize", args=[dossier.pk]))
    assert response.status_code == 400
    assert refresh(dossier).state == DossierState.COUNCIL_SCORING


def test_spread_over_the_provinces_limit_is_flagged_and_blocks_finalising(client, p, dossier):
    as_user(client, p.agency)
    response = client.post(
        reverse("evaluation:province-settings"),
        {"certificate_number_format": "{seq}/{year}/GCN-OCOP-{province}", "max_spread": "2"},
    )
    assert response.status_code == 302
    assert ProvinceSettings.objects.get(province=p.units.danang).max_spread == 2
    sheet = domain.sheet_for(dossier).data
    for user, total in zip(p.scorers, (70, 75, 85), strict=True):
        domain.save_sheet(dossier, actor=user, answers=answers_near(sheet, total), submit=True)
    as_user(client, p.chair)
    page = client.get(scoring_url(dossier)).content.decode()
    assert "data-rescoring" in page
    assert "text-danger" in page
    response = client.post(reverse("evaluation:scoring-finalize", args=[dossier.pk]))
    assert response.status_code == 400
    assert "phải chấm lại" in response.content.decode()


# --- conflicts of interest ---------------------------------------------------------------------


def test_declared_conflict_stops_the_member_from_scoring(client, p, dossier):
    member = p.members[1]
    as_user(client, member)
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    client.post(save_url(dossier), form(dict(list(answers.items())[:2])), **HTMX)
    url = reverse("evaluation:conflict-declare", args=[dossier.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Tôi là cổ đông của hợp tác xã"})
    assert response.status_code == 302
    page = client.get(scoring_url(dossier)).content.decode()
    assert "data-conflict" in page
    assert "Tôi là cổ đông của hợp tác xã" in page
    assert "<fieldset disabled>" in page
    assert "Khai báo xung đột lợi ích</summary>" not in page
    response = client.post(save_url(dossier), {**form(answers), "submit": "1"})
    assert response.status_code == 400
    assert "Bạn không được chấm hồ sơ này" in response.content.decode()
    assert sheet_of(member, dossier) is None
    # The chair sees the conflict; the others may finalise without that member.
    for user in (p.chair, p.members[0]):
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True)
    as_user(client, p.chair)
    page = client.get(scoring_url(dossier)).content.decode()
    assert 'data-status="conflict"' in page
    assert client.post(reverse("evaluation:scoring-finalize", args=[dossier.pk])).status_code == 302


def test_conflicts_of_a_council_in_one_go(p, dossier):
    council = Council.objects.get(round=dossier.round)
    CouncilMember.objects.filter(council=council, user=p.members[1]).update(
        organisation=p.producer.name.upper()
    )
    producer_member = user_with_role(Role.PRODUCER, producer=p.producer)
    domain.add_member(council, actor=p.agency, user=producer_member, role=CouncilRole.MEMBER)
    domain.declare_conflict(dossier, actor=p.members[0], reason="Họ hàng")
    seats = list(CouncilMember.objects.filter(council=council).select_related("user"))
    dossier = refresh(dossier)
    found = domain.conflicts(seats, [dossier])
    reasons = {seat.user: found.get((seat.pk, dossier.pk)) for seat in seats}
    assert "Họ hàng" in reasons[p.members[0]]
    assert "Đơn vị công tác" in reasons[p.members[1]]
    assert "người của chủ thể" in reasons[producer_member]
    assert reasons[p.chair] is None
    assert sum(1 for reason in reasons.values() if reason) == 3


def test_written_opinion_council_shows_the_note(client, p, dossier):
    Council.objects.filter(round=dossier.round).update(mode=Council.Mode.WRITTEN)
    page = as_user(client, p.members[0]).get(scoring_url(dossier)).content.decode()
    assert "data-written" in page
    assert "không cần họp" in page


# --- who sees the page -------------------------------------------------------------------------


def test_agency_reads_without_scoring_and_cannot_save(client, p, dossier):
    score_all(p, dossier, 75)
    as_user(client, p.agency)
    page = client.get(scoring_url(dossier)).content.decode()
    assert "chế độ chỉ đọc" in page
    assert "Tình hình chấm của hội đồng" in page
    assert "Nộp phiếu</button>" not in page
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    response = client.post(save_url(dossier), form(answers))
    assert response.status_code == 400
    assert "không phải thành viên" in response.content.decode()


def test_secretary_sees_the_sheet_without_scoring(client, p, dossier):
    page = as_user(client, p.secretary).get(scoring_url(dossier)).content.decode()
    assert "không chấm điểm" in page
    assert "<fieldset disabled>" in page


@pytest.mark.parametrize("who", ["producer_user", "commune_officer", "outsider", "other_agency"])
def test_others_get_404(client, p, dossier, who):
    if who == "outsider":
        user = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    elif who == "other_agency":
        user = user_with_role(Role.AGENCY_OFFICER, unit=p.units.hanoi)
    else:
        user = getattr(p, who)
    as_user(client, user)
    assert client.get(scoring_url(dossier)).status_code == 404
    answers = answers_near(domain.sheet_for(dossier).data, 75)
    assert client.post(save_url(dossier), form(answers)).status_code == 404
    assert not MemberSheet.objects.exists()


def test_unknown_dossier_is_404(client, p):
    as_user(client, p.chair)
    assert client.get(reverse("evaluation:scoring", args=[999999])).status_code == 404


# --- query count -------------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _product_of_set(p, number):
    return ProductFactory(producer=p.producer, product_set=ProductSet.objects.get(number=number))


def test_scoring_page_queries_do_not_grow_with_criteria_or_members(client, p):
    small = walk_to_scoring(p, ready_dossier(_product_of_set(p, 25), p.producer_user))
    large = walk_to_scoring(p, ready_dossier(_product_of_set(p, 13), p.producer_user))
    assert small.round_id == large.round_id
    assert len(criteria_of(domain.sheet_for(small).data)) < len(
        criteria_of(domain.sheet_for(large).data)
    )
    for dossier in (small, large):
        score_all(p, dossier, 75)
    for user in (p.chair, p.members[0], p.agency):
        as_user(client, user)
        assert _count(client, scoring_url(small)) == _count(client, scoring_url(large)), user
    # Four more scoring members, each with a submitted sheet.
    council = Council.objects.get(round=small.round)
    as_user(client, p.chair)
    before = _count(client, scoring_url(large))
    for _index in range(4):
        user = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
        domain.add_member(council, actor=p.agency, user=user, role=CouncilRole.MEMBER)
        domain.save_sheet(
            large,
            actor=user,
            answers=answers_near(domain.sheet_for(large).data, 80),
            submit=True,
        )
    assert CouncilMember.objects.filter(council=council, role__in=["chair", "member"]).count() == 7
    after = _count(client, scoring_url(large))
    assert after == before
    page = client.get(scoring_url(large)).content.decode()
    assert page.count('data-status="submitted"') == 7


def test_the_producers_notes_and_evidence_sit_beside_each_criterion(client, p):
    dossier = ready_dossier(p.product, p.producer_user)
    sheet = domain.sheet_for(dossier).data
    code = next(iter(criteria_of(sheet)))
    assessment = {**dossier.self_assessment, "notes": {code: "Có hợp đồng với 12 tàu cá."}}
    domain.update_dossier(dossier, actor=p.producer_user, data={"self_assessment": assessment})
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    evidence = domain.add_evidence(
        dossier,
        actor=p.producer_user,
        file=SimpleUploadedFile("hop-dong.pdf", pdf),
        title="Hợp đồng thu mua nguyên liệu",
        criterion=code,
    )
    dossier = walk_to_scoring(p, dossier)
    page = as_user(client, p.members[0]).get(scoring_url(dossier)).content.decode()
    row = page.split(f'id="c-{code}"', 1)[1].split("</tr>", 1)[0]
    assert "Có hợp đồng với 12 tàu cá." in row
    assert "Hợp đồng thu mua nguyên liệu" in row
    assert reverse("evaluation:evidence", args=[evidence.pk]) in row
