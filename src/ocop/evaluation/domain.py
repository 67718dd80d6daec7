"""Evaluation actions: the only place dossiers, rounds, councils and members' sheets change.

Every action takes the object first and the actor keyword-only, checks its guards (state through
`workflow.check`, the actor's scope and role, the rulebook's rules), changes data in one
transaction holding a row lock on the dossier, writes the timeline and the audit trail, and
notifies the people concerned once the transaction commits. `today` lets records of past
events (imports, demo history, tests of an older rulebook) be entered with their own date; the
web and API layers never pass it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.authority import is_agency_of
from ocop.accounts.models import Membership, Role
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.certification.models import Certificate, CertificateStatus
from ocop.core.errors import DomainError
from ocop.core.text import fold
from ocop.core.uploads import validate_upload
from ocop.criteria import scoring
from ocop.criteria.models import Rulebook, ScoreSheet
from ocop.criteria.queries import rulebook_in_force, sheets_of
from ocop.criteria.rules_data import ProcessLevel

from . import deadlines, forms_spec, notify, rules, workflow
from .models import (
    SCORING_ROLES,
    ConflictDeclaration,
    Council,
    CouncilMember,
    CouncilRole,
    Dossier,
    DossierKind,
    DossierState,
    Evidence,
    FieldInspection,
    Level,
    LevelResult,
    MemberSheet,
    PreparedBy,
    ProvinceSettings,
    Round,
    Transition,
)

S = DossierState
OPEN_STATES = set(S.values) - workflow.FINAL_STATES


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- rulebook profile --------------------------------------------------------------------------


def process_levels(rulebook: Rulebook) -> dict[str, ProcessLevel]:
    """The rulebook's process profile by level (`commune` or `district`, `province`, `central`)."""
    return {level.level: level for level in rulebook.rules.levels}


first_level = rules.first_level


def bands(rulebook: Rulebook) -> list[scoring.Band]:
    return rulebook.rules.scoring_bands()


def min_certified_stars(rulebook: Rulebook) -> int:
    return rulebook.rules.certificate.min_stars


def samples_required_for(rulebook: Rulebook, product_set) -> int:
    """How many product samples a dossier of `product_set` comes with under `rulebook` (its
    `samples` rule, 26/2026 Art. 6.2.d): none when the rulebook asks for none or the set's
    sector is exempt (tourism services)."""
    rule = rulebook.rules.samples
    return rule.required_for(product_set.sector_code) if rule else 0


def samples_required(dossier: Dossier) -> int:
    return samples_required_for(dossier.rulebook, dossier.product.product_set)


def sheet_for(dossier: Dossier) -> ScoreSheet:
    """The score sheet of the dossier's product set under the dossier's rulebook."""
    sheet = (
        sheets_of(dossier.rulebook)
        .filter(set_no=dossier.product.product_set.number)
        .select_related("rulebook")
        .first()
    )
    if sheet is None:
        raise DomainError(
            _("Bộ tiêu chí %(rulebook)s không có phiếu đánh giá cho bộ sản phẩm số %(set)s.")
            % {"rulebook": dossier.rulebook, "set": dossier.product.product_set.number}
        )
    return sheet


_rulebook_name = rules.rulebook_name


# --- shared guards -----------------------------------------------------------------------------


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product__product_set", "commune__parent", "rulebook", "province")
        .get(pk=dossier.pk)
    )


def _check_transition_deadline(dossier: Dossier, today: datetime.date) -> None:
    """Dossiers under a replaced rulebook must be finished within the new one's time limit."""
    if dossier.submitted_on is None:
        return
    found = deadlines.transition_deadline(dossier.rulebook, dossier.kind)
    if found is None:
        return
    deadline, successor = found
    if dossier.submitted_on < successor.effective_from and today > deadline:
        raise DomainError(
            _(
                "Hồ sơ theo %(old)s phải hoàn thành trước hết ngày %(deadline)s theo quy định "
                "chuyển tiếp của %(new)s; đã quá thời hạn."
            )
            % {
                "old": _rulebook_name(dossier.rulebook),
                "new": _rulebook_name(successor),
                "deadline": deadline.strftime("%d/%m/%Y"),
            },
            code="deadline",
        )


def _move(
    dossier: Dossier,
    action: workflow.Action,
    target: str,
    *,
    actor,
    today: datetime.date,
    reason: str = "",
    changes: dict | None = None,
) -> Dossier:
    """Change the dossier's state (already locked and checked), write the timeline and audit."""
    workflow.check(action.name, dossier.state, target)
    source = dossier.state
    dossier.state = target
    if target in workflow.FINAL_STATES:
        dossier.closed_on = today
    dossier.save()
    moment = timezone.now()
    if today != timezone.localdate():
        moment = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    Transition.objects.create(
        dossier=dossier,
        action=action.name,
        from_state=source,
        to_state=target,
        actor=_user(actor),
        at=moment,
        reason=reason,
    )
    log.record(
        dossier,
        actor=actor,
        action=AuditAction.STATUS_CHANGE,
        changes={"state": [source, target], **(changes or {})},
        reason=reason or str(action.label),
    )
    transaction.on_commit(
        lambda: notify.dossier_moved(dossier.pk, action.name, _user(actor)), robust=True
    )
    return dossier


# Actions that close a dossier stay possible after the transition deadline (it must not stay
# open forever).
CLOSING_ACTIONS = {"withdraw", "disqualify"}


def _run(dossier, action_name: str, *, actor, today=None):
    """Lock the dossier and check that the actor may take the action now (`rules`: state,
    role, scope, profile) and the transition deadline."""
    today = _today(today)
    dossier = _lock(dossier)
    rules.require(actor, dossier, action_name)
    if action_name not in CLOSING_ACTIONS:
        _check_transition_deadline(dossier, today)
    return dossier, workflow.ACTIONS[action_name], today


# --- the producer's dossier --------------------------------------------------------------------


def current_certificate(product, on: datetime.date | None = None) -> Certificate | None:
    """The product's certificate in force (valid or extended) on `on`, today by default."""
    return Certificate.objects.current(on).filter(product=product).order_by("-issued_on").first()


def rerankable_certificate(product, on: datetime.date | None = None) -> Certificate | None:
    """The certificate a re-ranking dossier may be filed for on `on`: the one in force, or one
    that expired no longer ago than its rule's grace (a late filer, 26/2026 Art. 12.3)."""
    on = on or timezone.localdate()
    current = current_certificate(product, on)
    if current is not None:
        return current
    lapsed = (
        Certificate.objects.with_status(on)
        .filter(product=product, status=CertificateStatus.EXPIRED)
        .order_by("-valid_until")
        .first()
    )
    rule = lapsed.rerank_rule() if lapsed else None
    if rule and on <= lapsed.valid_until + datetime.timedelta(days=rule.grace_days):
        return lapsed
    return None


