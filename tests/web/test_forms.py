"""Bad input on the registry pages: a clear Vietnamese message, nothing changed, nothing audited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from ocop.audit.models import AuditEntry
from ocop.registry.models import Producer, ProducerStatus, Product, ProductPhoto
from tests.factories import tax_code

_VALID = tax_code(9001)
BAD_CHECK_DIGIT = _VALID[:-1] + str((int(_VALID[-1]) + 1) % 10)
LEGACY_ONLY_CODE = 20195  # a commune code of legacy Đà Nẵng that no 2025 commune uses


def producer_data(units, **overrides):
    data = {
        "name": "Hợp tác xã Nước mắm Cửa Đại",
        "kind": "cooperative",
        "registration_no": tax_code(9001),
        "legal_representative": "Trần Văn Hùng",
        "address": "Thôn 3",
        "commune_era": "2025",
        "commune_code": units.hai_van.code,
        "phone": "0905000111",
        "reason": "",
    }
    data.update(overrides)
    return data


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def agency_client(client, world):
    client.force_login(world["users"]["agency"])
    return client


def _assert_refused(response, message, producers_before, audit_before):
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Producer.objects.count() == producers_before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_no": "12345"}, "phải gồm 10 chữ số"),
        ({"registration_no": "ABC"}, "phải gồm 10 chữ số"),
        ({"registration_no": BAD_CHECK_DIGIT}, "sai chữ số kiểm tra"),
        ({"registration_no": ""}, "Hãy nhập mã số đăng ký kinh doanh/mã số thuế."),
        ({"commune_code": "99999"}, "Không có xã/phường nào mang mã 99999"),
        ({"commune_code": "abc"}, "Mã xã/phường phải là một số."),
        ({"commune_code": ""}, "Hãy nhập mã xã/phường."),
        ({"commune_code": str(LEGACY_ONLY_CODE)}, "Hãy chọn đúng thời kỳ."),
        ({"commune_code": "4"}, "nằm ngoài phạm vi phụ trách của bạn"),
        ({"commune_era": "1999"}, "Thời kỳ đơn vị hành chính không hợp lệ."),
        ({"name": ""}, "Hãy nhập tên chủ thể."),
        ({"email": "not-an-email"}, "Địa chỉ thư điện tử không hợp lệ."),
        ({"local_labour_share": "120"}, "Tỷ lệ phải từ 0 đến 100."),
    ],
)
def test_producer_create_bad_input_changes_nothing(agency_client, world, overrides, message):
    producers_before, audit_before = Producer.objects.count(), AuditEntry.objects.count()
    response = agency_client.post(
        reverse("registry:producer_create"), producer_data(world["units"], **overrides)
    )
    _assert_refused(response, message, producers_before, audit_before)


def test_producer_create_duplicate_registration_no_in_another_format(agency_client, world):
    existing = world["producers"]["hn"].registration_no  # even one the agency cannot see
    formatted = f"{existing[:3]} {existing[3:6]}.{existing[6:]}"
    producers_before, audit_before = Producer.objects.count(), AuditEntry.objects.count()
    response = agency_client.post(
        reverse("registry:producer_create"),
        producer_data(world["units"], registration_no=formatted),
    )
    _assert_refused(response, "Đã có chủ thể với mã số này.", producers_before, audit_before)


def test_producer_edit_commune_outside_scope_changes_nothing(client, world):
    producer = world["producers"]["dn"]
    client.force_login(world["users"]["commune"])
    audit_before = AuditEntry.objects.count()
    data = producer_data(
        world["units"],
        name=producer.name,
        registration_no=producer.registration_no,
        commune_code=world["units"].other_danang_commune.code,
    )
    response = client.post(reverse("registry:producer_edit", args=[producer.pk]), data)
    assert response.status_code == 200
    assert "nằm ngoài phạm vi phụ trách của bạn" in response.content.decode()
    producer.refresh_from_db()
    assert producer.commune_id == world["units"].hai_van.pk
    assert AuditEntry.objects.count() == audit_before


def test_producer_create_normalises_registration_no(agency_client, world):
    number = tax_code(9002)
    response = agency_client.post(
        reverse("registry:producer_create"),
        producer_data(world["units"], registration_no=f" {number[:4]}-{number[4:]} "),
    )
    assert response.status_code == 302
    assert Producer.objects.get(name="Hợp tác xã Nước mắm Cửa Đại").registration_no == number


def test_producer_create_on_legacy_commune_with_era(agency_client, world):
    legacy = world["units"].legacy_commune
    response = agency_client.post(
        reverse("registry:producer_create"),
        producer_data(world["units"], commune_era="legacy", commune_code=legacy.code),
    )
    assert response.status_code == 302
    assert Producer.objects.get(name="Hợp tác xã Nước mắm Cửa Đại").commune == legacy


def product_data(producer, **overrides):
    data = {
        "producer": producer.pk,
        "name": "Trà xanh Đại Lộc",
        "product_set": "",
        "description": "",
        "commune_era": "2025",
        "commune_code": "",
        "reason": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"commune_code": "4"}, "nằm ngoài phạm vi phụ trách của bạn"),
        ({"commune_code": "99999"}, "Không có xã/phường nào mang mã 99999"),
        ({"commune_code": str(LEGACY_ONLY_CODE)}, "Hãy chọn đúng thời kỳ."),
        ({"product_set": ""}, "Hãy chọn bộ sản phẩm."),
        ({"name": ""}, "Hãy nhập tên sản phẩm."),
    ],
)
def test_product_create_bad_input_changes_nothing(agency_client, world, overrides, message):
    from ocop.registry.models import ProductSet

    producer = world["producers"]["dn"]
    data = product_data(producer, product_set=ProductSet.objects.get(number=1).pk)
    data.update(overrides)
    products_before, audit_before = Product.objects.count(), AuditEntry.objects.count()
    response = agency_client.post(reverse("registry:product_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Product.objects.count() == products_before
    assert AuditEntry.objects.count() == audit_before


def test_product_create_for_producer_outside_scope_refused(agency_client, world):
    from ocop.registry.models import ProductSet

    data = product_data(world["producers"]["hn"], product_set=ProductSet.objects.get(number=1).pk)
    products_before = Product.objects.count()
    response = agency_client.post(reverse("registry:product_create"), data)
    assert response.status_code == 200
    assert "nằm ngoài phạm vi của bạn" in response.content.decode()
    assert Product.objects.count() == products_before


def test_product_create_gives_legal_code(agency_client, world):
    from ocop.registry.models import ProductSet

    producer = world["producers"]["dn"]
    data = product_data(producer, product_set=ProductSet.objects.get(number=1).pk)
    response = agency_client.post(reverse("registry:product_create"), data)
    assert response.status_code == 302
    product = Product.objects.get(name="Trà xanh Đại Lộc")
    year = timezone.localdate().year
    assert product.code.startswith(f"48-{world['units'].hai_van.code:05d}-")
    assert product.code.endswith(f"-{year}")
    assert product.commune == producer.commune


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: SimpleUploadedFile("big.png", png_bytes((600, 600)), "image/png"), "Ảnh quá lớn"),
        (
            lambda: SimpleUploadedFile("fake.jpg", b"this is not an image at all", "image/jpeg"),
            "không phải là ảnh hợp lệ",
        ),
        (lambda: SimpleUploadedFile("empty.png", b"", "image/png"), "Tệp tải lên rỗng."),
    ],
)
def test_photo_upload_bad_file_changes_nothing(agency_client, world, settings, upload, message):
    settings.PHOTO_MAX_BYTES = 2000
    product = world["products"]["dn"]
    audit_before = AuditEntry.objects.count()
    response = agency_client.post(
        reverse("registry:product_photos", args=[product.pk]),
        {"image": upload(), "caption": ""},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ProductPhoto.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_photo_upload_and_delete_are_audited(agency_client, world):
    product = world["products"]["dn"]
    response = agency_client.post(
        reverse("registry:product_photos", args=[product.pk]),
        {"image": SimpleUploadedFile("tra.png", png_bytes(), "image/png"), "caption": "Gói 200 g"},
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product=product)
    assert photo.caption == "Gói 200 g"
    detail = agency_client.get(reverse("registry:product_detail", args=[product.pk]))
    assert photo.image.url in detail.content.decode()
    response = agency_client.post(
        reverse("registry:product_photo_delete", args=[product.pk, photo.pk])
    )
    assert response.status_code == 302
    assert not ProductPhoto.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type="product", object_id=str(product.pk))
        .order_by("pk")
        .values_list("changes", flat=True)
    )
    assert actions[0]["photos"][0] is None
    assert actions[1]["photos"][1] is None


def test_status_change_future_date_refused(agency_client, world):
    producer = world["producers"]["dn"]
    audit_before = AuditEntry.objects.count()
    response = agency_client.post(
        reverse("registry:producer_status", args=[producer.pk]),
        {
            "status": ProducerStatus.SUSPENDED,
            "date": (timezone.localdate() + timezone.timedelta(days=3)).isoformat(),
            "reason": "Tạm dừng để sửa chữa nhà xưởng",
        },
    )
    assert response.status_code == 200
    assert "Ngày hiệu lực không được ở tương lai." in response.content.decode()
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.ACTIVE
    assert AuditEntry.objects.count() == audit_before


def test_status_change_without_reason_refused(agency_client, world):
    producer = world["producers"]["dn"]
    response = agency_client.post(
        reverse("registry:producer_status", args=[producer.pk]),
        {"status": ProducerStatus.SUSPENDED, "date": timezone.localdate().isoformat()},
    )
    assert "Hãy nêu lý do thay đổi tình trạng." in response.content.decode()


def test_status_change_is_recorded(agency_client, world):
    producer = world["producers"]["dn"]
    response = agency_client.post(
        reverse("registry:producer_status", args=[producer.pk]),
        {
            "status": ProducerStatus.SUSPENDED,
            "date": timezone.localdate().isoformat(),
            "reason": "Tạm dừng để sửa chữa nhà xưởng",
        },
    )
    assert response.status_code == 302
    producer.refresh_from_db()
    assert producer.status == ProducerStatus.SUSPENDED
    entry = AuditEntry.objects.filter(object_type="producer", object_id=str(producer.pk)).first()
    assert entry.action == "status_change"
    assert entry.reason == "Tạm dừng để sửa chữa nhà xưởng"
    page = agency_client.get(reverse("registry:producer_detail", args=[producer.pk]))
    assert "Tạm dừng để sửa chữa nhà xưởng" in page.content.decode()


def test_delete_producer_with_products_refused(agency_client, world):
    producer = world["producers"]["dn"]
    audit_before = AuditEntry.objects.count()
    response = agency_client.post(reverse("registry:producer_delete", args=[producer.pk]), {})
    assert response.status_code == 200
    assert "Không thể xoá chủ thể đang có sản phẩm" in response.content.decode()
    assert Producer.objects.filter(pk=producer.pk).exists()
    assert AuditEntry.objects.count() == audit_before


def test_login_refuses_demo_account_unless_debug(client, settings, db):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="demo_agency", is_demo=True)
    settings.DEBUG = False
    response = client.post(
        reverse("accounts:login"), {"username": "demo_agency", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    settings.DEBUG = True
    response = client.post(
        reverse("accounts:login"), {"username": "demo_agency", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_logout_requires_post(client, world):
    client.force_login(world["users"]["agency"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302


def test_password_reset_pages(client, world, mailoutbox):
    user = world["users"]["agency"]
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/" in mailoutbox[0].body
    assert client.get(reverse("accounts:password_reset_done")).status_code == 200
    assert client.get(reverse("accounts:password_reset_complete")).status_code == 200


def test_unit_search_finds_communes_without_diacritics(agency_client, world):
    response = agency_client.get(reverse("registry:unit_search"), {"q": "hai van", "era": "2025"})
    assert 'data-unit-code="20194"' in response.content.decode()
    response = agency_client.get(reverse("registry:unit_search"), {"q": "ba dinh", "era": "2025"})
    assert "Phường Ba Đình" not in response.content.decode()  # Hà Nội: outside the scope
