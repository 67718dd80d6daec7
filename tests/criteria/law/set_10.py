"""Sheet 10 (Gia vị khác (muối, hành, tỏi, tiêu,...)) read from QĐ 26/2026 Phụ lục II, lines
7738–8494, by hand, independently of the data files."""

# Oddities of the text:
# - 1.2 (L7795): the option "Không được cấp giấy chứng nhận chất lượng" has an empty points cell
#   (0 on the other sheets); the maximum stays 2.
# - 3.5 (L8076–8080): unlike the neighbouring sheets, the 2-point option carries no "****" marker;
#   only the 1-point option is marked (***). Recorded as the text says.
# - Group 8's heading (L8396) reads "8 CÔNG BỐ …" without the dot after the number.

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L7986) lists no options, only its 1 point
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
    # Phần B (25): 4. Tiếp thị (13), 5. Câu chuyện về sản phẩm (12)
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
    "1.1": {3: 1},  # L7771 "…nhưng có tỷ lệ dưới 50%***"
    "1.5": {4: 2, 5: 3},
    "1.6": {4: 1},
    "2.1": {4: 3},  # L7932 "…ít nhất 36 tháng ****"
    "2.2": {3: 2},
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1},  # no 4★ marker on this sheet (see above)
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

DISQUALIFIED_WHEN_COUNT = 3  # L7750–7752: giả mạo hồ sơ; giấy chứng nhận ATTP; hồ sơ đăng ký
