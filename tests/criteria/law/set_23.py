"""Sheet 23 (Hoa) read from QĐ 26/2026 Phụ lục II, lines 17283–17922,
by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (19); 1.1 and 1.2 carry no star marker on this sheet
    "1.1": 4,
    "1.2": 4,
    "1.3": 3,
    "1.4": 4,
    "1.5": 3,
    "1.6": 1,
    # 2. Phát triển sản phẩm (9): no bilingual-label item on this sheet
    "2.1": 5,
    "2.2": 4,
    # 3. Sức mạnh cộng đồng (12)
    "3.1": 3,
    "3.2": 1,
    "3.3": 3,
    "3.4": 2,
    "3.5": 3,
    # Phần B (25)
    "4.1": 5,
    "4.2": 3,
    "4.3": 5,
    "5.1": 5,
    "5.2": 2,
    "5.3": 5,
    # Phần C (35): 6. Chất lượng sản phẩm (14), 7 (8), 8 (4), 9 (4), 10 (5)
    # 6.2: the law gives 1 point to both "Chấp nhận được" and "Phù hợp với đặc tính sản phẩm"
    # (L17791–17797), then 3 and 5.
    # 9: the points cell reads "4" then a stray "1" (L17869–17870); the options are 2 and 4,
    # and 4 is what makes part C sum to 35.
    "6.1": 5,
    "6.2": 5,
    "6.3": 4,
    "7": 8,
    "8": 4,
    "9": 4,
    "10": 5,
}

GATES = {
    "1.4": {4: 2, 5: 4},
    "1.5": {4: 1},
    "2.1": {4: 5},
    "2.2": {3: 1, 4: 4},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6.1": {4: 5},
    "6.2": {4: 3, 5: 5},
    "7": {4: 6, 5: 8},
    "8": {3: 4},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không đáp ứng quy định hồ sơ đăng ký theo quy định"
DISQUALIFIED_WHEN_COUNT = 2
