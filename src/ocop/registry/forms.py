"""Forms of the registry pages. They validate input only; the views call `registry.domain`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.core.errors import DomainError
from ocop.core.limits import MAX_DB_INTEGER
from ocop.geo.models import AdminUnit, Era, Level

from .domain import PRODUCER_FIELDS
from .models import Producer, ProducerKind, ProducerStatus, Product, ProductSet
from .validators import normalize_registration_no, validate_photo, validate_registration_no


def reason_field(label=None) -> forms.CharField:
    """The optional "why" of a change, written into the audit trail."""
    return forms.CharField(
        label=label or _("Lý do thay đổi"),
        required=False,
        max_length=500,
        help_text=_("Ghi vào nhật ký thay đổi, không bắt buộc."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DomainErrorFormMixin:
    """Attach a `DomainError` from an action to the field it names (or to the whole form)."""

    domain_field_map: dict = {}

    def add_domain_error(self, error: DomainError) -> None:
        field = self.domain_field_map.get(error.field, error.field)
        if field not in self.fields:
            field = None
        self.add_error(field, ValidationError(str(error.message), code=error.code))


class CommuneFieldsMixin:
    """A commune given by era and official code, resolved in `clean()` to `cleaned_data["commune"]`.

    Codes are reused across the 2025 reform, so the era is part of the key."""

    commune_required = True

    def add_commune_fields(self, unit: AdminUnit | None) -> None:
        self.fields["commune_era"] = forms.ChoiceField(
            label=_("Thời kỳ đơn vị hành chính"),
            choices=Era.choices,
            initial=unit.era if unit else Era.CURRENT,
            error_messages={
                "required": _("Hãy chọn thời kỳ của đơn vị hành chính."),
                "invalid_choice": _("Thời kỳ đơn vị hành chính không hợp lệ."),
            },
        )
        self.fields["commune_code"] = forms.IntegerField(
            label=_("Mã xã/phường"),
            required=self.commune_required,
            min_value=1,
            initial=unit.code if unit else None,
            help_text=_("Mã theo danh mục đơn vị hành chính; có thể tìm theo tên bên dưới."),
            error_messages={
                "required": _("Hãy nhập mã xã/phường."),
                "invalid": _("Mã xã/phường phải là một số."),
                "min_value": _("Mã xã/phường phải là một số dương."),
            },
        )

    def clean_commune(self, cleaned_data) -> None:
        code = cleaned_data.get("commune_code")
        era = cleaned_data.get("commune_era")
        if code is None or not era:
            cleaned_data["commune"] = None
            return
        unit = (
            AdminUnit.objects.filter(era=era, level=Level.COMMUNE, code=code)
            .select_related("parent__parent")
            .first()
        )
        if unit is not None:
            cleaned_data["commune"] = unit
            return
        other = (
            AdminUnit.objects.filter(level=Level.COMMUNE, code=code)
            .exclude(era=era)
            .select_related("parent__parent")
            .first()
        )
        if other is not None:
            message = _(
                "Mã %(code)s không có trong danh mục xã/phường thời kỳ “%(era)s”; đó là mã của "
                "%(label)s thời kỳ “%(other_era)s”. Hãy chọn đúng thời kỳ."
            ) % {
                "code": code,
                "era": Era(era).label,
                "label": other.label,
                "other_era": Era(other.era).label,
            }
        else:
            message = _("Không có xã/phường nào mang mã %(code)s trong danh mục.") % {"code": code}
        self.add_error("commune_code", message)


class ProducerForm(DomainErrorFormMixin, CommuneFieldsMixin, forms.ModelForm):
    """Create or edit a producer. A producer account edits only its contact data."""

    OFFICER_ONLY = ("registration_no", "kind", "commune_era", "commune_code")
    domain_field_map = {"commune": "commune_code"}

    reason = reason_field()

    class Meta:
        model = Producer
        # The commune is entered as era + code (CommuneFieldsMixin).
        fields = [name for name in PRODUCER_FIELDS if name != "commune"]
        widgets = {"food_safety_cert_expiry": DateInput()}
        error_messages = {
            "name": {"required": _("Hãy nhập tên chủ thể.")},
            "kind": {"required": _("Hãy chọn loại hình chủ thể.")},
            "registration_no": {"required": _("Hãy nhập mã số đăng ký kinh doanh/mã số thuế.")},
            "legal_representative": {"required": _("Hãy nhập người đại diện theo pháp luật.")},
            "email": {"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
            "workforce": {"invalid": _("Số lao động phải là số nguyên.")},
            "local_labour_share": {"invalid": _("Tỷ lệ lao động địa phương phải là một số.")},
            "food_safety_cert_expiry": {"invalid": _("Ngày không hợp lệ.")},
        }

    def __init__(self, *args, officer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        self.add_commune_fields(instance.commune if instance else None)
        # Keep the commune fields right after the address.
        order = list(self.fields)
        for name in ("commune_era", "commune_code"):
            order.remove(name)
        position = order.index("address") + 1
        self.order_fields([*order[:position], "commune_era", "commune_code", *order[position:]])
        self.officer = officer
        if not officer:
            for name in self.OFFICER_ONLY:
                self.fields[name].disabled = True
                self.fields[name].required = False
            self.fields["registration_no"].help_text = _(
                "Chỉ cán bộ quản lý mới sửa được mã số, loại hình và địa bàn."
            )
        self.fields["local_labour_share"].widget.attrs.update(
            {"min": 0, "max": 100, "step": "0.01"}
        )
        self.fields["local_labour_share"].error_messages.update(
            {
                "min_value": _("Tỷ lệ phải từ 0 đến 100."),
                "max_value": _("Tỷ lệ phải từ 0 đến 100."),
            }
        )

    def clean_registration_no(self):
        value = self.cleaned_data.get("registration_no")
        if not self.officer and self.instance.pk:
            return self.instance.registration_no
        normalized = normalize_registration_no(value)
        validate_registration_no(normalized)
        return normalized

    def clean(self):
        cleaned_data = super().clean()
        if self.officer:
            self.clean_commune(cleaned_data)
        return cleaned_data

    def domain_data(self) -> dict:
        """The values handed to `domain.create_producer` / `update_producer`."""
        data = {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data
        }
        if self.officer:
            data["commune"] = self.cleaned_data["commune"]
        else:
            for name in ("registration_no", "kind"):
                data.pop(name, None)
        return data


class ProductForm(DomainErrorFormMixin, CommuneFieldsMixin, forms.ModelForm):
    """Create or edit a product. The place of production defaults to the producer's commune."""

    commune_required = False
    domain_field_map = {"commune": "commune_code"}

    producer = forms.ModelChoiceField(
        label=_("Chủ thể"),
        queryset=Producer.objects.none(),
        error_messages={
            "required": _("Hãy chọn chủ thể."),
            "invalid_choice": _("Chủ thể không có hoặc nằm ngoài phạm vi của bạn."),
        },
    )
    reason = reason_field()

    class Meta:
        model = Product
        fields = ["name", "product_set", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": _("Hãy nhập tên sản phẩm.")},
            "product_set": {
                "required": _("Hãy chọn bộ sản phẩm."),
                "invalid_choice": _("Bộ sản phẩm không hợp lệ."),
            },
        }

    def __init__(self, *args, producers=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        if instance is not None:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = producers
            self.order_fields(["producer", *self.fields])
        self.fields["product_set"].queryset = ProductSet.objects.all()
        self.add_commune_fields(instance.commune if instance else None)
        self.fields["commune_code"].label = _("Mã xã/phường nơi sản xuất")
        self.fields["commune_code"].help_text = _(
            "Để trống để dùng xã/phường của chủ thể; có thể tìm theo tên bên dưới."
        )
        if instance is None:
            self.fields["commune_era"].initial = Era.CURRENT
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def clean(self):
        cleaned_data = super().clean()
        self.clean_commune(cleaned_data)
        return cleaned_data

    def domain_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.cleaned_data.get("commune") is not None:
            data["commune"] = self.cleaned_data["commune"]
        return data


class StatusForm(DomainErrorFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng mới"),
        choices=ProducerStatus.choices,
        error_messages={"invalid_choice": _("Tình trạng không hợp lệ.")},
    )
    date = forms.DateField(
        label=_("Ngày hiệu lực"),
        widget=DateInput(),
        error_messages={
            "required": _("Hãy nhập ngày hiệu lực."),
            "invalid": _("Ngày không hợp lệ."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu lý do thay đổi tình trạng.")},
    )

    def __init__(self, *args, producer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in ProducerStatus.choices if value != producer.status
        ]
        self.fields["date"].initial = timezone.localdate()


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=pgettext_lazy("upload field", "Ảnh sản phẩm"),
        error_messages={
            "required": _("Hãy chọn một tệp ảnh."),
            "empty": _("Tệp tải lên rỗng."),
            "invalid": _("Không đọc được tệp tải lên."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=255, required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        validate_photo(upload)
        return upload


class DeleteForm(forms.Form):
    reason = reason_field(_("Lý do xoá"))


class ProducerFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại hình"),
        required=False,
        choices=[("", _("Tất cả loại hình")), *ProducerKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        required=False,
        choices=[("", _("Tất cả tình trạng")), *ProducerStatus.choices],
    )
    province = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), required=False, coerce=int)
    commune = forms.TypedChoiceField(label=_("Xã/phường"), required=False, coerce=int)

    def __init__(self, *args, provinces=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Tất cả tỉnh/thành phố")), *provinces]
        self.fields["commune"].choices = [("", _("Tất cả xã/phường")), *communes]


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Ngành"), required=False)
    product_set = forms.TypedChoiceField(label=_("Bộ sản phẩm"), required=False, coerce=int)
    producer = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_DB_INTEGER, widget=forms.HiddenInput
    )

    def __init__(self, *args, product_sets=(), **kwargs):
        super().__init__(*args, **kwargs)
        sectors = {}
        for product_set in product_sets:
            sectors.setdefault(product_set.sector_code, product_set.sector_label)
        self.fields["sector"].choices = [("", _("Tất cả ngành")), *sectors.items()]
        self.fields["product_set"].choices = [
            ("", _("Tất cả bộ sản phẩm")),
            *((s.number, str(s)) for s in product_sets),
        ]
