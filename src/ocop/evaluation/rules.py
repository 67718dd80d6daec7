"""Who may do what on a dossier and a council, decided in one place.

`Authority(user).actions(dossier)` — the actor's role and scope, the dossier's state and the
rulebook's process profile — is what the dossier page shows as buttons, what the API lists as
`available_actions`, and what the domain enforces (`require`, called by every action before it
changes anything). What an action then checks on the dossier's contents (forms, samples,
thresholds, the council's sheets, deadlines) is a precondition: the domain's `blocker` names it,
and the page shows the button disabled with that message.

Councils: `may_manage_council` (members, settings) and `may_create_council`; the seat a user has
on the council scoring a dossier now is `seat_of` (the level that scores is `scoring_level`).
"""

from __future__ import annotations

import rules as django_rules
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.authority import (
    acting_memberships,
    is_agency_of,
    is_district_officer_of,
)
from ocop.accounts.models import Role
from ocop.accounts.scope import is_national, memberships_of
from ocop.core.errors import DomainError
from ocop.geo.models import Level as UnitLevel
from ocop.registry.rules import is_producer_account, is_registry_editor

from . import workflow
from .models import SCORING_ROLES, Council, CouncilMember, CouncilRole, Dossier, Evidence, Level
from .models import DossierState as S

ALL_ROLES = frozenset(Role.values)
EDITABLE = (S.DRAFT, S.RETURNED)

# Dossier actions beside the transition table (API `POST dossiers/<id>/<name>`).
SCORE = "score"
DECLARE_CONFLICT = "declare-conflict"
REOPEN_SHEET = "reopen-sheet"
ADVISORY_REVIEW = "advisory-review"
EVIDENCE = "evidence"
CONFIRM_SAMPLES = "confirm-samples"
CONFIRM_SAMPLES_LABEL = gettext_lazy("Xác nhận đã nhận sản phẩm mẫu")
SEAT_ACTIONS = (SCORE, DECLARE_CONFLICT, REOPEN_SHEET)
# The officer confirms the product samples between receiving and proposing the dossier.
SAMPLE_STATES = (S.RECEIVED, S.ASSESSED, S.INSPECTED, S.DISTRICT_SCORED)

# When files of each kind may be attached or removed, and by whom: the producer's evidence while
# the dossier is being prepared, the district's photos during its inspection, the advisory
# team's documents during its review.
EVIDENCE_STEPS = {
    Evidence.Kind.EVIDENCE: (
        EDITABLE,
        {Role.PRODUCER, Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER},
    ),
    Evidence.Kind.FIELD_PHOTO: ((S.RECEIVED, S.INSPECTED), {Role.DISTRICT_OFFICER}),
    Evidence.Kind.ADVISORY: ((S.ADVISORY_REVIEW,), {Role.AGENCY_OFFICER}),
}

# Transition actions that belong to one process profile (the level where dossiers are filed).
PROFILE_ACTIONS = {
    "assess": Level.COMMUNE,
    "inspect": Level.DISTRICT,
    "close-district-scoring": Level.DISTRICT,
}


# --- the rulebook's process profile --------------------------------------------------------------


def first_level(rulebook) -> str:
    """Where a dossier is filed: the commune (26/2026, 1489/2025) or the district (1048, 148)."""
    return rulebook.rules.first_level.level


def local_role(dossier: Dossier) -> str:
    """The officer who receives and forwards the dossier under its rulebook."""
    if first_level(dossier.rulebook) == Level.DISTRICT:
        return Role.DISTRICT_OFFICER
    return Role.COMMUNE_OFFICER


def roles_for(dossier: Dossier, action: workflow.Action) -> frozenset:
    """The roles that may take `action` on this dossier: the local steps belong to the
    rulebook's first level, and a dossier at the province is returned by its agency."""
    if action.name in ("receive", "propose"):
        return frozenset({local_role(dossier)})
    if action.name in ("return", "disqualify"):
        if dossier.state in workflow.PROVINCE_STATES:
            return frozenset({Role.AGENCY_OFFICER})
        return frozenset({local_role(dossier)})
    return action.roles


