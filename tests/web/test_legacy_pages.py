"""The procedure of QĐ 1048/2019 through the pages (Django test client): a product of a legacy
commune of Điện Bàn filed with the district, inspected, scored by the district council on the
scoring page, proposed only above the rule's threshold, then ranked by Đà Nẵng and recognised.

The pages never take a date for an action: the clock is frozen in 2021 (time-machine) and moved
forward between the steps. Sessions are opened again after each move (a session opened in March
has expired by May)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.certification import domain as certification
from ocop.certification.models import Certificate, Decision
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.forms import option_value
from ocop.evaluation.models import (
    Council,
    CouncilRole,
    Dossier,
    Evidence,
    FieldInspection,
    Level,
    LevelResult,
    MemberSheet,
    Transition,
)
from ocop.evaluation.models import DossierState as S
from ocop.geo.models import UnitConversion
from tests.evaluation.builders import (
    ACCEPT_2021,
    ADVISORY,
    APPROVE_2021,
    ASSESSMENT,
    DECIDE_2021,
    DISTRICT_SCORING_2021,
    FINALIZE_2021,
    HCM,
    INSPECT_2021,
    OPEN_2021,
    PROPOSE_2021,
    RECEIVE_2021,
    REGISTRATION,
    REPORT,
    SUBMIT_2021,
    Legacy,
    answers_near,
    at,
    confirm_samples,
    ready_dossier,
    refresh,
)
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def clock():
    """The clock frozen on the day of submission; `clock.move_to(...)` moves it forward."""
    with time_machine.travel(SUBMIT_2021, tick=False) as traveller:
        yield traveller


@pytest.fixture
def q(clock, db, units):
    return Legacy(units)


# --- page helpers -------------------------------------------------------------------------------


def as_user(client, user):
    client.force_login(user)
    return client


def dossier_url(pk):
    return reverse("evaluation:dossier", args=[pk])


def action_url(pk, action):
    return reverse("evaluation:dossier-action", args=[pk, action])


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def act(client, pk, action, data=None):
    """POST an action of the dossier page; the page redirects back to the dossier."""
    response = client.post(action_url(pk, action), data or {})
    assert response.status_code == 302, _error_of(response)
    assert response["Location"] == dossier_url(pk)
    return response


def refused(response, *words) -> str:
    """The page answers 400 with the rule's message (every word in it)."""
    content = response.content.decode()
    assert response.status_code == 400, response.status_code
    for word in words:
        assert word in content, word
    return content


def _error_of(response) -> str:
    content = response.content.decode() if response.status_code != 302 else ""
    marker = content.find("alert-danger")
    return content[marker : marker + 600] if marker >= 0 else str(response.status_code)


def prefixed(prefix, values) -> dict:
    return {f"{prefix}-{key}": value for key, value in values.items()}


