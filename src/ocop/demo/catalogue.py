"""What the demo province produces, and where: the specialties of the former Quảng Nam and of
Đà Nẵng, with the legacy units they come from.

Places are legacy-era codes: a 3-digit code is a district (any of its communes), a 5-digit code
a commune; repeat a code to weigh it. Product names may use `{commune}`, `{district}` (the short
name of the legacy unit the producer comes from) and `{village}`.
"""

from dataclasses import dataclass

from .names import split_names


@dataclass(frozen=True)
class Specialty:
    key: str
    weight: float
    places: tuple[int, ...]
    products: tuple[tuple[int, str], ...]  # (product set number, name template)
    description: str
    coop: tuple[str, ...]  # activity in a cooperative's name: "HTX {coop} {place}"
    trade: tuple[str, ...]  # trade in an enterprise's name: "Công ty TNHH {trade} {brand}"
    shop: str  # "Cơ sở {shop} {nickname}", "Tổ hợp tác {shop} {place}"
    farm: str = ""  # "Trang trại {farm} {nickname}"; empty: farms do not run it
    village: str = ""  # the village whose name a product carries
    cooperative_groups: bool = True


# Legacy district codes: Đà Nẵng 490 Liên Chiểu, 491 Thanh Khê, 492 Hải Châu, 493 Sơn Trà,
# 494 Ngũ Hành Sơn, 495 Cẩm Lệ, 497 Hòa Vang; Quảng Nam 502 Tam Kỳ, 503 Hội An, 504 Tây Giang,
# 505 Đông Giang, 506 Đại Lộc, 507 Điện Bàn, 508 Duy Xuyên, 509 Quế Sơn, 510 Nam Giang,
# 511 Phước Sơn, 512 Hiệp Đức, 513 Thăng Bình, 514 Tiên Phước, 515 Bắc Trà My, 516 Nam Trà My,
# 517 Núi Thành, 518 Phú Ninh.
SPECIALTIES: tuple[Specialty, ...] = (
    Specialty(
        key="nuoc_mam_cua_khe",
        weight=9,
        places=(20794, 20794, 20794, 20797, 20839, 20851),
        products=(
            (9, "Nước mắm cá cơm Cửa Khe"),
            (9, "Nước mắm nhỉ Cửa Khe"),
            (9, "Nước mắm cá cơm than 40 độ đạm"),
            (9, "Mắm ruốc Cửa Khe"),
            (8, "Cá cơm khô Cửa Khe"),
        ),
        description=(
            "Nước mắm ủ chượp truyền thống từ cá cơm than đánh bắt ven bờ, ủ chum gỗ 12–18 tháng."
        ),
        coop=("Nước mắm", "Chế biến nước mắm", "Dịch vụ Thủy sản"),
        trade=("Nước mắm", "Thủy sản"),
        shop="sản xuất nước mắm",
        village="Cửa Khe",
    ),
    Specialty(
        key="nuoc_mam_nam_o",
        weight=4,
        places=(20195, 20195, 20194),
        products=(
            (9, "Nước mắm Nam Ô"),
            (9, "Nước mắm nhỉ Nam Ô"),
            (9, "Mắm nêm Nam Ô"),
            (8, "Chả cá Nam Ô"),
        ),
        description=(
            "Nước mắm làng nghề Nam Ô, cá cơm muối theo tỷ lệ 3 cá 1 muối, ủ trong lu sành."
        ),
        coop=("Nước mắm", "Làng nghề nước mắm"),
        trade=("Nước mắm", "Thực phẩm"),
        shop="sản xuất nước mắm",
        village="Nam Ô",
    ),
    Specialty(
        key="nuoc_mam_ven_bien",
        weight=5,
        places=(20359, 20992, 20638, 20416, 20995, 20635),
        products=(
            (9, "Nước mắm cá cơm {commune}"),
            (9, "Nước mắm truyền thống {commune}"),
            (9, "Mắm cái {commune}"),
            (9, "Mắm ruốc {commune}"),
        ),
        description=(
            "Nước mắm, mắm cái từ cá biển tươi của ngư dân địa phương, không chất bảo quản."
        ),
        coop=("Nước mắm", "Thủy sản", "Dịch vụ Nghề cá"),
        trade=("Thủy sản", "Nước mắm"),
        shop="sản xuất nước mắm",
    ),
    Specialty(
        key="hai_san",
        weight=6,
        places=(20992, 20992, 20416, 20638, 20290, 20263, 20998, 20359),
        products=(
            (8, "Mực một nắng {commune}"),
            (8, "Cá cơm sấy giòn"),
            (8, "Chả cá {commune}"),
            (8, "Cá chỉ vàng tẩm gia vị"),
            (2, "Tôm hùm {commune}"),
            (2, "Ốc hương {commune}"),
            (8, "Tôm khô {commune}"),
        ),
        description=(
            "Hải sản đánh bắt, nuôi trồng ven biển, sơ chế và đóng gói tại cơ sở đạt chuẩn ATTP."
        ),
        coop=("Thủy sản", "Dịch vụ Thủy sản", "Nuôi trồng Thủy sản"),
        trade=("Thủy sản", "Hải sản", "Thực phẩm"),
        shop="chế biến hải sản",
        farm="nuôi tôm",
    ),
    Specialty(
        key="sam_ngoc_linh",
        weight=11,
        places=(20950, 20950, 20950, 20953, 20953, 20947, 20941, 20944, 20935, 20956, 502),
        products=(
            (20, "Sâm Ngọc Linh tươi"),
            (20, "Sâm Ngọc Linh khô"),
            (14, "Rượu sâm Ngọc Linh"),
            (18, "Cao sâm Ngọc Linh"),
            (18, "Sâm Ngọc Linh ngâm mật ong"),
            (12, "Trà sâm Ngọc Linh túi lọc"),
            (17, "Nước sâm Ngọc Linh"),
            (19, "Kem dưỡng da sâm Ngọc Linh"),
        ),
        description=(
            "Sâm Ngọc Linh trồng dưới tán rừng nguyên sinh ở độ cao trên 1.800 m, núi Ngọc Linh."
        ),
        coop=("Dược liệu Sâm Ngọc Linh", "Sâm Ngọc Linh", "Nông lâm nghiệp"),
        trade=("Sâm Ngọc Linh", "Dược liệu"),
        shop="trồng sâm Ngọc Linh",
        farm="trồng sâm Ngọc Linh",
    ),
    Specialty(
        key="tra_thao_moc",
        weight=9,
        places=(504, 505, 514, 502, 20401, 492, 497, 518, 510, 20944),
        products=(
            (12, "Trà sâm dây Ngọc Linh"),
            (12, "Trà thảo mộc {district}"),
            (12, "Trà dây rừng"),
            (12, "Trà khổ qua rừng"),
            (12, "Trà mãng cầu"),
            (12, "Trà lá vằng"),
            (12, "Trà gạo lứt đậu đen"),
            (12, "Trà hoa cúc"),
            (12, "Trà thảo mộc Cơ Tu"),
        ),
        description="Trà thảo mộc sấy lạnh từ cây lá thu hái tại vùng núi, đóng túi lọc tiện dùng.",
        coop=("Dược liệu", "Nông nghiệp", "Sản xuất và Dịch vụ"),
        trade=("Thảo dược", "Trà", "Nông sản"),
        shop="chế biến trà thảo mộc",
        farm="trồng dược liệu",
    ),
    Specialty(
        key="che_xanh",
        weight=3,
        places=(506, 514, 509, 512, 518),
        products=(
            (11, "Chè xanh {district}"),
            (11, "Chè búp khô {commune}"),
            (11, "Trà xanh túi lọc"),
            (11, "Trà xanh sao suốt"),
        ),
        description=(
            "Chè xanh trồng trên đồi, hái búp non, sao suốt thủ công theo cách của người xứ Quảng."
        ),
        coop=("Nông nghiệp", "Chè"),
        trade=("Chè", "Nông sản"),
        shop="chế biến chè",
        farm="trồng chè",
    ),
    Specialty(
        key="banh_trang_tuy_loan",
        weight=4,
        places=(20320, 20320, 20320, 20317),
        products=(
            (6, "Bánh tráng Túy Loan"),
            (6, "Bánh tráng nướng mè đen Túy Loan"),
            (6, "Bánh tráng cuốn Túy Loan"),
        ),
        description=(
            "Bánh tráng tráng tay từ gạo xay, mè đen, phơi nắng, nướng than theo nghề làng Túy "
            "Loan."
        ),
        coop=("Bánh tráng", "Làng nghề bánh tráng"),
        trade=("Thực phẩm",),
        shop="làm bánh tráng",
        village="Túy Loan",
    ),
    Specialty(
        key="banh_trang_dai_loc",
        weight=5,
        places=(506, 506, 20524, 20548),
        products=(
            (6, "Bánh tráng {commune}"),
            (6, "Bánh tráng mè {district}"),
            (6, "Bánh tráng gạo lứt"),
        ),
        description="Bánh tráng gạo Đại Lộc, tráng mỏng, phơi trên giàn tre, giòn xốp khi nướng.",
        coop=("Nông nghiệp", "Bánh tráng", "Sản xuất và Dịch vụ"),
        trade=("Thực phẩm",),
        shop="làm bánh tráng",
    ),
    Specialty(
        key="mi_quang_phu_chiem",
        weight=4,
        places=(20596, 20596, 20593),
        products=(
            (6, "Mì Quảng Phú Chiêm"),
            (6, "Mì Quảng khô Phú Chiêm"),
            (6, "Mì Quảng gạo lứt Phú Chiêm"),
        ),
        description=(
            "Sợi mì Quảng làng Phú Chiêm làm từ gạo ngâm, xay bột nước, tráng và xắt sợi bằng tay."
        ),
        coop=("Mì Quảng", "Làng nghề mì Quảng"),
        trade=("Thực phẩm",),
        shop="làm mì Quảng",
        village="Phú Chiêm",
    ),
    Specialty(
        key="mi_quang_que_son",
        weight=3,
        places=(509, 509, 20641),
        products=(
            (6, "Mì Quảng {district}"),
            (6, "Mì Quảng khô {commune}"),
            (6, "Mì Quảng nghệ"),
            (5, "Mì Quảng ăn liền"),
        ),
        description="Mì Quảng sợi tươi và sợi khô từ gạo địa phương, nhuộm nghệ, không hàn the.",
        coop=("Nông nghiệp", "Mì Quảng"),
        trade=("Thực phẩm",),
        shop="làm mì Quảng",
    ),
    Specialty(
        key="hoi_an_am_thuc",
        weight=5,
        places=(503, 503, 20398, 20404, 20401),
        products=(
            (6, "Bánh tổ Hội An"),
            (6, "Bánh ít lá gai Hội An"),
            (9, "Tương ớt Hội An"),
            (17, "Nước mát Hội An"),
            (7, "Kẹo gừng Hội An"),
            (6, "Mì Cao Lầu Hội An"),
            (5, "Bánh mì khô Hội An"),
        ),
        description="Đặc sản ẩm thực phố cổ Hội An, làm theo công thức gia truyền.",
        coop=("Dịch vụ Ẩm thực", "Thương mại và Dịch vụ"),
        trade=("Thực phẩm", "Ẩm thực"),
        shop="sản xuất đặc sản Hội An",
        cooperative_groups=False,
    ),
    Specialty(
        key="banh_keo",
        weight=6,
        places=(502, 508, 513, 495, 492, 507, 517),
        products=(
            (6, "Bánh khô mè {district}"),
            (6, "Bánh đậu xanh"),
            (6, "Bánh in"),
            (6, "Bánh nổ"),
            (7, "Kẹo đậu phộng {district}"),
            (7, "Kẹo mè đen"),
            (8, "Kẹo mật ong gừng"),
            (6, "Bánh tét lá cẩm"),
        ),
        description="Bánh kẹo truyền thống từ nếp, mè, đậu phộng và đường mía địa phương.",
        coop=("Sản xuất và Dịch vụ", "Nông nghiệp"),
        trade=("Thực phẩm", "Bánh kẹo"),
        shop="sản xuất bánh kẹo",
    ),
    Specialty(
        key="mat_ong",
        weight=5,
        places=(504, 504, 504, 505, 510, 511, 20293),
        products=(
            (4, "Mật ong rừng {district}"),
            (4, "Mật ong hoa rừng"),
            (4, "Mật ong hoa cà phê"),
            (8, "Mật ong ngâm chanh đào"),
            (19, "Sáp ong dưỡng môi"),
        ),
        description="Mật ong khai thác từ đàn ong nuôi dưới tán rừng, lọc và đóng chai tại chỗ.",
        coop=("Nuôi ong", "Nông nghiệp", "Nông lâm nghiệp"),
        trade=("Mật ong", "Nông sản"),
        shop="nuôi ong lấy mật",
        farm="nuôi ong",
    ),
    Specialty(
        key="que_tra_my",
        weight=6,
        places=(515, 515, 515, 20926, 20926, 20911, 20902),
        products=(
            (20, "Tinh dầu quế Trà My"),
            (20, "Quế Trà My"),
            (20, "Quế thanh Trà My"),
            (10, "Bột quế Trà My"),
            (19, "Xà phòng quế"),
            (21, "Quế cuộn mỹ nghệ"),
        ),
        description="Quế Trà My — cây quế trên 15 năm tuổi, vỏ dày, hàm lượng tinh dầu cao.",
        coop=("Quế Trà My", "Lâm nghiệp", "Nông lâm nghiệp"),
        trade=("Quế", "Tinh dầu", "Lâm sản"),
        shop="chưng cất tinh dầu quế",
        farm="trồng quế",
    ),
    Specialty(
        key="gao",
        weight=8,
        places=(508, 507, 513, 509, 518, 506, 504, 20317, 20326, 512),
        products=(
            (3, "Gạo hữu cơ {commune}"),
            (3, "Gạo đỏ {district}"),
            (3, "Gạo lứt huyết rồng"),
            (3, "Gạo sạch {district}"),
            (3, "Nếp cẩm {district}"),
            (6, "Bột gạo lứt rang"),
        ),
        description="Lúa trồng theo quy trình hữu cơ, không thuốc diệt cỏ, xay xát tại hợp tác xã.",
        coop=("Nông nghiệp", "Dịch vụ Nông nghiệp", "Nông nghiệp Hữu cơ"),
        trade=("Nông sản", "Lương thực"),
        shop="xay xát gạo",
        farm="lúa hữu cơ",
    ),
    Specialty(
        key="rau_tra_que",
        weight=3,
        places=(20422, 20422),
        products=((1, "Rau thơm Trà Quế"), (1, "Rau hữu cơ Trà Quế"), (1, "Húng Láng Trà Quế")),
        description="Rau thơm làng Trà Quế bón rong rêu đầm Trà Quế, không phân hóa học.",
        coop=("Nông nghiệp", "Rau Trà Quế"),
        trade=("Nông sản",),
        shop="trồng rau hữu cơ",
        farm="rau hữu cơ",
        village="Trà Quế",
    ),
    Specialty(
        key="trai_cay",
        weight=6,
        places=(514, 514, 20656, 20671, 508, 512, 20668),
        products=(
            (1, "Bưởi Đại Bình"),
            (1, "Bòn bon {district}"),
            (1, "Thanh trà {district}"),
            (1, "Chuối lùn {district}"),
            (1, "Măng cụt {district}"),
            (7, "Chuối sấy dẻo"),
        ),
        description="Trái cây vườn đồi trồng theo hướng VietGAP, thu hái đúng độ chín.",
        coop=("Nông nghiệp", "Dịch vụ Nông nghiệp"),
        trade=("Nông sản",),
        shop="trồng cây ăn quả",
        farm="cây ăn quả",
    ),
    Specialty(
        key="nong_san_che_bien",
        weight=8,
        places=(507, 508, 513, 509, 510, 502, 517, 518, 506, 495),
        products=(
            (7, "Tỏi đen {district}"),
            (7, "Mứt gừng"),
            (7, "Khoai lang sấy dẻo"),
            (7, "Đậu phộng rang tỏi ớt"),
            (7, "Hạt điều rang muối"),
            (7, "Măng khô {district}"),
            (7, "Tinh bột nghệ {district}"),
            (7, "Mít sấy giòn"),
            (7, "Dưa món"),
        ),
        description="Nông sản địa phương sơ chế, sấy và đóng gói theo quy trình khép kín.",
        coop=("Nông nghiệp", "Sản xuất và Dịch vụ", "Dịch vụ Nông nghiệp"),
        trade=("Nông sản", "Thực phẩm"),
        shop="chế biến nông sản",
    ),
    Specialty(
        key="chan_nuoi",
        weight=5,
        places=(514, 512, 506, 518, 505, 510, 509),
        products=(
            (2, "Gà thả vườn {district}"),
            (2, "Heo đen {district}"),
            (2, "Trứng gà ta"),
            (8, "Thịt heo gác bếp"),
            (8, "Bò khô {district}"),
            (2, "Cá niên Sông Thanh"),
        ),
        description=(
            "Vật nuôi thả vườn, ăn thức ăn tự nhiên, giết mổ và chế biến tại cơ sở đủ điều kiện."
        ),
        coop=("Chăn nuôi", "Nông nghiệp"),
        trade=("Thực phẩm", "Nông sản"),
        shop="chăn nuôi",
        farm="chăn nuôi",
    ),
    Specialty(
        key="cha_bo_da_nang",
        weight=3,
        places=(492, 491, 495, 493),
        products=(
            (8, "Chả bò Đà Nẵng"),
            (8, "Chả lụa"),
            (8, "Nem chua"),
            (8, "Tré"),
            (5, "Bánh mì chả cá"),
        ),
        description="Chả, nem, tré làm thủ công theo công thức gia truyền của người Đà Nẵng.",
        coop=("Thương mại và Dịch vụ",),
        trade=("Thực phẩm",),
        shop="sản xuất chả, nem",
        cooperative_groups=False,
    ),
    Specialty(
        key="gia_vi",
        weight=5,
        places=(20992, 20434, 514, 514, 509, 20401, 513),
        products=(
            (10, "Tỏi cô đơn {commune}"),
            (10, "Tỏi {commune}"),
            (10, "Hạt tiêu {district}"),
            (10, "Muối ớt xanh"),
            (10, "Muối tiêu rừng"),
            (10, "Bột nghệ {district}"),
        ),
        description=(
            "Gia vị trồng trên đất cát ven biển và vườn đồi, phơi khô, xay và đóng gói tại chỗ."
        ),
        coop=("Nông nghiệp", "Dịch vụ Nông nghiệp"),
        trade=("Gia vị", "Nông sản"),
        shop="sản xuất gia vị",
    ),
    Specialty(
        key="ca_phe",
        weight=4,
        places=(492, 491, 495, 502, 20401, 511, 20950),
        products=(
            (13, "Cà phê rang xay nguyên chất"),
            (13, "Cà phê hạt rang mộc"),
            (13, "Cà phê muối"),
            (13, "Ca cao nguyên chất"),
            (13, "Cà phê phin giấy"),
        ),
        description="Cà phê hạt chọn lọc, rang mộc bằng củi, xay theo yêu cầu.",
        coop=("Thương mại và Dịch vụ",),
        trade=("Cà phê", "Thương mại và Dịch vụ"),
        shop="rang xay cà phê",
        cooperative_groups=False,
    ),
    Specialty(
        key="ruou",
        weight=4,
        places=(513, 508, 502, 507, 506),
        products=(
            (14, "Rượu Bàu Đá"),
            (14, "Rượu nếp {commune}"),
            (14, "Rượu gạo men lá"),
            (14, "Rượu ba kích"),
            (14, "Rượu ngô {district}"),
        ),
        description=(
            "Rượu nấu thủ công bằng nồi đồng, men lá gia truyền, hạ thổ trước khi đóng chai."
        ),
        coop=("Sản xuất và Dịch vụ", "Nông nghiệp"),
        trade=("Rượu", "Đồ uống"),
        shop="nấu rượu",
    ),
    Specialty(
        key="ruou_can",
        weight=3,
        places=(505, 505, 504, 510),
        products=(
            (15, "Rượu cần Cơ Tu"),
            (15, "Rượu tà vạt {district}"),
            (15, "Rượu sim rừng"),
            (15, "Rượu men lá Cơ Tu"),
        ),
        description="Rượu cần ủ men lá rừng theo cách của đồng bào Cơ Tu, uống trong lễ hội.",
        coop=("Nông lâm nghiệp", "Dịch vụ Nông nghiệp"),
        trade=("Đồ uống",),
        shop="ủ rượu cần",
    ),
    Specialty(
        key="nuoc_uong",
        weight=1.2,
        places=(506, 518, 497),
        products=(
            (16, "Nước uống đóng chai {district}"),
            (16, "Nước khoáng thiên nhiên {commune}"),
        ),
        description="Nước ngầm lọc qua hệ thống RO và khử khuẩn UV, đóng chai tự động.",
        coop=("Sản xuất và Dịch vụ",),
        trade=("Nước uống", "Đồ uống"),
        shop="sản xuất nước uống",
        cooperative_groups=False,
    ),
    Specialty(
        key="do_uong_khac",
        weight=2,
        places=(503, 502, 492, 514, 508),
        products=(
            (17, "Nước ép chanh dây"),
            (17, "Nước cốt gừng mật ong"),
            (17, "Siro sâm dây"),
            (17, "Nước nha đam"),
        ),
        description="Đồ uống từ trái cây và thảo mộc địa phương, thanh trùng, không chất bảo quản.",
        coop=("Sản xuất và Dịch vụ", "Nông nghiệp"),
        trade=("Đồ uống", "Thực phẩm"),
        shop="sản xuất đồ uống",
    ),
    Specialty(
        key="duoc_lieu",
        weight=7,
        places=(504, 505, 510, 511, 515, 492, 502, 516),
        products=(
            (18, "Cao ba kích tím"),
            (18, "Đông trùng hạ thảo"),
            (18, "Cao dây thìa canh"),
            (20, "Ba kích tím {district}"),
            (20, "Đảng sâm {district}"),
            (19, "Dầu gội thảo dược"),
            (19, "Dầu xoa bóp thảo dược"),
            (20, "Tinh dầu sả chanh"),
            (20, "Tinh dầu tràm"),
        ),
        description="Dược liệu trồng và thu hái theo GACP-WHO, sơ chế và chiết xuất tại chỗ.",
        coop=("Dược liệu", "Nông lâm nghiệp"),
        trade=("Dược liệu", "Thảo dược"),
        shop="chế biến dược liệu",
        farm="trồng dược liệu",
    ),
    Specialty(
        key="nam",
        weight=3,
        places=(507, 518, 502, 20317, 513),
        products=(
            (1, "Nấm bào ngư tươi"),
            (7, "Nấm sò sấy"),
            (18, "Nấm linh chi {district}"),
            (1, "Nấm rơm {commune}"),
        ),
        description=(
            "Nấm trồng trong nhà màng trên giá thể rơm, mùn cưa, không dùng thuốc kích thích."
        ),
        coop=("Nông nghiệp", "Dịch vụ Nông nghiệp"),
        trade=("Nông sản",),
        shop="trồng nấm",
        farm="trồng nấm",
    ),
    Specialty(
        key="gom_thanh_ha",
        weight=3,
        places=(20407,),
        products=(
            (21, "Gốm Thanh Hà"),
            (21, "Tượng gốm Thanh Hà"),
            (21, "Bình gốm trang trí Thanh Hà"),
        ),
        description=(
            "Gốm đất nung làng Thanh Hà, nặn tay trên bàn xoay, nung lò củi theo nghề 500 năm."
        ),
        coop=("Gốm Thanh Hà", "Làng nghề gốm"),
        trade=("Gốm", "Thủ công mỹ nghệ"),
        shop="gốm",
        village="Thanh Hà",
    ),
    Specialty(
        key="moc_kim_bong",
        weight=3,
        places=(20425,),
        products=(
            (21, "Mộc mỹ nghệ Kim Bồng"),
            (21, "Tượng gỗ Kim Bồng"),
            (21, "Mô hình thuyền gỗ"),
        ),
        description="Đồ mộc chạm khắc làng Kim Bồng, gỗ tự nhiên, ghép mộng không dùng đinh.",
        coop=("Mộc Kim Bồng", "Làng nghề mộc"),
        trade=("Mỹ nghệ", "Thủ công mỹ nghệ"),
        shop="mộc mỹ nghệ",
        village="Kim Bồng",
    ),
    Specialty(
        key="den_long",
        weight=3,
        places=(20398, 20404, 20401, 20410),
        products=((21, "Đèn lồng Hội An"), (21, "Đèn lồng lụa Hội An"), (21, "Đèn lồng tre")),
        description="Đèn lồng khung tre uốn tay, bọc lụa, sơn màu theo mẫu phố cổ Hội An.",
        coop=("Đèn lồng", "Thủ công mỹ nghệ"),
        trade=("Thủ công mỹ nghệ",),
        shop="làm đèn lồng",
    ),
    Specialty(
        key="lua_ma_chau",
        weight=2,
        places=(20599, 20599, 20617),
        products=((22, "Lụa Mã Châu"), (22, "Khăn lụa Mã Châu"), (22, "Áo dài lụa Mã Châu")),
        description="Lụa tơ tằm làng Mã Châu, ươm tơ và dệt trên khung cửi truyền thống.",
        coop=("Dệt lụa Mã Châu", "Dâu tằm tơ"),
        trade=("Dệt may", "Lụa"),
        shop="dệt lụa",
        village="Mã Châu",
    ),
    Specialty(
        key="tho_cam_zara",
        weight=2,
        places=(20710,),
        products=(
            (22, "Dệt thổ cẩm Zara"),
            (22, "Túi thổ cẩm Zara"),
            (22, "Khăn thổ cẩm đính cườm"),
        ),
        description=(
            "Thổ cẩm dệt tay trên khung dệt đeo lưng của phụ nữ Cơ Tu làng Zara, đính cườm."
        ),
        coop=("Dệt thổ cẩm Zara", "Dệt thổ cẩm"),
        trade=("Thổ cẩm",),
        shop="dệt thổ cẩm",
        village="Zara",
    ),
    Specialty(
        key="tho_cam_co_tu",
        weight=2,
        places=(505, 504, 510),
        products=(
            (22, "Thổ cẩm Cơ Tu {district}"),
            (21, "Đan lát mây tre Cơ Tu"),
            (22, "Váy thổ cẩm"),
        ),
        description=(
            "Sản phẩm thủ công của đồng bào Cơ Tu, hoa văn truyền thống, nguyên liệu núi rừng."
        ),
        coop=("Dệt thổ cẩm", "Nông lâm nghiệp"),
        trade=("Thổ cẩm",),
        shop="dệt thổ cẩm",
    ),
    Specialty(
        key="da_my_nghe",
        weight=2,
        places=(20290, 20290, 20287),
        products=((21, "Đá mỹ nghệ Non Nước"), (21, "Tượng đá Non Nước")),
        description="Đá mỹ nghệ làng Non Nước, chế tác thủ công từ đá cẩm thạch.",
        coop=("Đá mỹ nghệ Non Nước",),
        trade=("Đá mỹ nghệ",),
        shop="chế tác đá mỹ nghệ",
    ),
    Specialty(
        key="may_tre",
        weight=2,
        places=(508, 513, 507, 502, 20362),
        products=(
            (21, "Mây tre đan {district}"),
            (21, "Chiếu cói {commune}"),
            (21, "Nón lá {district}"),
        ),
        description="Hàng thủ công đan từ mây, tre, cói trồng tại địa phương.",
        coop=("Mây tre đan", "Tiểu thủ công nghiệp"),
        trade=("Thủ công mỹ nghệ",),
        shop="mây tre đan",
    ),
    Specialty(
        key="hoa",
        weight=1,
        places=(502, 507, 20347),
        products=((23, "Hoa cúc {commune}"), (23, "Hoa lan hồ điệp"), (23, "Hoa mai vàng")),
        description="Hoa trồng trong nhà lưới, chăm sóc theo quy trình VietGAP.",
        coop=("Hoa, cây cảnh",),
        trade=("Hoa, cây cảnh",),
        shop="trồng hoa",
        farm="hoa",
    ),
    Specialty(
        key="cay_canh",
        weight=1,
        places=(507, 502, 497),
        products=((24, "Mai vàng {district}"), (24, "Bonsai {district}"), (24, "Cây cảnh mini")),
        description="Cây cảnh tạo dáng thủ công bởi nghệ nhân địa phương.",
        coop=("Hoa, cây cảnh",),
        trade=("Cây cảnh",),
        shop="cây cảnh",
        farm="cây cảnh",
    ),
    Specialty(
        key="dong_vat_canh",
        weight=0.5,
        places=(495, 502),
        products=((25, "Cá cảnh {district}"), (25, "Chim chào mào")),
        description="Động vật cảnh nuôi, thuần dưỡng tại cơ sở, có nguồn gốc rõ ràng.",
        coop=("Sinh vật cảnh",),
        trade=("Sinh vật cảnh",),
        shop="nuôi cá cảnh",
        farm="cá cảnh",
    ),
    Specialty(
        key="du_lich",
        weight=4,
        places=(20431, 20422, 20473, 20434, 20293, 505, 504, 510, 20407, 20425, 20950),
        products=(
            (26, "Du lịch cộng đồng {commune}"),
            (26, "Du lịch trải nghiệm nông nghiệp {commune}"),
            (26, "Du lịch sinh thái {commune}"),
            (26, "Homestay {commune}"),
        ),
        description=(
            "Dịch vụ du lịch cộng đồng: lưu trú tại nhà dân, ẩm thực địa phương, trải nghiệm nghề."
        ),
        coop=("Du lịch cộng đồng", "Dịch vụ Du lịch"),
        trade=("Du lịch", "Du lịch và Dịch vụ"),
        shop="du lịch cộng đồng",
    ),
)


