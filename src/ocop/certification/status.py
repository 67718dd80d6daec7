"""A certificate's status on any date, computed in the database from its facts (issue and end
dates, revocation, the certificate that replaced it, a pending re-ranking dossier), never read
from a flag that a job must remember to flip.

- `revoked` from the day of the revocation decision;
- `superseded` from the day the certificate replacing it (upgrade or re-ranking) was issued;
- `valid` through `valid_until`;
- `extended` after `valid_until` while a re-ranking dossier for it, filed on or before that day,
  is still open — whether filed in the window or late (26/2026 Art. 12.3) — and at most the
  rulebook's `late_grace_days` after the end date;
- `expired` otherwise.

The re-ranking numbers (window, grace) come from the certificate's own rulebook or, when it has
none, from the nearest later rulebook that sets them (the rule of 26/2026 covers certificates
issued before it). They are read once per process and refreshed whenever rulebooks are loaded.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import DatabaseError, connection
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from ocop.criteria.models import Rulebook
from ocop.criteria.signals import rulebooks_loaded

VALID = "valid"
EXTENDED = "extended"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"
CURRENT = (VALID, EXTENDED)


@dataclass(frozen=True)
class RerankingRule:
    """The re-ranking numbers a certificate is held to, and the rulebook that sets them."""

    opens_days: int  # the filing window opens this many days before the end date
    closes_days: int  # … and closes this many days before it (both days included)
    grace_days: int  # a pending dossier keeps the certificate alive this long past the end
    source: str  # the slug of the rulebook the numbers come from


# The rules per database (the test database differs from the configured one), refreshed when
# rulebooks are loaded or changed.
_rules: dict[str, dict[int, RerankingRule | None]] = {}


def reranking_rules() -> dict[int, RerankingRule | None]:
    """The re-ranking rule of every rulebook (by primary key), None where no rulebook sets one.

    Empty (and not remembered) while the database has no rulebook table yet: a queryset built
    before migrations (a form's field at import time) must not fail."""
    key = connection.settings_dict["NAME"]
    if key in _rules:
        return _rules[key]
    try:
        rulebooks = list(Rulebook.objects.order_by("effective_from").only("slug", "data"))
    except DatabaseError:
        return {}
    rules: dict[int, RerankingRule | None] = {}
    for index, rulebook in enumerate(rulebooks):
        rules[rulebook.pk] = next(
            (
                RerankingRule(
                    opens_days=later.rules.reranking.opens_days,
                    closes_days=later.rules.reranking.closes_days,
                    grace_days=later.rules.reranking.grace_days,
                    source=later.slug,
                )
                for later in rulebooks[index:]
                if later.rules.reranking
            ),
            None,
        )
    _rules[key] = rules
    return rules


def rule_for(rulebook_id: int) -> RerankingRule | None:
    return reranking_rules().get(rulebook_id)


@receiver(rulebooks_loaded)
@receiver(post_save, sender=Rulebook)
@receiver(post_delete, sender=Rulebook)
def _forget_rules(**kwargs) -> None:
    _rules.clear()


def _by_rule(build) -> Q:
    """`build(rule)` for the rulebooks of each distinct rule, OR-ed (nothing where no rule)."""
    groups: dict[RerankingRule, list[int]] = {}
    for rulebook_id, rule in reranking_rules().items():
        if rule is not None:
            groups.setdefault(rule, []).append(rulebook_id)
    q = Q(pk__in=[])
    for rule, ids in groups.items():
        q |= Q(rulebook_id__in=ids) & build(rule)
    return q


def pending_rerank(on: datetime.date) -> Exists:
    """Whether a re-ranking dossier for the certificate was filed by `on` and is still open."""
    Dossier = apps.get_model("evaluation", "Dossier")
    return Exists(
        Dossier.objects.filter(
            previous_certificate=OuterRef("pk"),
            kind="rerank",
            submitted_on__lte=on,
        ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    )


def status_expression(on: datetime.date) -> Case:
    """The SQL expression of the status on `on`."""
    within_grace = _by_rule(
        lambda rule: Q(valid_until__gte=on - datetime.timedelta(days=rule.grace_days))
    )
    return Case(
        When(revoked_on__lte=on, then=Value(REVOKED)),
        When(superseded_on__lte=on, then=Value(SUPERSEDED)),
        When(valid_until__gte=on, then=Value(VALID)),
        When(within_grace & Q(pending_rerank(on)), then=Value(EXTENDED)),
        default=Value(EXPIRED),
        output_field=CharField(),
    )


def window_q(on: datetime.date, *, ahead_days: int = 0) -> Q:
    """Certificates whose re-ranking filing window is open on `on` or opens within `ahead_days`
    (the end date between `closes_days` and `opens_days + ahead_days` days ahead)."""
    return _by_rule(
        lambda rule: Q(
            valid_until__gte=on + datetime.timedelta(days=rule.closes_days),
            valid_until__lte=on + datetime.timedelta(days=rule.opens_days + ahead_days),
        )
    )


def window(valid_until: datetime.date, rule: RerankingRule) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a certificate's re-ranking filing window."""
    return (
        valid_until - datetime.timedelta(days=rule.opens_days),
        valid_until - datetime.timedelta(days=rule.closes_days),
    )


def today() -> datetime.date:
    return timezone.localdate()
