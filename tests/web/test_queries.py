"""The number of queries of a list page does not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ocop.accounts.models import Role
from tests.factories import ProducerFactory, ProductFactory, user_with_role


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["registry:producer_list", "registry:product_list"])
def test_list_query_count_does_not_grow(client, db, units, url_name):
    user = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    client.force_login(user)
    url = reverse(url_name)
    product = ProductFactory(producer=ProducerFactory(commune=units.hai_van))
    assert product.producer.name in client.get(url).content.decode()
    one = _count_queries(client, url)
    for index in range(30):
        commune = units.legacy_commune if index % 2 else units.other_danang_commune
        ProductFactory(producer=ProducerFactory(commune=commune))
    many = _count_queries(client, url)
    assert many == one


def test_home_query_count_does_not_grow(client, db, units):
    client.force_login(user_with_role(Role.AGENCY_OFFICER, unit=units.danang))
    ProductFactory()
    client.get(reverse("core:home"))  # the process's first page reads and keeps the rulebooks
    one = _count_queries(client, reverse("core:home"))
    for _ in range(10):
        ProductFactory()
    assert _count_queries(client, reverse("core:home")) == one


def test_home_counts_certified_products_and_dossiers_in_progress(client, db, units, time_machine):
    """The dashboard shows the products holding a valid certificate by stars and the dossiers
    in progress by step, within the user's scope, with a constant number of queries."""
    from ocop.certification.models import Certificate
    from ocop.evaluation.models import DossierState
    from tests.certification.conftest import WEEK_AFTER_SIGNING, certified_product
    from tests.evaluation.builders import Province, ready_dossier

    # The certificates are signed on 29 Nov 2026: valid a week later, expired three years on.
    time_machine.move_to(WEEK_AFTER_SIGNING, tick=False)
    p = Province(units)
    client.force_login(p.agency)
    ready_dossier(p.product, p.producer_user)
    one = _count_queries(client, reverse("core:home"))
    for n, stars in ((1, 4), (2, 3)):
        certificate = certified_product(
            name=f"Sản phẩm {n}",
            producer_name=f"Hợp tác xã {n}",
            commune=units.hai_van,
            number=f"{n}/2026/GCN-OCOP-48",
        )
        Certificate.objects.filter(pk=certificate.pk).update(stars=stars)
    ready_dossier(ProductFactory(producer=p.producer), p.producer_user)
    assert _count_queries(client, reverse("core:home")) == one
    page = client.get(reverse("core:home"))
    assert page.context["certified_total"] == 2
    assert dict(page.context["by_stars"]) == {3: 1, 4: 1, 5: 0}
    assert page.context["open_total"] == 2
    assert dict(page.context["by_state"]) == {DossierState.DRAFT: 2}
    # Another province's agency sees none of it.
    client.force_login(user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi))
    page = client.get(reverse("core:home"))
    assert (page.context["certified_total"], page.context["open_total"]) == (0, 0)
