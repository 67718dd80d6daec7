"""`POST /api/v1/dossiers/<id>/confirm-samples`: the commune officer confirms the product samples
received with a dossier (QĐ 26/2026 Art. 6.2.d); the dossier shows the samples required and
confirmed, and the proposal is refused without them."""

import datetime

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.evaluation import domain
from ocop.evaluation.models import Transition
from ocop.registry.models import ProductSet
from tests.api.calls import ok, post, refused
from tests.evaluation.builders import ASSESSMENT, ready_dossier, refresh
from tests.factories import ProductFactory, user_with_role

pytestmark = pytest.mark.django_db


def received(p, product=None):
    dossier = ready_dossier(product or p.product, p.producer_user)
    domain.submit(dossier, actor=p.producer_user)
    return domain.receive(dossier, actor=p.commune_officer)


def body(count=5, day=None) -> dict:
    return {"count": count, "received_on": (day or timezone.localdate()).isoformat()}


def test_the_commune_officer_confirms_the_samples_through_the_api(api, p):
    dossier = received(p)
    commune = api(p.commune_officer)
    shown = ok(commune.get(f"/api/v1/dossiers/{dossier.pk}"))
    assert (shown["samples_required"], shown["samples_confirmed"]) == (5, None)
    assert "confirm-samples" in shown["available_actions"]
    assert (
        "confirm-samples"
        not in ok(api(p.producer_user).get(f"/api/v1/dossiers/{dossier.pk}"))["available_actions"]
    )

    answer = ok(post(commune, f"dossiers/{dossier.pk}/confirm-samples", body(6)))

    today = timezone.localdate().isoformat()
    assert (answer["samples_confirmed"], answer["samples_confirmed_on"]) == (6, today)
    assert answer["state"] == "received"
    trail = ok(api(p.agency).get(f"/api/v1/audit?object=dossier:{dossier.pk}"))["results"]
    entry = next(e for e in trail if "samples_confirmed" in e["changes"])
    assert entry["changes"]["samples_confirmed"] == [None, 6]
    assert entry["actor"] == p.commune_officer.username


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"count": 0, "received_on": "2026-11-29"}, "count"),
        ({"count": "năm", "received_on": "2026-11-29"}, "count"),
        ({"count": 40000, "received_on": "2026-11-29"}, "count"),
        ({"count": 5}, "received_on"),
        ({"count": 5, "received_on": "29/11/2026"}, "received_on"),
    ],
)
def test_bad_bodies_are_400_naming_the_field_and_change_nothing(api, p, data, field):
    dossier = received(p)

    response = post(api(p.commune_officer), f"dossiers/{dossier.pk}/confirm-samples", data)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert refresh(dossier).samples_confirmed is None


def test_a_day_after_today_is_refused(api, p):
    dossier = received(p)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = post(
        api(p.commune_officer), f"dossiers/{dossier.pk}/confirm-samples", body(day=tomorrow)
    )

    refused(response, "Ngày nhận mẫu")
    assert response.json()["errors"] == {"received_on": [response.json()["detail"]]}
    assert refresh(dossier).samples_confirmed is None


def test_the_agency_and_the_producer_are_refused_naming_the_role(api, p):
    dossier = received(p)
    for user in (p.agency, p.producer_user):
        refused(
            post(api(user), f"dossiers/{dossier.pk}/confirm-samples", body()),
            "Xác nhận đã nhận sản phẩm mẫu",
            "Cán bộ xã/phường",
        )
    assert refresh(dossier).samples_confirmed is None


def test_a_dossier_of_another_commune_answers_404(api, p, units):
    dossier = received(p)
    stranger = user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune)

    response = post(api(stranger), f"dossiers/{dossier.pk}/confirm-samples", body())

    assert response.status_code == 404
    assert refresh(dossier).samples_confirmed is None


def test_propose_without_samples_is_400_naming_the_rule(api, p):
    dossier = received(p)
    domain.assess(dossier, actor=p.commune_officer, assessment=ASSESSMENT)
    commune = api(p.commune_officer)

    refused(
        post(commune, f"dossiers/{dossier.pk}/propose"),
        "Điều 6.2.d",
        "5 sản phẩm mẫu",
        "số mẫu đã xác nhận nhận: 0",
    )
    assert refresh(dossier).state == "assessed"
    assert not Transition.objects.filter(dossier=dossier, action="propose").exists()

    ok(post(commune, f"dossiers/{dossier.pk}/confirm-samples", body()))
    assert ok(post(commune, f"dossiers/{dossier.pk}/propose"))["state"] == "proposed"


def test_a_tourism_dossier_needs_no_samples(api, p):
    product = ProductFactory(producer=p.producer, product_set=ProductSet.objects.get(number=26))
    dossier = received(p, product)
    commune = api(p.commune_officer)

    shown = ok(commune.get(f"/api/v1/dossiers/{dossier.pk}"))
    assert (shown["samples_required"], shown["samples_confirmed"]) == (0, None)
    assert "confirm-samples" not in shown["available_actions"]
    refused(
        post(commune, f"dossiers/{dossier.pk}/confirm-samples", body()),
        "không phải nộp sản phẩm mẫu",
    )
    ok(post(commune, f"dossiers/{dossier.pk}/assess", ASSESSMENT))
    assert ok(post(commune, f"dossiers/{dossier.pk}/propose"))["state"] == "proposed"
