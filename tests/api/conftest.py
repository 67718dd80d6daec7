import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from tests.factories import ProducerFactory, user_with_role


@pytest.fixture(autouse=True)
def _clear_throttle_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """`api(user)` → an API client signed in as `user` (anonymous without one)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def world(units, db):
    """Producers in Hải Vân, Cẩm Lệ (Đà Nẵng), a legacy Quảng Nam commune and Hà Nội."""

    class World:
        hai_van = ProducerFactory(commune=units.hai_van, name="Hợp tác xã Nước mắm Hải Vân")
        cam_le = ProducerFactory(commune=units.other_danang_commune, name="Cơ sở Trà Cẩm Lệ")
        legacy = ProducerFactory(commune=units.legacy_commune, name="Hợp tác xã Điện Bàn")
        hanoi = ProducerFactory(commune=units.hanoi_commune, name="Công ty Bánh Ba Đình")

    return World


@pytest.fixture
def users(units, world):
    class Users:
        admin = user_with_role(Role.ADMIN)
        agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
        commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        inspector = user_with_role(Role.INSPECTOR, unit=units.danang, department="health")
        council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
        producer = user_with_role(Role.PRODUCER, producer=world.hai_van)

    return Users


@pytest.fixture
def p(units):
    """The people of Đà Nẵng's programme with one producer and product (evaluation tests)."""
    from tests.evaluation.builders import Province

    return Province(units)


@pytest.fixture
def hanoi_agency(units):
    return user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
