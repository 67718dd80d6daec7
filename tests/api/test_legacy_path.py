"""The procedure of QĐ 1048/2019 through the API only: a product of a legacy commune of Điện Bàn
filed with the district, inspected, scored by the district council (created through the API),
proposed only above the rule's threshold, then ranked by Đà Nẵng and recognised.

The API never takes a date for an action: the clock is frozen in 2021 (time-machine) and moved
forward between the steps as a real procedure would be. Acted on today, a 1048 dossier is
refused by the transition rule of QĐ 26/2026 Art. 12.2."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.certification.models import Certificate
from ocop.core.errors import DomainError
from ocop.criteria import scoring
from ocop.evaluation import domain
from ocop.evaluation.models import (
    Council,
    Dossier,
    FieldInspection,
    Level,
    LevelResult,
    MemberSheet,
    Round,
    Transition,
)
from ocop.geo.models import UnitConversion
from tests.api.calls import ok, post, refused
from tests.evaluation.builders import (
    ACCEPT_2021,
    ADVISORY,
    APPROVE_2021,
    ASSESSMENT,
    DECIDE_2021,
    DISTRICT_SCORING_2021,
    FINALIZE_2021,
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
)
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def clock():
    """The clock frozen on the day of submission; `clock.move_to(...)` moves it forward."""
    with time_machine.travel(SUBMIT_2021, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def q(clock, units):
    return Legacy(units)


def _dossier(pk) -> Dossier:
    return Dossier.objects.get(pk=pk)


def _sheet(pk) -> dict:
    return domain.sheet_for(_dossier(pk)).data


def district_council(api, q) -> int:
    """The district's standing council, created and staffed by its officer through the API."""
    officer = api(q.district_officer)
    body = ok(
        post(
            officer,
            "councils",
            {
                "level": "district",
                "name": "Hội đồng OCOP thị xã Điện Bàn",
                "district": {"code": q.units.legacy_district.code, "era": "legacy"},
                "established_by": "QĐ 120/QĐ-UBND ngày 05/01/2021",
            },
        ),
        201,
    )
    assert (body["level"], body["round"]) == ("district", None)
    council = body["id"]
    seats = [
        (q.district_chair, "chair"),
        *((user, "member") for user in q.district_members),
        (q.district_secretary, "secretary"),
    ]
    for user, role in seats:
        body = ok(
            post(officer, f"councils/{council}/members", {"user": user.pk, "role": role}), 201
        )
    assert len(body["members"]) == 4
    return council


def province_council(api, q, round_id) -> int:
    agency = api(q.agency)
    council = ok(
        post(agency, "councils", {"level": "province", "name": "Hội đồng OCOP", "round": round_id}),
        201,
    )["id"]
    seats = [
        (q.p.chair, "chair"),
        *((user, "member") for user in q.p.members),
        (q.p.secretary, "secretary"),
    ]
    for user, role in seats:
        ok(post(agency, f"councils/{council}/members", {"user": user.pk, "role": role}), 201)
    return council


def filed(api, q, *, product=None, kind="first") -> int:
    """The producer drafts, completes (Mẫu 01, Mẫu 02, self-assessment) and submits."""
    producer = api(q.producer_user)
    product = product or q.product
    body = ok(
        post(
            producer,
            "dossiers",
            {"product": product.pk, "kind": kind, "registration": REGISTRATION},
        ),
        201,
    )
    pk = body["id"]
    assert (body["rulebook"], body["kind"]) == ("qd-1048-2019", kind)
    ok(
        producer.patch(
            f"/api/v1/dossiers/{pk}",
            {
                "self_assessment": {"answers": scoring.best_answers(_sheet(pk)), "report": REPORT},
                "samples_delivered": 5,
            },
            format="json",
        )
    )
    assert ok(post(producer, f"dossiers/{pk}/submit"))["state"] == "submitted"
    return pk


def inspect_body(day: datetime.date) -> dict:
    return {
        "date": day.isoformat(),
        "people": "Phòng Kinh tế thị xã Điện Bàn; UBND phường Vĩnh Điện; đại diện chủ thể",
        "findings": "Quy trình sản xuất, nhà xưởng đúng như hồ sơ.",
    }


