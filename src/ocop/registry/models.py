from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ocop.core.text import fold

from .validators import validate_registration_no


class ProducerKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp nhỏ và vừa")
    HOUSEHOLD_BUSINESS = "household_business", _("Hộ kinh doanh có đăng ký")
    FARM = "farm", _("Trang trại")
    ASSOCIATION = "association", _("Hiệp hội, đơn vị kinh doanh du lịch")


class ProducerStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hoạt động")
    SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
    CEASED = "ceased", _("Ngừng sản xuất")
    DISSOLVED = "dissolved", _("Đã giải thể")
    LICENCE_REVOKED = "licence_revoked", _("Bị thu hồi giấy phép")


class Producer(models.Model):
    """A producer (chủ thể OCOP) registered on an administrative unit of either era."""

    name = models.CharField(_("tên chủ thể"), max_length=255)
    kind = models.CharField(_("loại hình"), max_length=20, choices=ProducerKind.choices)
    registration_no = models.CharField(
        _("mã số đăng ký kinh doanh/mã số thuế"),
        max_length=20,
        unique=True,
        validators=[validate_registration_no],
        error_messages={"unique": _("Đã có chủ thể với mã số này.")},
    )
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=150)
    representative_is_woman = models.BooleanField(_("người đại diện là nữ"), default=False)
    representative_is_ethnic_minority = models.BooleanField(
        _("người đại diện là người dân tộc thiểu số"), default=False
    )
    representative_has_disability = models.BooleanField(
        _("người đại diện là người khuyết tật"), default=False
    )
    address = models.CharField(_("địa chỉ (số nhà, thôn, tổ)"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    workforce = models.PositiveIntegerField(_("số lao động"), null=True, blank=True)
    local_labour_share = models.DecimalField(
        _("tỷ lệ lao động địa phương (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=ProducerStatus.choices,
        default=ProducerStatus.ACTIVE,
        editable=False,
    )
    status_since = models.DateField(_("tình trạng từ ngày"), null=True, blank=True, editable=False)
    food_safety_cert_no = models.CharField(
        _("số giấy chứng nhận an toàn thực phẩm"), max_length=60, blank=True
    )
    food_safety_cert_expiry = models.DateField(_("giấy ATTP hết hạn ngày"), null=True, blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(local_labour_share__gte=0)
                & models.Q(local_labour_share__lte=100)
                | models.Q(local_labour_share__isnull=True),
                name="registry_local_labour_share_percent",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.registration_no} {self.legal_representative}")
        super().save(*args, **kwargs)


class ProducerStatusChange(models.Model):
    """The dated history of a producer's status."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(
        _("từ tình trạng"), max_length=20, choices=ProducerStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("sang tình trạng"), max_length=20, choices=ProducerStatus.choices
    )
    date = models.DateField(_("ngày hiệu lực"))
    reason = models.TextField(_("lý do"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tình trạng chủ thể")
        verbose_name_plural = _("lịch sử tình trạng chủ thể")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.producer}: {self.get_to_status_display()} ({self.date})"


class ProductSet(models.Model):
    """One of the 26 product sets of QĐ 26/2026 Phụ lục I, each scored on its own sheet.

    Names are the law's Vietnamese; the `*_en` columns carry the English shown to English readers.
    """

    rulebook = models.ForeignKey(
        "criteria.Rulebook",
        verbose_name=_("bộ tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="product_sets",
        help_text=_("Bộ tiêu chí có danh mục phân loại định nghĩa bộ sản phẩm này."),
    )
    number = models.PositiveSmallIntegerField(_("số bộ"))
    name = models.CharField(_("bộ sản phẩm"), max_length=255)
    name_en = models.CharField(_("bộ sản phẩm (tiếng Anh)"), max_length=255, blank=True)
    group_code = models.CharField(_("mã nhóm"), max_length=8)
    group_name = models.CharField(_("nhóm"), max_length=255)
    group_name_en = models.CharField(_("nhóm (tiếng Anh)"), max_length=255, blank=True)
    sector_code = models.CharField(_("mã ngành"), max_length=2)
    sector_name = models.CharField(_("ngành"), max_length=255)
    sector_name_en = models.CharField(_("ngành (tiếng Anh)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["rulebook", "number"], name="registry_set_per_rulebook")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"

    @property
    def label(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def group_label(self) -> str:
        return localized(self.group_name, self.group_name_en)

    @property
    def sector_label(self) -> str:
        return localized(self.sector_name, self.sector_name_en)


def localized(vietnamese: str, english: str) -> str:
    """The English text for English readers when there is one, else the Vietnamese."""
    language = get_language() or ""
    return english if english and language.startswith("en") else vietnamese


class Product(models.Model):
    """A product of a producer, identified by its legal code
    `(province code)-(commune code)-(sequence)-(year)` on units of the 2025 era."""

    producer = models.ForeignKey(
        Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("tên sản phẩm"), max_length=255)
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("mô tả"), blank=True)
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("nơi sản xuất (xã/phường)"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune"},
    )
    code = models.CharField(_("mã sản phẩm"), max_length=20, unique=True, editable=False)
    code_year = models.PositiveSmallIntegerField(editable=False)
    code_sequence = models.PositiveSmallIntegerField(editable=False)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)


def product_photo_path(instance, filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("ảnh"), upload_to=product_photo_path)
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
