"""Sheet 20 (Tinh dầu và dược liệu khác) read from QĐ 26/2026 Phụ lục II, lines 15170–15919,
by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (17)
    "1.1": 4,
    "1.2": 3,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 1,
    # 2. Phát triển sản phẩm (11); 2.4 (song ngữ, L15412) lists no options, only its 1 point
    "2.1": 4,
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
    # Phần C (35): nine groups without sub-criteria
    "6": 5,  # Công bố chất lượng: 1/3/5
    "7": 3,  # Chỉ tiêu cảm quan: 0/1/3
    "8": 5,  # Sự tiện lợi khi sử dụng, bảo quản: 0/1/3/5
    "9": 4,  # Hiệu quả sử dụng: 0/1/2/4
    "10": 3,  # Tính an toàn: 0/1/3
    "11": 5,  # Tính độc đáo: 0/1/3/5
    "12": 5,  # Đảm bảo chất lượng sản phẩm: 1/3/5
    "13": 2,  # Hướng dẫn sử dụng: 1/2
    "14": 3,  # Cơ hội thị trường toàn cầu: 1/2/3
}

GATES = {
    "1.1": {3: 1},  # L15206 "…dưới 50%***"
    "1.4": {4: 2, 5: 3},
    "1.5": {4: 1},
    "2.1": {4: 4},  # L15363 "…36 tháng ****" closes the 4-point option
    "2.2": {3: 2},
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "11": {4: 3, 5: 5},
    "12": {3: 1, 4: 3},
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không có đủ điều kiện bắt buộc để sản xuất sản phẩm
# theo quy định quản lý chuyên ngành; hoặc không có bản công bố sản phẩm (hoặc tương đương);
# hoặc không đáp ứng về hồ sơ đăng ký theo quy định" (L15182–15185)
DISQUALIFIED_WHEN_COUNT = 4
