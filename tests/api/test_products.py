import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from ocop.audit.models import AuditEntry
from ocop.registry.models import Product, ProductPhoto, ProductSet
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def products(world):
    class Products:
        hai_van = ProductFactory(producer=world.hai_van, name="Nước mắm cá cơm Hải Vân")
        cam_le = ProductFactory(
            producer=world.cam_le,
            name="Trà xanh Cẩm Lệ",
            product_set=ProductSet.objects.get(number=14),
        )
        legacy = ProductFactory(producer=world.legacy, name="Bánh tráng Đại Lộc")
        hanoi = ProductFactory(producer=world.hanoi, name="Bánh cốm Hà Nội")

    return Products


def _png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


# --- scope --------------------------------------------------------------------------------------


def test_products_list_scoped(api, users, products):
    assert _ids(api(users.agency).get("/api/v1/products")) == {
        products.hai_van.pk,
        products.cam_le.pk,
        products.legacy.pk,
    }
    assert _ids(api(users.commune).get("/api/v1/products")) == {products.hai_van.pk}
    assert _ids(api(users.producer).get("/api/v1/products")) == {products.hai_van.pk}
    assert api().get("/api/v1/products").status_code == 401


PERMISSION_TABLE = [
    ("agency", "legacy", 200, 200),
    ("agency", "hanoi", 404, 404),
    ("commune", "hai_van", 200, 200),
    ("commune", "cam_le", 404, 404),
    ("producer", "hai_van", 200, 200),
    ("producer", "legacy", 404, 404),
    ("inspector", "cam_le", 200, 403),
    ("council", "hai_van", 200, 403),
]


@pytest.mark.parametrize(("role", "product", "get_status", "patch_status"), PERMISSION_TABLE)
def test_product_detail_permission_table(
    api, users, products, role, product, get_status, patch_status
):
    client = api(getattr(users, role))
    target = getattr(products, product)
    url = f"/api/v1/products/{target.pk}"
    assert client.get(url).status_code == get_status
    response = client.patch(url, {"description": "Mô tả mới"}, format="json")
    assert response.status_code == patch_status
    target.refresh_from_db()
    assert (target.description == "Mô tả mới") == (patch_status == 200)


def test_product_detail_shape(api, users, products, units):
    body = api(users.agency).get(f"/api/v1/products/{products.cam_le.pk}").json()
    assert body["product_set"] == 14
    assert body["product_set_name"] == ProductSet.objects.get(number=14).name
    assert body["sector"] == ProductSet.objects.get(number=14).sector_code
    assert body["producer"] == products.cam_le.producer_id
    assert body["commune"]["code"] == units.other_danang_commune.code
    assert body["photos"] == []
    assert body["code"] == products.cam_le.code


# --- filters ------------------------------------------------------------------------------------


def test_products_filters(api, users, products, world, units):
    client = api(users.admin)
    assert _ids(client.get("/api/v1/products", {"q": "nuoc mam"})) == {products.hai_van.pk}
    assert _ids(client.get("/api/v1/products", {"product_set": 14})) == {products.cam_le.pk}
    sector = ProductSet.objects.get(number=14).sector_code
    assert products.cam_le.pk in _ids(client.get("/api/v1/products", {"sector": sector}))
    assert _ids(client.get("/api/v1/products", {"producer": world.legacy.pk})) == {
        products.legacy.pk
    }
    assert _ids(client.get("/api/v1/products", {"commune": units.hai_van.code})) == {
        products.hai_van.pk
    }
    assert _ids(client.get("/api/v1/products", {"province": 1})) == {products.hanoi.pk}


@pytest.mark.parametrize(
    "params", [{"sector": "7"}, {"product_set": "x"}, {"producer": "[1]"}, {"era": "old"}]
)
def test_products_bad_filters_400(api, users, params):
    assert api(users.agency).get("/api/v1/products", params).status_code == 400


def test_products_list_query_count_constant(api, users, world, units):
    client = api(users.agency)
    ProductFactory(producer=world.hai_van)
    client.get("/api/v1/products")
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/products")
    for _n in range(6):
        ProductFactory(producer=world.cam_le)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/products")
    assert response.json()["count"] == 7
    assert len(many) == len(one)


