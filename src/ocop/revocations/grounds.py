"""What the law says about revocation, read from the rulebooks: the grounds of Art. 8.1, the
level competent for each star (Art. 8.2) and the time limit of Art. 8.4 (26/2026). No legal
text or number is written here."""

import datetime

from django.utils.translation import gettext as _

from ocop.core.errors import DomainError
from ocop.criteria.models import Rulebook
from ocop.criteria.rules_data import TimeLimit
from ocop.evaluation import deadlines

from .models import Ground

TIME_LIMIT = "revocation"


def _sets_revocation(rulebook: Rulebook) -> bool:
    rules = rulebook.rules
    return bool(
        rules.time_limit(TIME_LIMIT) and rules.revocation_grounds and rules.revocation_authorities
    )


def rulebook_for(finding_date: datetime.date) -> Rulebook:
    """The rulebook whose grounds, competent levels and time limit apply to a finding on
    `finding_date`: the one in force that day when it sets them, else the nearest later one
    that does (the rule of 26/2026 covers certificates recognised under the rulebooks before
    it)."""
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


def time_limit(rulebook: Rulebook) -> TimeLimit | None:
    """The rulebook's revocation time limit (days, working days or not, source), if any."""
    return deadlines.time_limit(rulebook, TIME_LIMIT)


def competent_level(rulebook: Rulebook, stars: int) -> str | None:
    """The level that revokes a certificate of `stars` under the rulebook (`province` for
    3–4★, `central` for 5★ under 26/2026), None when it names none."""
    return rulebook.rules.revoking_level(stars)


def stars_revoked_by(rulebook: Rulebook, level: str) -> str:
    """ "3–4", "5": the stars whose certificates `level` revokes under the rulebook."""
    stars = sorted(
        star
        for authority in rulebook.rules.revocation_authorities
        if authority.level == level
        for star in authority.stars
    )
    if len(stars) > 1 and stars == list(range(stars[0], stars[-1] + 1)):
        return f"{stars[0]}–{stars[-1]}"
    return ", ".join(map(str, stars))


def grounds(rulebook: Rulebook) -> list[tuple[str, str]]:
    """`[(code, legal text)]` of the rulebook's grounds, in the law's order."""
    return [
        (ground.code, ground.label)
        for ground in rulebook.rules.revocation_grounds
        if ground.code in Ground.values
    ]


def ground_label(rulebook: Rulebook | None, code: str) -> str:
    """ "đ) Chủ thể OCOP không còn hoạt động…": the letter and the rulebook's text."""
    letter = Ground(code).label if code in Ground.values else code
    text = dict(grounds(rulebook)).get(code, "") if rulebook is not None else ""
    return f"{letter}) {text}" if text else f"{letter})"


def choices(rulebook: Rulebook) -> list[tuple[str, str]]:
    """Form choices of the grounds: `(code, "a) …")`."""
    return [(code, ground_label(rulebook, code)) for code, _text in grounds(rulebook)]
