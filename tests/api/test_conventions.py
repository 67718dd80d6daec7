"""Conventions every endpoint shares: JSON errors everywhere, strict paging, `errors` on 400."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/api/v1/producers/abc", "/api/v1/products/%C2%84", "/api/v1/nothing-here", "/api/v1/units/x"],
)
def test_unknown_api_path_is_json_404(api, users, path):
    response = api(users.agency).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


@pytest.mark.parametrize("size", ["null", "0", "-3", "1.5", ""])
def test_page_size_must_be_a_positive_whole_number(api, users, size):
    response = api(users.agency).get("/api/v1/producers", {"page_size": size})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_page_size_above_maximum_is_capped(api, users):
    response = api(users.agency).get("/api/v1/units", {"page_size": 100000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 500


def test_unparseable_body_is_400_with_errors(api, users, world):
    response = api(users.agency).patch(
        f"/api/v1/producers/{world.hai_van.pk}", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {}


def test_negative_number_filter_is_valid_and_matches_nothing(api, users):
    response = api(users.agency).get("/api/v1/producers", {"commune": -5})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_unknown_api_path_answers_json_404_to_writes_with_a_session(client, users):
    client.force_login(users.agency)
    client.handler.enforce_csrf_checks = True

    response = client.patch("/api/v1/producers/abc", "{}", content_type="application/json")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}
