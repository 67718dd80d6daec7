"""Post-recognition inspections (26/2026 Art. 9): a department's plan for a period, the
producers and products it targets, the visits recorded with their checklist, and the findings,
a severe one being referred to the OCOP agency as a revocation case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Department
from ocop.core import models as core_models
from ocop.core.models import EvidenceFile


class InspectionKind(models.TextChoices):
    PERIODIC = "periodic", _("Kiểm tra định kỳ")
    UNANNOUNCED = "unannounced", _("Kiểm tra đột xuất")


class Severity(models.TextChoices):
    MINOR = "minor", _("Nhẹ (nhắc nhở)")
    MAJOR = "major", _("Đáng kể (yêu cầu khắc phục)")
    SEVERE = "severe", _("Nghiêm trọng (đề nghị thu hồi)")


class Ground(models.TextChoices):
    """Revocation grounds of 26/2026 Art. 8.1 (the API's values a, b, c, d, dd, e)."""

    A = "a", _("a) Hồ sơ không trung thực, giả mạo")
    B = "b", _("b) Không còn đáp ứng tiêu chí theo kết luận kiểm tra")
    C = "c", _("c) Vi phạm pháp luật về chất lượng, ATTP, môi trường, SHTT, nhãn")
    D = "d", _("d) Sử dụng nhãn hiệu OCOP không đúng quy định")
    DD = "dd", _("đ) Không còn sản xuất sản phẩm OCOP")
    E = "e", _("e) Trường hợp khác theo kết luận của cơ quan có thẩm quyền")


class InspectionPlan(models.Model):
    """An inspection plan (kế hoạch kiểm tra, giám sát) of one department in one province for a
    period: periodic or unannounced."""

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province", "era": "2025"},
    )
    department = models.CharField(_("sở, ngành"), max_length=30, choices=Department.choices)
    title = models.CharField(_("tên kế hoạch"), max_length=255)
    kind = models.CharField(_("hình thức"), max_length=12, choices=InspectionKind.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung, yêu cầu"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="inspections_plan_period",
            )
        ]
        indexes = [models.Index(fields=["province", "department"])]

    def __str__(self) -> str:
        return self.title


class InspectionTarget(models.Model):
    """A producer (all its products, or one of them) the plan sets out to inspect."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="targets")
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="inspection_targets",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_targets",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đối tượng kiểm tra")
        verbose_name_plural = _("đối tượng kiểm tra")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return str(self.product or self.producer)


class Visit(models.Model):
    """A visit (đợt kiểm tra tại cơ sở) of a target: who went, the checklist, the conclusion."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="visits")
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="inspection_visits",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("sản phẩm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_visits",
    )
    date = models.DateField(_("ngày kiểm tra"))
    inspectors = models.TextField(_("thành phần đoàn kiểm tra"))
    checklist = models.JSONField(_("nội dung kiểm tra"), default=dict, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần kiểm tra")
        verbose_name_plural = _("lần kiểm tra")
        ordering = ["plan", "date", "pk"]

    def __str__(self) -> str:
        return _("Kiểm tra %(target)s ngày %(date)s") % {
            "target": self.product or self.producer,
            "date": self.date.strftime("%d/%m/%Y") if self.date else "",
        }


class Finding(models.Model):
    """What a visit found: its severity, the revocation ground it suggests, the certificates it
    concerns. A severe finding is referred to the OCOP agency, which opens a revocation case."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("nội dung phát hiện"))
    severity = models.CharField(_("mức độ"), max_length=8, choices=Severity.choices)
    ground = models.CharField(
        _("căn cứ thu hồi đề xuất"), max_length=2, choices=Ground.choices, blank=True
    )
    certificates = models.ManyToManyField(
        "certification.Certificate",
        verbose_name=_("giấy chứng nhận liên quan"),
        blank=True,
        related_name="inspection_findings",
    )
    referred_on = models.DateField(_("ngày chuyển cơ quan OCOP"), null=True, blank=True)
    revocation_case = models.ForeignKey(
        "revocations.RevocationCase",
        verbose_name=_("hồ sơ thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_findings",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chuyển"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phát hiện kiểm tra")
        verbose_name_plural = _("phát hiện kiểm tra")
        ordering = ["visit", "pk"]

    def __str__(self) -> str:
        return _("Phát hiện %(id)s (%(severity)s)") % {
            "id": self.pk,
            "severity": self.get_severity_display(),
        }

    @property
    def is_severe(self) -> bool:
        return self.severity == Severity.SEVERE


# Named by migration 0001; evidence files are stored by EvidenceFile.upload_folder.
finding_evidence_path = core_models.evidence_path


class FindingEvidence(EvidenceFile):
    """A file backing a finding (photo, minutes, test report): PDF, JPEG or PNG, checked by
    content like a dossier's evidence."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = _("tài liệu phát hiện kiểm tra")
        verbose_name_plural = _("tài liệu phát hiện kiểm tra")
        ordering = ["finding", "pk"]

    def upload_folder(self) -> str:
        return f"inspections/findings/{self.finding_id}"
