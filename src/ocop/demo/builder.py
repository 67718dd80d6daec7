"""Build the demo province through the registry's domain actions.

`make_plan()` decides everything from a fixed seed and the loaded administrative units, without
reading any registry data, so the plan is the same on every run. `build_demo()` then creates what
is missing: producers are recognised by their registration numbers, products by producer and
name, accounts by username. A second run therefore creates nothing.
"""

import datetime
import functools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from ocop.accounts.models import Membership, Role, User
from ocop.audit import log
from ocop.audit.models import AuditAction
from ocop.core.errors import DomainError
from ocop.core.text import fold
from ocop.geo.models import AdminUnit, Era, Level, UnitConversion
from ocop.registry import domain
from ocop.registry.models import Producer, ProducerKind, ProducerStatus, Product, ProductSet

from . import evaluation, history, inspections, lifecycle, names
from . import revocations as revocation_demo
from .catalogue import (
    ADMIN_ACCOUNT,
    ASSOCIATIONS,
    BRANDS,
    DEMO_ACCOUNTS,
    ORDINAL_NICKNAMES,
    PRODUCER_USERNAME,
    SHOWCASE,
    SPECIALTIES,
    Specialty,
)

SEED = 20250701
PROVINCE_CODE = 48  # Thành phố Đà Nẵng, 2025 era
LEGACY_DANANG_DISTRICTS = range(490, 500)  # legacy Đà Nẵng: its wards are recorded on 2025 units
MOUNTAIN_DISTRICTS = {504, 505, 510, 511, 515, 516}
# Share of the former Quảng Nam's producers still recorded on their legacy commune.
LEGACY_RECORD_SHARE = 0.18
EMAIL_DOMAIN = "ocop-demo.vn"
LATEST_EVENT = datetime.date(2026, 6, 30)
QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"

# How many producers of each kind (QĐ 26/2026 kinds; ~32 % / 22 % / 32 % / the rest).
KIND_COUNTS = {
    ProducerKind.COOPERATIVE: 121,
    ProducerKind.ENTERPRISE: 83,
    ProducerKind.HOUSEHOLD_BUSINESS: 121,
    ProducerKind.COOPERATIVE_GROUP: 27,
    ProducerKind.FARM: 20,
    ProducerKind.ASSOCIATION: len(ASSOCIATIONS),
}
PRODUCT_TARGET = 482
# The year a producer's first product entered the programme.
FIRST_YEAR_WEIGHTS = {2019: 9, 2020: 14, 2021: 16, 2022: 18, 2023: 16, 2024: 15, 2025: 12}
WOMAN_SHARE = {
    ProducerKind.COOPERATIVE: 0.36,
    ProducerKind.ENTERPRISE: 0.34,
    ProducerKind.HOUSEHOLD_BUSINESS: 0.46,
    ProducerKind.COOPERATIVE_GROUP: 0.45,
    ProducerKind.FARM: 0.25,
    ProducerKind.ASSOCIATION: 0.4,
}
WORKFORCE = {
    ProducerKind.COOPERATIVE: (9, 80),
    ProducerKind.ENTERPRISE: (8, 150),
    ProducerKind.HOUSEHOLD_BUSINESS: (2, 12),
    ProducerKind.COOPERATIVE_GROUP: (5, 25),
    ProducerKind.FARM: (3, 20),
    ProducerKind.ASSOCIATION: (10, 60),
}
NON_FOOD_SETS = {21, 22, 23, 24, 25, 26}
# (to status, reason) sequences for the producers whose status changed.
STATUS_STORIES = (
    ((ProducerStatus.SUSPENDED, "Tạm ngừng sản xuất để nâng cấp nhà xưởng theo yêu cầu ATTP."),),
    ((ProducerStatus.SUSPENDED, "Tạm ngừng hoạt động do nhà xưởng hư hỏng sau bão."),),
    ((ProducerStatus.SUSPENDED, "Chủ thể đề nghị tạm ngừng kinh doanh 12 tháng."),),
    (
        (ProducerStatus.SUSPENDED, "Tạm ngừng sản xuất để nâng cấp nhà xưởng theo yêu cầu ATTP."),
        (ProducerStatus.ACTIVE, "Hoạt động trở lại sau khi hoàn thành nâng cấp nhà xưởng."),
    ),
    ((ProducerStatus.CEASED, "Ngừng sản xuất do thiếu nguồn nguyên liệu tại địa phương."),),
    ((ProducerStatus.CEASED, "Ngừng sản xuất sản phẩm OCOP, chuyển sang kinh doanh khác."),),
    (
        (
            ProducerStatus.CEASED,
            "Ngừng sản xuất do người đại diện ốm đau, không có người kế nghiệp.",
        ),
    ),
    ((ProducerStatus.DISSOLVED, "Giải thể theo nghị quyết của đại hội thành viên."),),
    ((ProducerStatus.DISSOLVED, "Chấm dứt hoạt động theo đề nghị của chủ thể."),),
    (
        (ProducerStatus.CEASED, "Ngừng sản xuất do thua lỗ kéo dài."),
        (ProducerStatus.DISSOLVED, "Giải thể sau khi thanh lý tài sản."),
    ),
    (
        (
            ProducerStatus.LICENCE_REVOKED,
            "Bị thu hồi giấy chứng nhận đăng ký do không hoạt động tại địa chỉ đã đăng ký.",
        ),
    ),
)
URBAN_STREETS = {
    "Đà Nẵng": (
        "Nguyễn Văn Linh",
        "Lê Duẩn",
        "Hùng Vương",
        "Trần Phú",
        "Núi Thành",
        "Ông Ích Khiêm",
        "Tôn Đức Thắng",
        "Ngũ Hành Sơn",
        "Hoàng Sa",
        "Trường Chinh",
        "Nguyễn Lương Bằng",
        "Cách Mạng Tháng Tám",
    ),
    "Quảng Nam": (
        "Phan Châu Trinh",
        "Hùng Vương",
        "Trần Hưng Đạo",
        "Nguyễn Duy Hiệu",
        "Cửa Đại",
        "Lý Thường Kiệt",
        "Nguyễn Hoàng",
        "Hai Bà Trưng",
    ),
}
UNIT_PREFIXES = ("Thị trấn ", "Thành phố ", "Thị xã ", "Phường ", "Huyện ", "Quận ", "Xã ")