def score_district(api, q, pk, total, users=None):
    answers = answers_near(_sheet(pk), total)
    for user in users or q.district_scorers:
        body = ok(post(api(user), f"dossiers/{pk}/score", {"answers": answers}))
        assert (body["level"], body["submitted"]) == ("district", True)


def district_scored(api, q, clock, total, *, start=SUBMIT_2021, product=None, kind="first") -> int:
    """Filed on `start`, received two days later, inspected the next week, scored a week on."""
    officer = api(q.district_officer)
    clock.move_to(start)
    pk = filed(api, q, product=product, kind=kind)
    clock.move_to(start + datetime.timedelta(days=2))
    assert ok(post(officer, f"dossiers/{pk}/receive"))["state"] == "received"
    received_on = (start + datetime.timedelta(days=2)).date().isoformat()
    ok(post(officer, f"dossiers/{pk}/confirm-samples", {"count": 5, "received_on": received_on}))
    clock.move_to(start + datetime.timedelta(days=9))
    inspected_on = (start + datetime.timedelta(days=8)).date()
    body = ok(post(officer, f"dossiers/{pk}/inspect", inspect_body(inspected_on)))
    assert body["state"] == "inspected"
    clock.move_to(start + datetime.timedelta(days=14))
    score_district(api, q, pk, total)
    assert ok(post(officer, f"dossiers/{pk}/close-district-scoring"))["state"] == (
        "district_scored"
    )
    return pk


def recognised(api, q, clock, pk, province_total, *, number) -> dict:
    """From the district's result to a certificate, with the province's dates of 2021."""
    agency = api(q.agency)
    clock.move_to(PROPOSE_2021)
    round_id = ok(post(api(q.district_officer), f"dossiers/{pk}/propose"))["round"]
    clock.move_to(ACCEPT_2021)
    if not Council.objects.filter(round_id=round_id).exists():
        province_council(api, q, round_id)
    assert ok(post(agency, f"dossiers/{pk}/accept"))["state"] == "advisory_review"
    ok(post(agency, f"dossiers/{pk}/advisory-review", ADVISORY))
    clock.move_to(OPEN_2021)
    assert ok(post(agency, f"dossiers/{pk}/open-scoring"))["state"] == "council_scoring"
    answers = answers_near(_sheet(pk), province_total)
    for user in q.p.scorers:
        body = ok(post(api(user), f"dossiers/{pk}/score", {"answers": answers}))
        assert body["level"] == "province"
    clock.move_to(FINALIZE_2021)
    assert ok(post(api(q.p.chair), f"dossiers/{pk}/finalize"))["state"] == "scored"
    clock.move_to(APPROVE_2021)
    assert ok(post(agency, f"dossiers/{pk}/approve"))["state"] == "approved"
    clock.move_to(DECIDE_2021)
    decision = ok(
        post(
            agency,
            "decisions",
            {
                "number": number,
                "date": DECIDE_2021.date().isoformat(),
                "signer_name": "Lê Trí Thanh",
                "signer_title": "Chủ tịch UBND tỉnh",
                "dossiers": [pk],
            },
        ),
        201,
    )
    return ok(post(agency, f"decisions/{decision['id']}/issue"))


def _current_commune_officer(units):
    """Today's officer of the commune that took over the legacy commune (2025 merger)."""
    conversion = UnitConversion.objects.filter(legacy_commune=units.legacy_commune).first()
    commune = conversion.current_commune if conversion else units.legacy_commune
    return user_with_role(Role.COMMUNE_OFFICER, unit=commune)


# --- the whole path -----------------------------------------------------------------------------


