"""Forms of the dossier pages. They validate input only; the views call `evaluation.domain`.

The official forms' entries (Mẫu 01, 02, 03, the advisory review) come from `forms_spec`, and the
self-assessment's choices from the dossier's score sheet, so nothing here repeats a legal text.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.core.errors import DomainError
from ocop.core.uploads import validate_upload
from ocop.criteria import scoring

from . import forms_spec
from .domain import MAX_SAMPLES
from .models import DossierKind, DossierState, PreparedBy

ANSWER_PREFIX = "answer_"
NOTE_PREFIX = "note_"
FILE_PREFIX = "file_"
REGISTRATION_PREFIX = "reg_"
REPORT_PREFIX = "report_"
NOTE_MAX = 2000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (field photos, advisory documents); optional."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


class DomainErrorFormMixin:
    """Attach a `DomainError` from an action to the field it names (or to the whole form)."""

    domain_field_map: dict = {}

    def add_domain_error(self, error: DomainError) -> None:
        field = self.domain_field_map.get(error.field, error.field)
        if field not in self.fields:
            field = None
        self.add_error(field, ValidationError(str(error.message), code=error.code))


def upload_problems(files) -> list[str]:
    """Content checks of uploaded files before anything is saved (the name proves nothing)."""
    problems = []
    for upload in files:
        try:
            validate_upload(upload)
        except DomainError as error:
            problems.append(
                _("Tệp “%(name)s” không được nhận: %(why)s")
                % {"name": upload.name, "why": error.message}
            )
    return problems


def _spec_field(spec: forms_spec.FormField, *, enforce: bool) -> forms.CharField:
    """A text field for one entry of an official form. `enforce`: required now (an action),
    else only marked as needed before submission (a draft may be partial)."""
    field = forms.CharField(
        label=spec.label,
        required=enforce and spec.required,
        max_length=10000 if spec.long else 255,
        widget=forms.Textarea(attrs={"rows": 3}) if spec.long else forms.TextInput,
        error_messages={
            "required": _("Hãy nhập “%(label)s”.") % {"label": spec.label},
            "max_length": _("“%(label)s” dài quá.") % {"label": spec.label},
        },
    )
    field.submit_required = spec.required
    return field


def _add_spec_fields(form, specs, prefix: str, values: dict, *, enforce: bool) -> None:
    for spec in specs:
        name = prefix + spec.key
        form.fields[name] = _spec_field(spec, enforce=enforce)
        form.fields[name].initial = (values or {}).get(spec.key, "")


def _spec_values(cleaned_data: dict, specs, prefix: str) -> dict:
    return {spec.key: cleaned_data.get(prefix + spec.key, "") for spec in specs}


# --- creating and editing a dossier -----------------------------------------------------------


class _ProducerPartMixin:
    """Mẫu 01 entries and who prepared the dossier, shared by the create and edit forms."""

    def add_producer_fields(self, dossier=None) -> None:
        _add_spec_fields(
            self,
            forms_spec.REGISTRATION_FIELDS,
            REGISTRATION_PREFIX,
            dossier.registration if dossier else {},
            enforce=False,
        )
        self.fields["prepared_by"] = forms.ChoiceField(
            label=gettext_lazy("Người xây dựng hồ sơ"),
            choices=PreparedBy.choices,
            initial=dossier.prepared_by if dossier else PreparedBy.SELF,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": gettext_lazy("Người xây dựng hồ sơ không hợp lệ.")},
        )
        self.fields["consultant_name"] = forms.CharField(
            label=gettext_lazy("Tên đơn vị/người tư vấn"),
            required=False,
            max_length=255,
            initial=dossier.consultant_name if dossier else "",
            help_text=gettext_lazy("Ghi khi hồ sơ do đơn vị tư vấn xây dựng."),
        )

    def registration(self) -> dict:
        return _spec_values(self.cleaned_data, forms_spec.REGISTRATION_FIELDS, REGISTRATION_PREFIX)

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("prepared_by") == PreparedBy.CONSULTANT
            and not (cleaned_data.get("consultant_name") or "").strip()
        ):
            self.add_error(
                "consultant_name", _("Hãy ghi tên đơn vị hoặc người tư vấn xây dựng hồ sơ.")
            )
        return cleaned_data


class DossierCreateForm(DomainErrorFormMixin, _ProducerPartMixin, forms.Form):
    """Open a dossier for a product: the kind of evaluation and Mẫu 01."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Loại hồ sơ"),
        choices=DossierKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Hãy chọn loại hồ sơ."),
            "invalid_choice": gettext_lazy("Loại hồ sơ không hợp lệ."),
        },
    )

    def __init__(self, *args, has_certificate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = DossierKind.UPGRADE if has_certificate else DossierKind.FIRST
        self.add_producer_fields()


def option_value(option: dict) -> str:
    """How an option of the sheet is posted: its points, prefixed by its case if it has one."""
    points = str(option["points"])
    return f"{option['case']}:{points}" if option.get("case") else points


def option_of_answer(options: list[dict], answer) -> dict | None:
    """The sheet's option a stored answer (points, or {"case", "points"}) stands for."""
    case = None
    points = answer
    if isinstance(answer, dict):
        case, points = answer.get("case"), answer.get("points")
    try:
        points = Decimal(str(points))
    except ArithmeticError:
        return None
    for option in options:
        same_case = case is None or option.get("case") == case
        if same_case and Decimal(str(option["points"])) == points:
            return option
    return None


def value_of_answer(options: list[dict], answer) -> str | None:
    """The posted value of a stored answer, or None."""
    option = option_of_answer(options, answer)
    return option_value(option) if option is not None else None


def answer_of_option(option: dict):
    """The answer stored for a chosen option: its points (as in the sheet), with its case."""
    if option.get("case"):
        return {"case": option["case"], "points": option["points"]}
    return option["points"]


def sheet_criteria(sheet: dict):
    """(part, group, criterion) for every criterion of a sheet, in order."""
    for part in sheet["parts"]:
        for group in part["groups"]:
            for criterion in group["criteria"]:
                yield part, group, criterion


class DossierEditForm(DomainErrorFormMixin, _ProducerPartMixin, forms.Form):
    """Everything the producer (or the commune on its behalf) fills in before submitting:
    Mẫu 01, Mẫu 02's report and its answer, note and evidence per criterion of the sheet,
    the samples delivered."""

    samples_delivered = forms.IntegerField(
        label=gettext_lazy("Số mẫu sản phẩm đã nộp"),
        min_value=0,
        max_value=32767,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Số mẫu phải là số nguyên."),
            "min_value": gettext_lazy("Số mẫu không được âm."),
            "max_value": gettext_lazy("Số mẫu lớn quá."),
        },
    )
    samples_delivered_on = forms.DateField(
        label=gettext_lazy("Ngày nộp mẫu"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ.")},
    )

    def __init__(self, *args, dossier, sheet: dict | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.sheet = sheet
        self.add_producer_fields(dossier)
        assessment = dossier.self_assessment or {}
        _add_spec_fields(
            self,
            forms_spec.REPORT_FIELDS,
            REPORT_PREFIX,
            assessment.get("report") or {},
            enforce=False,
        )
        self.fields["samples_delivered"].initial = dossier.samples_delivered
        self.fields["samples_delivered_on"].initial = dossier.samples_delivered_on
        self.options = {}
        answers = assessment.get("answers") or {}
        notes = assessment.get("notes") or {}
        for _part, _group, criterion in sheet_criteria(sheet or {"parts": []}):
            code = str(criterion["code"])
            options = criterion["options"]
            self.options[code] = {option_value(option): option for option in options}
            self.fields[ANSWER_PREFIX + code] = forms.ChoiceField(
                label=criterion.get("label", code),
                required=False,
                choices=[(option_value(o), o.get("label", "")) for o in options],
                initial=value_of_answer(options, answers[code]) if code in answers else None,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Mức điểm đã chọn không có trong tiêu chí %(code)s.")
                    % {"code": code}
                },
            )
            self.fields[NOTE_PREFIX + code] = forms.CharField(
                label=_("Giải trình"),
                required=False,
                max_length=NOTE_MAX,
                initial=notes.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"max_length": _("Giải trình dài quá.")},
            )
            self.fields[FILE_PREFIX + code] = MultipleFileField(label=_("Minh chứng"))

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            if name.startswith(FILE_PREFIX) and value:
                for problem in upload_problems(value):
                    self.add_error(name, problem)
        return cleaned_data

    def self_assessment(self) -> dict:
        answers, notes = {}, {}
        for code, options in self.options.items():
            chosen = self.cleaned_data.get(ANSWER_PREFIX + code)
            if chosen:
                answers[code] = answer_of_option(options[chosen])
            note = (self.cleaned_data.get(NOTE_PREFIX + code) or "").strip()
            if note:
                notes[code] = note
        report = _spec_values(self.cleaned_data, forms_spec.REPORT_FIELDS, REPORT_PREFIX)
        return {"answers": answers, "notes": notes, "report": report}

    def domain_data(self) -> dict:
        """The values handed to `domain.update_dossier`."""
        return {
            "registration": self.registration(),
            "self_assessment": self.self_assessment(),
            "prepared_by": self.cleaned_data["prepared_by"],
            "consultant_name": (self.cleaned_data.get("consultant_name") or "").strip(),
            "samples_delivered": self.cleaned_data.get("samples_delivered") or 0,
            "samples_delivered_on": self.cleaned_data.get("samples_delivered_on"),
        }

    def uploads(self) -> list[tuple[str, object]]:
        """(criterion code, file) of every file attached in this post."""
        return [
            (code, upload)
            for code in self.options
            for upload in self.cleaned_data.get(FILE_PREFIX + code) or []
        ]