def pdf(name="anh-kiem-tra.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def edit_data(dossier) -> dict:
    """The edit form complete: Mẫu 01, Mẫu 02, every criterion's best option, then submit."""
    data = {f"reg_{key}": value for key, value in REGISTRATION.items()}
    data.update({f"report_{key}": value for key, value in REPORT.items()})
    data.update({"prepared_by": "self", "consultant_name": "", "samples_delivered": "5"})
    sheet = domain.sheet_for(dossier).data
    best = scoring.best_answers(sheet)
    for part in sheet["parts"]:
        for group in part["groups"]:
            for criterion in group["criteria"]:
                code = str(criterion["code"])
                option = next(
                    o for o in criterion["options"] if _points_of(best[code]) == o["points"]
                )
                data[f"answer_{code}"] = option_value(option)
    data["then"] = "submit"
    return data


def _points_of(answer):
    return answer["points"] if isinstance(answer, dict) else answer


def sheet_form(answers: dict) -> dict:
    """The scoring page's form: `c-<code>` = points, or "case:points"."""
    form = {}
    for code, answer in answers.items():
        if isinstance(answer, dict):
            form[f"c-{code}"] = f"{answer['case']}:{answer['points']}"
        else:
            form[f"c-{code}"] = str(answer)
    return form


def score_on_the_page(client, user, pk, total):
    """A council member opens the scoring page and submits a sheet reaching `total`."""
    as_user(client, user)
    assert "Nộp phiếu" in page(client, reverse("evaluation:scoring", args=[pk]))
    answers = answers_near(domain.sheet_for(Dossier.objects.get(pk=pk)).data, total)
    response = client.post(
        reverse("evaluation:scoring-save", args=[pk]), {**sheet_form(answers), "submit": "1"}
    )
    assert response.status_code == 302, _error_of(response)
    assert MemberSheet.objects.get(dossier_id=pk, member__user=user).is_submitted


def district_council(client, q) -> Council:
    """The district's standing council (see `test_the_council_page_creates_a_district_council`:
    the page cannot create it, so the domain action does), staffed through its page."""
    council = domain.create_council(
        actor=q.district_officer,
        level=Level.DISTRICT,
        name="Hội đồng OCOP thị xã Điện Bàn",
        district=q.units.legacy_district,
        established_by="QĐ 120/QĐ-UBND ngày 05/01/2021",
    )
    as_user(client, q.district_officer)
    seats = [
        (q.district_chair, CouncilRole.CHAIR),
        *((user, CouncilRole.MEMBER) for user in q.district_members),
        (q.district_secretary, CouncilRole.SECRETARY),
    ]
    url = reverse("evaluation:council-member-add", args=[council.pk])
    for user, role in seats:
        response = client.post(
            url, {"username": user.username, "role": role, "department": "", "organisation": ""}
        )
        assert response.status_code == 302, _error_of(response)
    assert council.members.count() == 4
    return council


def province_council(client, q, round_) -> Council:
    """Đà Nẵng's council for the round, created and staffed on the council pages."""
    as_user(client, q.agency)
    response = client.post(
        reverse("evaluation:council-create"),
        {
            "round": round_.pk,
            "name": "Hội đồng đánh giá, phân hạng sản phẩm OCOP 2021",
            "mode": "meeting",
            "established_by": "QĐ 900/QĐ-UBND ngày 20/4/2021",
        },
    )
    assert response.status_code == 302, _error_of(response)
    council = Council.objects.get(round=round_)
    seats = [
        (q.p.chair, CouncilRole.CHAIR),
        *((user, CouncilRole.MEMBER) for user in q.p.members),
        (q.p.secretary, CouncilRole.SECRETARY),
    ]
    for user, role in seats:
        response = client.post(
            reverse("evaluation:council-member-add", args=[council.pk]),
            {"username": user.username, "role": role, "department": "", "organisation": ""},
        )
        assert response.status_code == 302, _error_of(response)
    return council


def filed(client, q, *, kind="first", product=None) -> int:
    """The producer opens the dossier from the product and submits it from the edit page."""
    product = product or q.product
    as_user(client, q.producer_user)
    response = client.post(
        reverse("evaluation:dossier-create", args=[product.pk]),
        {
            "kind": kind,
            "prepared_by": "self",
            "consultant_name": "",
            **{f"reg_{key}": value for key, value in REGISTRATION.items()},
        },
    )
    assert response.status_code == 302, _error_of(response)
    dossier = Dossier.objects.get(product=product, state=S.DRAFT)
    assert (dossier.rulebook.slug, dossier.kind) == ("qd-1048-2019", kind)
    response = client.post(
        reverse("evaluation:dossier-edit", args=[dossier.pk]), edit_data(dossier)
    )
    assert response.status_code == 302, _error_of(response)
    assert refresh(dossier).state == S.SUBMITTED
    return dossier.pk


def inspection(day: datetime.date, **extra) -> dict:
    return prefixed(
        "inspect",
        {
            "date": day.isoformat(),
            "people": "Phòng Kinh tế thị xã Điện Bàn; UBND phường Vĩnh Điện; đại diện chủ thể",
            "findings": "Quy trình sản xuất, nhà xưởng đúng như hồ sơ.",
            **extra,
        },
    )


def samples_form(day: datetime.date, count: int = 5) -> dict:
    return prefixed("confirm_samples", {"count": str(count), "received_on": day.isoformat()})


def received_and_inspected(client, q, clock, pk, start):
    clock.move_to(start + datetime.timedelta(days=2))
    act(as_user(client, q.district_officer), pk, "receive")
    act(client, pk, "confirm-samples", samples_form((start + datetime.timedelta(days=2)).date()))
    clock.move_to(start + datetime.timedelta(days=9))
    day = (start + datetime.timedelta(days=8)).date()
    act(as_user(client, q.district_officer), pk, "inspect", inspection(day))
    assert Dossier.objects.get(pk=pk).state == S.INSPECTED


def district_scored(
    client, q, clock, total, *, start=SUBMIT_2021, kind="first", product=None
) -> int:
    clock.move_to(start)
    pk = filed(client, q, kind=kind, product=product)
    received_and_inspected(client, q, clock, pk, start)
    clock.move_to(start + datetime.timedelta(days=14))
    for user in q.district_scorers:
        score_on_the_page(client, user, pk, total)
    act(as_user(client, q.district_officer), pk, "close-district-scoring")
    assert Dossier.objects.get(pk=pk).state == S.DISTRICT_SCORED
    return pk


def _current_commune_officer(units):
    """Today's officer of the commune that took over the legacy commune (2025 merger)."""
    conversion = UnitConversion.objects.filter(legacy_commune=units.legacy_commune).first()
    commune = conversion.current_commune if conversion else units.legacy_commune
    return user_with_role(Role.COMMUNE_OFFICER, unit=commune)


# --- the whole path -----------------------------------------------------------------------------


def test_whole_1048_path_through_the_pages(client, q, clock, units):
    district = district_council(client, q)
    pk = filed(client, q)
    dossier = Dossier.objects.get(pk=pk)
    assert (dossier.submitted_on, dossier.commune) == (SUBMIT_2021.date(), units.legacy_commune)

    # The district receives; the page offers its inspection, not the commune's report.
    clock.move_to(RECEIVE_2021)
    as_user(client, q.district_officer)
    content = page(client, dossier_url(pk))
    assert action_url(pk, "receive") in content
    act(client, pk, "receive")
    content = page(client, dossier_url(pk))
    assert action_url(pk, "inspect") in content
    assert action_url(pk, "assess") not in content
    assert action_url(pk, "propose") not in content
    # The district officer, not the commune, confirms the samples it received.
    assert action_url(pk, "confirm-samples") in content
    act(client, pk, "confirm-samples", samples_form(RECEIVE_2021.date()))
    # A commune officer covering the commune is refused the report of QĐ 26/2026 (Mẫu 03).
    as_user(client, _current_commune_officer(units))
    response = client.post(action_url(pk, "assess"), prefixed("assess", ASSESSMENT))
    refused(response, "1048", "cấp huyện", "hồ sơ không thay đổi")
    # Proposing before the inspection names the rule.
    as_user(client, q.district_officer)
    refused(client.post(action_url(pk, "propose")), "Đề nghị cấp tỉnh")
    assert refresh(dossier).state == S.RECEIVED

    # The inspection minutes, with a photo, on the dossier page.
    clock.move_to(INSPECT_2021)
    as_user(client, q.district_officer)
    response = client.post(
        action_url(pk, "inspect"), inspection(datetime.date(2021, 3, 12), photos=pdf())
    )
    refused(response, "Ngày kiểm tra phải từ ngày nộp hồ sơ đến hôm nay")
    assert not Evidence.objects.filter(dossier_id=pk).exists()
    act(client, pk, "inspect", inspection(datetime.date(2021, 3, 9), photos=pdf()))
    minutes = FieldInspection.objects.get(dossier_id=pk)
    assert (minutes.date, minutes.recorded_by) == (datetime.date(2021, 3, 9), q.district_officer)
    assert Evidence.objects.get(dossier_id=pk).kind == Evidence.Kind.FIELD_PHOTO
    content = page(client, dossier_url(pk))
    assert "Phòng Kinh tế thị xã Điện Bàn" in content
    assert "09/03/2021" in content

    # The district council scores on the scoring page; its page lists the dossier to score.
    clock.move_to(DISTRICT_SCORING_2021)
    as_user(client, q.district_members[0])
    content = page(client, reverse("evaluation:council", args=[district.pk]))
    assert reverse("evaluation:scoring", args=[pk]) in content
    content = page(client, reverse("evaluation:scoring", args=[pk]))
    assert "Cấp huyện" in content
    as_user(client, q.district_secretary)
    assert "không chấm điểm" in page(client, reverse("evaluation:scoring", args=[pk]))
    for user in q.district_scorers[:2]:
        score_on_the_page(client, user, pk, 75)
    as_user(client, q.district_officer)
    refused(client.post(action_url(pk, "close-district-scoring")), "chưa nộp phiếu chấm")
    score_on_the_page(client, q.district_scorers[2], pk, 75)
    as_user(client, q.district_chair)
    content = page(client, reverse("evaluation:scoring", args=[pk]))
    assert "Bảng điều hành của chủ tịch" in content
    assert content.count('data-status="submitted"') == 3
    as_user(client, q.district_officer)
    act(client, pk, "close-district-scoring")
    result = LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT)
    assert Decimal(75) <= result.total < Decimal(80)

    clock.move_to(PROPOSE_2021)
    as_user(client, q.district_officer)
    act(client, pk, "propose")
    dossier = refresh(dossier)
    assert (dossier.state, dossier.proposed_on) == (S.PROPOSED, PROPOSE_2021.date())
    assert (dossier.round.province, dossier.round.year, dossier.round.number) == (
        units.danang,
        2021,
        1,
    )

    # The province: its council on the council pages, then accept, review, open scoring.
    clock.move_to(ACCEPT_2021)
    province_council(client, q, dossier.round)
    as_user(client, q.agency)
    act(client, pk, "accept")
    review = prefixed("advisory_review", ADVISORY)
    review["advisory_review-documents"] = pdf("bao-cao-tham-dinh.pdf")
    act(client, pk, "advisory-review", review)
    clock.move_to(OPEN_2021)
    as_user(client, q.agency)
    act(client, pk, "open-scoring")
    for user in q.p.scorers:
        score_on_the_page(client, user, pk, 75)
    clock.move_to(FINALIZE_2021)
    as_user(client, q.p.chair)
    response = client.post(reverse("evaluation:scoring-finalize", args=[pk]))
    assert response.status_code == 302, _error_of(response)
    dossier = refresh(dossier)
    assert (dossier.state, dossier.stars) == (S.SCORED, 4)
    clock.move_to(APPROVE_2021)
    as_user(client, q.agency)
    act(client, pk, "approve")
    assert refresh(dossier).state == S.APPROVED

    # The decision is drafted and issued on the decision pages.
    clock.move_to(DECIDE_2021)
    as_user(client, q.agency)
    content = page(client, reverse("certification:decision-create"))
    assert f'value="{pk}"' in content
    response = client.post(
        reverse("certification:decision-create"),
        {
            "number": "15/QĐ-UBND",
            "date": "2021-06-10",
            "signer_name": "Lê Trí Thanh",
            "signer_title": "Chủ tịch UBND tỉnh",
            "title": "",
            "dossiers": [pk],
        },
    )
    assert response.status_code == 302, _error_of(response)
    decision = Decision.objects.get(number="15/QĐ-UBND")
    response = client.post(reverse("certification:decision-issue", args=[decision.pk]))
    assert response.status_code == 302, _error_of(response)

    certificate = Certificate.objects.get(dossier_id=pk)
    assert certificate.number == "1/2021/GCN-OCOP-48"
    assert certificate.rulebook.slug == "qd-1048-2019"
    assert (certificate.stars, certificate.issued_on) == (4, DECIDE_2021.date())
    # 36 months (QĐ 1048/2019) less one day.
    assert certificate.valid_until == datetime.date(2024, 6, 9)
    content = page(client, reverse("certification:certificate", args=[certificate.pk]))
    assert certificate.number in content
    assert "10/06/2021" in content
    assert "09/06/2024" in content
    assert str(certificate.rulebook) in content
    assert "1048" in str(certificate.rulebook)

    as_user(client, q.producer_user)
    content = page(client, dossier_url(pk))
    assert certificate.number in content
    dossier = refresh(dossier)
    assert dossier.state == S.RECOGNISED
    steps = [(t.action, t.at.astimezone(HCM).date()) for t in dossier.transitions.all()]
    assert steps == [
        ("submit", SUBMIT_2021.date()),
        ("receive", RECEIVE_2021.date()),
        ("inspect", INSPECT_2021.date()),
        ("close-district-scoring", DISTRICT_SCORING_2021.date()),
        ("propose", PROPOSE_2021.date()),
        ("accept", ACCEPT_2021.date()),
        ("open-scoring", OPEN_2021.date()),
        ("finalize", FINALIZE_2021.date()),
        ("approve", APPROVE_2021.date()),
        ("issue", DECIDE_2021.date()),
    ]


