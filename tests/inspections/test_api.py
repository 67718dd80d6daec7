"""`/api/v1/inspections`: scope per role (another department or province: 404), writes through
the domain (403 for a visible plan the caller may not write), bad input a 400 naming the rule,
audit, CSV and XLSX lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from ocop.inspections import checklist
from ocop.inspections.models import Finding, InspectionPlan, Visit
from ocop.revocations.models import RevocationCase

from .conftest import AG, HEALTH, VISIT_DAY, all_met

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "ministry",
    "agency",
    "inspector",
    "health_inspector",
    "hanoi_agency",
    "hanoi_inspector",
    "commune",
    "council",
    "producer",
    "anonymous",
]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def client_of(world, role) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(world, role))
    return client


def post(client, path, body=None):
    return client.post(f"/api/v1/{path}", body or {}, format="json")


def table(spec: str) -> list:
    return list(zip(ROLES, map(int, spec.split()), strict=True))


def visit_body(world, **extra):
    return {
        "producer": world.hai_van.pk,
        "product": world.fish_sauce.product.pk,
        "date": VISIT_DAY.isoformat(),
        "inspectors": "Võ Thị Ngọc Ánh (Sở NN&MT)",
        "checklist": all_met(mark_correct="no"),
        "conclusion": "Dùng nhãn OCOP chưa đúng.",
        **extra,
    }


def plan_body(world, **extra):
    return {
        "province": {"code": 48, "era": "2025"},
        "department": AG,
        "title": "Kiểm tra đột xuất nhãn OCOP",
        "kind": "unannounced",
        "period_start": "2027-05-01",
        "period_end": "2027-05-31",
        "targets": [{"producer": world.hai_van.pk}],
        **extra,
    }


# --- scope -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "expected"), table("200 200 200 200 404 404 404 404 404 404 401"))
def test_plan_detail_by_role(world, plan, role, expected):
    response = client_of(world, role).get(f"/api/v1/inspections/{plan.pk}")

    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("admin", {"ag", "health", "hanoi"}),
        ("ministry", {"ag", "health", "hanoi"}),
        ("agency", {"ag", "health"}),
        ("inspector", {"ag"}),
        ("health_inspector", {"health"}),
        ("hanoi_agency", {"hanoi"}),
        ("hanoi_inspector", {"hanoi"}),
        ("commune", set()),
        ("council", set()),
        ("producer", set()),
    ],
)
def test_list_shows_only_the_scope(world, plan, health_plan, hanoi_plan, role, visible):
    names = {plan.pk: "ag", health_plan.pk: "health", hanoi_plan.pk: "hanoi"}

    response = client_of(world, role).get("/api/v1/inspections")

    assert response.status_code == 200
    assert {names[row["id"]] for row in response.json()["results"]} == visible


@pytest.mark.parametrize(("role", "expected"), table("201 403 201 201 404 404 404 404 404 404 401"))
def test_add_visit_by_role(world, plan, frozen, role, expected):
    response = post(client_of(world, role), f"inspections/{plan.pk}/visits", visit_body(world))

    assert response.status_code == expected, response.json()
    assert Visit.objects.exists() == (expected == 201)


@pytest.mark.parametrize(("role", "expected"), table("201 403 201 201 403 403 403 403 403 403 401"))
def test_create_agriculture_plan_in_danang_by_role(world, frozen, role, expected):
    response = post(client_of(world, role), "inspections", plan_body(world))

    assert response.status_code == expected, response.json()
    assert InspectionPlan.objects.exists() == (expected == 201)


def test_finding_on_plan_of_another_department_is_404(world, health_plan, frozen):
    visit = Visit.objects.create(
        plan=health_plan, producer=world.hai_van, date=VISIT_DAY, inspectors="x", checklist={}
    )
    client = client_of(world, "inspector")

    response = post(
        client,
        f"inspections/{health_plan.pk}/visits/{visit.pk}/findings",
        {"description": "x", "severity": "minor"},
    )

    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_visit_of_another_plan_is_404(world, plan, health_plan, frozen):
    other = Visit.objects.create(
        plan=health_plan, producer=world.hai_van, date=VISIT_DAY, inspectors="x", checklist={}
    )

    response = post(
        client_of(world, "agency"),
        f"inspections/{plan.pk}/visits/{other.pk}/findings",
        {"description": "x", "severity": "minor"},
    )

    assert response.status_code == 404


# --- the whole path --------------------------------------------------------------------------


def test_plan_visit_finding_referral_and_detail(world, frozen):
    client = client_of(world, "inspector")

    created = post(client, "inspections", plan_body(world, province=None))
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["province"] == {"code": 48, "era": "2025", "name": "Thành phố Đà Nẵng"}
    assert plan["department"] == AG and plan["kind"] == "unannounced"
    assert [t["producer"]["id"] for t in plan["targets"]] == [world.hai_van.pk]

    visit = post(client, f"inspections/{plan['id']}/visits", visit_body(world))
    assert visit.status_code == 201, visit.json()
    visit = visit.json()
    assert visit["checklist"]["mark_correct"] == {"answer": "no", "note": ""}
    assert visit["findings"] == []

    finding = post(
        client,
        f"inspections/{plan['id']}/visits/{visit['id']}/findings",
        {
            "description": "Dán nhãn OCOP lên sản phẩm chưa công nhận.",
            "severity": "severe",
            "ground": "d",
        },
    )
    assert finding.status_code == 201, finding.json()
    finding = finding.json()
    case = RevocationCase.objects.get()
    assert finding["revocation_case"] == case.pk
    assert finding["referred_on"] == "2027-05-20"
    assert finding["certificates"] == [
        {"id": world.fish_sauce.pk, "certificate_no": "12/2026/GCN-OCOP-48", "stars": 4}
    ]

    upload = client.post(
        f"/api/v1/inspections/{plan['id']}/findings/{finding['id']}/evidence",
        {"file": SimpleUploadedFile("anh.pdf", PDF), "title": "Ảnh nhãn"},
        format="multipart",
    )
    assert upload.status_code == 201, upload.json()
    assert upload.json()["content_type"] == "application/pdf"

    detail = client.get(f"/api/v1/inspections/{plan['id']}").json()
    [shown] = detail["visits"]
    [shown_finding] = shown["findings"]
    assert shown_finding["severity"] == "severe"
    assert shown_finding["ground"] == "d"
    assert shown_finding["evidence"][0]["title"] == "Ảnh nhãn"

    again = post(client, f"inspections/{plan['id']}/findings/{finding['id']}/refer")
    assert again.status_code == 400
    assert "đã được chuyển" in again.json()["detail"]


def test_refer_action_opens_the_case(world, plan, visit, frozen):
    client = client_of(world, "agency")
    finding = post(
        client,
        f"inspections/{plan.pk}/visits/{visit.pk}/findings",
        {
            "description": "Không còn đạt chỉ tiêu.",
            "severity": "severe",
            "ground": "b",
            "refer": False,
            "certificates": [world.fish_sauce.pk],
        },
    ).json()
    assert finding["revocation_case"] is None

    response = post(client, f"inspections/{plan.pk}/findings/{finding['id']}/refer")

    assert response.status_code == 200, response.json()
    assert response.json()["revocation_case"] == RevocationCase.objects.get().pk


def test_refer_by_ministry_is_403_and_by_other_department_404(world, plan, visit, frozen):
    finding = post(
        client_of(world, "agency"),
        f"inspections/{plan.pk}/visits/{visit.pk}/findings",
        {"description": "x", "severity": "severe", "ground": "b", "refer": False},
    ).json()
    path = f"inspections/{plan.pk}/findings/{finding['id']}/refer"

    assert post(client_of(world, "ministry"), path).status_code == 403
    assert post(client_of(world, "health_inspector"), path).status_code == 404
    assert post(client_of(world, "hanoi_inspector"), path).status_code == 404
    assert not RevocationCase.objects.exists()


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"date": "2027-03-31"}, "date", "nằm ngoài thời gian"),
        ({"date": "2027-07-01"}, "date", "nằm ngoài thời gian"),
        ({"date": "2027-05-21"}, "date", "chưa tới"),
        ({"date": "31/05/2027"}, "date", "YYYY-MM-DD"),
        ({"producer": 0}, "producer", ""),
        ({"producer": 10**20}, "producer", ""),
        ({"product": 10**9}, "product", "không có"),
        (
            {"checklist": {"criteria_maintained": {"answer": "yes"}}},
            "checklist.production_active",
            "",
        ),
        ({"checklist": "yes"}, "checklist", ""),
        ({"inspectors": ""}, "inspectors", ""),
    ],
)
def test_bad_visit_is_a_400_changing_nothing(world, plan, frozen, change, field, words):
    response = post(
        client_of(world, "inspector"), f"inspections/{plan.pk}/visits", visit_body(world, **change)
    )

    assert response.status_code == 400, response.json()
    body = response.json()
    assert any(key.startswith(field) for key in body["errors"]) or not body["errors"], body
    assert words in body["detail"]
    assert not Visit.objects.exists()


def test_visit_of_a_producer_in_another_province_is_refused(world, plan, frozen):
    response = post(
        client_of(world, "agency"),
        f"inspections/{plan.pk}/visits",
        visit_body(world, producer=world.hanoi.pk, product=None),
    )

    assert response.status_code == 400
    assert "không thuộc địa bàn" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"period_end": "2027-04-01"}, "không được trước ngày bắt đầu"),
        ({"targets": [{"producer": 0}]}, ""),
        ({"targets": "all"}, ""),
        ({"province": {"code": 49, "era": "legacy"}}, ""),
        ({"department": "police"}, ""),
        ({"kind": "weekly"}, ""),
    ],
)
def test_bad_plan_is_a_400(world, frozen, change, words):
    response = post(client_of(world, "agency"), "inspections", plan_body(world, **change))

    assert response.status_code == 400, response.json()
    assert words in response.json()["detail"]
    assert not InspectionPlan.objects.exists()


def test_plan_with_target_of_another_province_is_refused(world, frozen):
    response = post(
        client_of(world, "agency"),
        "inspections",
        plan_body(world, targets=[{"producer": world.hanoi.pk}]),
    )

    assert response.status_code == 400
    assert "không thuộc địa bàn" in response.json()["detail"]
    assert not InspectionPlan.objects.exists()


def test_finding_with_unknown_or_foreign_certificate_is_refused(world, plan, visit, frozen):
    client = client_of(world, "agency")
    path = f"inspections/{plan.pk}/visits/{visit.pk}/findings"

    unknown = post(
        client, path, {"description": "x", "severity": "minor", "certificates": [999999]}
    )
    foreign = post(
        client, path, {"description": "x", "severity": "minor", "certificates": [world.tea.pk]}
    )
    no_ground = post(client, path, {"description": "x", "severity": "severe"})

    assert unknown.status_code == 400 and "certificates" in unknown.json()["errors"]
    assert foreign.status_code == 400 and "không phải của chủ thể" in foreign.json()["detail"]
    assert no_ground.status_code == 400 and "ground" in no_ground.json()["errors"]
    assert not Finding.objects.exists()


def test_evidence_must_be_pdf_jpeg_or_png(world, plan, visit, frozen):
    client = client_of(world, "agency")
    finding = post(
        client,
        f"inspections/{plan.pk}/visits/{visit.pk}/findings",
        {"description": "x", "severity": "minor"},
    ).json()

    response = client.post(
        f"/api/v1/inspections/{plan.pk}/findings/{finding['id']}/evidence",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")},
        format="multipart",
    )

    assert response.status_code == 400
    assert "PDF, JPEG hoặc PNG" in response.json()["detail"]


def test_huge_ids_are_404(world, plan):
    client = client_of(world, "agency")
    huge = "9" * 20

    assert client.get(f"/api/v1/inspections/{huge}").status_code == 404
    assert post(client, f"inspections/{plan.pk}/visits/{huge}/findings").status_code == 404
    assert post(client, f"inspections/{plan.pk}/findings/{huge}/refer").status_code == 404


# --- audit, filters, downloads ---------------------------------------------------------------


def test_audit_trail_of_plan_visit_and_finding(world, plan, visit, frozen):
    client = client_of(world, "inspector")
    finding = post(
        client,
        f"inspections/{plan.pk}/visits/{visit.pk}/findings",
        {"description": "x", "severity": "major"},
    ).json()

    for kind, pk, actor in (
        ("inspectionplan", plan.pk, "i_agency"),
        ("visit", visit.pk, "i_inspector"),
        ("finding", finding["id"], "i_inspector"),
    ):
        response = client.get("/api/v1/audit", {"object": f"{kind}:{pk}"})
        assert response.status_code == 200
        [entry] = response.json()["results"]
        assert entry["action"] == "create" and entry["actor"] == actor

    outsider = client_of(world, "health_inspector")
    assert outsider.get("/api/v1/audit", {"object": f"visit:{visit.pk}"}).status_code == 404


def test_filters(world, plan, health_plan, hanoi_plan, visit):
    client = client_of(world, "admin")

    def ids(**params):
        response = client.get("/api/v1/inspections", params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids(department=HEALTH) == {health_plan.pk}
    assert ids(province=1) == {hanoi_plan.pk}
    assert ids(commune=world.units.hanoi_commune.code) == {hanoi_plan.pk}
    # A legacy Quảng Nam commune is found under its 2025 code and its own legacy code.
    legacy = world.units.legacy_commune
    new_code = legacy.current_communes().first().code
    assert ids(commune=new_code) == {plan.pk, health_plan.pk}
    assert ids(commune=legacy.code, era="legacy") == {plan.pk, health_plan.pk}
    assert ids(year=2027) == {plan.pk, health_plan.pk, hanoi_plan.pk}
    assert ids(year=2026) == set()
    assert ids(active_on="2027-04-01", kind="periodic") == {plan.pk, health_plan.pk, hanoi_plan.pk}
    assert ids(active_on="2027-07-01") == set()
    assert client.get("/api/v1/inspections", {"commune": "9" * 20}).status_code == 400
    assert client.get("/api/v1/inspections", {"active_on": "hôm qua"}).status_code == 400


def test_xlsx_and_csv_lists(world, plan, health_plan, visit):
    client = client_of(world, "inspector")

    response = client.get("/api/v1/inspections", {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Tên kế hoạch", "Tỉnh/thành phố")
    assert [row[0] for row in rows[1:]] == [plan.pk]  # the health plan is another department's
    assert rows[1][7:9] == (2, 1)  # two targets, one visit

    csv = client.get("/api/v1/inspections", {"format": "csv", "department": AG})
    assert csv.status_code == 200
    assert plan.title in csv.content.decode("utf-8-sig")


def test_checklist_items_are_in_the_schema(world):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    checklist_schema = schema["components"]["schemas"]["Checklist"]
    assert set(checklist_schema["properties"]) == set(checklist.CODES)
