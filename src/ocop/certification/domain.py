"""Recognition actions: drafting and issuing decisions, numbering and superseding certificates."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.authority import is_agency_of
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.core.errors import DomainError
from ocop.core.formatting import short_date
from ocop.evaluation import workflow
from ocop.evaluation.deadlines import valid_until
from ocop.evaluation.models import Dossier, DossierState

from .models import Certificate, CertificateStatus, Decision, DecisionItem, NumberCounter
from .numbering import CENTRAL_FORMAT, DEFAULT_FORMAT

CENTRAL_ISSUER = "central"


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_agency_of(actor, province_id) -> bool:
    return is_agency_of(actor, province_id)


def _check_dossiers(dossiers, province) -> list[Dossier]:
    found = []
    for dossier in dossiers:
        if dossier.province_id != province.pk:
            raise DomainError(
                _("Hồ sơ %(id)s không thuộc tỉnh/thành phố của quyết định.") % {"id": dossier.pk},
                field="dossiers",
            )
        if dossier.state != DossierState.APPROVED:
            raise DomainError(
                _(
                    "Hồ sơ %(id)s (%(product)s) chưa có kết quả được phê duyệt (đang ở trạng "
                    "thái “%(state)s”): quyết định chỉ gồm kết quả đã phê duyệt."
                )
                % {
                    "id": dossier.pk,
                    "product": dossier.product.name,
                    "state": DossierState(dossier.state).label,
                },
                field="dossiers",
                code="state",
            )
        found.append(dossier)
    if not found:
        raise DomainError(_("Quyết định phải có ít nhất một sản phẩm."), field="dossiers")
    return found


def draft_decision(
    *,
    actor,
    province,
    number: str,
    date: datetime.date,
    signer_name: str,
    signer_title: str,
    dossiers,
    title: str = "",
) -> Decision:
    """Draft a recognition decision listing approved dossiers of the province."""
    if not _is_agency_of(actor, province.pk):
        raise DomainError(
            _("Chỉ cơ quan OCOP của tỉnh soạn quyết định công nhận."), code="permission"
        )
    dossiers = list(dossiers)
    number = (number or "").strip()
    if not number:
        raise DomainError(_("Hãy nhập số quyết định."), field="number")
    if not (signer_name or "").strip() or not (signer_title or "").strip():
        raise DomainError(_("Hãy nhập người ký và chức vụ."), field="signer_name")
    with transaction.atomic():
        locked = list(
            Dossier.objects.select_for_update(of=("self",))
            .select_related("product")
            .filter(pk__in=[d.pk for d in dossiers])
            .order_by("pk")
        )
        if len({d.pk for d in dossiers}) != len(dossiers):
            raise DomainError(_("Một hồ sơ được chọn hai lần."), field="dossiers")
        if len(locked) != len({d.pk for d in dossiers}):
            raise DomainError(_("Có hồ sơ không tồn tại."), field="dossiers")
        found = _check_dossiers(locked, province)
        for dossier in found:
            _check_not_backdated(dossier.product, date)
        if Decision.objects.filter(
            level=Decision.Level.PROVINCE, province=province, number=number
        ).exists():
            raise DomainError(
                _("Tỉnh đã có quyết định số %(number)s.") % {"number": number}, field="number"
            )
        try:
            with transaction.atomic():
                decision = _create_draft(
                    actor, province, number, date, signer_name, signer_title, title
                )
        except IntegrityError as error:
            raise DomainError(
                _("Tỉnh đã có quyết định số %(number)s.") % {"number": number}, field="number"
            ) from error
        DecisionItem.objects.bulk_create(
            DecisionItem(decision=decision, dossier=dossier, stars=dossier.stars, position=index)
            for index, dossier in enumerate(found, start=1)
        )
        log.record_create(decision, actor=actor)
    return decision


def _create_draft(actor, province, number, date, signer_name, signer_title, title) -> Decision:
    return Decision.objects.create(
        level=Decision.Level.PROVINCE,
        province=province,
        number=number,
        date=date,
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        title=title.strip() or _("Về việc công nhận sản phẩm đạt chuẩn OCOP"),
        created_by=_user(actor),
    )


def discard_decision(decision: Decision, *, actor, reason: str = "") -> None:
    if not _is_agency_of(actor, decision.province_id):
        raise DomainError(_("Bạn không quản lý quyết định này."), code="permission")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status != Decision.Status.DRAFT:
            raise DomainError(_("Quyết định đã ban hành, không xoá được."), code="state")
        log.record_delete(decision, actor=actor, reason=reason)
        decision.delete()


def assign_number(issuer: str, year: int, number_format: str, **values) -> tuple[str, int]:
    """The next certificate number of an issuer in a year and its sequence (call inside a
    transaction: the counter row is locked until it commits, so two issues never share a
    number)."""
    from ocop.evaluation.settings_domain import check_number_format

    check_number_format(number_format)
    NumberCounter.objects.get_or_create(issuer=issuer, year=year)
    counter = NumberCounter.objects.select_for_update().get(issuer=issuer, year=year)
    while True:
        counter.last += 1
        number = number_format.format(seq=counter.last, year=year, **values)
        if not Certificate.objects.numbered(number).exists():
            break
    counter.save(update_fields=["last"])
    return number, counter.last


def next_number(issuer: str, year: int, number_format: str, **values) -> str:
    """The next certificate number of an issuer in a year (see `assign_number`)."""
    return assign_number(issuer, year, number_format, **values)[0]


def province_format(province) -> str:
    from ocop.evaluation.models import ProvinceSettings

    found = ProvinceSettings.objects.filter(province=province).first()
    return found.certificate_number_format if found else DEFAULT_FORMAT


def issue_decision(decision: Decision, *, actor) -> Decision:
    """Issue a drafted decision: one certificate per product (numbered, valid the rulebook's
    months from the decision date), the products' previous certificates superseded, and the
    dossiers recognised."""
    from ocop.evaluation import domain as evaluation

    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if not _is_agency_of(actor, decision.province_id):
            raise DomainError(_("Bạn không quản lý quyết định này."), code="permission")
        if decision.status != Decision.Status.DRAFT:
            raise DomainError(_("Quyết định này đã được ban hành."), code="state")
        items = list(decision.items.order_by("position", "pk"))
        dossiers = list(
            Dossier.objects.select_for_update(of=("self",))
            .select_related("product__producer", "product__commune__parent", "rulebook")
            .filter(pk__in=[item.dossier_id for item in items])
            .order_by("pk")
        )
        by_pk = {dossier.pk: dossier for dossier in dossiers}
        _check_dossiers([by_pk[item.dossier_id] for item in items], decision.province)
        number_format = province_format(decision.province)
        action = workflow.ACTIONS["issue"]
        for item in items:
            dossier = by_pk[item.dossier_id]
            number, sequence = assign_number(
                f"p{decision.province.code}",
                decision.date.year,
                number_format,
                province=f"{decision.province.code:02d}",
            )
            _create_certificate(
                dossier,
                decision=decision,
                number=number,
                sequence=sequence,
                stars=item.stars,
                actor=actor,
            )
            evaluation._move(
                dossier,
                action,
                DossierState.RECOGNISED,
                actor=actor,
                today=timezone.localdate(),
                changes={"certificate": [None, number]},
            )
        decision.status = Decision.Status.ISSUED
        decision.issued_at = timezone.now()
        decision.save(update_fields=["status", "issued_at"])
        log.record(
            decision,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes={"status": [Decision.Status.DRAFT, Decision.Status.ISSUED]},
        )
    return decision


def _check_not_backdated(product, day: datetime.date) -> None:
    """A certificate dated `day` supersedes the product's certificates current that day; one
    issued after `day` would stay current beside it, so such a decision is refused (one
    product never has two current certificates)."""
    later = (
        Certificate.objects.filter(product=product, issued_on__gt=day)
        .filter(superseded_by__isnull=True, revoked_on__isnull=True)
        .order_by("issued_on")
        .first()
    )
    if later is not None:
        raise DomainError(
            _(
                "Quyết định đề ngày %(date)s, trước ngày cấp (%(issued)s) giấy chứng nhận "
                "%(number)s của sản phẩm %(product)s mà nó thay thế: hãy đề ngày quyết định từ "
                "ngày %(issued)s trở đi."
            )
            % {
                "date": short_date(day),
                "issued": short_date(later.issued_on),
                "number": later.number,
                "product": product.name,
            },
            field="date",
            code="date",
        )


def _create_certificate(dossier, *, decision, number, sequence, stars, actor) -> Certificate:
    product = dossier.product
    _check_not_backdated(product, decision.date)
    producer = product.producer
    months = dossier.rulebook.rules.certificate.validity_months
    commune = producer.commune
    certificate = Certificate.objects.create(
        number=number,
        number_year=decision.date.year,
        number_sequence=sequence,
        decision=decision,
        dossier=dossier,
        product=product,
        producer=producer,
        province=decision.province or dossier.province,
        rulebook=dossier.rulebook,
        stars=stars,
        score=dossier.score,
        issued_on=decision.date,
        valid_until=valid_until(decision.date, months),
        product_name=product.name,
        producer_name=producer.name,
        producer_address=", ".join(
            part
            for part in (producer.address, commune.name, commune.parent and commune.parent.name)
            if part
        ),
    )
    log.record_create(certificate, actor=actor)
    previous = (
        Certificate.objects.select_for_update()
        .current(certificate.issued_on)
        .filter(product=product)
        .exclude(pk=certificate.pk)
    )
    for old in previous:
        before = old.status
        Certificate.objects.filter(pk=old.pk).update(
            superseded_by=certificate, superseded_on=certificate.issued_on
        )
        log.record(
            old,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes={
                "status": [before, CertificateStatus.SUPERSEDED],
                "superseded_on": [None, certificate.issued_on.isoformat()],
            },
            reason=_("Thay thế bởi giấy chứng nhận %(number)s") % {"number": number},
        )
    return certificate


def record_ministry_certificate(
    dossier: Dossier, *, actor, decision_no: str, date: datetime.date
) -> Certificate:
    """The Ministry's 5★ decision and certificate for a dossier it recognised (recorded by the
    Ministry, or by hand by a province working alone)."""
    decision, _created = Decision.objects.get_or_create(
        level=Decision.Level.CENTRAL,
        province=None,
        number=decision_no,
        defaults={
            "date": date,
            "signer_name": "",
            "signer_title": _("Bộ trưởng Bộ Nông nghiệp và Môi trường"),
            "title": _("Về việc công nhận sản phẩm OCOP 5 sao"),
            "status": Decision.Status.ISSUED,
            "issued_at": timezone.now(),
            "created_by": _user(actor),
        },
    )
    DecisionItem.objects.get_or_create(
        decision=decision,
        dossier=dossier,
        defaults={"stars": dossier.stars, "position": decision.items.count() + 1},
    )
    number, sequence = assign_number(CENTRAL_ISSUER, decision.date.year, CENTRAL_FORMAT)
    return _create_certificate(
        dossier,
        decision=decision,
        number=number,
        sequence=sequence,
        stars=dossier.stars,
        actor=actor,
    )
