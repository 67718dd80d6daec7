"""Sheet 02 (Thịt, thủy sản, trứng, sữa tươi)
read from QĐ 26/2026 Phụ lục II, lines 1667–2405, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18), 2. Phát triển sản phẩm (10), 3. Sức mạnh cộng đồng (12)
    "1.1": 3,
    "1.2": 3,  # Gia tăng giá trị (no star marker in this sheet)
    "1.3": 2,  # Vùng sản xuất được cấp chứng nhận chất lượng
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    "2.1": 3,
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,  # only its maximum is printed (L1914–1917), no options listed
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (15); groups 7–11 have no sub-criteria
    "6.1": 4,  # Tạp chất: options 1, 2, 4
    "6.2": 3,
    "6.3": 5,
    "6.4": 3,
    "7": 5,
    "8": 5,
    "9": 5,
    "10": 2,
    "11": 3,
}

GATES = {
    "1.5": {4: 2, 5: 3},  # L1793 / L1797
    "1.6": {4: 1},  # L1807
    "2.1": {4: 3},  # L1860
    "2.2": {3: 2},  # L1885
    "2.3": {3: 1, 4: 3},  # L1898 / L1908
    "3.4": {4: 2},  # L1988
    "3.5": {3: 1, 4: 2},  # L1999 / L2004
    "4.1": {3: 2, 4: 3, 5: 5},  # L2041 / L2046 / L2051
    "5.1": {4: 5},  # L2139
    "5.3": {3: 1},  # L2176
    "6.1": {5: 4},  # L2214 "Sạch, không phát hiện tạp chất*****"
    "6.2": {4: 3},  # L2239 "Đồng đều****"
    "6.3": {4: 3, 5: 5},  # L2255 / L2259
    "6.4": {4: 2, 5: 3},  # L2275 / L2279
    "7": {4: 3, 5: 5},  # L2299 / L2303 (Tính độc đáo)
    "8": {3: 2},  # L2311 (Công bố chất lượng)
    "9": {3: 1, 4: 3},  # L2334 / L2339 (Đảm bảo chất lượng)
}

# L1679–1681: forged dossier; food-safety certificate not complied with; registration dossier
# not meeting the rules.
DISQUALIFIED_WHEN_COUNT = 3
