"""Filters of the evaluation lists (API): dossiers, rounds and councils."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ocop.registry.filters import IntegerFilter

from . import domain, workflow
from .models import Council, Dossier, DossierKind, DossierState, Level, Round

# States in which a dossier may have a deadline (domain.due_on).
DEADLINE_STATES = (
    DossierState.SUBMITTED,
    DossierState.RECEIVED,
    DossierState.ASSESSED,
    *workflow.PROVINCE_STATES,
)


class DossierFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=DossierState.choices, label=_("Trạng thái"))
    kind = django_filters.ChoiceFilter(choices=DossierKind.choices, label=_("Loại hồ sơ"))
    round = IntegerFilter(field_name="round_id", label=_("Mã đợt đánh giá"))
    product = IntegerFilter(field_name="product_id", label=_("Mã sản phẩm"))
    producer = IntegerFilter(field_name="producer_id", label=_("Mã chủ thể"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("true: chỉ hồ sơ đã quá hạn của bước hiện tại")
    )

    class Meta:
        model = Dossier
        fields = ["state", "kind", "round", "product", "producer", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        # Deadlines count working days (holidays included): decided in Python, over the
        # dossiers that can have one.
        candidates = queryset.filter(state__in=DEADLINE_STATES).select_related("rulebook")
        late = [dossier.pk for dossier in candidates if domain.is_overdue(dossier)]
        return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


class RoundFilter(django_filters.FilterSet):
    year = IntegerFilter(label=_("Năm"))
    level = django_filters.ChoiceFilter(
        choices=[(Level.PROVINCE, Level.PROVINCE.label), (Level.CENTRAL, Level.CENTRAL.label)],
        label=_("Cấp"),
    )
    province = IntegerFilter(field_name="province__code", label=_("Mã tỉnh/thành phố (từ 2025)"))
    is_extra = django_filters.BooleanFilter(label=_("Đợt bổ sung"))

    class Meta:
        model = Round
        fields = ["year", "level", "province", "is_extra"]


class CouncilFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        choices=[(v, label) for v, label in Level.choices if v != Level.COMMUNE], label=_("Cấp")
    )
    round = IntegerFilter(field_name="round_id", label=_("Mã đợt đánh giá"))
    province = IntegerFilter(field_name="province__code", label=_("Mã tỉnh/thành phố (từ 2025)"))

    class Meta:
        model = Council
        fields = ["level", "round", "province"]
