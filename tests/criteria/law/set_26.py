"""Sheet 26 (Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch)
read from QĐ 26/2026 Phụ lục II, lines 19173–19914, by hand, independently of the data files."""

MAXIMA = {
    # Phần A: the heading says "(35 Điểm)" but its points cell says 40 and its groups sum to
    # 40: 1. Tổ chức dịch vụ cộng đồng (14), 2. Phát triển sản phẩm (12), 3. Sức mạnh cộng đồng (14)
    "1.1": 3,
    "1.2": 5,
    "1.3": 4,
    "1.4": 2,
    "2.1": 5,
    "2.2": 2,
    "2.3": 5,
    "3.1": 3,
    "3.2": 1,
    "3.3": 4,
    "3.4": 3,
    "3.5": 3,
    # Phần B (25): 4. Tiếp thị (17), 5. Câu chuyện sản phẩm (8)
    "4.1": 5,
    "4.2": 3,
    "4.3": 2,
    "4.4": 4,
    "4.5": 3,
    "5.1": 4,
    "5.2": 2,
    "5.3": 2,
    # Phần C (35): groups 6–17 have no sub-criteria.
    # 8, 9 and 15 offer two alternative cases ("Lựa chọn một trong hai trường hợp sau"):
    # 8 a: 1/3, b: 1/3 → 3; 9 a: 1/2, b: 1/2 → 2; 15 a: 1/3, b: 1/3 → 3 (max over cases).
    "6": 3,
    "7": 3,
    "8": 3,
    "9": 2,
    "10": 3,
    "11": 2,
    "12": 3,
    "13": 4,
    "14": 4,
    "15": 3,
    "16": 3,
    "17": 2,
}

# Only three options of this sheet carry a star marker (and it has no "Dấu sao" footnote);
# none of them is inside a criterion with cases, so no "<code>/<case>" keys are needed.
GATES = {
    "3.4": {4: 3},
    "3.5": {3: 1, 4: 2},
}

# This sheet has no "Hồ sơ bị loại khi" paragraph: its header goes from "Địa chỉ" straight to
# the table (L19185–19186).
DISQUALIFIED_WHEN_COUNT = 0