def running_total(sheet: dict, answers: dict, *, bands, min_stars: int) -> dict:
    """The self-assessment's total so far; with every criterion answered, the engine's stars
    and explanation."""
    criteria = scoring.criteria_of(sheet)
    total = Decimal(0)
    answered = 0
    for code, answer in answers.items():
        if code not in criteria:
            continue
        try:
            total += scoring.check_answer(criteria[code], answer)
        except DomainError:
            continue
        answered += 1
    result = None
    if answered == len(criteria):
        try:
            result = scoring.evaluate(sheet, answers, bands=bands, certifiable_min_stars=min_stars)
        except DomainError:
            result = None
    maximum = sum((criterion.max for criterion in criteria.values()), Decimal(0))
    return {
        "total": total,
        "max": maximum,
        "answered": answered,
        "count": len(criteria),
        "result": result,
    }


# --- actions on a dossier ---------------------------------------------------------------------


class ReasonForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Hãy ghi rõ lý do.")},
    )


class OptionalReasonForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False
        self.fields["reason"].label = _("Lý do (không bắt buộc)")


class AssessmentForm(DomainErrorFormMixin, forms.Form):
    """Mẫu 03: the commune's report on the dossier."""

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        values = dossier.commune_assessment if dossier else {}
        _add_spec_fields(self, forms_spec.ASSESSMENT_FIELDS, "", values, enforce=True)

    def assessment(self) -> dict:
        return _spec_values(self.cleaned_data, forms_spec.ASSESSMENT_FIELDS, "")