def test_whole_1048_path_through_the_api(api, q, clock, units):
    officer, agency = api(q.district_officer), api(q.agency)
    council = district_council(api, q)

    pk = filed(api, q)
    body = api(q.producer_user).get(f"/api/v1/dossiers/{pk}").json()
    assert body["submitted_on"] == "2021-03-01"
    assert body["province"]["code"] == units.danang.code
    assert body["commune"] == {
        "code": units.legacy_commune.code,
        "era": "legacy",
        "name": units.legacy_commune.name,
    }

    clock.move_to(RECEIVE_2021)
    # Under 1048 the commune does not receive: the district does.
    commune_officer = _current_commune_officer(units)
    refused(post(api(commune_officer), f"dossiers/{pk}/receive"), "Tiếp nhận hồ sơ")
    body = ok(post(officer, f"dossiers/{pk}/receive"))
    assert body["state"] == "received"
    assert "inspect" in body["available_actions"]
    assert "assess" not in body["available_actions"]
    # The district officer confirms the samples it received (none confirmed by the commune).
    assert "confirm-samples" in body["available_actions"]
    samples = {"count": 5, "received_on": "2021-03-03"}
    refused(post(api(commune_officer), f"dossiers/{pk}/confirm-samples", samples), "huyện")
    body = ok(post(officer, f"dossiers/{pk}/confirm-samples", samples))
    assert (body["samples_required"], body["samples_confirmed"]) == (5, 5)

    # No commune report (Mẫu 03) under 1048, whoever asks; nothing changes.
    refused(post(api(commune_officer), f"dossiers/{pk}/assess", ASSESSMENT), "1048", "cấp huyện")
    refused(post(officer, f"dossiers/{pk}/assess", ASSESSMENT))
    # No proposal and no district scoring before the field inspection.
    refused(post(officer, f"dossiers/{pk}/propose"), "Đề nghị cấp tỉnh")
    refused(post(officer, f"dossiers/{pk}/close-district-scoring"), "Chốt kết quả hội đồng huyện")
    answers = answers_near(_sheet(pk), 75)
    refused(
        post(api(q.district_chair), f"dossiers/{pk}/score", {"answers": answers}),
        "không ở bước hội đồng chấm điểm",
    )
    assert not MemberSheet.objects.filter(dossier_id=pk).exists()
    assert _dossier(pk).state == "received"

    clock.move_to(INSPECT_2021)
    # Minutes dated after today are refused.
    refused(post(officer, f"dossiers/{pk}/inspect", inspect_body(datetime.date(2021, 3, 11))))
    body = ok(post(officer, f"dossiers/{pk}/inspect", inspect_body(datetime.date(2021, 3, 9))))
    assert body["state"] == "inspected"
    minutes = FieldInspection.objects.get(dossier_id=pk)
    assert minutes.date == datetime.date(2021, 3, 9)
    assert minutes.recorded_by == q.district_officer
    photo = officer.post(
        f"/api/v1/dossiers/{pk}/evidence",
        {
            "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
            "title": "Biên bản kiểm tra thực tế",
            "kind": "field_photo",
        },
        format="multipart",
    )
    assert [e["kind"] for e in ok(photo, 201)["evidence"]] == ["field_photo"]

    clock.move_to(DISTRICT_SCORING_2021)
    assert (
        "score"
        in api(q.district_members[0]).get(f"/api/v1/dossiers/{pk}").json()["available_actions"]
    )
    refused(
        post(api(q.district_secretary), f"dossiers/{pk}/score", {"answers": answers}),
        "không chấm điểm",
    )
    score_district(api, q, pk, 75, users=q.district_scorers[:2])
    # The officer closes only once every member has submitted.
    refused(post(officer, f"dossiers/{pk}/close-district-scoring"), "chưa nộp phiếu chấm")
    score_district(api, q, pk, 75, users=q.district_scorers[2:])
    result = api(q.district_chair).get(f"/api/v1/councils/{council}/dossiers/{pk}/result").json()
    assert (result["level"], result["submitted"], result["pending"]) == ("district", 3, [])
    assert result["result"]["stars"] == 4
    # The chair of a district council does not close its scoring: the district officer does.
    refused(post(api(q.district_chair), f"dossiers/{pk}/close-district-scoring"))
    body = ok(post(officer, f"dossiers/{pk}/close-district-scoring"))
    assert body["state"] == "district_scored"
    [district] = body["results"]
    assert district["level"] == "district"
    assert 75 <= district["total"] < 80

    clock.move_to(PROPOSE_2021)
    body = ok(post(officer, f"dossiers/{pk}/propose"))
    assert (body["state"], body["proposed_on"]) == ("proposed", "2021-04-05")
    round_ = Round.objects.get(pk=body["round"])
    assert (round_.province, round_.year, round_.number) == (units.danang, 2021, 1)
    assert round_.proposals_before == datetime.date(2021, 4, 30)

    clock.move_to(ACCEPT_2021)
    province_council(api, q, round_.pk)
    assert ok(post(agency, f"dossiers/{pk}/accept"))["state"] == "advisory_review"
    body = ok(post(agency, f"dossiers/{pk}/advisory-review", ADVISORY))
    assert body["advisory_review"]["report"] == ADVISORY["report"]
    clock.move_to(OPEN_2021)
    assert ok(post(agency, f"dossiers/{pk}/open-scoring"))["state"] == "council_scoring"
    answers = answers_near(_sheet(pk), 75)
    for user in q.p.scorers:
        body = ok(post(api(user), f"dossiers/{pk}/score", {"answers": answers}))
        assert body["level"] == "province"
    clock.move_to(FINALIZE_2021)
    body = ok(post(api(q.p.chair), f"dossiers/{pk}/finalize"))
    assert (body["state"], body["stars"]) == ("scored", 4)
    assert {r["level"] for r in body["results"]} == {"district", "province"}
    clock.move_to(APPROVE_2021)
    assert ok(post(agency, f"dossiers/{pk}/approve"))["state"] == "approved"

    clock.move_to(DECIDE_2021)
    decision = ok(
        post(
            agency,
            "decisions",
            {
                "number": "15/QĐ-UBND",
                "date": "2021-06-10",
                "signer_name": "Lê Trí Thanh",
                "signer_title": "Chủ tịch UBND tỉnh",
                "dossiers": [pk],
            },
        ),
        201,
    )
    issued = ok(post(agency, f"decisions/{decision['id']}/issue"))
    assert issued["status"] == "issued"
    number = issued["items"][0]["certificate_no"]
    assert number == "1/2021/GCN-OCOP-48"

    [certificate] = api(q.producer_user).get("/api/v1/certificates").json()["results"]
    assert certificate["certificate_no"] == number
    assert (certificate["stars"], certificate["status"]) == (4, "valid")
    assert certificate["rulebook"] == "qd-1048-2019"
    assert certificate["issued_on"] == "2021-06-10"
    # 36 months (QĐ 1048/2019) less one day.
    assert certificate["valid_until"] == "2024-06-09"
    verified = ok(api().get(f"/api/v1/verify/{number}"))
    assert (verified["rulebook"], verified["valid_until"]) == ("qd-1048-2019", "2024-06-09")
    assert Certificate.objects.get(number=number).dossier_id == pk

    body = api(q.producer_user).get(f"/api/v1/dossiers/{pk}").json()
    assert body["state"] == "recognised"
    timeline = [(step["action"], step["at"][:10]) for step in body["timeline"]]
    assert timeline == [
        ("submit", "2021-03-01"),
        ("receive", "2021-03-03"),
        ("inspect", "2021-03-10"),
        ("close-district-scoring", "2021-03-15"),
        ("propose", "2021-04-05"),
        ("accept", "2021-05-05"),
        ("open-scoring", "2021-05-10"),
        ("finalize", "2021-05-20"),
        ("approve", "2021-05-25"),
        ("issue", "2021-06-10"),
    ]
    assert body["timeline"][1]["actor"] == q.district_officer.username


