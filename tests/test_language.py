"""The language of a request (API.md conventions): `?lang=vi|en` wins; then, for pages, the
switcher's cookie, then `Accept-Language`; for the API, `Accept-Language` only; Vietnamese by
default. An unknown `?lang=` is ignored, and a `?lang=` never sets the cookie."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

PAGE = "/accounts/login/"
API = "/api/v1/producers"  # anonymous: a 401 whose message is translated
API_MESSAGE = {
    "vi": "Bạn cần đăng nhập (thiếu thông tin xác thực).",
    "en": "You need to sign in (authentication credentials were not provided).",
}
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def plain_static_storage(settings, tmp_path):
    """Pages render `{% static %}` without a collectstatic manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


def _client(cookie: str | None) -> Client:
    client = Client()
    if cookie:
        client.cookies[COOKIE] = cookie
    return client


def page_language(query="", *, cookie=None, accept=None) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = _client(cookie).get(PAGE + query, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    language = response["Content-Language"]
    assert f'<html lang="{language}">' in html
    assert ("Sign in" in html) == (language == "en")
    assert COOKIE not in response.cookies  # reading never sets the preference
    return language


def api_language(query="", *, cookie=None, accept=None) -> str:
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = _client(cookie).get(API + query, **headers)
    assert response.status_code == 401
    language = response["Content-Language"]
    assert response.json()["detail"] == API_MESSAGE[language]
    assert COOKIE not in response.cookies
    return language


@pytest.mark.usefixtures("plain_static_storage")
@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("", None, None, "vi"),
        ("?lang=en", None, None, "en"),
        ("?lang=en", "vi", None, "en"),  # lang beats the cookie
        ("?lang=vi", "en", None, "vi"),
        ("?lang=en", None, "vi", "en"),  # lang beats Accept-Language
        ("?lang=vi", None, "en-US,en;q=0.9", "vi"),
        ("?lang=en", "vi", "vi", "en"),
        ("", "en", "vi", "en"),  # then the cookie beats Accept-Language
        ("", None, "en-US,en;q=0.9", "en"),  # then Accept-Language
        ("?lang=xx", "en", "vi", "en"),  # an unknown lang falls through to the cookie
        ("?lang=xx", None, "en", "en"),  # … to Accept-Language
        ("?lang=", None, None, "vi"),  # … to the default
        ("?lang=../../etc", None, None, "vi"),
        ("?lang=EN", None, None, "en"),
    ],
)
def test_page_language_order(query, cookie, accept, expected):
    assert page_language(query, cookie=cookie, accept=accept) == expected


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        ("", None, None, "vi"),
        ("?lang=en", None, None, "en"),
        ("?lang=en", None, "vi", "en"),  # lang beats Accept-Language
        ("?lang=vi", None, "en", "vi"),
        ("?lang=vi", "en", "en", "vi"),
        ("", "en", None, "vi"),  # the API ignores the cookie
        ("", "en", "vi", "vi"),
        ("", "vi", "en", "en"),
        ("", None, "fr, en;q=0.5", "en"),
        ("?lang=xx", "en", None, "vi"),  # an unknown lang falls through to the default
        ("?lang=xx", None, "en", "en"),  # … or to Accept-Language
    ],
)
def test_api_language_order(query, cookie, accept, expected):
    assert api_language(query, cookie=cookie, accept=accept) == expected


def test_api_schema_and_docs_ignore_the_cookie():
    client = _client("en")
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert b"title: API OCOP" in schema.content
    assert "<title>API OCOP</title>" in client.get("/api/docs/").content.decode()
    english = client.get("/api/docs/?lang=en", HTTP_ACCEPT_LANGUAGE="vi")
    assert "<title>OCOP API</title>" in english.content.decode()


@pytest.mark.usefixtures("plain_static_storage")
def test_language_switcher_returns_without_the_lang_parameter():
    client = _client(None)
    html = client.get(PAGE + "?lang=en&next=/producers/").content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/?next=/producers/"' in html
    response = client.post("/i18n/setlang/", {"language": "vi", "next": PAGE + "?next=/x"})
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "vi"
    assert page_language(cookie="vi") == "vi"


@pytest.mark.usefixtures("plain_static_storage")
def test_language_switcher_keeps_a_page_without_lang_as_it_was():
    html = _client(None).get(PAGE + "?next=/producers/").content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/?next=/producers/"' in html
    html = _client(None).get(PAGE).content.decode()
    assert 'name="next" type="hidden" value="/accounts/login/"' in html