class InspectionForm(DomainErrorFormMixin, forms.Form):
    """The district's field inspection minutes, with photos."""

    date = forms.DateField(
        label=gettext_lazy("Ngày kiểm tra"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Hãy nhập ngày kiểm tra."),
            "invalid": gettext_lazy("Ngày không hợp lệ."),
        },
    )
    people = forms.CharField(
        label=gettext_lazy("Thành phần tham gia"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Hãy ghi thành phần tham gia.")},
    )
    findings = forms.CharField(
        label=gettext_lazy("Kết quả kiểm tra"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Hãy ghi kết quả kiểm tra.")},
    )
    photos = MultipleFileField(label=gettext_lazy("Ảnh kiểm tra thực tế (JPEG, PNG hoặc PDF)"))

    def clean_photos(self):
        photos = self.cleaned_data.get("photos") or []
        problems = upload_problems(photos)
        if problems:
            raise ValidationError(problems)
        return photos


class AdvisoryForm(DomainErrorFormMixin, forms.Form):
    """The advisory team's review, with its documents."""

    documents = MultipleFileField(label=gettext_lazy("Tài liệu thẩm định (PDF, JPEG, PNG)"))

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        values = dossier.advisory_review if dossier else {}
        _add_spec_fields(self, forms_spec.ADVISORY_FIELDS, "", values, enforce=True)
        self.order_fields([spec.key for spec in forms_spec.ADVISORY_FIELDS] + ["documents"])

    def clean_documents(self):
        documents = self.cleaned_data.get("documents") or []
        problems = upload_problems(documents)
        if problems:
            raise ValidationError(problems)
        return documents

    def review(self) -> dict:
        return _spec_values(self.cleaned_data, forms_spec.ADVISORY_FIELDS, "")


class MinistryResultForm(DomainErrorFormMixin, forms.Form):
    score = forms.DecimalField(
        label=gettext_lazy("Điểm của Hội đồng cấp trung ương"),
        min_value=0,
        max_value=100,
        max_digits=7,
        decimal_places=4,
        error_messages={
            "required": gettext_lazy("Hãy nhập điểm."),
            "invalid": gettext_lazy("Điểm phải là một số."),
            "min_value": gettext_lazy("Điểm phải từ 0 đến 100."),
            "max_value": gettext_lazy("Điểm phải từ 0 đến 100."),
            "max_digits": gettext_lazy("Điểm không hợp lệ."),
            "max_decimal_places": gettext_lazy("Điểm chỉ ghi tối đa 4 chữ số thập phân."),
        },
    )
    decision_no = forms.CharField(
        label=gettext_lazy("Số quyết định của Bộ"),
        max_length=60,
        error_messages={"required": gettext_lazy("Hãy nhập số quyết định của Bộ.")},
    )


class SamplesForm(DomainErrorFormMixin, forms.Form):
    """The product samples the officer received with the dossier (26/2026 Art. 6.2.d)."""

    count = forms.IntegerField(
        label=gettext_lazy("Số sản phẩm mẫu đã nhận"),
        min_value=1,
        max_value=MAX_SAMPLES,
        error_messages={
            "required": gettext_lazy("Hãy nhập số mẫu đã nhận."),
            "invalid": gettext_lazy("Số mẫu phải là một số nguyên."),
            "min_value": gettext_lazy("Số mẫu phải từ 1 trở lên."),
            "max_value": gettext_lazy("Số mẫu quá lớn."),
        },
    )
    received_on = forms.DateField(
        label=gettext_lazy("Ngày nhận mẫu"),
        widget=DateInput(),
        error_messages={
            "required": gettext_lazy("Hãy nhập ngày nhận mẫu."),
            "invalid": gettext_lazy("Ngày không hợp lệ."),
        },
    )

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        if dossier is not None:
            # What the officer confirmed before, else what the producer declared handing in.
            self.fields["count"].initial = (
                dossier.samples_confirmed or dossier.samples_delivered or None
            )
            self.fields["received_on"].initial = (
                dossier.samples_confirmed_on or timezone.localdate()
            )


# Which form an action needs (an action without one is a plain button).
ACTION_FORMS = {
    "return": ReasonForm,
    "disqualify": ReasonForm,
    "withdraw": OptionalReasonForm,
    "assess": AssessmentForm,
    "inspect": InspectionForm,
    "advisory-review": AdvisoryForm,
    "record-ministry-result": MinistryResultForm,
    "confirm-samples": SamplesForm,
}
FORMS_WITH_DOSSIER = {AssessmentForm, AdvisoryForm, SamplesForm}


def action_form(name: str, *, dossier, data=None, files=None):
    """The form of action `name` (bound when `data` is given), or None."""
    form_class = ACTION_FORMS.get(name)
    if form_class is None:
        return None
    kwargs = {"dossier": dossier} if form_class in FORMS_WITH_DOSSIER else {}
    prefix = name.replace("-", "_")
    return form_class(data, files, prefix=prefix, **kwargs)


# --- the list's filters -----------------------------------------------------------------------


class DossierFilter(django_filters.FilterSet):
    """The list page's filters (the search text and "overdue only" are applied by the view)."""

    q = django_filters.CharFilter(
        label=gettext_lazy("Tìm theo tên hoặc mã sản phẩm"), method="filter_nothing", max_length=100
    )
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"),
        choices=DossierState.choices,
        empty_label=gettext_lazy("Mọi trạng thái"),
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Loại hồ sơ"),
        choices=DossierKind.choices,
        empty_label=gettext_lazy("Mọi loại hồ sơ"),
    )
    round = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Đợt đánh giá"),
        queryset=None,
        empty_label=gettext_lazy("Mọi đợt"),
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Chỉ hồ sơ quá hạn"),
        method="filter_nothing",
        widget=forms.CheckboxInput,
    )

    def __init__(self, data=None, queryset=None, *, rounds=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["round"].queryset = rounds

    def filter_nothing(self, queryset, name, value):
        return queryset
