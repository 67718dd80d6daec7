"""The fixed checklist of a post-recognition visit (26/2026 Art. 9.3): whether the product
still meets the criteria of its evaluated dossier, and how the OCOP mark, label and product
information are used. Each item is answered "yes" (met), "no" (not met) or "na"."""

from django.utils.translation import gettext_lazy as _

# (code, label): the order is the order on the form and in the minutes.
ITEMS: tuple[tuple[str, object], ...] = (
    (
        "criteria_maintained",
        _("Sản phẩm duy trì các tiêu chí như hồ sơ đã được đánh giá, phân hạng"),
    ),
    (
        "production_active",
        _("Chủ thể vẫn hoạt động sản xuất, kinh doanh sản phẩm OCOP"),
    ),
    (
        "quality_food_safety",
        _("Chất lượng, an toàn thực phẩm, môi trường đúng quy định (giấy tờ còn hiệu lực)"),
    ),
    ("mark_correct", _("Sử dụng nhãn hiệu (biểu trưng) OCOP đúng quy định")),
    ("label_correct", _("Nhãn hàng hoá đúng quy định và đúng hạng sao, năm được công nhận")),
    ("promotion_correct", _("Sử dụng thông tin, quảng bá sản phẩm OCOP đúng sự thật")),
)
CODES = tuple(code for code, _label in ITEMS)
LABELS = dict(ITEMS)

YES, NO, NA = "yes", "no", "na"
ANSWERS: tuple[tuple[str, object], ...] = (
    (YES, _("Đạt")),
    (NO, _("Không đạt")),
    (NA, _("Không áp dụng")),
)
ANSWER_LABELS = dict(ANSWERS)
NOTE_MAX = 1000


def rows(checklist: dict | None) -> list[dict]:
    """The checklist as display rows in the fixed order: code, label, answer, its label, note."""
    checklist = checklist or {}
    result = []
    for code, label in ITEMS:
        entry = checklist.get(code) or {}
        answer = entry.get("answer", "")
        result.append(
            {
                "code": code,
                "label": label,
                "answer": answer,
                "answer_label": ANSWER_LABELS.get(answer, "—"),
                "note": entry.get("note", ""),
            }
        )
    return result


def unmet(checklist: dict | None) -> list[str]:
    """The codes of the items answered "no"."""
    return [code for code in CODES if ((checklist or {}).get(code) or {}).get("answer") == NO]