# --- create -------------------------------------------------------------------------------------


def test_product_create_code_and_default_commune(api, users, world, units):
    response = api(users.commune).post(
        "/api/v1/products",
        {"name": "Mật ong rừng", "producer": world.hai_van.pk, "product_set": 9},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    year = timezone.localdate().year
    assert re.fullmatch(rf"48-{units.hai_van.code:05d}-\d{{3}}-{year}", body["code"])
    assert body["commune"]["code"] == units.hai_van.code
    entry = AuditEntry.objects.get(object_type="product", object_id=str(body["id"]))
    assert entry.action == "create"


def test_product_create_by_producer_account(api, users, world):
    response = api(users.producer).post(
        "/api/v1/products",
        {"name": "Nước mắm nhĩ", "producer": world.hai_van.pk, "product_set": 9},
        format="json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("role", "producer"),
    [("agency", "hanoi"), ("commune", "cam_le"), ("producer", "cam_le"), ("agency", None)],
)
def test_product_create_for_producer_out_of_reach_400(api, users, world, role, producer):
    pk = getattr(world, producer).pk if producer else 987654
    response = api(getattr(users, role)).post(
        "/api/v1/products",
        {"name": "Sản phẩm", "producer": pk, "product_set": 9},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["producer"][0].startswith("Không tìm thấy chủ thể")
    assert not Product.objects.exists()


@pytest.mark.parametrize("role", ["inspector", "council"])
def test_product_create_refused_for_read_only_roles(api, users, world, role):
    response = api(getattr(users, role)).post(
        "/api/v1/products",
        {"name": "Sản phẩm", "producer": world.hai_van.pk, "product_set": 9},
        format="json",
    )
    assert response.status_code == 403
    assert not Product.objects.exists()


def test_product_create_on_commune_outside_scope_400(api, users, world, units):
    response = api(users.commune).post(
        "/api/v1/products",
        {
            "name": "Sản phẩm",
            "producer": world.hai_van.pk,
            "product_set": 9,
            "commune": {"code": units.hanoi_commune.code, "era": "2025"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ngoài phạm vi" in response.json()["errors"]["commune"][0]
    assert not Product.objects.exists()
    assert not AuditEntry.objects.exists()


PRODUCT_FUZZ = [
    {"product_set": 27},
    {"product_set": 0},
    {"product_set": "abc"},
    {"product_set": [9]},
    {"product_set": {"n": 9}},
    {"product_set": 10**40},
    {"producer": "abc"},
    {"producer": 10**40},
    {"producer": True},
    {"producer": None},
    {"producer": [1]},
    {"name": None},
    {"name": ""},
    {"name": "x" * 300},
    {"commune": {"code": 99999, "era": "2025"}},
    {"commune": "Hải Vân"},
    {"description": {"x": 1}},
]


@pytest.mark.parametrize("payload", PRODUCT_FUZZ, ids=range(len(PRODUCT_FUZZ)))
def test_product_create_fuzz_400(api, users, world, payload):
    data = {"name": "Sản phẩm", "producer": world.hai_van.pk, "product_set": 9, **payload}
    response = api(users.agency).post("/api/v1/products", data, format="json")
    assert response.status_code == 400, response.content
    assert set(payload) <= set(response.json()["errors"])
    assert not Product.objects.exists()


# --- update and delete --------------------------------------------------------------------------


def test_product_patch_audited_code_unchanged(api, users, products):
    code = products.hai_van.code
    response = api(users.commune).patch(
        f"/api/v1/products/{products.hai_van.pk}",
        {"name": "Nước mắm nhĩ Hải Vân", "product_set": 10, "code": "00-00000-000-2000"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["code"] == code
    entry = AuditEntry.objects.get(object_type="product", action="update")
    assert entry.changes["name"] == ["Nước mắm cá cơm Hải Vân", "Nước mắm nhĩ Hải Vân"]


def test_product_patch_other_producer_400(api, users, products, world):
    response = api(users.agency).patch(
        f"/api/v1/products/{products.hai_van.pk}", {"producer": world.cam_le.pk}, format="json"
    )
    assert response.status_code == 400
    assert "producer" in response.json()["errors"]
    products.hai_van.refresh_from_db()
    assert products.hai_van.producer == world.hai_van


@pytest.mark.parametrize("payload", PRODUCT_FUZZ, ids=range(len(PRODUCT_FUZZ)))
def test_product_patch_fuzz_never_500(api, users, products, payload):
    response = api(users.agency).patch(
        f"/api/v1/products/{products.hai_van.pk}", payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert not AuditEntry.objects.exists()


def test_product_delete_audited(api, users, products):
    pk = products.hai_van.pk
    response = api(users.producer).delete(f"/api/v1/products/{pk}")
    assert response.status_code == 204
    assert not Product.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.get(object_type="product", object_id=str(pk)).action == "delete"


@pytest.mark.parametrize(
    ("role", "product", "expected"),
    [("inspector", "hai_van", 403), ("commune", "cam_le", 404), ("agency", "hanoi", 404)],
)
def test_product_delete_refused(api, users, products, role, product, expected):
    target = getattr(products, product)
    assert api(getattr(users, role)).delete(f"/api/v1/products/{target.pk}").status_code == expected
    assert Product.objects.filter(pk=target.pk).exists()


# --- photos -------------------------------------------------------------------------------------


def test_product_photo_upload(api, users, products, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = api(users.producer).post(
        f"/api/v1/products/{products.hai_van.pk}/photos", {"image": _png()}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    [url] = response.json()["photos"]
    assert url.startswith("http://testserver/media/products/")
    assert ProductPhoto.objects.filter(product=products.hai_van).count() == 1
    assert AuditEntry.objects.filter(object_type="product", action="update").exists()


@pytest.mark.parametrize(
    "upload",
    [
        lambda: io.BytesIO(b"not an image at all"),
        lambda: io.BytesIO(b""),
    ],
)
def test_product_photo_not_an_image_400(api, users, products, settings, tmp_path, upload):
    settings.MEDIA_ROOT = tmp_path
    file = upload()
    file.name = "photo.png"
    response = api(users.agency).post(
        f"/api/v1/products/{products.hai_van.pk}/photos", {"image": file}, format="multipart"
    )
    assert response.status_code == 400
    assert "image" in response.json()["errors"]
    assert not ProductPhoto.objects.exists()


def test_product_photo_too_large_400(api, users, products, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PHOTO_MAX_BYTES = 10
    response = api(users.agency).post(
        f"/api/v1/products/{products.hai_van.pk}/photos", {"image": _png()}, format="multipart"
    )
    assert response.status_code == 400
    assert "quá lớn" in response.json()["errors"]["image"][0]


def test_product_photo_json_body_415_or_400(api, users, products):
    response = api(users.agency).post(
        f"/api/v1/products/{products.hai_van.pk}/photos", {"image": "x"}, format="json"
    )
    assert response.status_code == 415
    assert "application/json" in response.json()["detail"]


def test_product_photo_refused_for_inspector(api, users, products, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = api(users.inspector).post(
        f"/api/v1/products/{products.hai_van.pk}/photos", {"image": _png()}, format="multipart"
    )
    assert response.status_code == 403


# --- downloads ----------------------------------------------------------------------------------


def test_products_csv_download_with_filters(api, users, products):
    response = api(users.agency).get("/api/v1/products", {"format": "csv", "q": "banh trang"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã", "Mã sản phẩm", "Tên sản phẩm"]
    assert [row[2] for row in rows[1:]] == ["Bánh tráng Đại Lộc"]


def test_producers_xlsx_download_scoped(api, users, world):
    from openpyxl import load_workbook

    response = api(users.agency).get("/api/v1/producers", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {world.hai_van.name, world.cam_le.name, world.legacy.name}


def test_download_bad_filter_answers_json_400(api, users):
    response = api(users.agency).get("/api/v1/producers", {"format": "csv", "kind": "bank"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "kind" in response.json()["errors"]


def test_download_requires_login(api):
    assert api().get("/api/v1/products", {"format": "xlsx"}).status_code == 401
