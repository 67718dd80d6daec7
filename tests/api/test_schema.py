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


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))


def test_docs_served_without_cdn(api):
    response = api().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar" in html
    assert "cdn" not in html.lower()
