"""Sheet 09 (Tương, nước mắm, gia vị dạng lỏng khác) read from QĐ 26/2026 Phụ lục II, lines
6995–7737, by hand, independently of the data files."""

# Group 1 has six criteria here (no "vùng nguyên liệu" criterion): 1.1 nguồn nguyên liệu is worth
# 5 (1/3/5), 1.4 is the chain link, 1.5 the environment, 1.6 sustainable technology.

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 5,
    "1.2": 3,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L7229) lists no options, only its 1 point
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (15): tạp chất 0/1/2, thể chất 0–3, màu 0–3, mùi 0–3,
    # vị 0/1/2/4
    "6.1": 2,
    "6.2": 3,
    "6.3": 3,
    "6.4": 3,
    "6.5": 4,
    # 7. Tính độc đáo (5), 8. Công bố chất lượng (5), 9. Đảm bảo chất lượng (5),
    # 10. Hướng dẫn sử dụng (2), 11. Cơ hội thị trường toàn cầu (3)
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

GATES = {
    "1.1": {3: 1},  # L7032 "…nhưng có tỷ lệ dưới 50%***"
    "1.4": {4: 2, 5: 3},  # liên kết chuỗi
    "1.5": {4: 1},  # bảo vệ môi trường
    "2.1": {4: 3},  # L7175 "…ít nhất 36 tháng ****"
    "2.2": {3: 2},
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6.1": {4: 2},
    "6.3": {4: 2, 5: 3},
    "6.4": {4: 2, 5: 3},
    "6.5": {4: 2, 5: 4},
    "7": {4: 3, 5: 5},
    "8": {3: 2},
    "9": {3: 1, 4: 3},
}

DISQUALIFIED_WHEN_COUNT = 3  # L7011–7013: giả mạo hồ sơ; giấy chứng nhận ATTP; hồ sơ đăng ký
