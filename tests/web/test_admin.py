"""The Django admin: every model registered, in Vietnamese, and every save or delete audited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from ocop.accounts.models import Membership, Role, User
from ocop.audit.models import AuditEntry
from ocop.geo.models import AdminUnit, UnitConversion
from ocop.registry.models import (
    Producer,
    ProducerStatusChange,
    Product,
    ProductPhoto,
    ProductSet,
)
from tests.factories import PASSWORD, ProducerFactory, UserFactory, tax_code


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="t_superuser", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_every_model_is_registered():
    for model in (
        AdminUnit,
        UnitConversion,
        User,
        Membership,
        Producer,
        ProducerStatusChange,
        ProductSet,
        Product,
        ProductPhoto,
        AuditEntry,
    ):
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/geo/adminunit/?q=hai+van",
        "/admin/geo/unitconversion/?q=20551",
        "/admin/accounts/user/",
        "/admin/accounts/membership/",
        "/admin/registry/producer/",
        "/admin/registry/product/",
        "/admin/registry/productset/",
        "/admin/registry/producerstatuschange/",
        "/admin/registry/productphoto/",
        "/admin/audit/auditentry/",
        "/admin/registry/producer/add/",
        "/admin/registry/product/add/",
        "/admin/accounts/user/add/",
    ],
)
def test_admin_pages_open(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Quản trị OCOP" in response.content.decode()


def test_audit_entries_are_read_only_in_admin(admin_client, world):
    entry = AuditEntry.objects.create(action="update", object_type="producer", object_id="1")
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"reason": "x"})
    assert response.status_code == 403


def _producer_post(producer, **overrides):
    data = {
        "name": producer.name,
        "kind": producer.kind,
        "registration_no": producer.registration_no,
        "legal_representative": producer.legal_representative,
        "address": producer.address,
        "commune": producer.commune_id,
        "phone": producer.phone,
        "email": "",
        "workforce": "",
        "local_labour_share": "",
        "food_safety_cert_no": "",
        "food_safety_cert_expiry": "",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_producer_change_and_delete_are_audited(admin_client, units):
    producer = ProducerFactory(commune=units.hai_van)
    url = reverse("admin:registry_producer_change", args=[producer.pk])
    response = admin_client.post(url, _producer_post(producer, phone="0236 3999 000"))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = AuditEntry.objects.get(object_type="producer", object_id=str(producer.pk))
    assert entry.action == "update"
    assert entry.actor == admin_client.user
    assert entry.changes == {"phone": ["0905123456", "0236 3999 000"]}

    response = admin_client.post(
        reverse("admin:registry_producer_delete", args=[producer.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Producer.objects.filter(pk=producer.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(producer.pk), action="delete")
    assert entry.actor == admin_client.user


def test_admin_producer_status_is_read_only(admin_client, units):
    producer = ProducerFactory(commune=units.hai_van)
    url = reverse("admin:registry_producer_change", args=[producer.pk])
    admin_client.post(url, _producer_post(producer, status="dissolved"))
    producer.refresh_from_db()
    assert producer.status == "active"


def test_admin_producer_add_goes_through_the_action(admin_client, units):
    template = ProducerFactory.build(commune=units.hai_van, registration_no=tax_code(9200))
    response = admin_client.post(
        reverse("admin:registry_producer_add"), _producer_post(template, name="HTX Admin")
    )
    assert response.status_code == 302
    producer = Producer.objects.get(name="HTX Admin")
    assert producer.status_changes.count() == 1
    assert AuditEntry.objects.filter(object_id=str(producer.pk), action="create").count() == 1


def test_admin_product_add_gets_a_legal_code(admin_client, units):
    producer = ProducerFactory(commune=units.hai_van)
    response = admin_client.post(
        reverse("admin:registry_product_add"),
        {
            "producer": producer.pk,
            "name": "Mật ong rừng",
            "product_set": ProductSet.objects.get(number=1).pk,
            "description": "",
            "commune": units.hai_van.pk,
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(name="Mật ong rừng")
    assert product.code.startswith(f"48-{units.hai_van.code:05d}-001-")
    assert AuditEntry.objects.filter(object_id=str(product.pk), action="create").count() == 1


def test_admin_membership_and_user_changes_are_audited(admin_client, units):
    user = UserFactory(username="t_new_officer")
    response = admin_client.post(
        reverse("admin:accounts_membership_add"),
        {
            "user": user.pk,
            "role": Role.AGENCY_OFFICER,
            "unit": units.danang.pk,
            "department": "",
            "producer": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=user)
    entry = AuditEntry.objects.get(object_type="membership", object_id=str(membership.pk))
    assert entry.action == "create"
    assert entry.changes["role"] == [None, Role.AGENCY_OFFICER]

    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "t_added",
            "full_name": "Phạm Minh Tuấn",
            "email": "tuan@example.vn",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": Role.COMMUNE_OFFICER,
            "memberships-0-unit": units.hai_van.pk,
            "memberships-0-department": "",
            "memberships-0-producer": "",
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = User.objects.get(username="t_added")
    entry = AuditEntry.objects.get(object_type="user", object_id=str(added.pk))
    assert entry.action == "create"
    assert "password" not in entry.changes
    assert entry.changes["full_name"] == [None, "Phạm Minh Tuấn"]
    inline = added.memberships.get()
    assert AuditEntry.objects.filter(
        object_type="membership", object_id=str(inline.pk), action="create"
    ).exists()
