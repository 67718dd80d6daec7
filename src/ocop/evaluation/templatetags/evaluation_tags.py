"""Template helpers of the dossier pages: state badges, stars, points, a product's dossiers."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ocop.core.templatetags.ocop import points

from .. import domain, workflow
from ..models import DossierState
from ..queries import dossiers_for_user

register = template.Library()

S = DossierState

# The badge colour of each stage of the procedure.
STATE_CLASSES = {
    S.DRAFT: "text-bg-light border",
    S.RETURNED: "text-bg-warning",
    S.SUBMITTED: "text-bg-info",
    S.RECEIVED: "text-bg-info",
    S.ASSESSED: "text-bg-info",
    S.INSPECTED: "text-bg-info",
    S.DISTRICT_SCORED: "text-bg-info",
    S.PROPOSED: "text-bg-primary",
    S.ADVISORY_REVIEW: "text-bg-primary",
    S.COUNCIL_SCORING: "text-bg-primary",
    S.SCORED: "text-bg-primary",
    S.APPROVED: "text-bg-success",
    S.SENT_TO_MINISTRY: "text-bg-success",
    S.RECOGNISED: "text-bg-success",
    S.NOT_RECOGNISED: "text-bg-danger",
    S.DISQUALIFIED: "text-bg-danger",
    S.WITHDRAWN: "text-bg-secondary",
}


@register.simple_tag
def state_badge(state: str) -> str:
    icon = mark_safe(' <i class="bi bi-patch-check-fill"></i>') if state == S.RECOGNISED else ""
    return format_html(
        '<span class="badge dossier-state {}" data-state="{}">{}{}</span>',
        STATE_CLASSES.get(state, "text-bg-light"),
        state,
        S(state).label if state in S.values else state,
        icon,
    )


@register.filter
def stars(value) -> str:
    """★ repeated `value` times ("—" for none)."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        return "—"
    return "★" * count if count > 0 else "—"


register.filter("points", points)


@register.filter
def action_label(name: str) -> str:
    action = workflow.ACTIONS.get(name)
    return str(action.label) if action else name


@register.simple_tag
def product_dossiers(product, user) -> dict:
    """The product's dossiers the user may see, and whether they may open a new one (the
    registry's right to edit the product, and no dossier still open)."""
    from ocop.registry.rules import can_edit_product

    dossiers = list(
        dossiers_for_user(user).filter(product=product).order_by("-created_at", "-pk")[:10]
    )
    open_states = set(S.values) - workflow.FINAL_STATES
    has_open = product.dossiers.filter(state__in=open_states).exists()
    return {
        "dossiers": dossiers,
        "can_create": can_edit_product(user, product) and not has_open,
        "has_open": has_open,
        "certificate": domain.current_certificate(product),
    }