@dataclass(frozen=True)
class Association:
    name: str
    place: int  # legacy commune code
    products: tuple[tuple[int, str], ...]
    description: str


ASSOCIATIONS: tuple[Association, ...] = (
    Association(
        "Ban quản lý Làng du lịch cộng đồng Cơ Tu Bhơ Hôồng",
        20473,
        ((26, "Làng du lịch cộng đồng Cơ Tu Bhơ Hôồng"), (15, "Rượu tà vạt Bhơ Hôồng")),
        "Làng Cơ Tu giữ nhà gươl, nhà sàn, lễ hội và ẩm thực truyền thống; đón khách lưu trú.",
    ),
    Association(
        "Ban quản lý Làng rau Trà Quế",
        20422,
        ((26, "Du lịch trải nghiệm làng rau Trà Quế"),),
        "Khách làm nông dân một ngày: cuốc đất, trồng rau, tưới nước bằng gánh, học nấu món Quảng.",
    ),
    Association(
        "Hội Du lịch cộng đồng Cẩm Thanh",
        20431,
        ((26, "Du lịch sinh thái rừng dừa Bảy Mẫu"),),
        "Chèo thuyền thúng trong rừng dừa nước Bảy Mẫu, đánh bắt cua, cá cùng ngư dân.",
    ),
    Association(
        "Ban quản lý Điểm du lịch cộng đồng Tà Lang – Giàn Bí",
        20293,
        ((26, "Du lịch cộng đồng Tà Lang – Giàn Bí"),),
        "Làng Cơ Tu bên sông Cu Đê: tắm suối, ẩm thực núi rừng, dệt thổ cẩm cùng người dân.",
    ),
    Association(
        "Hội Làng nghề gốm Thanh Hà",
        20407,
        ((26, "Điểm du lịch làng gốm Thanh Hà"),),
        "Tham quan và tự tay làm gốm tại làng nghề 500 năm tuổi bên sông Thu Bồn.",
    ),
    Association(
        "Ban quản lý Khu du lịch cộng đồng Cù Lao Chàm",
        20434,
        ((26, "Du lịch cộng đồng Cù Lao Chàm"), (10, "Tỏi Cù Lao Chàm")),
        "Khu dự trữ sinh quyển Cù Lao Chàm: lặn ngắm san hô, lưu trú nhà dân, hải sản tươi.",
    ),
)