def create_dossier(
    product,
    *,
    actor,
    kind: str,
    registration: dict | None = None,
    prepared_by: str = PreparedBy.SELF,
    consultant_name: str = "",
    today: datetime.date | None = None,
) -> Dossier:
    """Open a draft dossier for `product` (by its producer, or an officer on its behalf)."""
    today = _today(today)
    from ocop.registry.rules import can_edit_product

    if not can_edit_product(actor, product):
        raise DomainError(_("Bạn không thể lập hồ sơ cho sản phẩm này."), code="permission")
    if kind not in DossierKind.values:
        raise DomainError(_("Loại hồ sơ không hợp lệ."), field="kind")
    rulebook = rulebook_in_force(today)
    if rulebook is None:
        raise DomainError(_("Chưa có bộ tiêu chí nào có hiệu lực vào ngày này."))
    if product.producer.status != "active":
        raise DomainError(
            _("Chủ thể %(name)s không còn hoạt động, không thể đăng ký đánh giá.")
            % {"name": product.producer.name}
        )
    with transaction.atomic():
        # One open dossier per product at a time.
        type(product).objects.select_for_update().get(pk=product.pk)
        if Dossier.objects.filter(product=product, state__in=OPEN_STATES).exists():
            raise DomainError(_("Sản phẩm này đang có một hồ sơ chưa kết thúc."), code="duplicate")
        if kind == DossierKind.RERANK:
            previous = rerankable_certificate(product, today)
        else:
            previous = current_certificate(product, today)
        if kind == DossierKind.FIRST and previous is not None:
            raise DomainError(
                _(
                    "Sản phẩm đã có giấy chứng nhận %(no)s còn hiệu lực: hãy chọn nâng hạng "
                    "hoặc phân hạng lại."
                )
                % {"no": previous.number},
                field="kind",
            )
        if kind != DossierKind.FIRST and previous is None:
            raise DomainError(
                _("Nâng hạng hoặc phân hạng lại cần một giấy chứng nhận OCOP còn hiệu lực."),
                field="kind",
            )
        dossier = Dossier.objects.create(
            product=product,
            producer=product.producer,
            commune=product.commune,
            province_id=product.commune.current_province_id,
            kind=kind,
            rulebook=rulebook,
            previous_certificate=previous,
            registration=forms_spec.clean(forms_spec.REGISTRATION_FIELDS, registration or {}),
            prepared_by=prepared_by,
            consultant_name=consultant_name.strip(),
            created_by=_user(actor),
        )
        log.record_create(dossier, actor=actor)
    return dossier


EDITABLE = (S.DRAFT, S.RETURNED)


def update_dossier(dossier: Dossier, *, actor, data: dict, reason: str = "") -> Dossier:
    """Change the producer's parts of a draft or returned dossier: registration, self-assessment
    (answers per criterion may be partial until submission), who prepared it, samples."""
    with transaction.atomic():
        dossier = _lock(dossier)
        if dossier.state not in EDITABLE:
            raise DomainError(
                _("Chỉ sửa được hồ sơ đang soạn hoặc bị trả lại để bổ sung."), code="state"
            )
        if not rules.may_act(actor, dossier, {Role.PRODUCER}) and not _is_registry_officer(
            actor, dossier
        ):
            raise DomainError(_("Bạn không thể sửa hồ sơ này."), code="permission")
        before = log.snapshot(dossier)
        if "registration" in data:
            dossier.registration = forms_spec.clean(
                forms_spec.REGISTRATION_FIELDS, data["registration"] or {}
            )
        if "self_assessment" in data:
            dossier.self_assessment = _clean_self_assessment(dossier, data["self_assessment"])
        for key in ("prepared_by", "consultant_name", "samples_delivered", "samples_delivered_on"):
            if key in data:
                setattr(dossier, key, data[key])
        if dossier.prepared_by not in PreparedBy.values:
            raise DomainError(_("Người xây dựng hồ sơ không hợp lệ."), field="prepared_by")
        changes = log.diff(before, log.snapshot(dossier))
        if changes:
            dossier.save()
            log.record(
                dossier, actor=actor, action=AuditAction.UPDATE, changes=changes, reason=reason
            )
    return dossier


def _is_registry_officer(actor, dossier) -> bool:
    return rules.may_act(actor, dossier, {Role.COMMUNE_OFFICER, Role.DISTRICT_OFFICER})


def _clean_self_assessment(dossier: Dossier, value: dict) -> dict:
    """Keep known criteria with valid points, the notes and the report texts (Mẫu 02)."""
    if not isinstance(value, dict):
        raise DomainError(_("Phần tự đánh giá không hợp lệ."), field="self_assessment")
    criteria = scoring.criteria_of(sheet_for(dossier).data)
    answers = value.get("answers") or {}
    if not isinstance(answers, dict):
        raise DomainError(_("Điểm tự đánh giá không hợp lệ."), field="self_assessment")
    clean_answers = {}
    for code, answer in answers.items():
        if answer in (None, ""):
            continue
        if code not in criteria:
            raise DomainError(
                _("Tiêu chí %(code)s không có trong phiếu đánh giá.") % {"code": code},
                field=code,
            )
        clean_answers[code] = _valid_points(criteria[code], answer)
    notes = value.get("notes") or {}
    clean_notes = {
        code: str(text).strip()[:2000]
        for code, text in (notes.items() if isinstance(notes, dict) else [])
        if code in criteria and str(text or "").strip()
    }
    return {
        "answers": clean_answers,
        "notes": clean_notes,
        "report": forms_spec.clean(forms_spec.REPORT_FIELDS, value.get("report") or {}),
    }


def _valid_points(criterion: scoring.Criterion, answer):
    """One answer checked against the criterion's options (raises ScoringError), kept as given."""
    scoring.check_answer(criterion, answer)
    return answer


EVIDENCE_STEPS = rules.EVIDENCE_STEPS


def _check_evidence_step(actor, dossier: Dossier, kind: str, *, removing: bool = False) -> None:
    states, _roles = EVIDENCE_STEPS[kind]
    if dossier.state not in states:
        message = (
            _("Không thể gỡ tài liệu này ở bước hiện tại của hồ sơ.")
            if removing
            else _("Không thể đính kèm tài liệu vào hồ sơ ở bước này.")
        )
        raise DomainError(message, code="state")
    if not rules.Authority(actor).may_attach(dossier, kind):
        raise DomainError(_("Bạn không thể thay đổi tài liệu của hồ sơ này."), code="permission")


