"""Which roles may create the evaluation's records at all (django-rules), so that the API
answers a role that may never make this write with a 403 before reading its input. The domain
actions check the rest (the province, the round, the level, the product) and stay the authority:
these roles are the ones their checks can ever let through."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of
from ocop.registry.rules import is_producer_account, is_registry_editor

# domain.open_extra_round: the province's OCOP agency.
ROUND_OPENERS = {Role.ADMIN, Role.AGENCY_OFFICER}
# domain.create_council: the province's agency, a legacy district's officer, the Ministry.
COUNCIL_CREATORS = {Role.ADMIN, Role.AGENCY_OFFICER, Role.DISTRICT_OFFICER, Role.MINISTRY_OFFICER}


def _holds(user, roles) -> bool:
    return any(m.role in roles for m in memberships_of(user))


@rules.predicate
def opens_rounds(user) -> bool:
    return _holds(user, ROUND_OPENERS)


@rules.predicate
def creates_councils(user) -> bool:
    return _holds(user, COUNCIL_CREATORS)


rules.add_perm("evaluation.add_round", opens_rounds)
rules.add_perm("evaluation.add_council", creates_councils)
# domain.create_dossier: whoever may edit the product (registry.rules.can_edit_product).
rules.add_perm("evaluation.add_dossier", is_registry_editor | is_producer_account)
