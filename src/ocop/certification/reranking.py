"""Re-ranking (phân hạng lại) of certificates nearing their end date: the list of certificates
whose filing window is open or about to open, starting a re-ranking dossier from a certificate,
and the reminders sent to the producer's accounts and the commune officers.

The window and the grace come from each certificate's rule (`status.RerankingRule`: its own
rulebook's or the nearest later one's). A re-ranking dossier may be started from the first day
of the window until the last day of the grace: filed after the window it is a late filing
(26/2026 Art. 12.3), which keeps the certificate in force only until the result, at most the
grace past its end date.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Membership, Role
from ocop.accounts.scope import covers_commune
from ocop.core.errors import DomainError
from ocop.core.formatting import short_date
from ocop.evaluation import domain as evaluation
from ocop.evaluation.models import Dossier, DossierKind, DossierState
from ocop.notifications import services

from . import status
from .models import NUMBER_ORDER, Certificate, CertificateStatus, ReminderLog

logger = logging.getLogger(__name__)

# The project's choice, not a legal number: the second reminder goes out when the last day of
# the filing window is this many days away (or later in the window, when a run was missed).
CLOSING_SOON_DAYS = 14
# The re-ranking list shows by default the windows open today or opening within this many days.
DEFAULT_AHEAD_DAYS = 30
MAX_AHEAD_DAYS = 365

# Phases of a certificate towards its re-ranking, on a given day.
UPCOMING = "upcoming"  # the window has not opened yet
OPEN = "open"  # the window is open
LATE = "late"  # the window has closed; a late filing is still possible (Art. 12.3)
OVER = "over"  # past the grace: re-ranking is no longer possible
NO_RULE = "none"  # no rulebook sets re-ranking numbers for this certificate


# --- a certificate's re-ranking calendar ------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """A certificate's re-ranking days: the filing window, and the last day of the grace."""

    rule: status.RerankingRule
    window_start: datetime.date
    window_end: datetime.date
    grace_end: datetime.date

    def phase(self, on: datetime.date) -> str:
        if on < self.window_start:
            return UPCOMING
        if on <= self.window_end:
            return OPEN
        if on <= self.grace_end:
            return LATE
        return OVER

    def days_left(self, on: datetime.date) -> int | None:
        """Days until the window closes (open), until it opens (upcoming), until the grace ends
        (late); None once over."""
        phase = self.phase(on)
        if phase == UPCOMING:
            return (self.window_start - on).days
        if phase == OPEN:
            return (self.window_end - on).days
        if phase == LATE:
            return (self.grace_end - on).days
        return None


def calendar_of(certificate: Certificate) -> Calendar | None:
    rule = certificate.rerank_rule()
    if rule is None:
        return None
    start, end = status.window(certificate.valid_until, rule)
    return Calendar(
        rule=rule,
        window_start=start,
        window_end=end,
        grace_end=certificate.valid_until + datetime.timedelta(days=rule.grace_days),
    )


def rule_in_force(on: datetime.date) -> status.RerankingRule | None:
    """The re-ranking rule of the rulebook in force on `on` (what a certificate issued that day
    is held to)."""
    from ocop.criteria.queries import rulebook_in_force

    rulebook = rulebook_in_force(on)
    return status.rule_for(rulebook.pk) if rulebook else None


def rule_title(rule: status.RerankingRule) -> str:
    """The short title of the rulebook a rule comes from ("QĐ 26/2026/QĐ-TTg")."""
    from ocop.criteria.models import Rulebook

    rulebook = Rulebook.objects.filter(slug=rule.source).only("slug", "data").first()
    return rulebook.rules.short_title if rulebook else rule.source


# --- re-ranking dossiers of certificates ------------------------------------------------------


def rerank_dossiers():
    return Dossier.objects.filter(kind=DossierKind.RERANK)


def filed_q(on: datetime.date) -> Q:
    """Certificates with a re-ranking dossier filed (submitted) by `on` and not withdrawn."""
    return Q(
        Exists(
            rerank_dossiers()
            .filter(previous_certificate=OuterRef("pk"), submitted_on__lte=on)
            .exclude(state=DossierState.WITHDRAWN)
        )
    )