def rulebook_name(rulebook) -> str:
    return rulebook.rules.short_title


def profile_refusal(dossier: Dossier, action: workflow.Action) -> DomainError | None:
    level = PROFILE_ACTIONS.get(action.name)
    if level is None or first_level(dossier.rulebook) == level:
        return None
    return DomainError(
        _(
            "Theo %(rulebook)s, hồ sơ được tiếp nhận ở %(level)s: thao tác “%(action)s” "
            "không áp dụng."
        )
        % {
            "rulebook": rulebook_name(dossier.rulebook),
            "level": Level(first_level(dossier.rulebook)).label.lower(),
            "action": action.label,
        },
        code="profile",
    )


def _role_refusal(action: workflow.Action, roles) -> DomainError:
    return DomainError(
        _("Bạn không có quyền “%(action)s” đối với hồ sơ này (dành cho: %(roles)s).")
        % {
            "action": action.label,
            "roles": ", ".join(str(Role(role).label) for role in sorted(roles)),
        },
        code="permission",
    )


# --- councils and seats ------------------------------------------------------------------------


def scoring_level(dossier: Dossier) -> str | None:
    """Which level's council scores the dossier in its current state, if any."""
    return {
        S.INSPECTED: Level.DISTRICT,
        S.COUNCIL_SCORING: Level.PROVINCE,
        S.SENT_TO_MINISTRY: Level.CENTRAL,
    }.get(dossier.state)


def district_of(dossier: Dossier):
    """The legacy district of the dossier's commune (legacy communes only), else None."""
    commune = dossier.commune
    if commune.era == "legacy" and commune.parent and commune.parent.level == UnitLevel.DISTRICT:
        return commune.parent
    return None


def councils_for(dossier: Dossier, level: str):
    """The councils that score `dossier` at `level`."""
    councils = Council.objects.filter(level=level)
    if level == Level.PROVINCE:
        return councils.filter(round_id=dossier.round_id)
    if level == Level.DISTRICT:
        district = district_of(dossier)
        if district is None:
            return councils.none()
        councils = councils.filter(district=district)
    # A district and the central level keep one standing council: the newest replaces the
    # ones before it.
    newest = councils.order_by("-created_at", "-pk").values("pk")[:1]
    return Council.objects.filter(pk__in=newest)


def seat_at(user, dossier: Dossier, level: str) -> CouncilMember | None:
    """The user's seat on a council scoring the dossier at `level`."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        CouncilMember.objects.filter(council__in=councils_for(dossier, level), user=user)
        .select_related("council", "user")
        .first()
    )


def seat_of(user, dossier: Dossier) -> CouncilMember | None:
    """The user's seat on a council scoring the dossier now."""
    level = scoring_level(dossier)
    return None if level is None else seat_at(user, dossier, level)


def may_create_council(user, *, level: str, province=None, district=None) -> bool:
    """The province's agency for a provincial council, the district's officers for a district
    council, national roles for the central one."""
    if level == Level.PROVINCE:
        return province is not None and is_agency_of(user, province)
    if level == Level.DISTRICT:
        return district is not None and is_district_officer_of(user, district.pk)
    if level == Level.CENTRAL:
        return is_national(user)
    return False


def may_manage_council(user, council: Council) -> bool:
    """Whether `user` changes the council's members (who may create it, see above)."""
    return may_create_council(
        user, level=council.level, province=council.province, district=council.district
    )


# --- the one answer: which actions may this user take on this dossier now ----------------------