def add_evidence(
    dossier: Dossier, *, actor, file, title: str = "", criterion: str = "", kind=None
) -> Evidence:
    """Attach a PDF, JPEG or PNG file (checked by content and size) to the dossier."""
    kind = kind or Evidence.Kind.EVIDENCE
    if kind not in EVIDENCE_STEPS:
        raise DomainError(_("Loại tài liệu không hợp lệ."), field="kind")
    content_type = validate_upload(file)
    with transaction.atomic():
        dossier = _lock(dossier)
        _check_evidence_step(actor, dossier, kind)
        if criterion and criterion not in scoring.criteria_of(sheet_for(dossier).data):
            raise DomainError(
                _("Tiêu chí %(code)s không có trong phiếu đánh giá.") % {"code": criterion},
                field="criterion",
            )
        evidence = Evidence(
            dossier=dossier, kind=kind, criterion=criterion, uploaded_by=_user(actor)
        )
        evidence.attach(file, content_type=content_type, title=title)
        evidence.save()
        log.record_create(evidence, actor=actor)
    return evidence


def remove_evidence(evidence: Evidence, *, actor, reason: str = "") -> None:
    with transaction.atomic():
        dossier = _lock(evidence.dossier)
        _check_evidence_step(actor, dossier, evidence.kind, removing=True)
        log.record_delete(evidence, actor=actor, reason=reason)
        evidence.file.delete(save=False)
        evidence.delete()


def submit(dossier: Dossier, *, actor, today: datetime.date | None = None) -> Dossier:
    """The producer files the dossier with the commune (or, under 1048/148, the district)."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "submit", actor=actor, today=today)
        _check_submittable(dossier)
        changes = {}
        if dossier.submitted_on is None:
            # The rulebook in force on the day of the first submission governs the dossier.
            rulebook = rulebook_in_force(today)
            if rulebook.pk != dossier.rulebook_id:
                changes["rulebook"] = [dossier.rulebook_id, rulebook.pk]
                dossier.rulebook = rulebook
                problems = submission_problems(dossier)
                if problems:
                    raise DomainError("; ".join(problems), code="incomplete")
            dossier.submitted_on = today
            changes["submitted_on"] = [None, today.isoformat()]
        # The commune's time limit runs from each filing (a returned dossier is filed again).
        changes["filed_on"] = [dossier.filed_on and dossier.filed_on.isoformat(), today.isoformat()]
        dossier.filed_on = today
        dossier.reason = ""
        return _move(dossier, action, S.SUBMITTED, actor=actor, today=today, changes=changes)


def _check_submittable(dossier: Dossier) -> None:
    problems = submission_problems(dossier)
    if problems:
        raise DomainError(
            _("Hồ sơ chưa đủ để nộp: %(problems)s") % {"problems": "; ".join(problems)},
            code="incomplete",
        )


def submission_problems(dossier: Dossier) -> list[str]:
    """What still keeps a draft from being submitted, in words (empty when it may be)."""
    problems = []
    missing = forms_spec.missing(forms_spec.REGISTRATION_FIELDS, dossier.registration)
    if missing:
        problems.append(
            _("Phiếu đăng ký (Mẫu 01) thiếu: %(fields)s")
            % {"fields": ", ".join(str(f.label) for f in missing)}
        )
    assessment = dossier.self_assessment or {}
    missing = forms_spec.missing(forms_spec.REPORT_FIELDS, assessment.get("report") or {})
    if missing:
        problems.append(
            _("Báo cáo tự đánh giá (Mẫu 02) thiếu: %(fields)s")
            % {"fields": ", ".join(str(f.label) for f in missing)}
        )
    try:
        criteria = scoring.criteria_of(sheet_for(dossier).data)
    except DomainError as error:
        return [*problems, error.message]
    answers = assessment.get("answers") or {}
    unanswered = [code for code in criteria if code not in answers]
    if unanswered:
        problems.append(
            _("Chưa tự chấm các tiêu chí: %(codes)s") % {"codes": ", ".join(unanswered)}
        )
    if dossier.prepared_by == PreparedBy.CONSULTANT and not dossier.consultant_name:
        problems.append(_("Hãy ghi tên đơn vị hoặc người tư vấn xây dựng hồ sơ."))
    return problems


def withdraw(dossier: Dossier, *, actor, reason: str = "", today=None) -> Dossier:
    with transaction.atomic():
        dossier, action, today = _run(dossier, "withdraw", actor=actor, today=today)
        return _move(dossier, action, S.WITHDRAWN, actor=actor, today=today, reason=reason)


# --- commune and legacy district -------------------------------------------------------------


def receive(dossier: Dossier, *, actor, today=None) -> Dossier:
    with transaction.atomic():
        dossier, action, today = _run(dossier, "receive", actor=actor, today=today)
        return _move(dossier, action, S.RECEIVED, actor=actor, today=today)


# The officer who forwards the dossier confirms the samples once it has received the dossier,
# until it proposes it to the province.
SAMPLE_STATES = rules.SAMPLE_STATES
# The database column's limit, not a legal number.
MAX_SAMPLES = 32767
CONFIRM_SAMPLES = rules.CONFIRM_SAMPLES
CONFIRM_SAMPLES_LABEL = rules.CONFIRM_SAMPLES_LABEL


def confirm_samples(
    dossier: Dossier, *, actor, count: int, received_on: datetime.date, today=None
) -> Dossier:
    """The officer who forwards the dossier (the commune's; the legacy district's under a
    district profile) confirms how many product samples the producer handed in, and on which
    day (26/2026 Art. 6.2.d). It may be corrected until the dossier is proposed; the dossier's
    state does not change."""
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_SAMPLES:
        raise DomainError(
            _("Số mẫu sản phẩm phải là số nguyên từ 1 đến %(max)s.") % {"max": MAX_SAMPLES},
            field="count",
        )
    if not isinstance(received_on, datetime.date) or isinstance(received_on, datetime.datetime):
        raise DomainError(_("Hãy nhập ngày nhận mẫu."), field="received_on")
    with transaction.atomic():
        dossier = _lock(dossier)
        today = _today(today)
        rules.require(actor, dossier, CONFIRM_SAMPLES)
        _check_transition_deadline(dossier, today)
        if received_on > today or (dossier.submitted_on and received_on < dossier.submitted_on):
            raise DomainError(
                _("Ngày nhận mẫu phải từ ngày nộp hồ sơ đến hôm nay."), field="received_on"
            )
        fields = ("samples_confirmed", "samples_confirmed_on", "samples_confirmed_by")
        before = log.snapshot(dossier, fields)
        dossier.samples_confirmed = count
        dossier.samples_confirmed_on = received_on
        dossier.samples_confirmed_by = _user(actor)
        dossier.save(update_fields=[*fields, "updated_at"])
        log.record(
            dossier,
            actor=actor,
            action=AuditAction.UPDATE,
            changes=log.diff(before, log.snapshot(dossier, fields)),
            reason=str(CONFIRM_SAMPLES_LABEL),
        )
    return dossier


def _check_samples(dossier: Dossier) -> None:
    """The dossier goes to the province only with the samples its rulebook requires, confirmed
    by the officer who forwards it (26/2026 Art. 6.2.d; none for tourism services)."""
    required = samples_required(dossier)
    confirmed = dossier.samples_confirmed or 0
    if confirmed < required:
        raise DomainError(
            _(
                "Chưa đủ sản phẩm mẫu: theo %(rulebook)s, %(source)s, hồ sơ đề nghị cấp tỉnh "
                "phải kèm %(required)s sản phẩm mẫu do chủ thể cung cấp; số mẫu đã xác nhận "
                "nhận: %(confirmed)s."
            )
            % {
                "rulebook": _rulebook_name(dossier.rulebook),
                "source": dossier.rulebook.rules.samples.source,
                "required": required,
                "confirmed": confirmed,
            },
            code="samples",
        )


def assess(dossier: Dossier, *, actor, assessment: dict, today=None) -> Dossier:
    """The commune's report on the dossier (Mẫu 03)."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "assess", actor=actor, today=today)
        values = forms_spec.clean(forms_spec.ASSESSMENT_FIELDS, assessment or {})
        missing = forms_spec.missing(forms_spec.ASSESSMENT_FIELDS, values)
        if missing:
            raise DomainError(
                _("Báo cáo của xã (Mẫu 03) thiếu: %(fields)s")
                % {"fields": ", ".join(str(f.label) for f in missing)},
                field=missing[0].key,
                code="incomplete",
            )
        before = dossier.commune_assessment
        dossier.commune_assessment = values
        return _move(
            dossier,
            action,
            S.ASSESSED,
            actor=actor,
            today=today,
            changes={"commune_assessment": [before, values]},
        )


