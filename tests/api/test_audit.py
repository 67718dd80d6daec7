import pytest
from django.utils import timezone

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _create_producer(client, units, number):
    from tests.api.test_producers import _payload
    from tests.factories import tax_code

    response = client.post(
        "/api/v1/producers", _payload(units, registration_no=tax_code(number)), format="json"
    )
    assert response.status_code == 201
    return response.json()["id"]


def test_audit_trail_of_producer_create_update_status(api, users, units):
    client = api(users.agency)
    pk = _create_producer(client, units, 9500)
    client.patch(f"/api/v1/producers/{pk}", {"workforce": 12, "reason": "Sửa"}, format="json")
    client.post(
        f"/api/v1/producers/{pk}/change-status",
        {"status": "suspended", "date": timezone.localdate().isoformat(), "reason": "Tạm dừng"},
        format="json",
    )
    response = client.get("/api/v1/audit", {"object": f"producer:{pk}"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    entries = body["results"]
    assert [entry["action"] for entry in entries] == ["status_change", "update", "create"]
    assert entries[0]["changes"]["status"] == ["active", "suspended"]
    assert entries[0]["reason"] == "Tạm dừng"
    assert entries[1]["changes"] == {"workforce": [25, 12]}
    assert all(entry["actor"] == users.agency.username for entry in entries)
    assert set(entries[0]) >= {"at", "actor", "action", "reason", "changes"}


def test_audit_of_deleted_product_readable_in_scope_only(api, users, world):
    product = ProductFactory(producer=world.cam_le)
    pk = product.pk
    assert api(users.agency).delete(f"/api/v1/products/{pk}").status_code == 204
    response = api(users.agency).get("/api/v1/audit", {"object": f"product:{pk}"})
    assert response.status_code == 200
    assert [entry["action"] for entry in response.json()["results"]] == ["delete"]
    # Cẩm Lệ is outside the Hải Vân commune officer's scope.
    assert api(users.commune).get("/api/v1/audit", {"object": f"product:{pk}"}).status_code == 404


def test_audit_of_object_outside_scope_404(api, users, world):
    response = api(users.agency).get("/api/v1/audit", {"object": f"producer:{world.hanoi.pk}"})
    assert response.status_code == 404
    assert (
        api(users.producer)
        .get("/api/v1/audit", {"object": f"producer:{world.cam_le.pk}"})
        .status_code
        == 404
    )


def test_audit_visible_to_read_only_roles(api, users, world):
    response = api(users.inspector).get("/api/v1/audit", {"object": f"producer:{world.cam_le.pk}"})
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", ["dossier:1", "user:1", "certificate:5"])
def test_audit_unknown_type_404(api, users, value):
    assert api(users.admin).get("/api/v1/audit", {"object": value}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{}, {"object": ""}, {"object": "producer"}, {"object": "producer:abc"}, {"object": ":1"},
     {"object": "producer:1:2"}, {"object": "producer:" + "9" * 40}],
)  # fmt: skip
def test_audit_malformed_object_400(api, users, params):
    response = api(users.admin).get("/api/v1/audit", params)
    assert response.status_code == 400
    assert "object" in response.json()["errors"]


def test_audit_nonexistent_object_404(api, users):
    assert api(users.admin).get("/api/v1/audit", {"object": "producer:999999"}).status_code == 404


def test_audit_requires_login(api, world):
    response = api().get("/api/v1/audit", {"object": f"producer:{world.hai_van.pk}"})
    assert response.status_code == 401
