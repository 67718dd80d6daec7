"""Revocation cases (26/2026 Art. 8): a competent finding about one or more certificates of a
producer, decided within the rulebook's time limit by the province (3–4★) or the Ministry (5★).

The certificates' status is not stored here: deciding a case sets `revoked_on` on them and their
status becomes `revoked` from that day (certification/status.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.core import models as core_models
from ocop.core.models import EvidenceFile


class Ground(models.TextChoices):
    """The points of Art. 8.1 by their letter; the legal text comes from the rulebook's
    `revocation_grounds` (see `grounds.py`)."""

    A = "a", "a"
    B = "b", "b"
    C = "c", "c"
    D = "d", "d"
    DD = "dd", "đ"
    E = "e", "e"


class Source(models.TextChoices):
    INSPECTION_FINDING = "inspection_finding", _("Kết luận kiểm tra, giám sát")
    COMMUNE_CONFIRMATION = "commune_confirmation", _("Xác nhận của UBND cấp xã")
    PRODUCER_STATUS_CHANGE = "producer_status_change", _("Thay đổi tình trạng của chủ thể")
    MINISTRY_REQUEST = "ministry_request", _("Đề nghị của Bộ Nông nghiệp và Môi trường")


class Level(models.TextChoices):
    """Who decides: the province for 3–4★ certificates, the Ministry for 5★."""

    PROVINCE = "province", _("UBND cấp tỉnh")
    CENTRAL = "central", _("Bộ Nông nghiệp và Môi trường")


class State(models.TextChoices):
    OPEN = "open", _("Đang xử lý")
    REVOKED = "revoked", _("Đã thu hồi")
    DISMISSED = "dismissed", _("Không thu hồi")


class RevocationCaseQuerySet(models.QuerySet):
    def with_overdue(self, today: datetime.date | None = None):
        """Annotate `overdue`: still open after its due day."""
        today = today or timezone.localdate()
        return self.annotate(
            overdue=Case(
                When(Q(state=State.OPEN, due_on__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(state=State.OPEN, due_on__lt=today)


class RevocationCase(models.Model):
    """A proposal to revoke certificates of one producer, and its outcome."""

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh/thành phố hiện nay quản lý các giấy chứng nhận."),
    )
    level = models.CharField(_("cấp quyết định"), max_length=10, choices=Level.choices)
    certificates = models.ManyToManyField(
        "certification.Certificate",
        verbose_name=_("giấy chứng nhận"),
        related_name="revocation_cases",
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="revocation_cases",
    )
    ground = models.CharField(_("căn cứ thu hồi"), max_length=2, choices=Ground.choices)
    source = models.CharField(_("nguồn phát hiện"), max_length=30, choices=Source.choices)
    description = models.TextField(_("nội dung"), blank=True)
    finding_date = models.DateField(
        _("ngày phát hiện"),
        help_text=_("Ngày có kết luận của cơ quan có thẩm quyền hoặc xác nhận của UBND cấp xã."),
    )
    due_on = models.DateField(_("hạn xử lý"))
    rulebook = models.ForeignKey(
        "criteria.Rulebook",
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Văn bản quy định căn cứ và thời hạn thu hồi áp dụng cho hồ sơ này."),
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    decision_no = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    dismissal_reason = models.TextField(_("lý do không thu hồi"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RevocationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ thu hồi")
        verbose_name_plural = _("hồ sơ thu hồi")
        ordering = ["-finding_date", "-pk"]
        indexes = [models.Index(fields=["province", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="revoked") | Q(decision_date__isnull=False),
                name="revocations_revoked_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return _("Hồ sơ thu hồi số %(id)s") % {"id": self.pk}

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.state == State.OPEN and (today or timezone.localdate()) > self.due_on

    def days_left(self, today: datetime.date | None = None) -> int:
        """Days until the due day (negative once overdue)."""
        return (self.due_on - (today or timezone.localdate())).days

    @property
    def ground_letter(self) -> str:
        return Ground(self.ground).label if self.ground in Ground.values else self.ground

    @property
    def ground_text(self) -> str:
        """The legal text of the ground, from the case's rulebook."""
        from .grounds import ground_label

        return ground_label(self.rulebook, self.ground)


# Named by migration 0001; evidence files are stored by EvidenceFile.upload_folder.
evidence_path = core_models.evidence_path


class RevocationEvidence(EvidenceFile):
    """A document of a case: the inspection conclusion, the commune's confirmation, the
    Ministry's letter… PDF, JPEG or PNG, checked by content."""

    case = models.ForeignKey(
        RevocationCase,
        verbose_name=_("hồ sơ thu hồi"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    fallback_name = "tai-lieu"

    class Meta:
        verbose_name = _("tài liệu hồ sơ thu hồi")
        verbose_name_plural = _("tài liệu hồ sơ thu hồi")
        ordering = ["case", "pk"]

    def upload_folder(self) -> str:
        return f"revocations/{self.case_id}"
