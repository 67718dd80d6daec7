"""Sheet 01 (Rau, củ, quả, hạt tươi)
read from QĐ 26/2026 Phụ lục II, lines 909–1666, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18), 2. Phát triển sản phẩm (10), 3. Sức mạnh cộng đồng (12)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    "2.1": 3,
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,  # only its maximum is printed (L1156–1159), no options listed
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
    "6.2": 4,
    "6.3": 3,
    "6.4": 3,
    "7": 3,
    "8": 5,
    "9": 5,
    "10": 5,
    "11": 2,
    "12": 3,
}

GATES = {
    "1.3": {5: 3},  # L996 "Ứng dụng công nghệ tiên tiến …*****" = 3
    "1.5": {4: 2, 5: 3},  # L1035 / L1039
    "1.6": {4: 1},  # L1049, the lowest option
    "2.1": {4: 3},  # L1102
    "2.2": {3: 2},  # L1127 "Đóng gói sáng tạo, bao bì đẹp***"
    "2.3": {3: 1, 4: 3},  # L1140 / L1150
    "3.4": {4: 2},  # L1230
    "3.5": {3: 1, 4: 2},  # L1241 / L1246
    "4.1": {3: 2, 4: 3, 5: 5},  # L1283 / L1288 / L1293
    "5.1": {4: 5},  # L1379
    "5.3": {3: 1},  # L1416
    "6.1": {4: 2},  # L1454 "Đồng đều****"
    "6.2": {4: 3},  # L1479 "Phù hợp****" (the 4-point "Rất phù hợp" is unmarked)
    "8": {4: 3},  # L1561 (the 5-point option is unmarked in this sheet)
    "9": {3: 2},  # L1573
    "10": {3: 1, 4: 3},  # L1596 / L1601
}

# L921–923: "Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận cơ sở đủ
# điều kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về hồ sơ đăng ký theo quy định".
# The extraction prints the paragraph twice (again at L924–926); it is one list of three.
DISQUALIFIED_WHEN_COUNT = 3
