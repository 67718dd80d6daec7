import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ocop.audit.models import AuditEntry
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import Producer, ProducerStatus
from tests.factories import ProducerFactory, ProductFactory, tax_code

pytestmark = pytest.mark.django_db


def _payload(units, **overrides):
    payload = {
        "name": "Hợp tác xã Mật ong Ngọc Linh",
        "kind": "cooperative",
        "registration_no": tax_code(9001),
        "legal_representative": "Nguyễn Thị Hoa",
        "representative_is_woman": True,
        "address": "Thôn 2",
        "commune": {"code": units.hai_van.code, "era": "2025"},
        "phone": "0905000111",
        "email": "htx@example.vn",
        "workforce": 25,
        "local_labour_share": "80.50",
    }
    payload.update(overrides)
    return payload


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


# --- scope: who sees which producer ------------------------------------------------------------


def test_producers_list_agency_sees_danang_and_legacy_quang_nam(api, users, world):
    response = api(users.agency).get("/api/v1/producers")
    assert response.status_code == 200
    assert _ids(response) == {world.hai_van.pk, world.cam_le.pk, world.legacy.pk}
    assert response.json()["count"] == 3


def test_producers_list_commune_officer_sees_own_commune(api, users, world):
    assert _ids(api(users.commune).get("/api/v1/producers")) == {world.hai_van.pk}


def test_producers_list_producer_account_sees_itself(api, users, world):
    assert _ids(api(users.producer).get("/api/v1/producers")) == {world.hai_van.pk}


def test_producers_list_admin_sees_all(api, users, world):
    assert _ids(api(users.admin).get("/api/v1/producers")) >= {world.hanoi.pk, world.legacy.pk}


def test_producers_anonymous_401(api, world):
    response = api().get("/api/v1/producers")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert api().get(f"/api/v1/producers/{world.hai_van.pk}").status_code == 401
    assert api().post("/api/v1/producers", {}, format="json").status_code == 401


# role, producer, GET status, PATCH status
PERMISSION_TABLE = [
    ("agency", "hai_van", 200, 200),
    ("agency", "legacy", 200, 200),
    ("agency", "hanoi", 404, 404),
    ("commune", "hai_van", 200, 200),
    ("commune", "cam_le", 404, 404),
    ("producer", "hai_van", 200, 200),
    ("producer", "cam_le", 404, 404),
    ("inspector", "hai_van", 200, 403),
    ("inspector", "hanoi", 404, 404),
    ("council", "cam_le", 200, 403),
    ("admin", "hanoi", 200, 200),
]


@pytest.mark.parametrize(("role", "producer", "get_status", "patch_status"), PERMISSION_TABLE)
def test_producer_detail_permission_table(
    api, users, world, role, producer, get_status, patch_status
):
    client = api(getattr(users, role))
    target = getattr(world, producer)
    url = f"/api/v1/producers/{target.pk}"
    assert client.get(url).status_code == get_status
    response = client.patch(url, {"phone": "0236111222"}, format="json")
    assert response.status_code == patch_status
    target.refresh_from_db()
    assert (target.phone == "0236111222") == (patch_status == 200)


def test_producer_detail_shape(api, users, world, units):
    response = api(users.agency).get(f"/api/v1/producers/{world.legacy.pk}")
    body = response.json()
    assert body["commune"] == {
        "code": units.legacy_commune.code,
        "era": "legacy",
        "name": units.legacy_commune.name,
    }
    assert body["province"] == units.danang.name
    assert body["status"] == "active"
    assert "reason" not in body
    assert set(body) >= {
        "id", "name", "kind", "registration_no", "legal_representative",
        "representative_is_woman", "representative_is_ethnic_minority",
        "representative_has_disability", "address", "phone", "email", "workforce",
        "local_labour_share", "status_since", "food_safety_cert_no", "food_safety_cert_expiry",
        "created_at", "updated_at",
    }  # fmt: skip


