"""Who may see and change which records: the scope of each membership as query filters.

A membership's scope is an administrative unit (of the era its role works in), a producer, or
the whole country. Records are placed by a commune of either era; a current province covers the
legacy units mapped into it, a current commune covers the legacy communes converted into it, and a
legacy district covers its communes and the current communes they became.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from ocop.geo.models import AdminUnit, Era, Level, UnitConversion

from .models import Membership, Role

NATIONAL_ROLES = {Role.ADMIN, Role.MINISTRY_OFFICER}
# Roles that may create and edit registry records within their scope.
REGISTRY_EDITORS = {Role.ADMIN, Role.AGENCY_OFFICER, Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER}
# Roles that may change a producer's status (active, ceased, dissolved, …).
STATUS_EDITORS = {Role.ADMIN, Role.AGENCY_OFFICER, Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER}


def memberships_of(user) -> list[Membership]:
    """The user's active memberships, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_ocop_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, is_active=True).select_related("unit", "producer")
        )
        if user.is_superuser and not any(m.role == Role.ADMIN for m in cached):
            cached.append(Membership(user=user, role=Role.ADMIN))
        user._ocop_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def scope_communes(membership: Membership):
    """The communes (of both eras) a unit-scoped membership covers, as a queryset; None = all."""
    if membership.role in NATIONAL_ROLES:
        return None
    unit = membership.unit
    if unit is None:
        return AdminUnit.objects.none()
    communes = AdminUnit.objects.filter(level=Level.COMMUNE)
    if unit.level == Level.PROVINCE:
        return communes.filter(current_province=unit.current_province_id or unit.pk)
    if unit.level == Level.DISTRICT:
        return communes.filter(
            Q(parent=unit) | Q(era=Era.CURRENT, conversions_from__legacy_commune__parent=unit)
        )
    return communes.filter(Q(pk=unit.pk) | Q(conversions_to__current_commune=unit))


def covers_commune(membership: Membership, commune: AdminUnit) -> bool:
    """Whether a membership's unit scope includes `commune`."""
    if membership.role in NATIONAL_ROLES:
        return True
    unit = membership.unit
    if unit is None or commune is None:
        return False
    if unit.level == Level.PROVINCE:
        return commune.current_province_id == (unit.current_province_id or unit.pk)
    return scope_communes(membership).filter(pk=commune.pk).exists()


def covering_q(commune: AdminUnit | None) -> Q:
    """A filter of memberships keeping those whose scope includes `commune`, as `covers_commune`
    decides it for each one, in one query: the national roles; a province (of either era)
    holding the commune today; the commune's legacy district, or for a current commune the
    legacy districts of the communes converted into it; the commune itself, or the current
    communes a legacy commune was converted into."""
    covering = Q(role__in=NATIONAL_ROLES)
    if commune is None:
        return covering
    if commune.current_province_id is not None:
        province = commune.current_province_id
        covering |= Q(unit__level=Level.PROVINCE) & (
            Q(unit__current_province_id=province)
            | Q(unit__current_province__isnull=True, unit_id=province)
        )
    districts = Q(unit_id=commune.parent_id) if commune.parent_id is not None else Q(pk__in=[])
    if commune.era == Era.CURRENT:
        districts |= Q(
            unit_id__in=UnitConversion.objects.filter(current_commune=commune).values(
                "legacy_commune__parent"
            )
        )
    covering |= Q(unit__level=Level.DISTRICT) & districts
    communes = Q(unit_id=commune.pk) | Q(
        unit_id__in=UnitConversion.objects.filter(legacy_commune=commune).values("current_commune")
    )
    return covering | (Q(unit__level=Level.COMMUNE) & communes)


def _membership_q(membership: Membership, *, commune_field: str, producer_field: str) -> Q | None:
    if membership.role in NATIONAL_ROLES:
        return None
    if membership.role == Role.PRODUCER:
        return Q(**{producer_field: membership.producer_id})
    communes = scope_communes(membership)
    return Q(**{f"{commune_field}__in": communes.values("pk")})


def scope_q(user, *, commune_field: str, producer_field: str, roles=None) -> Q:
    """A filter keeping the rows within any of the user's memberships (optionally of `roles`).

    Returns `Q()` (everything) for national roles and `Q(pk__in=[])` (nothing) without any.
    """
    parts = []
    for membership in memberships_of(user):
        if roles is not None and membership.role not in roles:
            continue
        q = _membership_q(membership, commune_field=commune_field, producer_field=producer_field)
        if q is None:
            return Q()
        parts.append(q)
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def is_national(user, roles=NATIONAL_ROLES) -> bool:
    return any(m.role in roles for m in memberships_of(user))
