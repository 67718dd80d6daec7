"""Which roles may draft recognition decisions at all (django-rules), so that the API answers a
role that may never make this write with a 403 before reading its input. The domain actions
check the province and the dossiers and stay the authority."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of

# domain.draft_decision: the province's OCOP agency.
DECISION_DRAFTERS = {Role.ADMIN, Role.AGENCY_OFFICER}


@rules.predicate
def drafts_decisions(user) -> bool:
    return any(m.role in DECISION_DRAFTERS for m in memberships_of(user))


rules.add_perm("certification.add_decision", drafts_decisions)
