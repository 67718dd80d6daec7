"""Sheet 04 (Mật ong, mật khác và nông sản thực phẩm khác)
read from QĐ 26/2026 Phụ lục II, lines 3162–3913, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18), 2. Phát triển sản phẩm (10), 3. Sức mạnh cộng đồng (12)
    "1.1": 3,
    # L3219–3221: the option "Không được cấp giấy chứng nhận chất lượng" has an empty points cell
    # (read as 0); the other options are 1 and 2.
    "1.2": 2,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    "2.1": 3,
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,  # only its maximum is printed (L3406–3409), no options listed
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (12); groups 7–12 have no sub-criteria
    "6.1": 2,
    "6.2": 2,
    "6.3": 4,
    "6.4": 4,
    # 7. Dinh dưỡng: heading max 3 (L3777), options 0 / 1 / "13" (L3789): "13" is an
    # extraction/typing error for 3 — Phần C only reaches 35 with 3.
    "7": 3,
    "8": 5,
    "9": 5,
    "10": 5,
    "11": 2,
    "12": 3,
}

GATES = {
    "1.3": {5: 3},  # L3245
    "1.5": {4: 2, 5: 3},  # L3285 / L3289
    "1.6": {4: 1},  # L3299
    "2.1": {4: 3},  # L3352
    "2.2": {3: 2},  # L3377
    "2.3": {3: 1, 4: 3},  # L3390 / L3400
    "3.4": {4: 2},  # L3480
    "3.5": {3: 1, 4: 2},  # L3491 / L3496
    "4.1": {3: 2, 4: 3, 5: 5},  # L3533 / L3538 / L3543
    "5.1": {4: 5},  # L3629
    "5.3": {3: 1},  # L3666
    "6.1": {4: 2},  # L3704
    "6.2": {4: 2},  # L3724
    "6.3": {4: 2, 5: 4},  # L3740 / L3744
    "6.4": {4: 3, 5: 4},  # L3764 / L3768
    "8": {4: 3, 5: 5},  # L3806 / L3810 (Tính độc đáo)
    "9": {3: 2},  # L3818 (Công bố sản phẩm)
    "10": {3: 1, 4: 3},  # L3841 / L3846
}

# L3174–3176: forged dossier; food-safety certificate not complied with; registration dossier
# not meeting the rules.
DISQUALIFIED_WHEN_COUNT = 3
