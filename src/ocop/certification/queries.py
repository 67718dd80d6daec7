"""Reads of decisions and certificates, always scoped to the user who asks."""

from django.db.models import Q

from ocop.accounts.authority import province_id_of
from ocop.accounts.models import Role
from ocop.accounts.scope import is_national, memberships_of, scope_q

from .models import Certificate, Decision

# Roles whose scope is a whole province: they see what the province issued.
PROVINCE_ROLES = {Role.AGENCY_OFFICER, Role.COUNCIL_MEMBER, Role.INSPECTOR}
# Roles that only see the issued decisions listing a dossier in their scope.
LISTED_ROLES = {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PRODUCER}


def province_ids(user) -> set[int]:
    """The current-era provinces of the user's province-wide memberships."""
    return {
        province
        for membership in memberships_of(user)
        if membership.role in PROVINCE_ROLES
        and (province := province_id_of(membership)) is not None
    }


def certificates_for_user(user):
    """Certificates the user may see: all for national roles; those a province issued or whose
    producer is in a province-wide scope; those of producers in a commune's scope; a
    producer's own."""
    queryset = Certificate.objects.select_related(
        "decision__province",
        "product__product_set",
        "producer__commune",
        "province",
        "rulebook",
    )
    if is_national(user):
        return queryset
    q = scope_q(user, commune_field="producer__commune", producer_field="producer")
    provinces = province_ids(user)
    if provinces:
        q |= Q(province__in=provinces)
    return queryset.filter(q)


def decisions_for_user(user):
    """Decisions the user may see: all for national roles; a province's decisions (and the
    central ones listing its dossiers) for its agency officers, council members and
    inspectors; issued decisions listing one of their dossiers for commune and district
    officers and producers. Drafts stay with the province."""
    queryset = Decision.objects.select_related("province")
    if is_national(user):
        return queryset
    q = Q(status=Decision.Status.ISSUED) & scope_q(
        user,
        commune_field="items__dossier__commune",
        producer_field="items__dossier__producer",
        roles=LISTED_ROLES,
    )
    provinces = province_ids(user)
    if provinces:
        q |= Q(province__in=provinces) | Q(items__dossier__province__in=provinces)
    # The joins through the items repeat a decision once per matching item.
    return queryset.filter(pk__in=Decision.objects.filter(q).values("pk"))
