"""Sheet 13 (Sản phẩm cà phê, ca cao) read from QĐ 26/2026 Phụ lục II, lines 10022–10807, by hand,
independently of the data files. (This sheet's heading reads "13. Sản phẩm cà phê, ca cao",
without "Bộ sản phẩm:".)"""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,  # 0 (phân loại, sơ chế) / 1 / 2 / 3
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L10274) lists no options, only its 1 point
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
    # Phần B (25): 4. Tiếp thị (13) — on this sheet 4.2 is 4 (0/1/3/4) and 4.3 is 4 (0/1/2/3/4);
    # 5. Câu chuyện sản phẩm (12)
    "4.1": 5,
    "4.2": 4,
    "4.3": 4,
    "5.1": 5,
    "5.2": 2,
    "5.3": 5,
    # Phần C (35): 6. Chỉ tiêu cảm quan (15) has a third level: 6.1 Ngoại hình (10) = 6.1.1 Tạp
    # chất lạ, 6.1.2 Trạng thái/hình dạng, 6.1.3 Màu sắc, 6.1.4 Mùi, 6.1.5 Vị (2 each);
    # 6.2 Nước pha (5) = 6.2.1 Màu nước (2) + 6.2.2 Mùi, vị (3: 0/1/3). The scored items are the
    # third-level ones.
    "6.1.1": 2,
    "6.1.2": 2,
    "6.1.3": 2,
    "6.1.4": 2,
    "6.1.5": 2,
    "6.2.1": 2,
    "6.2.2": 3,
    # 7. Tính độc đáo (5), 8. Công bố chất lượng (5), 9. Đảm bảo chất lượng (5),
    # 10. Hướng dẫn sử dụng (2), 11. Cơ hội thị trường toàn cầu (3)
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

# No option of group 6 carries a star marker on this sheet.
GATES = {
    "1.1": {3: 2},  # L10060 "…từ 50% đến dưới 75%***" on the 2-point option
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
    "7": {4: 3, 5: 5},
    "8": {3: 2},
    "9": {3: 1, 4: 3},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận
# cơ sở đủ điều kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về Hồ sơ đăng ký theo
# quy định" (L10033–10035)
DISQUALIFIED_WHEN_COUNT = 3
