"""Reusable reads of administrative units. A code is only meaningful with its era."""

from django.db.models import Case, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from ocop.core.errors import DomainError
from ocop.core.text import filter_search, fold

from .models import AdminUnit, Era, Level

LEVEL_NAMES = {
    Level.PROVINCE: _("tỉnh/thành phố"),
    Level.DISTRICT: _("huyện/quận"),
    Level.COMMUNE: _("xã/phường"),
}


class UnitLookupError(DomainError):
    """A unit reference (code + era) that names no unit; the message says why."""


def parse_era(era, *, field: str = "era") -> str:
    if era not in Era.values:
        raise UnitLookupError(
            _("Thời kỳ phải là “2025” hoặc “legacy”."), field=field, code="invalid_era"
        )
    return era


def parse_level(level, *, field: str = "level") -> str:
    if level not in Level.values:
        raise UnitLookupError(
            _("Cấp phải là “province”, “district” hoặc “commune”."),
            field=field,
            code="invalid_level",
        )
    return level


def parse_code(code, *, field: str = "code") -> int:
    """An official code given as a number or a string of digits."""
    if isinstance(code, str) and code.strip().isdigit():
        code = int(code.strip())
    if isinstance(code, bool) or not isinstance(code, int) or not 0 < code < 2**31:
        raise UnitLookupError(
            _("Mã đơn vị hành chính phải là số nguyên dương."), field=field, code="invalid_code"
        )
    return code


def unit_by_code(code, era, level: str = Level.COMMUNE, *, field: str = "code") -> AdminUnit:
    """The unit of `era` and `level` with this official code.

    Raises UnitLookupError (a DomainError) with a message naming the code and era, and saying so
    when the code belongs to the other era only.
    """
    era = parse_era(era, field=field)
    level = parse_level(level, field=field)
    code = parse_code(code, field=field)
    units = AdminUnit.objects.select_related("parent", "province", "current_province")
    try:
        return units.get(era=era, level=level, code=code)
    except AdminUnit.DoesNotExist:
        pass
    other = AdminUnit.objects.filter(level=level, code=code).exclude(era=era).first()
    params = {"code": code, "era": era, "level": LEVEL_NAMES[level]}
    if other is not None:
        params.update(name=other.name, other=other.era)
        message = _(
            "Mã %(code)s không thuộc thời kỳ %(era)s: đó là %(name)s của thời kỳ %(other)s. "
            "Hãy dùng mã của thời kỳ %(era)s hoặc đổi thời kỳ."
        )
        raise UnitLookupError(message % params, field=field, code="wrong_era")
    raise UnitLookupError(
        _("Không có %(level)s mã %(code)s thời kỳ %(era)s.") % params,
        field=field,
        code="not_found",
    )


def children(unit: AdminUnit) -> QuerySet[AdminUnit]:
    """Units directly under `unit` (districts of a legacy province, communes otherwise)."""
    return AdminUnit.objects.filter(parent=unit).order_by("code")


def current_communes_for(legacy_commune: AdminUnit) -> QuerySet[AdminUnit]:
    """The 2025 communes a legacy commune became (several when it was split); itself if current."""
    return legacy_commune.current_communes().order_by("code")


def legacy_communes_for(current_commune: AdminUnit) -> QuerySet[AdminUnit]:
    """The legacy communes (in whole or in part) that make up a 2025 commune."""
    return (
        AdminUnit.objects.filter(era=Era.LEGACY, conversions_to__current_commune=current_commune)
        .distinct()
        .order_by("code")
    )


def unmapped_legacy_communes() -> QuerySet[AdminUnit]:
    """Legacy communes with no conversion row (neither official nor manual)."""
    return (
        AdminUnit.objects.legacy()
        .communes()
        .filter(conversions_to__isnull=True)
        .select_related("parent", "province")
        .order_by("code")
    )


def resolve_parent(code, era, *, parent_level: str | None = None) -> AdminUnit:
    """The parent named by `code` in `era` for a listing.

    Legacy provinces and districts share small codes (1 is Hà Nội and Quận Ba Đình): the parent is
    the province when one has this code, else the district, unless `parent_level` says which.
    """
    era = parse_era(era)
    code = parse_code(code, field="parent")
    if parent_level:
        candidates = [parse_level(parent_level, field="parent_level")]
    else:
        candidates = [Level.PROVINCE, Level.DISTRICT]
    for level in candidates:
        unit = AdminUnit.objects.filter(era=era, level=level, code=code).first()
        if unit is not None:
            return unit
    other = AdminUnit.objects.filter(code=code, level__in=candidates).exclude(era=era).first()
    if other is not None:
        raise UnitLookupError(
            _("Mã %(code)s không thuộc thời kỳ %(era)s: đó là %(name)s của thời kỳ %(other)s.")
            % {"code": code, "era": era, "name": other.name, "other": other.era},
            field="parent",
            code="wrong_era",
        )
    raise UnitLookupError(
        _("Không có đơn vị cấp trên mã %(code)s thời kỳ %(era)s.") % {"code": code, "era": era},
        field="parent",
        code="not_found",
    )


def search_units(
    q: str | None = None,
    *,
    era: str | None = None,
    parent: AdminUnit | None = None,
    level: str | None = None,
) -> QuerySet[AdminUnit]:
    """Units whose name contains every word of `q`, ignoring diacritics and case.

    With `parent` and no `level`: its direct children; with both: every unit of `level` under it
    (the communes of a legacy province, say). Units whose name contains `q` as a phrase come first.
    """
    units = AdminUnit.objects.select_related("parent", "province", "current_province")
    if era:
        units = units.filter(era=parse_era(era))
    if level:
        units = units.filter(level=parse_level(level))
    if parent is not None:
        if level:
            units = units.filter(Q(parent=parent) | Q(province=parent))
            units = units.exclude(pk=parent.pk)
        else:
            units = units.filter(parent=parent)
    units = filter_search(units, q)
    phrase = fold(q)
    if " " in phrase:
        # "hoi an" also matches "Hồi Xuân An…" word by word; whole-phrase matches come first.
        units = units.annotate(
            phrase_rank=Case(When(search_text__contains=phrase, then=0), default=1)
        )
        return units.order_by("phrase_rank", "era", "level", "code")
    return units.order_by("era", "level", "code")


def communes_by_code(code: int, era: str) -> QuerySet[AdminUnit]:
    """Communes named by `code` in `era`, for filtering records; a 2025 code also takes in the
    legacy communes that became (part of) it, where older records are kept."""
    if era == Era.LEGACY:
        return AdminUnit.objects.filter(level=Level.COMMUNE, era=Era.LEGACY, code=code)
    return AdminUnit.objects.filter(
        Q(level=Level.COMMUNE, era=Era.CURRENT, code=code)
        | Q(level=Level.COMMUNE, conversions_to__current_commune__code=code)
    )
