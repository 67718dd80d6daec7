"""Reads of the evaluation procedure, always scoped to the user who asks."""

from django.db.models import Prefetch, Q

from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of, scope_q
from ocop.core.text import filter_search

from .models import (
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    DossierState,
    Evidence,
    Level,
    MemberSheet,
    Round,
    Transition,
)

# Roles that see the dossiers placed in their unit (or their producer's).
DOSSIER_ROLES = {
    Role.ADMIN,
    Role.MINISTRY_OFFICER,
    Role.AGENCY_OFFICER,
    Role.COMMUNE_OFFICER,
    Role.DISTRICT_OFFICER,
    Role.PRODUCER,
}
COUNCIL_STATES_FROM = (
    DossierState.COUNCIL_SCORING,
    DossierState.SCORED,
    DossierState.APPROVED,
    DossierState.SENT_TO_MINISTRY,
    DossierState.RECOGNISED,
    DossierState.NOT_RECOGNISED,
)


def _seats_q(user) -> Q:
    """Dossiers a user sees through council seats: those of their rounds once scoring opened,
    those of their legacy district, and those sent to the central level."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    seats = list(CouncilMember.objects.filter(user=user).select_related("council"))
    parts = Q(pk__in=[])
    for seat in seats:
        council = seat.council
        if council.level == Level.PROVINCE:
            parts |= Q(round_id=council.round_id, state__in=COUNCIL_STATES_FROM)
        elif council.level == Level.DISTRICT:
            parts |= Q(commune__parent_id=council.district_id)
        else:
            parts |= Q(results__level=Level.PROVINCE, state=DossierState.SENT_TO_MINISTRY) | Q(
                results__level=Level.CENTRAL
            )
    return parts


def dossiers_for_user(user, *, query: str | None = None):
    """Dossiers the user may see, with product, producer, commune and round loaded."""
    scope = scope_q(user, commune_field="commune", producer_field="producer", roles=DOSSIER_ROLES)
    queryset = Dossier.objects.all()
    if scope != Q():  # Q() is everything (national roles): nothing to add to it
        if getattr(user, "is_authenticated", False):
            scope |= Q(consultant_user=user)
        scope |= _seats_q(user)
        queryset = queryset.filter(pk__in=Dossier.objects.filter(scope).values("pk"))
    queryset = queryset.select_related(
        "product__product_set",
        "producer",
        "commune__parent",
        "province",
        "rulebook",
        "round",
    )
    if query:
        queryset = queryset.filter(
            Q(product__in=filter_search(_products(), query)) | Q(product__code__icontains=query)
        )
    return queryset


def _products():
    from ocop.registry.models import Product

    return Product.objects.all()


def dossier_detail_for_user(user, pk):
    """One dossier with its timeline, evidence and results; raises Dossier.DoesNotExist."""
    return (
        dossiers_for_user(user)
        .select_related("previous_certificate", "consultant_user")
        .prefetch_related(
            Prefetch("transitions", queryset=Transition.objects.select_related("actor")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("criterion", "pk")),
            "results",
        )
        .get(pk=pk)
    )


def rounds_for_user(user):
    """Rounds of the provinces the user works in (all for national roles)."""
    memberships = memberships_of(user)
    if any(m.role in (Role.ADMIN, Role.MINISTRY_OFFICER) for m in memberships):
        return Round.objects.select_related("province", "rulebook")
    provinces = {
        m.unit.current_province_id or m.unit_id
        for m in memberships
        if m.unit_id is not None and m.role != Role.PRODUCER
    }
    seat_rounds = CouncilMember.objects.filter(user=user).values("council__round_id")
    return Round.objects.filter(
        Q(province_id__in=provinces) | Q(pk__in=seat_rounds) | Q(level=Level.CENTRAL)
    ).select_related("province", "rulebook")


def councils_for_user(user):
    """Councils the user sits on or whose province/district they manage."""
    memberships = memberships_of(user)
    base = Council.objects.select_related("round", "province", "district").prefetch_related(
        Prefetch("members", queryset=CouncilMember.objects.select_related("user"))
    )
    if any(m.role in (Role.ADMIN, Role.MINISTRY_OFFICER) for m in memberships):
        return base
    q = Q(members__user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    for m in memberships:
        if m.role == Role.AGENCY_OFFICER:
            q |= Q(province_id=m.unit_id)
        elif m.role == Role.DISTRICT_OFFICER:
            q |= Q(district_id=m.unit_id)
    ids = Council.objects.filter(q).values("pk")
    return base.filter(pk__in=ids)


class MemberTotals:
    """Who may see the members' totals of a dossier on a council: each member's total and
    everything drawn from them (the mean, stars, gates and spread of the council's result), so
    that no member scores anchored on the others.

    - A scoring member sees them once their own sheet of the dossier is submitted (a reopened
      sheet hides them again), never before, nor while a conflict of interest keeps them from
      scoring; an officer seated as a member is held to this rule too.
    - The chair (who aggregates the sheets) and the seats that do not score (the secretary, the
      advisory team) see them at any time.
    - Without a seat: those who manage the council (the province's agency for a provincial
      council, the district's officers for a district council) and national roles.
    - Once the council's level no longer scores the dossier (the result recorded, the dossier
      closed), whoever sees the council sees them.

    One instance per request loads the user's seats and submitted sheets once, so a page of
    dossiers costs two queries; `may_see_member_totals` asks one question."""

    def __init__(self, user):
        self.user = user
        authenticated = getattr(user, "is_authenticated", False)
        self.seats = (
            list(CouncilMember.objects.filter(user=user).select_related("council"))
            if authenticated
            else []
        )
        self.submitted = set()
        if any(seat.role == CouncilRole.MEMBER for seat in self.seats):
            self.submitted = set(
                MemberSheet.objects.filter(
                    member__in=[seat.pk for seat in self.seats], submitted_at__isnull=False
                ).values_list("member_id", "dossier_id", "level")
            )

    def _oversees(self, council: Council) -> bool:
        """The council is in the user's scope without a seat (as `councils_for_user`)."""
        unit_of_council = {
            Role.AGENCY_OFFICER: council.province_id,
            Role.DISTRICT_OFFICER: council.district_id,
        }
        return any(
            membership.role in (Role.ADMIN, Role.MINISTRY_OFFICER)
            or (
                unit_of_council.get(membership.role) is not None
                and membership.unit_id == unit_of_council[membership.role]
            )
            for membership in memberships_of(self.user)
        )

    @staticmethod
    def _scores(council: Council, dossier: Dossier) -> bool:
        """Whether `council` is one of those scoring `dossier` at its level (`domain.
        councils_for`, without its newest-council rule: a wider match hides more, never less)."""
        if council.level == Level.PROVINCE:
            return council.round_id is not None and council.round_id == dossier.round_id
        if council.level == Level.DISTRICT:
            # A district council scores the dossiers of its legacy communes.
            return council.district_id is not None and (
                council.district_id == dossier.commune.parent_id
            )
        return council.level == Level.CENTRAL

    def visible(self, council: Council, dossier: Dossier) -> bool:
        from .domain import scoring_level

        level = council.level
        seat = next((s for s in self.seats if s.council_id == council.pk), None)
        if seat is None and not self._oversees(council):
            return False
        if scoring_level(dossier) != level:
            return True
        for mine in self.seats:
            if (
                mine.role == CouncilRole.MEMBER
                and mine.council.level == level
                and self._scores(mine.council, dossier)
                and (mine.pk, dossier.pk, level) not in self.submitted
            ):
                return False
        return True


def may_see_member_totals(user, council: Council, dossier: Dossier) -> bool:
    """Whether `user` may see the members' totals of `dossier` on `council` (`MemberTotals`)."""
    return MemberTotals(user).visible(council, dossier)


def sheets_of_member(user, dossier):
    return MemberSheet.objects.filter(dossier=dossier, member__user=user).select_related(
        "member__council"
    )


def overdue_only(queryset):
    """The dossiers of `queryset` past the deadline of their current step (deadlines in working
    days are computed in Python, over the few states that have one)."""
    from . import domain, workflow
    from .models import DossierKind

    candidates = queryset.filter(
        Q(state__in=(DossierState.SUBMITTED, DossierState.RECEIVED, DossierState.ASSESSED))
        | Q(kind=DossierKind.RERANK, state__in=workflow.PROVINCE_STATES)
    ).select_related("rulebook")
    ids = [dossier.pk for dossier in candidates if domain.is_overdue(dossier)]
    return queryset.filter(pk__in=ids)
