import pytest
from rest_framework import serializers

from ocop.core.errors import DomainError
from ocop.geo.models import Era, Level
from ocop.geo.queries import (
    UnitLookupError,
    children,
    current_communes_for,
    legacy_communes_for,
    search_units,
    unit_by_code,
)
from ocop.geo.serializers import UnitRefField, UnitSerializer

pytestmark = pytest.mark.django_db


def test_unit_by_code_finds_unit_of_era():
    assert unit_by_code(20410, "2025").name == "Phường Hội An"
    assert unit_by_code("20410", "legacy").name == "Phường Sơn Phong"
    assert unit_by_code(49, Era.LEGACY, Level.PROVINCE).name == "Tỉnh Quảng Nam"


def test_unit_by_code_unknown_code_names_code_and_era():
    with pytest.raises(UnitLookupError) as error:
        unit_by_code(99999, "2025")
    assert str(error.value) == "Không có xã/phường mã 99999 thời kỳ 2025."
    assert isinstance(error.value, DomainError)


def test_unit_by_code_code_of_other_era_says_so():
    # 20425 (Xã Cẩm Kim, Hội An) exists only before 2025.
    with pytest.raises(UnitLookupError) as error:
        unit_by_code(20425, "2025")
    assert str(error.value).startswith("Mã 20425 không thuộc thời kỳ 2025")
    assert "Xã Cẩm Kim" in str(error.value)
    assert error.value.code == "wrong_era"


@pytest.mark.parametrize("era", ["2024", "", None, 2025])
def test_unit_by_code_invalid_era(era):
    with pytest.raises(UnitLookupError) as error:
        unit_by_code(20410, era)
    assert str(error.value) == "Thời kỳ phải là “2025” hoặc “legacy”."


@pytest.mark.parametrize("code", ["abc", -1, 0, True, None, 1.5])
def test_unit_by_code_invalid_code(code):
    with pytest.raises(UnitLookupError, match="số nguyên dương"):
        unit_by_code(code, "2025")


def test_children_of_current_and_legacy_province(units):
    communes = children(units.danang)
    assert communes.count() == 94
    assert {unit.level for unit in communes} == {Level.COMMUNE}
    districts = children(units.legacy_quang_nam)
    assert districts.count() == 18  # 17 of the snapshot + Nông Sơn
    assert "Huyện Nông Sơn" in {unit.name for unit in districts}


def test_current_communes_for_legacy_quang_nam_commune():
    son_phong = unit_by_code(20410, "legacy")  # Phường Sơn Phong, Hội An, Quảng Nam
    assert [(u.code, u.era, u.name) for u in current_communes_for(son_phong)] == [
        (20410, "2025", "Phường Hội An")
    ]
    assert current_communes_for(son_phong).get().province.code == 48


def test_current_communes_for_partly_merged_commune_gives_several():
    hoa_lien = unit_by_code(20296, "legacy")  # Xã Hòa Liên, Hòa Vang, legacy Đà Nẵng
    assert hoa_lien.conversions_to.filter(partly_merged=True).count() == 2
    assert [u.name for u in current_communes_for(hoa_lien)] == [
        "Phường Hải Vân",
        "Phường Liên Chiểu",
    ]


def test_current_communes_for_current_commune_is_itself():
    hoi_an = unit_by_code(20410, "2025")
    assert list(current_communes_for(hoi_an)) == [hoi_an]


def test_legacy_communes_for_current_commune():
    hoi_an = unit_by_code(20410, "2025")
    legacy = legacy_communes_for(hoi_an)
    assert [u.name for u in legacy] == [
        "Phường Minh An",
        "Phường Cẩm Phô",
        "Phường Sơn Phong",
        "Xã Cẩm Kim",
        "Phường Cẩm Nam",
    ]
    assert {u.era for u in legacy} == {Era.LEGACY}


def test_search_units_ignores_diacritics_and_ranks_phrase_first():
    names = list(search_units("hoi an", era="2025").values_list("name", flat=True))
    assert set(names[:3]) == {"Phường Hội An", "Phường Hội An Tây", "Phường Hội An Đông"}
    assert list(search_units("HỘI AN", era="2025")[:3]) == list(
        search_units("hoi an", era="2025")[:3]
    )


def test_search_units_by_parent_and_level(units):
    legacy_communes = search_units(era="legacy", parent=units.legacy_quang_nam, level="commune")
    assert legacy_communes.count() == 234
    found = search_units("son phong", parent=units.legacy_quang_nam, level="commune")
    assert [u.code for u in found] == [20410]
    assert search_units("da nang", era="2025", level="province").get().code == 48


# --- serializer field ----------------------------------------------------------------------------


class CommuneInput(serializers.Serializer):
    commune = UnitRefField()
    province = UnitRefField(level=Level.PROVINCE, required=False)


def errors_of(data):
    serializer = CommuneInput(data=data)
    assert not serializer.is_valid()
    return serializer.errors


def test_unit_ref_field_reads_code_and_era():
    serializer = CommuneInput(data={"commune": {"code": 20410, "era": "2025"}})
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["commune"] == unit_by_code(20410, "2025")


def test_unit_ref_field_level_is_configurable():
    serializer = CommuneInput(
        data={"commune": {"code": 20410, "era": "legacy"}, "province": {"code": 48, "era": "2025"}}
    )
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["province"].name == "Thành phố Đà Nẵng"
    assert errors_of({"commune": {"code": 48, "era": "2025"}})["commune"] == [
        "Không có xã/phường mã 48 thời kỳ 2025."
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"code": 99999, "era": "2025"}, "Không có xã/phường mã 99999 thời kỳ 2025."),
        ({"code": 20410, "era": "2024"}, "Thời kỳ phải là “2025” hoặc “legacy”."),
        ({"code": 20410}, "Thời kỳ phải là “2025” hoặc “legacy”."),
        ({"code": "x", "era": "2025"}, "Mã đơn vị hành chính phải là số nguyên dương."),
        (20410, 'Đơn vị hành chính phải có dạng {"code": 20410, "era": "2025"}.'),
        ("20410", 'Đơn vị hành chính phải có dạng {"code": 20410, "era": "2025"}.'),
        (None, "Trường này không được để trống."),
    ],
)
def test_unit_ref_field_rejects_bad_reference(value, message):
    assert errors_of({"commune": value})["commune"] == [message]


def test_unit_ref_field_code_of_other_era():
    message = errors_of({"commune": {"code": 20425, "era": "2025"}})["commune"][0]
    assert message.startswith("Mã 20425 không thuộc thời kỳ 2025")


def test_unit_ref_field_writes_code_era_name():
    field = UnitRefField()
    assert field.to_representation(unit_by_code(20410, "2025")) == {
        "code": 20410,
        "era": "2025",
        "name": "Phường Hội An",
    }


def test_unit_serializer_shows_parents_and_current_province():
    data = UnitSerializer(unit_by_code(20410, "legacy")).data
    assert data["parent"] == {"code": 503, "era": "legacy", "name": "Thành phố Hội An"}
    assert data["province"] == {"code": 49, "era": "legacy", "name": "Tỉnh Quảng Nam"}
    assert data["current_province"] == {"code": 48, "era": "2025", "name": "Thành phố Đà Nẵng"}
    assert data["valid_until"] == "2025-06-30"
    assert data["type"] == "phường"
