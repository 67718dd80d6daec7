"""The plan lists cost the same number of queries for one plan as for several."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from ocop.inspections import domain

from .conftest import TODAY, VISIT_DAY, all_met, make_plan

pytestmark = pytest.mark.django_db


def add_visit_with_finding(world, plan):
    visit = domain.record_visit(
        plan,
        actor=world.agency,
        producer=world.hai_van,
        date=VISIT_DAY,
        inspectors="Đoàn",
        checklist=all_met(),
        today=TODAY,
    )
    domain.add_finding(
        visit,
        actor=world.agency,
        description="x",
        severity="minor",
        certificates=[world.fish_sauce],
        today=TODAY,
    )


def count(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("where", ["api", "page", "xlsx"])
def test_list_queries_do_not_grow(client, world, where):
    api = APIClient()
    api.force_authenticate(world.agency)
    client.force_login(world.agency)
    calls = {
        "api": lambda: api.get("/api/v1/inspections"),
        "page": lambda: client.get(reverse("inspections:plans")),
        "xlsx": lambda: client.get(reverse("inspections:plans"), {"download": "visits"}),
    }
    add_visit_with_finding(world, make_plan(world))
    calls[where]()  # warm the caches (rulebooks of the certificate status)
    one = count(calls[where])

    for n in range(3):
        add_visit_with_finding(world, make_plan(world, title=f"Kế hoạch {n}"))
    many = count(calls[where])

    assert many == one
