"""Property-based fuzzing of `/api/v1/inspections` from the OpenAPI schema (schemathesis): every
generated request, valid or not, gets a documented answer, never a 500."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ocop.wsgi import application

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
# The operations of the resource; the schema is read inside the tests (reading it imports the
# URLs, whose forms may touch the database).
LABELS = (
    "GET /api/v1/inspections",
    "POST /api/v1/inspections",
    "GET /api/v1/inspections/{id}",
    "POST /api/v1/inspections/{id}/targets",
    "POST /api/v1/inspections/{id}/visits",
    "POST /api/v1/inspections/{id}/visits/{visit_id}/findings",
    "POST /api/v1/inspections/{id}/findings/{finding_id}/refer",
    "POST /api/v1/inspections/{id}/findings/{finding_id}/evidence",
)
CASES = [
    pytest.param(label, mode, id=f"{label} {mode.value}")
    for label in LABELS
    for mode in GenerationMode
]
_operations: dict = {}


def operations() -> dict:
    if not _operations:
        schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path.startswith("/api/v1/inspections"):
                _operations[operation.label] = operation
    return _operations


@pytest.fixture
def wsgi_in_test_transaction():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world, plan, visit, wsgi_in_test_transaction):
    return Token.objects.create(user=world.agency).key


@pytest.mark.django_db
def test_operations_are_found():
    assert set(operations()) == set(LABELS)


@pytest.mark.parametrize(("label", "mode"), CASES)
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(data=st.data())
def test_inspections_api_answers_as_documented(label, mode, token, data):
    case = data.draw(operations()[label].as_strategy(generation_mode=mode))
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=CHECKS)