def test_the_same_dossier_acted_on_today_is_refused_by_the_transition_rule(api, q, clock):
    """Acted on today (29/11/2026), a 1048 dossier is past the 60 days QĐ 26/2026 Art. 12.2
    gave it, and nothing changes."""
    pk = filed(api, q)
    clock.move_to(at(2026, 11, 29))
    refused(post(api(q.district_officer), f"dossiers/{pk}/receive"), "đã quá thời hạn")
    assert _dossier(pk).state == "submitted"


# --- the district's threshold -------------------------------------------------------------------


def test_a_new_product_under_50_points_is_not_proposed_through_the_api(api, q, clock):
    district_council(api, q)
    pk = district_scored(api, q, clock, 45)
    result = LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT)
    assert result.total < 50
    transitions = Transition.objects.filter(dossier_id=pk).count()
    audit = AuditEntry.objects.count()

    clock.move_to(PROPOSE_2021)
    refused(post(api(q.district_officer), f"dossiers/{pk}/propose"), "1048", "50", "45")

    dossier = _dossier(pk)
    assert (dossier.state, dossier.round, dossier.proposed_on) == ("district_scored", None, None)
    assert Transition.objects.filter(dossier_id=pk).count() == transitions
    assert AuditEntry.objects.count() == audit
    assert not Round.objects.exists()

    # At exactly 50 points another product of the producer goes to the province.
    other = ProductFactory(producer=q.producer)
    pk = district_scored(api, q, clock, 50, start=at(2021, 3, 22), product=other)
    total = LevelResult.objects.get(dossier_id=pk, level=Level.DISTRICT).total
    assert Decimal(50) <= total < Decimal(51)
    clock.move_to(at(2021, 4, 29))
    body = ok(post(api(q.district_officer), f"dossiers/{pk}/propose"))
    assert body["state"] == "proposed"
    assert Round.objects.get(pk=body["round"]).number == 1


