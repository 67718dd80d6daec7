"""Revocation actions (26/2026 Art. 8): the only place cases open and close and certificates
are revoked.

Each action checks its guards, changes data in one transaction holding row locks on the case
and its certificates (two officers deciding at once: one outcome), writes the audit trail and
notifies the producer, its commune and the competent authority once the transaction commits.
`today` lets tests and the demo act on another day; the pages and the API never pass it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.certification import status as certificate_status
from ocop.certification.models import Certificate, CertificateStatus
from ocop.core.errors import DomainError
from ocop.core.uploads import validate_upload
from ocop.registry.models import Producer, ProducerStatus

from . import grounds, notify
from .models import Ground, Level, RevocationCase, RevocationEvidence, Source, State
from .rules import adds_evidence, competent_for, may_open

# Sources whose record is the evidence: the inspection's finding carries its files, the
# producer's dated status change is the fact itself.
EVIDENCE_EXEMPT = {Source.INSPECTION_FINDING, Source.PRODUCER_STATUS_CHANGE}
# The producer statuses that end production, and the ground each one proposes.
STOPPED_STATUSES = {
    ProducerStatus.CEASED: Ground.DD,
    ProducerStatus.DISSOLVED: Ground.DD,
    ProducerStatus.LICENCE_REVOKED: Ground.E,
}
MAX_EVIDENCE_FILES = 20
MAX_CERTIFICATES = 100
DESCRIPTION_MAX = 10_000
REASON_MAX = 2000
DECISION_NO_MAX = RevocationCase._meta.get_field("decision_no").max_length


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _day(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _status_label(value: str) -> str:
    return CertificateStatus(value).label if value in CertificateStatus.values else value


# --- evidence ----------------------------------------------------------------------------------


def _checked_files(evidence, *, field: str = "evidence") -> list[tuple[object, str, str]]:
    """`[(file, title, content_type)]` of the given files (or `(file, title)` pairs), each
    checked by content and size."""
    items = []
    for item in evidence or ():
        file, title = item if isinstance(item, tuple | list) else (item, "")
        if file is None:
            continue
        try:
            content_type = validate_upload(file)
        except DomainError as error:
            name = getattr(file, "name", "") or ""
            raise DomainError(
                _("Tài liệu “%(name)s”: %(error)s") % {"name": name, "error": error.message},
                field=field,
            ) from error
        items.append((file, title, content_type))
    if len(items) > MAX_EVIDENCE_FILES:
        raise DomainError(
            _("Mỗi lần tải lên tối đa %(max)d tài liệu.") % {"max": MAX_EVIDENCE_FILES},
            field=field,
        )
    return items


def _store(case, file, title: str, content_type: str, actor) -> RevocationEvidence:
    evidence = RevocationEvidence(case=case, uploaded_by=_user(actor))
    evidence.attach(file, content_type=content_type, title=title)
    evidence.save()
    return evidence


# --- opening -----------------------------------------------------------------------------------


def _province_id(certificate: Certificate) -> int | None:
    """The 2025-era province responsible for a certificate: the issuing province's, else the
    producer's."""
    if certificate.province_id is not None:
        return certificate.province.current_province_id or certificate.province_id
    return certificate.producer.commune.current_province_id


def _ids(certificates) -> list[int]:
    ids = []
    for item in certificates or ():
        ids.append(item.pk if hasattr(item, "pk") else int(item))
    return list(dict.fromkeys(ids))


def _check_input(*, ground, source, finding_date, today) -> None:
    if not ground:
        raise DomainError(_("Hãy chọn căn cứ thu hồi (Điều 8)."), field="ground")
    if ground not in Ground.values:
        raise DomainError(
            _("Căn cứ thu hồi “%(ground)s” không có trong Điều 8 (a, b, c, d, đ, e).")
            % {"ground": ground},
            field="ground",
        )
    if source not in Source.values:
        raise DomainError(_("Hãy chọn nguồn phát hiện hợp lệ."), field="source")
    if finding_date is None:
        raise DomainError(_("Hãy nhập ngày phát hiện."), field="finding_date")
    if finding_date > today:
        raise DomainError(_("Ngày phát hiện không được ở tương lai."), field="finding_date")


