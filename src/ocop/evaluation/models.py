"""The evaluation procedure: rounds, dossiers, their transitions, councils and members' sheets.

Only `domain.py` changes these records; the transition table of a dossier is in `workflow.py`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core import models as core_models
from ocop.core.models import EvidenceFile


def validate_number_format(value: str) -> None:
    from .settings_domain import validate_number_format as validate

    validate(value)


class Level(models.TextChoices):
    """The level of government at which a step of the procedure happens."""

    COMMUNE = "commune", _("Cấp xã")
    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class ProvinceSettings(models.Model):
    """A province's local rules: the certificate number format and the council's maximum spread."""

    province = models.OneToOneField(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="ocop_settings",
        limit_choices_to={"level": "province", "era": "2025"},
    )
    certificate_number_format = models.CharField(
        _("mẫu số giấy chứng nhận"),
        max_length=60,
        default="{seq}/{year}/GCN-OCOP-{province}",
        validators=[validate_number_format],
        help_text=_(
            "Các chỗ thay thế: {seq} số thứ tự trong năm, {year} năm, {province} mã tỉnh. "
            "Số giấy chứng nhận là duy nhất trong cả hệ thống."
        ),
    )
    max_spread = models.DecimalField(
        _("chênh lệch tối đa giữa các thành viên (điểm)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Để trống nếu tỉnh không quy định; vượt mức này hội đồng phải chấm lại."),
    )

    class Meta:
        verbose_name = _("thiết lập của tỉnh")
        verbose_name_plural = _("thiết lập của tỉnh")

    def __str__(self) -> str:
        return str(self.province)


class Round(models.Model):
    """An evaluation round (đợt đánh giá) of a province, or of the central level, in one year."""

    level = models.CharField(
        _("cấp"),
        max_length=10,
        choices=[(Level.PROVINCE, Level.PROVINCE.label), (Level.CENTRAL, Level.CENTRAL.label)],
        default=Level.PROVINCE,
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ocop_rounds",
    )
    rulebook = models.ForeignKey(
        "criteria.Rulebook", verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt số"))
    is_extra = models.BooleanField(_("đợt bổ sung"), default=False)
    proposals_before = models.DateField(
        _("nhận đề nghị trước ngày"),
        help_text=_("Đề nghị gửi từ ngày này trở đi chuyển sang đợt sau."),
    )
    decide_before = models.DateField(_("hoàn thành trước ngày"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "province", "year", "number"], name="evaluation_round_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(proposals_before__lte=models.F("decide_before")),
                name="evaluation_round_dates",
            ),
        ]

    def __str__(self) -> str:
        label = _("Đợt %(number)s/%(year)s") % {"number": self.number, "year": self.year}
        if self.is_extra:
            label = f"{label} ({_('bổ sung')})"
        return str(label)


class DossierKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    RERANK = "rerank", _("Phân hạng lại")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSESSED = "assessed", _("Xã đã đánh giá (Mẫu 03)")
    INSPECTED = "inspected", _("Huyện đã kiểm tra thực tế")
    DISTRICT_SCORED = "district_scored", _("Hội đồng huyện đã chấm")
    RETURNED = "returned", _("Trả lại để bổ sung")
    DISQUALIFIED = "disqualified", _("Hồ sơ bị loại")
    WITHDRAWN = "withdrawn", _("Chủ thể rút hồ sơ")
    PROPOSED = "proposed", _("Đã đề nghị cấp tỉnh")
    ADVISORY_REVIEW = "advisory_review", _("Tổ tư vấn thẩm định")
    COUNCIL_SCORING = "council_scoring", _("Hội đồng đang chấm")
    SCORED = "scored", _("Hội đồng đã chấm")
    APPROVED = "approved", _("Kết quả đã phê duyệt")
    SENT_TO_MINISTRY = "sent_to_ministry", _("Đã gửi Bộ (tiềm năng 5 sao)")
    RECOGNISED = "recognised", _("Đã công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không đạt")


class PreparedBy(models.TextChoices):
    SELF = "self", _("Chủ thể tự xây dựng")
    CONSULTANT = "consultant", _("Đơn vị tư vấn")


# Named by migration 0001; evidence files are stored by EvidenceFile.upload_folder.
evidence_path = core_models.evidence_path


class Dossier(models.Model):
    """A product's dossier (hồ sơ) for one evaluation: registration (Mẫu 01), the producer's
    self-assessment (Mẫu 02) and everything the commune, district, province and Ministry add."""

    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("sản phẩm"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # Copied from the product when the dossier is created: scope does not move with later edits.
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("chủ thể"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    commune = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh/thành phố hiện nay phụ trách hồ sơ."),
    )
    kind = models.CharField(_("loại hồ sơ"), max_length=10, choices=DossierKind.choices)
    state = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=DossierState.choices,
        default=DossierState.DRAFT,
        db_index=True,
    )
    rulebook = models.ForeignKey(
        "criteria.Rulebook",
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bộ tiêu chí có hiệu lực vào ngày chủ thể nộp hồ sơ."),
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    previous_certificate = models.ForeignKey(
        "certification.Certificate",
        verbose_name=_("giấy chứng nhận hiện có"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Mẫu 01: registration.
    registration = models.JSONField(_("phiếu đăng ký (Mẫu 01)"), default=dict, blank=True)
    # Mẫu 02: the producer's own answers per criterion.
    self_assessment = models.JSONField(_("tự đánh giá (Mẫu 02)"), default=dict, blank=True)
    prepared_by = models.CharField(
        _("người xây dựng hồ sơ"),
        max_length=12,
        choices=PreparedBy.choices,
        default=PreparedBy.SELF,
    )
    consultant_name = models.CharField(_("tên đơn vị/người tư vấn"), max_length=255, blank=True)
    consultant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người tư vấn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    samples_delivered = models.PositiveSmallIntegerField(_("số mẫu sản phẩm đã nộp"), default=0)
    samples_delivered_on = models.DateField(_("ngày nộp mẫu"), null=True, blank=True)
    # The samples the commune (the district under 1048/148) confirms it received (Art. 6.2.d).
    samples_confirmed = models.PositiveSmallIntegerField(
        _("số mẫu sản phẩm đã xác nhận nhận"), null=True, blank=True
    )
    samples_confirmed_on = models.DateField(_("ngày nhận mẫu"), null=True, blank=True)
    samples_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận nhận mẫu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Mẫu 03: the commune's assessment (origin, local labour, idea, identity).
    commune_assessment = models.JSONField(_("đánh giá của xã (Mẫu 03)"), default=dict, blank=True)
    advisory_review = models.JSONField(_("thẩm định của tổ tư vấn"), default=dict, blank=True)
    submitted_on = models.DateField(
        _("ngày nộp"),
        null=True,
        blank=True,
        help_text=_("Ngày nộp lần đầu: quyết định bộ tiêu chí áp dụng."),
    )
    filed_on = models.DateField(
        _("ngày nộp gần nhất"),
        null=True,
        blank=True,
        help_text=_("Thời hạn của xã tính từ lần nộp này (hồ sơ bị trả lại được nộp lại)."),
    )
    proposed_on = models.DateField(_("ngày đề nghị cấp tỉnh"), null=True, blank=True)
    closed_on = models.DateField(
        _("ngày kết thúc"),
        null=True,
        blank=True,
        help_text=_("Ngày hồ sơ đến trạng thái cuối (công nhận, không công nhận, rút, loại)."),
    )
    reason = models.TextField(_("lý do trả lại/loại"), blank=True)
    # The final result: stars recognised (or the result the council reached).
    stars = models.PositiveSmallIntegerField(_("số sao"), null=True, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=7, decimal_places=4, null=True, blank=True)
    ministry_decision_no = models.CharField(_("số quyết định của Bộ"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["province", "state"])]

    def __str__(self) -> str:
        return _("Hồ sơ %(id)s — %(product)s") % {"id": self.pk, "product": self.product}


class Evidence(EvidenceFile):
    """A file attached to a dossier: evidence for a criterion of the self-assessment, a field
    inspection photo, an advisory report. PDF, JPEG or PNG, checked by content."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Minh chứng")
        FIELD_PHOTO = "field_photo", _("Ảnh kiểm tra thực tế")
        ADVISORY = "advisory", _("Tài liệu thẩm định")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.EVIDENCE)
    criterion = models.CharField(_("tiêu chí"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["criterion", "pk"]

    def upload_folder(self) -> str:
        return f"dossiers/{self.dossier_id}"


class FieldInspection(models.Model):
    """The district's field inspection minutes (biên bản kiểm tra thực tế), QĐ 1048/2019."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, related_name="field_inspection"
    )
    date = models.DateField(_("ngày kiểm tra"))
    people = models.TextField(_("thành phần tham gia"))
    findings = models.TextField(_("kết quả kiểm tra"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biên bản kiểm tra thực tế")
        verbose_name_plural = _("biên bản kiểm tra thực tế")

    def __str__(self) -> str:
        return str(_("Biên bản kiểm tra ngày %(date)s") % {"date": self.date})


class Transition(models.Model):
    """One step of a dossier's history: its timeline."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(_("thao tác"), max_length=30)
    from_state = models.CharField(_("từ"), max_length=20, choices=DossierState.choices)
    to_state = models.CharField(_("sang"), max_length=20, choices=DossierState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"))
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.from_state} → {self.to_state}"


class Council(models.Model):
    """An evaluation council (hội đồng) of a district (legacy), a province round, or the
    central level, with its advisory team among its members."""

    class Mode(models.TextChoices):
        MEETING = "meeting", _("Họp chấm điểm")
        WRITTEN = "written", _("Lấy ý kiến bằng văn bản")

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    name = models.CharField(_("tên hội đồng"), max_length=255)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("huyện (trước 2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    mode = models.CharField(
        _("hình thức"), max_length=10, choices=Mode.choices, default=Mode.MEETING
    )
    established_by = models.CharField(_("quyết định thành lập"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", pgettext_lazy("council", "Thành viên")
    SECRETARY = "secretary", _("Thư ký")
    ADVISOR = "advisor", _("Tổ tư vấn")


# Who scores: the secretary and the advisory team do not.
SCORING_ROLES = {CouncilRole.CHAIR, CouncilRole.MEMBER}


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="council_seats",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=CouncilRole.choices)
    department = models.CharField(_("cơ quan"), max_length=30, blank=True)
    organisation = models.CharField(
        _("đơn vị công tác"),
        max_length=255,
        blank=True,
        help_text=_("Dùng để tự động loại trừ khi trùng với chủ thể hoặc đơn vị tư vấn."),
    )

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="evaluation_one_seat"),
            models.UniqueConstraint(
                fields=["council"],
                condition=models.Q(role="chair"),
                name="evaluation_one_chair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ConflictDeclaration(models.Model):
    """A member's declaration of a conflict of interest on one dossier: they cannot score it."""

    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="conflicts")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.TextField(_("lý do"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [
            models.UniqueConstraint(fields=["member", "dossier"], name="evaluation_one_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.member} / {self.dossier_id}"


class SheetState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")


class MemberSheet(models.Model):
    """One council member's score sheet for a dossier at one level: a draft until submitted,
    then locked (the chair may reopen it with a reason)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="member_sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    answers = models.JSONField(_("điểm từng tiêu chí"), default=dict)
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=4, null=True)
    stars = models.PositiveSmallIntegerField(_("số sao"), null=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "member", "level"], name="evaluation_one_sheet_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} / {self.member}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def state(self) -> str:
        return SheetState.SUBMITTED if self.is_submitted else SheetState.DRAFT


class LevelResult(models.Model):
    """The result a level reached for a dossier: a council's aggregation, or the Ministry's
    outcome recorded by hand."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="results")
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    sheet_rulebook = models.ForeignKey(
        "criteria.Rulebook",
        verbose_name=_("phiếu đánh giá của bộ tiêu chí"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    total = models.DecimalField(_("điểm"), max_digits=7, decimal_places=4)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    band_stars = models.PositiveSmallIntegerField(_("hạng theo điểm"), null=True)
    explanation = models.TextField(_("giải thích"), blank=True)
    detail = models.JSONField(_("chi tiết"), default=dict, blank=True)
    decision_no = models.CharField(_("số quyết định"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "level"], name="evaluation_one_result")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.level}: {self.total}"
