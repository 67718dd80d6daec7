"""Deterministic generators of Vietnamese personal names, registration numbers and phone numbers.

Every function takes the caller's `random.Random`, so the demo data is the same on every run.
"""

import random
from dataclasses import dataclass

from stdnum.vn import mst


def split_names(text: str) -> tuple[str, ...]:
    """A comma-separated list of names (line breaks inside a name are spaces) as a tuple."""
    return tuple(" ".join(part.split()) for part in text.split(",") if part.strip())


# Family names with rough frequencies in central Việt Nam (Huỳnh and Võ are common in Quảng Nam).
FAMILY_NAMES = (
    ("Nguyễn", 34),
    ("Trần", 10),
    ("Lê", 9),
    ("Phạm", 6),
    ("Huỳnh", 6),
    ("Võ", 5),
    ("Phan", 4),
    ("Trương", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Ngô", 2),
    ("Hồ", 2),
    ("Dương", 1),
    ("Đoàn", 1),
    ("Lương", 1),
    ("Đinh", 1),
    ("Mai", 1),
    ("Lâm", 1),
    ("Châu", 1),
    ("Thái", 1),
    ("Tô", 1),
    ("Văn", 1),
    ("Hà", 1),
)
MALE_MIDDLE = split_names(
    """
    Văn, Văn, Văn, Tấn, Hữu, Đức, Công, Minh, Quang, Thanh, Ngọc, Xuân, Bá, Đình, Phước,
    Hoàng, Anh
    """
)
FEMALE_MIDDLE = split_names(
    """
    Thị, Thị, Thị, Thị, Thị Kim, Thị Thu, Thị Mỹ, Thị Ngọc, Thị Hồng, Thị Thanh, Thị Bích,
    Ngọc, Thanh, Thu, Kim
    """
)
MALE_GIVEN = split_names(
    """
    Hùng, Dũng, Tuấn, Sơn, Hải, Phúc, Lộc, Tài, Thành, Trung, Nam, Bình, Cường, Quý, Tâm,
    Hiếu, Khánh, Long, Phong, Tín, Nghĩa, Thắng, Vinh, Toàn, Hòa, Tư, Sáu, Mười, Đông, Hưng,
    Lợi, Quang, Thịnh, Việt, Khoa, Duy, Hậu, Trí, Định, Thuận, Bảo, Nhân, Kiên
    """
)
FEMALE_GIVEN = split_names(
    """
    Lan, Hoa, Hương, Hạnh, Mai, Nga, Thủy, Hiền, Linh, Trang, Yến, Nhung, Phượng, Hằng,
    Liên, Thảo, Oanh, Loan, Vân, Sương, Lệ, Hồng, Diệu, Tuyết, Nhi, Ánh, Châu, Dung, Hà,
    Thu, Trinh, Na, Vy, Quyên, Xuân, Bích, Huệ, Thơm
    """
)

# Names of ethnic-minority representatives in the mountain districts of the former Quảng Nam.
ETHNIC_NAMES = {
    # Cơ Tu (Tây Giang, Đông Giang, Nam Giang; Hòa Bắc in Đà Nẵng)
    "co_tu": {
        "family": (
            "Alăng",
            "Bríu",
            "Bhling",
            "Coor",
            "Pơloong",
            "Zơrâm",
            "Hốih",
            "Ating",
            "Arất",
            "Clâu",
            "Tơngol",
            "Búi",
            "Riah",
            "A Viết",
        ),
        "male": (
            "Liếc",
            "Mia",
            "Plênh",
            "Pố",
            "Bôm",
            "Dưn",
            "Nhàng",
            "Vai",
            "Bươl",
            "Chương",
            "Thọ",
            "Quân",
            "Tiến",
            "Hương",
            "Blúi",
            "Hồng",
        ),
        "female": (
            "Thị Loan",
            "Thị Dầu",
            "Thị Nhiều",
            "Thị Mai",
            "Thị Hạnh",
            "Thị Bốc",
            "Thị Lê",
            "Thị Tuyết",
            "Thị Pía",
            "Thị Hoa",
        ),
    },
    # Xơ Đăng, Ca Dong, Mơ Nâm (Nam Trà My, Bắc Trà My, Phước Sơn)
    "xo_dang": {
        "family": ("Hồ", "Hồ", "Hồ", "Trần", "Nguyễn", "Đinh"),
        "male": (
            "Văn Thạch",
            "Văn Tiên",
            "Quang Mừng",
            "Văn Đen",
            "Văn Lim",
            "Minh Dũng",
            "Văn Nguyên",
            "Văn Xuân",
            "Văn Biên",
            "Văn Kiền",
        ),
        "female": (
            "Thị Hường",
            "Thị Mừng",
            "Thị Hồng",
            "Thị Lệ",
            "Thị Nguyệt",
            "Thị Xuân",
            "Thị Thí",
            "Thị Bên",
        ),
    },
    # Co (Bắc Trà My)
    "co": {
        "family": ("Đinh", "Đinh", "Hồ", "Nguyễn"),
        "male": ("Văn Tỷ", "Văn Mót", "Văn Quyết", "Văn Sáu", "Văn Lợi", "Văn Rí", "Văn Ba"),
        "female": ("Thị Hoa", "Thị Rin", "Thị Mai", "Thị Bé", "Thị Lộc"),
    },
    # Giẻ Triêng, Bh'noong (Nam Giang, Phước Sơn)
    "gie_trieng": {
        "family": ("Hồ", "Đinh", "Zơ Râm", "Nguyễn", "Hôih"),
        "male": ("Văn Lai", "Văn Khoa", "Văn Blớ", "Văn Nhông", "Văn Dương", "Văn Chông"),
        "female": ("Thị Tươi", "Thị Ngọc", "Thị Nhông", "Thị Bích", "Thị Xăng"),
    },
}

# The ethnic groups living in each mountain district (legacy district codes of Quảng Nam / Đà Nẵng).
ETHNIC_GROUPS_BY_DISTRICT = {
    504: ("co_tu",),  # Tây Giang
    505: ("co_tu",),  # Đông Giang
    510: ("co_tu", "co_tu", "gie_trieng"),  # Nam Giang
    511: ("gie_trieng", "xo_dang"),  # Phước Sơn
    515: ("co", "co", "xo_dang"),  # Bắc Trà My
    516: ("xo_dang",),  # Nam Trà My
    497: ("co_tu",),  # Hòa Vang (Hòa Bắc)
}


@dataclass(frozen=True)
class Person:
    full_name: str
    given: str  # the name people are called by ("Lan", "Liếc")
    is_woman: bool
    is_ethnic_minority: bool
    has_disability: bool


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights=weights)[0]