def short_name(unit: AdminUnit) -> str:
    """ "Xã Bình Dương" → "Bình Dương"."""
    for prefix in UNIT_PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


@dataclass
class PlannedProduct:
    name: str
    set_number: int
    year: int
    description: str


@dataclass
class PlannedProducer:
    name: str
    kind: str
    registration_no: str
    person: names.Person
    origin: AdminUnit  # the legacy commune the producer comes from
    commune: AdminUnit  # where it is recorded (the legacy commune or its 2025 commune)
    address: str
    phone: str
    email: str
    workforce: int
    local_labour_share: Decimal
    food_safety_cert_no: str
    food_safety_cert_expiry: datetime.date | None
    registered_on: datetime.date
    products: list[PlannedProduct] = field(default_factory=list)
    status_story: tuple = ()
    status_dates: tuple = ()

    def data(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "registration_no": self.registration_no,
            "legal_representative": self.person.full_name,
            "representative_is_woman": self.person.is_woman,
            "representative_is_ethnic_minority": self.person.is_ethnic_minority,
            "representative_has_disability": self.person.has_disability,
            "address": self.address,
            "commune": self.commune,
            "phone": self.phone,
            "email": self.email,
            "workforce": self.workforce,
            "local_labour_share": self.local_labour_share,
            "food_safety_cert_no": self.food_safety_cert_no,
            "food_safety_cert_expiry": self.food_safety_cert_expiry,
        }


