"""Filters of the revocation case list (API)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ocop.geo.models import Era
from ocop.geo.queries import communes_by_code
from ocop.registry.filters import IntegerFilter

from .models import Ground, Level, RevocationCase, Source, State


class RevocationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, label=_("Trạng thái"))
    ground = django_filters.ChoiceFilter(choices=Ground.choices, label=_("Căn cứ thu hồi"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Cấp quyết định"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("Nguồn phát hiện"))
    province = IntegerFilter(field_name="province__code", label=_("Mã tỉnh/thành phố (từ 2025)"))
    commune = IntegerFilter(
        method="filter_commune",
        label=_("Mã xã/phường của chủ thể (thời kỳ theo tham số era; mặc định 2025)"),
    )
    era = django_filters.ChoiceFilter(
        choices=Era.choices, method="filter_era", label=_("Thời kỳ của mã xã/phường")
    )
    producer = IntegerFilter(field_name="producer_id", label=_("Mã chủ thể"))
    certificate = IntegerFilter(field_name="certificates", label=_("Mã giấy chứng nhận"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("true: chỉ hồ sơ đang xử lý đã quá hạn")
    )

    class Meta:
        model = RevocationCase
        fields = [
            "state",
            "ground",
            "level",
            "source",
            "province",
            "commune",
            "era",
            "producer",
            "certificate",
            "overdue",
        ]

    def filter_commune(self, queryset, name, value):
        era = self.form.cleaned_data.get("era") or Era.CURRENT
        return queryset.filter(producer__commune__in=communes_by_code(value, era).values("pk"))

    def filter_overdue(self, queryset, name, value):
        return queryset if value is None else queryset.filter(overdue=value)

    def filter_era(self, queryset, name, value):
        return queryset  # read by filter_commune
