"""Sheet 18 (Thực phẩm chức năng, thuốc dược liệu, thuốc cổ truyền) read from QĐ 26/2026
Phụ lục II, lines 13639–14410, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    # 2. Phát triển sản phẩm (10); 2.4 (song ngữ, L13905) lists no options, only its 1 point
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
    # Phần C (35): nine groups without sub-criteria
    "6": 5,  # Chất lượng an toàn thực phẩm: 1/3/5
    "7": 4,  # Công bố chất lượng sản phẩm: 2/4
    "8": 5,  # Sự tiện lợi khi sử dụng, bảo quản: 0/1/3/5
    "9": 3,  # Hiệu quả sử dụng: 0/1/2/3
    "10": 3,  # Kiểm tra định kỳ: 1/3
    "11": 5,  # Tính độc đáo: 0/1/3/5
    "12": 3,  # Đảm bảo chất lượng sản phẩm: 0/1/3
    "13": 2,  # Hướng dẫn sử dụng: 1/2
    "14": 5,  # Cơ hội thị trường toàn cầu: 1/3/5
}

GATES = {
    "1.1": {3: 1},  # L13679 "…dưới 50%***"
    "1.5": {4: 2, 5: 3},
    "1.6": {4: 1},
    "2.1": {4: 3},  # L13856 "…ít nhất 36 tháng ****" on the 3-point option
    "2.2": {3: 2},
    "2.3": {3: 1, 4: 3},
    "3.4": {4: 2},
    "3.5": {3: 1, 4: 2},
    "4.1": {3: 2, 4: 3, 5: 5},
    "5.1": {4: 5},
    "5.3": {3: 1},
    "6": {3: 1, 4: 3},  # L14212 "…còn hiệu lực).***", L14219 "…sau cấp giấy.****"
    "11": {4: 3, 5: 5},
    # 7 (công bố chất lượng) carries no marker in this sheet.
}

# "Hồ sơ bị loại khi: Giả mạo hồ sơ hoặc không tuân thủ đầy đủ các quy định về giấy chứng nhận
# cơ sở đủ điều kiện sản xuất sản phẩm (GMP đối với thực phẩm bảo vệ hoặc tương đương); Hồ sơ
# đăng ký bản đăng ký công bố chất lượng sản phẩm, ghi nhãn sản phẩm, quảng cáo sản phẩm hoặc
# không đáp ứng quy định hồ sơ đăng ký theo quy định" (L13655–13659). Read as four conditions:
# forgery; the GMP certificate; the product declaration/label/advertising file (after the ";");
# the registration file.
DISQUALIFIED_WHEN_COUNT = 4
