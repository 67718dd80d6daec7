"""Text helpers shared by every app."""

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ASCII form of `text` for diacritic-insensitive search: "Nước mắm" → "nuoc mam".

    Stored beside the original in `search_text` columns so that the same lookup works on SQLite
    and PostgreSQL without database extensions.
    """
    if not text:
        return ""
    return _SPACES.sub(" ", unidecode(str(text)).lower()).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box, each to be matched as a substring."""
    return [word for word in fold(query).split(" ") if word]


def filter_search(queryset, query: str | None, field: str = "search_text"):
    """Keep rows whose folded `field` contains every word of `query`."""
    for term in search_terms(query):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset
