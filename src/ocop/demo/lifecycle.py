"""Certificates at every point of their life, on top of the demo's history and current round.

The history leaves certificates valid, superseded and expired, but whether a re-ranking window
is open on the day the demo is loaded depends on that day. This module adds, relative to the
day of loading:

- an extra round ("đợt bổ sung") whose certificates end about 150 days later, so that their
  filing window is open today (the re-ranking list and its reminders have something to show);
- an extra round whose certificates ended 20 days ago, re-ranked through the real domain actions:
  one dossier filed in the window (received by the commune since), one filed late (Art. 12.3 of
  26/2026) — both certificates are `extended` while their dossier is pending;
- two revoked certificates (ground b after an inspection, ground d for misuse of the mark);
- the re-ranking reminders due today, in the inboxes of the producers and commune officers.

The extra rounds are written like the history (`history.Writer`): timelines, council results and
certificates numbered by the province's counter. It runs once: nothing is done when the province
already has an extra round.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Membership, Role, User
from ocop.accounts.scope import scope_communes
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.certification import reranking
from ocop.certification.models import Certificate, CertificateStatus
from ocop.evaluation import domain
from ocop.evaluation.deadlines import valid_until
from ocop.evaluation.models import (
    Dossier,
    DossierKind,
    DossierState,
    FieldInspection,
    Level,
    LevelResult,
    Round,
    Transition,
)
from ocop.registry.models import ProducerStatus

from . import evaluation, history

S = DossierState
SEED = 20270101
MONTHS = 36
# Certificates of the first extra round end this many days after the day of loading: their
# filing window (180 to 120 days before the end) is open, closing in about a month.
OPEN_WINDOW_ENDS_IN = 150
OPEN_WINDOW_WANTED = 4
# Certificates of the second extra round ended this many days before the day of loading.
LAPSED_DAYS_AGO = 20
# The dossier filed in the window: this many days before the end date (the window closes 120
# days before it); the late one: this many days before the day of loading.
FILED_BEFORE_END = 125
LATE_FILED_DAYS_AGO = 8
REVOCATIONS = (
    (
        "b",
        35,
        "Đoàn kiểm tra sau công nhận xác định sản phẩm không còn đáp ứng tiêu chí chất lượng "
        "theo hồ sơ đã được công nhận (phiếu kiểm nghiệm không đạt chỉ tiêu vi sinh).",
    ),
    (
        "d",
        70,
        "Chủ thể sử dụng biểu trưng OCOP và số sao trên bao bì của sản phẩm chưa được công nhận.",
    ),
)


@dataclass
class LifecycleSummary:
    window_open: int = 0
    extended: int = 0
    revoked: int = 0
    reminders: int = 0


def _extra_round(province, agency, decided_on: datetime.date) -> Round:
    """An extra round of the province decided on `decided_on` (proposals closed a month
    before)."""
    proposals_before = decided_on - datetime.timedelta(days=30)
    decide_before = min(
        decided_on + datetime.timedelta(days=10), datetime.date(decided_on.year, 12, 31)
    )
    round_ = domain.open_extra_round(
        province,
        actor=agency,
        year=decided_on.year,
        proposals_before=proposals_before,
        decide_before=decide_before,
    )
    Round.objects.filter(pk=round_.pk).update(
        created_at=history.aware(proposals_before - datetime.timedelta(days=60))
    )
    round_.refresh_from_db()
    return round_


def _candidates(products, decided_on: datetime.date, rng: random.Random) -> list:
    """Active producers' products never evaluated, old enough to be recognised on
    `decided_on`, in a random (seeded) order."""
    taken = set(
        Certificate.objects.filter(product__in=products).values_list("product_id", flat=True)
    ) | set(Dossier.objects.filter(product__in=products).values_list("product_id", flat=True))
    changed = history._status_limits({p.producer_id for p in products})
    found = [
        p
        for p in sorted(products, key=lambda p: p.code)
        if p.pk not in taken
        and p.producer.status == ProducerStatus.ACTIVE
        and p.producer_id not in changed
        and p.code_year < decided_on.year
        and p.name not in history.SHOWCASE_STORIES
    ]
    rng.shuffle(found)
    return found


def _people(admin) -> dict:
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    owners = {
        m.producer_id: m.user
        for m in Membership.objects.filter(
            role=Role.PRODUCER, user__is_demo=True, user__username="producer"
        ).select_related("user")
    }
    return history.demo_people(
        admin=admin,
        agency=users["agency"],
        chair=users["council1"],
        ministry=users.get("ministry"),
        commune=users.get("commune"),
        district=users.get("district"),
        producer_users=owners,
    )


def _recognise(*, province, products, people, round_, decided_on, rng) -> list[Certificate]:
    """Recognise `products` in the extra round (decision on `decided_on`), written like the
    history: dossiers with their timelines and results, the decision, the certificates."""
    rulebooks = history.Rulebooks()
    slot = history.Slot(
        proposals_before=round_.proposals_before,
        year=round_.year,
        number=round_.number,
        decide_before=round_.decide_before,
        rulebook=round_.rulebook,
    )
    legacy_province, legacy_district = history._legacy_places({p.commune_id for p in products})
    people = {**people, "legacy_district": legacy_district}
    writer = history.Writer(
        province=province, people=people, rulebooks=rulebooks, sheets=history.Sheets()
    )
    steps = []
    for product in products:
        group = (
            "48" if decided_on >= history.MERGER else legacy_province.get(product.commune_id, "49")
        )
        stars = 4 if rng.random() < 0.25 else 3
        steps.append(
            history.Step(product, DossierKind.FIRST, slot, stars, group, decided_on=decided_on)
        )
    dossiers = []
    for step in steps:
        dossier = writer.build_dossier(step)
        dossier.round = round_
        dossiers.append(dossier)
    Dossier.objects.bulk_create(dossiers)
    writer.rows_after_insert()
    Transition.objects.bulk_create(writer.transitions)
    FieldInspection.objects.bulk_create(writer.inspections)
    LevelResult.objects.bulk_create(writer.results)
    decisions, _items = history._write_decisions(writer, steps, province)
    certificates = history._write_certificates(writer, steps, province, decided_on)
    history._backdate(writer, dossiers, decisions, certificates)
    history._audit(people["admin"], dossiers, decisions, certificates)
    return certificates


def _open_windows(*, province, products, people, today, rng) -> int:
    """Certificates whose filing window is open today, recognised in an extra round when the
    history's rounds leave too few."""
    have = Certificate.objects.in_rerank_window(today).filter(province=province).count()
    if have >= OPEN_WINDOW_WANTED:
        return 0
    ends = today + datetime.timedelta(days=OPEN_WINDOW_ENDS_IN)
    decided_on = ends + datetime.timedelta(days=1) - relativedelta(months=MONTHS)
    wanted = OPEN_WINDOW_WANTED - have
    candidates = _candidates(products, decided_on, rng)
    # Some in the demo commune account's ward, so that it gets reminders too.
    ward = people.get("commune_membership")
    ward = set(scope_communes(ward).values_list("pk", flat=True)) if ward else set()
    chosen = [p for p in candidates if p.commune_id in ward][: wanted // 2]
    chosen += [p for p in candidates if p not in chosen][: wanted - len(chosen)]
    if not chosen:
        return 0
    round_ = _extra_round(province, people["agency"], decided_on)
    certificates = _recognise(
        province=province,
        products=chosen,
        people=people,
        round_=round_,
        decided_on=decided_on,
        rng=rng,
    )
    # The producers and communes have accounts to be reminded on.
    programme = evaluation.Programme(province=province, admin=people["admin"], today=today)
    current_of = evaluation._current_communes(chosen)
    for product in chosen:
        programme.producer_user(product.producer)
        programme.commune_officer(current_of[product.pk])
    return len(certificates)


def _rerank(programme, certificate: Certificate, *, created: datetime.date, filed: datetime.date):
    """File a re-ranking dossier of the certificate's product on `filed` (drafted on `created`),
    through the domain actions, by the producer's account."""
    product = certificate.product
    producer = product.producer
    owner = programme.producer_user(producer)
    dossier = domain.create_dossier(
        product,
        actor=owner,
        kind=DossierKind.RERANK,
        registration=history.registration_for(producer, product.commune),
        today=created,
    )
    dossier = programme.fill(
        dossier, owner, evaluation.Case(S.SUBMITTED, DossierKind.RERANK, "other", 66)
    )
    dossier = domain.submit(dossier, actor=owner, today=filed)
    Dossier.objects.filter(pk=dossier.pk).update(created_at=history.aware(created, 8, 30))
    return dossier


def _extend(*, province, products, people, admin, today, rng) -> int:
    """Two certificates that ended recently and are `extended`: one re-ranking dossier filed in
    the window (received by the commune since), one filed late."""
    ends = today - datetime.timedelta(days=LAPSED_DAYS_AGO)
    decided_on = ends + datetime.timedelta(days=1) - relativedelta(months=MONTHS)
    chosen = _candidates(products, decided_on, rng)[:2]
    if len(chosen) < 2:
        return 0
    round_ = _extra_round(province, people["agency"], decided_on)
    certificates = _recognise(
        province=province,
        products=chosen,
        people=people,
        round_=round_,
        decided_on=decided_on,
        rng=rng,
    )
    programme = evaluation.Programme(province=province, admin=admin, today=today)
    programme.current_of = evaluation._current_communes(chosen)
    in_window, late = certificates
    end = valid_until(in_window.issued_on, MONTHS)
    filed = end - datetime.timedelta(days=FILED_BEFORE_END)
    dossier = _rerank(programme, in_window, created=filed - datetime.timedelta(days=6), filed=filed)
    officer = programme.commune_officer(programme.current_of[in_window.product_id])
    domain.receive(dossier, actor=officer, today=filed + datetime.timedelta(days=3))
    filed_late = today - datetime.timedelta(days=LATE_FILED_DAYS_AGO)
    _rerank(programme, late, created=filed_late - datetime.timedelta(days=2), filed=filed_late)
    return (
        Certificate.objects.with_status(today)
        .filter(pk__in=[c.pk for c in certificates], status=CertificateStatus.EXTENDED)
        .count()
    )


def _revoke(*, province, people, today, rng) -> int:
    """Two certificates revoked by the province (the decision's facts on the certificate, with
    its audit entry)."""
    if Certificate.objects.filter(province=province, revoked_on__isnull=False).exists():
        return 0
    busy = Dossier.objects.filter(state__in=domain.OPEN_STATES).values("product_id")
    pool = list(
        Certificate.objects.with_status(today)
        .filter(
            province=province,
            status=CertificateStatus.VALID,
            stars__lt=5,
            producer__status=ProducerStatus.ACTIVE,
            issued_on__lt=today - datetime.timedelta(days=365),
            valid_until__gt=today + datetime.timedelta(days=365),
        )
        .exclude(product__in=busy)
        .exclude(product__name__in=list(history.SHOWCASE_STORIES))
        .order_by("number")
    )
    rng.shuffle(pool)
    agency = people["agency"]
    revoked = 0
    for certificate, (ground, days_ago, finding) in zip(pool, REVOCATIONS, strict=False):
        day = today - datetime.timedelta(days=days_ago)
        number = f"{day.timetuple().tm_yday * 9 + 5}/QĐ-UBND"
        Certificate.objects.filter(pk=certificate.pk).update(
            revoked_on=day, revocation_ground=ground
        )
        log.record(
            certificate,
            actor=agency,
            action=AuditAction.STATUS_CHANGE,
            changes={
                "status": [CertificateStatus.VALID, CertificateStatus.REVOKED],
                "revoked_on": [None, day.isoformat()],
                "revocation_ground": ["", ground],
            },
            reason=f"Quyết định số {number} ngày {day:%d/%m/%Y} thu hồi giấy chứng nhận: {finding}",
        )
        revoked += 1
    return revoked


def build_lifecycle(*, province, products, admin, today=None) -> LifecycleSummary:
    """Certificates in every status for the demo province, relative to `today` (once): windows
    open today, two `extended` certificates, two revoked, and today's reminders."""
    today = today or timezone.localdate()
    summary = LifecycleSummary()
    if Round.objects.filter(level=Level.PROVINCE, province=province, is_extra=True).exists():
        return summary
    rng = random.Random(SEED)
    people = _people(admin)
    products = list(products)
    with transaction.atomic():
        summary.window_open = _open_windows(
            province=province, products=products, people=people, today=today, rng=rng
        )
        summary.extended = _extend(
            province=province,
            products=products,
            people=people,
            admin=admin,
            today=today,
            rng=rng,
        )
        summary.revoked = _revoke(province=province, people=people, today=today, rng=rng)
        run = reranking.send_reminders(today)
        summary.reminders = run.window_open + run.closing_soon
    return summary
