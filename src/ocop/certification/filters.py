"""Filters of the decision and certificate lists (API), among them the re-ranking list:
certificates expiring within N days. Certificates are placed by their producer's commune, of
either era, like the registry's records."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.geo.models import Era
from ocop.geo.queries import communes_by_code
from ocop.registry.filters import IntegerFilter

from .models import Certificate, CertificateStatus, Decision

# A re-ranking list looks at most ten years ahead (certificates last 36 months).
MAX_DAYS = 3650


class CertificateFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=CertificateStatus.choices,
        method="filter_status",
        label=_("Tình trạng hôm nay"),
    )
    stars = IntegerFilter(min_value=1, max_value=5, label=_("Số sao (1–5)"))
    product = IntegerFilter(field_name="product_id", label=_("Mã sản phẩm"))
    producer = IntegerFilter(field_name="producer_id", label=_("Mã chủ thể"))
    expiring_within_days = IntegerFilter(
        min_value=0,
        max_value=MAX_DAYS,
        method="filter_expiring",
        label=_(
            "Giấy còn hiệu lực có ngày hết hạn từ hôm nay đến N ngày tới: danh sách cần phân "
            "hạng lại (giấy đang gia hạn: lọc theo status=extended)."
        ),
    )
    province = IntegerFilter(
        field_name="producer__commune__current_province__code",
        label=_("Mã tỉnh/thành phố của chủ thể (từ 2025)"),
    )
    commune = IntegerFilter(
        method="filter_commune",
        label=_("Mã xã/phường của chủ thể (thời kỳ theo tham số era; mặc định 2025)"),
    )
    era = django_filters.ChoiceFilter(
        choices=Era.choices, method="filter_era", label=_("Thời kỳ của mã xã/phường")
    )

    class Meta:
        model = Certificate
        fields = [
            "status",
            "stars",
            "product",
            "producer",
            "expiring_within_days",
            "province",
            "commune",
            "era",
        ]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_commune(self, queryset, name, value):
        era = self.form.cleaned_data.get("era") or Era.CURRENT
        return queryset.filter(producer__commune__in=communes_by_code(value, era).values("pk"))

    def filter_era(self, queryset, name, value):
        return queryset  # read by filter_commune

    def filter_expiring(self, queryset, name, value):
        return expiring_within(queryset, int(value))


def expiring_within(queryset, days: int, today: datetime.date | None = None):
    """Valid certificates whose end date is between today and today + `days` (both included):
    the re-ranking list. Extended certificates are past their end date: not on it (their own
    list is `status=extended`)."""
    today = today or timezone.localdate()
    return queryset.filter(
        status=CertificateStatus.VALID,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=days),
    )


class DecisionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Decision.Status.choices, label=_("Tình trạng"))
    level = django_filters.ChoiceFilter(choices=Decision.Level.choices, label=_("Cấp ban hành"))
    year = IntegerFilter(field_name="date__year", min_value=1, max_value=9999, label=_("Năm ký"))

    class Meta:
        model = Decision
        fields = ["status", "level", "year"]
