"""Numbers as a Vietnamese news reader says them.

The rules, for the record (they are what the tests check):

* 0-9 are không, một, hai, ba, bốn, năm, sáu, bảy, tám, chín; 10 is "mười", 20-90 are "hai mươi" ...
* after "mươi" (21, 31 ...) 1 is "mốt" and 4 is "tư"; after "mười" or "mươi" 5 is "lăm";
  after a zero ten ("105") the unit is read plainly and the zero is "lẻ" (north) or "linh" (south).
* numbers are read in groups of three: nghìn (north) / ngàn (south), triệu, tỷ; a group after a higher one
  is read in full, so 2020 is "hai nghìn không trăm hai mươi" and 1.000.005 "một triệu không trăm lẻ năm";
  groups of zeros are skipped. Above a billion the count of billions is read as a number ("một nghìn tỷ").
* a decimal comma is "phẩy"; the decimals are read as a number, with their leading zeros ("0,05" is
  "không phẩy không năm"), or digit by digit when they are three or longer ("phẩy hai bốn không").
* a number too long to be a quantity (more than 18 digits bare, 21 with thousands dots) or with a leading
  zero ("0912") is read digit by digit, unless it is round (a digit and zeros): "1000000000" is "một
  tỷ", and a billion billions "một tỷ tỷ" however it is written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
#: Longest run of digits, thousands dots left out, still read as a quantity; anything longer is a code.
MAX_QUANTITY_DIGITS = 21
#: Longest run of digits without thousands dots still read as a quantity.
MAX_PLAIN_DIGITS = 18


# Compared and hashed by identity (there is one of each, in DIALECTS): a dialect is a key of the kept
# readings, looked up for every number.
@dataclass(frozen=True, slots=True, eq=False)
class Dialect:
    """The words that differ between the Northern and the Southern reading."""

    name: str
    thousand: str  # 1000: "nghìn" / "ngàn"
    zero_ten: str  # the zero in 105: "lẻ" / "linh"


DIALECTS = {
    "north": Dialect("north", "nghìn", "lẻ"),
    "south": Dialect("south", "ngàn", "linh"),
}


def get_dialect(name: str) -> Dialect:
    """The :class:`Dialect` called ``name``; ``ValueError`` names the known ones otherwise."""
    try:
        return DIALECTS[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(key) for key in DIALECTS)
        raise ValueError(f"unknown dialect {name!r}, expected one of {known}") from None


def _tens_and_units(tens: int, units: int, words: list[str]) -> None:
    if tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    elif tens:
        words += (DIGITS[tens], "mươi")
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    elif units:
        words.append(DIGITS[units])


def _triple(n: int, full: bool, dialect: Dialect, words: list[str]) -> None:
    """Append the words of 0 < n < 1000; ``full`` reads "không trăm" and "lẻ" inside a larger number."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    if hundreds or full:
        words += (DIGITS[hundreds], "trăm")
        if tens == 0 and units:
            words += (dialect.zero_ten, DIGITS[units])
            return
    _tens_and_units(tens, units, words)


@functools.cache
def _triple_words(n: int, full: bool, dialect: Dialect) -> str:
    """The words of one group of three digits, kept: a long number repeats the same few groups."""
    words: list[str] = []
    _triple(n, full, dialect, words)
    return " ".join(words)


def _below_billion(n: int, lead: bool, dialect: Dialect, words: list[str]) -> None:
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    for value, name in ((millions, "triệu"), (thousands, dialect.thousand), (units, "")):
        if value:
            words.append(_triple_words(value, not lead, dialect))
            if name:
                words.append(name)
            lead = False


def _integer(n: int, lead: bool, dialect: Dialect, words: list[str]) -> None:
    billions, rest = divmod(n, 1_000_000_000)
    if billions:
        _integer(billions, lead, dialect, words)
        words.append("tỷ")
        lead = False
    if rest:
        _below_billion(rest, lead, dialect, words)


def read_int(n: int, dialect: Dialect | str = "north") -> str:
    """The words of the integer ``n`` ("105" → "một trăm lẻ năm"); negative numbers start with "âm"."""
    return _read_int(n, dialect if isinstance(dialect, Dialect) else get_dialect(dialect))


@functools.lru_cache(maxsize=4096)
def _read_int(n: int, dialect: Dialect) -> str:
    """:func:`read_int`, kept: dates, times and counts repeat the same small numbers."""
    if n == 0:
        return "không"
    words: list[str] = ["âm"] if n < 0 else []
    _integer(abs(n), True, dialect, words)
    return " ".join(words)


def read_digits(digits: str) -> str:
    """Digit by digit, ignoring anything that is not an ASCII digit ("0912" → "không chín một hai")."""
    return " ".join(DIGITS[ord(ch) - 48] for ch in digits if "0" <= ch <= "9")


def read_fraction_digits(digits: str, dialect: Dialect | str = "north") -> str:
    """The decimals after "phẩy": one or two as a number ("phẩy năm mươi", "phẩy không năm"), three or
    more digit by digit (the textbook reading of "3,14" is "ba phẩy mười bốn"; a longer tail is said
    as its digits, "phẩy hai bốn không")."""
    stripped = digits.lstrip("0")
    zeros = ["không"] * (len(digits) - len(stripped))
    if not stripped:
        return " ".join(zeros) or "không"
    if len(digits) > 2:
        return " ".join([*zeros, read_digits(stripped)])
    return " ".join([*zeros, read_int(int(stripped), dialect)])


