"""`/api/v1/revocations`: scoped list and detail (404 outside the scope), opening with JSON or
multipart, the decide/dismiss/evidence actions, filters, downloads, and the revoked status seen
on the certificates and /verify."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from ocop.certification.models import Certificate
from ocop.revocations import domain
from ocop.revocations.models import RevocationCase, State
from tests.api.calls import forbidden, ids, ok, post, refused

from .conftest import pdf
from .test_pages import ROLES, make_case

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def client_for(scene, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(getattr(scene, role))
    return client


@pytest.fixture
def cases(scene):
    return {
        "dn": make_case(scene, scene.four),
        "qn": make_case(scene, scene.legacy),
        "five": make_case(scene, scene.five_star),
        "hn": make_case(scene, scene.hanoi),
    }


# Which cases each role lists (the same scope as the pages).
VISIBLE = {
    "admin": {"dn", "qn", "five", "hn"},
    "ministry": {"dn", "qn", "five", "hn"},
    "agency": {"dn", "qn", "five"},
    "hanoi_agency": {"hn"},
    "commune": {"dn", "five"},
    "other_commune": set(),
    "district": {"qn"},
    "council": set(),
    "inspector": {"dn", "qn", "five"},
    "producer": {"dn"},
    "hanoi_producer": {"hn"},
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_list_and_detail_are_scoped(scene, cases, role):
    client = client_for(scene, role)
    expected = {cases[key].pk for key in VISIBLE[role]}
    assert ids(client.get("/api/v1/revocations")) == expected
    for key, case in cases.items():
        response = client.get(f"/api/v1/revocations/{case.pk}")
        assert response.status_code == (200 if key in VISIBLE[role] else 404), (key, role)
        if response.status_code == 404:
            assert response.json() == {"detail": "Không tìm thấy."}
    audit = client.get("/api/v1/audit", {"object": f"revocationcase:{cases['dn'].pk}"})
    assert audit.status_code == (200 if "dn" in VISIBLE[role] else 404)


def test_anonymous_gets_401(scene, cases):
    client = client_for(scene, "anonymous")
    assert client.get("/api/v1/revocations").status_code == 401
    assert post(client, f"revocations/{cases['dn'].pk}/decide", {}).status_code == 401


def test_detail_shape(scene, cases):
    body = ok(client_for(scene, "agency").get(f"/api/v1/revocations/{cases['five'].pk}"))
    assert body["state"] == "open"
    assert body["overdue"] is False
    assert body["level"] == "central"
    assert body["province"] == {"code": 48, "era": "2025", "name": "Thành phố Đà Nẵng"}
    assert body["producer"]["name"] == scene.five.name
    assert body["certificates"] == [
        {
            "id": scene.five_star.pk,
            "certificate_no": "1/2025/GCN-OCOP-TW",
            "status": "valid",
            "stars": 5,
            "product": {
                "id": scene.five_star.product_id,
                "code": scene.five_star.product.code,
                "name": scene.five_star.product_name,
            },
            "valid_until": scene.five_star.valid_until.isoformat(),
            "revoked_on": None,
        }
    ]
    assert body["ground"] == "c"
    assert body["ground_label"].startswith("c) Sản phẩm OCOP vi phạm quy định pháp luật")
    assert body["source"] == "ministry_request"
    assert body["due_on"] == (today() + datetime.timedelta(days=13)).isoformat()
    assert body["rulebook"] == "qd-26-2026"
    assert [e["title"] for e in body["evidence"]] == ["ket-luan.pdf"]
    assert body["opened_by"]["username"] == "r_ministry"
    assert body["decided_by"] is None


# --- opening -------------------------------------------------------------------------------------


def _body(scene, **changes):
    body = {
        "certificates": [scene.four.pk],
        "ground": "b",
        "source": "inspection_finding",
        "finding_date": (today() - datetime.timedelta(days=1)).isoformat(),
        "description": "Kết luận kiểm tra số 7/KL-ĐKT: không còn đạt tiêu chí 5.2.",
    }
    body.update(changes)
    return body


def test_opening_with_json(scene):
    body = ok(post(client_for(scene, "agency"), "revocations", _body(scene)), 201)
    assert body["state"] == "open"
    assert body["source"] == "inspection_finding"
    assert [c["certificate_no"] for c in body["certificates"]] == [scene.four.number]
    assert body["evidence"] == []


def test_opening_with_files(scene):
    data = _body(
        scene,
        source="commune_confirmation",
        ground="dd",
        certificates=[scene.three.pk, scene.four.pk],
        evidence=[pdf("xac-nhan-ubnd.pdf"), pdf("anh.pdf")],
    )
    response = client_for(scene, "commune").post("/api/v1/revocations", data, format="multipart")
    body = ok(response, 201)
    assert len(body["certificates"]) == 2
    assert sorted(e["title"] for e in body["evidence"]) == ["anh.pdf", "xac-nhan-ubnd.pdf"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ground": ""}, "ground", ()),
        ({"ground": "f"}, "ground", ()),
        ({"source": "commune_confirmation"}, "evidence", ("tài liệu chứng minh",)),
        ({"certificates": []}, "certificates", ("ít nhất một",)),
        ({"certificates": [999999]}, "certificates", ("999999",)),
        ({"finding_date": "2999-01-01"}, "finding_date", ("tương lai",)),
        ({"finding_date": "29/11/2026"}, "finding_date", ("YYYY-MM-DD",)),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(scene, changes, field, words):
    response = post(client_for(scene, "agency"), "revocations", _body(scene, **changes))
    refused(response, *words)
    assert field in response.json()["errors"]
    assert not RevocationCase.objects.exists()


def test_a_certificate_outside_the_scope_is_unknown(scene):
    response = post(
        client_for(scene, "agency"), "revocations", _body(scene, certificates=[scene.hanoi.pk])
    )
    refused(response, "trong phạm vi của bạn")


@pytest.mark.parametrize("state", ["revoked", "superseded"])
def test_an_ended_certificate_is_refused(scene, state):
    if state == "revoked":
        Certificate.objects.filter(pk=scene.four.pk).update(revoked_on=today())
    else:
        Certificate.objects.filter(pk=scene.four.pk).update(
            superseded_by=scene.three, superseded_on=today()
        )
    label = {"revoked": "Đã thu hồi", "superseded": "Đã được thay thế"}[state]
    refused(
        post(client_for(scene, "agency"), "revocations", _body(scene)), scene.four.number, label
    )
    assert not RevocationCase.objects.exists()


def test_english_errors_when_asked(scene):
    response = client_for(scene, "agency").post(
        "/api/v1/revocations",
        _body(scene, certificates=[]),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["inspector", "producer", "council", "district"])
def test_roles_that_do_not_open_cases_get_403(scene, role):
    response = post(client_for(scene, role), "revocations", _body(scene))
    assert response.status_code == 403
    assert not RevocationCase.objects.exists()


def test_a_commune_officer_is_refused_another_ground(scene):
    forbidden(post(client_for(scene, "commune"), "revocations", _body(scene)), "căn cứ đ")
    assert not RevocationCase.objects.exists()


# --- actions -------------------------------------------------------------------------------------


def test_decide_revokes_and_the_status_shows_everywhere(scene, cases):
    client = client_for(scene, "agency")
    case = cases["dn"]
    body = ok(
        post(
            client,
            f"revocations/{case.pk}/decide",
            {"decision_no": "45/QĐ-UBND", "date": today().isoformat()},
        )
    )
    assert body["state"] == "revoked"
    assert body["decision_no"] == "45/QĐ-UBND"
    assert body["decided_by"]["username"] == "r_agency"
    assert body["certificates"][0]["status"] == "revoked"
    certificate = ok(client.get(f"/api/v1/certificates/{scene.four.pk}"))
    assert certificate["status"] == "revoked"
    assert certificate["revocation_ground"] == "c"
    assert certificate["revoked_on"] == today().isoformat()
    public = ok(APIClient().get(f"/api/v1/verify/{scene.four.number}"))
    assert public["status"] == "revoked"
    assert public["revocation_ground"] == "c"
    trail = ok(client.get("/api/v1/audit", {"object": f"certificate:{scene.four.pk}"}))
    assert trail["results"][0]["changes"]["status"] == ["valid", "revoked"]


@pytest.mark.parametrize(
    ("key", "role"),
    [("dn", "ministry"), ("dn", "producer"), ("dn", "inspector"), ("five", "agency")],
)
def test_decide_by_a_visible_but_incompetent_role_is_a_403_naming_the_rule(scene, cases, key, role):
    response = post(
        client_for(scene, role),
        f"revocations/{cases[key].pk}/decide",
        {"decision_no": "45/QĐ-UBND", "date": today().isoformat()},
    )
    forbidden(response, "sao")
    assert RevocationCase.objects.get(pk=cases[key].pk).state == State.OPEN


def test_decide_outside_the_scope_is_a_404(scene, cases):
    response = post(
        client_for(scene, "hanoi_agency"),
        f"revocations/{cases['dn'].pk}/decide",
        {"decision_no": "45/QĐ-UBND", "date": today().isoformat()},
    )
    assert response.status_code == 404


def test_decide_twice_is_a_400(scene, cases):
    client = client_for(scene, "ministry")
    url = f"revocations/{cases['five'].pk}/decide"
    ok(post(client, url, {"decision_no": "12/QĐ-BNNMT", "date": today().isoformat()}))
    refused(
        post(client, url, {"decision_no": "13/QĐ-BNNMT", "date": today().isoformat()}), "kết thúc"
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2026-11-01"}, "decision_no"),
        ({"decision_no": "1/QĐ"}, "date"),
        ({"decision_no": "1/QĐ", "date": "2999-01-01"}, "date"),
        ({"decision_no": "x" * 61, "date": "2026-11-01"}, "decision_no"),
    ],
)
def test_decide_input_is_checked(scene, cases, body, field):
    response = post(client_for(scene, "agency"), f"revocations/{cases['dn'].pk}/decide", body)
    refused(response)
    assert field in response.json()["errors"]


def test_dismiss(scene, cases):
    client = client_for(scene, "agency")
    url = f"revocations/{cases['dn'].pk}/dismiss"
    response = post(client, url, {})
    refused(response)
    body = ok(post(client, url, {"reason": "Chủ thể đã thu hồi lô hàng vi phạm."}))
    assert body["state"] == "dismissed"
    assert body["dismissal_reason"] == "Chủ thể đã thu hồi lô hàng vi phạm."
    assert body["certificates"][0]["status"] == "valid"


def test_evidence_upload(scene, cases):
    client = client_for(scene, "commune")
    url = f"/api/v1/revocations/{cases['dn'].pk}/evidence"
    body = ok(
        client.post(url, {"file": pdf("bien-ban.pdf"), "title": "Biên bản"}, format="multipart"),
        201,
    )
    assert [e["title"] for e in body["evidence"]] == ["ket-luan.pdf", "Biên bản"]
    response = client.post(url, {"title": "Không có tệp"}, format="multipart")
    refused(response)
    assert "file" in response.json()["errors"]
    bad = client.post(url, {"file": io.BytesIO(b"MZ"), "title": "x"}, format="multipart")
    assert bad.status_code == 400


# --- filters and downloads -----------------------------------------------------------------------


def test_filters(scene, cases, units):
    domain.decide(cases["dn"], actor=scene.agency, decision_no="45/QĐ", date=today())
    RevocationCase.objects.filter(pk=cases["qn"].pk).update(
        finding_date=today() - datetime.timedelta(days=30),
        due_on=today() - datetime.timedelta(days=15),
    )
    client = client_for(scene, "admin")

    def listed(**query):
        return ids(client.get("/api/v1/revocations", query))

    assert listed(state="revoked") == {cases["dn"].pk}
    assert listed(state="open", level="central") == {cases["five"].pk}
    assert listed(overdue="true") == {cases["qn"].pk}
    assert listed(overdue="false") == {cases[k].pk for k in ("dn", "five", "hn")}
    assert listed(province=1) == {cases["hn"].pk}
    assert listed(commune=units.hai_van.code) == {cases["dn"].pk, cases["five"].pk}
    assert listed(commune=units.legacy_commune.code, era="legacy") == {cases["qn"].pk}
    assert listed(ground="c", source="ministry_request") == {c.pk for c in cases.values()}
    assert listed(ground="dd") == set()
    assert listed(certificate=scene.hanoi.pk) == {cases["hn"].pk}
    assert listed(producer=scene.qn.pk) == {cases["qn"].pk}
    for bad in ({"state": "closed"}, {"province": "x"}, {"ground": "đ"}):
        assert client.get("/api/v1/revocations", bad).status_code == 400, bad


def test_downloads(scene, cases):
    client = client_for(scene, "agency")
    response = client.get("/api/v1/revocations", {"format": "xlsx", "level": "province"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã hồ sơ"
    assert sorted(row[0] for row in rows[1:]) == sorted([cases["dn"].pk, cases["qn"].pk])
    csv = client.get("/api/v1/revocations", {"format": "csv"})
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    assert scene.four.number in csv.content.decode("utf-8-sig")


def test_schema_describes_the_revocation_endpoints(scene):
    import yaml

    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]["/api/v1/revocations"]) == {"get", "post"}
    assert set(schema["paths"]["/api/v1/revocations/{id}"]) == {"get"}
    for action in ("decide", "dismiss", "evidence"):
        assert set(schema["paths"][f"/api/v1/revocations/{{id}}/{action}"]) == {"post"}
    create = schema["paths"]["/api/v1/revocations"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(create)
    grounds = schema["components"]["schemas"]["RevocationGroundEnum"]["enum"]
    assert grounds == ["a", "b", "c", "d", "dd", "e"]
