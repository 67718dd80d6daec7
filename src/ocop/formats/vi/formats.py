# Vietnamese as Vietnamese documents write it: dd/mm/yyyy (Django's own vi formats print short
# dates as dd-mm-yyyy and read typed dates month first), decimal comma. Typed dates are read as
# the English pages read them.
from ocop.formats.en.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS  # noqa: F401

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
