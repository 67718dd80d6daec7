"""Sheet 21 (Thủ công mỹ nghệ gia dụng, trang trí) read from QĐ 26/2026 Phụ lục II,
lines 15920–16605, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (19)
    "1.1": 4,
    "1.2": 3,
    "1.3": 3,
    "1.4": 4,
    "1.5": 4,
    "1.6": 1,
    # 2. Phát triển sản phẩm (9); 2.3 (song ngữ) lists no options, only its 1 point
    "2.1": 4,
    "2.2": 4,
    "2.3": 1,
    # 3. Sức mạnh cộng đồng (12)
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
    # Phần C (35): 6. Các chỉ tiêu (21), 7 (4), 8 (5), 9 (5)
    "6.1": 5,
    "6.2": 5,
    "6.3": 3,
    "6.4": 3,
    "6.5": 5,
    "7": 4,
    "8": 5,
    "9": 5,
}

GATES = {
    "1.1": {3: 1},
    "1.4": {4: 2, 5: 4},
    "1.5": {4: 1},
    "2.1": {4: 4},
    "2.2": {3: 1, 4: 4},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6.1": {5: 5},
    # 6.2: L16440 reads "…thể hiện trí tuệ địa phương***** Ghi chú: Nếu sản phẩm vi phạm sở
    # hữu trí tuệ, sẽ bị loại bỏ": the marker belongs to the 5-point option.
    "6.2": {5: 5},
    "7": {3: 1},
    "8": {3: 1, 4: 3},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không đáp ứng quy định Hồ sơ đăng ký theo quy định"
# (L15933–15934)
DISQUALIFIED_WHEN_COUNT = 2
