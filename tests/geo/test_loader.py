import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from ocop.geo.loader import UnitDataError, load_units
from ocop.geo.models import AdminUnit, ConversionSource, Era, Level, UnitConversion
from ocop.geo.queries import unmapped_legacy_communes

pytestmark = pytest.mark.django_db


def count(era, level):
    return AdminUnit.objects.filter(era=era, level=level).count()


def test_load_units_counts_official_and_extra_units():
    assert count(Era.CURRENT, Level.PROVINCE) == 34
    assert count(Era.CURRENT, Level.COMMUNE) == 3321
    assert count(Era.CURRENT, Level.DISTRICT) == 0
    assert count(Era.LEGACY, Level.PROVINCE) == 63
    assert count(Era.LEGACY, Level.DISTRICT) == 696 + 1  # + Nông Sơn (extra-units.json)
    assert count(Era.LEGACY, Level.COMMUNE) == 10051
    assert UnitConversion.objects.filter(source=ConversionSource.GSO).count() == 10554
    assert UnitConversion.objects.filter(source=ConversionSource.MANUAL).count() == 4


def test_load_units_sets_validity_search_text_and_provinces():
    current = AdminUnit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, code=20410)
    assert current.name == "Phường Hội An"
    assert current.search_text == "phuong hoi an"
    assert current.valid_from == datetime.date(2025, 7, 1)
    assert current.valid_until is None
    assert current.province.code == 48
    assert current.current_province_id == current.province_id

    legacy = AdminUnit.objects.get(era=Era.LEGACY, level=Level.COMMUNE, code=20410)
    assert legacy.name == "Phường Sơn Phong"
    assert legacy.parent.name == "Thành phố Hội An"
    assert legacy.province.name == "Tỉnh Quảng Nam"
    assert legacy.valid_until == datetime.date(2025, 6, 30)

    danang = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code=48)
    assert danang.province_id == danang.pk
    assert danang.current_province_id == danang.pk


def test_load_units_legacy_quang_nam_belongs_to_current_danang():
    legacy_quang_nam = AdminUnit.objects.filter(era=Era.LEGACY, province__code=49)
    assert legacy_quang_nam.count() == 1 + 18 + 234  # province, districts (with Nông Sơn), communes
    assert set(legacy_quang_nam.values_list("current_province__code", flat=True)) == {48}
    assert set(legacy_quang_nam.values_list("current_province__era", flat=True)) == {Era.CURRENT}


def test_load_units_every_unit_has_province_and_current_province():
    assert not AdminUnit.objects.filter(province__isnull=True).exists()
    assert not AdminUnit.objects.filter(current_province__isnull=True).exists()
    assert not AdminUnit.objects.filter(search_text="").exists()


def test_load_units_commune_converted_to_other_province_follows_its_conversion():
    # Phường 4 of Tân An (legacy Long An) → Tây Ninh (80).
    ward = AdminUnit.objects.get(era=Era.LEGACY, level=Level.COMMUNE, code=27691)
    assert ward.province.code == 80
    assert ward.current_province.code == 80


def test_load_units_second_run_changes_nothing():
    before = (AdminUnit.objects.count(), UnitConversion.objects.count())
    result = load_units()
    assert (result.units_created, result.units_updated) == (0, 0)
    assert (result.conversions_created, result.conversions_updated) == (0, 0)
    assert (AdminUnit.objects.count(), UnitConversion.objects.count()) == before


def test_load_units_restores_changed_name_and_missing_conversion():
    unit = AdminUnit.objects.get(era=Era.CURRENT, level=Level.COMMUNE, code=20410)
    AdminUnit.objects.filter(pk=unit.pk).update(name="Sai tên", search_text="sai ten")
    UnitConversion.objects.filter(current_commune=unit).first().delete()

    result = load_units()

    unit.refresh_from_db()
    assert (unit.name, unit.search_text) == ("Phường Hội An", "phuong hoi an")
    assert result.units_updated == 1
    assert result.conversions_created == 1
    assert result.units_created == 0


def test_load_units_command_reports_counts(capsys):
    call_command("load_units")
    out = capsys.readouterr().out
    assert "Created 0, updated 0" in out
    assert "24 legacy communes have no 2025 conversion" in out


def test_nong_son_district_is_a_legacy_unit_until_2024():
    nong_son = AdminUnit.objects.get(era=Era.LEGACY, level=Level.DISTRICT, code=519)
    assert nong_son.name == "Huyện Nông Sơn"
    assert nong_son.parent.code == 49
    assert nong_son.current_province.code == 48
    assert nong_son.valid_until == datetime.date(2024, 12, 31)
    assert "1241/NQ-UBTVQH15" in nong_son.note
    assert AdminUnit.objects.valid_on(datetime.date(2022, 6, 22)).filter(pk=nong_son.pk).exists()
    assert not AdminUnit.objects.valid_on(datetime.date(2025, 3, 1)).filter(pk=nong_son.pk).exists()


