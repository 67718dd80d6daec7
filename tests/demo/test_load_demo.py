"""The demo province (built once for the package, conftest.py): producers, products, accounts."""

import re
from collections import Counter

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from ocop.accounts.models import Membership, Role, User
from ocop.audit.models import AuditAction, AuditEntry
from ocop.demo.builder import MOUNTAIN_DISTRICTS, PRODUCT_TARGET, make_plan
from ocop.geo.models import AdminUnit, Era, UnitConversion
from ocop.registry.models import (
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerStatusChange,
    Product,
    ProductSet,
)
from ocop.registry.queries import producers_for_user, products_for_user
from ocop.registry.validators import validate_registration_no

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^48-\d{5}-\d{3}-(2019|2020|2021|2022|2023|2024|2025)$")
DEMO_USERNAMES = {"admin", "agency", "commune", "district", "inspector", "ministry", "producer"} | {
    f"council{n}" for n in range(1, 6)
}


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Producer,
            Product,
            ProducerStatusChange,
            User,
            Membership,
            AuditEntry,
        )
    }


@pytest.fixture(scope="module")
def demo(demo_build, django_db_blocker):
    """The counts of the demo built once for the package (tests/demo/conftest.py)."""
    with django_db_blocker.unblock():
        return counts()


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_load_demo_refused_when_debug_is_off():
    before = counts()

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", verbosity=0)

    assert counts() == before


def test_demo_counts_in_expected_ranges(demo):
    assert 376 <= demo["Producer"] <= 384
    assert 470 <= demo["Product"] <= 495
    assert demo["Product"] == PRODUCT_TARGET
    # The accounts a newcomer signs in with; the producers' and communes' own accounts that
    # act in the demo history have no usable password.
    usable = User.objects.filter(is_demo=True).exclude(
        password__startswith=UNUSABLE_PASSWORD_PREFIX
    )
    assert set(usable.values_list("username", flat=True)) == DEMO_USERNAMES


def test_demo_kind_mix_close_to_targets(demo):
    kinds = Counter(Producer.objects.values_list("kind", flat=True))
    total = sum(kinds.values())
    share = {kind: 100 * number / total for kind, number in kinds.items()}

    assert abs(share[ProducerKind.COOPERATIVE] - 32) <= 3
    assert abs(share[ProducerKind.ENTERPRISE] - 22) <= 3
    assert abs(share[ProducerKind.HOUSEHOLD_BUSINESS] - 32) <= 3
    assert kinds[ProducerKind.COOPERATIVE_GROUP] > 10
    assert kinds[ProducerKind.FARM] > 10
    assert 1 <= kinds[ProducerKind.ASSOCIATION] <= 10


def test_demo_names_follow_the_legal_forms(demo):
    prefixes = {
        ProducerKind.COOPERATIVE: ("HTX ", "Hợp tác xã "),
        ProducerKind.ENTERPRISE: ("Công ty TNHH ", "Công ty Cổ phần "),
        ProducerKind.HOUSEHOLD_BUSINESS: ("Hộ kinh doanh ", "Cơ sở "),
        ProducerKind.COOPERATIVE_GROUP: ("Tổ hợp tác ",),
        ProducerKind.FARM: ("Trang trại ",),
    }
    for name, kind in Producer.objects.values_list("name", "kind"):
        if kind in prefixes:
            assert name.startswith(prefixes[kind]), name


def test_demo_producer_names_and_emails_are_unique(demo):
    names = list(Producer.objects.values_list("name", flat=True))
    emails = list(Producer.objects.exclude(email="").values_list("email", flat=True))

    assert len(set(names)) == len(names)
    assert len(set(emails)) == len(emails)
    assert all(email.endswith("@ocop-demo.vn") for email in emails)
    enterprises = Producer.objects.filter(kind=ProducerKind.ENTERPRISE)
    assert not enterprises.filter(email="").exists()


def test_demo_product_codes_are_legal_and_unique(demo):
    codes = list(Product.objects.values_list("code", flat=True))

    assert all(CODE.match(code) for code in codes), [c for c in codes if not CODE.match(c)][:5]
    assert len(set(codes)) == len(codes)
    years = Counter(Product.objects.values_list("code_year", flat=True))
    assert set(years) == set(range(2019, 2026))


def test_demo_products_cover_every_product_set(demo):
    used = set(Product.objects.values_list("product_set__number", flat=True))

    assert used == set(ProductSet.objects.values_list("number", flat=True))
    assert len(used) == 26
    assert Product.objects.filter(name__startswith="Nước mắm").count() >= 20
    assert Product.objects.filter(name__contains="Sâm Ngọc Linh").exists()
    assert Product.objects.exclude(description="").count() == Product.objects.count()


def test_demo_registration_numbers_are_valid_and_unique(demo):
    numbers = list(Producer.objects.values_list("registration_no", flat=True))

    for number in numbers:
        validate_registration_no(number)
    assert len(set(numbers)) == len(numbers)
    assert any(re.match(r"^\d{2}A\d+$", number) for number in numbers)  # local household numbers