# The producer that the `producer` demo account owns: one cooperative with several products.
SHOWCASE = {
    "name": "Hợp tác xã Dược liệu Sâm Ngọc Linh Trà Linh",
    "place": 20950,  # Xã Trà Linh (legacy) → Xã Trà Linh (2025)
    "representative": ("Hồ Văn Thạch", False, True),  # name, woman, ethnic minority (Xơ Đăng)
    "products": (
        (20, "Sâm Ngọc Linh tươi Trà Linh", 2020),
        (14, "Rượu sâm Ngọc Linh Trà Linh", 2021),
        (18, "Cao sâm Ngọc Linh Trà Linh", 2023),
        (12, "Trà sâm dây Ngọc Linh Trà Linh", 2024),
    ),
    "description": SPECIALTIES[4].description,
}

# Auspicious brand words for enterprise, cooperative and farm product names.
BRANDS = split_names(
    """
    Phúc Lộc, An Khang, Hương Quê, Xứ Quảng, Kim Phát, Thành Đạt, Hưng Thịnh, Tâm Việt, Kim
    Ngân, Hoàng Gia, Phú Quý, Minh Châu, Thiên Phú, Bảo An, Ngọc Sơn, Quảng Đà, Sông Hàn,
    Thu Bồn, Vu Gia, Hòn Kẽm, Trường Sơn, Ngọc Linh Xanh, Hạnh Nguyên, Tín Nghĩa, Đất Quảng,
    Miền Trung, Nắng Mới, Hồng Phát, Thái An, Mộc Nhiên, Hương Rừng, Tâm An, Vạn Lộc, Đức
    Thành, Quê Nhà, Gia Bảo, Hưng Phát, Phước Thịnh, Tân Phú, Lộc Phát, Nhật Minh, Hải Đăng,
    Song Phát, Đại Phát, Mỹ Sơn, Cù Lao, Hội Phố, Sơn Trà, Bà Nà, Phú Ninh, Kỳ Anh, Ngũ
    Hành, Thiên Ân, Việt Quảng, An Bình, Hòa Phát, Xanh Sạch, Nông Gia, Nguyên Khang, Tâm
    Đức, Phú Thịnh, Thành Công
    """
)