# --- the district's threshold -------------------------------------------------------------------


def test_a_new_product_under_50_points_is_not_proposed_through_the_pages(client, q, clock):
    district_council(client, q)
    pk = district_scored(client, q, clock, 45)
    assert LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT).total < 50
    transitions = Transition.objects.filter(dossier_id=pk).count()
    audit = AuditEntry.objects.count()

    clock.move_to(PROPOSE_2021)
    as_user(client, q.district_officer)
    content = page(client, dossier_url(pk))
    # The button is there but disabled, with the rule's words.
    assert 'data-action="propose" data-blocked' in content
    assert action_url(pk, "propose") not in content
    assert "50 điểm" in content and "45 điểm" in content
    refused(client.post(action_url(pk, "propose")), "1048", "50 điểm", "45 điểm")

    dossier = Dossier.objects.get(pk=pk)
    assert (dossier.state, dossier.round, dossier.proposed_on) == (S.DISTRICT_SCORED, None, None)
    assert Transition.objects.filter(dossier_id=pk).count() == transitions
    assert AuditEntry.objects.count() == audit


def _three_stars(q, clock):
    """The product recognised 3★ under 1048 in June 2021 (set up with the domain actions)."""
    day = SUBMIT_2021.date()
    dossier = ready_dossier(q.product, q.producer_user, today=day)
    domain.submit(dossier, actor=q.producer_user, today=day)
    domain.receive(dossier, actor=q.district_officer, today=day)
    confirm_samples(q.district_officer, dossier, today=day)
    domain.inspect(
        dossier,
        actor=q.district_officer,
        date=day,
        people="Phòng Kinh tế thị xã",
        findings="Đạt",
        today=day,
    )
    answers = answers_near(domain.sheet_for(dossier).data, 60)
    for user in q.district_scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=day)
    domain.close_district_scoring(dossier, actor=q.district_officer, today=day)
    dossier = domain.propose(dossier, actor=q.district_officer, today=day)
    q.p.council_for(dossier.round)
    domain.accept(dossier, actor=q.agency, today=day)
    domain.record_advisory_review(dossier, actor=q.agency, review=ADVISORY)
    domain.open_scoring(dossier, actor=q.agency, today=day)
    for user in q.p.scorers:
        domain.save_sheet(dossier, actor=user, answers=answers, submit=True, today=day)
    domain.finalize(dossier, actor=q.p.chair, today=day)
    domain.approve(dossier, actor=q.agency, today=day)
    clock.move_to(DECIDE_2021)
    decision = certification.draft_decision(
        actor=q.agency,
        province=q.units.danang,
        number="15/QĐ-UBND",
        date=DECIDE_2021.date(),
        signer_name="Lê Trí Thanh",
        signer_title="Chủ tịch UBND tỉnh",
        dossiers=[refresh(dossier)],
    )
    certification.issue_decision(decision, actor=q.agency)
    certificate = Certificate.objects.get(dossier=dossier)
    assert certificate.stars == 3
    return certificate


