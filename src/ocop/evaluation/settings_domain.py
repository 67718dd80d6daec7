"""The province's local rules (ProvinceSettings): saved only here, by the province's agency."""

from __future__ import annotations

import string
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.authority import is_agency_of
from ocop.accounts.models import Role
from ocop.accounts.scope import memberships_of
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.core.errors import DomainError

from .models import ProvinceSettings

NUMBER_PLACEHOLDERS = {"seq", "year", "province"}
MAX_SPREAD_LIMIT = Decimal(100)


def managed_provinces(user) -> list:
    """The current-era provinces whose OCOP agency `user` works for (all of them for admins),
    by name."""
    from ocop.geo.models import AdminUnit, Era, Level

    memberships = memberships_of(user)
    if any(m.role == Role.ADMIN for m in memberships):
        return list(
            AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE).order_by("name")
        )
    units = {m.unit_id: m.unit for m in memberships if m.role == Role.AGENCY_OFFICER and m.unit}
    return sorted(units.values(), key=lambda unit: unit.name)


def may_manage(actor, province) -> bool:
    """Whether `actor` manages the settings of `province` (its agency officers, admins)."""
    return is_agency_of(actor, province)


def check_number_format(value: str) -> str:
    """A certificate number format with `{seq}` and only the known placeholders."""
    value = (value or "").strip()
    if not value:
        raise DomainError(_("Hãy nhập mẫu số giấy chứng nhận."), field="certificate_number_format")
    if len(value) > ProvinceSettings._meta.get_field("certificate_number_format").max_length:
        raise DomainError(
            _("Mẫu số giấy chứng nhận quá dài (tối đa 60 ký tự)."),
            field="certificate_number_format",
        )
    try:
        names = {name for _text, name, spec, conv in string.Formatter().parse(value) if name}
        specs = [
            (spec, conv) for _text, name, spec, conv in string.Formatter().parse(value) if name
        ]
    except ValueError as error:
        raise DomainError(
            _("Mẫu số giấy chứng nhận có dấu ngoặc nhọn không hợp lệ."),
            field="certificate_number_format",
        ) from error
    unknown = names - NUMBER_PLACEHOLDERS
    if unknown or any(conv for _spec, conv in specs):
        raise DomainError(
            _("Mẫu số chỉ được dùng các chỗ thay thế {seq}, {year} và {province}."),
            field="certificate_number_format",
        )
    if "seq" not in names:
        raise DomainError(
            _("Mẫu số phải có {seq} (số thứ tự trong năm) để các số không trùng nhau."),
            field="certificate_number_format",
        )
    try:  # a format spec such as {seq:03d} must work for the values it gets
        samples = {value.format(seq=seq, year=2026, province="48") for seq in (1, 2)}
    except (ValueError, TypeError, IndexError, KeyError) as error:
        raise DomainError(
            _("Mẫu số giấy chứng nhận không dùng được: %(error)s") % {"error": error},
            field="certificate_number_format",
        ) from error
    if len(samples) != 2:
        raise DomainError(
            _("Mẫu số phải có {seq} (số thứ tự trong năm) để các số không trùng nhau."),
            field="certificate_number_format",
        )
    return value


def validate_number_format(value: str) -> None:
    """The model field's validator: the same rules as `check_number_format`."""
    from django.core.exceptions import ValidationError

    try:
        check_number_format(value)
    except DomainError as error:
        raise ValidationError(error.message) from error


def check_max_spread(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        value = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(_("Chênh lệch tối đa phải là một số."), field="max_spread") from error
    if not value.is_finite() or value <= 0 or value > MAX_SPREAD_LIMIT:
        raise DomainError(
            _("Chênh lệch tối đa phải lớn hơn 0 và không quá 100 điểm."), field="max_spread"
        )
    return value.quantize(Decimal("0.01"))


def save_province_settings(
    province,
    *,
    actor,
    certificate_number_format: str,
    max_spread=None,
    reason: str = "",
) -> ProvinceSettings:
    """Create or change the province's settings (audited)."""
    if not may_manage(actor, province):
        raise DomainError(
            _("Chỉ cơ quan OCOP của tỉnh thay đổi thiết lập của tỉnh."), code="permission"
        )
    number_format = check_number_format(certificate_number_format)
    spread = check_max_spread(max_spread)
    with transaction.atomic():
        found = ProvinceSettings.objects.select_for_update().filter(province=province).first()
        if found is None:
            found = ProvinceSettings.objects.create(
                province=province, certificate_number_format=number_format, max_spread=spread
            )
            log.record_create(found, actor=actor, reason=reason)
            return found
        before = log.snapshot(found)
        found.certificate_number_format = number_format
        found.max_spread = spread
        changes = log.diff(before, log.snapshot(found))
        if changes:
            found.save()
            log.record(
                found, actor=actor, action=AuditAction.UPDATE, changes=changes, reason=reason
            )
    return found