def with_rerank_dossier(queryset):
    """Annotate the latest re-ranking dossier of each certificate: `rerank_dossier_id`,
    `rerank_state`, `rerank_submitted_on` (None when there is none)."""
    latest = rerank_dossiers().filter(previous_certificate=OuterRef("pk")).order_by("-pk")
    return queryset.annotate(
        rerank_dossier_id=Subquery(latest.values("pk")[:1]),
        rerank_state=Subquery(latest.values("state")[:1]),
        rerank_submitted_on=Subquery(latest.values("submitted_on")[:1]),
    )


def rerank_state_label(value: str | None) -> str:
    return str(DossierState(value).label) if value in DossierState.values else ""


# --- the re-ranking list ----------------------------------------------------------------------


def late_q(on: datetime.date) -> Q:
    """Certificates whose window closed before `on` and whose grace runs on `on` or later."""
    groups: dict[status.RerankingRule, list[int]] = {}
    for rulebook_id, rule in status.reranking_rules().items():
        if rule is not None:
            groups.setdefault(rule, []).append(rulebook_id)
    q = Q(pk__in=[])
    for rule, ids in groups.items():
        q |= Q(
            rulebook_id__in=ids,
            valid_until__lt=on + datetime.timedelta(days=rule.closes_days),
            valid_until__gte=on - datetime.timedelta(days=rule.grace_days),
        )
    return q


def rerank_list(
    queryset,
    *,
    today: datetime.date | None = None,
    ahead_days: int = DEFAULT_AHEAD_DAYS,
    include_late: bool = False,
):
    """Certificates of `queryset` in force on `today` whose filing window is open or opens
    within `ahead_days`; with `include_late`, also those whose window has closed while their
    grace still runs (in force, extended, or expired and still allowed a late filing). Each
    carries its status on `today` and its latest re-ranking dossier."""
    today = today or status.today()
    certificates = queryset.with_status(today)
    q = Q(status__in=status.CURRENT) & status.window_q(today, ahead_days=ahead_days)
    if include_late:
        q |= late_q(today) & Q(status__in=(*status.CURRENT, CertificateStatus.EXPIRED))
    return with_rerank_dossier(certificates.filter(q)).order_by("valid_until", *NUMBER_ORDER)


@dataclass
class Row:
    """A certificate of the re-ranking list, with its calendar read on one day."""

    certificate: Certificate
    calendar: Calendar | None
    phase: str
    days_left: int | None

    @property
    def dossier_state_label(self) -> str:
        return rerank_state_label(self.certificate.rerank_state)


def rows(certificates, today: datetime.date) -> list[Row]:
    found = []
    for certificate in certificates:
        calendar = calendar_of(certificate)
        found.append(
            Row(
                certificate=certificate,
                calendar=calendar,
                phase=calendar.phase(today) if calendar else NO_RULE,
                days_left=calendar.days_left(today) if calendar else None,
            )
        )
    return found


# --- starting a re-ranking dossier ------------------------------------------------------------


