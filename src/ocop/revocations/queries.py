"""Reads of revocation cases and of the producers to follow up, always scoped to the user."""

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from ocop.accounts.authority import province_id_of
from ocop.accounts.models import Role
from ocop.accounts.scope import is_national, memberships_of, scope_q
from ocop.certification.models import Certificate
from ocop.registry.queries import producers_for_user

from .models import RevocationCase, RevocationEvidence, State

# Province-wide roles that see the cases of their province.
PROVINCE_ROLES = {Role.AGENCY_OFFICER, Role.INSPECTOR}
# Roles that see the cases of the producers in their unit (or their own producer's).
LOCAL_ROLES = {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER, Role.PRODUCER}


def _provinces(user) -> set[int]:
    return {
        province
        for membership in memberships_of(user)
        if membership.role in PROVINCE_ROLES
        and (province := province_id_of(membership)) is not None
    }


def cases_for_user(user, *, today: datetime.date | None = None):
    """Cases the user may see, with `overdue` annotated: all for national roles; a province's
    for its agency officers and inspectors; those of the producers in a commune's or legacy
    district's scope; a producer's own."""
    queryset = RevocationCase.objects.with_overdue(today).select_related(
        "province", "producer__commune__parent", "rulebook"
    )
    if is_national(user):
        return queryset
    q = scope_q(
        user, commune_field="producer__commune", producer_field="producer", roles=LOCAL_ROLES
    )
    provinces = _provinces(user)
    if provinces:
        q |= Q(province__in=provinces)
    return queryset.filter(pk__in=RevocationCase.objects.filter(q).values("pk"))


def with_details(queryset):
    """Cases with their certificates (status as of today), products and evidence loaded."""
    return queryset.prefetch_related(
        Prefetch(
            "certificates",
            queryset=Certificate.objects.select_related("product").order_by("number"),
        ),
        Prefetch("evidence", queryset=RevocationEvidence.objects.order_by("pk")),
    )


def open_count(user) -> int:
    return cases_for_user(user).filter(state=State.OPEN).count()


def overdue_count(user, *, today: datetime.date | None = None) -> int:
    """Open cases past their due day within the user's scope (a dashboard figure)."""
    return cases_for_user(user, today=today).overdue(today).count()


def open_case_of(certificate_ids):
    """The open cases holding any of the certificates."""
    return RevocationCase.objects.filter(state=State.OPEN, certificates__in=certificate_ids)


def follow_up_for_user(user, *, today: datetime.date | None = None):
    """Producers in the user's scope whose food-safety certificate expired before `today` and
    who still hold a current OCOP certificate, with those certificates (`live_certificates`) and
    whether an open case concerns them (`has_open_case`)."""
    today = today or timezone.localdate()
    live = Certificate.objects.current(today)
    return (
        producers_for_user(user)
        .select_related("commune__current_province")
        .filter(food_safety_cert_expiry__lt=today)
        .filter(Exists(live.filter(producer=OuterRef("pk"))))
        .annotate(
            has_open_case=Exists(
                RevocationCase.objects.filter(producer=OuterRef("pk"), state=State.OPEN)
            )
        )
        .prefetch_related(
            Prefetch(
                "certificates",
                queryset=Certificate.objects.current(today).order_by("number"),
                to_attr="live_certificates",
            )
        )
        .order_by("food_safety_cert_expiry", "name", "pk")
    )