def _lock_certificates(ids: list[int], on: datetime.date) -> list[Certificate]:
    return list(
        Certificate.objects.with_status(on)
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    )


def _check_certificates(certificates: list[Certificate], ids: list[int], rulebook) -> None:
    if len(certificates) != len(ids):
        raise DomainError(_("Có giấy chứng nhận không tồn tại."), field="certificates")
    if len({c.producer_id for c in certificates}) > 1:
        raise DomainError(
            _(
                "Một hồ sơ thu hồi chỉ gồm giấy chứng nhận của một chủ thể; hãy lập hồ sơ riêng "
                "cho từng chủ thể."
            ),
            field="certificates",
        )
    for certificate in certificates:
        if certificate.status not in certificate_status.CURRENT:
            raise DomainError(
                _(
                    "Giấy chứng nhận %(number)s đang ở tình trạng “%(status)s”: chỉ thu hồi "
                    "giấy chứng nhận còn hiệu lực."
                )
                % {"number": certificate.number, "status": _status_label(certificate.status)},
                field="certificates",
                code="certificate_status",
            )
    levels = {grounds.competent_level(rulebook, c.stars) for c in certificates}
    if None in levels:
        raise DomainError(
            _("%(rulebook)s không quy định cấp thu hồi giấy chứng nhận hạng sao này.")
            % {"rulebook": rulebook},
            field="certificates",
            code="level",
        )
    if len(levels) > 1:
        raise DomainError(
            _(
                "Giấy chứng nhận %(central)s sao do Bộ Nông nghiệp và Môi trường thu hồi, giấy "
                "%(province)s sao do UBND cấp tỉnh thu hồi: hãy lập hồ sơ riêng cho từng cấp."
            )
            % {
                "central": grounds.stars_revoked_by(rulebook, Level.CENTRAL),
                "province": grounds.stars_revoked_by(rulebook, Level.PROVINCE),
            },
            field="certificates",
            code="level",
        )
    taken = (
        Certificate.objects.filter(pk__in=ids, revocation_cases__state=State.OPEN)
        .values_list("number", flat=True)
        .distinct()
    )
    taken = sorted(taken)
    if taken:
        raise DomainError(
            _("Giấy chứng nhận %(numbers)s đã có hồ sơ thu hồi đang xử lý.")
            % {"numbers": ", ".join(taken)},
            field="certificates",
            code="duplicate",
        )


def open_case(
    *,
    certificates,
    ground: str,
    source: str,
    finding_date: datetime.date,
    description: str,
    actor,
    evidence: Iterable = (),
    today: datetime.date | None = None,
) -> RevocationCase:
    """Open a case proposing to revoke certificates of one producer, found on `finding_date`,
    due the rulebook's time limit later.

    Refused (DomainError, nothing changed) without certificates, a valid ground or source; when
    a certificate is not current today (revoked, superseded, expired), already in an open case,
    of another producer or of another level than the others (5★ vs 3–4★); without evidence
    (except for an inspection finding or a producer's status change); when the actor may not
    open it (see rules.py). `evidence` is files, or `(file, title)` pairs."""
    return _open(
        certificates=certificates,
        ground=ground,
        source=source,
        finding_date=finding_date,
        description=description,
        actor=actor,
        evidence=evidence,
        today=today,
        check_actor=True,
    )


