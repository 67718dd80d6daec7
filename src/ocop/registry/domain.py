"""Registry actions: the only place producers and products are created, changed or removed.

Each action checks its guards, changes data inside one transaction and writes the audit trail.
Input is expected to be validated already (forms, serializers); the actions enforce who may act
(the predicates of rules.py: a refusal is a `DomainError` with code "permission"), scope and
business rules, and raise `DomainError` with a translatable message when one is broken.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.core.errors import DomainError
from ocop.geo.models import AdminUnit, Level

from .models import Producer, ProducerStatus, ProducerStatusChange, Product, ProductPhoto
from .rules import (
    can_add_product_for,
    can_change_status,
    can_edit_producer,
    can_edit_product,
    can_manage_producer,
    can_place_on,
    is_registry_editor,
    owns_producer,
)
from .signals import producer_status_changed
from .validators import normalize_registration_no

# Which status may follow which. A dissolved producer cannot come back: it registers anew.
STATUS_TRANSITIONS = {
    ProducerStatus.ACTIVE: {
        ProducerStatus.SUSPENDED,
        ProducerStatus.CEASED,
        ProducerStatus.DISSOLVED,
        ProducerStatus.LICENCE_REVOKED,
    },
    ProducerStatus.SUSPENDED: {
        ProducerStatus.ACTIVE,
        ProducerStatus.CEASED,
        ProducerStatus.DISSOLVED,
        ProducerStatus.LICENCE_REVOKED,
    },
    ProducerStatus.CEASED: {
        ProducerStatus.ACTIVE,
        ProducerStatus.DISSOLVED,
        ProducerStatus.LICENCE_REVOKED,
    },
    ProducerStatus.LICENCE_REVOKED: {ProducerStatus.ACTIVE, ProducerStatus.DISSOLVED},
    ProducerStatus.DISSOLVED: set(),
}

PRODUCER_FIELDS = (
    "name",
    "kind",
    "registration_no",
    "legal_representative",
    "representative_is_woman",
    "representative_is_ethnic_minority",
    "representative_has_disability",
    "address",
    "commune",
    "phone",
    "email",
    "workforce",
    "local_labour_share",
    "food_safety_cert_no",
    "food_safety_cert_expiry",
)
# Registration data: only officers change it (rules.can_manage_producer); a producer account
# edits its contact and workforce data.
OFFICER_ONLY_FIELDS = ("registration_no", "kind")
PRODUCT_FIELDS = ("name", "product_set", "description", "commune")
MAX_SEQUENCE = 999


def _require(allowed: bool, message) -> None:
    """Refuse an actor the registry's predicates do not allow (nothing is changed)."""
    if not allowed:
        raise DomainError(message, code="permission")


def _check_commune(actor, commune: AdminUnit) -> None:
    if commune is None or commune.level != Level.COMMUNE:
        raise DomainError(_("Hãy chọn một xã/phường."), field="commune")
    if not can_place_on(actor, commune):
        raise DomainError(
            _("Xã/phường %(name)s nằm ngoài phạm vi phụ trách của bạn.") % {"name": commune.name},
            field="commune",
        )


def _check_unique_registration(registration_no: str, *, exclude_pk=None) -> None:
    taken = Producer.objects.filter(registration_no=registration_no)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("Đã có chủ thể với mã số %(no)s.") % {"no": registration_no},
            field="registration_no",
        )


def create_producer(
    *,
    actor,
    data: dict,
    reason: str = "",
    registered_on: datetime.date | None = None,
) -> Producer:
    """Register a producer on a commune within the actor's scope.

    `registered_on` (default: today) dates the first entry of the status history, for records
    of producers registered in the past (imports, demo data)."""
    _require(
        is_registry_editor(actor),
        _("Chỉ cán bộ quản lý (tỉnh, huyện, xã) mới đăng ký chủ thể OCOP."),
    )
    values = {key: data[key] for key in PRODUCER_FIELDS if key in data}
    values["registration_no"] = normalize_registration_no(values.get("registration_no", ""))
    _check_commune(actor, values.get("commune"))
    _check_unique_registration(values["registration_no"])
    today = timezone.localdate()
    if registered_on is not None and registered_on > today:
        raise DomainError(_("Ngày đăng ký không được ở tương lai."), field="registered_on")
    with transaction.atomic():
        producer = Producer(**values)
        producer.status_since = registered_on or today
        producer.save()
        ProducerStatusChange.objects.create(
            producer=producer,
            from_status="",
            to_status=producer.status,
            date=producer.status_since,
            recorded_by=actor if actor and actor.is_authenticated else None,
        )
        log.record_create(producer, actor=actor, reason=reason)
    return producer


