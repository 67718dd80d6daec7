"""Decisions and certificates built directly from model objects (the issuing action is tested
on its own): a recognised dossier of a product, the decision listing it, its certificate."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ocop.certification.models import Certificate, Decision, DecisionItem
from ocop.criteria.models import Rulebook
from ocop.evaluation.models import Dossier
from ocop.geo.models import Era, Level
from tests.factories import ProducerFactory, ProductFactory

SIGNED_ON = datetime.date(2026, 11, 29)
RULEBOOK = "qd-26-2026"
# A week after SIGNED_ON: the day the tests that read a status "today" stand on.
WEEK_AFTER_SIGNING = datetime.datetime(2026, 12, 6, 10, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def province_of(commune):
    return commune.__class__.objects.get(
        pk=commune.current_province_id, era=Era.CURRENT, level=Level.PROVINCE
    )


def make_dossier(product, *, rulebook=None, stars=4, score=Decimal("78.5")) -> Dossier:
    """A recognised first-time dossier of `product`, in the product's current province."""
    return Dossier.objects.create(
        product=product,
        producer=product.producer,
        commune=product.commune,
        province=province_of(product.commune),
        kind="first",
        state="recognised",
        rulebook=rulebook or Rulebook.objects.get(slug=RULEBOOK),
        stars=stars,
        score=score,
    )


def make_decision(
    dossiers,
    *,
    province=None,
    level=Decision.Level.PROVINCE,
    number="1234/QĐ-UBND",
    date=SIGNED_ON,
    status=Decision.Status.ISSUED,
) -> Decision:
    """A decision listing `dossiers` in order, at the stars each dossier reached."""
    if province is None and level == Decision.Level.PROVINCE:
        province = dossiers[0].province
    decision = Decision.objects.create(
        level=level,
        province=province,
        number=number,
        date=date,
        signer_name="Nguyễn Văn Thắng",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        status=status,
    )
    for position, dossier in enumerate(dossiers, start=1):
        DecisionItem.objects.create(
            decision=decision, dossier=dossier, stars=dossier.stars, position=position
        )
    return decision


def make_certificate(
    dossier,
    decision,
    *,
    number: str,
    issued_on=None,
    valid_until=None,
    **extra,
) -> Certificate:
    issued_on = issued_on or decision.date
    months = dossier.rulebook.data["certificate"]["validity_months"]
    producer = dossier.producer
    return Certificate.objects.create(
        number=number,
        decision=decision,
        dossier=dossier,
        product=dossier.product,
        producer=producer,
        province=decision.province,
        rulebook=dossier.rulebook,
        stars=dossier.stars,
        score=dossier.score,
        issued_on=issued_on,
        valid_until=valid_until or add_months(issued_on, months) - datetime.timedelta(days=1),
        product_name=dossier.product.name,
        producer_name=producer.name,
        producer_address=f"{producer.address}, {producer.commune.name}, "
        f"{province_of(producer.commune).name}",
        **extra,
    )


def certified_product(*, name: str, producer_name: str, commune, number: str, **certificate):
    """A product of a new producer in `commune`, recognised by its own decision."""
    producer = ProducerFactory(name=producer_name, commune=commune)
    product = ProductFactory(producer=producer, name=name)
    dossier = make_dossier(product)
    decision = make_decision([dossier], number=f"{number.split('/')[0]}/QĐ-UBND")
    return make_certificate(dossier, decision, number=number, **certificate)


@pytest.fixture
def week_after_signing(time_machine):
    """The clock stopped a week after SIGNED_ON, while the certificates made here are valid:
    for the tests that read a status as of today (otherwise they fail once those expire)."""
    time_machine.move_to(WEEK_AFTER_SIGNING, tick=False)
    return WEEK_AFTER_SIGNING.date()


@pytest.fixture
def certificate(db, units):
    """A valid 4-star certificate of Đà Nẵng (Phường Hải Vân), numbered with slashes."""
    return certified_product(
        name="Nước mắm cá cơm Hải Vân thượng hạng",
        producer_name="Hợp tác xã Nước mắm Hải Vân",
        commune=units.hai_van,
        number="12/2026/GCN-OCOP-48",
    )


@pytest.fixture
def hanoi_certificate(db, units):
    return certified_product(
        name="Trà sen Tây Hồ",
        producer_name="Công ty Trà Ba Đình",
        commune=units.hanoi_commune,
        number="3/2026/GCN-OCOP-01",
    )
