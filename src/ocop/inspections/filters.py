"""Filters of the inspection plan list (API): department, kind, period and place."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Department
from ocop.geo.models import Era
from ocop.geo.queries import communes_by_code
from ocop.registry.filters import IntegerFilter

from .models import InspectionKind, InspectionPlan, Severity


class PlanFilter(django_filters.FilterSet):
    department = django_filters.ChoiceFilter(choices=Department.choices, label=_("Sở, ngành"))
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices, label=_("Hình thức"))
    year = IntegerFilter(
        min_value=1,
        max_value=9999,
        method="filter_year",
        label=_("Năm: kế hoạch có thời gian thực hiện trong năm này"),
    )
    active_on = django_filters.DateFilter(
        method="filter_active_on", label=_("Kế hoạch đang thực hiện vào ngày này (YYYY-MM-DD)")
    )
    province = IntegerFilter(field_name="province__code", label=_("Mã tỉnh/thành phố (từ 2025)"))
    commune = IntegerFilter(
        method="filter_commune",
        label=_(
            "Mã xã/phường (thời kỳ theo tham số era; mặc định 2025): kế hoạch có chủ thể "
            "được kiểm tra ở xã/phường này"
        ),
    )
    era = django_filters.ChoiceFilter(
        choices=Era.choices, method="filter_era", label=_("Thời kỳ của mã xã/phường")
    )
    severity = django_filters.ChoiceFilter(
        choices=Severity.choices,
        method="filter_severity",
        label=_("Kế hoạch có phát hiện ở mức độ này"),
    )

    class Meta:
        model = InspectionPlan
        fields = [
            "department",
            "kind",
            "year",
            "active_on",
            "province",
            "commune",
            "era",
            "severity",
        ]

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(
            period_start__lte=datetime.date(year, 12, 31),
            period_end__gte=datetime.date(year, 1, 1),
        )

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(period_start__lte=value, period_end__gte=value)

    def filter_commune(self, queryset, name, value):
        era = self.form.cleaned_data.get("era") or Era.CURRENT
        covered = communes_by_code(value, era).values("pk")
        matching = InspectionPlan.objects.filter(
            Q(targets__producer__commune__in=covered) | Q(visits__producer__commune__in=covered)
        )
        return queryset.filter(pk__in=matching.values("pk"))

    def filter_era(self, queryset, name, value):
        return queryset  # read by filter_commune

    def filter_severity(self, queryset, name, value):
        matching = InspectionPlan.objects.filter(visits__findings__severity=value)
        return queryset.filter(pk__in=matching.values("pk"))
