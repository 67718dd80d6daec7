"""Sheet 03 (Gạo, ngũ cốc, hạt sơ chế khác)
read from QĐ 26/2026 Phụ lục II, lines 2406–3161, by hand, independently of the data files."""

MAXIMA = {
    # Phần A (40): 1. Tổ chức sản xuất (18), 2. Phát triển sản phẩm (10), 3. Sức mạnh cộng đồng (12)
    "1.1": 3,
    "1.2": 2,
    "1.3": 3,
    "1.4": 3,
    "1.5": 3,
    "1.6": 3,
    "1.7": 1,
    "2.1": 3,
    "2.2": 3,
    "2.3": 3,
    "2.4": 1,  # only its maximum is printed (L2653–2656), no options listed
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
    # Phần C (35): 6. Chỉ tiêu cảm quan (12); groups 7–12 have no sub-criteria
    "6.1": 3,  # Tạp chất: options 1, 2, 3
    "6.2": 3,
    "6.3": 3,
    "6.4": 3,
    "7": 3,
    "8": 5,
    "9": 5,
    "10": 5,
    "11": 2,
    "12": 3,
}

GATES = {
    "1.3": {5: 3},  # L2490
    "1.5": {4: 2, 5: 3},  # L2532 / L2536
    "1.6": {4: 1},  # L2546
    "2.1": {4: 3},  # L2599
    "2.2": {3: 2},  # L2624
    "2.3": {3: 1, 4: 3},  # L2637 / L2647
    "3.4": {4: 2},  # L2726
    "3.5": {3: 1, 4: 2},  # L2737 / L2742
    "4.1": {3: 2, 4: 3, 5: 5},  # L2779 / L2784 / L2789
    # L2877–2879: the marker is printed spaced out, "điện tử * * * *": a 4-star marker.
    "5.1": {4: 5},
    "5.3": {3: 1},  # L2914
    "6.1": {4: 3},  # L2952 "Sạch, không phát hiện tạp chất****"
    "6.2": {4: 3},  # L2977 "Đồng đều****"
    "6.3": {4: 2, 5: 3},  # L2993 / L2997
    "6.4": {4: 2, 5: 3},  # L3013 / L3017
    "8": {4: 3, 5: 5},  # L3055 / L3059 (Tính độc đáo)
    "9": {3: 2},  # L3067 (Công bố sản phẩm)
    "10": {3: 1, 4: 3},  # L3090 / L3095
}

# L2418–2420: forged dossier; food-safety certificate not complied with; registration dossier
# not meeting the rules.
DISQUALIFIED_WHEN_COUNT = 3