def _open(
    *,
    certificates,
    ground,
    source,
    finding_date,
    description,
    actor,
    evidence,
    today,
    check_actor: bool,
    reason: str = "",
) -> RevocationCase:
    today = _today(today)
    ids = _ids(certificates)
    if not ids:
        raise DomainError(_("Hãy chọn ít nhất một giấy chứng nhận."), field="certificates")
    if len(ids) > MAX_CERTIFICATES:
        raise DomainError(
            _("Một hồ sơ thu hồi có tối đa %(max)d giấy chứng nhận.") % {"max": MAX_CERTIFICATES},
            field="certificates",
        )
    _check_input(ground=ground, source=source, finding_date=finding_date, today=today)
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("Nội dung không được dài quá %(max)d ký tự.") % {"max": DESCRIPTION_MAX},
            field="description",
        )
    files = _checked_files(evidence)
    if not files and source not in EVIDENCE_EXEMPT:
        raise DomainError(
            _(
                "Hãy đính kèm tài liệu chứng minh (kết luận, văn bản xác nhận hoặc đề nghị của "
                "cơ quan có thẩm quyền)."
            ),
            field="evidence",
            code="evidence",
        )
    rulebook = grounds.rulebook_for(finding_date)
    if ground not in dict(grounds.grounds(rulebook)):
        raise DomainError(
            _("Căn cứ thu hồi “%(ground)s” không có trong %(rulebook)s.")
            % {"ground": Ground(ground).label, "rulebook": rulebook},
            field="ground",
        )
    with transaction.atomic():
        locked = _lock_certificates(ids, today)
        _check_certificates(locked, ids, rulebook)
        first = locked[0]
        producer = Producer.objects.select_related("commune").get(pk=first.producer_id)
        province_id = _province_id(first)
        if province_id is None or any(_province_id(c) != province_id for c in locked):
            raise DomainError(
                _("Các giấy chứng nhận phải thuộc cùng một tỉnh/thành phố."),
                field="certificates",
            )
        if source == Source.PRODUCER_STATUS_CHANGE and producer.status not in STOPPED_STATUSES:
            raise DomainError(
                _(
                    "Chủ thể %(producer)s đang ở tình trạng “%(status)s”: nguồn “thay đổi tình "
                    "trạng” chỉ dùng khi chủ thể ngừng sản xuất, giải thể hoặc bị thu hồi giấy "
                    "phép."
                )
                % {"producer": producer.name, "status": producer.get_status_display()},
                field="source",
            )
        if check_actor and not may_open(
            actor, province_id=province_id, producer=producer, source=source, ground=ground
        ):
            raise DomainError(
                _(
                    "Bạn không có quyền lập hồ sơ thu hồi này: cơ quan OCOP của tỉnh hoặc Bộ "
                    "lập hồ sơ; cán bộ kiểm tra qua kết luận kiểm tra; cán bộ xã chỉ chuyển xác "
                    "nhận của xã về chủ thể trên địa bàn đã ngừng sản xuất (căn cứ đ)."
                ),
                code="permission",
            )
        level = grounds.competent_level(rulebook, first.stars)
        case = RevocationCase.objects.create(
            province_id=province_id,
            level=level,
            producer=producer,
            ground=ground,
            source=source,
            description=description,
            finding_date=finding_date,
            due_on=grounds.due_on(rulebook, finding_date),
            rulebook=rulebook,
            opened_by=_user(actor),
        )
        case.certificates.set(locked)
        stored = [_store(case, file, title, kind, actor) for file, title, kind in files]
        changes = log.diff({}, log.snapshot(case))
        changes["certificates"] = [None, ", ".join(c.number for c in locked)]
        if stored:
            changes["evidence"] = [None, ", ".join(item.title for item in stored)]
        log.record(case, actor=actor, action=AuditAction.CREATE, changes=changes, reason=reason)
        transaction.on_commit(lambda: notify.case_opened(case.pk, _user(actor)), robust=True)
    return case


