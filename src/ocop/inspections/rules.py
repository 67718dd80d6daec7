"""Who may write inspection plans (django-rules). Visibility is `queries.plans_for_user`; these
decide what a user may do on a plan they can see.

- administrators: everything;
- agency officers: plans of their province for any department, and their targets, visits and
  findings;
- inspectors: the same for their own department in their province only;
- Ministry officers see every plan but write none (the Ministry's own inspections of 5★
  products are led by its OCOP agency outside the provinces' plans).
"""

import rules

from ocop.accounts.authority import acts_for, is_admin, provinces_of
from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of

WRITER_ROLES = {Role.ADMIN, Role.AGENCY_OFFICER, Role.INSPECTOR}


def may_write(user, province_id: int | None, department: str) -> bool:
    """Whether `user` may plan and record inspections of `department` in the province."""
    if is_admin(user):
        return True
    if province_id is None:
        return False
    return acts_for(
        user, {Role.AGENCY_OFFICER, Role.INSPECTOR}, province=province_id, department=department
    )


def writable_departments(user, province_id: int) -> list[str]:
    """The departments whose plans `user` may create in the province (every one for the
    agency and administrators, their own for inspectors)."""
    from ocop.accounts.models import Department

    return [value for value in Department.values if may_write(user, province_id, value)]


def planning_provinces(user) -> set[int] | None:
    """The provinces where `user` may create plans (None: every province)."""
    return provinces_of(user, {Role.AGENCY_OFFICER, Role.INSPECTOR})


@rules.predicate
def is_planner(user) -> bool:
    return any(m.role in WRITER_ROLES for m in memberships_of(user))


@rules.predicate
def can_write_plan(user, plan) -> bool:
    return plan is not None and may_write(user, plan.province_id, plan.department)


rules.add_perm("inspections.add_inspectionplan", is_planner)
rules.add_perm("inspections.change_inspectionplan", can_write_plan)
