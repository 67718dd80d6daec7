"""`POST /api/v1/revocations` as the OpenAPI schema describes it: multipart/form-data with the
evidence files, required for the sources the domain requires them for; JSON (no files) only for
the sources whose record is the evidence. A request built from the schema opens a case."""

import datetime
import re

import pytest
import yaml
from django.utils import timezone
from rest_framework.test import APIClient

from ocop.revocations.domain import EVIDENCE_EXEMPT
from ocop.revocations.models import RevocationCase, Source

from .conftest import pdf

pytestmark = pytest.mark.django_db

NEED_FILE = [value for value in Source.values if value not in EVIDENCE_EXEMPT]


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    return yaml.safe_load(response.content)


def _component(schema, ref: str) -> dict:
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _body_schema(schema, media_type: str) -> dict:
    content = schema["paths"]["/api/v1/revocations"]["post"]["requestBody"]["content"]
    return _component(schema, content[media_type]["schema"]["$ref"])


def _enum(schema, prop: dict) -> list[str]:
    return _component(schema, prop["allOf"][0]["$ref"])["enum"]


def test_schema_sends_files_as_multipart_and_names_the_sources_that_need_one(schema):
    operation = schema["paths"]["/api/v1/revocations"]["post"]
    assert next(iter(operation["requestBody"]["content"])) == "multipart/form-data"
    body = _body_schema(schema, "multipart/form-data")
    evidence = body["properties"]["evidence"]
    assert evidence["type"] == "array"
    assert evidence["items"] == {"type": "string", "format": "binary"}
    assert _enum(schema, body["properties"]["source"]) == Source.values
    required, exempt = evidence["description"].split("Bắt buộc")[1].split("không cần")
    assert sorted(re.findall(r"`(\w+)`", required)) == sorted(NEED_FILE)
    assert sorted(re.findall(r"`(\w+)`", exempt)) == sorted(EVIDENCE_EXEMPT)
    for value in Source.values:
        assert f"`{value}`" in operation["description"]


def test_schema_json_body_has_no_files_and_only_the_sources_without_one(schema):
    body = _body_schema(schema, "application/json")
    assert "evidence" not in body["properties"]
    assert sorted(_enum(schema, body["properties"]["source"])) == sorted(EVIDENCE_EXEMPT)
    multipart = _body_schema(schema, "multipart/form-data")
    assert set(multipart["properties"]) - set(body["properties"]) == {"evidence"}
    assert body["required"] == multipart["required"]


def _values(scene, schema, body: dict, source: str) -> dict:
    """A value for every property of the schema's body, of its type."""
    finding_date = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    examples = {
        "certificates": [scene.four.pk],
        "ground": "c",
        "source": source,
        "finding_date": finding_date,
        "description": "Văn bản đề nghị số 12/BNNMT-KTHT.",
        "evidence": [pdf("de-nghi.pdf"), pdf("ket-luan.pdf")],
    }
    values = {}
    for name, prop in body["properties"].items():
        values[name] = examples[name]
        if "allOf" in prop:
            assert values[name] in _enum(schema, prop), name
    assert set(body["required"]) <= set(values)
    return values


@pytest.mark.parametrize("source", NEED_FILE)
def test_a_multipart_post_following_the_schema_opens_the_case(scene, schema, source):
    body = _body_schema(schema, "multipart/form-data")
    client = APIClient()
    client.force_authenticate(scene.admin)
    response = client.post(
        "/api/v1/revocations", _values(scene, schema, body, source), format="multipart"
    )
    assert response.status_code == 201, response.json()
    case = RevocationCase.objects.get(pk=response.json()["id"])
    assert case.source == source
    assert sorted(e.title for e in case.evidence.all()) == ["de-nghi.pdf", "ket-luan.pdf"]


def test_a_json_post_following_the_schema_opens_the_case(scene, schema):
    body = _body_schema(schema, "application/json")
    client = APIClient()
    client.force_authenticate(scene.agency)
    values = _values(scene, schema, body, Source.INSPECTION_FINDING)
    response = client.post("/api/v1/revocations", values, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["evidence"] == []


@pytest.mark.parametrize("source", Source.values)
def test_only_the_sources_the_schema_names_need_a_file(scene, source):
    """Without a file, the sources needing one are refused for the evidence and the others
    are not (a producer status change is refused for the producer's status instead)."""
    client = APIClient()
    client.force_authenticate(scene.admin)
    body = {
        "certificates": [scene.four.pk],
        "ground": "dd",
        "source": source,
        "finding_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    }
    response = client.post("/api/v1/revocations", body, format="multipart")
    if source in NEED_FILE:
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["evidence"]
    elif source == Source.PRODUCER_STATUS_CHANGE:
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["source"]
    else:
        assert response.status_code == 201, response.json()
