"""Sheet 19 (Mỹ phẩm có thành phần từ dược liệu) read from QĐ 26/2026 Phụ lục II,
lines 14411–15169, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (17)
    "1.1": 4,
    "1.2": 3,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 1,
    # 2. Phát triển sản phẩm (11); 2.4 (song ngữ, L14657) lists no options, only its 1 point
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
    "6": 5,  # Công bố chất lượng: 0/1/3/5
    "7": 3,  # Chỉ tiêu cảm quan: 0/1/3
    "8": 5,  # Sự tiện lợi khi sử dụng, bảo quản: 0/1/3/5
    "9": 4,  # Hiệu quả sử dụng: 0/1/2/4
    "10": 5,  # Tính độc đáo: 0/1/3/5
    "11": 3,  # Kiểm tra định kỳ: 0/1/3
    "12": 5,  # Đảm bảo chất lượng sản phẩm: 1/3/5
    "13": 2,  # Hướng dẫn sử dụng: 1/2
    "14": 3,  # Cơ hội thị trường toàn cầu: 1/2/3
}

GATES = {
    "1.1": {3: 1},  # L14450 "…dưới 50%***"
    "1.4": {4: 2, 5: 3},
    "1.5": {4: 1},
    "2.1": {4: 4},  # L14607 "****" closes the 4-point option
    "2.2": {3: 2},
    # 2.3: the 1-point option's text is the trademark-application wording of 3.5 (L14639–14641,
    # a slip in the law), but it carries "***"; the 3-point option carries "****".
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "10": {4: 3, 5: 5},
    "12": {3: 1, 4: 3},
}

# "Bị loại khi: Giả mạo hồ sơ hoặc không có đủ điều kiện bắt buộc để sản xuất sản phẩm theo quy
# định quản lý chuyên ngành của Bộ Y tế; hoặc không có Bản công bố sản phẩm (hoặc tương đương)
# hoặc không đáp ứng về Hồ sơ đăng ký theo quy định" (L14427–14430; this sheet says "Bị loại
# khi", without "Hồ sơ").
DISQUALIFIED_WHEN_COUNT = 4
