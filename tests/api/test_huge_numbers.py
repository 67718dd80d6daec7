"""Numbers beyond what a database column holds are a 400 in filters, never a crash."""

import pytest

HUGE = "9" * 20

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/api/v1/products", "producer"),
        ("/api/v1/products", "product_set"),
        ("/api/v1/products", "commune"),
        ("/api/v1/producers", "province"),
        ("/api/v1/producers", "commune"),
    ],
)
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}"])
def test_filter_with_out_of_range_number_is_400(api, users, path, param, value):
    response = api(users.agency).get(path, {param: value})

    assert response.status_code == 400
    assert param in response.json()["errors"]


def test_product_page_ignores_out_of_range_producer_filter(client, users):
    client.force_login(users.agency)

    response = client.get("/products/", {"producer": HUGE})

    assert response.status_code == 200
