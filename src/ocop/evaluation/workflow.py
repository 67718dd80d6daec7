"""The dossier's state machine: one transition table, checked in one place (`check`).

The actions and states are those of the API contract (API.md, "Dossier state values"); `issue` is
the move a recognition decision makes when it is issued. Who may act also depends on the
actor's scope and on the rulebook's process profile: `domain.py` checks those.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.models import Role
from ocop.core.errors import DomainError

from .models import DossierState as S


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    targets: frozenset
    roles: frozenset


def _action(name, label, sources, targets, roles) -> Action:
    return Action(name, label, frozenset(sources), frozenset(targets), frozenset(roles))


# States before the provincial council starts scoring, and before it has scored.
BEFORE_COUNCIL_SCORING = (
    S.SUBMITTED,
    S.RECEIVED,
    S.ASSESSED,
    S.INSPECTED,
    S.DISTRICT_SCORED,
    S.PROPOSED,
    S.ADVISORY_REVIEW,
)
BEFORE_SCORED = (S.DRAFT, *BEFORE_COUNCIL_SCORING, S.RETURNED, S.COUNCIL_SCORING)
# Where a dossier stops: nothing moves it further.
FINAL_STATES = frozenset({S.RECOGNISED, S.NOT_RECOGNISED, S.DISQUALIFIED, S.WITHDRAWN})
# States in which the commune (or the legacy district) handles the dossier.
LOCAL_STATES = frozenset({S.SUBMITTED, S.RECEIVED, S.ASSESSED, S.INSPECTED, S.DISTRICT_SCORED})
PROVINCE_STATES = frozenset(
    {S.PROPOSED, S.ADVISORY_REVIEW, S.COUNCIL_SCORING, S.SCORED, S.APPROVED, S.SENT_TO_MINISTRY}
)

AGENCY = Role.AGENCY_OFFICER
COMMUNE = Role.COMMUNE_OFFICER
DISTRICT = Role.DISTRICT_OFFICER
MINISTRY = Role.MINISTRY_OFFICER
PRODUCER = Role.PRODUCER
COUNCIL = Role.COUNCIL_MEMBER

ACTIONS = {
    action.name: action
    for action in (
        _action(
            "submit",
            gettext_lazy("Nộp hồ sơ"),
            {S.DRAFT, S.RETURNED},
            {S.SUBMITTED},
            {PRODUCER},
        ),
        _action(
            "receive",
            gettext_lazy("Tiếp nhận hồ sơ"),
            {S.SUBMITTED},
            {S.RECEIVED},
            {COMMUNE, DISTRICT},
        ),
        _action(
            "assess",
            gettext_lazy("Đánh giá của xã (Mẫu 03)"),
            {S.RECEIVED},
            {S.ASSESSED},
            {COMMUNE},
        ),
        _action(
            "inspect",
            gettext_lazy("Ghi biên bản kiểm tra thực tế"),
            {S.RECEIVED},
            {S.INSPECTED},
            {DISTRICT},
        ),
        _action(
            "close-district-scoring",
            gettext_lazy("Chốt kết quả hội đồng huyện"),
            {S.INSPECTED},
            {S.DISTRICT_SCORED},
            {DISTRICT},
        ),
        _action(
            "return",
            gettext_lazy("Trả lại để bổ sung"),
            BEFORE_COUNCIL_SCORING,
            {S.RETURNED},
            {COMMUNE, DISTRICT, AGENCY},
        ),
        _action(
            "disqualify",
            gettext_lazy("Loại hồ sơ"),
            (*BEFORE_COUNCIL_SCORING, S.COUNCIL_SCORING),
            {S.DISQUALIFIED},
            {COMMUNE, DISTRICT, AGENCY},
        ),
        _action(
            "propose",
            gettext_lazy("Đề nghị cấp tỉnh"),
            {S.ASSESSED, S.DISTRICT_SCORED},
            {S.PROPOSED},
            {COMMUNE, DISTRICT},
        ),
        _action(
            "accept",
            gettext_lazy("Hồ sơ đầy đủ, chuyển tổ tư vấn"),
            {S.PROPOSED},
            {S.ADVISORY_REVIEW},
            {AGENCY},
        ),
        _action(
            "open-scoring",
            gettext_lazy("Chuyển hội đồng chấm điểm"),
            {S.ADVISORY_REVIEW},
            {S.COUNCIL_SCORING},
            {AGENCY},
        ),
        _action(
            "finalize",
            gettext_lazy("Chốt kết quả hội đồng"),
            {S.COUNCIL_SCORING},
            {S.SCORED},
            {COUNCIL},
        ),
        _action(
            "approve",
            gettext_lazy("Phê duyệt kết quả"),
            {S.SCORED},
            {S.APPROVED, S.SENT_TO_MINISTRY, S.NOT_RECOGNISED},
            {AGENCY},
        ),
        _action(
            "record-ministry-result",
            gettext_lazy("Ghi nhận kết quả của Bộ"),
            {S.SENT_TO_MINISTRY},
            {S.RECOGNISED, S.APPROVED, S.NOT_RECOGNISED},
            {AGENCY, MINISTRY},
        ),
        _action(
            "withdraw",
            gettext_lazy("Rút hồ sơ"),
            BEFORE_SCORED,
            {S.WITHDRAWN},
            {PRODUCER},
        ),
        _action(
            "issue",
            gettext_lazy("Ban hành quyết định công nhận"),
            {S.APPROVED},
            {S.RECOGNISED},
            {AGENCY},
        ),
    )
}

# The actions a person triggers on a dossier (API `POST dossiers/<id>/<action>`); `score` only
# saves a member's sheet and `issue` is done by a decision.
DOSSIER_ACTIONS = tuple(name for name in ACTIONS if name != "issue")


def check(action_name: str, state: str, target: str | None = None) -> Action:
    """The action if it may move a dossier from `state` (to `target`); DomainError otherwise."""
    action = ACTIONS.get(action_name)
    if action is None:
        raise DomainError(_("Không có thao tác “%(action)s”.") % {"action": action_name})
    if state not in action.sources:
        raise DomainError(
            _(
                "Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”; thao tác này "
                "chỉ áp dụng cho hồ sơ ở trạng thái: %(sources)s."
            )
            % {
                "action": action.label,
                "state": S(state).label,
                "sources": ", ".join(str(S(source).label) for source in _ordered(action.sources)),
            },
            code="state",
        )
    if target is not None and target not in action.targets:
        raise DomainError(
            _("Thao tác “%(action)s” không chuyển hồ sơ sang “%(target)s”.")
            % {"action": action.label, "target": S(target).label},
            code="state",
        )
    return action


def available(state: str) -> list[Action]:
    """The actions the table allows from `state` (before scope and role are considered)."""
    return [action for action in ACTIONS.values() if state in action.sources]


def _ordered(states):
    order = list(S.values)
    return sorted(states, key=order.index)
