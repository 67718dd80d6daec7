"""Permission predicates of the registry (django-rules). Visibility itself is the scope of
`queries.*_for_user`; these decide what a user may change on an object they can see."""

import rules

from ocop.accounts.models import Role
from ocop.accounts.scope import (
    REGISTRY_EDITORS,
    STATUS_EDITORS,
    covers_commune,
    memberships_of,
)


def _covers(user, commune, roles) -> bool:
    return any(m.role in roles and covers_commune(m, commune) for m in memberships_of(user))


def owns_producer(user, producer_id) -> bool:
    return any(
        m.role == Role.PRODUCER and m.producer_id == producer_id for m in memberships_of(user)
    )


@rules.predicate
def is_registry_editor(user) -> bool:
    return any(m.role in REGISTRY_EDITORS for m in memberships_of(user))


@rules.predicate
def is_producer_account(user) -> bool:
    return any(m.role == Role.PRODUCER for m in memberships_of(user))


@rules.predicate
def can_edit_producer(user, producer) -> bool:
    if producer is None:
        return False
    return owns_producer(user, producer.pk) or _covers(user, producer.commune, REGISTRY_EDITORS)


@rules.predicate
def can_manage_producer(user, producer) -> bool:
    """Officers only: registration data, deletion."""
    return producer is not None and _covers(user, producer.commune, REGISTRY_EDITORS)


@rules.predicate
def can_change_status(user, producer) -> bool:
    return producer is not None and _covers(user, producer.commune, STATUS_EDITORS)


@rules.predicate
def can_edit_product(user, product) -> bool:
    if product is None:
        return False
    return owns_producer(user, product.producer_id) or _covers(
        user, product.commune, REGISTRY_EDITORS
    )


@rules.predicate
def can_add_product_for(user, producer) -> bool:
    if producer is None:
        return is_registry_editor(user) or is_producer_account(user)
    return can_edit_producer(user, producer)


def can_place_on(user, commune) -> bool:
    """Whether the user may put a record on `commune` (a producer's seat, a product's origin)."""
    return _covers(user, commune, REGISTRY_EDITORS)


rules.add_perm("registry.add_producer", is_registry_editor)
rules.add_perm("registry.change_producer", can_edit_producer)
rules.add_perm("registry.delete_producer", can_manage_producer)
rules.add_perm("registry.change_producer_status", can_change_status)
rules.add_perm("registry.add_product", can_add_product_for)
rules.add_perm("registry.change_product", can_edit_product)
rules.add_perm("registry.delete_product", can_edit_product)