class Authority:
    """One user's authority over dossiers (caching what it looked up, for lists)."""

    def __init__(self, user):
        self.user = user
        self._roles: dict[tuple, frozenset] = {}
        self._seats: dict[int, CouncilMember | None] = {}

    @cached_property
    def has_seats(self) -> bool:
        """Whether the user sits on any council (no seat lookups per dossier otherwise)."""
        return bool(getattr(self.user, "is_authenticated", False)) and (
            CouncilMember.objects.filter(user=self.user).exists()
        )

    def roles(self, dossier: Dossier) -> frozenset:
        """The roles in which the user acts for the dossier's place (an administrator: all)."""
        key = (dossier.province_id, dossier.commune_id, dossier.producer_id)
        if key not in self._roles:
            memberships = acting_memberships(
                self.user,
                ALL_ROLES,
                province=dossier.province_id,
                commune=dossier.commune,
                producer_id=dossier.producer_id,
            )
            found = frozenset(m.role for m in memberships)
            self._roles[key] = ALL_ROLES if Role.ADMIN in found else found
        return self._roles[key]

    def seat(self, dossier: Dossier) -> CouncilMember | None:
        if not self.has_seats:
            return None
        if dossier.pk not in self._seats:
            self._seats[dossier.pk] = seat_of(self.user, dossier)
        return self._seats[dossier.pk]

    def refusal(self, dossier: Dossier, name: str) -> DomainError | None:
        """Why the user may not take action `name` on the dossier now (None: they may)."""
        if name in workflow.ACTIONS and name != "issue":
            try:
                action = workflow.check(name, dossier.state)
            except DomainError as error:
                return error
            if name == "finalize":
                seat = self.seat(dossier)
                if seat is None or seat.role != CouncilRole.CHAIR:
                    return DomainError(
                        _("Chỉ chủ tịch hội đồng của đợt này mới chốt kết quả."),
                        code="permission",
                    )
                return None
            roles = roles_for(dossier, action)
            if not self.roles(dossier) & roles:
                return _role_refusal(action, roles)
            return profile_refusal(dossier, action)
        if name in SEAT_ACTIONS:
            return self._seat_refusal(dossier, name)
        if name == ADVISORY_REVIEW:
            if dossier.state != S.ADVISORY_REVIEW:
                return DomainError(
                    _("Chỉ ghi thẩm định khi hồ sơ đang ở bước tổ tư vấn thẩm định."),
                    code="state",
                )
            if Role.AGENCY_OFFICER not in self.roles(dossier):
                return DomainError(_("Chỉ cơ quan OCOP của tỉnh ghi thẩm định."), code="permission")
            return None
        if name == CONFIRM_SAMPLES:
            return self._samples_refusal(dossier)
        if name == EVIDENCE:
            if any(self.may_attach(dossier, kind) for kind in EVIDENCE_STEPS):
                return None
            return DomainError(_("Không thể đính kèm tài liệu vào hồ sơ ở bước này."), code="state")
        return DomainError(_("Không có thao tác “%(action)s”.") % {"action": name})

    def _samples_refusal(self, dossier: Dossier) -> DomainError | None:
        if dossier.state not in SAMPLE_STATES:
            return DomainError(
                _(
                    "Chỉ xác nhận sản phẩm mẫu sau khi tiếp nhận hồ sơ và trước khi đề nghị cấp "
                    "tỉnh; hồ sơ đang ở trạng thái “%(state)s”."
                )
                % {"state": S(dossier.state).label},
                code="state",
            )
        role = local_role(dossier)
        if role not in self.roles(dossier):
            return DomainError(
                _("Bạn không có quyền “%(action)s” đối với hồ sơ này (dành cho: %(roles)s).")
                % {"action": CONFIRM_SAMPLES_LABEL, "roles": Role(role).label},
                code="permission",
            )
        rule = dossier.rulebook.rules.samples
        if rule is None or not rule.required_for(dossier.product.product_set.sector_code):
            return DomainError(
                _(
                    "Theo %(rulebook)s, sản phẩm thuộc ngành “%(sector)s” không phải nộp sản "
                    "phẩm mẫu."
                )
                % {
                    "rulebook": rulebook_name(dossier.rulebook),
                    "sector": dossier.product.product_set.sector_label,
                },
                code="samples",
            )
        return None

    def _seat_refusal(self, dossier: Dossier, name: str) -> DomainError | None:
        level = scoring_level(dossier)
        if level is None:
            return DomainError(
                _("Hồ sơ đang ở trạng thái “%(state)s”, không ở bước hội đồng chấm điểm.")
                % {"state": S(dossier.state).label},
                code="state",
            )
        seat = self.seat(dossier)
        if seat is None:
            return DomainError(
                _("Bạn không phải thành viên hội đồng chấm hồ sơ này."), code="permission"
            )
        if name == SCORE and seat.role not in SCORING_ROLES:
            return DomainError(
                _("%(role)s không chấm điểm.") % {"role": seat.get_role_display()},
                code="permission",
            )
        if name == REOPEN_SHEET and seat.role != CouncilRole.CHAIR:
            return DomainError(_("Chỉ chủ tịch hội đồng mới mở lại phiếu."), code="permission")
        return None

    def may(self, dossier: Dossier, name: str) -> bool:
        return self.refusal(dossier, name) is None

    def may_attach(self, dossier: Dossier, kind: str) -> bool:
        """Whether the user may attach (or remove) files of `kind` at the dossier's step."""
        states, roles = EVIDENCE_STEPS[kind]
        return dossier.state in states and bool(self.roles(dossier) & roles)

    def actions(self, dossier: Dossier) -> list[str]:
        """Every action the user may take on the dossier now: the table's, then the others."""
        names = (
            *workflow.DOSSIER_ACTIONS,
            *SEAT_ACTIONS,
            ADVISORY_REVIEW,
            CONFIRM_SAMPLES,
            EVIDENCE,
        )
        return [name for name in names if self.may(dossier, name)]


