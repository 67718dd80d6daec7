"""Sheet 05 (Đồ ăn nhanh)
read from QĐ 26/2026 Phụ lục II, lines 3914–4640, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (16), 2. Phát triển sản phẩm (12), 3. Sức mạnh cộng đồng (12)
    "1.1": 3,
    "1.2": 3,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 1,
    "2.1": 5,  # options 0 / 3 / 5
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,  # only its maximum is printed (L4132–4135), no options listed
    "3.1": 3,
    "3.2": 1,
    "3.3": 3,
    "3.4": 2,
    "3.5": 3,
    # Phần B (25): 4. Tiếp thị (13), 5. Câu chuyện sản phẩm (12)
    "4.1": 5,
    "4.2": 3,
    "4.3": 5,
    "5.1": 5,
    "5.2": 2,
    "5.3": 5,
    # Phần C (35): 6. Chỉ tiêu cảm quan (15); groups 7–11 have no sub-criteria
    "6.1": 2,
    "6.2": 3,
    "6.3": 3,
    "6.4": 3,
    "6.5": 4,
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

GATES = {
    "1.1": {3: 2},  # L3951 "… từ 50% đến dưới 75%***"
    "1.4": {4: 2, 5: 3},  # L4012 / L4016
    "1.5": {4: 1},  # L4026
    "2.1": {4: 5},  # L4079
    "2.2": {3: 2},  # L4103
    "2.3": {3: 1, 4: 3},  # L4116 / L4126
    "3.4": {4: 2},  # L4206
    "3.5": {3: 1, 4: 2},  # L4217 / L4222
    "4.1": {3: 2, 4: 3, 5: 5},  # L4259 / L4264 / L4269
    "5.1": {4: 5},  # L4355
    "5.3": {3: 1},  # L4392
    "6.1": {4: 2},  # L4430
    "6.4": {4: 2, 5: 3},  # L4492 / L4496
    "6.5": {4: 2, 5: 4},  # L4512 / L4516
    "7": {4: 3, 5: 5},  # L4535 / L4539 (Tính độc đáo)
    "8": {3: 2},  # L4547 (Công bố chất lượng)
    "9": {3: 1, 4: 3},  # L4569 / L4574
}

# L3925–3927: forged dossier; food-safety certificate not complied with; registration dossier
# not meeting the rules.
DISQUALIFIED_WHEN_COUNT = 3