def filing_problem(certificate: Certificate, today: datetime.date | None = None) -> str | None:
    """Why a re-ranking dossier may not be started from `certificate` on `today`, in words;
    None when it may (its window is open, or it is late within the grace)."""
    today = today or status.today()
    state = certificate.status_on(today)
    if state == CertificateStatus.REVOKED:
        return _("Giấy chứng nhận %(no)s đã bị thu hồi, không thể phân hạng lại.") % {
            "no": certificate.number
        }
    if state == CertificateStatus.SUPERSEDED:
        return _(
            "Giấy chứng nhận %(no)s đã được thay thế bằng giấy chứng nhận khác; hãy phân hạng "
            "lại từ giấy chứng nhận đang có hiệu lực."
        ) % {"no": certificate.number}
    calendar = calendar_of(certificate)
    if calendar is None:
        return _("Chưa có quy định về phân hạng lại áp dụng cho giấy chứng nhận %(no)s.") % {
            "no": certificate.number
        }
    phase = calendar.phase(today)
    if phase == UPCOMING:
        return _(
            "Chưa đến thời hạn nộp hồ sơ phân hạng lại: hồ sơ được nộp từ ngày %(start)s đến hết "
            "ngày %(end)s (từ %(opens)s đến %(closes)s ngày trước ngày hết hiệu lực %(until)s)."
        ) % {
            "start": short_date(calendar.window_start),
            "end": short_date(calendar.window_end),
            "opens": calendar.rule.opens_days,
            "closes": calendar.rule.closes_days,
            "until": short_date(certificate.valid_until),
        }
    if phase == OVER:
        return _(
            "Đã quá thời hạn phân hạng lại: giấy chứng nhận hết hiệu lực ngày %(until)s, quá "
            "%(grace)s ngày (hết ngày %(grace_end)s). Sản phẩm cần đăng ký đánh giá lần đầu."
        ) % {
            "until": short_date(certificate.valid_until),
            "grace": calendar.rule.grace_days,
            "grace_end": short_date(calendar.grace_end),
        }
    pending = (
        rerank_dossiers().filter(previous_certificate=certificate, closed_on__isnull=True).first()
    )
    if pending is not None:
        return _("Giấy chứng nhận %(no)s đã có hồ sơ phân hạng lại số %(id)s (%(state)s).") % {
            "no": certificate.number,
            "id": pending.pk,
            "state": pending.get_state_display(),
        }
    current = evaluation.rerankable_certificate(certificate.product, today)
    if current is None or current.pk != certificate.pk:
        return _(
            "Giấy chứng nhận %(no)s không phải giấy chứng nhận đang được phân hạng lại của sản "
            "phẩm."
        ) % {"no": certificate.number}
    return None


def may_start(user, certificate: Certificate) -> bool:
    """Whether `user` may start a dossier for the certificate's product (its producer, or an
    officer covering the product), as `evaluation.domain.create_dossier` allows."""
    from ocop.registry.rules import can_edit_product

    return bool(can_edit_product(user, certificate.product))


def start_rerank(certificate: Certificate, *, actor, today: datetime.date | None = None) -> Dossier:
    """Open a draft re-ranking dossier of the certificate's product, linked to it, with the
    registration (Mẫu 01) of the dossier that earned it. Refused outside the window and the
    grace, for a revoked or replaced certificate, or when a re-ranking dossier is pending."""
    today = today or status.today()
    if not may_start(actor, certificate):
        raise DomainError(
            _("Bạn không thể lập hồ sơ phân hạng lại cho sản phẩm này."), code="permission"
        )
    problem = filing_problem(certificate, today)
    if problem:
        raise DomainError(problem, code="rerank_window")
    previous = certificate.dossier
    return evaluation.create_dossier(
        certificate.product,
        actor=actor,
        kind=DossierKind.RERANK,
        registration=dict(previous.registration or {}),
        prepared_by=previous.prepared_by,
        consultant_name=previous.consultant_name,
        today=today,
    )


# --- reminders --------------------------------------------------------------------------------


def due_kind(calendar: Calendar, on: datetime.date) -> str | None:
    """The reminder due on `on`: "closing_soon" in the last CLOSING_SOON_DAYS days of the window
    (its last day included), "window_open" earlier in the window (a run after the first day
    catches up), none outside the window."""
    if calendar.phase(on) != OPEN:
        return None
    if (calendar.window_end - on).days <= CLOSING_SOON_DAYS:
        return ReminderLog.Kind.CLOSING_SOON
    return ReminderLog.Kind.WINDOW_OPEN


def reminder_candidates(on: datetime.date):
    """Certificates in force on `on` with their window open and no re-ranking dossier filed
    (revoked and replaced certificates are not in force)."""
    return (
        Certificate.objects.in_rerank_window(on)
        .exclude(filed_q(on))
        .select_related("product__commune", "producer__commune", "rulebook")
        .order_by("valid_until", "pk")
    )


