import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ocop.geo.models import AdminUnit, Era, Level

pytestmark = pytest.mark.django_db
URL = "/api/v1/units"


@pytest.fixture
def client():
    return APIClient()


def test_units_list_is_public_and_paginated(client):
    response = client.get(URL, {"page_size": 10})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == AdminUnit.objects.count()
    assert len(body["results"]) == 10
    assert set(body["results"][0]) >= {"id", "code", "era", "level", "name", "parent"}


def test_units_list_parent_gives_communes_of_danang(client):
    response = client.get(URL, {"era": "2025", "parent": 48, "page_size": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 94
    assert {row["level"] for row in body["results"]} == {"commune"}
    assert {row["province"]["code"] for row in body["results"]} == {48}
    assert {row["era"] for row in body["results"]} == {"2025"}


def test_units_list_legacy_parent_and_level(client):
    districts = client.get(URL, {"era": "legacy", "parent": 49}).json()
    assert districts["count"] == 18
    communes = client.get(URL, {"era": "legacy", "parent": 49, "level": "commune"}).json()
    assert communes["count"] == 234
    # No legacy province has code 503: the district (Hội An) is meant.
    hoi_an = client.get(URL, {"era": "legacy", "parent": 503, "level": "commune"}).json()
    assert {row["parent"]["name"] for row in hoi_an["results"]} == {"Thành phố Hội An"}
    # 1 is both Hà Nội and Quận Ba Đình: the province unless parent_level says otherwise.
    ha_noi = client.get(URL, {"era": "legacy", "parent": 1}).json()
    assert ha_noi["results"][0]["parent"]["name"] == "Thành phố Hà Nội"
    ba_dinh = client.get(URL, {"era": "legacy", "parent": 1, "parent_level": "district"}).json()
    assert {row["parent"]["name"] for row in ba_dinh["results"]} == {"Quận Ba Đình"}


def test_units_list_q_ignores_diacritics(client):
    body = client.get(URL, {"q": "hoi an", "era": "2025", "level": "commune"}).json()
    names = [row["name"] for row in body["results"]]
    assert "Phường Hội An" in names[:3]
    body = client.get(URL, {"q": "da nang", "level": "province"}).json()
    assert {(row["era"], row["code"]) for row in body["results"]} == {("2025", 48), ("legacy", 48)}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"era": "2024"}, "era", "Thời kỳ phải là “2025” hoặc “legacy”."),
        ({"level": "hamlet"}, "level", "Cấp phải là “province”, “district” hoặc “commune”."),
        ({"parent": 48}, "era", "Cần chọn thời kỳ khi lọc theo đơn vị cấp trên."),
        (
            {"parent": "abc", "era": "2025"},
            "parent",
            "Mã đơn vị hành chính phải là số nguyên dương.",
        ),
        (
            {"parent": 5555, "era": "2025"},
            "parent",
            "Không có đơn vị cấp trên mã 5555 thời kỳ 2025.",
        ),
        (
            {"parent": 1, "era": "legacy", "parent_level": "x"},
            "parent_level",
            "Cấp phải là “province”, “district” hoặc “commune”.",
        ),
    ],
)
def test_units_list_bad_filters_answer_400(client, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {field: [message]}
    assert body["detail"] == message


def test_units_list_parent_of_other_era_says_so(client):
    # 49 (Quảng Nam) exists only in the legacy era.
    response = client.get(URL, {"parent": 49, "era": "2025"})
    assert response.status_code == 400
    assert response.json()["errors"]["parent"][0].startswith("Mã 49 không thuộc thời kỳ 2025")


def test_units_retrieve_by_id(client):
    unit = AdminUnit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, code=20410)
    response = client.get(f"{URL}/{unit.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Phường Hội An"
    assert client.get(f"{URL}/999999999").status_code == 404
    assert client.get(f"{URL}/abc").status_code == 404


def test_units_list_query_count_does_not_grow(client):
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"era": "2025", "parent": 48, "page_size": 1})
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"era": "2025", "parent": 48, "page_size": 94})
    assert len(one) == len(many)


def test_units_schema_documents_filters(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/units"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"era", "parent", "level", "q", "page", "page_size"} <= names
