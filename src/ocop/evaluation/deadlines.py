"""Dates of the procedure: working days, the time limits of a rulebook, round cut-offs.

Conventions (domain README): "ngày làm việc" skip weekends and Vietnamese public holidays (the
`holidays` package knows Tết); plain "ngày" are calendar days. A round cut-off ("đề nghị trước
ngày 30 tháng 4") is strict: a proposal on the cut-off day or later joins the next round.
"""

import datetime
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from ocop.criteria.models import Rulebook
from ocop.criteria.rules_data import RoundSpec, TimeLimit


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day on which `days` working days counted from the day after `start` are complete."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def time_limit(rulebook: Rulebook, key: str) -> TimeLimit | None:
    """A time limit of the rulebook (days, working days or not, source), or None."""
    return rulebook.rules.time_limit(key)


def due_date(rulebook: Rulebook, key: str, start: datetime.date | None) -> datetime.date | None:
    """The last day allowed by the rulebook's time limit `key` counted from `start`."""
    limit = time_limit(rulebook, key)
    if limit is None or start is None:
        return None
    if limit.working_days:
        return add_working_days(start, limit.days)
    return start + datetime.timedelta(days=limit.days)


def transition_deadline(rulebook: Rulebook, kind: str) -> tuple[datetime.date, Rulebook] | None:
    """The last day a dossier under an older `rulebook` may still be handled (26/2026 Art. 12.2:
    60 days for a first or upgrade dossier, 30 for a re-ranking, from the new rulebook's start),
    with the rulebook that sets it; None when no later rulebook sets a limit."""
    key = "transition_rerank" if kind == "rerank" else "transition_first_or_upgrade"
    later = Rulebook.objects.filter(effective_from__gt=rulebook.effective_from).order_by(
        "effective_from"
    )
    for successor in later:
        limit = time_limit(successor, key)
        if limit is not None:
            # "Within N days of the day it takes effect": the count starts the next day
            # (Civil Code 2015, Art. 147), so the last day is the start + N days.
            return successor.effective_from + datetime.timedelta(days=limit.days), successor
    return None


def rounds_rule(
    rulebook: Rulebook, level: str = "province"
) -> tuple[tuple[RoundSpec, ...], Rulebook] | None:
    """The standard rounds of a level and the rulebook they come from: the rulebook's own, or
    those of the nearest later rulebook that sets them."""
    candidates = [rulebook, *Rulebook.objects.filter(effective_from__gt=rulebook.effective_from)]
    for candidate in candidates:
        rounds = candidate.rules.rounds_of(level)
        if rounds:
            return rounds, candidate
    return None


def standard_round_count(rulebook: Rulebook, level: str = "province") -> int:
    """How many standard rounds a level holds a year under `rulebook` (numbered 1…n; extra
    rounds are numbered after them)."""
    found = rounds_rule(rulebook, level)
    return len(found[0]) if found else 0


def month_day(year: int, value: str) -> datetime.date:
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)


def valid_until(issued_on: datetime.date, months: int) -> datetime.date:
    """A certificate issued on D is valid through the day before D + `months` months."""
    return issued_on + relativedelta(months=months) - datetime.timedelta(days=1)
