"""Diacritic-insensitive search, and the audit trail of changes made through the pages."""

import pytest
from django.urls import reverse

from ocop.audit.models import AuditEntry
from ocop.registry.models import Producer, Product, ProductSet
from tests.factories import ProductFactory, tax_code


@pytest.fixture
def agency_client(client, world):
    client.force_login(world["users"]["agency"])
    return client


@pytest.mark.parametrize("query", ["nuoc mam", "NUOC MAM", "Nước mắm", "mam hai"])
def test_producer_search_ignores_diacritics(agency_client, world, query):
    content = agency_client.get(reverse("registry:producer_list"), {"q": query}).content.decode()
    assert "Hợp tác xã Nước mắm Hải Vân" in content
    assert "Hợp tác xã Chiếu cói Điện Bàn" not in content


def test_product_search_ignores_diacritics(agency_client, world):
    ProductFactory(producer=world["producers"]["dn"], name="Trà xanh Đại Lộc")
    content = agency_client.get(reverse("registry:product_list"), {"q": "tra xanh dai loc"})
    content = content.content.decode()
    assert "Trà xanh Đại Lộc" in content
    assert "Nước mắm cá cơm" not in content


def test_live_search_returns_only_the_table(agency_client, world):
    response = agency_client.get(
        reverse("registry:producer_list"),
        {"q": "nuoc mam"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Hợp tác xã Nước mắm Hải Vân" in content


def test_producer_list_filters(agency_client, world):
    url = reverse("registry:producer_list")
    content = agency_client.get(url, {"kind": "enterprise"}).content.decode()
    assert "Hợp tác xã Nước mắm Hải Vân" not in content
    legacy_current = world["units"].legacy_commune.current_communes().get()
    content = agency_client.get(url, {"province": 48, "commune": legacy_current.code})
    content = content.content.decode()
    assert "Hợp tác xã Chiếu cói Điện Bàn" in content  # the legacy commune became this one
    assert "Hợp tác xã Nước mắm Hải Vân" not in content


def test_product_list_filters(agency_client, world):
    ProductFactory(
        producer=world["producers"]["dn"],
        name="Trà xanh Đại Lộc",
        product_set=ProductSet.objects.get(number=1),
    )
    url = reverse("registry:product_list")
    sector = ProductSet.objects.get(number=1).sector_code
    content = agency_client.get(url, {"product_set": 1}).content.decode()
    assert "Trà xanh Đại Lộc" in content
    assert "Nước mắm cá cơm" not in content
    content = agency_client.get(url, {"sector": sector}).content.decode()
    assert "Trà xanh Đại Lộc" in content
    producer = world["producers"]["qn"]
    content = agency_client.get(url, {"producer": producer.pk}).content.decode()
    assert world["products"]["qn"].name in content
    assert world["products"]["dn"].name not in content


def test_producer_create_update_delete_are_audited(agency_client, world):
    units = world["units"]
    data = {
        "name": "Công ty TNHH Tinh dầu quế Trà My",
        "kind": "enterprise",
        "registration_no": tax_code(9100),
        "legal_representative": "Lê Thị Mai",
        "address": "Thôn 2",
        "commune_era": "2025",
        "commune_code": units.hai_van.code,
        "phone": "0905000222",
        "reason": "Đăng ký mới theo hồ sơ",
    }
    response = agency_client.post(reverse("registry:producer_create"), data)
    producer = Producer.objects.get(name=data["name"])
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="producer", object_id=str(producer.pk))
    assert (entry.action, entry.actor, entry.reason) == (
        "create",
        world["users"]["agency"],
        "Đăng ký mới theo hồ sơ",
    )

    data.update(phone="0236 3777 888", reason="Cập nhật số điện thoại")
    response = agency_client.post(reverse("registry:producer_edit", args=[producer.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(object_id=str(producer.pk), action="update").get()
    assert entry.changes == {"phone": ["0905000222", "0236 3777 888"]}
    assert entry.reason == "Cập nhật số điện thoại"
    page = agency_client.get(reverse("registry:producer_detail", args=[producer.pk]))
    content = page.content.decode()
    assert "Cập nhật số điện thoại" in content
    assert "Điện thoại:" in content  # the field's verbose name
    assert "0236 3777 888" in content

    response = agency_client.post(
        reverse("registry:producer_delete", args=[producer.pk]), {"reason": "Nhập trùng"}
    )
    assert response.status_code == 302
    assert not Producer.objects.filter(pk=producer.pk).exists()
    entry = AuditEntry.objects.filter(object_id=str(producer.pk), action="delete").get()
    assert entry.reason == "Nhập trùng"
    assert entry.changes["name"] == [data["name"], None]


def test_unchanged_edit_writes_no_audit_entry(agency_client, world):
    producer = world["producers"]["dn"]
    data = {
        "name": producer.name,
        "kind": producer.kind,
        "registration_no": producer.registration_no,
        "legal_representative": producer.legal_representative,
        "address": producer.address,
        "commune_era": "2025",
        "commune_code": producer.commune.code,
        "phone": producer.phone,
    }
    response = agency_client.post(reverse("registry:producer_edit", args=[producer.pk]), data)
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(object_id=str(producer.pk)).exists()


def test_product_update_and_delete_are_audited(agency_client, world):
    product = world["products"]["dn"]
    data = {
        "name": "Nước mắm nhĩ Hải Vân",
        "product_set": product.product_set_id,
        "description": "Chai 500 ml",
        "commune_era": "2025",
        "commune_code": product.commune.code,
        "reason": "Đổi tên thương mại",
    }
    response = agency_client.post(reverse("registry:product_edit", args=[product.pk]), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="product", object_id=str(product.pk))
    assert entry.changes["name"] == [product.name, "Nước mắm nhĩ Hải Vân"]
    content = agency_client.get(reverse("registry:product_detail", args=[product.pk]))
    assert "Đổi tên thương mại" in content.content.decode()

    response = agency_client.post(reverse("registry:product_delete", args=[product.pk]), {})
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="delete").exists()