class UnitIndex:
    """The units of Đà Nẵng (2025) and of the legacy provinces merged into it."""

    def __init__(self):
        self.province = AdminUnit.objects.filter(
            era=Era.CURRENT, level=Level.PROVINCE, code=PROVINCE_CODE
        ).first()
        if self.province is None:
            raise DomainError(
                _("Chưa có dữ liệu đơn vị hành chính; hãy chạy lệnh load_units trước.")
            )
        legacy = (
            AdminUnit.objects.filter(
                era=Era.LEGACY, level=Level.COMMUNE, current_province=self.province
            )
            .select_related("parent")
            .order_by("code")
        )
        current_of = {}
        for row in (
            UnitConversion.objects.filter(legacy_commune__in=legacy)
            .select_related("current_commune")
            .order_by("legacy_commune__code", "partly_merged", "current_commune__code")
        ):
            current_of.setdefault(row.legacy_commune_id, row.current_commune)
        self.legacy: dict[int, AdminUnit] = {}
        self.current_of: dict[int, AdminUnit] = {}
        self.by_district: dict[int, list[AdminUnit]] = defaultdict(list)
        for unit in legacy:
            if unit.pk not in current_of:
                continue  # no 2025 commune: a product there could not get a code
            self.legacy[unit.code] = unit
            self.current_of[unit.code] = current_of[unit.pk]
            self.by_district[unit.parent.code].append(unit)

    def pick(self, rng: random.Random, places: tuple[int, ...]) -> AdminUnit:
        """A legacy commune for one of `places` (district or commune codes)."""
        known = [code for code in places if code in self.by_district or code in self.legacy]
        if not known:
            raise DomainError(
                _("Không tìm thấy đơn vị hành chính nào trong số %(codes)s.")
                % {"codes": ", ".join(map(str, places))}
            )
        code = rng.choice(known)
        if code in self.by_district:
            return rng.choice(self.by_district[code])
        return self.legacy[code]


def email_name(kind: str, name: str, person: names.Person) -> str:
    """What a producer's e-mail address is made of: its name without the legal form, or the
    representative's name for a household or farm."""
    if kind in {ProducerKind.HOUSEHOLD_BUSINESS, ProducerKind.FARM}:
        return person.full_name
    for form in ("Công ty TNHH MTV ", "Công ty TNHH ", "Công ty Cổ phần ", "Hợp tác xã "):
        if name.startswith(form):
            return ("htx " if form == "Hợp tác xã " else "") + name[len(form) :]
    return name


def runs(kind: str, specialty: Specialty) -> bool:
    """Whether producers of `kind` plausibly run `specialty`."""
    if kind == ProducerKind.FARM:
        return bool(specialty.farm)
    if kind == ProducerKind.COOPERATIVE_GROUP:
        return specialty.cooperative_groups
    return True


