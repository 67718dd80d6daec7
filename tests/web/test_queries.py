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
    one = _count_queries(client, reverse("core:home"))
    for _ in range(10):
        ProductFactory()
    assert _count_queries(client, reverse("core:home")) == one