def read_integer_string(digits: str, dialect: Dialect | str = "north") -> str:
    """A run of ASCII digits written without separators: a quantity, or a code read digit by digit.

    A code is a run with a leading zero ("0912", but "05 người" is five: "0101234567" is a tax code or a
    phone number) or longer than :data:`MAX_PLAIN_DIGITS`. A code without a leading zero is known by
    the cue before it ("mã số thuế 3600252847", read by :mod:`readable.vi.codes`).
    """
    if len(digits) > 2 and digits[0] == "0":
        return read_digits(digits)
    if len(digits) > MAX_PLAIN_DIGITS and (len(digits) > MAX_QUANTITY_DIGITS or digits[1:].strip("0")):
        return read_digits(digits)
    return read_int(int(digits), dialect)


# A first group of 0 is not a thousands grouping: "0.001" has a decimal point.
_THOUSANDS_DOTS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_THOUSANDS_COMMAS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_PARTS = re.compile(r"(\d+)|([.,])")
# Four groups of digits joined by dots (an IP address, a version), or three with a group of three digits
# or more, and not a number with thousands dots.
_DOTTED_CODE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|(?=[\d.]*\d{3})\d+(?:\.\d+){2}")
# "1.05", "3.14159", "1,299.99", "0.125": a point that cannot be a thousands dot (not three digits after
# it, or a whole part of 0).
_DECIMAL_POINT = re.compile(r"(\d+|\d{1,3}(?:,\d{3})+)\.(\d{1,2}|\d{4,}|(?<=^0\.)\d{3})")


def read_number(token: str, dialect: Dialect | str = "north") -> str:
    """One written number: see :func:`_read_number`; the readings of recent tokens are kept, numbers
    repeat in news text (years, small counts)."""
    dia = dialect if isinstance(dialect, Dialect) else get_dialect(dialect)
    if len(token) > 32:  # only short tokens are kept, so the cache stays small
        return _read_number(token, dia)
    return _cached_number(token, dia)


def _read_number(token: str, dialect: Dialect) -> str:
    """One written number: "2.500.000", "2,5", "1.234,56", "1,234,567", "0912", or "1.2.3.4".

    Vietnamese writes thousands with dots and decimals with a comma. A single point followed by other than
    three digits is a decimal point written the English way, read "chấm" with the decimals kept whole
    ("1.05" → "một chấm không năm"); after English thousands commas it is "phẩy" ("1,299.99"). A token
    that fits none of these is read part by part, its dots as "chấm" and commas as "phẩy".
    """
    dia = dialect
    if token.isdigit():  # the most common token, without a mark: what the branches below would say
        return read_digits(token) if len(token) > MAX_QUANTITY_DIGITS else read_integer_string(token, dia)
    point = _DECIMAL_POINT.fullmatch(token)
    if point:
        integer, decimals = point.group(1, 2)
        if "," in integer:  # "1,299.99": English grouping, read as the Vietnamese decimal it is
            return read_number(integer.replace(",", ""), dia) + " phẩy " + read_fraction_digits(decimals, dia)
        return read_integer_string(integer, dia) + " chấm " + read_fraction_digits(decimals, dia)
    whole, comma, decimals = token.partition(",")
    grouped = True
    if _THOUSANDS_DOTS.fullmatch(whole) and (not comma or decimals.isdigit()):
        integer = whole.replace(".", "")
    elif _THOUSANDS_COMMAS.fullmatch(token):
        return read_integer_string(token.replace(",", ""), dia)
    elif whole.isdigit() and (not comma or decimals.isdigit()):
        integer, grouped = whole, False
    else:
        if _DOTTED_CODE.fullmatch(token):
            # "192.168.1.1", "1.25.3.4", "192.16.2": an address or a version, a code said digit by digit
            return " chấm ".join(read_digits(group) for group in token.split("."))
        words = []
        for digits, sep in _PARTS.findall(token):
            words.append(read_integer_string(digits, dia) if digits else SEPARATORS[sep])
        return " ".join(words)
    if len(integer) > MAX_QUANTITY_DIGITS:
        spoken = read_digits(integer)
    elif not grouped and not comma:
        spoken = read_integer_string(integer, dia)
    else:
        spoken = read_int(int(integer), dia)
    if comma:
        spoken += " phẩy " + read_fraction_digits(decimals, dia)
    return spoken


_cached_number = functools.lru_cache(maxsize=4096)(_read_number)
#: The readings of recent short tokens, per dialect: what :func:`number_reader` looks up first.
_RECENT: dict[Dialect, dict[str, str]] = {}


def number_reader(dialect: Dialect) -> Callable[[str], str]:
    """A function reading one written number in ``dialect`` ("-" alone is the minus sign, "âm"), with a
    small cache of its own: the quantities step calls it for every number left in the text."""
    recent = _RECENT.setdefault(dialect, {"-": "âm "})

    def words(token: str) -> str:
        spoken = recent.get(token)
        if spoken is None:
            spoken = _read_number(token, dialect)
            if len(token) <= 32:
                if len(recent) >= 16384:
                    recent.clear()
                    recent["-"] = "âm "
                recent[token] = spoken
        return spoken

    return words

SEPARATORS = {".": "chấm", ",": "phẩy"}


def read_ordinal(n: int, dialect: Dialect | str = "north", *, prize: bool = False) -> str:
    """An ordinal after "thứ" (1 nhất, 4 tư) or, with ``prize``, after "giải"/"hạng" (1 nhất, 2 nhì, 4 tư)."""
    if n == 1:
        return "nhất"
    if n == 2 and prize:
        return "nhì"
    if n == 4:
        return "tư"
    return read_int(n, dialect)