class _Planner:
    def __init__(self, units: UnitIndex):
        self.units = units
        self.rng = random.Random(SEED)
        self.used_names: set[str] = set()
        self.used_numbers: set[str] = set()
        self.used_cores: set[str] = set()
        self.used_emails: set[str] = set()
        self.producers: list[PlannedProducer] = []

    # --- producers -----------------------------------------------------------------------

    def place(self, origin: AdminUnit) -> AdminUnit:
        district = origin.parent.code
        if district in LEGACY_DANANG_DISTRICTS or self.rng.random() >= LEGACY_RECORD_SHARE:
            return self.units.current_of[origin.code]
        return origin

    def representative(self, kind: str, origin: AdminUnit, specialty_key: str) -> names.Person:
        district = origin.parent.code
        groups = names.ETHNIC_GROUPS_BY_DISTRICT.get(district, ())
        share = 0.0
        if district in MOUNTAIN_DISTRICTS:
            share = 0.7
        elif district == 497 and origin.code == 20293:  # Hòa Bắc, Hòa Vang: Cơ Tu villages
            share = 0.6
        woman = WOMAN_SHARE[kind]
        if specialty_key in {"tho_cam_zara", "tho_cam_co_tu", "lua_ma_chau", "den_long"}:
            woman = 0.7
        return names.person(self.rng, woman_share=woman, ethnic_groups=groups, ethnic_share=share)

    def registration_no(self, kind: str, origin: AdminUnit) -> str:
        quang_nam = origin.parent.code not in LEGACY_DANANG_DISTRICTS
        while True:
            if kind == ProducerKind.HOUSEHOLD_BUSINESS and self.rng.random() < 0.55:
                number = names.household_number(self.rng, "40" if quang_nam else "32")
            elif kind == ProducerKind.HOUSEHOLD_BUSINESS:
                number = names.tax_code(self.rng, "8")
            else:
                number = names.tax_code(
                    self.rng, self.rng.choice(("4000", "4001")) if quang_nam else "0401"
                )
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def nickname(self, person: names.Person) -> str:
        if self.rng.random() < 0.4:
            return f"{self.rng.choice(ORDINAL_NICKNAMES)} {person.given}"
        if person.is_woman:
            return f"{self.rng.choice(('Bà', 'Cô', 'Chị', 'Mệ'))} {person.given}"
        return f"{self.rng.choice(('Ông', 'Chú', 'Anh'))} {person.given}"

    def unique(self, candidates: list[str]) -> str:
        for name in candidates:
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        base = candidates[0]
        number = 2
        while f"{base} {number}" in self.used_names:
            number += 1
        self.used_names.add(f"{base} {number}")
        return f"{base} {number}"

    def producer_name(self, kind, specialty: Specialty, origin, person, brand) -> tuple[str, str]:
        """The producer's name, and the brand its products carry."""
        rng = self.rng
        place = short_name(origin)
        places = [specialty.village, place] if specialty.village else [place]
        if specialty.village and rng.random() < 0.4:
            places.reverse()
        if kind == ProducerKind.COOPERATIVE:
            prefix = rng.choice(("HTX", "Hợp tác xã"))
            activities = rng.sample(specialty.coop, len(specialty.coop))
            return self.unique(
                [f"{prefix} {activity} {where}" for where in places for activity in activities]
                + [f"{prefix} {activities[0]} {where} {brand}" for where in places]
            ), brand
        if kind == ProducerKind.COOPERATIVE_GROUP:
            return self.unique(
                [f"Tổ hợp tác {specialty.shop} {where}" for where in places]
                + [f"Tổ hợp tác {specialty.shop} {where} {person.given}" for where in places]
            ), brand
        if kind == ProducerKind.ENTERPRISE:
            form = rng.choices(("TNHH", "TNHH MTV", "Cổ phần"), weights=(5, 2, 3))[0]
            trade = rng.choice(specialty.trade)
            # The distinctive part of an enterprise's name must differ from every other's.
            brands = [brand, *rng.sample(BRANDS, len(BRANDS))]
            brand = next(b for b in brands if f"{trade} {b}" not in self.used_cores)
            self.used_cores.add(f"{trade} {brand}")
            return self.unique([f"Công ty {form} {trade} {brand}"]), brand
        if kind == ProducerKind.FARM:
            return self.unique(
                [f"Trang trại {specialty.farm} {brand}", f"Trang trại {specialty.farm} {place}"]
            ), brand
        # Household business
        if rng.random() < 0.55:
            return self.unique(
                [f"Hộ kinh doanh {person.full_name}", f"Hộ kinh doanh {person.full_name} {place}"]
            ), brand
        return self.unique(
            [f"Cơ sở {specialty.shop} {brand}", f"Cơ sở {specialty.shop} {brand} {place}"]
        ), brand

    def contact(self, kind: str, origin: AdminUnit, email_name: str) -> tuple[str, str, str]:
        rng = self.rng
        quang_nam = origin.parent.code not in LEGACY_DANANG_DISTRICTS
        if origin.name.startswith("Phường"):
            streets = URBAN_STREETS["Quảng Nam" if quang_nam else "Đà Nẵng"]
            address = f"{rng.randint(2, 480)} {rng.choice(streets)}"
        elif rng.random() < 0.5:
            address = f"Thôn {rng.randint(1, 9)}"
        else:
            address = f"Thôn {rng.choice(('Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Thượng', 'Hạ'))}"
        if kind == ProducerKind.ENTERPRISE and rng.random() < 0.5:
            phone = names.landline_phone(rng, "0235" if quang_nam else "0236")
        else:
            phone = names.mobile_phone(rng)
        email = ""
        if kind in {ProducerKind.ENTERPRISE, ProducerKind.ASSOCIATION} or rng.random() < 0.3:
            email = self.email(email_name)
        return address, phone, email

    def email(self, source: str) -> str:
        """A unique address made of `source`'s letters and digits."""
        slug = "".join(ch for ch in fold(source) if ch.isalnum())[:40]
        number = 1
        while (f"{slug}{number}" if number > 1 else slug) in self.used_emails:
            number += 1
        slug = f"{slug}{number}" if number > 1 else slug
        self.used_emails.add(slug)
        return f"{slug}@{EMAIL_DOMAIN}"

    def food_safety(self, sets: set[int]) -> tuple[str, datetime.date | None]:
        rng = self.rng
        if sets <= NON_FOOD_SETS or rng.random() < 0.2:
            return "", None
        issued = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(0, 2130))
        suffix = rng.choice(("ATTP-CNĐK", "NNPTNT-QNA", "GCNATTP-SNN", "BQLATTP-CNĐK"))
        number = f"{rng.randint(1, 480):03d}/{issued.year}/{suffix}"
        expiry = issued.replace(year=issued.year + 3) - datetime.timedelta(days=1)
        return number, expiry

    def base_producer(self, kind, specialty: Specialty, origin: AdminUnit, person, name):
        rng = self.rng
        address, phone, email = self.contact(kind, origin, email_name(kind, name, person))
        low, high = WORKFORCE[kind]
        workforce = rng.randint(low, high)
        share_low = 85 if origin.parent.code in MOUNTAIN_DISTRICTS else 55
        share = Decimal(rng.randint(share_low * 10, 1000)) / 10
        return PlannedProducer(
            name=name,
            kind=kind,
            registration_no=self.registration_no(kind, origin),
            person=person,
            origin=origin,
            commune=self.place(origin),
            address=address,
            phone=phone,
            email=email,
            workforce=workforce,
            local_labour_share=share.quantize(Decimal("0.01")),
            food_safety_cert_no="",
            food_safety_cert_expiry=None,
            registered_on=datetime.date(2019, 1, 1),
        )

    def first_year(self) -> int:
        years, weights = zip(*FIRST_YEAR_WEIGHTS.items(), strict=True)
        return self.rng.choices(years, weights=weights)[0]

    def registered_on(self, first_year: int) -> datetime.date:
        year = first_year - self.rng.choice((0, 0, 1, 1, 2, 3, 5))
        return datetime.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))

    def product_name(self, template: str, producer: PlannedProducer, specialty, brand) -> str:
        origin = producer.origin
        name = template.format(
            commune=short_name(origin),
            district=short_name(origin.parent),
            village=specialty.village if specialty else "",
        )
        if producer.kind in {ProducerKind.ENTERPRISE, ProducerKind.FARM} or (
            producer.kind == ProducerKind.COOPERATIVE and self.rng.random() < 0.4
        ):
            return f"{name} {brand}"
        if producer.kind == ProducerKind.HOUSEHOLD_BUSINESS:
            return f"{name} {self.nickname(producer.person)}"
        return name

    def describe(self, specialty_description: str, producer: PlannedProducer) -> str:
        origin = producer.origin
        where = f"{origin.name}, {origin.parent.name}"
        if origin.parent.code not in LEGACY_DANANG_DISTRICTS:
            where += " (tỉnh Quảng Nam cũ)"
        return f"{specialty_description} Sản xuất tại {where}."

    # --- the plan --------------------------------------------------------------------------

    def showcase(self) -> PlannedProducer:
        origin = self.units.legacy[SHOWCASE["place"]]
        full_name, is_woman, ethnic = SHOWCASE["representative"]
        person = names.Person(full_name, full_name.split()[-1], is_woman, ethnic, False)
        self.used_names.add(SHOWCASE["name"])
        producer = self.base_producer(
            ProducerKind.COOPERATIVE,
            SPECIALTY_BY_KEY["sam_ngoc_linh"],
            origin,
            person,
            SHOWCASE["name"],
        )
        producer.commune = self.units.current_of[origin.code]
        producer.registered_on = datetime.date(2019, 3, 15)
        producer.food_safety_cert_no = "027/2024/NNPTNT-QNA"
        producer.food_safety_cert_expiry = datetime.date(2027, 4, 9)
        producer.email = producer.email or self.email("htx sam ngoc linh tra linh")
        for set_number, name, year in SHOWCASE["products"]:
            producer.products.append(
                PlannedProduct(
                    name, set_number, year, self.describe(SHOWCASE["description"], producer)
                )
            )
        return producer

    def association(self, association) -> PlannedProducer:
        origin = self.units.legacy[association.place]
        kind = ProducerKind.ASSOCIATION
        person = self.representative(kind, origin, "du_lich")
        self.used_names.add(association.name)
        producer = self.base_producer(kind, None, origin, person, association.name)
        first = self.first_year()
        producer.registered_on = self.registered_on(first)
        sets = {number for number, _name in association.products}
        producer.food_safety_cert_no, producer.food_safety_cert_expiry = self.food_safety(sets)
        for index, (set_number, name) in enumerate(association.products):
            year = first if index == 0 else self.rng.randint(first, 2025)
            producer.products.append(
                PlannedProduct(
                    name, set_number, year, self.describe(association.description, producer)
                )
            )
        return producer

    def regular(
        self, kind: str, specialty: Specialty | None
    ) -> tuple[PlannedProducer, Specialty, str]:
        rng = self.rng
        if specialty is None:
            candidates = [s for s in SPECIALTIES if runs(kind, s)]
            specialty = rng.choices(candidates, weights=[s.weight for s in candidates])[0]
        origin = self.units.pick(rng, specialty.places)
        person = self.representative(kind, origin, specialty.key)
        brand = rng.choice(BRANDS)
        if kind in {ProducerKind.HOUSEHOLD_BUSINESS, ProducerKind.FARM} and rng.random() < 0.5:
            brand = self.nickname(person)
        name, brand = self.producer_name(kind, specialty, origin, person, brand)
        return self.base_producer(kind, specialty, origin, person, name), specialty, brand

    def cover_every_set(self, fixed: list[PlannedProducer], regulars) -> None:
        """Make sure each of the 26 product sets has a product: a set the draw left empty
        takes the last product of a producer whose specialty offers it."""
        used = Counter(p.set_number for producer in fixed for p in producer.products)
        used.update(p.set_number for producer, _s, _b in regulars for p in producer.products)
        for number in range(1, 27):
            if used[number]:
                continue
            candidates = [
                (producer, specialty, brand, template)
                for producer, specialty, brand in regulars
                for set_number, template in specialty.products
                if set_number == number and used[producer.products[-1].set_number] > 1
            ]
            if not candidates:
                continue
            producer, specialty, brand, template = self.rng.choice(candidates)
            replaced = producer.products[-1]
            used[replaced.set_number] -= 1
            used[number] += 1
            producer.products[-1] = PlannedProduct(
                self.product_name(template, producer, specialty, brand),
                number,
                replaced.year,
                replaced.description,
            )

    def plan(self) -> list[PlannedProducer]:
        rng = self.rng
        showcase = self.showcase()
        associations = [self.association(a) for a in ASSOCIATIONS]
        kinds = []
        for kind, count in KIND_COUNTS.items():
            if kind == ProducerKind.ASSOCIATION:
                continue
            kinds += [kind] * (count - (kind == ProducerKind.COOPERATIVE))
        rng.shuffle(kinds)
        # Every specialty has at least one producer; the others are drawn by weight.
        assigned: list[Specialty | None] = [None] * len(kinds)
        for specialty in SPECIALTIES:
            index = next(
                i for i, kind in enumerate(kinds) if assigned[i] is None and runs(kind, specialty)
            )
            assigned[index] = specialty
        regulars = [
            self.regular(kind, specialty) for kind, specialty in zip(kinds, assigned, strict=True)
        ]

        # Products: one each, then the rest spread over producers with more to offer.
        counts = [1] * len(regulars)
        planned = len(showcase.products) + sum(len(a.products) for a in associations)
        extra = PRODUCT_TARGET - planned - len(regulars)
        weights = [
            (3 if p.kind in {ProducerKind.COOPERATIVE, ProducerKind.ENTERPRISE} else 1)
            * (len(s.products) > 1)
            for p, s, _b in regulars
        ]
        while extra > 0:
            index = rng.choices(range(len(regulars)), weights=weights)[0]
            if counts[index] < min(4, len(regulars[index][1].products)):
                counts[index] += 1
                extra -= 1
            else:
                weights[index] = 0
        for (producer, specialty, brand), count in zip(regulars, counts, strict=True):
            first = self.first_year()
            producer.registered_on = self.registered_on(first)
            years = sorted([first] + [rng.randint(first, 2025) for _ in range(count - 1)])
            chosen = rng.sample(specialty.products, count)
            seen = set()
            for (set_number, template), year in zip(chosen, years, strict=True):
                name = self.product_name(template, producer, specialty, brand)
                if name in seen:
                    continue
                seen.add(name)
                producer.products.append(
                    PlannedProduct(
                        name, set_number, year, self.describe(specialty.description, producer)
                    )
                )
        self.cover_every_set([showcase, *associations], regulars)
        for producer, _specialty, _brand in regulars:
            sets = {product.set_number for product in producer.products}
            producer.food_safety_cert_no, producer.food_safety_cert_expiry = self.food_safety(sets)

        # A few producers whose status changed (registered before 2024, never the showcase).
        eligible = [p for p, _s, _b in regulars if p.registered_on.year <= 2023]
        for producer, story in zip(
            rng.sample(eligible, len(STATUS_STORIES)), STATUS_STORIES, strict=True
        ):
            day = producer.registered_on
            dates = []
            for _step in story:
                day = min(day + datetime.timedelta(days=rng.randint(200, 900)), LATEST_EVENT)
                dates.append(day)
            producer.status_story = story
            producer.status_dates = tuple(dates)

        return [showcase, *associations, *(p for p, _s, _b in regulars)]