def inspect(
    dossier: Dossier,
    *,
    actor,
    date: datetime.date,
    people: str,
    findings: str,
    today=None,
) -> Dossier:
    """The district's field inspection minutes, required before its council scores (1048)."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "inspect", actor=actor, today=today)
        if not (people or "").strip() or not (findings or "").strip() or date is None:
            raise DomainError(
                _(
                    "Biên bản kiểm tra thực tế phải có ngày kiểm tra, thành phần tham gia và "
                    "kết quả kiểm tra."
                ),
                code="incomplete",
            )
        if date > today or (dossier.submitted_on and date < dossier.submitted_on):
            raise DomainError(_("Ngày kiểm tra phải từ ngày nộp hồ sơ đến hôm nay."), field="date")
        FieldInspection.objects.update_or_create(
            dossier=dossier,
            defaults={
                "date": date,
                "people": people.strip(),
                "findings": findings.strip(),
                "recorded_by": _user(actor),
            },
        )
        return _move(
            dossier,
            action,
            S.INSPECTED,
            actor=actor,
            today=today,
            changes={"field_inspection": [None, date.isoformat()]},
        )


def close_district_scoring(dossier: Dossier, *, actor, today=None) -> Dossier:
    """Record the district council's result from its members' submitted sheets."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "close-district-scoring", actor=actor, today=today)
        _check_field_inspection(dossier)
        result = _record_council_result(dossier, Level.DISTRICT, actor=actor, today=today)
        return _move(
            dossier,
            action,
            S.DISTRICT_SCORED,
            actor=actor,
            today=today,
            changes={"district_score": [None, str(result.total)]},
        )


def _check_field_inspection(dossier: Dossier) -> None:
    if not FieldInspection.objects.filter(dossier=dossier).exists():
        raise DomainError(
            _("Phải có biên bản kiểm tra thực tế trước khi hội đồng huyện chấm điểm."),
            code="inspection",
        )


def return_dossier(dossier: Dossier, *, actor, reason: str, today=None) -> Dossier:
    """Send the dossier back to the producer to complete, with the reasons."""
    return _close_or_return(dossier, "return", S.RETURNED, actor=actor, reason=reason, today=today)


def disqualify(dossier: Dossier, *, actor, reason: str, today=None) -> Dossier:
    """Reject the dossier outright (the sheet's "Hồ sơ bị loại khi" conditions)."""
    return _close_or_return(
        dossier, "disqualify", S.DISQUALIFIED, actor=actor, reason=reason, today=today
    )


def _close_or_return(dossier, action_name, target, *, actor, reason, today):
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do."), field="reason")
    with transaction.atomic():
        dossier, action, today = _run(dossier, action_name, actor=actor, today=today)
        dossier.reason = reason
        changes = _clear_local_scoring(dossier) if target == S.RETURNED else {}
        return _move(
            dossier, action, target, actor=actor, today=today, reason=reason, changes=changes
        )


def _clear_local_scoring(dossier: Dossier) -> dict:
    """A returned dossier is filed again and scored anew: the district's sheets and result go."""
    result = LevelResult.objects.filter(dossier=dossier, level=Level.DISTRICT).first()
    sheets = MemberSheet.objects.filter(dossier=dossier, level=Level.DISTRICT)
    count = sheets.count()
    if result is None and not count:
        return {}
    sheets.delete()
    if result is not None:
        result.delete()
    return {
        "district_score": [result and str(result.total), None],
        "district_sheets": [count, 0],
    }