def test_an_upgrade_inside_the_current_band_is_refused_until_the_district_rescores(api, q, clock):
    district_council(api, q)
    first = district_scored(api, q, clock, 60)
    recognised(api, q, clock, first, 60, number="15/QĐ-UBND")
    certificate = Certificate.objects.get(dossier_id=first)
    assert (certificate.stars, certificate.rulebook.slug) == (3, "qd-1048-2019")

    # In September the producer asks for an upgrade; the district council finds 65 points,
    # still within the 3★ band (50–70).
    start = at(2021, 9, 1)
    pk = district_scored(api, q, clock, 65, start=start, kind="upgrade")
    dossier = _dossier(pk)
    assert dossier.previous_certificate == certificate
    assert Decimal(65) <= LevelResult.objects.get(dossier=dossier, level=Level.DISTRICT).total < 70
    transitions = Transition.objects.filter(dossier_id=pk).count()
    officer = api(q.district_officer)

    clock.move_to(start + datetime.timedelta(days=15))
    refused(post(officer, f"dossiers/{pk}/propose"), "1048", "3 sao")
    dossier = _dossier(pk)
    assert (dossier.state, dossier.round, dossier.proposed_on) == ("district_scored", None, None)
    assert Transition.objects.filter(dossier_id=pk).count() == transitions
    # The chair cannot reopen a closed district scoring (and the API has no reopen endpoint):
    # the district returns the dossier; its council's sheets and result are cleared.
    sheet = MemberSheet.objects.filter(dossier_id=pk).first()
    with pytest.raises(DomainError, match="đã chốt kết quả"):
        domain.reopen_sheet(sheet, actor=q.district_chair, reason="Chấm lại")
    body = ok(
        post(
            officer,
            f"dossiers/{pk}/return",
            {"reason": "Bổ sung hợp đồng tiêu thụ để hội đồng huyện chấm lại."},
        )
    )
    assert (body["state"], body["results"]) == ("returned", [])
    assert not MemberSheet.objects.filter(dossier_id=pk).exists()

    clock.move_to(at(2021, 9, 20))
    assert ok(post(api(q.producer_user), f"dossiers/{pk}/submit"))["state"] == "submitted"
    assert ok(post(officer, f"dossiers/{pk}/receive"))["state"] == "received"
    clock.move_to(at(2021, 9, 24))
    ok(post(officer, f"dossiers/{pk}/inspect", inspect_body(datetime.date(2021, 9, 23))))
    clock.move_to(at(2021, 10, 1))
    score_district(api, q, pk, 72)
    body = ok(post(officer, f"dossiers/{pk}/close-district-scoring"))
    assert 72 <= body["results"][0]["total"] < 75

    clock.move_to(at(2021, 10, 5))
    body = ok(post(officer, f"dossiers/{pk}/propose"))
    assert body["state"] == "proposed"
    round_ = Round.objects.get(pk=body["round"])
    assert (round_.year, round_.number) == (2021, 2)
