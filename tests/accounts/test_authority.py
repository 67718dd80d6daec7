"""One home for authority: every app decides "agency officer of province X" the same way, the
legacy → current province mapping included."""

import pytest

from ocop.accounts import authority
from ocop.accounts.models import Role
from ocop.certification import domain as certification
from ocop.evaluation import rules, settings_domain
from ocop.evaluation.models import Council, Level
from ocop.inspections import rules as inspection_rules
from ocop.revocations import rules as revocation_rules
from ocop.revocations.models import Level as RevocationLevel
from tests.evaluation.builders import Province, ready_dossier
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _every_app_says(user, province, dossier) -> dict[str, bool]:
    """Whether each app takes `user` for the OCOP agency of `province`."""
    return {
        "accounts": authority.is_agency_of(user, province),
        "evaluation dossier": rules.may_act(user, dossier, {Role.AGENCY_OFFICER}),
        "evaluation council": rules.may_manage_council(
            user, Council(level=Level.PROVINCE, province=province)
        ),
        "evaluation settings": settings_domain.may_manage(user, province),
        "certification": certification._is_agency_of(user, province.pk),
        "inspections": inspection_rules.may_write(user, province.pk, "health"),
        "revocations": revocation_rules.competent_for(
            user, level=RevocationLevel.PROVINCE, province_id=province.pk
        ),
    }


@pytest.mark.parametrize("unit", ["danang", "legacy_quang_nam"])
def test_an_agency_membership_counts_the_same_in_every_app(units, unit):
    """A membership recorded on the former Quảng Nam province (merged into Đà Nẵng in 2025)
    acts for Đà Nẵng everywhere, as one recorded on Đà Nẵng does."""
    p = Province(units)
    dossier = ready_dossier(p.product, p.producer_user)
    officer = user_with_role(Role.AGENCY_OFFICER, unit=getattr(units, unit))

    assert set(_every_app_says(officer, units.danang, dossier).values()) == {True}


def test_an_agency_officer_of_another_province_counts_nowhere(units):
    p = Province(units)
    dossier = ready_dossier(p.product, p.producer_user)
    officer = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)

    assert set(_every_app_says(officer, units.danang, dossier).values()) == {False}


def test_an_inspector_acts_for_its_department_only(units):
    inspector = user_with_role(Role.INSPECTOR, unit=units.legacy_quang_nam, department="health")

    assert authority.acts_for(
        inspector, {Role.INSPECTOR}, province=units.danang, department="health"
    )
    assert not authority.acts_for(
        inspector, {Role.INSPECTOR}, province=units.danang, department="industry_trade"
    )
    assert not authority.acts_for(inspector, {Role.INSPECTOR}, province=units.hanoi)


def test_a_district_officer_acts_for_its_district_and_communes(units):
    officer = user_with_role(Role.DISTRICT_OFFICER, unit=units.legacy_district)

    assert authority.is_district_officer_of(officer, units.legacy_district.pk)
    assert authority.acts_for(officer, {Role.DISTRICT_OFFICER}, commune=units.legacy_commune)
    assert not authority.acts_for(officer, {Role.DISTRICT_OFFICER}, commune=units.hanoi_commune)
    assert not authority.is_agency_of(officer, units.danang)


def test_provinces_of_maps_legacy_units(units):
    officer = user_with_role(Role.AGENCY_OFFICER, unit=units.legacy_quang_nam)
    admin = user_with_role(Role.ADMIN)

    assert authority.provinces_of(officer, {Role.AGENCY_OFFICER}) == {units.danang.pk}
    assert authority.provinces_of(admin, {Role.AGENCY_OFFICER}) is None
