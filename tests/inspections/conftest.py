"""People and places of the inspection tests: Đà Nẵng (whose scope includes the former Quảng
Nam) and Hà Nội, certified products in both, and one user per role and scope."""

import datetime

import pytest
import time_machine

from ocop.accounts.models import Department, Role
from ocop.inspections import checklist, domain
from tests.certification.conftest import certified_product
from tests.factories import ProducerFactory, ProductFactory, user_with_role

TODAY = datetime.date(2027, 5, 20)
ISSUED = datetime.date(2026, 1, 15)
AG = Department.AGRICULTURE_ENVIRONMENT
HEALTH = Department.HEALTH
PERIOD = (datetime.date(2027, 4, 1), datetime.date(2027, 6, 30))
VISIT_DAY = datetime.date(2027, 5, 12)


def all_met(**changes) -> dict:
    """A checklist with every item met, but for `changes` ({code: "no" | "na"})."""
    return {
        code: {"answer": changes.get(code, checklist.YES), "note": ""} for code in checklist.CODES
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def frozen():
    """The inspections happen in May 2027."""
    with time_machine.travel(datetime.datetime(2027, 5, 20, 9, 0), tick=False):
        yield TODAY


@pytest.fixture
def world(db, units):
    """Certified products in Hải Vân (Đà Nẵng), a legacy Quảng Nam commune (now Đà Nẵng) and
    Hà Nội, and one user per role."""

    class World:
        fish_sauce = certified_product(
            name="Nước mắm cá cơm Hải Vân",
            producer_name="Hợp tác xã Nước mắm Hải Vân",
            commune=units.hai_van,
            number="12/2026/GCN-OCOP-48",
            issued_on=ISSUED,
        )
        mat = certified_product(
            name="Chiếu cói Điện Bàn",
            producer_name="Hợp tác xã Chiếu cói Điện Bàn",
            commune=units.legacy_commune,
            number="13/2026/GCN-OCOP-48",
            issued_on=ISSUED,
        )
        tea = certified_product(
            name="Trà sen Tây Hồ",
            producer_name="Công ty Trà Ba Đình",
            commune=units.hanoi_commune,
            number="3/2026/GCN-OCOP-01",
            issued_on=ISSUED,
        )
        uncertified = ProductFactory(
            producer=ProducerFactory(commune=units.other_danang_commune, name="Cơ sở Trà Cẩm Lệ")
        )

    World.hai_van = World.fish_sauce.producer
    World.dien_ban = World.mat.producer
    World.hanoi = World.tea.producer
    World.admin = user_with_role(Role.ADMIN, username="i_admin")
    World.ministry = user_with_role(Role.MINISTRY_OFFICER, username="i_ministry")
    World.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="i_agency")
    World.hanoi_agency = user_with_role(
        Role.AGENCY_OFFICER, unit=units.hanoi, username="i_hanoi_agency"
    )
    World.inspector = user_with_role(
        Role.INSPECTOR, unit=units.danang, department=AG, username="i_inspector"
    )
    World.health_inspector = user_with_role(
        Role.INSPECTOR, unit=units.danang, department=HEALTH, username="i_health"
    )
    World.hanoi_inspector = user_with_role(
        Role.INSPECTOR, unit=units.hanoi, department=AG, username="i_hanoi_inspector"
    )
    World.commune = user_with_role(Role.COMMUNE_OFFICER, unit=units.hai_van, username="i_commune")
    World.council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang, username="i_council")
    World.producer = user_with_role(
        Role.PRODUCER, producer=World.fish_sauce.producer, username="i_producer"
    )
    World.units = units
    return World


def make_plan(world, *, actor=None, department=AG, province=None, targets=None, **extra):
    data = {
        "title": "Kiểm tra định kỳ sản phẩm OCOP quý II/2027",
        "kind": "periodic",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        **extra,
    }
    if targets is None:
        targets = [(world.hai_van, None), (world.dien_ban, world.mat.product)]
    return domain.create_plan(
        actor=actor or world.agency,
        province=province or world.units.danang,
        department=department,
        targets=targets,
        **data,
    )


@pytest.fixture
def plan(world):
    """Agriculture's plan in Đà Nẵng for April–June 2027: Hải Vân (all products), Điện Bàn's
    mat."""
    return make_plan(world)


@pytest.fixture
def health_plan(world):
    return make_plan(world, department=HEALTH, title="Kiểm tra ATTP nước mắm")


@pytest.fixture
def hanoi_plan(world):
    return make_plan(
        world,
        actor=world.hanoi_agency,
        province=world.units.hanoi,
        targets=[(world.hanoi, None)],
        title="Kiểm tra sản phẩm OCOP Hà Nội",
    )


@pytest.fixture
def visit(world, plan):
    return domain.record_visit(
        plan,
        actor=world.inspector,
        producer=world.hai_van,
        product=world.fish_sauce.product,
        date=VISIT_DAY,
        inspectors="Võ Thị Ngọc Ánh (Sở NN&MT); Lê Văn Bình (Chi cục QLCL)",
        checklist=all_met(label_correct="no"),
        conclusion="Nhãn chưa ghi đúng hạng sao.",
        today=TODAY,
    )
