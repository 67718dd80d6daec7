"""Template helpers of the inspections: whether the menu shows the inspection pages."""

from django import template

from ..queries import may_see_any

register = template.Library()


@register.filter
def sees_inspections(user) -> bool:
    """True for the roles that see inspection plans (administrators, Ministry and agency
    officers, inspectors); the plan list itself is scoped."""
    return bool(getattr(user, "is_authenticated", False)) and may_see_any(user)
