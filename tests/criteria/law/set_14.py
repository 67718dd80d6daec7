"""Sheet 14 (Rượu trắng) read from QĐ 26/2026 Phụ lục II, lines 10808–11510, by hand,
independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (17) — no "vùng nguyên liệu" item on this sheet
    "1.1": 4,  # 1 / 2 / 4
    "1.2": 3,  # gia tăng giá trị
    "1.3": 3,  # năng lực sản xuất
    "1.4": 3,  # liên kết chuỗi
    "1.5": 3,  # bảo vệ môi trường
    "1.6": 1,  # công nghệ bền vững
    # 2. Phát triển sản phẩm (11); 2.4 (song ngữ, L11035) lists no options, only its 1 point
    "2.1": 4,  # 0 / 1 / 2 / 4
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (15): 6.1 tạp chất lạ 0/1/2, 6.2 màu sắc 0/1/3,
    # 6.3 mùi 0/1/2/3/5, 6.4 vị 0/1/2/3/5
    "6.1": 2,
    "6.2": 3,
    "6.3": 5,
    "6.4": 5,
    # 7. Tính độc đáo (5), 8. Công bố chất lượng (5), 9. Đảm bảo chất lượng (5),
    # 10. Cơ hội thị trường toàn cầu (5: 1/3/5) — no "hướng dẫn sử dụng" group on this sheet
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 5,
}

# No option of group 6 carries a star marker on this sheet.
GATES = {
    "1.1": {3: 1},  # L10841 "…nhưng có tỷ lệ dưới 50%***" on the 1-point option
    "1.4": {4: 2, 5: 3},
    "1.5": {4: 1},
    "2.1": {4: 4},  # L10984 "…chỉ dẫn nguồn gốc địa lý ****" on the 4-point option
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
# cơ sở đủ điều kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về hồ sơ đăng ký theo
# quy định" (L10819–10821)
DISQUALIFIED_WHEN_COUNT = 3
