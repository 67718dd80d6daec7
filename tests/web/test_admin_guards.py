"""The admin is for superusers only, and the registry's rules give form errors there, not 500s."""

import pytest

from ocop.accounts.models import Role
from ocop.geo.queries import unmapped_legacy_communes
from ocop.registry.models import Producer, Product, ProductSet
from tests.factories import ProducerFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_refuses_staff_officer_without_superuser(client, units):
    officer = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    officer.is_staff = True
    officer.save()
    client.force_login(officer)

    response = client.get("/admin/registry/producer/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_producer_duplicate_registration_in_other_format_is_a_form_error(
    superuser_client, units
):
    existing = ProducerFactory()
    number = existing.registration_no
    response = superuser_client.post(
        "/admin/registry/producer/add/",
        {
            "name": "Hợp tác xã trùng mã",
            "kind": "cooperative",
            "registration_no": f"{number[:5]} {number[5:]}",
            "legal_representative": "Trần Văn A",
            "commune": units.hai_van.pk,
            "producerstatuschange_set-TOTAL_FORMS": "0",
            "producerstatuschange_set-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Đã có chủ thể với mã số này." in response.content.decode()
    assert Producer.objects.count() == 1


def test_admin_product_on_unmapped_legacy_commune_is_a_form_error(superuser_client):
    commune = unmapped_legacy_communes().first()
    producer = ProducerFactory()

    response = superuser_client.post(
        "/admin/registry/product/add/",
        {
            "producer": producer.pk,
            "name": "Sản phẩm thử",
            "product_set": ProductSet.objects.get(number=1).pk,
            "commune": commune.pk,
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "chưa có ánh xạ" in response.content.decode()
    assert not Product.objects.exists()
