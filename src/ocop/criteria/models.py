"""Rulebooks (versions of the law) and their score sheets, loaded from the data files by
`load_rulebooks`; nothing here is edited by hand."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .rules_data import RulebookRules


class Rulebook(models.Model):
    """One version of the law (bộ tiêu chí), with every legal number of it in `data` (the
    rulebook's `rulebook.json`: part caps, star bands, deadlines, rounds, process profile)."""

    slug = models.SlugField(_("mã"), max_length=32, unique=True)
    title = models.CharField(_("tên văn bản"), max_length=500)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    data = models.JSONField(_("dữ liệu"))
    sheets_from = models.ForeignKey(
        "self",
        verbose_name=_("dùng phiếu đánh giá của"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bộ tiêu chí gần nhất về sau có phiếu đánh giá, khi bộ này không có phiếu."),
    )

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return self.data.get("short_title") or self.slug

    @property
    def rules(self) -> RulebookRules:
        """The rulebook's legal numbers, typed (built once per `data` object)."""
        cached = self.__dict__.get("_rules")
        if cached is None or cached[0] is not self.data:
            cached = (self.data, RulebookRules.from_data(self.slug, self.data))
            self.__dict__["_rules"] = cached
        return cached[1]

    @property
    def sheet_rulebook(self) -> "Rulebook":
        """The rulebook whose score sheets this one uses (itself when it has its own)."""
        return self.sheets_from or self


class ScoreSheet(models.Model):
    """The score sheet (phiếu đánh giá) of one product set under one rulebook, in the
    interchange format (parts → groups → criteria → options, `disqualified_when`)."""

    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="sheets"
    )
    set_no = models.PositiveSmallIntegerField(_("số bộ sản phẩm"))
    set_name = models.CharField(_("bộ sản phẩm"), max_length=255)
    sector_code = models.CharField(_("mã ngành"), max_length=2)
    sector_name = models.CharField(_("ngành"), max_length=255)
    group_code = models.CharField(_("mã nhóm"), max_length=8)
    group_name = models.CharField(_("nhóm"), max_length=255)
    data = models.JSONField(_("phiếu đánh giá"))

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["rulebook__effective_from", "set_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["rulebook", "set_no"], name="criteria_sheet_unique_set_per_rulebook"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rulebook.slug} #{self.set_no}. {self.set_name}"
