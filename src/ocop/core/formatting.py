"""Numbers and dates for people to read, in the active language's notation (the format modules
under `ocop/formats`): one place for the pages, the PDFs and the messages."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import date_format, number_format


def decimal_text(value, places: int = 2) -> str:
    """`value` rounded half up to at most `places` decimals, without trailing zeros, with the
    active language's decimal separator: 66.6000 is "66,6" in Vietnamese, "66.6" in English;
    "—" for none; the value as it is when it is not a number."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
        if not number.is_finite():
            return str(value)
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return number_format(number)


def short_date(day: datetime.date) -> str:
    """A date as the active language writes it in a sentence or a cell (dd/mm/yyyy)."""
    return date_format(day, "SHORT_DATE_FORMAT")
