import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/health": {"get"},
    "/api/v1/auth/token": {"post"},
    "/api/v1/audit": {"get"},
    "/api/v1/producers": {"get", "post"},
    "/api/v1/producers/{id}": {"get", "patch", "delete"},
    "/api/v1/producers/{id}/change-status": {"post"},
    "/api/v1/products": {"get", "post"},
    "/api/v1/products/{id}": {"get", "patch", "delete"},
    "/api/v1/products/{id}/photos": {"post"},
}


def test_schema_describes_registry_endpoints(api):
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    for path, methods in ENDPOINTS.items():
        assert set(schema["paths"][path]) == methods, path
    list_parameters = {p["name"] for p in schema["paths"]["/api/v1/producers"]["get"]["parameters"]}
    assert {"q", "kind", "status", "commune", "era", "province", "page", "page_size"} <= (
        list_parameters
    )
    audit = schema["paths"]["/api/v1/audit"]["get"]["parameters"]
    assert [p["name"] for p in audit if p["required"]] == ["object"]


def _producer_list(response) -> dict:
    assert response.status_code == 200
    return yaml.safe_load(response.content)["paths"]["/api/v1/producers"]["get"]


def test_schema_texts_vietnamese_by_default(api):
    response = api().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    producers = _producer_list(response)
    assert producers["summary"] == "Danh sách chủ thể OCOP trong phạm vi của người dùng"
    assert producers["responses"]["401"]["description"] == "Chưa đăng nhập."
    assert yaml.safe_load(response.content)["info"]["title"] == "API OCOP"


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?lang=en", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "en"})],
    ids=["lang-parameter", "accept-language"],
)
def test_schema_texts_english_when_asked(api, query, headers):
    response = api().get(
        f"/api/schema/{query}", HTTP_ACCEPT="application/vnd.oai.openapi", **headers
    )
    producers = _producer_list(response)
    assert producers["summary"] == "List of OCOP producers within the user's scope"
    assert producers["responses"]["401"]["description"] == "Not signed in."
    search = next(p for p in producers["parameters"] if p["name"] == "q")
    assert search["description"].startswith("Search ignoring diacritics")
    assert yaml.safe_load(response.content)["info"]["title"] == "OCOP API"


def test_docs_page_passes_language_to_schema(api):
    response = api().get("/api/docs/?lang=en")
    assert response.status_code == 200
    assert '"/api/schema/?lang\\u003Den"' in response.content.decode()


def test_docs_page_title_follows_accept_language(api):
    assert "<title>API OCOP</title>" in api().get("/api/docs/").content.decode()
    english = api().get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert "<title>OCOP API</title>" in english.content.decode()


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_docs_served_without_cdn(api):
    response = api().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn" not in html.lower()
