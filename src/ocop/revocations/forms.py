"""Forms of the revocation pages. They validate input only; the views call
`revocations.domain`, whose refusals are attached to the fields they name."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Certificate
from ocop.registry.forms import DateInput, DomainErrorFormMixin

from . import grounds
from .domain import DECISION_NO_MAX, DESCRIPTION_MAX, MAX_EVIDENCE_FILES, REASON_MAX
from .models import Ground, Level, Source, State

DATE_ERRORS = {"required": _("Hãy nhập ngày."), "invalid": _("Ngày không hợp lệ.")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the domain checks their content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CertificateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, certificate: Certificate) -> str:
        return f"{certificate.number} — {certificate.product_name} ({'★' * certificate.stars})"


class CaseForm(DomainErrorFormMixin, forms.Form):
    """A new case: the producer's certificates concerned, the ground, how it was found, when,
    and the documents. Any certificate of the producer in the user's scope may be ticked here;
    the domain action refuses those it may not revoke, with its reason."""

    certificates = CertificateChoiceField(
        label=_("Giấy chứng nhận đề nghị thu hồi"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một giấy chứng nhận."),
            "invalid_choice": _("Giấy chứng nhận được chọn không hợp lệ."),
            "invalid_pk_value": _("Giấy chứng nhận được chọn không hợp lệ."),
        },
    )
    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8)"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn căn cứ thu hồi (Điều 8)."),
            "invalid_choice": _("Căn cứ thu hồi không hợp lệ."),
        },
    )
    source = forms.ChoiceField(
        label=_("Nguồn phát hiện"),
        choices=[("", "—"), *Source.choices],
        error_messages={
            "required": _("Hãy chọn nguồn phát hiện."),
            "invalid_choice": _("Nguồn phát hiện không hợp lệ."),
        },
    )
    finding_date = forms.DateField(
        label=_("Ngày phát hiện"),
        widget=DateInput(),
        error_messages={
            "required": _("Hãy nhập ngày phát hiện."),
            "invalid": _("Ngày không hợp lệ."),
        },
        help_text=_("Ngày có kết luận của cơ quan có thẩm quyền hoặc xác nhận của UBND cấp xã."),
    )
    description = forms.CharField(
        label=_("Nội dung vi phạm, kết luận"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = MultipleFileField(label=_("Tài liệu chứng minh"), required=False)

    def __init__(self, *args, certificates, rulebook, **kwargs):
        kwargs.setdefault("initial", {"finding_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = gettext(
            "PDF, JPEG hoặc PNG; có thể chọn nhiều tệp (tối đa %(max)d). Bắt buộc, trừ khi nguồn "
            "là kết luận kiểm tra hoặc thay đổi tình trạng của chủ thể."
        ) % {"max": MAX_EVIDENCE_FILES}
        self.fields["certificates"].queryset = certificates
        self.fields["ground"].choices = grounds.choices(rulebook)


class DecideForm(DomainErrorFormMixin, forms.Form):
    decision_no = forms.CharField(
        label=_("Số quyết định thu hồi"),
        max_length=DECISION_NO_MAX,
        error_messages={"required": _("Hãy nhập số quyết định thu hồi.")},
    )
    date = forms.DateField(
        label=_("Ngày quyết định"), widget=DateInput(), error_messages=DATE_ERRORS
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DismissForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do không thu hồi"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nêu lý do không thu hồi.")},
    )


class EvidenceForm(DomainErrorFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "required": _("Hãy chọn tệp tài liệu."),
            "empty": _("Tệp tải lên rỗng."),
            "invalid": _("Không nhận được tệp."),
        },
    )
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)


def _all(label):
    return [("", label)]


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    state = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=_all(_("Tất cả")) + State.choices
    )
    ground = forms.ChoiceField(
        label=_("Căn cứ"), required=False, choices=_all(_("Tất cả")) + Ground.choices
    )
    level = forms.ChoiceField(
        label=_("Cấp quyết định"), required=False, choices=_all(_("Tất cả")) + Level.choices
    )
    source = forms.ChoiceField(
        label=_("Nguồn phát hiện"), required=False, choices=_all(_("Tất cả")) + Source.choices
    )
    province = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), required=False, coerce=int)
    commune = forms.TypedChoiceField(label=_("Xã/phường"), required=False, coerce=int)
    overdue = forms.BooleanField(label=_("Chỉ hồ sơ quá hạn"), required=False)

    def __init__(self, *args, provinces=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _all(_("Tất cả tỉnh/thành phố")) + list(provinces)
        self.fields["commune"].choices = _all(_("Tất cả xã/phường")) + list(communes)


class FollowUpFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    province = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), required=False, coerce=int)
    commune = forms.TypedChoiceField(label=_("Xã/phường"), required=False, coerce=int)

    def __init__(self, *args, provinces=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _all(_("Tất cả tỉnh/thành phố")) + list(provinces)
        self.fields["commune"].choices = _all(_("Tất cả xã/phường")) + list(communes)