def update_producer(producer: Producer, *, actor, data: dict, reason: str = "") -> Producer:
    """Change a producer's registry data (not its status: see `change_producer_status`)."""
    _require(
        can_edit_producer(actor, producer),
        _("Bạn không có quyền sửa thông tin chủ thể %(name)s.") % {"name": producer.name},
    )
    values = {key: data[key] for key in PRODUCER_FIELDS if key in data}
    if "registration_no" in values:
        values["registration_no"] = normalize_registration_no(values["registration_no"])
    locked = [
        key
        for key in OFFICER_ONLY_FIELDS
        if key in values and values[key] != getattr(producer, key)
    ]
    if locked and not can_manage_producer(actor, producer):
        raise DomainError(
            _("Chỉ cán bộ quản lý mới được sửa mã số đăng ký và loại hình."),
            field=locked[0],
            code="permission",
        )
    if "registration_no" in values:
        _check_unique_registration(values["registration_no"], exclude_pk=producer.pk)
    if "commune" in values and values["commune"].pk != producer.commune_id:
        _check_commune(actor, values["commune"])
    with transaction.atomic():
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        before = log.snapshot(producer)
        for key, value in values.items():
            setattr(producer, key, value)
        changes = log.diff(before, log.snapshot(producer))
        if changes:
            producer.save()
            log.record(
                producer, actor=actor, action=AuditAction.UPDATE, changes=changes, reason=reason
            )
    return producer


def delete_producer(producer: Producer, *, actor, reason: str = "") -> None:
    """Remove a producer without products (officers of its area only)."""
    _require(
        can_manage_producer(actor, producer),
        _("Chỉ cán bộ quản lý địa bàn của chủ thể %(name)s mới được xoá chủ thể.")
        % {"name": producer.name},
    )
    if producer.products.exists():
        raise DomainError(
            _("Không thể xoá chủ thể đang có sản phẩm; hãy xoá hoặc chuyển sản phẩm trước.")
        )
    with transaction.atomic():
        log.record_delete(producer, actor=actor, reason=reason)
        producer.delete()


def change_producer_status(
    producer: Producer,
    *,
    actor,
    status: str,
    date: datetime.date,
    reason: str,
) -> Producer:
    """Move a producer to a new status on a date, keeping the dated history."""
    _require(
        can_change_status(actor, producer),
        _("Chỉ cán bộ quản lý địa bàn của chủ thể %(name)s mới được đổi tình trạng chủ thể.")
        % {"name": producer.name},
    )
    if not (reason or "").strip():
        raise DomainError(_("Hãy nêu lý do thay đổi tình trạng."), field="reason")
    if date > timezone.localdate():
        raise DomainError(_("Ngày hiệu lực không được ở tương lai."), field="date")
    with transaction.atomic():
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        current = ProducerStatus(producer.status)
        target = ProducerStatus(status)
        if target not in STATUS_TRANSITIONS[current]:
            raise DomainError(
                _("Không thể chuyển chủ thể từ tình trạng “%(from)s” sang “%(to)s”.")
                % {"from": current.label, "to": target.label},
                field="status",
            )
        if producer.status_since and date < producer.status_since:
            raise DomainError(
                _("Ngày hiệu lực không được trước ngày của tình trạng hiện tại (%(date)s).")
                % {"date": producer.status_since.strftime("%d/%m/%Y")},
                field="date",
            )
        ProducerStatusChange.objects.create(
            producer=producer,
            from_status=current,
            to_status=target,
            date=date,
            reason=reason,
            recorded_by=actor if actor and actor.is_authenticated else None,
        )
        changes = {
            "status": [current.value, target.value],
            "status_since": [
                producer.status_since.isoformat() if producer.status_since else None,
                date.isoformat(),
            ],
        }
        producer.status = target
        producer.status_since = date
        producer.save(update_fields=["status", "status_since", "updated_at", "search_text"])
        log.record(
            producer,
            actor=actor,
            action=AuditAction.STATUS_CHANGE,
            changes=changes,
            reason=reason,
        )
        producer_status_changed.send(
            sender=Producer,
            producer=producer,
            from_status=current.value,
            to_status=target.value,
            date=date,
            actor=actor,
            reason=reason,
        )
    return producer


def code_commune(commune: AdminUnit) -> AdminUnit:
    """The 2025-era commune whose code goes into a product code placed on `commune`."""
    if commune.is_current:
        return commune
    target = (
        AdminUnit.objects.filter(conversions_from__legacy_commune=commune)
        .order_by("conversions_from__partly_merged", "code")
        .select_related("province")
        .first()
    )
    if target is None:
        raise DomainError(
            _(
                "Xã/phường %(name)s (trước 2025) chưa có ánh xạ sang đơn vị hành chính từ 2025; "
                "không thể cấp mã sản phẩm."
            )
            % {"name": commune.name},
            field="commune",
        )
    return target