ORDINAL_NICKNAMES = ("Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười")


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    unit: tuple[str, str, int] | None = None  # (era, level, code)
    department: str = ""


# Council members, the agency officer and the inspector work for Đà Nẵng (province 48 of 2025).
DANANG = ("2025", "province", 48)
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("agency", "Lê Thị Thu Hà", "agency_officer", DANANG),
    DemoAccount("commune", "Huỳnh Văn Tâm", "commune_officer", ("2025", "commune", 20401)),
    DemoAccount("district", "Phan Thị Mỹ Linh", "district_officer", ("legacy", "district", 507)),
    DemoAccount("council1", "Nguyễn Hồng Sơn", "council_member", DANANG),
    DemoAccount("council2", "Trần Thị Kim Oanh", "council_member", DANANG),
    DemoAccount("council3", "Võ Văn Thuận", "council_member", DANANG),
    DemoAccount("council4", "Đặng Thị Ngọc Trinh", "council_member", DANANG),
    DemoAccount("council5", "Trương Công Hiếu", "council_member", DANANG),
    DemoAccount(
        "inspector", "Võ Thị Ngọc Ánh", "inspector", DANANG, department="agriculture_environment"
    ),
)
ADMIN_ACCOUNT = DemoAccount("admin", "Trần Minh Khoa", "admin")
PRODUCER_USERNAME = "producer"