SPECIALTY_BY_KEY = {s.key: s for s in SPECIALTIES}


def make_plan(units: UnitIndex | None = None) -> list[PlannedProducer]:
    """The demo producers and their products, the same on every run."""
    return _Planner(units or UnitIndex()).plan()


# --- building ---------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    producers: int = 0
    producers_created: int = 0
    products: int = 0
    products_created: int = 0
    status_changes_created: int = 0
    accounts: int = 0
    accounts_created: int = 0
    legacy_recorded: int = 0
    kinds: dict = field(default_factory=dict)
    history: object = None  # history.HistorySummary
    programme: object = None  # evaluation.ProgrammeSummary
    revocations: object = None  # revocations.RevocationSummary
    inspections: object = None  # inspections.InspectionsSummary
    lifecycle: object = None  # lifecycle.LifecycleSummary


def _check_usernames() -> None:
    usernames = [
        ADMIN_ACCOUNT.username,
        PRODUCER_USERNAME,
        evaluation.MINISTRY_ACCOUNT.username,
    ] + [a.username for a in DEMO_ACCOUNTS]
    taken = list(
        User.objects.filter(username__in=usernames, is_demo=False).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise DomainError(
            _(
                "Tài khoản %(names)s đã tồn tại và không phải tài khoản demo; "
                "không nạp dữ liệu demo."
            )
            % {"names": ", ".join(sorted(taken))}
        )


@functools.cache
def _demo_password() -> str:
    """The demo password hashed once: hashing it for each account would take seconds."""
    return make_password(settings.DEMO_PASSWORD)


def _ensure_user(username: str, full_name: str, *, actor, summary: DemoSummary, **flags) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=full_name,
            email=f"{username}@{EMAIL_DOMAIN}",
            is_demo=True,
            **flags,
        )
        user.password = _demo_password()
        user.save()
        changes = {
            key: [None, getattr(user, key)]
            for key in ("username", "full_name", "email", "is_demo", "is_staff", "is_superuser")
        }
        log.record(user, actor=actor or user, action=AuditAction.CREATE, changes=changes)
        summary.accounts_created += 1
    summary.accounts += 1
    return user


