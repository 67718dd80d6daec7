"""Sheet 11 (Chè tươi, chè chế biến) read from QĐ 26/2026 Phụ lục II, lines 8495–9262, by hand,
independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 3,
    "1.2": 2,  # L8552: the "Không được cấp…" option has an empty points cell (0 by reading)
    "1.3": 3,  # 0 (phân loại, sơ chế) / 1 / 2 / 3
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L8747) lists no options, only its 1 point
    "2.1": 3,
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (15) has a third level: 6.1 Ngoại hình (4) = 6.1.1 Tạp chất
    # (2) + 6.1.2 Hình dạng, màu sắc cánh chè (2); 6.2 Nước pha (11) = 6.2.1 Màu nước (3) +
    # 6.2.2 Mùi nước (3) + 6.2.3 Vị nước (5). The scored items are the third-level ones.
    # L9047: 6.1.1's middle option ("Có rất ít tạp chất, chấp nhận được") reads "11" points — a
    # typo for 1 (the item's maximum is 2, its options 0 / ? / 2).
    "6.1.1": 2,
    "6.1.2": 2,
    "6.2.1": 3,
    "6.2.2": 3,
    "6.2.3": 5,
    # 7. Tính độc đáo (5), 8. Công bố chất lượng (5), 9. Đảm bảo chất lượng (5),
    # 10. Hướng dẫn sử dụng (2), 11. Cơ hội thị trường toàn cầu (3)
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

GATES = {
    "1.1": {3: 2},  # L8534 "…từ 50% đến dưới 75%***" on the 2-point option
    "1.5": {4: 2, 5: 3},
    "1.6": {4: 1},
    "2.1": {4: 3},
    "2.2": {3: 2},
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6.1.1": {4: 2},  # L9049 "Sạch, không phát hiện tạp chất****"
    "6.1.2": {4: 2},  # L9072 "Đồng đều, màu tự nhiên, phù hợp với tính chất sản phẩm****"
    # 6.2.1–6.2.3 (nước pha) carry no marker.
    "7": {4: 3, 5: 5},
    "8": {3: 2},
    "9": {3: 1, 4: 3},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận
# cơ sở đủ điều kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về Hồ sơ đăng ký theo
# quy định" (L8507–8509)
DISQUALIFIED_WHEN_COUNT = 3
