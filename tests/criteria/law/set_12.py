"""Sheet 12 (Sản phẩm trà từ thực vật khác) read from QĐ 26/2026 Phụ lục II, lines 9263–10021,
by hand, independently of the data files. (This sheet's heading reads "12. Sản phẩm trà từ thực
vật khác", without "Bộ sản phẩm:".)"""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,  # 0 (phân loại, sơ chế) / 1 / 2 / 3
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L9516) lists no options, only its 1 point
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (15): 6.1 tạp chất 0/1/2, 6.2 hình dạng 0/1/2,
    # 6.3 màu nước 0/1/2/3, 6.4 mùi nước 0/1/2/3, 6.5 vị nước 0/1/3/5
    "6.1": 2,
    "6.2": 2,
    "6.3": 3,
    "6.4": 3,
    "6.5": 5,
    # 7. Tính độc đáo (5), 8. Công bố chất lượng (5), 9. Đảm bảo chất lượng (5),
    # 10. Hướng dẫn sử dụng (2), 11. Cơ hội thị trường toàn cầu (3)
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

GATES = {
    "1.1": {3: 2},  # L9302 "…từ 50% đến dưới 75%***" on the 2-point option
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
    "6.1": {4: 2},  # L9814
    "6.3": {4: 2},  # L9852 "Trong sáng, rất phù hợp****"
    "6.4": {4: 2},  # L9872 "Thơm tự nhiên, mạnh****"
    "6.5": {4: 3},  # L9892 "Vị đậm, dịu, phù hợp****"
    "7": {4: 3, 5: 5},
    "8": {3: 2},
    "9": {3: 1, 4: 3},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận
# cơ sở đủ điều kiện an toàn thực phẩm theo quy định; hoặc không đáp ứng về hồ sơ đăng ký theo
# quy định" (L9275–9277)
DISQUALIFIED_WHEN_COUNT = 3
