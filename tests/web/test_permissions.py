"""Role × page → expected status. 404 = outside the user's scope, 403 = visible but not allowed,
302 = anonymous sent to the login page."""

import pytest
from django.urls import reverse

ROLES = ["admin", "agency", "commune", "district", "council", "inspector", "producer", "anonymous"]

# (url name, object key or None): statuses in the order of ROLES.
TABLE = {
    ("core:home", None): "200 200 200 200 200 200 200 302",
    ("registry:producer_list", None): "200 200 200 200 200 200 200 302",
    ("registry:product_list", None): "200 200 200 200 200 200 200 302",
    ("registry:producer_create", None): "200 200 200 200 403 403 403 302",
    ("registry:product_create", None): "200 200 200 200 403 403 200 302",
    ("registry:unit_search", None): "200 200 200 200 200 200 200 302",
    # A producer on Phường Hải Vân (Đà Nẵng, 2025), owned by the producer account.
    ("registry:producer_detail", "dn"): "200 200 200 404 200 200 200 302",
    ("registry:producer_edit", "dn"): "200 200 200 404 403 403 200 302",
    ("registry:producer_status", "dn"): "200 200 200 404 403 403 403 302",
    ("registry:producer_delete", "dn"): "200 200 200 404 403 403 403 302",
    # A producer on a legacy Quảng Nam commune: within the Đà Nẵng agency's scope.
    ("registry:producer_detail", "qn"): "200 200 404 200 200 200 404 302",
    ("registry:producer_edit", "qn"): "200 200 404 200 403 403 404 302",
    ("registry:producer_status", "qn"): "200 200 404 200 403 403 404 302",
    ("registry:producer_delete", "qn"): "200 200 404 200 403 403 404 302",
    # A producer in Hà Nội: outside every scope but the administrator's.
    ("registry:producer_detail", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:producer_edit", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:producer_status", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:producer_delete", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:product_detail", "dn"): "200 200 200 404 200 200 200 302",
    ("registry:product_edit", "dn"): "200 200 200 404 403 403 200 302",
    ("registry:product_delete", "dn"): "200 200 200 404 403 403 200 302",
    ("registry:product_photos", "dn"): "200 200 200 404 403 403 200 302",
    ("registry:product_detail", "qn"): "200 200 404 200 200 200 404 302",
    ("registry:product_edit", "qn"): "200 200 404 200 403 403 404 302",
    ("registry:product_delete", "qn"): "200 200 404 200 403 403 404 302",
    ("registry:product_detail", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:product_edit", "hn"): "200 404 404 404 404 404 404 302",
    ("registry:product_photos", "hn"): "200 404 404 404 404 404 404 302",
}

CASES = [
    (url_name, key, role, int(status))
    for (url_name, key), statuses in TABLE.items()
    for role, status in zip(ROLES, statuses.split(), strict=True)
]


def _url(world, url_name, key):
    if key is None:
        return reverse(url_name)
    objects = world["products"] if url_name.startswith("registry:product_") else world["producers"]
    return reverse(url_name, args=[objects[key].pk])


@pytest.mark.parametrize(("url_name", "key", "role", "expected"), CASES)
def test_page_permission_table(client, world, url_name, key, role, expected):
    if role != "anonymous":
        client.force_login(world["users"][role])
    response = client.get(_url(world, url_name, key))
    assert response.status_code == expected, (url_name, key, role)
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("agency", ["dn", "qn"], ["hn"]),
        ("commune", ["dn"], ["qn", "hn"]),
        ("district", ["qn"], ["dn", "hn"]),
        ("producer", ["dn"], ["qn", "hn"]),
    ],
)
def test_producer_list_shows_only_scope(client, world, role, visible, hidden):
    client.force_login(world["users"][role])
    content = client.get(reverse("registry:producer_list")).content.decode()
    for key in visible:
        assert world["producers"][key].name in content
    for key in hidden:
        assert world["producers"][key].name not in content


def test_producer_detail_hides_buttons_not_allowed(client, world):
    producer = world["producers"]["dn"]
    client.force_login(world["users"]["council"])
    content = client.get(reverse("registry:producer_detail", args=[producer.pk])).content.decode()
    assert reverse("registry:producer_edit", args=[producer.pk]) not in content
    assert reverse("registry:producer_delete", args=[producer.pk]) not in content
    assert reverse("registry:producer_status", args=[producer.pk]) not in content

    client.force_login(world["users"]["agency"])
    content = client.get(reverse("registry:producer_detail", args=[producer.pk])).content.decode()
    assert reverse("registry:producer_edit", args=[producer.pk]) in content
    assert reverse("registry:producer_status", args=[producer.pk]) in content


def test_write_by_post_refused_for_council_member(client, world):
    producer = world["producers"]["dn"]
    client.force_login(world["users"]["council"])
    response = client.post(reverse("registry:producer_delete", args=[producer.pk]), {"reason": ""})
    assert response.status_code == 403
    producer.refresh_from_db()


def test_producer_account_cannot_change_registration_fields(client, world):
    producer = world["producers"]["dn"]
    other = world["units"].other_danang_commune
    client.force_login(world["users"]["producer"])
    response = client.post(
        reverse("registry:producer_edit", args=[producer.pk]),
        {
            "name": producer.name,
            "kind": "enterprise",
            "registration_no": "0100109106",
            "legal_representative": producer.legal_representative,
            "commune_era": "2025",
            "commune_code": other.code,
            "phone": "0236 3888 999",
        },
    )
    assert response.status_code == 302
    old_registration = producer.registration_no
    producer.refresh_from_db()
    assert producer.phone == "0236 3888 999"
    assert producer.kind == "cooperative"
    assert producer.registration_no == old_registration
    assert producer.commune_id == world["units"].hai_van.pk
