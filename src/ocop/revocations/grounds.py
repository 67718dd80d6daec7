"""What the law says about revocation, read from the rulebooks: the grounds of Art. 8.1 and
the time limit of Art. 8.4 (26/2026). No legal text or number is written here."""

import datetime

from django.utils.translation import gettext as _

from ocop.core.errors import DomainError
from ocop.criteria.models import Rulebook
from ocop.evaluation import deadlines

from .models import Ground

TIME_LIMIT = "revocation"


def _sets_revocation(rulebook: Rulebook) -> bool:
    data = rulebook.data or {}
    return bool(deadlines.time_limit(rulebook, TIME_LIMIT) and data.get("revocation_grounds"))


def rulebook_for(finding_date: datetime.date) -> Rulebook:
    """The rulebook whose grounds and time limit apply to a finding on `finding_date`: the one in
    force that day when it sets them, else the nearest later one that does (the rule of 26/2026
    covers certificates recognised under the rulebooks before it)."""
    rulebooks = list(Rulebook.objects.order_by("effective_from"))
    in_force = [r for r in rulebooks if r.effective_from <= finding_date]
    start = rulebooks.index(in_force[-1]) if in_force else 0
    for rulebook in rulebooks[start:]:
        if _sets_revocation(rulebook):
            return rulebook
    raise DomainError(
        _("Chưa có bộ tiêu chí nào quy định căn cứ và thời hạn thu hồi giấy chứng nhận."),
        code="rulebook",
    )


def due_on(rulebook: Rulebook, finding_date: datetime.date) -> datetime.date:
    """The last day to decide a case found on `finding_date` (calendar or working days, as the
    rulebook's time limit says)."""
    return deadlines.due_date(rulebook, TIME_LIMIT, finding_date)


def time_limit(rulebook: Rulebook) -> dict:
    """`{"days", "working_days", "source"}` of the rulebook's revocation time limit."""
    return deadlines.time_limit(rulebook, TIME_LIMIT) or {}


def grounds(rulebook: Rulebook) -> list[tuple[str, str]]:
    """`[(code, legal text)]` of the rulebook's grounds, in the law's order."""
    return [
        (item["code"], item["label"])
        for item in (rulebook.data or {}).get("revocation_grounds", [])
        if item.get("code") in Ground.values
    ]


def ground_label(rulebook: Rulebook | None, code: str) -> str:
    """ "đ) Chủ thể OCOP không còn hoạt động…": the letter and the rulebook's text."""
    letter = Ground(code).label if code in Ground.values else code
    text = dict(grounds(rulebook)).get(code, "") if rulebook is not None else ""
    return f"{letter}) {text}" if text else f"{letter})"


def choices(rulebook: Rulebook) -> list[tuple[str, str]]:
    """Form choices of the grounds: `(code, "a) …")`."""
    return [(code, ground_label(rulebook, code)) for code, _text in grounds(rulebook)]
