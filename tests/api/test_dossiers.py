"""`/api/v1/dossiers`: scope per role, the whole QĐ 26/2026 path through the API only, refused
transitions, uploads and body validation."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.certification.models import Certificate
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import Dossier, Evidence, Transition
from tests.api.calls import ids, post
from tests.evaluation.builders import (
    ADVISORY,
    ASSESSMENT,
    REGISTRATION,
    REPORT,
    answers_near,
    confirm_samples,
    ready_dossier,
    refresh,
    walk_to_scoring,
)
from tests.factories import ProducerFactory, ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _pdf(name="giay-attp.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def others(units):
    """Dossiers of another Đà Nẵng commune (Cẩm Lệ) and of Hà Nội, with their people."""

    class Others:
        cam_le_producer = ProducerFactory(commune=units.other_danang_commune)
        cam_le_user = user_with_role(Role.PRODUCER, producer=cam_le_producer)
        cam_le = ready_dossier(ProductFactory(producer=cam_le_producer), cam_le_user)
        hanoi_producer = ProducerFactory(commune=units.hanoi_commune)
        hanoi_user = user_with_role(Role.PRODUCER, producer=hanoi_producer)
        hanoi = ready_dossier(ProductFactory(producer=hanoi_producer), hanoi_user)
        hanoi_agency = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)

    return Others


# --- scope --------------------------------------------------------------------------------------


def test_dossier_list_scoped_per_role(api, p, others):
    own = ready_dossier(p.product, p.producer_user)

    assert ids(api(p.agency).get("/api/v1/dossiers")) == {own.pk, others.cam_le.pk}
    assert ids(api(others.hanoi_agency).get("/api/v1/dossiers")) == {others.hanoi.pk}
    assert ids(api(p.producer_user).get("/api/v1/dossiers")) == {own.pk}
    assert ids(api(p.commune_officer).get("/api/v1/dossiers")) == {own.pk}
    assert api(p.commune_officer).get(f"/api/v1/dossiers/{others.cam_le.pk}").status_code == 404
    national = user_with_role(Role.MINISTRY_OFFICER)
    assert ids(api(national).get("/api/v1/dossiers")) == {
        own.pk,
        others.cam_le.pk,
        others.hanoi.pk,
    }
    assert ids(api(p.chair).get("/api/v1/dossiers")) == set()
    assert api().get("/api/v1/dossiers").status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [("agency", 200), ("hanoi_agency", 404), ("producer", 200), ("cam_le_user", 404)],
)
def test_dossier_detail_outside_scope_is_404(api, p, others, who, status):
    own = ready_dossier(p.product, p.producer_user)
    user = {
        "agency": p.agency,
        "hanoi_agency": others.hanoi_agency,
        "producer": p.producer_user,
        "cam_le_user": others.cam_le_user,
    }[who]

    assert api(user).get(f"/api/v1/dossiers/{own.pk}").status_code == status
    # Actions on an invisible dossier are 404 as well, and change nothing.
    if status == 404:
        assert post(api(user), f"dossiers/{own.pk}/submit").status_code == 404
        assert refresh(own).state == "draft"


def test_council_member_sees_the_rounds_dossiers_once_scoring_opens(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    domain.receive(dossier, actor=p.commune_officer)
    confirm_samples(p.commune_officer, dossier)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT)
    dossier = domain.propose(dossier, actor=p.commune_officer)
    p.council_for(dossier.round)
    domain.accept(dossier, actor=p.agency)
    domain.record_advisory_review(dossier, actor=p.agency, review=ADVISORY)

    assert ids(api(p.chair).get("/api/v1/dossiers")) == set()
    assert api(p.chair).get(f"/api/v1/dossiers/{dossier.pk}").status_code == 404

    domain.open_scoring(dossier, actor=p.agency)

    assert ids(api(p.chair).get("/api/v1/dossiers")) == {dossier.pk}
    body = api(p.members[0]).get(f"/api/v1/dossiers/{dossier.pk}").json()
    assert "score" in body["available_actions"]
    assert "finalize" not in body["available_actions"]
    chair = api(p.chair).get(f"/api/v1/dossiers/{dossier.pk}").json()
    assert {"score", "finalize"} <= set(chair["available_actions"])
    secretary = api(p.secretary).get(f"/api/v1/dossiers/{dossier.pk}").json()
    assert "score" not in secretary["available_actions"]


def test_member_outside_the_council_cannot_score(api, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    outsider = user_with_role(Role.COUNCIL_MEMBER, unit=p.units.danang)
    answers = scoring.best_answers(domain.sheet_for(dossier).data)

    response = post(api(outsider), f"dossiers/{dossier.pk}/score", {"answers": answers})
    assert response.status_code == 404
    # An agency officer sees the dossier but holds no seat: the rule is named.
    response = post(api(p.agency), f"dossiers/{dossier.pk}/score", {"answers": answers})
    assert response.status_code == 400
    assert "không phải thành viên hội đồng" in response.json()["detail"]
    assert not dossier.member_sheets.exists()


def test_chair_reopens_a_submitted_sheet_with_a_reason(api, p):
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    answers = scoring.best_answers(domain.sheet_for(dossier).data)
    sheet = domain.save_sheet(dossier, actor=p.members[0], answers=answers, submit=True)
    path = f"dossiers/{dossier.pk}/reopen-sheet"
    body = {"member": sheet.member_id, "reason": "Chấm nhầm tiêu chí 2.1"}

    # Only the chair may reopen; a reason is required; an unknown member is named.
    response = post(api(p.members[1]), path, body)
    assert response.status_code == 400
    assert "chủ tịch" in response.json()["detail"]
    assert post(api(p.chair), path, {"member": sheet.member_id}).status_code == 400
    response = post(api(p.chair), path, {"member": 999999, "reason": "x"})
    assert response.status_code == 400
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None

    response = post(api(p.chair), path, body)
    assert response.status_code == 200, response.json()
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
    entry = AuditEntry.objects.filter(object_type="membersheet", object_id=str(sheet.pk)).latest(
        "pk"
    )
    assert entry.reason == "Chấm nhầm tiêu chí 2.1"
    assert entry.changes == {"submitted": [True, False]}
    assert (
        "reopen-sheet"
        in api(p.chair).get(f"/api/v1/dossiers/{dossier.pk}").json()["available_actions"]
    )


# --- the whole path through the API ------------------------------------------------------------


def test_path_2026_through_the_api(api, p):
    producer, commune, agency = api(p.producer_user), api(p.commune_officer), api(p.agency)

    response = post(
        producer,
        "dossiers",
        {"product": p.product.pk, "kind": "first", "registration": REGISTRATION},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    pk = body["id"]
    assert (body["state"], body["kind"], body["rulebook"]) == ("draft", "first", "qd-26-2026")
    assert body["product"] == {
        "id": p.product.pk,
        "code": p.product.code,
        "name": p.product.name,
        "product_set": p.product.product_set.number,
    }
    assert body["province"]["code"] == 48
    assert body["registration"]["phone"] == REGISTRATION["phone"]
    assert "submit" in body["available_actions"]

    # Submitting an incomplete draft names what is missing.
    response = post(producer, f"dossiers/{pk}/submit")
    assert response.status_code == 400
    assert "Mẫu 02" in response.json()["detail"]

    sheet = domain.sheet_for(Dossier.objects.get(pk=pk)).data
    response = producer.patch(
        f"/api/v1/dossiers/{pk}",
        {
            "self_assessment": {"answers": scoring.best_answers(sheet), "report": REPORT},
            "samples_delivered": 5,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["self_assessment"]["report"] == REPORT
    assert response.json()["registration"] == REGISTRATION

    response = producer.post(
        f"/api/v1/dossiers/{pk}/evidence",
        {"file": _pdf(), "title": "Giấy chứng nhận ATTP", "criterion": "1.1"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert [(e["title"], e["content_type"]) for e in response.json()["evidence"]] == [
        ("Giấy chứng nhận ATTP", "application/pdf")
    ]
    response = producer.post(
        f"/api/v1/dossiers/{pk}/evidence",
        {"file": _pdf("gia-mao.pdf", b"Day la van ban, khong phai PDF."), "title": "Giả"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "PDF" in response.json()["errors"]["file"][0]
    assert Evidence.objects.filter(dossier_id=pk).count() == 1

    assert post(producer, f"dossiers/{pk}/submit").json()["state"] == "submitted"
    body = post(commune, f"dossiers/{pk}/receive").json()
    assert body["state"] == "received"
    assert "confirm-samples" in body["available_actions"]
    assert (body["samples_required"], body["samples_confirmed"]) == (5, None)
    received_on = timezone.localdate().isoformat()
    body = post(
        commune, f"dossiers/{pk}/confirm-samples", {"count": 5, "received_on": received_on}
    ).json()
    assert (body["samples_confirmed"], body["samples_confirmed_on"]) == (5, received_on)
    response = post(commune, f"dossiers/{pk}/assess", ASSESSMENT)
    assert response.json()["state"] == "assessed"
    assert response.json()["commune_assessment"] == ASSESSMENT
    body = post(commune, f"dossiers/{pk}/propose").json()
    assert body["state"] == "proposed"
    round_id = body["round"]
    assert round_id is not None

    response = post(
        agency, "councils", {"level": "province", "name": "Hội đồng OCOP 2027", "round": round_id}
    )
    assert response.status_code == 201, response.json()
    council = response.json()["id"]
    for user, role in [
        (p.chair, "chair"),
        (p.members[0], "member"),
        (p.members[1], "member"),
        (p.secretary, "secretary"),
    ]:
        response = post(agency, f"councils/{council}/members", {"user": user.pk, "role": role})
        assert response.status_code == 201, response.json()
    assert len(response.json()["members"]) == 4

    assert post(agency, f"dossiers/{pk}/accept").json()["state"] == "advisory_review"
    response = post(agency, f"dossiers/{pk}/advisory-review", ADVISORY)
    assert response.status_code == 200, response.json()
    assert response.json()["advisory_review"]["report"] == ADVISORY["report"]
    assert post(agency, f"dossiers/{pk}/open-scoring").json()["state"] == "council_scoring"

    answers = answers_near(sheet, 75)
    for user in p.scorers:
        response = post(api(user), f"dossiers/{pk}/score", {"answers": answers})
        assert response.status_code == 200, response.json()
        assert response.json()["submitted"] is True
        assert 75 <= response.json()["total"] < 80
    again = post(api(p.members[0]), f"dossiers/{pk}/score", {"answers": answers})
    assert again.status_code == 400
    assert "khoá" in again.json()["detail"]

    result = api(p.chair).get(f"/api/v1/councils/{council}/dossiers/{pk}/result").json()
    assert result["submitted"] == 3
    assert result["pending"] == []
    assert result["result"]["stars"] == 4

    # Only the chair records the council's result.
    denied = post(api(p.members[0]), f"dossiers/{pk}/finalize")
    assert denied.status_code == 400
    body = post(api(p.chair), f"dossiers/{pk}/finalize").json()
    assert (body["state"], body["stars"]) == ("scored", 4)
    assert body["results"][0]["level"] == "province"
    assert post(agency, f"dossiers/{pk}/approve").json()["state"] == "approved"

    today = timezone.localdate()
    response = post(
        agency,
        "decisions",
        {
            "number": "101/QĐ-UBND",
            "date": today.isoformat(),
            "signer_name": "Trần Văn A",
            "signer_title": "Phó Chủ tịch UBND thành phố",
            "dossiers": [pk],
        },
    )
    assert response.status_code == 201, response.json()
    decision = response.json()
    assert decision["status"] == "draft"
    assert decision["items"][0]["certificate_no"] is None
    response = post(agency, f"decisions/{decision['id']}/issue")
    assert response.status_code == 200, response.json()
    number = response.json()["items"][0]["certificate_no"]
    assert number == f"1/{today.year}/GCN-OCOP-48"

    listed = api(p.producer_user).get("/api/v1/certificates").json()["results"]
    assert [(c["certificate_no"], c["stars"], c["status"]) for c in listed] == [
        (number, 4, "valid")
    ]
    verified = api().get(f"/api/v1/verify/{number}")
    assert verified.status_code == 200
    assert verified.json()["product"]["code"] == p.product.code

    body = producer.get(f"/api/v1/dossiers/{pk}").json()
    assert body["state"] == "recognised"
    assert [step["action"] for step in body["timeline"]] == [
        "submit",
        "receive",
        "assess",
        "propose",
        "accept",
        "open-scoring",
        "finalize",
        "approve",
        "issue",
    ]
    assert body["timeline"][0]["actor"] == p.producer_user.username
    assert body["available_actions"] == []
    assert Certificate.objects.get(number=number).dossier_id == pk


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "action", "words"),
    [
        ("producer_user", "approve", "Phê duyệt kết quả"),
        ("agency", "receive", "Tiếp nhận hồ sơ"),
        ("commune_officer", "submit", "Chủ thể OCOP"),
        ("commune_officer", "open-scoring", "Chuyển hội đồng chấm điểm"),
    ],
)
def test_illegal_transition_is_400_naming_the_rule_and_changes_nothing(api, p, who, action, words):
    dossier = ready_dossier(p.product, p.producer_user)

    response = post(api(getattr(p, who)), f"dossiers/{dossier.pk}/{action}")

    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert refresh(dossier).state == "draft"
    assert not Transition.objects.filter(dossier=dossier).exists()


def test_return_needs_a_reason(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)

    response = post(api(p.commune_officer), f"dossiers/{dossier.pk}/return", {})
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Trường này là bắt buộc."]}

    response = post(
        api(p.commune_officer), f"dossiers/{dossier.pk}/return", {"reason": "Thiếu giấy ATTP"}
    )
    assert response.json()["state"] == "returned"
    assert response.json()["reason"] == "Thiếu giấy ATTP"
    assert response.json()["timeline"][-1]["reason"] == "Thiếu giấy ATTP"


def test_withdraw_by_the_producer(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    response = post(api(p.producer_user), f"dossiers/{dossier.pk}/withdraw")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "withdrawn"


def test_assess_needs_every_entry_of_form_03(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    domain.receive(dossier, actor=p.commune_officer)

    response = post(
        api(p.commune_officer), f"dossiers/{dossier.pk}/assess", {"local_labour": "12 người"}
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"local_materials", "idea_origin", "local_identity"}
    assert refresh(dossier).state == "received"


def test_ministry_result_outside_its_state_names_the_rule(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    response = post(
        api(p.agency),
        f"dossiers/{dossier.pk}/record-ministry-result",
        {"score": 93, "decision_no": "55/QĐ-BNNMT"},
    )
    assert response.status_code == 400
    assert "Đã gửi Bộ" in response.json()["detail"]


# --- create and edit ----------------------------------------------------------------------------


def test_create_for_a_product_outside_scope_is_400(api, p, units):
    hanoi = ProductFactory(producer=ProducerFactory(commune=units.hanoi_commune))
    response = post(api(p.producer_user), "dossiers", {"product": hanoi.pk, "kind": "first"})
    assert response.status_code == 400
    assert "product" in response.json()["errors"]
    assert not Dossier.objects.exists()


def test_second_open_dossier_for_a_product_is_refused(api, p):
    ready_dossier(p.product, p.producer_user)
    response = post(api(p.producer_user), "dossiers", {"product": p.product.pk, "kind": "first"})
    assert response.status_code == 400
    assert "chưa kết thúc" in response.json()["detail"]


def test_patch_by_an_agency_officer_is_403_and_audited_when_allowed(api, p):
    dossier = ready_dossier(p.product, p.producer_user)

    response = api(p.agency).patch(
        f"/api/v1/dossiers/{dossier.pk}", {"consultant_name": "Công ty X"}, format="json"
    )
    assert response.status_code == 403
    assert refresh(dossier).consultant_name == ""

    response = api(p.producer_user).patch(
        f"/api/v1/dossiers/{dossier.pk}",
        {"prepared_by": "consultant", "consultant_name": "Công ty Tư vấn X", "reason": "Bổ sung"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    entry = AuditEntry.objects.filter(object_type="dossier", object_id=str(dossier.pk)).first()
    assert entry.changes["consultant_name"] == ["", "Công ty Tư vấn X"]
    audit = api(p.agency).get("/api/v1/audit", {"object": f"dossier:{dossier.pk}"})
    assert audit.status_code == 200
    assert (
        api(p.producer_user).get("/api/v1/audit", {"object": "dossier:999999"}).status_code == 404
    )


@pytest.mark.parametrize(
    "body",
    [
        {"self_assessment": {"answers": {"1.1": "nhiều"}}},
        {"self_assessment": {"answers": {"1.1": {"points": 3, "extra": 1}}}},
        {"self_assessment": {"report": ["không phải đối tượng"]}},
        {"registration": "chuỗi"},
        {"samples_delivered": -1},
        {"prepared_by": "robot"},
    ],
)
def test_patch_body_errors_are_400_per_field(api, p, body):
    dossier = ready_dossier(p.product, p.producer_user)
    response = api(p.producer_user).patch(f"/api/v1/dossiers/{dossier.pk}", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_patch_with_an_answer_not_on_the_sheet_names_the_criterion(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    response = api(p.producer_user).patch(
        f"/api/v1/dossiers/{dossier.pk}",
        {"self_assessment": {"answers": {"1.1": 999}}},
        format="json",
    )
    assert response.status_code == 400
    assert "1.1" in response.json()["errors"]


# --- filters and downloads ----------------------------------------------------------------------


def test_dossier_filters(api, p, others, units):
    own = ready_dossier(p.product, p.producer_user)
    domain.submit(own, actor=p.producer_user)
    client = api(p.agency)

    assert ids(client.get("/api/v1/dossiers", {"state": "submitted"})) == {own.pk}
    assert ids(client.get("/api/v1/dossiers", {"producer": others.cam_le_producer.pk})) == {
        others.cam_le.pk
    }
    assert ids(client.get("/api/v1/dossiers", {"producer": others.hanoi_producer.pk})) == set()
    assert ids(client.get("/api/v1/dossiers", {"product": p.product.pk})) == {own.pk}
    assert ids(client.get("/api/v1/dossiers", {"kind": "upgrade"})) == set()
    assert ids(client.get("/api/v1/dossiers", {"q": p.product.code})) == {own.pk}
    assert ids(client.get("/api/v1/dossiers", {"overdue": "true"})) == set()
    assert len(ids(client.get("/api/v1/dossiers", {"overdue": "false"}))) == 2
    assert client.get("/api/v1/dossiers", {"state": "nope"}).status_code == 400


def test_overdue_filter_finds_a_late_commune_screening(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    last_year = timezone.localdate().replace(year=timezone.localdate().year - 1)
    Dossier.objects.filter(pk=dossier.pk).update(submitted_on=last_year, filed_on=last_year)

    body = api(p.agency).get("/api/v1/dossiers", {"overdue": "true"}).json()
    assert [row["id"] for row in body["results"]] == [dossier.pk]
    assert body["results"][0]["overdue"] is True
    assert body["results"][0]["due_on"] is not None


def test_dossier_list_downloads_as_csv(api, p):
    ready_dossier(p.product, p.producer_user)
    response = api(p.agency).get("/api/v1/dossiers", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã hồ sơ", "Mã sản phẩm"]
    assert rows[1][1] == p.product.code
    xlsx = api(p.agency).get("/api/v1/dossiers", {"format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content[:2] == b"PK"


def test_dossier_list_query_count_constant(api, p, units):
    client = api(p.commune_officer)
    ready_dossier(p.product, p.producer_user)
    client.get("/api/v1/dossiers")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/dossiers")
    for _n in range(4):
        product = ProductFactory(producer=p.producer)
        ready_dossier(product, p.producer_user)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/dossiers")
    assert response.json()["count"] == 5
    assert len(many) == len(one)


def test_patch_merges_registration_and_report_entries(api, p):
    dossier = ready_dossier(p.product, p.producer_user)
    answers = dossier.self_assessment["answers"]

    response = api(p.producer_user).patch(
        f"/api/v1/dossiers/{dossier.pk}",
        {
            "registration": {"phone": "0236 3811 222"},
            "self_assessment": {"report": {"history": "Mới"}},
        },
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["registration"] == {**REGISTRATION, "phone": "0236 3811 222"}
    assert body["self_assessment"]["report"] == {**REPORT, "history": "Mới"}
    assert body["self_assessment"]["answers"] == answers


# --- blocked actions ------------------------------------------------------------------------------


def test_a_dossier_says_which_offered_actions_are_still_blocked_and_why(api, p):
    """The chair is offered `finalize` while sheets are missing: one dossier names the reason
    (as the page's disabled button does); the list leaves it out."""
    dossier = walk_to_scoring(p, ready_dossier(p.product, p.producer_user))
    chair = api(p.chair)

    body = chair.get(f"/api/v1/dossiers/{dossier.pk}").json()

    assert "finalize" in body["available_actions"]
    assert "chưa nộp phiếu chấm" in body["blocked_actions"]["finalize"]
    assert set(body["blocked_actions"]) <= set(body["available_actions"])
    listed = chair.get("/api/v1/dossiers").json()["results"]
    assert [row["blocked_actions"] for row in listed] == [None]
    for member in p.scorers:
        domain.save_sheet(
            dossier,
            actor=member,
            answers=scoring.best_answers(domain.sheet_for(dossier).data),
            submit=True,
        )
    body = chair.get(f"/api/v1/dossiers/{dossier.pk}").json()
    assert body["blocked_actions"] == {}
    assert post(chair, f"dossiers/{dossier.pk}/finalize").status_code == 200