def _ensure_membership(user: User, *, actor, role: str, unit=None, producer=None, department=""):
    lookup = {"user": user, "role": role, "unit": unit, "producer": producer}
    membership = Membership.objects.filter(department=department, **lookup).first()
    if membership is None:
        membership = Membership(department=department, **lookup)
        membership.full_clean()
        membership.save()
        changes = {"user": [None, user.pk], "role": [None, role]}
        if unit is not None:
            changes["unit"] = [None, unit.pk]
        if producer is not None:
            changes["producer"] = [None, producer.pk]
        if department:
            changes["department"] = [None, department]
        log.record(membership, actor=actor, action=AuditAction.GRANT, changes=changes)
    return membership


def _unit(era: str, level: str, code: int) -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


def build_demo() -> DemoSummary:
    """Create the demo province (idempotent): producers, products and accounts, their history
    of recognitions since 2019 and the current round at work. Raises DomainError when units
    are missing or a demo username belongs to a real account."""
    units = UnitIndex()
    plan = make_plan(units)
    _check_usernames()
    summary = DemoSummary()
    sets = {s.number: s for s in ProductSet.objects.all()}
    # The demo's notifications stay in the inboxes: no mail to its invented addresses.
    with override_settings(EMAIL_BACKEND=QUIET_MAIL), transaction.atomic():
        admin = _ensure_user(
            ADMIN_ACCOUNT.username,
            ADMIN_ACCOUNT.full_name,
            actor=None,
            summary=summary,
            is_staff=True,
            is_superuser=True,
        )
        _ensure_membership(admin, actor=admin, role=Role.ADMIN)

        existing = {
            p.registration_no: p
            for p in Producer.objects.filter(registration_no__in=[p.registration_no for p in plan])
        }
        existing_products = set(
            Product.objects.filter(producer__in=existing.values()).values_list("producer", "name")
        )
        records = []
        for planned in plan:
            producer = existing.get(planned.registration_no)
            if producer is None:
                producer = domain.create_producer(
                    actor=admin, data=planned.data(), registered_on=planned.registered_on
                )
                summary.producers_created += 1
                for (status, reason), day in zip(
                    planned.status_story, planned.status_dates, strict=True
                ):
                    producer = domain.change_producer_status(
                        producer, actor=admin, status=status, date=day, reason=reason
                    )
                    summary.status_changes_created += 1
            records.append(producer)
            summary.kinds[planned.kind] = summary.kinds.get(planned.kind, 0) + 1
            summary.legacy_recorded += not planned.commune.is_current
            for product in planned.products:
                summary.products += 1
                if (producer.pk, product.name) in existing_products:
                    continue
                domain.create_product(
                    producer,
                    actor=admin,
                    data={
                        "name": product.name,
                        "product_set": sets[product.set_number],
                        "description": product.description,
                    },
                    year=product.year,
                )
                summary.products_created += 1
        summary.producers = len(records)

        for account in DEMO_ACCOUNTS:
            user = _ensure_user(account.username, account.full_name, actor=admin, summary=summary)
            _ensure_membership(
                user,
                actor=admin,
                role=account.role,
                unit=_unit(*account.unit) if account.unit else None,
                department=account.department,
            )
        showcase = records[0]
        owner = _ensure_user(
            PRODUCER_USERNAME, showcase.legal_representative, actor=admin, summary=summary
        )
        _ensure_membership(owner, actor=admin, role=Role.PRODUCER, producer=showcase)

        ministry = evaluation.ensure_ministry(admin=admin, summary=summary)
        products = list(
            Product.objects.filter(producer__in=records).select_related(
                "producer__commune__parent", "commune__parent", "product_set"
            )
        )
        demo_users = {u.username: u for u in User.objects.filter(is_demo=True)}
        summary.history = history.build_history(
            province=units.province,
            products=products,
            people=history.demo_people(
                admin=admin,
                agency=demo_users["agency"],
                chair=demo_users["council1"],
                ministry=ministry,
                commune=demo_users.get("commune"),
                district=demo_users.get("district"),
                producer_users={showcase.pk: owner},
            ),
        )
        summary.programme = evaluation.build_programme(
            province=units.province, products=products, admin=admin
        )
        # After recognition: revocation cases, the inspector's plan (its severe finding opens
        # one more case), then certificates in every status and today's re-ranking reminders.
        summary.revocations = revocation_demo.build()
        summary.inspections = inspections.build_inspections(
            province=units.province, agency=demo_users["agency"], inspector=demo_users["inspector"]
        )
        summary.lifecycle = lifecycle.build_lifecycle(
            province=units.province, products=products, admin=admin
        )
    return summary