def test_manual_conversions_map_same_name_communes():
    conversion = UnitConversion.objects.get(
        legacy_commune__era=Era.LEGACY, legacy_commune__code=20674
    )
    assert conversion.source == ConversionSource.MANUAL
    assert conversion.current_commune.name == "Xã Quế Phước"
    assert conversion.current_commune.era == Era.CURRENT
    assert conversion.note
    unmapped = unmapped_legacy_communes()
    assert unmapped.count() == 24
    assert 20674 not in set(unmapped.values_list("code", flat=True))
    assert 1651 in set(unmapped.values_list("code", flat=True))


# --- validation ------------------------------------------------------------------------------


def small_file(**overrides):
    data = {
        "current": {
            "effective_from": "2025-07-01",
            "provinces": [{"code": 99, "name": "Tỉnh Thử", "type": "tỉnh", "codename": "thu"}],
            "wards": [
                {"code": 99001, "name": "Xã Mới Một", "type": "xã", "province_code": 99},
            ],
        },
        "legacy": {
            "effective_until": "2025-06-30",
            "provinces": [{"code": 99, "name": "Tỉnh Thử Cũ", "type": "tỉnh"}],
            "districts": [{"code": 999, "name": "Huyện Thử", "type": "huyện", "province_code": 99}],
            "wards": [
                {"code": 99001, "name": "Xã Cũ Một", "type": "xã", "district_code": 999},
                {"code": 99002, "name": "Xã Cũ Hai", "type": "xã", "district_code": 999},
            ],
        },
        "ward_conversion_2025": [
            {"old_ward": 99001, "partly_merged": True, "new_wards": [99001], "new_province": 99},
            {"old_ward": 99002, "partly_merged": False, "new_wards": [99001], "new_province": 99},
        ],
    }
    for path, value in overrides.items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return data


def write(tmp_path, data, name="units.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_load_units_small_valid_file_from_path(tmp_path):
    result = load_units(write(tmp_path, small_file()), extra_path=None)
    assert result.units_created == 6
    assert result.conversions_created == 2
    old = AdminUnit.objects.get(era=Era.LEGACY, level=Level.COMMUNE, code=99002)
    assert old.current_province.code == 99
    assert old.current_province.era == Era.CURRENT
    assert old.search_text == "xa cu hai"
    again = load_units(write(tmp_path, small_file()), extra_path=None)
    assert (again.units_created, again.units_updated, again.conversions_created) == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"legacy.wards.1.district_code": 12345}, "legacy.wards[1] (mã 99002)"),
        ({"current.wards.0.province_code": 98}, "current.wards[0] (mã 99001)"),
        ({"legacy.wards.1.code": 99001}, "mã 99001 đã có"),
        ({"legacy.wards.1.name": ""}, "“name”"),
        ({"ward_conversion_2025.1.new_wards": [88888]}, "ward_conversion_2025[1] (mã 99002)"),
        ({"ward_conversion_2025.1.old_ward": 77777}, "mã 77777 không có"),
        ({"ward_conversion_2025.1.old_ward": 99001}, "đã có dòng chuyển đổi"),
        ({"ward_conversion_2025.0.new_wards": []}, "new_wards"),
        ({"legacy.districts": None}, "legacy.districts"),
        ({"legacy.effective_until": "30/06/2025"}, "YYYY-MM-DD"),
    ],
)
def test_load_units_rejects_malformed_file_and_writes_nothing(tmp_path, overrides, message):
    before = (AdminUnit.objects.count(), UnitConversion.objects.count())
    with pytest.raises(UnitDataError) as error:
        load_units(write(tmp_path, small_file(**overrides)), extra_path=None)
    assert message in str(error.value)
    assert (AdminUnit.objects.count(), UnitConversion.objects.count()) == before


def test_load_units_rejects_unexpected_counts(tmp_path):
    with pytest.raises(UnitDataError, match="cần 34 đơn vị"):
        load_units(
            write(tmp_path, small_file()),
            extra_path=None,
            expected_counts={(Era.CURRENT, Level.PROVINCE): 34},
        )
    assert not AdminUnit.objects.filter(code=99001).exists()


def test_load_units_rejects_bad_extra_file_after_valid_official_file(tmp_path):
    extra = {
        "units": [
            {"era": "2025", "level": "district", "code": 5, "name": "Huyện X", "parent_code": 99}
        ]
    }
    with pytest.raises(UnitDataError, match="không có cấp huyện"):
        load_units(write(tmp_path, small_file()), extra_path=write(tmp_path, extra, "extra.json"))
    assert not AdminUnit.objects.filter(code=99001).exists()


def test_load_units_command_rejects_invalid_json(tmp_path):
    before = AdminUnit.objects.count()
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("load_units", str(write(tmp_path, "{not json")), extra="")
    assert AdminUnit.objects.count() == before
