"""Who may do what with revocation cases (django-rules). Visibility itself is the scope of
`queries.cases_for_user`; these decide what a user may do with a case they can see.

- opening a case: the OCOP agency of the province, the Ministry, an inspector only through a
  finding of an inspection (`source="inspection_finding"`), a commune officer only to pass on the
  commune's confirmation that a producer of the commune stopped producing (ground đ);
- deciding or dismissing: the competent level only, the province's agency for 3–4★ cases and the
  Ministry for 5★ ones (the administrator may act for either).
"""

import rules

from ocop.accounts.authority import acts_for, is_agency_of
from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of

from .models import Ground, Level, Source, State

# Roles that open cases from the pages and the API (inspectors go through inspections).
OPENING_ROLES = {Role.ADMIN, Role.MINISTRY_OFFICER, Role.AGENCY_OFFICER, Role.COMMUNE_OFFICER}
# Roles that follow up producers whose food-safety certificate expired.
FOLLOW_UP_ROLES = {
    Role.ADMIN,
    Role.MINISTRY_OFFICER,
    Role.AGENCY_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.INSPECTOR,
}


def _roles(user) -> set[str]:
    return {m.role for m in memberships_of(user)}


def competent_for(user, *, level: str, province_id) -> bool:
    """Whether the user decides cases of `level` in the province."""
    if level == Level.CENTRAL:
        return acts_for(user, {Role.MINISTRY_OFFICER})
    return level == Level.PROVINCE and is_agency_of(user, province_id)


def may_open(user, *, province_id, producer, source: str, ground: str) -> bool:
    """Whether the user may open a case of these certificates (see the module's docstring)."""
    roles = {Role.MINISTRY_OFFICER, Role.AGENCY_OFFICER}
    if source == Source.INSPECTION_FINDING:
        roles.add(Role.INSPECTOR)
    if source == Source.COMMUNE_CONFIRMATION and ground == Ground.DD:
        roles.add(Role.COMMUNE_OFFICER)
    return acts_for(user, roles, province=province_id, commune=producer.commune)


def _local_officer_of(user, case) -> bool:
    return acts_for(user, {Role.COMMUNE_OFFICER}, commune=case.producer.commune)


@rules.predicate
def opens_cases(user) -> bool:
    return bool(_roles(user) & OPENING_ROLES)


@rules.predicate
def follows_up(user) -> bool:
    return bool(_roles(user) & FOLLOW_UP_ROLES)


@rules.predicate
def decides(user, case) -> bool:
    return case is not None and competent_for(user, level=case.level, province_id=case.province_id)


@rules.predicate
def adds_evidence(user, case) -> bool:
    """The competent authority, the province's agency (which prepares a 5★ case for the
    Ministry) and the producer's commune, while the case is open."""
    if case is None or case.state != State.OPEN:
        return False
    return (
        decides(user, case)
        or is_agency_of(user, case.province_id, admin=False)
        or _local_officer_of(user, case)
    )


rules.add_perm("revocations.add_revocationcase", opens_cases)
rules.add_perm("revocations.decide_revocationcase", decides)
rules.add_perm("revocations.add_revocationevidence", adds_evidence)
rules.add_perm("revocations.view_followup", follows_up)
