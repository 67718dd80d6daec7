"""The language of a request (docs: API.md conventions).

`?lang=vi|en` on any page or API request wins; then, for pages, the cookie set by the language
switcher, then `Accept-Language`; for the API, `Accept-Language` only (a browser's cookie must
not change what an integration reads). Vietnamese by default. A `?lang=` never sets the cookie:
a shared link opens in its language without changing the reader's preference.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

LANGUAGE_PARAMETER = "lang"
API_PREFIX = "/api/"


def language_from_query(request) -> str | None:
    """The language named by `?lang=`, or None when absent or not one of the site's."""
    code = request.GET.get(LANGUAGE_PARAMETER, "").strip().lower()
    return code if code in dict(settings.LANGUAGES) else None


def language_from_accept(request) -> str:
    """The first of the site's languages that `Accept-Language` asks for, else the default."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then `Accept-Language`) behind `?lang=`, without the
    cookie for the API."""

    def process_request(self, request):
        language = language_from_query(request)
        if language is None and is_api(request):
            language = language_from_accept(request)
        if language is None:
            super().process_request(request)
            return
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
