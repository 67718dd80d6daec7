"""Recognition decisions and the certificates they create."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """A recognition decision (quyết định công nhận): drafted from approved results, then issued,
    which creates one certificate per listed product."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    class Level(models.TextChoices):
        PROVINCE = "province", _("UBND cấp tỉnh")
        CENTRAL = "central", _("Bộ Nông nghiệp và Môi trường")

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, default=Level.PROVINCE)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("số quyết định"), max_length=60)
    date = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    dossiers = models.ManyToManyField(
        "evaluation.Dossier", through="DecisionItem", related_name="decisions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "province", "number"], name="certification_decision_number"
            )
        ]

    def __str__(self) -> str:
        return _("Quyết định số %(number)s") % {"number": self.number}


class DecisionItem(models.Model):
    """One product listed in a decision's annex, with the stars it is recognised at."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    dossier = models.ForeignKey(
        "evaluation.Dossier", on_delete=models.PROTECT, related_name="decision_items"
    )
    stars = models.PositiveSmallIntegerField(_("số sao"))
    position = models.PositiveSmallIntegerField(_("số thứ tự"), default=0)

    class Meta:
        verbose_name = _("sản phẩm trong quyết định")
        verbose_name_plural = _("sản phẩm trong quyết định")
        ordering = ["decision", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "dossier"], name="certification_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.decision} #{self.position}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    EXTENDED = "extended", _("Gia hạn chờ phân hạng lại")
    EXPIRED = "expired", _("Hết hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã được thay thế")


class Certificate(models.Model):
    """A certificate (giấy chứng nhận) of an OCOP product, valid 36 months from the decision."""

    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    dossier = models.OneToOneField(
        "evaluation.Dossier",
        verbose_name=_("hồ sơ"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("sản phẩm"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rulebook = models.ForeignKey(
        "criteria.Rulebook", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT
    )
    stars = models.PositiveSmallIntegerField(_("số sao"))
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=4, null=True)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có hiệu lực đến hết ngày"))
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_ground = models.CharField(_("căn cứ thu hồi"), max_length=2, blank=True)
    # Product and producer as printed on the certificate, kept if the registry changes later.
    product_name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer_name = models.CharField(_("tên chủ thể"), max_length=255)
    producer_address = models.CharField(_("địa chỉ chủ thể"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1) & models.Q(stars__lte=5),
                name="certification_stars_range",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("issued_on")),
                name="certification_validity",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class NumberCounter(models.Model):
    """The last certificate sequence used by an issuer in a year (row-locked when issuing)."""

    issuer = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="certification_counter")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last}"
