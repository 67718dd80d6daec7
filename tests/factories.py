"""factory_boy factories shared by all tests. Units come from the loaded official data."""

import factory
from django.contrib.auth.hashers import make_password
from stdnum.vn import mst

from ocop.accounts.models import Membership, Role, User
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.models import Producer, ProducerKind, Product, ProductSet

PASSWORD = "test-password-123"
_HASHED = make_password(PASSWORD)


def unit(code: int, era: str = Era.CURRENT, level: str = Level.COMMUNE) -> AdminUnit:
    return AdminUnit.objects.get(code=code, era=era, level=level)


class UnitSet:
    """Named units used across tests (codes from the GSO data)."""

    @property
    def danang(self):  # Thành phố Đà Nẵng, 2025 era (includes former Quảng Nam)
        return unit(48, level=Level.PROVINCE)

    @property
    def hanoi(self):
        return unit(1, level=Level.PROVINCE)

    @property
    def hai_van(self):  # Phường Hải Vân, Đà Nẵng, 2025 era
        return unit(20194)

    @property
    def other_danang_commune(self):  # Phường Cẩm Lệ, Đà Nẵng, 2025 era
        return unit(20260)

    @property
    def hanoi_commune(self):  # Phường Ba Đình, Hà Nội, 2025 era
        return unit(4)

    @property
    def legacy_quang_nam(self):
        return unit(49, era=Era.LEGACY, level=Level.PROVINCE)

    @property
    def legacy_district(self):  # Thị xã Điện Bàn, legacy Quảng Nam
        return unit(507, era=Era.LEGACY, level=Level.DISTRICT)

    @property
    def legacy_commune(self):  # a commune of legacy Điện Bàn
        return (
            AdminUnit.objects.filter(
                era=Era.LEGACY, level=Level.COMMUNE, parent=self.legacy_district
            )
            .order_by("code")
            .first()
        )


def tax_code(n: int) -> str:
    """The n-th valid 10-digit Vietnamese tax code (for unique registration numbers)."""
    base = 400000000 + n * 7
    while True:
        prefix = f"{base:09d}"
        check = mst.calc_check_digit(prefix)
        if len(check) == 1:
            return prefix + check
        base += 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="vi_VN")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = _HASHED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.AGENCY_OFFICER
    unit = factory.LazyFunction(lambda: unit(48, level=Level.PROVINCE))


def user_with_role(role: str, *, unit=None, producer=None, department="", username=None):
    """A user holding one role in one scope."""
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.create(
        user=user, role=role, unit=unit, producer=producer, department=department
    )
    return user


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp số {n}")
    kind = ProducerKind.COOPERATIVE
    registration_no = factory.Sequence(tax_code)
    legal_representative = factory.Faker("name", locale="vi_VN")
    address = "Thôn 1"
    commune = factory.LazyFunction(lambda: unit(20194))
    phone = "0905123456"


class ProductFactory(factory.django.DjangoModelFactory):
    """A product with a code in the legal format, bypassing the allocation of the domain action."""

    class Meta:
        model = Product

    producer = factory.SubFactory(ProducerFactory)
    name = factory.Sequence(lambda n: f"Nước mắm cá cơm số {n}")
    product_set = factory.LazyFunction(lambda: ProductSet.objects.get(number=9))
    commune = factory.SelfAttribute("producer.commune")
    code_year = factory.Sequence(lambda n: 2026 + n // 999)
    code_sequence = factory.Sequence(lambda n: n % 999 + 1)
    code = factory.LazyAttribute(
        lambda o: f"48-{o.commune.code:05d}-{o.code_sequence:03d}-{o.code_year}"
    )


ROLES_WITH_UNIT = {
    Role.AGENCY_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.COUNCIL_MEMBER,
    Role.INSPECTOR,
}

__all__ = [
    "PASSWORD",
    "MembershipFactory",
    "ProducerFactory",
    "ProductFactory",
    "UnitSet",
    "UserFactory",
    "tax_code",
    "unit",
    "user_with_role",
]