def test_an_upgrade_inside_the_current_band_is_refused_until_the_district_rescores(
    client, q, clock
):
    district_council(client, q)
    certificate = _three_stars(q, clock)

    # September: an upgrade scored 65 by the district council, inside the 3★ band (50–70).
    start = at(2021, 9, 1)
    pk = district_scored(client, q, clock, 65, start=start, kind="upgrade")
    assert Dossier.objects.get(pk=pk).previous_certificate == certificate
    assert LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT).total < 70
    transitions = Transition.objects.filter(dossier_id=pk).count()

    clock.move_to(start + datetime.timedelta(days=15))
    as_user(client, q.district_officer)
    refused(client.post(action_url(pk, "propose")), "1048", "3 sao")
    dossier = Dossier.objects.get(pk=pk)
    assert (dossier.state, dossier.round) == (S.DISTRICT_SCORED, None)
    assert Transition.objects.filter(dossier_id=pk).count() == transitions

    # A closed district scoring is not reopened by the chair: the district returns the dossier
    # and its council scores it anew.
    sheet = MemberSheet.objects.filter(dossier_id=pk, member__user=q.district_members[0]).first()
    as_user(client, q.district_chair)
    response = client.post(
        reverse("evaluation:sheet-reopen", args=[pk, sheet.pk]), {"reason": "Chấm lại"}
    )
    refused(response, "đã chốt kết quả")
    as_user(client, q.district_officer)
    act(
        client,
        pk,
        "return",
        {"return-reason": "Bổ sung hợp đồng tiêu thụ để hội đồng huyện chấm lại."},
    )
    assert not MemberSheet.objects.filter(dossier_id=pk).exists()
    clock.move_to(at(2021, 9, 20))
    act(as_user(client, q.producer_user), pk, "submit")
    received_and_inspected(client, q, clock, pk, at(2021, 9, 20))

    # One member submits 65 again by mistake; the chair reopens that sheet on the page.
    clock.move_to(at(2021, 10, 1))
    score_on_the_page(client, q.district_members[0], pk, 65)
    sheet = MemberSheet.objects.get(dossier_id=pk, member__user=q.district_members[0])
    as_user(client, q.district_chair)
    response = client.post(
        reverse("evaluation:sheet-reopen", args=[pk, sheet.pk]),
        {"reason": "Chấm theo hợp đồng tiêu thụ đã bổ sung"},
    )
    assert response.status_code == 302, _error_of(response)
    assert not refresh_sheet(sheet).is_submitted
    for user in q.district_scorers:
        score_on_the_page(client, user, pk, 72)
    act(as_user(client, q.district_officer), pk, "close-district-scoring")
    assert LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT).total >= 72

    clock.move_to(at(2021, 10, 5))
    act(as_user(client, q.district_officer), pk, "propose")
    dossier = Dossier.objects.get(pk=pk)
    assert dossier.state == S.PROPOSED
    assert (dossier.round.year, dossier.round.number) == (2021, 2)


