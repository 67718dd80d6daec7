"""Filters of the registry lists (API): unit codes of either era, sets, sectors, kinds."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.core.limits import MAX_DB_INTEGER
from ocop.geo.models import Era
from ocop.geo.queries import communes_by_code

from .models import Producer, ProducerKind, ProducerStatus, Product


class IntegerFilter(django_filters.NumberFilter):
    """A whole number small enough for every database (a 64-bit integer, as the schema says)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_DB_INTEGER)
        kwargs.setdefault("max_value", MAX_DB_INTEGER)
        super().__init__(*args, **kwargs)


class UnitFilterSet(django_filters.FilterSet):
    commune = IntegerFilter(
        method="filter_commune",
        label=_("Mã xã/phường (thời kỳ theo tham số era; mặc định 2025)"),
    )
    era = django_filters.ChoiceFilter(
        choices=Era.choices, method="filter_era", label=_("Thời kỳ của mã xã/phường")
    )
    province = IntegerFilter(
        field_name="commune__current_province__code",
        label=_("Mã tỉnh/thành phố (từ 2025)"),
    )

    def filter_commune(self, queryset, name, value):
        era = self.form.cleaned_data.get("era") or Era.CURRENT
        return queryset.filter(commune__in=communes_by_code(value, era).values("pk"))

    def filter_era(self, queryset, name, value):
        return queryset  # read by filter_commune


class ProducerFilter(UnitFilterSet):
    kind = django_filters.ChoiceFilter(choices=ProducerKind.choices, label=_("Loại hình"))
    status = django_filters.ChoiceFilter(choices=ProducerStatus.choices, label=_("Tình trạng"))

    class Meta:
        model = Producer
        fields = ["kind", "status", "commune", "era", "province"]


class ProductFilter(UnitFilterSet):
    producer = IntegerFilter(field_name="producer_id", label=_("Mã chủ thể"))
    product_set = IntegerFilter(field_name="product_set__number", label=_("Số bộ sản phẩm (1–26)"))
    sector = django_filters.ChoiceFilter(
        field_name="product_set__sector_code",
        choices=[(str(code), str(code)) for code in range(1, 7)],
        label=_("Mã ngành (1–6)"),
    )

    class Meta:
        model = Product
        fields = ["producer", "product_set", "sector", "commune", "era", "province"]
