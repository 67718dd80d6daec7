"""Forms of the round, council and scoring pages. They validate input only; the views call
`evaluation.domain` (and `settings_domain`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Department
from ocop.geo.models import AdminUnit
from ocop.registry.forms import DateInput, DomainErrorFormMixin

from .models import Council, CouncilRole, ProvinceSettings, Round

REASON_MAX = 1000


class ProvinceChoiceMixin:
    """A province field when the user manages several provinces, none when only one."""

    def add_province_field(self, provinces) -> None:
        self.provinces = list(provinces)
        if len(self.provinces) > 1:
            self.fields["province"] = forms.TypedChoiceField(
                label=_("Tỉnh/thành phố"),
                coerce=int,
                choices=[("", "—")] + [(p.pk, p.name) for p in self.provinces],
                error_messages={
                    "required": _("Hãy chọn tỉnh/thành phố."),
                    "invalid_choice": _("Tỉnh/thành phố không hợp lệ."),
                },
            )
            self.order_fields(["province"])

    def chosen_province(self):
        if len(self.provinces) == 1:
            return self.provinces[0]
        wanted = self.cleaned_data.get("province")
        return next((p for p in self.provinces if p.pk == wanted), None)


class RoundForm(DomainErrorFormMixin, ProvinceChoiceMixin, forms.Form):
    """An extra round of the province (beside the standard ones of the rulebook)."""

    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2019,
        max_value=2100,
        error_messages={"required": _("Hãy nhập năm."), "invalid": _("Năm phải là một số.")},
    )
    proposals_before = forms.DateField(
        label=_("Nhận đề nghị trước ngày"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập hạn nhận đề nghị.")},
    )
    decide_before = forms.DateField(
        label=_("Hoàn thành trước ngày"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập hạn hoàn thành đợt.")},
    )

    def __init__(self, *args, provinces, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        self.add_province_field(provinces)


class CouncilForm(DomainErrorFormMixin, forms.Form):
    """A provincial council for one round."""

    round = forms.ModelChoiceField(
        label=_("Đợt đánh giá"),
        queryset=Round.objects.none(),
        error_messages={
            "required": _("Hãy chọn đợt đánh giá."),
            "invalid_choice": _("Đợt đánh giá không hợp lệ."),
        },
    )
    name = forms.CharField(
        label=_("Tên hội đồng"),
        max_length=255,
        error_messages={"required": _("Hãy nhập tên hội đồng.")},
    )
    mode = forms.ChoiceField(
        label=_("Hình thức"), choices=Council.Mode.choices, initial=Council.Mode.MEETING
    )
    established_by = forms.CharField(
        label=_("Quyết định thành lập"),
        max_length=120,
        required=False,
        help_text=_("Số và ngày của quyết định thành lập hội đồng, nếu đã có."),
    )

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda r: f"{r} — {r.province}"


class DistrictCouncilForm(CouncilForm):
    """A district's council (before 2025, QĐ 1048/2019): it scores the district's dossiers
    after the field inspection; the newest council of a district replaces the ones before."""

    district = forms.ModelChoiceField(
        label=_("Huyện (trước 2025)"),
        queryset=AdminUnit.objects.none(),
        error_messages={
            "required": _("Hãy chọn huyện."),
            "invalid_choice": _("Huyện không hợp lệ."),
        },
    )

    field_order = ["district", "name", "mode", "established_by"]

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, rounds=Round.objects.none(), **kwargs)
        del self.fields["round"]
        self.fields["district"].queryset = districts
        self.fields["district"].label_from_instance = lambda unit: (
            f"{unit.name} — {unit.parent.name}" if unit.parent else unit.name
        )


class CentralCouncilForm(CouncilForm):
    """The central council (Hội đồng cấp trung ương) that scores potential 5★ products; the
    newest one replaces the ones before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, rounds=Round.objects.none(), **kwargs)
        del self.fields["round"]


class MemberForm(DomainErrorFormMixin, forms.Form):
    """A seat on a council, for an existing account picked by its username."""

    domain_field_map = {"role": "role", "user": "username"}

    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        error_messages={"required": _("Hãy nhập tên đăng nhập của thành viên.")},
    )
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=CouncilRole.choices, initial=CouncilRole.MEMBER
    )
    department = forms.ChoiceField(
        label=_("Cơ quan"), choices=[("", "—"), *Department.choices], required=False
    )
    organisation = forms.CharField(
        label=_("Đơn vị công tác"),
        max_length=255,
        required=False,
        help_text=_("Dùng để tự động loại trừ khi trùng với chủ thể hoặc đơn vị tư vấn."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Không có tài khoản nào đang hoạt động với tên đăng nhập “%(username)s”."),
                params={"username": username},
            )
        self.cleaned_data["user"] = user
        return username


class ReasonForm(forms.Form):
    """The reason of an action written into the audit trail."""

    def __init__(self, *args, required: bool = True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=label or _("Lý do"),
            max_length=REASON_MAX,
            required=required,
            widget=forms.Textarea(attrs={"rows": 2}),
            error_messages={"required": _("Hãy ghi rõ lý do.")},
        )


class ProvinceSettingsForm(DomainErrorFormMixin, forms.Form):
    certificate_number_format = forms.CharField(
        label=capfirst(ProvinceSettings._meta.get_field("certificate_number_format").verbose_name),
        max_length=60,
        help_text=ProvinceSettings._meta.get_field("certificate_number_format").help_text,
        error_messages={"required": _("Hãy nhập mẫu số giấy chứng nhận.")},
    )
    max_spread = forms.DecimalField(
        label=capfirst(ProvinceSettings._meta.get_field("max_spread").verbose_name),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=ProvinceSettings._meta.get_field("max_spread").help_text,
        error_messages={"invalid": _("Chênh lệch tối đa phải là một số.")},
    )
    reason = forms.CharField(
        label=_("Lý do thay đổi"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