def person(
    rng: random.Random,
    *,
    woman_share: float = 0.4,
    ethnic_groups: tuple[str, ...] = (),
    ethnic_share: float = 0.0,
    disability_share: float = 0.025,
) -> Person:
    """A representative's name: Kinh by default, or one of `ethnic_groups` with `ethnic_share`."""
    is_woman = rng.random() < woman_share
    has_disability = rng.random() < disability_share
    if ethnic_groups and rng.random() < ethnic_share:
        names = ETHNIC_NAMES[rng.choice(ethnic_groups)]
        family = rng.choice(names["family"])
        rest = rng.choice(names["female" if is_woman else "male"])
        return Person(f"{family} {rest}", rest.split()[-1], is_woman, True, has_disability)
    family = _weighted(rng, FAMILY_NAMES)
    middle = rng.choice(FEMALE_MIDDLE if is_woman else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if is_woman else MALE_GIVEN)
    return Person(f"{family} {middle} {given}", given, is_woman, False, has_disability)


def tax_code(rng: random.Random, prefix: str) -> str:
    """A 10-digit tax code starting with `prefix`, with a correct check digit.

    Prefixes whose check digit would be "10" (no valid single digit) are skipped."""
    while True:
        head = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        check = mst.calc_check_digit(head)
        if len(check) == 1:
            return head + check


def household_number(rng: random.Random, province_code: str) -> str:
    """A household business certificate number of the old local format, e.g. 40A8001234."""
    return f"{province_code}A8{rng.randrange(0, 1_000_000):06d}"


MOBILE_PREFIXES = split_names(
    """
    090, 091, 093, 094, 096, 097, 098, 088, 089, 086, 035, 077, 070, 079
    """
)


def mobile_phone(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10_000_000):07d}"


def landline_phone(rng: random.Random, area_code: str) -> str:
    """A fixed line of Quảng Nam (0235) or Đà Nẵng (0236)."""
    return f"{area_code}{rng.choice('3678')}{rng.randrange(0, 1_000_000):06d}"