def _next_code(commune: AdminUnit, year: int) -> tuple[str, int]:
    unit = code_commune(commune)
    province_code = unit.province.code if unit.province_id else unit.parent.code
    prefix = f"{province_code:02d}-{unit.code:05d}-"
    # Serialise code allocation per commune (row lock on PostgreSQL; SQLite locks the file).
    AdminUnit.objects.select_for_update().filter(pk=unit.pk).exists()
    last = Product.objects.filter(code__startswith=prefix, code_year=year).aggregate(
        Max("code_sequence")
    )["code_sequence__max"]
    sequence = (last or 0) + 1
    if sequence > MAX_SEQUENCE:
        raise DomainError(
            _("Xã/phường %(name)s đã dùng hết %(max)d mã sản phẩm của năm %(year)d.")
            % {"name": unit.name, "max": MAX_SEQUENCE, "year": year}
        )
    return f"{prefix}{sequence:03d}-{year}", sequence


def create_product(
    producer: Producer, *, actor, data: dict, year: int | None = None, reason: str = ""
) -> Product:
    """Add a product to a producer and give it its legal code."""
    _require(
        can_add_product_for(actor, producer),
        _("Bạn không có quyền thêm sản phẩm cho chủ thể %(name)s.") % {"name": producer.name},
    )
    values = {key: data[key] for key in PRODUCT_FIELDS if key in data}
    values.setdefault("commune", producer.commune)
    _check_commune_for_product(actor, producer, values["commune"])
    year = year or timezone.localdate().year
    for _attempt in range(3):
        try:
            with transaction.atomic():
                code, sequence = _next_code(values["commune"], year)
                product = Product.objects.create(
                    producer=producer,
                    code=code,
                    code_year=year,
                    code_sequence=sequence,
                    **values,
                )
                log.record_create(product, actor=actor, reason=reason)
                return product
        except IntegrityError:
            continue
    raise DomainError(_("Không cấp được mã sản phẩm, hãy thử lại."))


def _check_commune_for_product(actor, producer: Producer, commune: AdminUnit) -> None:
    """Officers place products within their scope; a producer account on any commune of the
    province where it is registered."""
    if commune is None or commune.level != Level.COMMUNE:
        raise DomainError(_("Hãy chọn một xã/phường."), field="commune")
    if can_place_on(actor, commune):
        return
    if owns_producer(actor, producer.pk) and commune.current_province_id == (
        producer.commune.current_province_id
    ):
        return
    raise DomainError(
        _("Xã/phường %(name)s nằm ngoài phạm vi phụ trách của bạn.") % {"name": commune.name},
        field="commune",
    )


def update_product(product: Product, *, actor, data: dict, reason: str = "") -> Product:
    """Change a product's data; its code never changes."""
    _require_product_editor(actor, product)
    values = {key: data[key] for key in PRODUCT_FIELDS if key in data}
    if "commune" in values and values["commune"].pk != product.commune_id:
        _check_commune_for_product(actor, product.producer, values["commune"])
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = log.snapshot(product)
        for key, value in values.items():
            setattr(product, key, value)
        changes = log.diff(before, log.snapshot(product))
        if changes:
            product.save()
            log.record(
                product, actor=actor, action=AuditAction.UPDATE, changes=changes, reason=reason
            )
    return product


def _require_product_editor(actor, product: Product) -> None:
    _require(
        can_edit_product(actor, product),
        _("Bạn không có quyền sửa sản phẩm %(name)s.") % {"name": product.name},
    )


def delete_product(product: Product, *, actor, reason: str = "") -> None:
    """Remove a product and, once committed, its photo files."""
    _require(
        can_edit_product(actor, product),
        _("Bạn không có quyền xoá sản phẩm %(name)s.") % {"name": product.name},
    )
    with transaction.atomic():
        log.record_delete(product, actor=actor, reason=reason)
        photos = list(product.photos.all())
        product.delete()
    for photo in photos:
        transaction.on_commit(
            lambda name=photo.image.name, storage=photo.image.storage: storage.delete(name)
        )


def add_photo(product: Product, *, actor, image, caption: str = "") -> ProductPhoto:
    """Attach a validated image to a product (the change is audited on the product)."""
    _require_product_editor(actor, product)
    with transaction.atomic():
        position = (product.photos.aggregate(Max("position"))["position__max"] or 0) + 1
        photo = ProductPhoto.objects.create(
            product=product, image=image, caption=caption, position=position
        )
        log.record(
            product,
            actor=actor,
            action=AuditAction.UPDATE,
            changes={"photos": [None, photo.image.name]},
        )
    return photo


def remove_photo(photo: ProductPhoto, *, actor, reason: str = "") -> None:
    product = photo.product
    _require_product_editor(actor, product)
    name = photo.image.name
    storage = photo.image.storage
    with transaction.atomic():
        photo.delete()
        log.record(
            product,
            actor=actor,
            action=AuditAction.UPDATE,
            changes={"photos": [name, None]},
            reason=reason,
        )
    transaction.on_commit(lambda: storage.delete(name))
