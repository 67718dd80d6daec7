"""Forms of the inspection pages. They validate input only; the views call
`inspections.domain`, whose DomainError is attached to the field it names."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.models import Department
from ocop.certification.models import Certificate
from ocop.core.limits import MAX_DB_INTEGER
from ocop.registry.forms import DateInput, DomainErrorFormMixin

from . import checklist
from .models import Ground, InspectionKind, Severity

REQUIRED = _("Trường này là bắt buộc.")
INVALID_DATE = _("Ngày không hợp lệ.")


class PlanFilterForm(forms.Form):
    """Filters of the plan list. Unknown values are ignored (an empty form filters nothing)."""

    department = forms.ChoiceField(
        label=_("Sở, ngành"), choices=[("", _("Tất cả")), *Department.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", _("Tất cả")), *InspectionKind.choices], required=False
    )
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
    province = forms.IntegerField(
        label=_("Tỉnh/thành phố"), min_value=1, max_value=MAX_DB_INTEGER, required=False
    )
    commune = forms.IntegerField(
        label=_("Xã/phường"), min_value=1, max_value=MAX_DB_INTEGER, required=False
    )
    severity = forms.ChoiceField(
        label=_("Có phát hiện"), choices=[("", _("Tất cả")), *Severity.choices], required=False
    )


class PlanForm(DomainErrorFormMixin, forms.Form):
    department = forms.ChoiceField(
        label=_("Sở, ngành chủ trì"), choices=(), error_messages={"required": REQUIRED}
    )
    title = forms.CharField(
        label=_("Tên kế hoạch"), max_length=255, error_messages={"required": REQUIRED}
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=InspectionKind.choices,
        initial=InspectionKind.PERIODIC,
        error_messages={"required": REQUIRED},
    )
    period_start = forms.DateField(
        label=_("Từ ngày"),
        widget=DateInput(),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATE},
    )
    period_end = forms.DateField(
        label=_("Đến ngày"),
        widget=DateInput(),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATE},
    )
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Nội dung kiểm tra, thành phần đoàn, cách thức phối hợp…"),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [(d, Department(d).label) for d in departments]
        if len(departments) == 1:
            self.fields["department"].initial = departments[0]


class TargetForm(DomainErrorFormMixin, forms.Form):
    """A producer (every product: `producer:<id>`) or one product (`product:<id>`)."""

    domain_field_map = {"producer": "target", "product": "target"}

    target = forms.ChoiceField(
        label=_("Chủ thể hoặc sản phẩm"),
        choices=(),
        error_messages={
            "required": _("Hãy chọn chủ thể hoặc sản phẩm."),
            "invalid_choice": _("Lựa chọn không hợp lệ."),
        },
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *choices]

    def target_ids(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        return kind, int(pk)


class VisitForm(DomainErrorFormMixin, forms.Form):
    """A visit: the target, the day, the team, one answer and note per checklist item."""

    domain_field_map = {"producer": "target", "product": "target"}

    target = forms.ChoiceField(
        label=_("Đối tượng kiểm tra"),
        choices=(),
        error_messages={
            "required": _("Hãy chọn đối tượng kiểm tra."),
            "invalid_choice": _("Lựa chọn không hợp lệ."),
        },
    )
    date = forms.DateField(
        label=_("Ngày kiểm tra"),
        widget=DateInput(),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATE},
    )
    inspectors = forms.CharField(
        label=_("Thành phần đoàn kiểm tra"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": REQUIRED},
        help_text=_("Họ tên, chức vụ, đơn vị của các thành viên đoàn."),
    )
    conclusion = forms.CharField(
        label=_("Kết luận"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *choices]
        for code, label in checklist.ITEMS:
            self.fields[f"answer_{code}"] = forms.ChoiceField(
                label=label,
                choices=checklist.ANSWERS,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn kết quả của mục này.")},
            )
            self.fields[f"note_{code}"] = forms.CharField(
                label=_("Ghi chú"), required=False, max_length=checklist.NOTE_MAX
            )

    def add_domain_error(self, error) -> None:
        field = error.field or ""
        if field.startswith("checklist."):
            code = field.split(".", 1)[1]
            if f"answer_{code}" in self.fields:
                self.add_error(f"answer_{code}", str(error.message))
                return
        super().add_domain_error(error)

    def checklist_rows(self) -> list[dict]:
        return [
            {
                "code": code,
                "label": label,
                "answer": self[f"answer_{code}"],
                "note": self[f"note_{code}"],
            }
            for code, label in checklist.ITEMS
        ]

    def checklist_data(self) -> dict:
        return {
            code: {
                "answer": self.cleaned_data[f"answer_{code}"],
                "note": self.cleaned_data.get(f"note_{code}", ""),
            }
            for code in checklist.CODES
        }

    def target_ids(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        return kind, int(pk)


class FindingForm(DomainErrorFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Nội dung phát hiện"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REQUIRED},
    )
    severity = forms.ChoiceField(
        label=_("Mức độ"), choices=Severity.choices, error_messages={"required": REQUIRED}
    )
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi đề xuất"),
        choices=[("", "—"), *Ground.choices],
        required=False,
        help_text=_("Bắt buộc với phát hiện nghiêm trọng (Điều 8 QĐ 26/2026)."),
    )
    certificates = forms.ModelMultipleChoiceField(
        label=_("Giấy chứng nhận liên quan"),
        queryset=Certificate._base_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Giấy chứng nhận được chọn không hợp lệ."),
            "invalid_pk_value": _("Giấy chứng nhận được chọn không hợp lệ."),
        },
        help_text=_("Với phát hiện nghiêm trọng, để trống là các giấy còn hiệu lực của đối tượng."),
    )
    refer = forms.BooleanField(
        label=_("Chuyển ngay cơ quan OCOP đề nghị thu hồi (phát hiện nghiêm trọng)"),
        required=False,
        initial=True,
    )
    file = forms.FileField(
        label=_("Tài liệu kèm theo (PDF, JPEG, PNG)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}
        ),
    )

    def __init__(self, *args, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["certificates"]
        field.queryset = certificates
        field.label_from_instance = lambda certificate: (
            f"{certificate.number} — {certificate.product.name} "
            f"({certificate.get_status_display()})"
        )


class EvidenceForm(DomainErrorFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp (PDF, JPEG, PNG)"),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp tải lên rỗng.")},
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"}
        ),
    )
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
