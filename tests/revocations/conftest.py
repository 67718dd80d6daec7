"""Certificates of Đà Nẵng (3★, 4★, 5★) and Hà Nội, and one user per role, for the revocation
tests. Certificates are built directly from model objects (tests/certification/conftest.py)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ocop.accounts.models import Department, Role
from ocop.certification.models import Decision
from tests.certification.conftest import make_certificate, make_decision, make_dossier
from tests.factories import ProducerFactory, ProductFactory, user_with_role

TODAY = datetime.date(2026, 11, 29)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="ket-luan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Every revocation test stands on TODAY (clock stopped at 10:00), while the scene's
    certificates, issued on 1 Jun 2025, are valid: not on the real date, after which they
    expire (31 May 2028) and no case could be opened on them."""
    time_machine.move_to(
        datetime.datetime.combine(TODAY, datetime.time(10), ZoneInfo("Asia/Ho_Chi_Minh")),
        tick=False,
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def certify(product, *, stars=4, number, issued_on=datetime.date(2025, 6, 1), central=False):
    dossier = make_dossier(product, stars=stars, score=Decimal("92" if stars == 5 else "75"))
    if central:
        decision = make_decision(
            [dossier], level=Decision.Level.CENTRAL, number=f"C{number}", date=issued_on
        )
    else:
        decision = make_decision([dossier], number=f"Q{number}", date=issued_on)
    return make_certificate(dossier, decision, number=number)


class Scene:
    """Producers, products, certificates and one user per role.

    - `dn`: a producer of Phường Hải Vân (Đà Nẵng) with a 3★ and a 4★ certificate;
    - `five`: a producer of Phường Hải Vân with a 5★ certificate (the Ministry's);
    - `qn`: a producer of a legacy Điện Bàn commune (former Quảng Nam, now Đà Nẵng), 3★;
    - `hn`: a producer of Phường Ba Đình (Hà Nội), 4★.
    """

    def __init__(self, units):
        self.units = units
        self.dn = ProducerFactory(name="Hợp tác xã Nước mắm Hải Vân", commune=units.hai_van)
        self.five = ProducerFactory(name="Công ty Sâm Hải Vân", commune=units.hai_van)
        self.qn = ProducerFactory(
            name="Hợp tác xã Chiếu cói Điện Bàn", commune=units.legacy_commune
        )
        self.hn = ProducerFactory(name="Công ty Trà Ba Đình", commune=units.hanoi_commune)
        self.three = certify(ProductFactory(producer=self.dn), stars=3, number="1/2025/GCN-OCOP-48")
        self.four = certify(ProductFactory(producer=self.dn), stars=4, number="2/2025/GCN-OCOP-48")
        self.five_star = certify(
            ProductFactory(producer=self.five), stars=5, number="1/2025/GCN-OCOP-TW", central=True
        )
        self.legacy = certify(
            ProductFactory(producer=self.qn), stars=3, number="3/2025/GCN-OCOP-48"
        )
        self.hanoi = certify(ProductFactory(producer=self.hn), stars=4, number="1/2025/GCN-OCOP-01")
        self.admin = user_with_role(Role.ADMIN, username="r_admin")
        self.ministry = user_with_role(Role.MINISTRY_OFFICER, username="r_ministry")
        self.agency = user_with_role(Role.AGENCY_OFFICER, unit=units.danang, username="r_agency")
        self.hanoi_agency = user_with_role(
            Role.AGENCY_OFFICER, unit=units.hanoi, username="r_agency_hn"
        )
        self.commune = user_with_role(
            Role.COMMUNE_OFFICER, unit=units.hai_van, username="r_commune"
        )
        self.other_commune = user_with_role(
            Role.COMMUNE_OFFICER, unit=units.other_danang_commune, username="r_commune2"
        )
        self.district = user_with_role(
            Role.DISTRICT_OFFICER, unit=units.legacy_district, username="r_district"
        )
        self.council = user_with_role(Role.COUNCIL_MEMBER, unit=units.danang, username="r_council")
        self.inspector = user_with_role(
            Role.INSPECTOR,
            unit=units.danang,
            department=Department.FOOD_SAFETY,
            username="r_inspector",
        )
        self.producer = user_with_role(Role.PRODUCER, producer=self.dn, username="r_producer")
        self.hanoi_producer = user_with_role(
            Role.PRODUCER, producer=self.hn, username="r_producer_hn"
        )


@pytest.fixture
def scene(db, units):
    return Scene(units)
