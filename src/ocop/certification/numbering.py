"""Certificate number formats, and the year and sequence read back from a number so that
numbers sort as numbers (`2/2026/…` before `10/2026/…`), whatever their text.

A province may choose its format (`ProvinceSettings.certificate_number_format`) with the
placeholders `{seq}` (the sequence in the year, required), `{year}` and `{province}`."""

import functools
import re
import string

DEFAULT_FORMAT = "{seq}/{year}/GCN-OCOP-{province}"
CENTRAL_FORMAT = "{seq}/{year}/GCN-OCOP-TW"
# The columns' bounds (PostgreSQL's smallint and integer): a larger figure is no year or
# sequence of ours.
MAX_YEAR, MAX_SEQUENCE = 32767, 2**31 - 1
# The usual shape of a number of any format or era: "<sequence>/<year>…", as in "Số 5/2026/…".
_LOOSE = re.compile(r"(?<!\d)(\d{1,9})\s*/\s*(\d{4})(?!\d)")


@functools.lru_cache(maxsize=64)
def _pattern(number_format: str) -> re.Pattern | None:
    """A regular expression matching the numbers of `number_format` (None for a malformed
    format): `{seq}` and `{year}` captured, `{province}` anything."""
    parts = []
    seen = set()
    try:
        fields = list(string.Formatter().parse(number_format))
    except ValueError:
        return None
    for literal, name, _spec, _conversion in fields:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if name in ("seq", "year"):
            parts.append(f"(?P={name})" if name in seen else rf"(?P<{name}>\d+)")
            seen.add(name)
        else:
            parts.append(".+?")
    if "seq" not in seen:
        return None
    return re.compile("".join(parts), re.IGNORECASE)


def number_parts(
    number: str, formats=(DEFAULT_FORMAT, CENTRAL_FORMAT), *, year: int | None = None
) -> tuple[int | None, int | None]:
    """(year, sequence) of a certificate number, read with the first of `formats` that matches
    it, else from its "<sequence>/<year>" part; `year` (the issue year) where the format has
    none; (None, None) when the number shows no sequence."""
    text = " ".join((number or "").split())
    for number_format in formats:
        pattern = _pattern(number_format)
        match = pattern.fullmatch(text) if pattern else None
        if match:
            found = match.groupdict()
            return _bounded(int(found["year"]) if found.get("year") else year, int(found["seq"]))
    match = _LOOSE.search(text)
    if match:
        return _bounded(int(match.group(2)), int(match.group(1)))
    return None, None


def _bounded(year: int | None, sequence: int) -> tuple[int | None, int | None]:
    if sequence > MAX_SEQUENCE or (year is not None and year > MAX_YEAR):
        return None, None
    return year, sequence
