import datetime
import re

import pytest
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditAction, AuditEntry
from ocop.core.errors import DomainError
from ocop.geo.models import AdminUnit, Era, Level
from ocop.registry import domain
from ocop.registry.models import Producer, ProducerKind, ProducerStatus, ProductSet
from tests.factories import ProducerFactory, tax_code, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(units):
    return user_with_role(Role.AGENCY_OFFICER, unit=units.danang)


def producer_data(commune, **overrides):
    data = {
        "name": "Hợp tác xã Nước mắm Cửa Khe",
        "kind": ProducerKind.COOPERATIVE,
        "registration_no": tax_code(90001),
        "legal_representative": "Nguyễn Thị Hoa",
        "representative_is_woman": True,
        "commune": commune,
    }
    data.update(overrides)
    return data


def test_create_producer_records_status_history_and_audit(agency, units):
    producer = domain.create_producer(actor=agency, data=producer_data(units.hai_van))

    assert producer.status == ProducerStatus.ACTIVE
    assert producer.status_changes.get().to_status == ProducerStatus.ACTIVE
    entry = AuditEntry.objects.get(object_type="producer", object_id=str(producer.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == agency
    assert entry.changes["name"] == [None, "Hợp tác xã Nước mắm Cửa Khe"]
    assert entry.changes["commune"] == [None, units.hai_van.pk]


def test_create_producer_normalises_registration_no(agency, units):
    number = tax_code(90002)
    spaced = f"{number[:4]} {number[4:7]}.{number[7:]}"

    producer = domain.create_producer(
        actor=agency, data=producer_data(units.hai_van, registration_no=spaced)
    )

    assert producer.registration_no == number


def test_create_producer_refuses_duplicate_registration_no(agency, units):
    existing = ProducerFactory()

    with pytest.raises(DomainError) as error:
        domain.create_producer(
            actor=agency,
            data=producer_data(units.hai_van, registration_no=existing.registration_no),
        )

    assert error.value.field == "registration_no"
    assert Producer.objects.count() == 1


def test_create_producer_refuses_commune_outside_scope(agency, units):
    with pytest.raises(DomainError) as error:
        domain.create_producer(actor=agency, data=producer_data(units.hanoi_commune))

    assert error.value.field == "commune"
    assert not Producer.objects.exists()
    assert not AuditEntry.objects.exists()


def test_create_producer_on_legacy_commune_of_merged_province(agency, units):
    producer = domain.create_producer(actor=agency, data=producer_data(units.legacy_commune))

    assert producer.commune.era == Era.LEGACY


def test_update_producer_audits_only_changed_fields(agency):
    producer = ProducerFactory(phone="0905000000")

    domain.update_producer(
        producer,
        actor=agency,
        data={"phone": "0905111222", "name": producer.name},
        reason="Cập nhật",
    )

    entry = AuditEntry.objects.get(object_type="producer", action=AuditAction.UPDATE)
    assert entry.changes == {"phone": ["0905000000", "0905111222"]}
    assert entry.reason == "Cập nhật"


def test_update_producer_without_change_writes_no_audit(agency):
    producer = ProducerFactory()

    domain.update_producer(producer, actor=agency, data={"name": producer.name})

    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_delete_producer_with_products_is_refused(agency, units):
    producer = ProducerFactory()
    domain.create_product(
        producer,
        actor=agency,
        data={"name": "Nước mắm", "product_set": ProductSet.objects.get(number=9)},
    )

    with pytest.raises(DomainError):
        domain.delete_producer(producer, actor=agency)

    assert Producer.objects.filter(pk=producer.pk).exists()


def test_delete_producer_audits_before_values(agency):
    producer = ProducerFactory()
    pk = producer.pk

    domain.delete_producer(producer, actor=agency, reason="Nhập trùng")

    entry = AuditEntry.objects.get(object_type="producer", object_id=str(pk))
    assert entry.action == AuditAction.DELETE
    assert entry.changes["name"][1] is None
    assert entry.reason == "Nhập trùng"


def test_change_status_keeps_dated_history(agency):
    producer = ProducerFactory(status_since=datetime.date(2024, 1, 1))
    day = timezone.localdate() - datetime.timedelta(days=3)

    domain.change_producer_status(
        producer, actor=agency, status=ProducerStatus.CEASED, date=day, reason="Ngừng sản xuất"
    )

    producer.refresh_from_db()
    assert producer.status == ProducerStatus.CEASED
    assert producer.status_since == day
    change = producer.status_changes.get()
    assert (change.from_status, change.to_status, change.date) == ("active", "ceased", day)
    entry = AuditEntry.objects.get(action=AuditAction.STATUS_CHANGE)
    assert entry.changes["status"] == ["active", "ceased"]


@pytest.mark.parametrize(
    ("start", "target"),
    [(ProducerStatus.DISSOLVED, ProducerStatus.ACTIVE), (ProducerStatus.ACTIVE, "active")],
)
def test_change_status_refuses_transition_outside_table(agency, start, target):
    producer = ProducerFactory(status=start)

    with pytest.raises(DomainError) as error:
        domain.change_producer_status(
            producer, actor=agency, status=target, date=timezone.localdate(), reason="x"
        )

    assert error.value.field == "status"
    producer.refresh_from_db()
    assert producer.status == start


def test_change_status_requires_reason_and_past_date(agency):
    producer = ProducerFactory()

    with pytest.raises(DomainError):
        domain.change_producer_status(
            producer, actor=agency, status="ceased", date=timezone.localdate(), reason=" "
        )
    with pytest.raises(DomainError):
        domain.change_producer_status(
            producer,
            actor=agency,
            status="ceased",
            date=timezone.localdate() + datetime.timedelta(days=1),
            reason="Dự kiến",
        )
    assert not producer.status_changes.exists()


def test_product_code_has_legal_format_and_sequence(agency, units):
    producer = ProducerFactory(commune=units.hai_van)
    fish_sauce = ProductSet.objects.get(number=9)

    first = domain.create_product(
        producer, actor=agency, data={"name": "Nước mắm 1", "product_set": fish_sauce}, year=2026
    )
    second = domain.create_product(
        producer, actor=agency, data={"name": "Nước mắm 2", "product_set": fish_sauce}, year=2026
    )
    other_year = domain.create_product(
        producer, actor=agency, data={"name": "Nước mắm 3", "product_set": fish_sauce}, year=2025
    )

    assert first.code == "48-20194-001-2026"
    assert second.code == "48-20194-002-2026"
    assert other_year.code == "48-20194-001-2025"


def test_product_code_on_legacy_commune_uses_its_2025_commune(agency, units):
    legacy = units.legacy_commune
    current = AdminUnit.objects.filter(conversions_from__legacy_commune=legacy).order_by(
        "conversions_from__partly_merged", "code"
    )[0]
    producer = ProducerFactory(commune=legacy)

    product = domain.create_product(
        producer,
        actor=agency,
        data={"name": "Đèn lồng", "product_set": ProductSet.objects.get(number=21)},
        year=2022,
    )

    assert re.fullmatch(r"48-\d{5}-001-2022", product.code)
    assert product.code.split("-")[1] == f"{current.code:05d}"


def test_product_on_commune_outside_scope_is_refused(units):
    commune_officer = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
    producer = ProducerFactory(commune=units.hai_van)

    with pytest.raises(DomainError) as error:
        domain.create_product(
            producer,
            actor=commune_officer,
            data={
                "name": "Trà",
                "product_set": ProductSet.objects.get(number=12),
                "commune": units.other_danang_commune,
            },
        )

    assert error.value.field == "commune"
    assert not producer.products.exists()


def test_producer_account_may_add_product_in_its_province(units):
    producer = ProducerFactory(commune=units.hai_van)
    owner = user_with_role(Role.PRODUCER, producer=producer)

    product = domain.create_product(
        producer,
        actor=owner,
        data={
            "name": "Trà thảo mộc",
            "product_set": ProductSet.objects.get(number=12),
            "commune": units.other_danang_commune,
        },
    )

    assert product.commune == units.other_danang_commune
    with pytest.raises(DomainError):
        domain.create_product(
            producer,
            actor=owner,
            data={
                "name": "Trà",
                "product_set": ProductSet.objects.get(number=12),
                "commune": units.hanoi_commune,
            },
        )


def test_update_product_keeps_code(agency):
    producer = ProducerFactory()
    product = domain.create_product(
        producer,
        actor=agency,
        data={"name": "Mì Quảng", "product_set": ProductSet.objects.get(number=6)},
    )
    code = product.code

    domain.update_product(product, actor=agency, data={"name": "Mì Quảng Phú Chiêm"})

    product.refresh_from_db()
    assert product.code == code
    assert product.name == "Mì Quảng Phú Chiêm"
    assert AuditEntry.objects.filter(object_type="product", action=AuditAction.UPDATE).count() == 1


def test_legacy_commune_is_a_commune_level_unit(units):
    assert units.legacy_commune.level == Level.COMMUNE