class Recipients:
    """Who hears of a certificate's re-ranking: the producer's accounts and the commune officers
    covering the product's and the producer's commune (cached per run)."""

    def __init__(self):
        self._officers: dict[int, list] = {}

    def producer_users(self, producer_id: int) -> list:
        return [
            m.user
            for m in Membership.objects.filter(
                role=Role.PRODUCER, producer_id=producer_id, is_active=True
            ).select_related("user")
        ]

    def commune_officers(self, commune) -> list:
        if commune is None:
            return []
        if commune.pk not in self._officers:
            memberships = Membership.objects.filter(
                role=Role.COMMUNE_OFFICER,
                is_active=True,
                unit__current_province_id=commune.current_province_id,
            ).select_related("user", "unit")
            self._officers[commune.pk] = [m.user for m in memberships if covers_commune(m, commune)]
        return self._officers[commune.pk]

    def of(self, certificate: Certificate) -> list:
        return [
            *self.producer_users(certificate.producer_id),
            *self.commune_officers(certificate.product.commune),
            *self.commune_officers(certificate.producer.commune),
        ]


def _message(certificate: Certificate, calendar: Calendar, kind: str, on: datetime.date):
    names = {
        "no": certificate.number,
        "product": certificate.product_name,
        "producer": certificate.producer_name,
        "until": short_date(certificate.valid_until),
        "start": short_date(calendar.window_start),
        "end": short_date(calendar.window_end),
        "days": (calendar.window_end - on).days,
        "grace": calendar.rule.grace_days,
    }
    if kind == ReminderLog.Kind.WINDOW_OPEN:
        subject = _("Đến hạn nộp hồ sơ phân hạng lại: %(product)s") % names
        text = _(
            "Giấy chứng nhận OCOP số %(no)s của sản phẩm %(product)s (%(producer)s) có hiệu "
            "lực đến hết ngày %(until)s. Hồ sơ đề nghị phân hạng lại được nộp từ ngày %(start)s "
            "đến hết ngày %(end)s."
        )
    else:
        subject = _("Sắp hết hạn nộp hồ sơ phân hạng lại: %(product)s") % names
        text = _(
            "Thời hạn nộp hồ sơ phân hạng lại giấy chứng nhận OCOP số %(no)s của sản phẩm "
            "%(product)s (%(producer)s) kết thúc vào hết ngày %(end)s, còn %(days)s ngày. Giấy "
            "chứng nhận có hiệu lực đến hết ngày %(until)s."
        )
    late = _(
        "Nộp muộn hơn thời hạn này thì giấy chứng nhận chỉ tiếp tục có hiệu lực đến khi có kết "
        "quả phân hạng lại, không quá %(grace)s ngày kể từ ngày hết hiệu lực."
    )
    body = f"{text % names} {late % names}"
    return subject, body


@dataclass
class ReminderRun:
    """What a run of the reminders did."""

    day: str = ""
    window_open: int = 0
    closing_soon: int = 0
    already_sent: int = 0
    recipients: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def send_reminders(today: datetime.date | None = None) -> ReminderRun:
    """Send the re-ranking reminders due on `today`, each certificate's reminder of each kind
    once: the log row is written first, in the transaction that sends, so a second run (or a
    concurrent one) finds it and skips; a failure rolls both back, for the next run to retry."""
    today = today or timezone.localdate()
    run = ReminderRun(day=today.isoformat())
    recipients = Recipients()
    for certificate in reminder_candidates(today):
        calendar = calendar_of(certificate)
        kind = due_kind(calendar, today) if calendar else None
        if kind is None:
            continue
        if ReminderLog.objects.filter(certificate=certificate, kind=kind).exists():
            run.already_sent += 1
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    entry = ReminderLog.objects.create(
                        certificate=certificate, kind=kind, sent_on=today
                    )
            except IntegrityError:
                # Another run sent it in the meantime.
                run.already_sent += 1
                continue
            subject, body = _message(certificate, calendar, kind, today)
            sent = services.send(
                recipients.of(certificate),
                subject=subject,
                body=body,
                url=reverse("certification:certificate", args=[certificate.pk]),
                object_type="certificate",
                object_id=certificate.pk,
            )
            entry.recipients = len(sent)
            entry.save(update_fields=["recipients"])
        run.recipients += len(sent)
        if kind == ReminderLog.Kind.WINDOW_OPEN:
            run.window_open += 1
        else:
            run.closing_soon += 1
    logger.info("Re-ranking reminders of %s: %s", today, run.as_dict())
    return run
