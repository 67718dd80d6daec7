"""Who gets which status for each write of the API (API.md, errors): one table per resource ×
role. A write on an object the caller cannot see is a 404; on an object (or a collection) the
caller sees but whose role may never make this write there, a 403 (a PATCH, a DELETE, a creation,
a registry or case action); a role refusal of a dossier workflow action is a 400 naming the rule,
as any broken rule. Every refused write changes nothing and audits nothing. Each body is valid,
so a refusal is the role's, not the input's."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from ocop.accounts.models import Department, Role
from ocop.audit.models import AuditEntry
from ocop.certification.models import Decision
from ocop.evaluation import domain as evaluation
from ocop.evaluation.models import CouncilRole, Level
from ocop.inspections import domain as inspections
from ocop.revocations import domain as revocations
from tests.certification.conftest import (
    certified_product,
    make_certificate,
    make_decision,
    make_dossier,
)
from tests.evaluation.builders import ready_dossier
from tests.factories import ProducerFactory, ProductFactory, tax_code, user_with_role
from tests.inspections.conftest import all_met

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 5, 20)
YESTERDAY = TODAY - datetime.timedelta(days=1)
AG = Department.AGRICULTURE_ENVIRONMENT
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ROLES = [
    "admin",
    "ministry",
    "agency",
    "hanoi_agency",
    "commune",
    "inspector",
    "council",
    "producer",
]


def pdf(name="tai-lieu.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2027, 5, 20, 9, 0), tick=False):
        yield TODAY


@pytest.fixture
def scene(db, units, settings, tmp_path, frozen):
    """Đà Nẵng's programme on 20 May 2027: a certified producer of Hải Vân with a second product
    in a draft dossier, a producer of Cẩm Lệ, a round with its council, a draft decision, an
    open revocation case, an inspection plan with a visit and a finding; one user per role."""
    settings.MEDIA_ROOT = tmp_path / "media"

    class Scene:
        pass

    s = Scene()
    s.units = units
    s.certificate = certified_product(
        name="Nước mắm cá cơm Hải Vân",
        producer_name="Hợp tác xã Nước mắm Hải Vân",
        commune=units.hai_van,
        number="12/2026/GCN-OCOP-48",
        issued_on=datetime.date(2026, 1, 15),
    )
    s.producer = s.certificate.producer
    s.product = s.certificate.product
    s.cam_le = ProducerFactory(commune=units.other_danang_commune, name="Cơ sở Trà Cẩm Lệ")
    s.spare = ProductFactory(producer=s.producer, name="Nước mắm ruốc")
    second = make_dossier(ProductFactory(producer=s.producer, name="Nước mắm nhĩ"))
    s.second = make_certificate(
        second, make_decision([second], number="13/QĐ-UBND"), number="13/2026/GCN-OCOP-48"
    )
    s.admin = user_with_role(Role.ADMIN)
    s.ministry = user_with_role(Role.MINISTRY_OFFICER)
    s.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    s.hanoi_agency = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
    s.commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
    s.inspector = user_with_role(Role.INSPECTOR, unit=units.danang, department=AG)
    s.council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
    s.producer_user = user_with_role(Role.PRODUCER, producer=s.producer)
    s.member_user = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)

    s.draft = ready_dossier(ProductFactory(producer=s.producer), s.producer_user)
    s.round = evaluation.open_extra_round(
        units.danang,
        actor=s.agency,
        year=2027,
        proposals_before=datetime.date(2027, 6, 1),
        decide_before=datetime.date(2027, 7, 15),
    )
    s.council_obj = evaluation.create_council(
        actor=s.agency, level=Level.PROVINCE, name="Hội đồng OCOP 2027", round=s.round
    )
    s.seat = evaluation.add_member(
        s.council_obj, actor=s.agency, user=s.council, role=CouncilRole.CHAIR
    )
    approved = make_dossier(ProductFactory(producer=s.producer))
    approved.state = "approved"
    approved.save(update_fields=["state"])
    s.approved = approved
    s.decision = make_decision(
        [approved], number="77/QĐ-UBND", date=YESTERDAY, status=Decision.Status.DRAFT
    )
    s.case = revocations.open_case(
        certificates=[s.certificate],
        ground="c",
        source="ministry_request",
        finding_date=YESTERDAY,
        description="Văn bản đề nghị của Bộ.",
        actor=s.ministry,
        evidence=[pdf()],
    )
    s.plan = inspections.create_plan(
        actor=s.agency,
        province=units.danang,
        department=AG,
        targets=[(s.producer, None)],
        title="Kiểm tra định kỳ sản phẩm OCOP quý II/2027",
        kind="periodic",
        period_start=datetime.date(2027, 4, 1),
        period_end=datetime.date(2027, 6, 30),
    )
    s.visit = inspections.record_visit(
        s.plan,
        actor=s.inspector,
        producer=s.producer,
        product=None,
        date=datetime.date(2027, 5, 12),
        inspectors="Võ Thị Ngọc Ánh (Sở NN&MT)",
        checklist=all_met(),
        conclusion="Đạt.",
        today=TODAY,
    )
    s.finding = inspections.add_finding(
        s.visit,
        actor=s.inspector,
        description="Nhãn ghi sai hạng sao.",
        severity="severe",
        ground="d",
        certificates=[s.second],
        refer=False,
        today=TODAY,
    )
    return s


def client_of(scene, role) -> APIClient:
    client = APIClient()
    client.force_authenticate(scene.producer_user if role == "producer" else getattr(scene, role))
    return client


def _json(method, path, body=None):
    return lambda client: getattr(client, method)(f"/api/v1/{path}", body or {}, format="json")


def _multipart(path, body):
    return lambda client: client.post(f"/api/v1/{path}", body(), format="multipart")


# write name → (resource, the request as a function of the scene)
WRITES = {
    # registry
    "producer create": lambda s: _json(
        "post",
        "producers",
        {
            "name": "Hợp tác xã Mật ong Ngọc Linh",
            "kind": "cooperative",
            "registration_no": tax_code(9101),
            "legal_representative": "Nguyễn Thị Hoa",
            "commune": {"code": s.units.hai_van.code, "era": "2025"},
        },
    ),
    "producer patch": lambda s: _json("patch", f"producers/{s.producer.pk}", {"phone": "0236111"}),
    "producer delete": lambda s: _json("delete", f"producers/{s.cam_le.pk}"),
    "producer change-status": lambda s: _json(
        "post",
        f"producers/{s.producer.pk}/change-status",
        {"status": "suspended", "date": YESTERDAY.isoformat(), "reason": "Sửa nhà xưởng."},
    ),
    "product create": lambda s: _json(
        "post", "products", {"producer": s.producer.pk, "name": "Nước mắm nhĩ", "product_set": 9}
    ),
    "product patch": lambda s: _json("patch", f"products/{s.product.pk}", {"name": "Nước mắm"}),
    "product delete": lambda s: _json("delete", f"products/{s.spare.pk}"),
    "product photos": lambda s: _multipart(
        f"products/{s.product.pk}/photos",
        lambda: {"image": png()},
    ),
    # evaluation
    "round create": lambda s: _json(
        "post",
        "rounds",
        {
            "province": 48,
            "year": 2027,
            "proposals_before": "2027-06-15",
            "decide_before": "2027-08-01",
        },
    ),
    "council create": lambda s: _json(
        "post", "councils", {"level": "province", "name": "Hội đồng bổ sung", "round": s.round.pk}
    ),
    "council add member": lambda s: _json(
        "post", f"councils/{s.council_obj.pk}/members", {"user": s.member_user.pk, "role": "member"}
    ),
    "council remove member": lambda s: _json(
        "delete", f"councils/{s.council_obj.pk}/members/{s.seat.pk}"
    ),
    "dossier create": lambda s: _json(
        "post", "dossiers", {"product": s.product.pk, "kind": "upgrade"}
    ),
    "dossier patch": lambda s: _json(
        "patch", f"dossiers/{s.draft.pk}", {"consultant_name": "Công ty Tư vấn X"}
    ),
    "dossier submit": lambda s: _json("post", f"dossiers/{s.draft.pk}/submit"),
    "dossier withdraw": lambda s: _json(
        "post", f"dossiers/{s.draft.pk}/withdraw", {"reason": "Chưa sẵn sàng."}
    ),
    # certification
    "decision create": lambda s: _json(
        "post",
        "decisions",
        {
            "province": {"code": 48, "era": "2025"},
            "number": "78/QĐ-UBND",
            "date": TODAY.isoformat(),
            "signer_name": "Nguyễn Văn Thắng",
            "signer_title": "Phó Chủ tịch",
            "dossiers": [s.approved.pk],
        },
    ),
    "decision delete": lambda s: _json("delete", f"decisions/{s.decision.pk}"),
    "decision issue": lambda s: _json("post", f"decisions/{s.decision.pk}/issue"),
    # revocations
    "revocation create": lambda s: _json(
        "post",
        "revocations",
        {
            "certificates": [s.second.pk],
            "ground": "b",
            "source": "inspection_finding",
            "finding_date": YESTERDAY.isoformat(),
        },
    ),
    "revocation decide": lambda s: _json(
        "post",
        f"revocations/{s.case.pk}/decide",
        {"decision_no": "45/QĐ-UBND", "date": TODAY.isoformat()},
    ),
    "revocation dismiss": lambda s: _json(
        "post", f"revocations/{s.case.pk}/dismiss", {"reason": "Chưa đủ căn cứ."}
    ),
    "revocation evidence": lambda s: _multipart(
        f"revocations/{s.case.pk}/evidence", lambda: {"file": pdf(), "title": "Biên bản"}
    ),
    # inspections
    "inspection create": lambda s: _json(
        "post",
        "inspections",
        {
            "province": {"code": 48, "era": "2025"},
            "department": AG,
            "title": "Kiểm tra đột xuất nhãn OCOP",
            "kind": "unannounced",
            "period_start": "2027-06-01",
            "period_end": "2027-06-30",
        },
    ),
    "inspection target": lambda s: _json(
        "post", f"inspections/{s.plan.pk}/targets", {"producer": s.cam_le.pk}
    ),
    "inspection visit": lambda s: _json(
        "post",
        f"inspections/{s.plan.pk}/visits",
        {
            "producer": s.producer.pk,
            "date": "2027-05-13",
            "inspectors": "Lê Văn Bình",
            "checklist": all_met(),
            "conclusion": "Đạt.",
        },
    ),
    "inspection finding": lambda s: _json(
        "post",
        f"inspections/{s.plan.pk}/visits/{s.visit.pk}/findings",
        {"description": "Thiếu sổ ghi chép.", "severity": "minor"},
    ),
    "inspection refer": lambda s: _json(
        "post", f"inspections/{s.plan.pk}/findings/{s.finding.pk}/refer"
    ),
    "inspection evidence": lambda s: _multipart(
        f"inspections/{s.plan.pk}/findings/{s.finding.pk}/evidence",
        lambda: {"file": pdf(), "title": "Ảnh nhãn"},
    ),
}


# write → the status for each of ROLES:
#   admin  ministry  agency  hanoi_agency  commune  inspector  council  producer
TABLE = {
    "producer create":          "201 403 201 400 201 403 403 403",
    "producer patch":           "200 403 200 404 200 403 403 200",
    "producer delete":          "204 403 204 404 404 403 403 404",
    "producer change-status":   "200 403 200 404 200 403 403 403",
    "product create":           "201 403 201 400 201 403 403 201",
    "product patch":            "200 403 200 404 200 403 403 200",
    "product delete":           "204 403 204 404 204 403 403 204",
    "product photos":           "201 403 201 404 201 403 403 201",
    "round create":             "201 403 201 403 403 403 403 403",
    "council create":           "201 403 201 400 403 403 403 403",
    "council add member":       "201 403 201 404 404 404 403 404",
    "council remove member":    "204 403 204 404 404 404 403 404",
    "dossier create":           "201 403 201 400 201 403 403 201",
    "dossier patch":            "200 403 403 404 200 404 404 200",
    "dossier submit":           "200 400 400 404 400 404 404 200",
    "dossier withdraw":         "200 400 400 404 400 404 404 200",
    "decision create":          "201 403 201 400 403 403 403 403",
    "decision delete":          "204 403 204 404 404 403 403 404",
    "decision issue":           "200 403 200 404 404 403 403 404",
    "revocation create":        "201 201 201 400 403 403 403 403",
    "revocation decide":        "200 403 200 404 403 403 404 403",
    "revocation dismiss":       "200 403 200 404 403 403 404 403",
    "revocation evidence":      "201 403 201 404 201 403 404 403",
    "inspection create":        "201 403 201 403 403 201 403 403",
    "inspection target":        "201 403 201 404 404 201 404 404",
    "inspection visit":         "201 403 201 404 404 201 404 404",
    "inspection finding":       "201 403 201 404 404 201 404 404",
    "inspection refer":         "200 403 200 404 404 200 404 404",
    "inspection evidence":      "201 403 201 404 404 201 404 404",
}  # fmt: skip
# The 400s that are not role refusals: the input names something outside the caller's scope.
OUT_OF_SCOPE_INPUT = {"producer create", "product create", "council create", "dossier create",
                      "decision create", "revocation create"}  # fmt: skip
WORKFLOW_ACTION = {"dossier submit": "Nộp hồ sơ", "dossier withdraw": "Rút hồ sơ"}
CASES = [
    (write, role, int(code))
    for write, codes in TABLE.items()
    for role, code in zip(ROLES, codes.split(), strict=True)
]


def test_the_table_covers_every_write():
    assert set(TABLE) == set(WRITES)


@pytest.mark.parametrize(
    ("write", "role", "expected"), CASES, ids=[f"{w}-{r}" for w, r, _code in CASES]
)
def test_write_status_by_role(scene, write, role, expected):
    entries = AuditEntry.objects.count()

    response = WRITES[write](scene)(client_of(scene, role))

    assert response.status_code == expected, response.content.decode()[:500]
    if expected < 400:
        assert AuditEntry.objects.count() > entries
        return
    assert AuditEntry.objects.count() == entries
    detail = response.json()["detail"]
    if expected == 400 and write in WORKFLOW_ACTION:
        assert WORKFLOW_ACTION[write] in detail  # the rule, named
    elif expected == 400:
        assert write in OUT_OF_SCOPE_INPUT
        assert response.json()["errors"], detail  # the field naming the object
    elif expected == 403:
        assert detail


# A role that may never create there is refused before its input is read.
NEVER_CREATES = [
    ("producers", "inspector"),
    ("products", "council"),
    ("rounds", "producer"),
    ("councils", "producer"),
    ("dossiers", "inspector"),
    ("decisions", "council"),
    ("revocations", "producer"),
    ("inspections", "commune"),
]


@pytest.mark.parametrize(("collection", "role"), NEVER_CREATES)
def test_a_role_that_may_never_create_gets_a_403_whatever_the_body(scene, collection, role):
    client = client_of(scene, role)
    assert client.get(f"/api/v1/{collection}").status_code == 200  # it may list the collection
    for body in ({}, {"name": 1, "province": "x", "dossiers": "y", "round": 999999}):
        response = client.post(f"/api/v1/{collection}", body, format="json")
        assert response.status_code == 403, (body, response.json())
