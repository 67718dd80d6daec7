"""The spreadsheet columns of the case list and of the follow-up list, shared by the pages'
`?format=xlsx` download and the API's `?format=csv|xlsx`."""

from django.utils.translation import gettext_lazy as _


def _unit(unit) -> str:
    return unit.name if unit else ""


def _numbers(case) -> str:
    return ", ".join(c.number for c in case.certificates.all())


def _stars(case) -> str:
    return ", ".join(str(c.stars) for c in case.certificates.all())


CASE_COLUMNS = [
    (_("Mã hồ sơ"), lambda c: c.pk),
    (_("Trạng thái"), lambda c: c.get_state_display()),
    (_("Quá hạn"), lambda c: bool(getattr(c, "overdue", c.is_overdue()))),
    (_("Cấp quyết định"), lambda c: c.get_level_display()),
    (_("Tỉnh/thành phố"), lambda c: _unit(c.province)),
    (_("Mã chủ thể"), lambda c: c.producer_id),
    (_("Chủ thể"), lambda c: c.producer.name),
    (_("Xã/phường"), lambda c: _unit(c.producer.commune)),
    (_("Giấy chứng nhận"), _numbers),
    (_("Số sao"), _stars),
    (_("Căn cứ (Điều 8)"), lambda c: c.ground_letter),
    (_("Nội dung căn cứ"), lambda c: c.ground_text),
    (_("Nguồn phát hiện"), lambda c: c.get_source_display()),
    (_("Ngày phát hiện"), lambda c: c.finding_date),
    (_("Hạn xử lý"), lambda c: c.due_on),
    (_("Số quyết định thu hồi"), lambda c: c.decision_no),
    (_("Ngày quyết định"), lambda c: c.decision_date),
    (_("Lý do không thu hồi"), lambda c: c.dismissal_reason),
    (_("Nội dung"), lambda c: c.description),
]


def _live(producer) -> list:
    return getattr(producer, "live_certificates", [])


FOLLOW_UP_COLUMNS = [
    (_("Mã chủ thể"), lambda p: p.pk),
    (_("Chủ thể"), lambda p: p.name),
    (_("Mã số đăng ký"), lambda p: p.registration_no),
    (_("Xã/phường"), lambda p: _unit(p.commune)),
    (_("Tỉnh/thành phố"), lambda p: _unit(p.commune.current_province)),
    (_("Điện thoại"), lambda p: p.phone),
    (_("Số giấy chứng nhận ATTP"), lambda p: p.food_safety_cert_no),
    (_("Giấy ATTP hết hạn ngày"), lambda p: p.food_safety_cert_expiry),
    (_("Giấy chứng nhận OCOP còn hiệu lực"), lambda p: ", ".join(c.number for c in _live(p))),
    (_("Đang có hồ sơ thu hồi"), lambda p: bool(getattr(p, "has_open_case", False))),
]