def refresh_sheet(sheet):
    sheet.refresh_from_db()
    return sheet


# --- the district council on the pages ------------------------------------------------------------


def test_the_council_page_creates_a_district_council(client, q):
    as_user(client, q.district_officer)
    url = reverse("evaluation:council-create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "level": "district",
            "district": q.units.legacy_district.pk,
            "name": "Hội đồng OCOP thị xã Điện Bàn",
            "mode": "meeting",
            "established_by": "QĐ 120/QĐ-UBND ngày 05/01/2021",
        },
    )
    assert response.status_code == 302
    council = Council.objects.get(level=Level.DISTRICT)
    assert council.district == q.units.legacy_district


def test_the_district_council_cannot_score_before_the_inspection_on_the_page(client, q, clock):
    district_council(client, q)
    pk = filed(client, q)
    clock.move_to(RECEIVE_2021)
    act(as_user(client, q.district_officer), pk, "receive")
    answers = answers_near(domain.sheet_for(Dossier.objects.get(pk=pk)).data, 75)
    as_user(client, q.district_chair)
    response = client.post(
        reverse("evaluation:scoring-save", args=[pk]), {**sheet_form(answers), "submit": "1"}
    )
    assert not MemberSheet.objects.filter(dossier_id=pk).exists()
    refused(response, "không ở bước hội đồng chấm điểm")