def add_evidence(case: RevocationCase, *, actor, file, title: str = "") -> RevocationEvidence:
    """Attach a document (PDF, JPEG, PNG, checked by content and size) to an open case."""
    files = _checked_files([(file, title)], field="file")
    if not files:
        raise DomainError(_("Hãy chọn tệp tài liệu."), field="file")
    file, title, content_type = files[0]
    with transaction.atomic():
        case = _lock(case)
        if case.state != State.OPEN:
            raise DomainError(
                _("Hồ sơ thu hồi đã kết thúc (%(state)s); không bổ sung tài liệu được nữa.")
                % {"state": case.get_state_display()},
                code="state",
            )
        if not adds_evidence(actor, case):
            raise DomainError(
                _("Bạn không có quyền bổ sung tài liệu cho hồ sơ thu hồi này."), code="permission"
            )
        evidence = _store(case, file, title, content_type, actor)
        log.record(
            case,
            actor=actor,
            action=AuditAction.UPDATE,
            changes={"evidence": [None, evidence.title]},
        )
    return evidence


# --- closing -----------------------------------------------------------------------------------


def _lock(case: RevocationCase) -> RevocationCase:
    return (
        RevocationCase.objects.select_for_update(of=("self",))
        .select_related("producer__commune", "province", "rulebook")
        .get(pk=case.pk)
    )


def _require_competent(actor, case: RevocationCase) -> None:
    if competent_for(actor, level=case.level, province_id=case.province_id):
        return
    stars = grounds.stars_revoked_by(case.rulebook, case.level)
    if case.level == Level.CENTRAL:
        message = _(
            "Giấy chứng nhận %(stars)s sao do Bộ Nông nghiệp và Môi trường thu hồi: chỉ cán bộ "
            "của Bộ quyết định hồ sơ này."
        ) % {"stars": stars}
    else:
        message = _(
            "Giấy chứng nhận %(stars)s sao do UBND cấp tỉnh thu hồi: chỉ cơ quan OCOP của "
            "%(province)s quyết định hồ sơ này."
        ) % {"stars": stars, "province": case.province.name}
    raise DomainError(message, code="permission")


def _require_open(case: RevocationCase) -> None:
    if case.state != State.OPEN:
        raise DomainError(
            _("Hồ sơ thu hồi số %(id)s đã kết thúc (%(state)s).")
            % {"id": case.pk, "state": case.get_state_display()},
            code="state",
        )