def test_producer_unknown_id_404(api, users):
    assert api(users.admin).get("/api/v1/producers/999999").status_code == 404
    response = api(users.admin).get("/api/v1/producers/99999999999999999999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


# --- filters --------------------------------------------------------------------------------------


def test_producers_search_ignores_diacritics(api, users, world):
    response = api(users.agency).get("/api/v1/producers", {"q": "nuoc MAM hai van"})
    assert _ids(response) == {world.hai_van.pk}


def test_producers_filter_by_commune_province_kind_status(api, users, world, units):
    client = api(users.admin)
    assert _ids(client.get("/api/v1/producers", {"commune": units.hai_van.code})) == {
        world.hai_van.pk
    }
    legacy = {"commune": units.legacy_commune.code, "era": "legacy"}
    assert _ids(client.get("/api/v1/producers", legacy)) == {world.legacy.pk}
    assert _ids(client.get("/api/v1/producers", {"province": 48})) == {
        world.hai_van.pk,
        world.cam_le.pk,
        world.legacy.pk,
    }
    assert _ids(client.get("/api/v1/producers", {"province": 1})) == {world.hanoi.pk}
    world.cam_le.kind = "farm"
    world.cam_le.status = ProducerStatus.CEASED
    world.cam_le.save()
    assert _ids(client.get("/api/v1/producers", {"kind": "farm"})) == {world.cam_le.pk}
    assert _ids(client.get("/api/v1/producers", {"status": "ceased"})) == {world.cam_le.pk}


def test_producers_filter_by_current_commune_includes_its_legacy_communes(api, users, units):
    legacy = AdminUnit.objects.filter(
        era=Era.LEGACY, level=Level.COMMUNE, conversions_to__current_commune=units.hai_van
    ).first()
    producer = ProducerFactory(commune=legacy)
    response = api(users.admin).get("/api/v1/producers", {"commune": units.hai_van.code})
    assert producer.pk in _ids(response)


@pytest.mark.parametrize(
    "params",
    [
        {"commune": "abc"},
        {"province": "1.5"},
        {"kind": "bank"},
        {"status": "asleep"},
        {"era": "1999"},
    ],
)
def test_producers_bad_filters_400(api, users, params):
    response = api(users.agency).get("/api/v1/producers", params)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(params)


@pytest.mark.parametrize(
    "params",
    [{"commune": "9" * 30}, {"province": "-5"}, {"page": "abc"}, {"page_size": "-1"}, {"q": "%_'"}],
)
def test_producers_odd_query_never_500(api, users, params):
    assert api(users.agency).get("/api/v1/producers", params).status_code in {200, 400, 404}


def test_producers_list_query_count_constant(api, users, units):
    client = api(users.agency)
    ProducerFactory(commune=units.hai_van)
    client.get("/api/v1/producers")  # memberships cached on the user
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/producers")
    for _n in range(8):
        ProducerFactory(commune=units.other_danang_commune)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/producers")
    assert response.json()["count"] >= 9
    assert len(many) == len(one)


# --- create -----------------------------------------------------------------------------------


def test_producer_create_by_agency_audited(api, users, units):
    response = api(users.agency).post(
        "/api/v1/producers", _payload(units, reason="Đăng ký mới"), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    producer = Producer.objects.get(pk=body["id"])
    assert producer.commune == units.hai_van
    assert body["status"] == "active"
    assert body["status_since"] == timezone.localdate().isoformat()
    entry = AuditEntry.objects.get(object_type="producer", object_id=str(producer.pk))
    assert entry.action == "create"
    assert entry.actor == users.agency
    assert entry.reason == "Đăng ký mới"
    assert entry.changes["name"] == [None, "Hợp tác xã Mật ong Ngọc Linh"]


def test_producer_create_normalises_registration_no(api, users, units):
    number = tax_code(9002)
    spaced = f"{number[:4]} {number[4:7]}-{number[7:]}"
    response = api(users.agency).post(
        "/api/v1/producers", _payload(units, registration_no=spaced), format="json"
    )
    assert response.status_code == 201
    assert response.json()["registration_no"] == number


@pytest.mark.parametrize("role", ["inspector", "council", "producer"])
def test_producer_create_refused_for_read_only_roles(api, users, units, role):
    before = Producer.objects.count()
    response = api(getattr(users, role)).post("/api/v1/producers", _payload(units), format="json")
    assert response.status_code == 403
    assert Producer.objects.count() == before


def _assert_rejected(response, field, before_count, contains=None):
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body["errors"], body
    assert body["detail"]
    if contains:
        assert contains in " ".join(body["errors"][field])
    assert Producer.objects.count() == before_count
    assert not AuditEntry.objects.filter(action="create").exists()


def test_producer_create_duplicate_registration_no_vietnamese(api, users, units, world):
    before = Producer.objects.count()
    duplicate = f" {world.hai_van.registration_no[:5]}.{world.hai_van.registration_no[5:]} "
    response = api(users.agency).post(
        "/api/v1/producers", _payload(units, registration_no=duplicate), format="json"
    )
    _assert_rejected(response, "registration_no", before, "Đã có chủ thể với mã số")
    assert response["Content-Language"] == "vi"
    assert response.json()["detail"].startswith("Đã có chủ thể")


def test_producer_create_honours_accept_language(api, users, units, world):
    response = api(users.agency).post(
        "/api/v1/producers",
        _payload(units, registration_no=world.hai_van.registration_no),
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"registration_no": "12345"}, "registration_no", "10 chữ số"),
        ({"registration_no": "0100109107"}, "registration_no", "chữ số kiểm tra"),
        ({"local_labour_share": "150"}, "local_labour_share", "100"),
        ({"local_labour_share": -1}, "local_labour_share", "0"),
        ({"email": "not-an-email"}, "email", "thư điện tử"),
        ({"commune": {"code": 99999, "era": "2025"}}, "commune", "99999"),
        ({"commune": {"code": 20194, "era": "1990"}}, "commune", None),
        ({"workforce": -3}, "workforce", None),
        ({"kind": "bank"}, "kind", "bank"),
        ({"name": ""}, "name", "không được để trống"),
    ],
)
def test_producer_create_bad_input_400(api, users, units, overrides, field, text):
    before = Producer.objects.count()
    response = api(users.agency).post(
        "/api/v1/producers", _payload(units, **overrides), format="json"
    )
    _assert_rejected(response, field, before, text)


