import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.core.text import fold


class Era(models.TextChoices):
    """Codes are reused across the 2025 reform: a code is only meaningful with its era."""

    CURRENT = "2025", _("Từ 01/7/2025 (hai cấp)")
    LEGACY = "legacy", _("Trước 01/7/2025 (ba cấp)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Huyện/quận")
    COMMUNE = "commune", _("Xã/phường")


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era=Era.CURRENT)

    def legacy(self):
        return self.filter(era=Era.LEGACY)

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def provinces(self):
        return self.filter(level=Level.PROVINCE)

    def valid_on(self, day: datetime.date):
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class AdminUnit(models.Model):
    """An official administrative unit of one era (GSO code), with the dates it existed."""

    era = models.CharField(_("thời kỳ"), max_length=8, choices=Era.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    code = models.PositiveIntegerField(_("mã"))
    name = models.CharField(_("tên"), max_length=120)
    unit_type = models.CharField(_("loại"), max_length=40, blank=True)
    codename = models.CharField(max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh của cùng thời kỳ (chính nó nếu là tỉnh)."),
    )
    current_province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh hiện nay"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh/thành phố từ 2025 chịu trách nhiệm về đơn vị này."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    search_text = models.CharField(max_length=200, editable=False, db_index=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["era", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["era", "level", "code"], name="geo_unit_era_level_code"
            ),
            models.CheckConstraint(
                condition=~models.Q(era="2025", level="district"),
                name="geo_no_district_after_2025",
            ),
        ]
        indexes = [models.Index(fields=["era", "level", "parent"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)
        if self.level == Level.PROVINCE:
            own = {"province_id": self.pk}
            if self.era == Era.CURRENT:
                own["current_province_id"] = self.pk
            if any(getattr(self, name) != value for name, value in own.items()):
                AdminUnit.objects.filter(pk=self.pk).update(**own)
                for name, value in own.items():
                    setattr(self, name, value)

    @property
    def is_current(self) -> bool:
        return self.era == Era.CURRENT

    @property
    def label(self) -> str:
        """Name with its parents and era, for pickers: "Xã Quế Sơn, Tỉnh Quảng Nam (trước 2025)"."""
        names = [self.name]
        if self.parent_id:
            names.append(self.parent.name)
            if self.parent.parent_id:
                names.append(self.parent.parent.name)
        suffix = "" if self.is_current else f" ({_('trước 2025')})"
        return ", ".join(names) + suffix

    def ref(self) -> dict:
        """The API's way of naming a unit: code and era."""
        return {"code": self.code, "era": self.era}

    def current_communes(self):
        """Communes of 2025 that a legacy commune became (itself for a current commune)."""
        if self.is_current:
            return AdminUnit.objects.filter(pk=self.pk)
        return AdminUnit.objects.filter(conversions_from__legacy_commune=self).distinct()


class ConversionSource(models.TextChoices):
    GSO = "gso", _("Bảng chuyển đổi chính thức")
    MANUAL = "manual", _("Ánh xạ bổ sung thủ công")


class UnitConversion(models.Model):
    """One row of the 2025 conversion: a legacy commune (all or part of it) → a current commune."""

    legacy_commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã/phường cũ"),
        on_delete=models.CASCADE,
        related_name="conversions_to",
        limit_choices_to={"era": Era.LEGACY, "level": Level.COMMUNE},
    )
    current_commune = models.ForeignKey(
        AdminUnit,
        verbose_name=_("xã/phường mới"),
        on_delete=models.CASCADE,
        related_name="conversions_from",
        limit_choices_to={"era": Era.CURRENT, "level": Level.COMMUNE},
    )
    partly_merged = models.BooleanField(_("chỉ một phần sáp nhập"), default=False)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=ConversionSource.choices, default=ConversionSource.GSO
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chuyển đổi đơn vị 2025")
        verbose_name_plural = _("chuyển đổi đơn vị 2025")
        constraints = [
            models.UniqueConstraint(
                fields=["legacy_commune", "current_commune"], name="geo_conversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.legacy_commune} → {self.current_commune}"
