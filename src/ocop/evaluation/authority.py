"""Who may act on a dossier: the actor's memberships matched against the dossier's place.

Visibility is `queries.dossiers_for_user`; these helpers decide whether a visible dossier may be
acted on by the actor in a given role.
"""

from ocop.accounts.models import Membership, Role
from ocop.accounts.scope import NATIONAL_ROLES, covers_commune, memberships_of
from ocop.geo.models import Level


def acting_memberships(actor, dossier, roles) -> list[Membership]:
    """The actor's memberships in `roles` whose scope includes the dossier."""
    found = []
    for membership in memberships_of(actor):
        if membership.role == Role.ADMIN:
            found.append(membership)
        elif membership.role not in roles:
            continue
        elif membership.role in NATIONAL_ROLES:
            found.append(membership)
        elif membership.role == Role.PRODUCER:
            if membership.producer_id == dossier.producer_id:
                found.append(membership)
        elif membership.role == Role.AGENCY_OFFICER:
            if membership.unit_id == dossier.province_id:
                found.append(membership)
        elif covers_commune(membership, dossier.commune):
            found.append(membership)
    return found


def may_act(actor, dossier, roles) -> bool:
    return bool(acting_memberships(actor, dossier, roles))


def district_of(dossier):
    """The legacy district of the dossier's commune (legacy communes only), else None."""
    commune = dossier.commune
    if commune.era == "legacy" and commune.parent and commune.parent.level == Level.DISTRICT:
        return commune.parent
    return None
