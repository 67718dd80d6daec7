"""The inspection pages: role × page, the plan → visit → finding flow in forms, refusals shown
on the page (400, nothing changed), filters and spreadsheet downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ocop.inspections import checklist
from ocop.inspections.models import Finding, FindingEvidence, InspectionPlan, Visit
from ocop.revocations.models import RevocationCase

from .conftest import AG, HEALTH, VISIT_DAY

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "ministry",
    "agency",
    "inspector",
    "health_inspector",
    "hanoi_agency",
    "commune",
    "producer",
    "anonymous",
]
# (url name, needs the plan / the visit): statuses in the order of ROLES.
TABLE = {
    ("inspections:plans", None): "200 200 200 200 200 200 200 200 302",
    ("inspections:plan-create", None): "200 403 200 200 200 200 403 403 302",
    ("inspections:plan", "plan"): "200 200 200 200 404 404 404 404 302",
    ("inspections:visit-create", "plan"): "200 403 200 200 404 404 404 404 302",
    ("inspections:visit", "visit"): "200 200 200 200 404 404 404 404 302",
}
CASES = [
    (name, key, role, int(status))
    for (name, key), statuses in TABLE.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def login(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def checklist_post(**answers) -> dict:
    data = {}
    for code in checklist.CODES:
        data[f"answer_{code}"] = answers.get(code, "yes")
        data[f"note_{code}"] = ""
    return data


@pytest.mark.parametrize(("name", "key", "role", "expected"), CASES)
def test_page_permission_table(client, world, plan, visit, name, key, role, expected):
    args = {None: [], "plan": [plan.pk], "visit": [plan.pk, visit.pk]}[key]
    response = login(client, world, role).get(reverse(name, args=args))

    assert response.status_code == expected, (name, role)


@pytest.mark.parametrize(
    ("role", "name", "args"),
    [
        ("ministry", "inspections:target-add", "plan"),
        ("ministry", "inspections:finding-create", "visit"),
        ("health_inspector", "inspections:target-add", "plan"),
        ("health_inspector", "inspections:finding-create", "visit"),
        ("commune", "inspections:finding-create", "visit"),
    ],
)
def test_posts_outside_the_right_are_refused(client, world, plan, visit, role, name, args):
    args = [plan.pk] if args == "plan" else [plan.pk, visit.pk]
    response = login(client, world, role).post(
        reverse(name, args=args), {"description": "x", "severity": "minor", "target": "x"}
    )

    assert response.status_code == (403 if role == "ministry" else 404)
    assert not Finding.objects.exists()


def test_list_shows_the_scope_and_the_create_button(client, world, plan, health_plan):
    content = login(client, world, "inspector").get(reverse("inspections:plans")).content.decode()

    assert plan.title in content
    assert health_plan.title not in content
    assert reverse("inspections:plan-create") in content


def test_commune_officer_sees_no_plan(client, world, plan):
    content = login(client, world, "commune").get(reverse("inspections:plans")).content.decode()

    assert plan.title not in content
    assert reverse("inspections:plan-create") not in content


def test_plan_visit_and_severe_finding_through_the_pages(client, world, frozen):
    login(client, world, "inspector")

    form = client.get(reverse("inspections:plan-create"))
    assert form.status_code == 200
    departments = [value for value, _label in form.context["form"].fields["department"].choices]
    assert departments == [AG]
    response = client.post(
        reverse("inspections:plan-create"),
        {
            "department": AG,
            "title": "Kiểm tra đột xuất nước mắm",
            "kind": "unannounced",
            "period_start": "2027-05-01",
            "period_end": "2027-05-31",
            "description": "",
        },
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:plan", args=[plan.pk])

    page = client.get(response["Location"])
    choices = {
        value: label
        for _group, options in page.context["target_form"].fields["target"].choices[1:]
        for value, label in options
    }
    assert f"product:{world.fish_sauce.product.pk}" in choices
    assert f"producer:{world.hanoi.pk}" not in choices
    added = client.post(
        reverse("inspections:target-add", args=[plan.pk]),
        {"target": f"product:{world.fish_sauce.product.pk}"},
    )
    assert added.status_code == 302

    visit_page = client.get(reverse("inspections:visit-create", args=[plan.pk]))
    assert visit_page.status_code == 200
    assert "Sử dụng nhãn hiệu (biểu trưng) OCOP đúng quy định" in visit_page.content.decode()
    recorded = client.post(
        reverse("inspections:visit-create", args=[plan.pk]),
        {
            "target": f"product:{world.fish_sauce.product.pk}",
            "date": VISIT_DAY.isoformat(),
            "inspectors": "Võ Thị Ngọc Ánh",
            "conclusion": "Sử dụng nhãn OCOP sai.",
            **checklist_post(mark_correct="no"),
        },
    )
    visit = Visit.objects.get()
    assert recorded.status_code == 302
    assert visit.checklist["mark_correct"]["answer"] == "no"

    finding = client.post(
        reverse("inspections:finding-create", args=[plan.pk, visit.pk]),
        {
            "description": "Dán nhãn OCOP 4 sao lên sản phẩm khác.",
            "severity": "severe",
            "ground": "d",
            "refer": "on",
            "file": SimpleUploadedFile("bien-ban.pdf", PDF),
        },
    )
    assert finding.status_code == 302
    recorded_finding = Finding.objects.get()
    assert recorded_finding.revocation_case == RevocationCase.objects.get()
    evidence = FindingEvidence.objects.get()
    assert evidence.finding == recorded_finding

    shown = client.get(reverse("inspections:visit", args=[plan.pk, visit.pk]))
    assert "data-referred" in shown.content.decode()
    download = client.get(reverse("inspections:evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    login(client, world, "health_inspector")
    assert client.get(reverse("inspections:evidence", args=[evidence.pk])).status_code == 404


def test_visit_outside_the_period_is_shown_and_changes_nothing(client, world, plan, frozen):
    login(client, world, "inspector")

    response = client.post(
        reverse("inspections:visit-create", args=[plan.pk]),
        {
            "target": f"producer:{world.hai_van.pk}",
            "date": "2027-03-01",
            "inspectors": "Đoàn",
            **checklist_post(),
        },
    )

    assert response.status_code == 400
    assert "nằm ngoài thời gian của kế hoạch" in response.content.decode()
    assert not Visit.objects.exists()


def test_missing_checklist_answer_is_shown(client, world, plan, frozen):
    login(client, world, "agency")
    data = checklist_post()
    del data["answer_label_correct"]

    response = client.post(
        reverse("inspections:visit-create", args=[plan.pk]),
        {"target": f"producer:{world.hai_van.pk}", "date": "2027-05-02", "inspectors": "x", **data},
    )

    assert response.status_code == 400
    assert "Hãy chọn kết quả của mục này." in response.content.decode()


def test_bad_file_keeps_no_finding(client, world, plan, visit, frozen):
    login(client, world, "inspector")

    response = client.post(
        reverse("inspections:finding-create", args=[plan.pk, visit.pk]),
        {
            "description": "Nhãn sai",
            "severity": "major",
            "file": SimpleUploadedFile("a.pdf", b"not a pdf at all"),
        },
    )

    assert response.status_code == 400
    assert "PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Finding.objects.exists()


def test_severe_finding_without_ground_is_shown(client, world, plan, visit, frozen):
    login(client, world, "inspector")

    response = client.post(
        reverse("inspections:finding-create", args=[plan.pk, visit.pk]),
        {"description": "Nghiêm trọng", "severity": "severe", "refer": "on"},
    )

    assert response.status_code == 400
    assert "căn cứ thu hồi" in response.content.decode()
    assert not RevocationCase.objects.exists()


def test_refer_button_opens_the_case(client, world, plan, visit, frozen):
    from ocop.inspections import domain

    finding = domain.add_finding(
        visit, actor=world.agency, description="x", severity="severe", ground="b", refer=False
    )
    login(client, world, "inspector")

    response = client.post(
        reverse("inspections:finding-refer", args=[plan.pk, visit.pk, finding.pk])
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.revocation_case is not None
    again = client.post(reverse("inspections:finding-refer", args=[plan.pk, visit.pk, finding.pk]))
    assert again.status_code == 400
    assert "đã được chuyển" in again.content.decode()


def test_filter_by_commune_and_download(client, world, plan, health_plan, hanoi_plan, visit):
    login(client, world, "agency")
    commune = world.units.hai_van

    page = client.get(reverse("inspections:plans"), {"commune": commune.pk, "department": AG})
    assert [p.pk for p in page.context["page"].object_list] == [plan.pk]

    plans = client.get(reverse("inspections:plans"), {"download": "plans"})
    assert plans["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(plans.content)).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {plan.pk, health_plan.pk}

    visits = client.get(reverse("inspections:plans"), {"download": "visits", "department": AG})
    rows = list(load_workbook(io.BytesIO(visits.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("Chủ thể")] == world.hai_van.name
    label = str(checklist.LABELS["label_correct"])
    assert row[header.index(label)] == "Không đạt"


def test_list_filter_by_department_and_severity(client, world, plan, health_plan, visit):
    from ocop.inspections import domain

    domain.add_finding(visit, actor=world.agency, description="x", severity="major")
    login(client, world, "admin")

    def shown(**params):
        page = client.get(reverse("inspections:plans"), params)
        assert page.status_code == 200
        return {p.pk for p in page.context["page"].object_list}

    assert shown(department=HEALTH) == {health_plan.pk}
    assert shown(severity="major") == {plan.pk}
    assert shown(severity="severe") == set()
    assert shown(year="abc") == {plan.pk, health_plan.pk}  # bad filters filter nothing


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", True),
        ("ministry", True),
        ("agency", True),
        ("inspector", True),
        ("commune", False),
        ("council", False),
        ("producer", False),
    ],
)
def test_menu_filter(world, role, expected):
    from ocop.inspections.templatetags.inspection_tags import sees_inspections

    assert sees_inspections(getattr(world, role)) is expected
