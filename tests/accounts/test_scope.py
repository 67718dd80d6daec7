import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from ocop.accounts.backends import OcopModelBackend
from ocop.accounts.models import Department, Membership, Role
from ocop.accounts.scope import covering_q, covers_commune, memberships_of
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry.queries import producers_for_user, products_for_user
from tests.factories import PASSWORD, ProducerFactory, ProductFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(units):
    """Producers on a Đà Nẵng ward, another Đà Nẵng ward, a legacy Quảng Nam commune, Hà Nội."""
    return {
        "hai_van": ProducerFactory(commune=units.hai_van),
        "cam_le": ProducerFactory(commune=units.other_danang_commune),
        "legacy": ProducerFactory(commune=units.legacy_commune),
        "hanoi": ProducerFactory(commune=units.hanoi_commune),
    }


def visible(user):
    return {p.pk for p in producers_for_user(user)}


def test_agency_sees_its_province_and_legacy_units_merged_into_it(units, spread):
    agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)

    assert visible(agency) == {spread[k].pk for k in ("hai_van", "cam_le", "legacy")}


def test_commune_officer_sees_its_commune_and_legacy_communes_converted_into_it(units, spread):
    target = AdminUnit.objects.filter(conversions_from__legacy_commune=units.legacy_commune)[0]
    officer = user_with_role(Role.COMMUNE_OFFICER, unit=target)
    on_target = ProducerFactory(commune=target)

    assert visible(officer) == {spread["legacy"].pk, on_target.pk}


def test_district_officer_sees_legacy_district_and_communes_it_became(units, spread):
    officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)
    target = AdminUnit.objects.filter(conversions_from__legacy_commune=units.legacy_commune)[0]
    on_target = ProducerFactory(commune=target)

    assert visible(officer) == {spread["legacy"].pk, on_target.pk}


def test_producer_account_sees_only_its_producer(spread):
    owner = user_with_role(Role.PRODUCER, producer=spread["cam_le"])
    product = ProductFactory(producer=spread["cam_le"])
    ProductFactory(producer=spread["hai_van"])

    assert visible(owner) == {spread["cam_le"].pk}
    assert [p.pk for p in products_for_user(owner)] == [product.pk]


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MINISTRY_OFFICER])
def test_national_roles_see_everything(role, spread):
    user = user_with_role(role)

    assert visible(user) == {p.pk for p in spread.values()}


def test_user_without_membership_sees_nothing(spread):
    assert visible(UserFactory()) == set()


def test_superuser_counts_as_admin(spread):
    user = UserFactory(is_superuser=True)

    assert visible(user) == {p.pk for p in spread.values()}


def test_memberships_are_unioned(units, spread):
    user = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
    Membership.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=units.hanoi_commune)
    user = type(user).objects.get(pk=user.pk)

    assert visible(user) == {spread["hai_van"].pk, spread["hanoi"].pk}


def test_inactive_membership_grants_nothing(units, spread):
    user = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
    Membership.objects.filter(user=user).update(is_active=False)
    user = type(user).objects.get(pk=user.pk)

    assert memberships_of(user) == []
    assert visible(user) == set()


def test_covers_commune_matches_queryset_scope(units):
    agency = Membership(role=Role.AGENCY_OFFICER, unit=units.danang)

    assert covers_commune(agency, units.legacy_commune)
    assert not covers_commune(agency, units.hanoi_commune)


def test_covering_q_keeps_the_memberships_covers_commune_accepts(units, spread):
    target = AdminUnit.objects.filter(
        conversions_from__legacy_commune=units.legacy_commune
    ).order_by("pk")[0]
    other_district = (
        AdminUnit.objects.filter(era=Era.LEGACY, level=Level.DISTRICT)
        .exclude(pk=units.legacy_district.pk)
        .order_by("pk")
        .first()
    )
    scopes = [
        (Role.AGENCY_OFFICER, units.danang),
        (Role.AGENCY_OFFICER, units.legacy_quang_nam),
        (Role.AGENCY_OFFICER, units.hanoi),
        (Role.DISTRICT_OFFICER, units.legacy_district),
        (Role.DISTRICT_OFFICER, other_district),
        (Role.COMMUNE_OFFICER, target),
        (Role.COMMUNE_OFFICER, units.legacy_commune),
        (Role.COMMUNE_OFFICER, units.hai_van),
        (Role.COMMUNE_OFFICER, units.hanoi_commune),
        (Role.COMMUNE_OFFICER, None),
        (Role.MINISTRY_OFFICER, None),
        (Role.ADMIN, None),
    ]
    memberships = [
        Membership.objects.create(user=UserFactory(), role=role, unit=unit) for role, unit in scopes
    ]
    memberships.append(
        Membership.objects.create(user=UserFactory(), role=Role.PRODUCER, producer=spread["cam_le"])
    )
    sibling = (
        AdminUnit.objects.filter(parent=units.legacy_district)
        .exclude(pk=units.legacy_commune.pk)
        .order_by("code")
        .first()
    )
    communes = [
        target,
        units.legacy_commune,
        sibling,
        units.hai_van,
        units.other_danang_commune,
        units.hanoi_commune,
    ]

    for commune in communes:
        expected = {m.pk for m in memberships if covers_commune(m, commune)}
        found = set(Membership.objects.filter(covering_q(commune)).values_list("pk", flat=True))
        assert found == expected, commune
    covering_target = Membership.objects.filter(covering_q(target))
    assert {(m.role, m.unit) for m in covering_target} >= {
        (Role.AGENCY_OFFICER, units.danang),
        (Role.AGENCY_OFFICER, units.legacy_quang_nam),
        (Role.DISTRICT_OFFICER, units.legacy_district),
        (Role.COMMUNE_OFFICER, target),
        (Role.MINISTRY_OFFICER, None),
    }


@pytest.mark.parametrize(
    ("role", "unit_ref", "department", "field"),
    [
        (Role.AGENCY_OFFICER, (4, Era.CURRENT, Level.COMMUNE), "", "unit"),
        (Role.COMMUNE_OFFICER, (49, Era.LEGACY, Level.PROVINCE), "", "unit"),
        (Role.DISTRICT_OFFICER, (48, Era.CURRENT, Level.PROVINCE), "", "unit"),
        (Role.INSPECTOR, (48, Era.CURRENT, Level.PROVINCE), "", "department"),
        (Role.ADMIN, (48, Era.CURRENT, Level.PROVINCE), "", "unit"),
        (
            Role.COMMUNE_OFFICER,
            (20194, Era.CURRENT, Level.COMMUNE),
            Department.HEALTH,
            "department",
        ),
    ],
)
def test_membership_scope_must_fit_role(role, unit_ref, department, field):
    code, era, level = unit_ref
    unit = AdminUnit.objects.get(code=code, era=era, level=level)
    membership = Membership(user=UserFactory(), role=role, unit=unit, department=department)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert field in error.value.message_dict


def test_producer_membership_needs_producer():
    membership = Membership(user=UserFactory(), role=Role.PRODUCER)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()

    assert "producer" in error.value.message_dict


def test_demo_account_signs_in_only_with_debug(rf):
    user = UserFactory(username="demo-agency", is_demo=True)
    backend = OcopModelBackend()

    with override_settings(DEBUG=False):
        assert backend.authenticate(rf.get("/"), username=user.username, password=PASSWORD) is None
    with override_settings(DEBUG=True):
        assert backend.authenticate(rf.get("/"), username=user.username, password=PASSWORD) == user
