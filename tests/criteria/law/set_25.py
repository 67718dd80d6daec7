"""Sheet 25 (Động vật cảnh) read from QĐ 26/2026 Phụ lục II, lines 18559–19172,
by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (19)
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
    # Phần B (25): 4.1 has five options 1–5 and no star marker on this sheet
    "4.1": 5,
    "4.2": 3,
    "4.3": 5,
    "5.1": 5,
    "5.2": 2,
    "5.3": 5,
    # Phần C (35): 6. Chất lượng sản phẩm (15), 7 (10), 8 (5), 9 (5)
    "6.1": 5,
    "6.2": 5,
    "6.3": 5,
    "7": 10,
    "8": 5,
    "9": 5,
}

GATES = {
    "1.4": {4: 2, 5: 4},
    "1.5": {4: 1},
    "2.1": {4: 5},
    "2.2": {3: 1, 4: 4},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6.1": {5: 5},
    # 6.2: its 5-point option ends in " :" (L19067), not in a star marker, so no gate is read
    # there (sheet 23 marks the same option *****).
    "6.3": {4: 5},
    "7": {4: 7, 5: 10},
    "8": {3: 5},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không đáp ứng quy định Hồ sơ đăng ký theo quy định"
DISQUALIFIED_WHEN_COUNT = 2
