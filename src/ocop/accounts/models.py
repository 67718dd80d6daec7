from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.geo.models import Era, Level


class User(AbstractUser):
    """A person who signs in. What they may see and do comes from their memberships."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    is_demo = models.BooleanField(
        _("tài khoản demo"),
        default=False,
        help_text=_("Tài khoản demo chỉ đăng nhập được khi bật DEBUG."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    AGENCY_OFFICER = "agency_officer", _("Cán bộ cơ quan OCOP tỉnh")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã/phường")
    DISTRICT_OFFICER = "district_officer", _("Cán bộ huyện (trước 2025)")
    COUNCIL_MEMBER = "council_member", _("Thành viên hội đồng")
    INSPECTOR = "inspector", _("Cán bộ kiểm tra (sở ngành)")
    PRODUCER = "producer", pgettext_lazy("role", "Chủ thể OCOP")
    MINISTRY_OFFICER = "ministry_officer", _("Cán bộ Bộ NN&MT")


class Department(models.TextChoices):
    AGRICULTURE_ENVIRONMENT = "agriculture_environment", _("Sở Nông nghiệp và Môi trường")
    INDUSTRY_TRADE = "industry_trade", _("Sở Công Thương")
    HEALTH = "health", _("Sở Y tế")
    SCIENCE_TECHNOLOGY = "science_technology", _("Sở Khoa học và Công nghệ")
    CULTURE_SPORTS_TOURISM = "culture_sports_tourism", _("Sở Văn hoá, Thể thao và Du lịch")
    FOOD_SAFETY = "food_safety", _("Cơ quan quản lý an toàn thực phẩm")


# What each role's scope is: the level and era of its unit, or another kind of scope.
ROLE_SCOPE = {
    Role.ADMIN: None,
    Role.MINISTRY_OFFICER: None,
    Role.AGENCY_OFFICER: (Level.PROVINCE, Era.CURRENT),
    Role.COMMUNE_OFFICER: (Level.COMMUNE, Era.CURRENT),
    Role.DISTRICT_OFFICER: (Level.DISTRICT, Era.LEGACY),
    # Until councils exist, a council member's scope is the province of the council.
    Role.COUNCIL_MEMBER: (Level.PROVINCE, Era.CURRENT),
    Role.INSPECTOR: (Level.PROVINCE, Era.CURRENT),
    Role.PRODUCER: "producer",
}


class Membership(models.Model):
    """A role held by a user within a scope: a unit, a department of a province, or a producer."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("đơn vị phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.CharField(
        _("sở, ngành"), max_length=30, choices=Department.choices, blank=True
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        scope = self.producer or self.unit
        label = self.get_role_display()
        if self.department:
            label = f"{label} — {self.get_department_display()}"
        return f"{label} ({scope})" if scope else str(label)

    def clean(self):
        expected = ROLE_SCOPE.get(self.role)
        errors = {}
        if expected is None:
            if self.unit_id or self.producer_id:
                errors["unit"] = _("Vai trò này có phạm vi toàn quốc, không gắn với đơn vị.")
        elif expected == "producer":
            if not self.producer_id:
                errors["producer"] = _("Tài khoản chủ thể phải gắn với một chủ thể OCOP.")
            if self.unit_id:
                errors["unit"] = _("Tài khoản chủ thể không gắn với đơn vị hành chính.")
        else:
            level, era = expected
            if self.unit_id is None:
                errors["unit"] = _("Vai trò này cần một đơn vị phụ trách.")
            elif self.unit.level != level or self.unit.era != era:
                errors["unit"] = _("Đơn vị phải là %(level)s thời kỳ %(era)s.") % {
                    "level": Level(level).label,
                    "era": Era(era).label,
                }
            if self.producer_id:
                errors["producer"] = _("Chỉ tài khoản chủ thể mới gắn với chủ thể OCOP.")
        if self.role == Role.INSPECTOR and not self.department:
            errors["department"] = _("Cán bộ kiểm tra phải thuộc một sở, ngành.")
        if self.role != Role.INSPECTOR and self.department:
            errors["department"] = _("Chỉ cán bộ kiểm tra mới gắn với sở, ngành.")
        if errors:
            raise ValidationError(errors)