def test_producer_create_code_of_wrong_era_400(api, users, units):
    current_codes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE).values("code")
    legacy_only = (
        AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE)
        .exclude(code__in=current_codes)
        .first()
    )
    before = Producer.objects.count()
    response = api(users.agency).post(
        "/api/v1/producers",
        _payload(units, commune={"code": legacy_only.code, "era": "2025"}),
        format="json",
    )
    _assert_rejected(response, "commune", before, "legacy")


def test_producer_create_outside_scope_commune_400(api, users, units):
    before = Producer.objects.count()
    response = api(users.agency).post(
        "/api/v1/producers",
        _payload(units, commune={"code": units.hanoi_commune.code, "era": "2025"}),
        format="json",
    )
    _assert_rejected(response, "commune", before, "ngoài phạm vi")


def test_producer_create_by_commune_officer_elsewhere_400(api, users, units):
    before = Producer.objects.count()
    response = api(users.commune).post(
        "/api/v1/producers",
        _payload(units, commune={"code": units.other_danang_commune.code, "era": "2025"}),
        format="json",
    )
    _assert_rejected(response, "commune", before, "ngoài phạm vi")


FUZZ = [
    [],
    "producer",
    42,
    {"name": ["x"]},
    {"name": {"vi": "x"}},
    {"workforce": "many"},
    {"workforce": 10**40},
    {"workforce": 1.5},
    {"local_labour_share": "1e999"},
    {"local_labour_share": "NaN"},
    {"local_labour_share": [50]},
    {"commune": "20194"},
    {"commune": [20194]},
    {"commune": None},
    {"commune": {"code": "abc", "era": "2025"}},
    {"commune": {"code": 10**40, "era": "2025"}},
    {"commune": {"code": 20194, "era": None}},
    {"commune": {"code": True, "era": "2025"}},
    {"food_safety_cert_expiry": "2026-13-45"},
    {"food_safety_cert_expiry": 20261231},
    {"food_safety_cert_expiry": "99999-01-01"},
    {"kind": None},
    {"kind": ["cooperative"]},
    {"representative_is_woman": "maybe"},
    {"email": 5},
    {"registration_no": None},
    {"registration_no": 1234567890},
    {"registration_no": "x" * 5000},
    {"phone": "0" * 500},
]