def actions_for(user, dossier: Dossier) -> list[str]:
    """The actions `user` may take on `dossier` now (see `Authority.actions`)."""
    return Authority(user).actions(dossier)


def require(user, dossier: Dossier, name: str) -> None:
    """Raise the reason the user may not take action `name` on the dossier now."""
    refusal = Authority(user).refusal(dossier, name)
    if refusal is not None:
        raise refusal


def may_act(user, dossier: Dossier, roles) -> bool:
    """Whether the user acts for the dossier's place in one of `roles` (an administrator
    always does)."""
    return bool(Authority(user).roles(dossier) & frozenset(roles))


# --- creations (django-rules) ----------------------------------------------------------------
# Which roles may create the evaluation's records at all, so that the API answers a role that
# may never make this write with a 403 before reading its input; the domain actions above and
# in `domain` decide the rest (the province, the round, the level, the product).

# domain.open_extra_round: the province's OCOP agency.
ROUND_OPENERS = {Role.ADMIN, Role.AGENCY_OFFICER}
# domain.create_council: the province's agency, a legacy district's officer, the Ministry.
COUNCIL_CREATORS = {Role.ADMIN, Role.AGENCY_OFFICER, Role.DISTRICT_OFFICER, Role.MINISTRY_OFFICER}


def _holds(user, roles) -> bool:
    return any(m.role in roles for m in memberships_of(user))


@django_rules.predicate
def opens_rounds(user) -> bool:
    return _holds(user, ROUND_OPENERS)


@django_rules.predicate
def creates_councils(user) -> bool:
    return _holds(user, COUNCIL_CREATORS)


django_rules.add_perm("evaluation.add_round", opens_rounds)
django_rules.add_perm("evaluation.add_council", creates_councils)
# domain.create_dossier: whoever may edit the product (registry.rules.can_edit_product).
django_rules.add_perm("evaluation.add_dossier", is_registry_editor | is_producer_account)
