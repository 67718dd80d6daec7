"""Reads of inspection plans, always scoped to the user who asks.

Who sees what:
- administrators and Ministry officers: every plan;
- agency officers: every plan of their province, whatever the department;
- inspectors: the plans of their own department in their province;
- everyone else (commune and district officers, council members, producers): nothing. A plan,
  above all an unannounced one, is the authorities' working document; the producer hears of a
  finding through the revocation case it opens.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from ocop.accounts.authority import province_id_of
from ocop.accounts.models import Role
from ocop.accounts.scope import NATIONAL_ROLES, memberships_of
from ocop.geo.models import AdminUnit, Era, Level

from .models import InspectionPlan


def plan_scope_q(user) -> Q | None:
    """The filter of the plans `user` may see: None for everything, `Q(pk__in=[])` for nothing."""
    parts = []
    for membership in memberships_of(user):
        if membership.role in NATIONAL_ROLES:
            return None
        province = province_id_of(membership)
        if province is None:
            continue
        if membership.role == Role.AGENCY_OFFICER:
            parts.append(Q(province_id=province))
        elif membership.role == Role.INSPECTOR and membership.department:
            parts.append(Q(province_id=province, department=membership.department))
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def plans_for_user(user):
    """Plans the user may see, with their province loaded."""
    queryset = InspectionPlan.objects.select_related("province", "created_by")
    q = plan_scope_q(user)
    return queryset if q is None else queryset.filter(q)


def may_see_any(user) -> bool:
    """Whether the user's roles give them any inspection plans at all (the menu entry)."""
    return plan_scope_q(user) != Q(pk__in=[])


def visible_provinces(user) -> list[AdminUnit]:
    """The current provinces whose plans the user may see, by name (all for national roles)."""
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)
    if any(m.role in NATIONAL_ROLES for m in memberships_of(user)):
        return list(provinces.order_by("name"))
    ids = {
        province_id_of(m)
        for m in memberships_of(user)
        if m.role in (Role.AGENCY_OFFICER, Role.INSPECTOR)
    }
    return list(provinces.filter(pk__in=ids - {None}).order_by("name"))


def communes_covered_by(commune: AdminUnit):
    """The communes of both eras a current commune covers (itself and the legacy communes
    converted into it); a legacy commune covers itself."""
    communes = AdminUnit.objects.filter(level=Level.COMMUNE)
    if commune.era == Era.CURRENT:
        return communes.filter(Q(pk=commune.pk) | Q(conversions_to__current_commune=commune))
    return communes.filter(pk=commune.pk)


def in_commune(plans, commune: AdminUnit):
    """Plans with a target (or a visit) of a producer placed in `commune`."""
    covered = communes_covered_by(commune).values("pk")
    matching = InspectionPlan.objects.filter(
        Q(targets__producer__commune__in=covered) | Q(visits__producer__commune__in=covered)
    )
    return plans.filter(pk__in=matching.values("pk"))
