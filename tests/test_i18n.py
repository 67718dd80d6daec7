"""The English catalogue: complete, compiled, and used by pages and the API."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from ocop.accounts.models import Role
from tests.factories import ProducerFactory, user_with_role

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def _entries(path: Path) -> list[dict]:
    """Entries of a .po file as `{"flags", "msgid", "msgid_plural", "msgstr": [..]}`."""
    entries, entry, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {
                "flags": set(),
                "msgctxt": None,
                "msgid": "",
                "msgid_plural": None,
                "msgstr": {},
            }
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            key = ("msgctxt", None)
            entry["msgctxt"] = _unquote(line[len("msgctxt ") :])
        elif line.startswith("msgid_plural "):
            key = ("msgid_plural", None)
            entry["msgid_plural"] = _unquote(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            key = ("msgid", None)
            entry["msgid"] = _unquote(line[len("msgid ") :])
        elif line.startswith("msgstr["):
            index = int(line[len("msgstr[") : line.index("]")])
            key = ("msgstr", index)
            entry["msgstr"][index] = _unquote(line[line.index("]") + 1 :].strip())
        elif line.startswith("msgstr "):
            key = ("msgstr", 0)
            entry["msgstr"][0] = _unquote(line[len("msgstr ") :])
        elif line.startswith('"'):
            name, index = key
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            else:
                entry[name] += _unquote(line)
    return entries


@pytest.fixture(scope="module")
def catalogue():
    assert CATALOGUE.exists(), f"{CATALOGUE} is missing"
    return [entry for entry in _entries(CATALOGUE) if entry["msgid"]]


@pytest.fixture(autouse=True)
def _compiled_catalogue():
    compiled = CATALOGUE.with_suffix(".mo")
    if not compiled.exists():
        pytest.fail(
            f"{compiled} is missing: compile the catalogues first "
            "(`make messages`, or `make test` which does it)."
        )
    if compiled.stat().st_mtime < CATALOGUE.stat().st_mtime:
        pytest.fail(f"{compiled} is older than {CATALOGUE.name}: run `make messages` again.")


@pytest.fixture
def plain_static_storage(settings, tmp_path):
    """Pages render `{% static %}` without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


# --- the catalogue --------------------------------------------------------------------------------


def test_catalogue_has_no_untranslated_entry(catalogue):
    untranslated = [
        entry["msgid"]
        for entry in catalogue
        if not entry["msgstr"] or any(not text.strip() for text in entry["msgstr"].values())
    ]
    assert len(catalogue) > 400
    assert untranslated == []


def test_catalogue_has_no_fuzzy_entry(catalogue):
    assert [entry["msgid"] for entry in catalogue if "fuzzy" in entry["flags"]] == []


def test_catalogue_plural_entries_have_both_forms(catalogue):
    plurals = [entry for entry in catalogue if entry["msgid_plural"]]
    assert plurals
    for entry in plurals:
        assert set(entry["msgstr"]) == {0, 1}, entry["msgid"]


def test_catalogue_compiled_translations_are_used(catalogue):
    singles = [entry for entry in catalogue if not entry["msgid_plural"]]
    untouched = {"English", "Tiếng Việt"}  # language names are shown in their own language
    with translation.override("en"):
        for entry in singles:
            if entry["msgid"] in untouched:
                continue
            if entry["msgctxt"]:
                english = translation.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                english = translation.gettext(entry["msgid"])
            assert english == entry["msgstr"][0], entry["msgid"]
            assert english != entry["msgid"], entry["msgid"]
        assert translation.ngettext("%(counter)s chủ thể", "%(counter)s chủ thể", 1) == (
            "%(counter)s producer"
        )
        assert translation.ngettext("%(counter)s chủ thể", "%(counter)s chủ thể", 3) == (
            "%(counter)s producers"
        )


def test_catalogue_vietnamese_stays_the_default():
    with translation.override("vi"):
        assert translation.gettext("Tổng quan") == "Tổng quan"


# --- pages ----------------------------------------------------------------------------------------


@pytest.fixture
def agency_client(client, db, units, plain_static_storage):
    ProducerFactory(name="Hợp tác xã Nước mắm Hải Vân", commune=units.hai_van)
    client.force_login(user_with_role(Role.AGENCY_OFFICER, unit=units.danang))
    return client


def _page(client, url: str, language: str | None) -> str:
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_english_with_language_cookie(agency_client):
    html = _page(agency_client, "/", "en")
    assert '<html lang="en"' in html
    for text in ("Overview", "Figures within your area of responsibility", "Producers by type"):
        assert text in html
    for text in ("Tổng quan", "Số liệu trong phạm vi phụ trách của bạn", "Chủ thể theo loại hình"):
        assert text not in html


def test_producer_list_english_with_language_cookie(agency_client):
    html = _page(agency_client, "/producers/", "en")
    for text in ("OCOP producers", "Producer name", "1 producer", "Cooperative", "Clear filters"):
        assert text in html
    for text in ("Chủ thể OCOP", "Tên chủ thể", "Xoá bộ lọc", "Loại hình"):
        assert text not in html
    assert "Hợp tác xã Nước mắm Hải Vân" in html  # data stays as entered


def test_producer_list_english_with_accept_language(agency_client):
    response = agency_client.get("/producers/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "OCOP producers" in html
    assert "Chủ thể OCOP" not in html


def test_producer_list_vietnamese_by_default(agency_client):
    html = _page(agency_client, "/producers/", None)
    assert "Chủ thể OCOP" in html
    assert "OCOP producers" not in html


# --- API ------------------------------------------------------------------------------------------


def _create_with_bad_registration_no(units, **headers):
    client = APIClient()
    client.force_authenticate(user_with_role(Role.AGENCY_OFFICER, unit=units.danang))
    payload = {
        "name": "Hợp tác xã Mật ong Ngọc Linh",
        "kind": "cooperative",
        "registration_no": "12345",
        "legal_representative": "Nguyễn Thị Hoa",
        "commune": {"code": units.hai_van.code, "era": "2025"},
    }
    response = client.post("/api/v1/producers", payload, format="json", **headers)
    assert response.status_code == 400
    return response.json()


def test_api_validation_error_english_with_accept_language(db, units):
    body = _create_with_bad_registration_no(units, HTTP_ACCEPT_LANGUAGE="en")
    message = " ".join(body["errors"]["registration_no"])
    assert "registration number/tax code must have 10 digits" in message
    assert "10 digits" in body["detail"]
    assert "chữ số" not in body["detail"]


def test_api_validation_error_vietnamese_by_default(db, units):
    body = _create_with_bad_registration_no(units)
    message = " ".join(body["errors"]["registration_no"])
    assert "phải gồm 10 chữ số" in message
    assert "10 digits" not in body["detail"]