def propose(dossier: Dossier, *, actor, today=None) -> Dossier:
    """Propose the dossier to the province. Under a district profile (1048) only a new product
    scoring at least the rulebook's threshold, or an upgrade scoring above the band of its
    current star, may go. The dossier joins the province's first round whose cut-off is after
    today (a proposal on the cut-off day joins the next one)."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "propose", actor=actor, today=today)
        _check_proposable(dossier)
        round_ = round_for_proposal(dossier.province, dossier.rulebook, today)
        dossier.round = round_
        dossier.proposed_on = today
        return _move(
            dossier,
            action,
            S.PROPOSED,
            actor=actor,
            today=today,
            changes={"round": [None, round_.pk], "proposed_on": [None, today.isoformat()]},
        )


def _check_proposable(dossier: Dossier) -> None:
    profile = process_levels(dossier.rulebook)[first_level(dossier.rulebook)]
    if profile.scores:
        _check_district_threshold(dossier, profile)
    _check_samples(dossier)


def _check_district_threshold(dossier: Dossier, profile: ProcessLevel) -> None:
    result = LevelResult.objects.filter(dossier=dossier, level=Level.DISTRICT).first()
    if result is None:
        raise DomainError(_("Hội đồng huyện chưa có kết quả chấm điểm."), code="threshold")
    score = result.total
    name = _rulebook_name(dossier.rulebook)
    if dossier.kind == DossierKind.FIRST:
        minimum = profile.propose_new_min_score or profile.forwards_min_score
        if minimum is not None and score < Decimal(str(minimum)):
            raise DomainError(
                _(
                    "Theo %(rulebook)s, cấp huyện chỉ đề nghị cấp tỉnh đánh giá sản phẩm mới "
                    "đạt từ %(min)s điểm trở lên; sản phẩm này đạt %(score)s điểm."
                )
                % {"rulebook": name, "min": minimum, "score": _points(score)},
                code="threshold",
            )
    elif dossier.kind == DossierKind.UPGRADE and profile.propose_upgrade_above_current_band:
        current = dossier.previous_certificate.stars if dossier.previous_certificate else 0
        band = scoring.band_of(score, bands(dossier.rulebook))
        if band <= current:
            raise DomainError(
                _(
                    "Theo %(rulebook)s, sản phẩm nâng hạng chỉ được đề nghị cấp tỉnh khi điểm "
                    "đạt trên khung điểm của hạng sao hiện có (%(current)s sao); sản phẩm này "
                    "đạt %(score)s điểm, thuộc hạng %(band)s sao."
                )
                % {"rulebook": name, "current": current, "score": _points(score), "band": band},
                code="threshold",
            )


def _points(value: Decimal) -> str:
    return scoring.format_points(Decimal(value).quantize(Decimal("0.01")))


# --- rounds ---------------------------------------------------------------------------------


def round_for_proposal(province, rulebook: Rulebook, day: datetime.date) -> Round:
    """The province's first round (standard or extra) still taking proposals on `day`; the
    next standard round of the rulebook's calendar is opened when none exists yet."""
    open_rounds = Round.objects.filter(
        level=Level.PROVINCE, province=province, proposals_before__gt=day
    )
    standard = next_standard_cutoff(rulebook, day)
    if standard is not None:
        # An extra round closing after the next standard cut-off does not take its proposals.
        open_rounds = open_rounds.filter(proposals_before__lte=standard)
    open_round = open_rounds.order_by("proposals_before", "number").first()
    if open_round is not None:
        return open_round
    return ensure_standard_round(province, rulebook, day)


def next_standard_cutoff(rulebook: Rulebook, day: datetime.date) -> datetime.date | None:
    """The first standard round cut-off after `day` in the rulebook's calendar."""
    found = deadlines.rounds_rule(rulebook, Level.PROVINCE)
    if found is None:
        return None
    cutoffs = [
        spec.proposals_cutoff(year) for year in (day.year, day.year + 1) for spec in found[0]
    ]
    return min(cutoff for cutoff in cutoffs if cutoff > day)


def ensure_standard_round(province, rulebook: Rulebook, day: datetime.date) -> Round:
    """Create (or find) the standard round whose cut-off is the first after `day`."""
    found = deadlines.rounds_rule(rulebook, Level.PROVINCE)
    if found is None:
        raise DomainError(_("Bộ tiêu chí không quy định các đợt đánh giá."))
    rounds, source = found
    for year in (day.year, day.year + 1):
        for spec in rounds:
            cutoff = spec.proposals_cutoff(year)
            if cutoff > day:
                decide = spec.decide_by(year)
                round_, _created = Round.objects.get_or_create(
                    level=Level.PROVINCE,
                    province=province,
                    year=year,
                    number=spec.no,
                    defaults={
                        "rulebook": rulebook_in_force(day) or source,
                        "proposals_before": cutoff,
                        "decide_before": decide,
                    },
                )
                return round_
    raise DomainError(_("Không xác định được đợt đánh giá."))  # pragma: no cover


def open_extra_round(
    province,
    *,
    actor,
    year: int,
    proposals_before: datetime.date,
    decide_before: datetime.date,
) -> Round:
    """An extra round opened by the province's agency beside the standard ones."""
    if not _is_agency_of(actor, province):
        raise DomainError(_("Chỉ cơ quan OCOP của tỉnh mới mở đợt đánh giá."), code="permission")
    if proposals_before > decide_before:
        raise DomainError(
            _("Hạn nhận đề nghị phải trước hạn hoàn thành đợt."), field="proposals_before"
        )
    if decide_before.year != year:
        raise DomainError(
            _("Đợt đánh giá năm %(year)s phải hoàn thành trong năm đó.") % {"year": year},
            field="decide_before",
        )
    rulebook = rulebook_in_force(proposals_before)
    if rulebook is None:
        raise DomainError(
            _("Chưa có bộ tiêu chí nào có hiệu lực vào ngày này."), field="proposals_before"
        )
    with transaction.atomic():
        last = (
            Round.objects.select_for_update()
            .filter(level=Level.PROVINCE, province=province, year=year)
            .order_by("-number")
            .first()
        )
        number = max(last.number if last else 0, deadlines.standard_round_count(rulebook)) + 1
        try:
            with transaction.atomic():
                round_ = Round.objects.create(
                    level=Level.PROVINCE,
                    province=province,
                    rulebook=rulebook,
                    year=year,
                    number=number,
                    is_extra=True,
                    proposals_before=proposals_before,
                    decide_before=decide_before,
                )
        except IntegrityError as error:
            raise DomainError(
                _("Một đợt khác vừa được mở cùng lúc; hãy thử lại."), code="conflict"
            ) from error
        log.record_create(round_, actor=actor)
    return round_


def _is_agency_of(actor, province) -> bool:
    return is_agency_of(actor, province)


# --- province -------------------------------------------------------------------------------


def accept(dossier: Dossier, *, actor, today=None) -> Dossier:
    """The agency has checked the dossier is complete: on to the advisory team."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "accept", actor=actor, today=today)
        _check_samples(dossier)
        return _move(dossier, action, S.ADVISORY_REVIEW, actor=actor, today=today)


def record_advisory_review(dossier: Dossier, *, actor, review: dict) -> Dossier:
    """The advisory team's report, field survey record and lab-test requests."""
    with transaction.atomic():
        dossier = _lock(dossier)
        rules.require(actor, dossier, rules.ADVISORY_REVIEW)
        values = forms_spec.clean(forms_spec.ADVISORY_FIELDS, review or {})
        before = dossier.advisory_review
        dossier.advisory_review = values
        dossier.save(update_fields=["advisory_review", "updated_at"])
        log.record(
            dossier,
            actor=actor,
            action=AuditAction.UPDATE,
            changes={"advisory_review": [before, values]},
        )
    return dossier


def open_scoring(dossier: Dossier, *, actor, today=None) -> Dossier:
    with transaction.atomic():
        dossier, action, today = _run(dossier, "open-scoring", actor=actor, today=today)
        _check_ready_for_scoring(dossier)
        return _move(dossier, action, S.COUNCIL_SCORING, actor=actor, today=today)