@pytest.mark.parametrize("payload", FUZZ, ids=range(len(FUZZ)))
def test_producer_create_fuzz_never_500(api, users, units, payload):
    data = {**_payload(units), **payload} if isinstance(payload, dict) else payload
    before = Producer.objects.count()
    response = api(users.agency).post("/api/v1/producers", data, format="json")
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert Producer.objects.count() == before


@pytest.mark.parametrize("payload", FUZZ, ids=range(len(FUZZ)))
def test_producer_patch_fuzz_never_500(api, users, world, payload):
    response = api(users.agency).patch(
        f"/api/v1/producers/{world.hai_van.pk}", payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert not AuditEntry.objects.exists()


def test_producer_create_malformed_json_400(api, users):
    response = api(users.agency).post(
        "/api/v1/producers", '{"name": ', content_type="application/json"
    )
    assert response.status_code == 400


# --- update -----------------------------------------------------------------------------------


def test_producer_patch_audited_with_changes(api, users, world):
    response = api(users.commune).patch(
        f"/api/v1/producers/{world.hai_van.pk}",
        {"workforce": 40, "local_labour_share": "75", "reason": "Cập nhật lao động"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["workforce"] == 40
    entry = AuditEntry.objects.get(object_type="producer", action="update")
    assert entry.changes["workforce"] == [None, 40]
    assert entry.changes["local_labour_share"] == [None, "75.00"]
    assert entry.reason == "Cập nhật lao động"


def test_producer_patch_status_field_is_ignored(api, users, world):
    response = api(users.agency).patch(
        f"/api/v1/producers/{world.hai_van.pk}", {"status": "dissolved"}, format="json"
    )
    assert response.status_code == 200
    world.hai_van.refresh_from_db()
    assert world.hai_van.status == ProducerStatus.ACTIVE


def test_producer_patch_duplicate_registration_400(api, users, world):
    response = api(users.agency).patch(
        f"/api/v1/producers/{world.hai_van.pk}",
        {"registration_no": world.cam_le.registration_no},
        format="json",
    )
    assert response.status_code == 400
    assert "registration_no" in response.json()["errors"]
    world.hai_van.refresh_from_db()
    assert world.hai_van.registration_no != world.cam_le.registration_no


def test_producer_patch_move_outside_scope_400(api, users, world, units):
    response = api(users.commune).patch(
        f"/api/v1/producers/{world.hai_van.pk}",
        {"commune": {"code": units.other_danang_commune.code, "era": "2025"}},
        format="json",
    )
    assert response.status_code == 400
    assert "commune" in response.json()["errors"]
    world.hai_van.refresh_from_db()
    assert world.hai_van.commune == units.hai_van


def test_producer_account_cannot_change_registration_no(api, users, world):
    response = api(users.producer).patch(
        f"/api/v1/producers/{world.hai_van.pk}", {"registration_no": tax_code(9100)}, format="json"
    )
    assert response.status_code == 400
    assert "registration_no" in response.json()["errors"]


def test_producer_put_not_allowed(api, users, world):
    response = api(users.agency).put(f"/api/v1/producers/{world.hai_van.pk}", {}, format="json")
    assert response.status_code == 405
    assert "PUT" in response.json()["detail"]


# --- status -----------------------------------------------------------------------------------


def test_producer_change_status_audited(api, users, world):
    today = timezone.localdate().isoformat()
    response = api(users.agency).post(
        f"/api/v1/producers/{world.cam_le.pk}/change-status",
        {"status": "suspended", "date": today, "reason": "Tạm dừng sản xuất"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "suspended"
    assert response.json()["status_since"] == today
    entry = AuditEntry.objects.get(object_type="producer", action="status_change")
    assert entry.changes["status"] == ["active", "suspended"]
    assert entry.reason == "Tạm dừng sản xuất"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "asleep", "reason": "x"}, "status"),
        ({"status": "suspended", "date": "2026-02-30", "reason": "x"}, "date"),
        ({"status": "suspended", "date": "2999-01-01", "reason": "x"}, "date"),
        ({"status": "suspended", "reason": ""}, "reason"),
        ({"status": "suspended"}, "reason"),
        ({"status": ["active"], "reason": "x"}, "status"),
    ],
)
def test_producer_change_status_bad_input_400(api, users, world, payload, field):
    payload.setdefault("date", timezone.localdate().isoformat())
    response = api(users.agency).post(
        f"/api/v1/producers/{world.cam_le.pk}/change-status", payload, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    world.cam_le.refresh_from_db()
    assert world.cam_le.status == ProducerStatus.ACTIVE
    assert not AuditEntry.objects.exists()


def test_producer_change_status_rule_names_the_states(api, users, world):
    client = api(users.agency)
    url = f"/api/v1/producers/{world.cam_le.pk}/change-status"
    today = timezone.localdate().isoformat()
    client.post(url, {"status": "dissolved", "date": today, "reason": "Giải thể"}, format="json")
    response = client.post(url, {"status": "active", "date": today, "reason": "x"}, format="json")
    assert response.status_code == 400
    assert "Đã giải thể" in response.json()["detail"]
    assert response.json()["errors"]["status"] == [response.json()["detail"]]


@pytest.mark.parametrize(("role", "expected"), [("inspector", 403), ("producer", 403)])
def test_producer_change_status_refused(api, users, world, role, expected):
    response = api(getattr(users, role)).post(
        f"/api/v1/producers/{world.hai_van.pk}/change-status",
        {"status": "suspended", "date": datetime.date.today().isoformat(), "reason": "x"},
        format="json",
    )
    assert response.status_code == expected


def test_producer_change_status_outside_scope_404(api, users, world):
    response = api(users.agency).post(
        f"/api/v1/producers/{world.hanoi.pk}/change-status",
        {"status": "suspended", "date": timezone.localdate().isoformat(), "reason": "x"},
        format="json",
    )
    assert response.status_code == 404


# --- delete -----------------------------------------------------------------------------------


def test_producer_delete_by_officer_audited(api, users, world):
    pk = world.cam_le.pk
    response = api(users.agency).delete(f"/api/v1/producers/{pk}?reason=Đăng ký trùng")
    assert response.status_code == 204
    assert not Producer.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(object_type="producer", object_id=str(pk))
    assert entry.action == "delete"
    assert entry.reason == "Đăng ký trùng"


def test_producer_delete_with_products_400(api, users, world):
    ProductFactory(producer=world.cam_le)
    response = api(users.agency).delete(f"/api/v1/producers/{world.cam_le.pk}")
    assert response.status_code == 400
    assert "đang có sản phẩm" in response.json()["detail"]
    assert Producer.objects.filter(pk=world.cam_le.pk).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("role", "expected"), [("producer", 403), ("inspector", 403)])
def test_producer_delete_refused(api, users, world, role, expected):
    response = api(getattr(users, role)).delete(f"/api/v1/producers/{world.hai_van.pk}")
    assert response.status_code == expected
    assert Producer.objects.filter(pk=world.hai_van.pk).exists()


def test_producer_delete_outside_scope_404(api, users, world):
    assert api(users.agency).delete(f"/api/v1/producers/{world.hanoi.pk}").status_code == 404


def test_producer_create_unsupported_media_type_415(api, users):
    response = api(users.agency).post("/api/v1/producers", "name=x", content_type="text/plain")
    assert response.status_code == 415
    assert "text/plain" in response.json()["detail"]


def test_producers_page_size_capped_at_500(api, users, world):
    response = api(users.admin).get("/api/v1/producers", {"page_size": 100000})
    assert response.status_code == 200
    assert set(response.json()) == {"count", "next", "previous", "results"}
