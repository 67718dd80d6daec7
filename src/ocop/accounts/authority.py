"""Who acts for which place: the one home of "agency officer of province X", "officer whose
scope covers commune Y", "district officer of legacy district Z", "account of producer P".

Every app asks these functions instead of comparing membership units itself, so a membership
passes or fails the same way everywhere. A province-scoped membership (agency officer,
inspector, council member) counts for the current province its unit belongs to: a membership
recorded on a legacy province acts for the province that absorbed it in 2025.
"""

from __future__ import annotations

from collections.abc import Iterable

from ocop.geo.models import Level

from .models import Membership, Role
from .scope import NATIONAL_ROLES, covers_commune, memberships_of

# Roles whose scope is a province (by its current unit).
PROVINCE_ROLES = frozenset({Role.AGENCY_OFFICER, Role.INSPECTOR, Role.COUNCIL_MEMBER})
# Roles whose scope is a set of communes (a current commune, a legacy district).
LOCAL_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER})


def province_id_of(membership: Membership) -> int | None:
    """The current province a province-level membership acts for (None for other scopes)."""
    unit = membership.unit
    if unit is None or unit.level != Level.PROVINCE:
        return None
    return unit.current_province_id or unit.pk


def _province_of_place(province, commune) -> int | None:
    if province is not None:
        unit_id = getattr(province, "pk", province)
        current = getattr(province, "current_province_id", None)
        return current or unit_id
    if commune is not None:
        return commune.current_province_id
    return None


def acting_memberships(
    user,
    roles: Iterable[str],
    *,
    province=None,
    commune=None,
    producer_id: int | None = None,
    department: str | None = None,
    district_id: int | None = None,
) -> list[Membership]:
    """The user's memberships in `roles` that act for the place described (an administrator's
    always does, nationwide).

    - national roles (Ministry) act everywhere;
    - a producer account acts for its producer (`producer_id`);
    - province roles act for the current province of `province` (a unit or its id) or of
      `commune`; inspectors only for their `department` when one is given;
    - commune and district officers act for the communes their scope covers, or for their own
      legacy district when `district_id` is given.
    """
    roles = frozenset(roles)
    province_id = _province_of_place(province, commune)
    found = []
    for membership in memberships_of(user):
        role = membership.role
        if role == Role.ADMIN:
            found.append(membership)
        elif role not in roles:
            continue
        elif role in NATIONAL_ROLES:
            found.append(membership)
        elif role == Role.PRODUCER:
            if producer_id is not None and membership.producer_id == producer_id:
                found.append(membership)
        elif role in PROVINCE_ROLES:
            if province_id is None or province_id_of(membership) != province_id:
                continue
            if (
                role == Role.INSPECTOR
                and department is not None
                and membership.department != department
            ):
                continue
            found.append(membership)
        elif role in LOCAL_ROLES:
            if district_id is not None:
                if role == Role.DISTRICT_OFFICER and membership.unit_id == district_id:
                    found.append(membership)
            elif commune is not None and covers_commune(membership, commune):
                found.append(membership)
    return found


def acts_for(user, roles: Iterable[str], **place) -> bool:
    """Whether the user acts in one of `roles` for the place (see `acting_memberships`)."""
    return bool(acting_memberships(user, roles, **place))


def is_admin(user) -> bool:
    return any(m.role == Role.ADMIN for m in memberships_of(user))


def is_agency_of(user, province, *, admin: bool = True) -> bool:
    """The OCOP agency of `province` (a unit or its id); an administrator counts unless
    `admin=False`."""
    return any(
        m.role == Role.AGENCY_OFFICER or admin
        for m in acting_memberships(user, {Role.AGENCY_OFFICER}, province=province)
    )


def is_district_officer_of(user, district_id: int) -> bool:
    """An officer of the legacy district (or an administrator)."""
    return acts_for(user, {Role.DISTRICT_OFFICER}, district_id=district_id)


def provinces_of(user, roles: Iterable[str]) -> set[int] | None:
    """The current provinces where the user holds one of the province `roles` (None: every
    province, for administrators and national roles in `roles`)."""
    roles = frozenset(roles)
    ids = set()
    for membership in memberships_of(user):
        if membership.role == Role.ADMIN or (
            membership.role in NATIONAL_ROLES and membership.role in roles
        ):
            return None
        if membership.role in roles:
            province = province_id_of(membership)
            if province is not None:
                ids.add(province)
    return ids
