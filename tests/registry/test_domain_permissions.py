"""The registry's actions check who acts (the predicates of registry/rules.py) themselves: a
caller that forgets the check cannot bypass it. Each action called directly by an actor it does
not allow is refused with code "permission", changes nothing and audits nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ocop.accounts.models import Role
from ocop.audit.models import AuditEntry
from ocop.core.errors import DomainError
from ocop.registry import domain
from ocop.registry.models import (
    Producer,
    ProducerKind,
    ProducerStatus,
    ProducerStatusChange,
    Product,
    ProductPhoto,
    ProductSet,
)
from tests.factories import ProducerFactory, ProductFactory, tax_code, user_with_role

pytestmark = pytest.mark.django_db

# A 1×1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4c30000000049454e44ae426082"
)


class World:
    """A producer of Phường Hải Vân (Đà Nẵng) with a product and a photo, and the people."""

    def __init__(self, units):
        self.units = units
        self.producer = ProducerFactory(commune=units.hai_van, name="Hợp tác xã Nước mắm Hải Vân")
        self.other = ProducerFactory(commune=units.other_danang_commune, name="Cơ sở Trà Cẩm Lệ")
        self.product = ProductFactory(producer=self.producer, name="Nước mắm cá cơm Hải Vân")
        self.photo = ProductPhoto.objects.create(
            product=self.product,
            image=SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
            position=1,
        )
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang)
        self.commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van)
        self.other_commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.other_danang_commune)
        self.hanoi_agency = user_with_role(Role.AGENCY_OFFICER, unit=units.hanoi)
        self.inspector = user_with_role(Role.INSPECTOR, unit=units.danang, department="health")
        self.council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang)
        self.ministry = user_with_role(Role.MINISTRY_OFFICER)
        self.admin = user_with_role(Role.ADMIN)
        self.owner = user_with_role(Role.PRODUCER, producer=self.producer)
        self.other_owner = user_with_role(Role.PRODUCER, producer=self.other)
        self.anonymous = AnonymousUser()
        self.nobody = None


@pytest.fixture
def world(units, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return World(units)


def _state() -> tuple:
    """Everything the registry's actions could change, and the audit trail."""
    return (
        list(Producer.objects.order_by("pk").values()),
        list(Product.objects.order_by("pk").values()),
        list(ProductPhoto.objects.order_by("pk").values()),
        list(ProducerStatusChange.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def _producer_data(w):
    return {
        "name": "Hợp tác xã Mật ong Ngọc Linh",
        "kind": ProducerKind.COOPERATIVE,
        "registration_no": tax_code(90002),
        "legal_representative": "Nguyễn Thị Hoa",
        "commune": w.units.hai_van,
    }


def _image():
    return SimpleUploadedFile("moi.png", PNG, content_type="image/png")


ACTIONS = {
    "create_producer": lambda w, actor: domain.create_producer(actor=actor, data=_producer_data(w)),
    "update_producer": lambda w, actor: domain.update_producer(
        w.producer, actor=actor, data={"phone": "0236111222"}
    ),
    "delete_producer": lambda w, actor: domain.delete_producer(w.other, actor=actor),
    "change_producer_status": lambda w, actor: domain.change_producer_status(
        w.producer,
        actor=actor,
        status=ProducerStatus.SUSPENDED,
        date=timezone.localdate() - datetime.timedelta(days=1),
        reason="Tạm ngừng sản xuất để sửa chữa nhà xưởng.",
    ),
    "create_product": lambda w, actor: domain.create_product(
        w.producer,
        actor=actor,
        data={"name": "Nước mắm nhĩ", "product_set": ProductSet.objects.get(number=9)},
    ),
    "update_product": lambda w, actor: domain.update_product(
        w.product, actor=actor, data={"name": "Nước mắm cá cơm thượng hạng"}
    ),
    "delete_product": lambda w, actor: domain.delete_product(w.product, actor=actor),
    "add_photo": lambda w, actor: domain.add_photo(w.product, actor=actor, image=_image()),
    "remove_photo": lambda w, actor: domain.remove_photo(w.photo, actor=actor),
}
# `delete_producer` acts on the producer of Cẩm Lệ (one without products).
OWN_AREA_OF_OTHER = {"delete_producer"}

# action → the actors refused (every one a role or scope the predicates do not allow).
REFUSED = {
    "create_producer": [
        "inspector", "council", "ministry", "owner", "other_owner", "anonymous", "nobody",
    ],
    "update_producer": [
        "inspector", "council", "other_commune", "hanoi_agency", "other_owner", "anonymous",
    ],
    "delete_producer": [
        "inspector", "council", "ministry", "commune", "hanoi_agency", "other_owner",
    ],
    "change_producer_status": [
        "inspector", "council", "owner", "other_commune", "hanoi_agency", "anonymous",
    ],
    "create_product": [
        "inspector", "council", "other_commune", "hanoi_agency", "other_owner", "nobody",
    ],
    "update_product": ["inspector", "council", "other_commune", "hanoi_agency", "other_owner"],
    "delete_product": ["inspector", "council", "other_commune", "hanoi_agency", "other_owner"],
    "add_photo": ["inspector", "council", "other_commune", "hanoi_agency", "other_owner"],
    "remove_photo": ["inspector", "council", "other_commune", "hanoi_agency", "other_owner"],
}  # fmt: skip
# action → actors allowed (the same call goes through).
ALLOWED = {
    "create_producer": ["agency", "commune", "admin"],
    "update_producer": ["agency", "commune", "owner"],
    "delete_producer": ["agency", "other_commune", "admin"],
    "change_producer_status": ["agency", "commune"],
    "create_product": ["agency", "commune", "owner"],
    "update_product": ["agency", "commune", "owner"],
    "delete_product": ["agency", "owner"],
    "add_photo": ["commune", "owner"],
    "remove_photo": ["agency", "owner"],
}


@pytest.mark.parametrize(
    ("action", "who"), [(action, who) for action, whos in REFUSED.items() for who in whos]
)
def test_an_action_called_by_an_actor_it_does_not_allow_is_refused(world, action, who):
    before = _state()
    with pytest.raises(DomainError) as refusal:
        ACTIONS[action](world, getattr(world, who))
    assert refusal.value.code == "permission"
    assert str(refusal.value)
    assert _state() == before


@pytest.mark.parametrize(
    ("action", "who"), [(action, who) for action, whos in ALLOWED.items() for who in whos]
)
def test_the_same_call_by_an_allowed_actor_goes_through(world, action, who):
    entries = AuditEntry.objects.count()
    ACTIONS[action](world, getattr(world, who))
    assert AuditEntry.objects.count() > entries


def test_refusals_name_the_object(world):
    with pytest.raises(DomainError) as refusal:
        ACTIONS["change_producer_status"](world, world.inspector)
    assert "Hợp tác xã Nước mắm Hải Vân" in str(refusal.value)
    with pytest.raises(DomainError) as refusal:
        ACTIONS["delete_product"](world, world.other_owner)
    assert "Nước mắm cá cơm Hải Vân" in str(refusal.value)


@pytest.mark.parametrize(
    ("field", "value"), [("kind", ProducerKind.ENTERPRISE), ("registration_no", tax_code(777))]
)
def test_a_producer_account_may_not_change_its_registration_data(world, field, value):
    before = _state()
    with pytest.raises(DomainError) as refusal:
        domain.update_producer(world.producer, actor=world.owner, data={field: value})
    assert refusal.value.code == "permission"
    assert refusal.value.field == field
    assert _state() == before


def test_a_producer_account_edits_its_contact_data_with_its_registration_data_unchanged(world):
    producer = world.producer
    domain.update_producer(
        producer,
        actor=world.owner,
        data={
            "kind": producer.kind,
            "registration_no": f" {producer.registration_no} ",
            "phone": "0236999888",
        },
    )
    producer.refresh_from_db()
    assert producer.phone == "0236999888"
    officer_change = {"kind": ProducerKind.ENTERPRISE}
    domain.update_producer(producer, actor=world.commune, data=officer_change)
    producer.refresh_from_db()
    assert producer.kind == ProducerKind.ENTERPRISE
