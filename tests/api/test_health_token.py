import pytest
from django.db import OperationalError, connection
from rest_framework.authtoken.models import Token

from ocop.accounts.models import Role
from ocop.api.throttling import LoginFailureThrottle
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_health_ok_without_login(api):
    response = api().get("/api/v1/health", HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_503_when_database_fails(api, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = api().get("/api/v1/health")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_token_issued_for_good_credentials_and_accepted(api, units):
    user = user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency-x")
    response = api().post("/api/v1/auth/token", {"username": "agency-x", "password": PASSWORD})
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=user).key == key

    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/producers").status_code == 200


def test_token_wrong_password_400_in_vietnamese(api, units):
    user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency-y")
    response = api().post("/api/v1/auth/token", {"username": "agency-y", "password": "nope"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert body["errors"] == {"non_field_errors": [body["detail"]]}
    assert response["Content-Language"] == "vi"
    assert not Token.objects.exists()


def test_token_missing_fields_400(api):
    response = api().post("/api/v1/auth/token", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}
    assert response.json()["errors"]["username"] == ["Trường này là bắt buộc."]


def test_token_honours_accept_language(api):
    response = api().post("/api/v1/auth/token", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"


def test_token_refused_for_demo_account_without_debug(api, units, settings):
    settings.DEBUG = False
    user = user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency")
    user.is_demo = True
    user.save()
    response = api().post("/api/v1/auth/token", {"username": "agency", "password": PASSWORD})
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_token_throttled_after_repeated_failures(api, units):
    user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency-z")
    limit = LoginFailureThrottle().num_requests
    client = api()
    for _attempt in range(limit):
        response = client.post("/api/v1/auth/token", {"username": "agency-z", "password": "x"})
        assert response.status_code == 400
    response = client.post("/api/v1/auth/token", {"username": "agency-z", "password": PASSWORD})
    assert response.status_code == 429
    assert "thử lại sau" in response.json()["detail"]


def test_token_successes_do_not_count_towards_throttle(api, units):
    user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="agency-w")
    limit = LoginFailureThrottle().num_requests
    client = api()
    for _attempt in range(limit + 2):
        response = client.post("/api/v1/auth/token", {"username": "agency-w", "password": PASSWORD})
        assert response.status_code == 200


@pytest.mark.parametrize(
    "payload",
    [[], "text", {"username": ["a"], "password": {"x": 1}}, {"username": None, "password": None}],
)
def test_token_odd_payloads_400(api, payload):
    response = api().post("/api/v1/auth/token", payload, format="json")
    assert response.status_code == 400


def test_token_malformed_json_400(api):
    response = api().post("/api/v1/auth/token", "{bad", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Không đọc được dữ liệu")