def _check_ready_for_scoring(dossier: Dossier) -> None:
    missing = forms_spec.missing(forms_spec.ADVISORY_FIELDS, dossier.advisory_review)
    if missing:
        raise DomainError(
            _("Tổ tư vấn chưa hoàn thành thẩm định: thiếu %(fields)s.")
            % {"fields": ", ".join(str(f.label) for f in missing)},
            code="advisory",
        )
    if not Council.objects.filter(level=Level.PROVINCE, round_id=dossier.round_id).exists():
        raise DomainError(
            _("Đợt %(round)s chưa có hội đồng đánh giá.") % {"round": dossier.round},
            code="council",
        )


def finalize(dossier: Dossier, *, actor, today=None) -> Dossier:
    """The chair records the provincial council's result from the members' sheets."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "finalize", actor=actor, today=today)
        result = _record_council_result(dossier, Level.PROVINCE, actor=actor, today=today)
        before = (dossier.score, dossier.stars)
        dossier.score, dossier.stars = result.total, result.stars
        return _move(
            dossier,
            action,
            S.SCORED,
            actor=actor,
            today=today,
            changes={
                "score": [before[0] and str(before[0]), str(result.total)],
                "stars": [before[1], result.stars],
            },
        )


def approve(dossier: Dossier, *, actor, today=None) -> Dossier:
    """The agency approves the council's result: 3–4★ to be recognised by the province, a
    potential 5★ (at least the province's forwarding score) sent to the Ministry, below the
    certification floor not recognised."""
    with transaction.atomic():
        dossier, action, today = _run(dossier, "approve", actor=actor, today=today)
        result = LevelResult.objects.get(dossier=dossier, level=Level.PROVINCE)
        province = process_levels(dossier.rulebook).get(Level.PROVINCE)
        forwards = province.forwards_min_score if province else None
        central_stars = dossier.rulebook.rules.central_stars
        if (
            forwards is not None
            and result.total >= Decimal(str(forwards))
            and result.stars in central_stars
        ):
            target = S.SENT_TO_MINISTRY
        elif result.stars >= min_certified_stars(dossier.rulebook):
            target = S.APPROVED
        else:
            target = S.NOT_RECOGNISED
        return _move(dossier, action, target, actor=actor, today=today)


def record_ministry_result(
    dossier: Dossier, *, actor, score, decision_no: str, today=None
) -> Dossier:
    """The Ministry's outcome for a potential 5★ product, entered by the Ministry or by the
    province: at least the forwarding score → recognised 5★ (the Ministry's decision and
    certificate are recorded); lower → the province may certify the stars of that score within
    the stars it may certify; else not recognised."""
    from ocop.certification import domain as certification

    try:
        score = Decimal(str(score))
    except Exception as error:
        raise DomainError(_("Điểm không hợp lệ."), field="score") from error
    max_score = dossier.rulebook.rules.max_score
    if not score.is_finite() or score < 0 or score > max_score:
        raise DomainError(_("Điểm phải từ 0 đến %(max)s.") % {"max": max_score}, field="score")
    decision_no = (decision_no or "").strip()
    if not decision_no:
        raise DomainError(_("Hãy nhập số quyết định của Bộ."), field="decision_no")
    with transaction.atomic():
        dossier, action, today = _run(dossier, "record-ministry-result", actor=actor, today=today)
        levels = process_levels(dossier.rulebook)
        forwards = Decimal(str(levels[Level.PROVINCE].forwards_min_score))
        band = scoring.band_of(score, bands(dossier.rulebook))
        central = levels.get(Level.CENTRAL)
        if score >= forwards and band in dossier.rulebook.rules.central_stars:
            stars, target = band, S.RECOGNISED
        else:
            below = central.below_threshold if central else None
            fallback = below.may_certify_stars if below else levels[Level.PROVINCE].certifies_stars
            certifiable = [s for s in fallback if s <= band]
            stars = max(certifiable) if certifiable else band
            target = S.APPROVED if certifiable else S.NOT_RECOGNISED
        LevelResult.objects.create(
            dossier=dossier,
            level=Level.CENTRAL,
            total=score,
            stars=stars,
            band_stars=band,
            decision_no=decision_no,
            recorded_by=_user(actor),
            explanation=_("Kết quả của Hội đồng cấp trung ương: %(score)s điểm.")
            % {"score": _points(score)},
        )
        before = (dossier.score, dossier.stars)
        dossier.ministry_decision_no = decision_no
        dossier.stars = stars
        changes = {
            "ministry_score": [None, str(score)],
            "ministry_decision_no": ["", decision_no],
            "stars": [before[1], stars],
        }
        if target == S.RECOGNISED:
            dossier.score = score
            changes["score"] = [before[0] and str(before[0]), str(score)]
            dossier = _move(dossier, action, target, actor=actor, today=today, changes=changes)
            certification.record_ministry_certificate(
                dossier, actor=actor, decision_no=decision_no, date=today
            )
            return dossier
        return _move(dossier, action, target, actor=actor, today=today, changes=changes)


# --- councils -------------------------------------------------------------------------------


def create_council(
    *,
    actor,
    level: str,
    name: str,
    round=None,
    province=None,
    district=None,
    mode: str = Council.Mode.MEETING,
    established_by: str = "",
) -> Council:
    """A council for a province round, a legacy district, or the central level."""
    if level == Level.PROVINCE:
        if round is None:
            raise DomainError(_("Hội đồng cấp tỉnh phải gắn với một đợt đánh giá."), field="round")
        province = round.province
        if not rules.may_create_council(actor, level=level, province=province):
            raise DomainError(_("Chỉ cơ quan OCOP của tỉnh lập hội đồng."), code="permission")
    elif level == Level.DISTRICT:
        if district is None:
            raise DomainError(_("Hãy chọn huyện."), field="district")
        if not rules.may_create_council(actor, level=level, district=district):
            raise DomainError(_("Chỉ cán bộ của huyện lập hội đồng huyện."), code="permission")
        province = None
    elif level == Level.CENTRAL:
        if not rules.may_create_council(actor, level=level):
            raise DomainError(
                _("Chỉ cán bộ của Bộ lập hội đồng cấp trung ương."), code="permission"
            )
    else:
        raise DomainError(_("Cấp hội đồng không hợp lệ."), field="level")
    if not (name or "").strip():
        raise DomainError(_("Hãy nhập tên hội đồng."), field="name")
    with transaction.atomic():
        council = Council.objects.create(
            level=level,
            name=name.strip(),
            round=round,
            province=province,
            district=district,
            mode=mode,
            established_by=established_by,
        )
        log.record_create(council, actor=actor)
    return council


def add_member(
    council: Council, *, actor, user, role: str, department: str = "", organisation: str = ""
) -> CouncilMember:
    _check_council_manager(actor, council)
    if role not in CouncilRole.values:
        raise DomainError(_("Vai trò trong hội đồng không hợp lệ."), field="role")
    try:
        with transaction.atomic():
            member = CouncilMember.objects.create(
                council=council,
                user=user,
                role=role,
                department=department,
                organisation=organisation,
            )
            log.record_create(member, actor=actor)
    except IntegrityError as error:
        raise DomainError(
            _("Người này đã có trong hội đồng, hoặc hội đồng đã có chủ tịch."), code="duplicate"
        ) from error
    return member


def remove_member(member: CouncilMember, *, actor, reason: str = "") -> None:
    _check_council_manager(actor, member.council)
    if member.sheets.filter(submitted_at__isnull=False).exists():
        raise DomainError(_("Thành viên đã nộp phiếu chấm, không thể rút khỏi hội đồng."))
    with transaction.atomic():
        log.record_delete(member, actor=actor, reason=reason)
        member.sheets.all().delete()
        member.delete()


def _check_council_manager(actor, council: Council) -> None:
    if not rules.may_manage_council(actor, council):
        raise DomainError(_("Bạn không quản lý hội đồng này."), code="permission")


scoring_level = rules.scoring_level
councils_for = rules.councils_for
seat_of = rules.seat_of
_seat = rules.seat_at


def conflict_of(member: CouncilMember, dossier: Dossier) -> str | None:
    """Why `member` may not score `dossier` (a declaration, or a link to the producer), or None."""
    return conflicts([member], [dossier]).get((member.pk, dossier.pk))


def conflicts(members, dossiers) -> dict[tuple[int, int], str]:
    """Why each member may not score each dossier, `{(member pk, dossier pk): reason}`, in three
    queries: a declaration, the member's producer account, the member as the dossier's
    consultant, or the member's organisation named like the producer or the consultant."""
    members = list(members)
    dossiers = list(dossiers)
    if not members or not dossiers:
        return {}
    found: dict[tuple[int, int], str] = {}
    for declared in ConflictDeclaration.objects.filter(
        member__in=[m.pk for m in members], dossier__in=[d.pk for d in dossiers]
    ):
        found[(declared.member_id, declared.dossier_id)] = _(
            "Đã khai báo xung đột lợi ích: %(reason)s"
        ) % {"reason": declared.reason}
    producer_links = set(
        Membership.objects.filter(
            user_id__in={m.user_id for m in members},
            role=Role.PRODUCER,
            producer_id__in={d.producer_id for d in dossiers},
            is_active=True,
        ).values_list("user_id", "producer_id")
    )
    for member in members:
        organisation = fold(member.organisation or "")
        for dossier in dossiers:
            key = (member.pk, dossier.pk)
            if key in found:
                continue
            if (member.user_id, dossier.producer_id) in producer_links:
                found[key] = _("Thành viên là người của chủ thể có sản phẩm.")
            elif dossier.consultant_user_id and dossier.consultant_user_id == member.user_id:
                found[key] = _("Thành viên là người tư vấn xây dựng hồ sơ này.")
            elif organisation and organisation in {
                fold(dossier.producer.name),
                fold(dossier.consultant_name or ""),
            }:
                found[key] = _(
                    "Đơn vị công tác của thành viên trùng với chủ thể hoặc đơn vị tư vấn."
                )
    return found


def declare_conflict(dossier: Dossier, *, actor, reason: str) -> ConflictDeclaration:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do xung đột lợi ích."), field="reason")
    with transaction.atomic():
        dossier = _lock(dossier)
        rules.require(actor, dossier, rules.DECLARE_CONFLICT)
        seat = seat_of(actor, dossier)
        sheet = MemberSheet.objects.filter(
            dossier=dossier, member=seat, level=scoring_level(dossier)
        ).first()
        if sheet is not None and sheet.is_submitted:
            raise DomainError(
                _("Bạn đã nộp phiếu chấm hồ sơ này; hãy đề nghị chủ tịch mở lại phiếu trước.")
            )
        declaration, created = ConflictDeclaration.objects.get_or_create(
            member=seat, dossier=dossier, defaults={"reason": reason}
        )
        if created:
            if sheet is not None:
                sheet.delete()
            log.record(
                dossier,
                actor=actor,
                action=AuditAction.UPDATE,
                changes={"conflict_declared": [None, seat.pk]},
                reason=reason,
            )
    return declaration


def save_sheet(
    dossier: Dossier, *, actor, answers: dict, submit: bool = False, today=None
) -> MemberSheet:
    """A council member saves (draft) or submits (final, then locked) their score sheet.

    A draft may leave criteria unanswered but every answer given must be one of the options;
    a submission needs every criterion and is scored by the engine."""
    if not isinstance(answers, dict):
        raise DomainError(_("Điểm chấm không hợp lệ."), field="answers")
    with transaction.atomic():
        dossier = _lock(dossier)
        _check_transition_deadline(dossier, _today(today))
        rules.require(actor, dossier, rules.SCORE)
        level = scoring_level(dossier)
        seat = _seat(actor, dossier, level)
        conflict = conflict_of(seat, dossier)
        if conflict:
            raise DomainError(
                _("Bạn không được chấm hồ sơ này. %(why)s") % {"why": conflict}, code="conflict"
            )
        sheet = (
            MemberSheet.objects.select_for_update()
            .filter(dossier=dossier, member=seat, level=level)
            .first()
        )
        if sheet is not None and sheet.is_submitted:
            raise DomainError(
                _("Phiếu chấm đã nộp và bị khoá; chỉ chủ tịch hội đồng có thể mở lại."),
                code="submitted",
            )
        score_sheet = sheet_for(dossier)
        criteria = scoring.criteria_of(score_sheet.data)
        clean = {}
        for code, answer in answers.items():
            if code not in criteria:
                raise DomainError(
                    _("Tiêu chí %(code)s không có trong phiếu đánh giá.") % {"code": code},
                    field=code,
                )
            if answer in (None, ""):
                continue
            _valid_points(criteria[code], answer)
            clean[code] = answer
        if sheet is None:
            sheet = MemberSheet(dossier=dossier, member=seat, level=level)
        before = {"answers": sheet.answers, "submitted": sheet.is_submitted}
        sheet.answers = clean
        sheet.total = sheet.stars = None
        if submit:
            evaluation = scoring.evaluate(
                score_sheet.data,
                clean,
                bands=bands(dossier.rulebook),
                certifiable_min_stars=min_certified_stars(dossier.rulebook),
            )
            sheet.total = evaluation.total
            sheet.stars = evaluation.stars
            sheet.submitted_at = timezone.now()
        sheet.save()
        if submit:
            log.record(
                sheet,
                actor=actor,
                action=AuditAction.STATUS_CHANGE,
                changes={
                    "answers": [before["answers"], clean],
                    "submitted": [before["submitted"], True],
                    "total": [None, str(sheet.total)],
                },
                reason=_("Nộp phiếu chấm"),
            )
            transaction.on_commit(lambda: notify.sheet_submitted(sheet.pk), robust=True)
    return sheet


def reopen_sheet(sheet: MemberSheet, *, actor, reason: str) -> MemberSheet:
    """The chair unlocks a submitted sheet so the member may correct it (audited)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do mở lại phiếu."), field="reason")
    with transaction.atomic():
        dossier = _lock(sheet.dossier)
        sheet = MemberSheet.objects.select_for_update().get(pk=sheet.pk)
        if scoring_level(dossier) != sheet.level:
            raise DomainError(_("Hội đồng đã chốt kết quả, không mở lại phiếu được."))
        if not sheet.is_submitted:
            raise DomainError(_("Phiếu chưa nộp, không cần mở lại."))
        rules.require(actor, dossier, rules.REOPEN_SHEET)
        sheet.submitted_at = None
        sheet.total = sheet.stars = None
        sheet.save()
        log.record(
            sheet,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes={"submitted": [True, False]},
            reason=reason,
        )
        transaction.on_commit(lambda: notify.sheet_reopened(sheet.pk, reason), robust=True)
    return sheet


def council_result(dossier: Dossier, level: str | None = None) -> scoring.CouncilResult | None:
    """The engine's aggregation of the submitted sheets at `level` (default: the current one),
    with the province's maximum spread; None without a submitted sheet."""
    level = level or scoring_level(dossier)
    sheets = list(
        MemberSheet.objects.filter(
            dossier=dossier, level=level, submitted_at__isnull=False
        ).order_by("pk")
    )
    if not sheets:
        return None
    return scoring.aggregate(
        sheet_for(dossier).data,
        [sheet.answers for sheet in sheets],
        bands=bands(dossier.rulebook),
        max_spread=max_spread_of(dossier.province_id) if level != Level.CENTRAL else None,
        certifiable_min_stars=min_certified_stars(dossier.rulebook),
    )


def max_spread_of(province_id) -> Decimal | None:
    """The province's maximum spread between members' totals (a local rule), or None."""
    found = ProvinceSettings.objects.filter(province_id=province_id).first()
    return found.max_spread if found is not None else None


def pending_members(dossier: Dossier, level: str) -> list[CouncilMember]:
    """Scoring members of the level's councils who have neither submitted nor a conflict."""
    members = (
        CouncilMember.objects.filter(
            council__in=councils_for(dossier, level), role__in=SCORING_ROLES
        )
        .select_related("user", "council")
        .order_by("pk")
    )
    submitted = set(
        MemberSheet.objects.filter(
            dossier=dossier, level=level, submitted_at__isnull=False
        ).values_list("member_id", flat=True)
    )
    members = list(members)
    excluded = conflicts(members, [dossier])
    return [
        member
        for member in members
        if member.pk not in submitted and (member.pk, dossier.pk) not in excluded
    ]


def _check_no_pending(dossier: Dossier, level: str) -> None:
    pending = pending_members(dossier, level)
    if pending:
        raise DomainError(
            _("Còn %(count)s thành viên chưa nộp phiếu chấm: %(names)s.")
            % {"count": len(pending), "names": ", ".join(str(m.user) for m in pending)},
            code="pending",
        )


def _record_council_result(dossier: Dossier, level: str, *, actor, today) -> LevelResult:
    _check_no_pending(dossier, level)
    result = council_result(dossier, level)
    if result is None:
        raise DomainError(_("Chưa có phiếu chấm nào được nộp."), code="pending")
    if result.needs_rescoring:
        raise DomainError(
            _(
                "Điểm của các thành viên chênh nhau %(spread)s điểm, vượt mức %(limit)s điểm "
                "tỉnh quy định: hội đồng phải chấm lại (chủ tịch mở lại phiếu)."
            )
            % {"spread": _points(result.spread), "limit": _points(result.max_spread)},
            code="spread",
        )
    LevelResult.objects.filter(dossier=dossier, level=level).delete()
    return LevelResult.objects.create(
        dossier=dossier,
        level=level,
        sheet_rulebook=sheet_for(dossier).rulebook,
        total=result.total.quantize(Decimal("0.0001")),
        stars=result.stars,
        band_stars=result.band_stars,
        explanation=result.explanation,
        detail=result.as_dict(),
        recorded_by=_user(actor),
    )


# --- preconditions ---------------------------------------------------------------------------

# What each action checks on the dossier's contents before it moves it (the same functions the
# actions call), for the pages to show an allowed action disabled with its reason.
PRECONDITIONS = {
    "submit": (_check_submittable,),
    "close-district-scoring": (
        _check_field_inspection,
        lambda dossier: _check_no_pending(dossier, Level.DISTRICT),
    ),
    "propose": (_check_proposable,),
    "accept": (_check_samples,),
    "open-scoring": (_check_ready_for_scoring,),
    "finalize": (lambda dossier: _check_no_pending(dossier, Level.PROVINCE),),
}


def blocker(dossier: Dossier, name: str, *, today: datetime.date | None = None) -> str | None:
    """Why action `name`, which the user may take (`rules`), would still be refused now: the
    transition deadline or what the action checks on the dossier; None when nothing blocks."""
    checks = list(PRECONDITIONS.get(name, ()))
    if name in workflow.ACTIONS and name not in CLOSING_ACTIONS:
        checks.insert(0, lambda dossier: _check_transition_deadline(dossier, _today(today)))
    for check in checks:
        try:
            check(dossier)
        except DomainError as error:
            return error.message
    return None


# --- lists and flags -------------------------------------------------------------------------


def due_on(dossier: Dossier) -> datetime.date | None:
    """The deadline of the dossier's current step, if the rulebook sets one: the commune's
    working days from submission, or the re-ranking's days from the proposal."""
    if dossier.state in (S.SUBMITTED, S.RECEIVED, S.ASSESSED):
        return deadlines.due_date(
            dossier.rulebook, "commune_screening", dossier.filed_on or dossier.submitted_on
        )
    if dossier.kind == DossierKind.RERANK and dossier.state in workflow.PROVINCE_STATES:
        return deadlines.due_date(dossier.rulebook, "reranking", dossier.proposed_on)
    return None


def is_overdue(dossier: Dossier, today: datetime.date | None = None) -> bool:
    due = due_on(dossier)
    return due is not None and _today(today) > due


def open_q() -> Q:
    return Q(state__in=OPEN_STATES)
