"""Recognition decisions and the certificates they create."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from . import numbering, status


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


class CertificateQuerySet(models.QuerySet):
    def with_status(self, on: datetime.date | None = None):
        """Annotate `status`: the status on `on` (today by default), see `status.py`."""
        return self.annotate(status=status.status_expression(on or status.today()))

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for certificate in objs:
            certificate.fill_number_parts()
        return super().bulk_create(objs, *args, **kwargs)

    def in_number_order(self):
        """In the order of their numbers, as numbers: by year, then sequence (`2/2026/…`
        before `10/2026/…`); numbers without a readable sequence last, by their text."""
        return self.order_by(*NUMBER_ORDER)

    def numbered(self, number: str):
        """The certificate numbered `number`, ignoring case (`60/2024/gcn-ocop-48`): UPPER on
        both sides, one lookup in the index of UPPER(number) (numbers are unique that way)."""
        return self.filter(Exact(Upper("number"), Upper(models.Value(number))))

    def current(self, on: datetime.date | None = None):
        """Issued by `on` and valid or extended on that day."""
        on = on or status.today()
        return self.with_status(on).filter(issued_on__lte=on, status__in=status.CURRENT)

    def in_rerank_window(self, on: datetime.date | None = None, *, ahead_days: int = 0):
        """Current certificates whose re-ranking window is open on `on` (or opens within
        `ahead_days`)."""
        on = on or status.today()
        return self.current(on).filter(status.window_q(on, ahead_days=ahead_days))


NUMBER_ORDER = (
    models.F("number_year").asc(nulls_last=True),
    models.F("number_sequence").asc(nulls_last=True),
    "number",
    "pk",
)


class CertificateManager(models.Manager.from_queryset(CertificateQuerySet)):
    """Every certificate read carries its status as of today."""

    def get_queryset(self):
        return super().get_queryset().with_status()


class Certificate(models.Model):
    """A certificate (giấy chứng nhận) of an OCOP product, valid 36 months from the decision.

    Its `status` is not stored: querysets annotate it for a date (today unless asked otherwise)."""

    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    # The year and sequence in the number, so that numbers sort as numbers (numbering.py).
    number_year = models.PositiveSmallIntegerField(
        _("năm của số giấy chứng nhận"), null=True, blank=True, editable=False
    )
    number_sequence = models.PositiveIntegerField(
        _("số thứ tự trong năm"), null=True, blank=True, editable=False
    )
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
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    superseded_on = models.DateField(_("bị thay thế từ ngày"), null=True, blank=True)
    revoked_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    revocation_ground = models.CharField(_("căn cứ thu hồi"), max_length=2, blank=True)
    # Product and producer as printed on the certificate, kept if the registry changes later.
    product_name = models.CharField(_("tên sản phẩm"), max_length=255)
    producer_name = models.CharField(_("tên chủ thể"), max_length=255)
    producer_address = models.CharField(_("địa chỉ chủ thể"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateManager()

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
            # Numbers are read back ignoring case (the public verification), so no two may
            # differ only by case; this index also serves that lookup.
            models.UniqueConstraint(Upper("number"), name="certification_number_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.fill_number_parts()
        super().save(*args, **kwargs)

    def fill_number_parts(self) -> None:
        """Read the year and sequence from the number where they are not set (the issuing
        action sets them from its counter)."""
        if self.number_sequence is None:
            year = self.issued_on.year if self.issued_on else None
            self.number_year, self.number_sequence = numbering.number_parts(self.number, year=year)

    @property
    def status(self) -> str:
        """The status today: the queryset's annotation, or read from the database."""
        try:
            return self._status
        except AttributeError:
            self._status = (
                Certificate.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            return self._status

    @status.setter
    def status(self, value: str) -> None:
        self._status = value

    def refresh_from_db(self, *args, **kwargs) -> None:
        self.__dict__.pop("_status", None)
        super().refresh_from_db(*args, **kwargs)

    def get_status_display(self) -> str:
        return CertificateStatus(self.status).label if self.status else ""

    def status_on(self, on: datetime.date) -> str:
        return (
            Certificate.objects.with_status(on)
            .filter(pk=self.pk)
            .values_list("status", flat=True)
            .get()
        )

    def rerank_rule(self) -> "status.RerankingRule | None":
        return status.rule_for(self.rulebook_id)

    def rerank_window(self) -> tuple[datetime.date, datetime.date] | None:
        rule = self.rerank_rule()
        return status.window(self.valid_until, rule) if rule else None


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


class ReminderLog(models.Model):
    """A re-ranking reminder sent for a certificate: written before the reminder goes out, in
    the same transaction, so each reminder is sent once however often (or however many times at
    once) the reminder job runs."""

    class Kind(models.TextChoices):
        WINDOW_OPEN = "window_open", _("Mở thời hạn nộp hồ sơ phân hạng lại")
        CLOSING_SOON = "closing_soon", _("Sắp hết thời hạn nộp hồ sơ phân hạng lại")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("giấy chứng nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("loại nhắc nhở"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("ngày gửi"))
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc nhở phân hạng lại")
        verbose_name_plural = _("nhắc nhở phân hạng lại")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind"], name="certification_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} · {self.get_kind_display()} · {self.sent_on:%d/%m/%Y}"