def decide(
    case: RevocationCase,
    *,
    actor,
    decision_no: str,
    date: datetime.date,
    today: datetime.date | None = None,
) -> RevocationCase:
    """Record the competent level's revocation decision: every certificate of the case is
    revoked from `date` (its status is `revoked` from that day, on /verify and the API)."""
    today = _today(today)
    decision_no = (decision_no or "").strip()
    if not decision_no:
        raise DomainError(_("Hãy nhập số quyết định thu hồi."), field="decision_no")
    if len(decision_no) > DECISION_NO_MAX:
        raise DomainError(
            _("Số quyết định không được dài quá %(max)d ký tự.") % {"max": DECISION_NO_MAX},
            field="decision_no",
        )
    if date is None:
        raise DomainError(_("Hãy nhập ngày quyết định."), field="date")
    if date > today:
        raise DomainError(_("Ngày quyết định không được ở tương lai."), field="date")
    with transaction.atomic():
        case = _lock(case)
        _require_competent(actor, case)
        _require_open(case)
        if date < case.finding_date:
            raise DomainError(
                _("Ngày quyết định không được trước ngày phát hiện (%(date)s).")
                % {"date": _day(case.finding_date)},
                field="date",
            )
        ids = list(case.certificates.values_list("pk", flat=True))
        certificates = _lock_certificates(ids, date)
        for certificate in certificates:
            if certificate.status not in certificate_status.CURRENT:
                raise DomainError(
                    _(
                        "Giấy chứng nhận %(number)s không còn hiệu lực vào ngày %(date)s "
                        "(%(status)s): không thu hồi được; hãy kết thúc hồ sơ không thu hồi."
                    )
                    % {
                        "number": certificate.number,
                        "date": _day(date),
                        "status": _status_label(certificate.status),
                    },
                    field="date",
                    code="certificate_status",
                )
        reason = _("Quyết định thu hồi số %(number)s (hồ sơ thu hồi số %(id)s)") % {
            "number": decision_no,
            "id": case.pk,
        }
        for certificate in certificates:
            Certificate.objects.filter(pk=certificate.pk).update(
                revoked_on=date, revocation_ground=case.ground
            )
            log.record(
                certificate,
                actor=actor,
                action=AuditAction.STATUS_CHANGE,
                changes={
                    "status": [certificate.status, CertificateStatus.REVOKED.value],
                    "revoked_on": [None, date.isoformat()],
                    "revocation_ground": ["", case.ground],
                },
                reason=reason,
            )
        case.state = State.REVOKED
        case.decision_no = decision_no
        case.decision_date = date
        case.decided_by = _user(actor)
        case.decided_at = timezone.now()
        case.save(
            update_fields=[
                "state",
                "decision_no",
                "decision_date",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        log.record(
            case,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes={
                "state": [State.OPEN.value, State.REVOKED.value],
                "decision_no": ["", decision_no],
                "decision_date": [None, date.isoformat()],
            },
        )
        transaction.on_commit(lambda: notify.case_closed(case.pk, _user(actor)), robust=True)
    return case


def dismiss(
    case: RevocationCase, *, actor, reason: str, today: datetime.date | None = None
) -> RevocationCase:
    """Close a case without revoking (the finding was not confirmed, the certificate already
    ended…), by the level competent to revoke."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy nêu lý do không thu hồi."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Lý do không được dài quá %(max)d ký tự.") % {"max": REASON_MAX}, field="reason"
        )
    with transaction.atomic():
        case = _lock(case)
        _require_competent(actor, case)
        _require_open(case)
        case.state = State.DISMISSED
        case.dismissal_reason = reason
        case.decided_by = _user(actor)
        case.decided_at = timezone.now()
        case.save(
            update_fields=["state", "dismissal_reason", "decided_by", "decided_at", "updated_at"]
        )
        log.record(
            case,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes={"state": [State.OPEN.value, State.DISMISSED.value]},
            reason=reason,
        )
        transaction.on_commit(lambda: notify.case_closed(case.pk, _user(actor)), robust=True)
    return case


# --- automatic proposals -------------------------------------------------------------------------


def propose_for_status(
    producer: Producer,
    *,
    to_status: str,
    date: datetime.date,
    actor,
    reason: str = "",
    today: datetime.date | None = None,
) -> list[RevocationCase]:
    """When a producer ceases, is dissolved or loses its licence: one case per certificate still
    current (ground đ, or e for a revoked licence; the status date is the finding date). A
    certificate already in an open case gets no second one; other statuses propose nothing."""
    ground = STOPPED_STATUSES.get(to_status)
    if ground is None:
        return []
    today = max(_today(today), date)
    live = (
        Certificate.objects.current(today)
        .filter(producer=producer)
        .exclude(revocation_cases__state=State.OPEN)
        .order_by("pk")
    )
    label = ProducerStatus(to_status).label
    description = _(
        "Đề xuất tự động: chủ thể chuyển sang tình trạng “%(status)s” từ ngày %(date)s."
    ) % {"status": label, "date": _day(date)}
    if reason:
        description += " " + _("Lý do: %(reason)s") % {"reason": reason}
    opened = []
    for certificate in live:
        try:
            with transaction.atomic():
                opened.append(
                    _open(
                        certificates=[certificate],
                        ground=ground,
                        source=Source.PRODUCER_STATUS_CHANGE,
                        finding_date=date,
                        description=description,
                        actor=actor,
                        evidence=(),
                        today=today,
                        check_actor=False,
                        reason=_("Đề xuất tự động khi chủ thể đổi tình trạng"),
                    )
                )
        except DomainError as error:
            if error.code != "duplicate":
                raise
    return opened
