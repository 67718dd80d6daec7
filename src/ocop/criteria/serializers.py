"""Read-only serializers of rulebooks and score sheets (the interchange format of
`domain/sheet-format-example-set01.json`). Keys a sheet may leave out (`case`, `notes`,
`law_repeats_points`) are optional: absent in the data, absent in the answer. `notes` are the
law's own; the transcribers' `maintainer_notes` never reach the database (see `loader`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ocop.api import fields

from .models import Rulebook, ScoreSheet

NOTES = {
    "required": False,
    "help_text": _("Ghi chú của chính văn bản (“Ghi chú”, “Chú ý”, “Yêu cầu”…)."),
}


class RulebookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rulebook
        fields = ["slug", "title", "effective_from", "effective_until"]
        extra_kwargs = {
            "slug": {"help_text": _("Mã bộ tiêu chí, ví dụ `qd-26-2026`.")},
            "effective_until": {"help_text": _("Ngày cuối còn hiệu lực; null: đang hiệu lực.")},
        }


class SheetSummarySerializer(serializers.ModelSerializer):
    set = serializers.CharField(source="set_name", help_text=_("Tên bộ sản phẩm (Phụ lục I)."))
    sector = serializers.CharField(source="sector_code", help_text=_("Mã ngành (1–6)."))
    sector_name = serializers.CharField(help_text=_("Tên ngành."))
    group = serializers.CharField(source="group_code", help_text=_("Mã nhóm, ví dụ `1.1`."))
    group_name = serializers.CharField(help_text=_("Tên nhóm."))
    sheet_rulebook = serializers.SlugRelatedField(
        source="rulebook",
        slug_field="slug",
        read_only=True,
        help_text=_(
            "Bộ tiêu chí có phiếu đánh giá này; khác bộ được hỏi khi bộ đó không có phiếu "
            "riêng và dùng phiếu của bộ tiêu chí gần nhất về sau."
        ),
    )

    class Meta:
        model = ScoreSheet
        fields = ["set_no", "set", "sector", "sector_name", "group", "group_name", "sheet_rulebook"]


class OptionSerializer(serializers.Serializer):
    label = serializers.CharField()
    points = serializers.IntegerField(min_value=0, help_text=_("Điểm của phương án."))
    min_star_marker = serializers.ChoiceField(
        choices=[3, 4, 5],
        allow_null=True,
        help_text=_(
            "Hạng sao tối thiểu mà phương án này là điều kiện (`***`, `****`, `*****` trong văn "
            "bản); null nếu không đánh dấu."
        ),
    )
    case = serializers.CharField(
        required=False,
        help_text=_("Trường hợp (`a`, `b`) khi tiêu chí cho chọn một trong các trường hợp."),
    )


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Mã tiêu chí, ví dụ `1.1`."))
    label = serializers.CharField()
    max = serializers.IntegerField(min_value=0)
    options = OptionSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField(), **NOTES)
    law_repeats_points = serializers.BooleanField(
        required=False,
        help_text=_("Văn bản cho hai phương án cùng một mức điểm (được giữ nguyên như luật)."),
    )


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    max = serializers.IntegerField(min_value=0)
    notes = serializers.ListField(child=serializers.CharField(), **NOTES)
    criteria = CriterionSerializer(many=True)


class PartSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A | B | C")
    label = serializers.CharField()
    max = serializers.IntegerField(min_value=0)
    notes = serializers.ListField(child=serializers.CharField(), **NOTES)
    groups = GroupSerializer(many=True)


class SheetSerializer(serializers.Serializer):
    """A score sheet: the data file's content plus where it comes from."""

    rulebook = serializers.CharField(help_text=_("Bộ tiêu chí được hỏi."))
    sheet_rulebook = serializers.CharField(help_text=_("Bộ tiêu chí có phiếu đánh giá này."))
    set_no = serializers.IntegerField(min_value=1)
    set = serializers.CharField(help_text=_("Tên bộ sản phẩm như ở đầu phiếu (Phụ lục II)."))
    sector = serializers.CharField(help_text=_("Mã ngành (1–6)."))
    group = serializers.CharField(help_text=_("Mã nhóm, ví dụ `1.1`."))
    source = serializers.CharField(required=False, help_text=_("Nguồn trong văn bản."))
    disqualified_when = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Các trường hợp hồ sơ bị loại (“Hồ sơ bị loại khi”)."),
    )
    parts = PartSerializer(many=True)


def sheet_document(sheet: ScoreSheet, *, rulebook: Rulebook) -> dict:
    """The answer for one sheet asked through `rulebook` (whose sheet it may not be)."""
    return SheetSerializer(
        {
            **sheet.data,
            "rulebook": rulebook.slug,
            "sheet_rulebook": sheet.rulebook.slug,
            "sector": sheet.sector_code,
            "group": sheet.group_code,
        }
    ).data


class EvaluateRequestSerializer(fields.Serializer):
    # Values are checked by the scoring engine, which names the criterion at fault.
    answers = fields.DictField(
        allow_empty=True,
        help_text=_(
            'Mỗi tiêu chí → điểm của phương án được chọn, ví dụ `{"1.1": 3, "1.2": 1}`; '
            'tiêu chí có các trường hợp: điểm, hoặc `{"case": "a", "points": 3}`.'
        ),
    )


class UnmetGateSerializer(serializers.Serializer):
    criterion = serializers.CharField(help_text=_("Mã tiêu chí."))
    stars = serializers.IntegerField(help_text=_("Hạng sao mà mức tối thiểu này thuộc về."))
    required_points = serializers.FloatField(help_text=_("Điểm tối thiểu phải đạt."))
    points = serializers.FloatField(help_text=_("Điểm đã chấm."))


class PartTotalsSerializer(serializers.Serializer):
    A = serializers.FloatField()
    B = serializers.FloatField()
    C = serializers.FloatField()


class EvaluationSerializer(serializers.Serializer):
    total = serializers.FloatField(help_text=_("Tổng điểm."))
    parts = PartTotalsSerializer(help_text=_("Điểm từng phần A, B, C."))
    band_stars = serializers.IntegerField(help_text=_("Hạng sao theo khoảng điểm của tổng."))
    stars = serializers.IntegerField(
        help_text=_("Hạng sao sau khi xét các mức tối thiểu (dấu sao) của từng tiêu chí.")
    )
    unmet_gates = UnmetGateSerializer(many=True, help_text=_("Mọi mức tối thiểu chưa đạt."))
    certifiable = serializers.BooleanField(
        help_text=_("Đủ điều kiện công nhận (đạt hạng sao tối thiểu của bộ tiêu chí).")
    )
    potential_five_star = serializers.BooleanField(help_text=_("Sản phẩm tiềm năng 5 sao."))
    explanation = serializers.CharField(help_text=_("Giải thích kết quả bằng lời."))