def test_demo_representatives_are_a_realistic_mix(demo):
    producers = Producer.objects.select_related("commune__parent")
    total = producers.count()
    women = producers.filter(representative_is_woman=True).count()

    assert 0.35 <= women / total <= 0.45
    assert 1 <= producers.filter(representative_has_disability=True).count() <= 20
    ethnic = producers.filter(representative_is_ethnic_minority=True)
    assert ethnic.count() >= 10
    # Ethnic-minority representatives live in the mountain districts (or Hòa Bắc's Cơ Tu villages).
    mountain = 0
    for producer in ethnic:
        legacy = producer.commune
        if legacy.is_current:
            legacy = AdminUnit.objects.filter(conversions_to__current_commune=legacy).first()
        mountain += legacy.parent.code in MOUNTAIN_DISTRICTS
    assert mountain >= 0.8 * ethnic.count()


def test_demo_producers_lie_in_danang_mostly_on_former_quang_nam_units(demo, units):
    producers = Producer.objects.select_related("commune")
    total = producers.count()

    assert all(p.commune.current_province_id == units.danang.pk for p in producers)
    legacy = producers.filter(commune__era=Era.LEGACY)
    assert 0.10 <= legacy.count() / total <= 0.20
    assert all(
        p.commune.parent.parent.code == 49 for p in legacy.select_related("commune__parent__parent")
    )
    from_quang_nam = UnitConversion.objects.filter(legacy_commune__parent__parent__code=49)
    on_current_quang_nam = producers.filter(
        commune__era=Era.CURRENT,
        commune__in=from_quang_nam.values("current_commune"),
    ).count()
    assert on_current_quang_nam / total >= 0.6
    on_danang_wards = producers.filter(commune__era=Era.CURRENT).exclude(
        commune__in=from_quang_nam.values("current_commune")
    )
    assert on_danang_wards.exists()


def test_demo_status_history_and_food_safety(demo):
    changed = Producer.objects.exclude(status=ProducerStatus.ACTIVE)

    assert 5 <= changed.count() <= 20
    assert {ProducerStatus.SUSPENDED, ProducerStatus.CEASED, ProducerStatus.DISSOLVED} <= set(
        changed.values_list("status", flat=True)
    )
    for producer in changed:
        assert producer.status_changes.count() >= 2
    assert (
        AuditEntry.objects.filter(action=AuditAction.STATUS_CHANGE, object_type="producer").count()
        == ProducerStatusChange.objects.exclude(from_status="").count()
    )
    with_certificate = Producer.objects.exclude(food_safety_cert_no="")
    assert with_certificate.count() > 150
    expired = with_certificate.filter(food_safety_cert_expiry__lt="2025-07-01")
    assert 0 < expired.count() < with_certificate.count()


def test_demo_records_are_audited_as_the_admin(demo):
    admin = user("admin")

    assert admin.is_superuser and admin.is_staff
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, actor=admin)
    assert created.filter(object_type="producer").count() == Producer.objects.count()
    assert created.filter(object_type="product").count() == Product.objects.count()
    assert not AuditEntry.objects.filter(changes__has_key="password").exists()


def test_demo_second_run_changes_no_counts(demo):
    call_command("load_demo", "--force", verbosity=0)

    assert counts() == demo


def test_demo_plan_is_deterministic(demo):
    first = [(p.name, p.registration_no, [x.name for x in p.products]) for p in make_plan()]
    second = [(p.name, p.registration_no, [x.name for x in p.products]) for p in make_plan()]

    assert first == second


def test_demo_agency_sees_every_demo_producer(demo):
    agency = user("agency")

    assert set(producers_for_user(agency).values_list("pk", flat=True)) == set(
        Producer.objects.values_list("pk", flat=True)
    )
    assert products_for_user(agency).count() == Product.objects.count()


@pytest.mark.parametrize("username", ["commune", "district", "producer"])
def test_demo_scoped_users_see_a_non_empty_subset(demo, username):
    seen = producers_for_user(user(username)).count()

    assert 0 < seen < Producer.objects.count()
    assert products_for_user(user(username)).exists()


def test_demo_producer_account_owns_one_producer_with_several_products(demo):
    owner = user("producer")
    membership = Membership.objects.get(user=owner)

    assert membership.role == Role.PRODUCER
    assert list(producers_for_user(owner)) == [membership.producer]
    assert products_for_user(owner).count() >= 3
    assert owner.full_name == membership.producer.legal_representative


def test_demo_officer_scopes(demo, units):
    commune = Membership.objects.get(user__username="commune").unit
    district = Membership.objects.get(user__username="district").unit

    assert commune.era == Era.CURRENT and commune.current_province_id == units.danang.pk
    assert commune.conversions_from.filter(legacy_commune__parent__parent__code=49).exists()
    assert producers_for_user(user("commune")).count() >= 5
    assert district.era == Era.LEGACY and district.parent.code == 49
    assert producers_for_user(user("district")).count() >= 5
    inspector = Membership.objects.get(user__username="inspector")
    assert inspector.department == "agriculture_environment"
    assert inspector.unit == units.danang
    assert Membership.objects.filter(role=Role.COUNCIL_MEMBER, unit=units.danang).count() == 5


def test_demo_users_authenticate_only_when_debug(demo):
    with override_settings(DEBUG=False):
        assert authenticate(username="agency", password="ocop-demo") is None
        assert authenticate(username="admin", password="ocop-demo") is None
    with override_settings(DEBUG=True):
        assert authenticate(username="agency", password="ocop-demo") == user("agency")
        assert authenticate(username="producer", password="ocop-demo") == user("producer")
        assert authenticate(username="agency", password="wrong") is None
