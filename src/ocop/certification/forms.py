"""Forms of the decision and certificate pages. They validate input only; the views call
`certification.domain`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.evaluation.models import Dossier
from ocop.registry.forms import DateInput, DomainErrorFormMixin

from . import reranking
from .models import CertificateStatus

MAX_EXPIRING_DAYS = 3650


class DecisionForm(DomainErrorFormMixin, forms.Form):
    """A draft recognition decision: its number, date, signer and the approved dossiers it
    lists. Any dossier of the province in the user's scope is accepted here; the domain action
    refuses those without an approved result, with its reason."""

    number = forms.CharField(
        label=_("Số quyết định"),
        max_length=60,
        error_messages={"required": _("Hãy nhập số quyết định.")},
    )
    date = forms.DateField(
        label=_("Ngày ký"),
        widget=DateInput(),
        error_messages={"required": _("Hãy nhập ngày ký."), "invalid": _("Ngày không hợp lệ.")},
    )
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=150,
        error_messages={"required": _("Hãy nhập người ký.")},
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=150,
        error_messages={"required": _("Hãy nhập chức vụ người ký.")},
    )
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Về việc công nhận sản phẩm đạt chuẩn OCOP”."),
    )
    dossiers = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm được công nhận"),
        queryset=Dossier.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Hãy chọn ít nhất một sản phẩm."),
            "invalid_choice": _("Hồ sơ được chọn không hợp lệ."),
            "invalid_pk_value": _("Hồ sơ được chọn không hợp lệ."),
        },
    )

    def __init__(self, *args, dossiers, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["dossiers"].queryset = dossiers


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[("", _("Tất cả")), *CertificateStatus.choices],
        required=False,
    )
    stars = forms.TypedChoiceField(
        label=_("Số sao"),
        coerce=int,
        empty_value=None,
        choices=[("", _("Tất cả")), *[(n, "★" * n) for n in range(3, 6)]],
        required=False,
    )
    expiring = forms.IntegerField(
        label=_("Hết hạn trong (ngày)"),
        min_value=1,
        max_value=MAX_EXPIRING_DAYS,
        required=False,
    )
    province = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), required=False, coerce=int)
    commune = forms.TypedChoiceField(label=_("Xã/phường"), required=False, coerce=int)

    def __init__(self, *args, provinces=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Tất cả tỉnh/thành phố")), *provinces]
        self.fields["commune"].choices = [("", _("Tất cả xã/phường")), *communes]


class RerankFilterForm(forms.Form):
    """The re-ranking list's filters: how far ahead, the unit, whether a dossier was filed."""

    DOSSIER_CHOICES = [
        ("", _("Tất cả")),
        ("none", _("Chưa có hồ sơ phân hạng lại")),
        ("started", _("Đã lập hồ sơ phân hạng lại")),
    ]

    q = forms.CharField(label=_("Tìm"), max_length=100, required=False)
    days = forms.IntegerField(
        label=_("Sắp mở thời hạn trong (ngày)"),
        min_value=0,
        max_value=reranking.MAX_AHEAD_DAYS,
        required=False,
        error_messages={
            "invalid": _("Hãy nhập số ngày là số nguyên."),
            "min_value": _("Số ngày không được âm."),
            "max_value": _("Số ngày không quá %(limit_value)s."),
        },
    )
    late = forms.BooleanField(label=_("Gồm cả giấy chứng nhận nộp muộn"), required=False)
    dossier = forms.ChoiceField(label=_("Hồ sơ"), choices=DOSSIER_CHOICES, required=False)
    province = forms.TypedChoiceField(label=_("Tỉnh/thành phố"), required=False, coerce=int)
    commune = forms.TypedChoiceField(label=_("Xã/phường"), required=False, coerce=int)

    def __init__(self, *args, provinces=(), communes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = [("", _("Tất cả tỉnh/thành phố")), *provinces]
        self.fields["commune"].choices = [("", _("Tất cả xã/phường")), *communes]
