"""Template helpers shared by the pages: unit labels, status badges and the audit trail."""

import datetime
from collections import defaultdict
from urllib.parse import unquote_plus

from django import template
from django.db import models
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.core.formatting import decimal_text, short_date
from ocop.core.middleware import LANGUAGE_PARAMETER
from ocop.geo.models import AdminUnit, Era

register = template.Library()

AUDIT_LIMIT = 200


@register.simple_tag
def unit_label(unit) -> str:
    """ "Phường Hải Vân, Thành phố Đà Nẵng" plus a "trước 2025" badge for a legacy unit."""
    if unit is None:
        return "—"
    names = [unit.name]
    parent = unit.parent if unit.parent_id else None
    while parent is not None:
        names.append(parent.name)
        parent = parent.parent if parent.parent_id else None
    text = ", ".join(names)
    if unit.era == Era.LEGACY:
        return format_html('{} <span class="badge badge-legacy">{}</span>', text, _("trước 2025"))
    return text


@register.simple_tag(takes_context=True)
def language_switch_next(context) -> str:
    """The page's address for the language switcher to return to, without `?lang=` (which
    would win over the language just chosen); the rest of the query is kept as it came."""
    path, _sep, query = context["request"].get_full_path().partition("?")
    kept = [
        part
        for part in query.split("&")
        if part and unquote_plus(part.partition("=")[0]) != LANGUAGE_PARAMETER
    ]
    return f"{path}?{'&'.join(kept)}" if kept else path


@register.simple_tag
def era_badge(unit) -> str:
    if unit is not None and unit.era == Era.LEGACY:
        return format_html('<span class="badge badge-legacy">{}</span>', _("trước 2025"))
    return ""


@register.simple_tag
def status_badge(producer) -> str:
    return format_html(
        '<span class="badge status-{}">{}</span>', producer.status, producer.get_status_display()
    )


def _display(field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Có") if value else _("Không")
    if field.is_relation:
        return related.get((field.related_model, value), f"#{value}")
    if isinstance(field, models.DateTimeField):
        try:
            return date_format(datetime.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(field, models.DateField):
        try:
            return short_date(datetime.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return decimal_text(value)
    return str(value)


def _concrete_field(model, name):
    """The model's own column called `name` (not a reverse relation), or None."""
    for field in model._meta.concrete_fields:
        if field.name == name:
            return field
    return None


def _related_labels(model, entries) -> dict:
    """Names of the units, sets, producers … that audit entries refer to by id, in one query
    per related model."""
    wanted = defaultdict(set)
    for entry in entries:
        for name, pair in (entry.changes or {}).items():
            field = _concrete_field(model, name)
            if field is not None and field.is_relation and isinstance(pair, list):
                wanted[field.related_model].update(v for v in pair if v not in (None, ""))
    labels = {}
    for related_model, ids in wanted.items():
        queryset = related_model._default_manager.filter(pk__in=ids)
        if related_model is AdminUnit:
            queryset = queryset.select_related("parent__parent")
        for obj in queryset:
            label = obj.label if isinstance(obj, AdminUnit) else str(obj)
            labels[(related_model, obj.pk)] = label
            labels[(related_model, str(obj.pk))] = label
    return labels


@register.simple_tag
def audit_trail(instance) -> list[dict]:
    """The audit entries of `instance`, newest first, each with readable field changes:
    `[{"entry", "changes": [{"label", "before", "after"}]}]`."""
    model = type(instance)
    entries = list(log.entries_for(instance)[:AUDIT_LIMIT])
    related = _related_labels(model, entries)
    order = {field.name: index for index, field in enumerate(model._meta.fields)}
    rows = []
    for entry in entries:
        changes = []
        for name, pair in sorted(
            (entry.changes or {}).items(), key=lambda item: order.get(item[0], 999)
        ):
            if entry.action == AuditAction.CREATE and pair in ([None, None], [None, ""]):
                continue
            field = _concrete_field(model, name)
            if field is not None:
                label = str(field.verbose_name)
            else:
                label = {"photos": _("ảnh")}.get(name, name)
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            changes.append(
                {
                    "label": label[:1].upper() + label[1:],
                    "before": _display(field, before, related),
                    "after": _display(field, after, related),
                }
            )
        rows.append({"entry": entry, "changes": changes})
    return rows


@register.filter
def points(value) -> str:
    """Points (a score) in the active language's notation: at most 2 decimals, rounded half
    up, no trailing zeros (66,6 in Vietnamese, 66.6 in English)."""
    return decimal_text(value, 2)


@register.filter
def bs(bound_field):
    """Render a form field's widget with Bootstrap classes (and `is-invalid` on errors)."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox":
        css = "form-check-input"
    elif input_type == "select" or widget.__class__.__name__.endswith("Select"):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})
