"""The numbers left once codes, dates and units are read: cardinals, decimals, ranges, fractions,
scores and negative numbers ("2.500.000", "2,5", "10-15 người", "14/63", "-5").

A range whose first number is the smaller one is read with "đến" ("2020-2025", "10-15"); otherwise it
is a score or a pairing and both numbers are read one after the other ("thắng 2-1" → "hai một").
"""

from __future__ import annotations

import functools
import re

from .dates import after_score, part
from .numbers import Dialect, number_reader, read_digits, read_number

_NUMBER = r"\d+(?:[.,]\d+)*"
# The same, never given back once matched: where a number must be followed by a dash or a slash, a shorter
# one never fits, and trying each would cost a step per digit.
_WHOLE_NUMBER = r"\d++(?:[.,]\d++)*+"
# "10-15", "20% - 30%" (a percent on both sides), "2020 – 2025".
_PERCENT = r"(?:%|\s*phần trăm)"
_RANGE = re.compile(
    rf"(\d(?<![\w.,/-]\d)\d*+(?:[.,]\d++)*+)(?:({_PERCENT})(?=\s*[-–—]\s*{_NUMBER}{_PERCENT}))?"
    rf"\s*[-–—]\s*({_WHOLE_NUMBER})(?![\w/-]|[.,]\d)"
)
_FRACTION = re.compile(rf"(?:(?<![\w.,/-])(-))?(?<![\w.,/])({_WHOLE_NUMBER}(?:/{_NUMBER})+)(?![\w/])")
# The same matches, found from their first character (a minus sign or a digit, the boundary behind it
# checked after it), which the engine skips to quickly; each is then read with _FRACTION's groups.
_FRACTION_FROM_FIRST = re.compile(
    rf"[-\d](?:(?<=-)(?<![\w.,/-].){_WHOLE_NUMBER}|(?<=\d)(?<![\w.,/].)\d*+(?:[.,]\d++)*+)"
    rf"(?:/{_NUMBER})+(?![\w/])"
)
_NEGATIVE = re.compile(rf"(?<![\w.,)])-(?={_NUMBER})")
_TOKEN = re.compile(_NUMBER)
# A minus sign before a number, or a number: the last pass, split out and read from a list (quicker than a
# callback for each of the many numbers of a long text).
# (Found from its first character: a minus sign or a digit.)
_MINUS_OR_NUMBER = re.compile(r"([-\d](?:(?<=-)(?<![\w.,)]-)(?=\d)|(?<=\d)\d*(?:[.,]\d+)*))")


_WHOLE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


def _value(token: str) -> float | None:
    whole, _, decimals = token.partition(",")
    if _WHOLE.fullmatch(whole) and (not decimals or decimals.isdigit()):
        return float(whole.replace(".", "") + "." + (decimals or "0"))
    return None


def _range(match: re.Match[str], dialect: Dialect) -> str:
    first, percent, second = match.group(1, 2, 3)
    low, high = _value(first), _value(second)
    ordered = low is not None and high is not None and low < high
    joiner = " đến " if ordered and not after_score(match.string, match.start()) else " "
    if percent:
        joiner = " phần trăm" + joiner
    return read_number(first, dialect) + joiner + read_number(second, dialect)


# "3.2e5", "6,02e-23": a number times a power of ten.
_SCIENTIFIC = re.compile(r"(\d(?<![\w.,]\d)\d*+(?:[.,]\d++)?+)[eE]([-+−]?)(\d{1,3})(?!\w)")
# "x^2", "10^-3", "mol^-1": a power; a letter squared or cubed is "bình phương", "lập phương".
_POWER = re.compile(r"\^(?<=[^\W_]\^)([-−]?)(\d{1,3})(?!\d|[.,]\d)")
# "3 x 4", "1.5×10": multiplication between two numbers.
_TIMES = re.compile(r"(\d)[ \t]*[x×][ \t]*(?=\d)")  # the digit before is kept by the replacement
_E_AFTER_DIGIT = re.compile(r"[eE](?<=\d[eE])")
_NOTATION_GUARD = re.compile(r"[\d^](?:(?<=\^)|[eE]|[ \t]*[x×][ \t]*\d)")


def _scientific(match: re.Match[str]) -> str:
    mantissa, minus, exponent = match.group(1, 2, 3)
    whole, point, decimals = mantissa.partition(".")
    if point:  # "6.626e-34": the mantissa's point is a decimal point, whatever follows it
        mantissa = f"{whole} chấm {' '.join(decimals) if len(decimals) > 2 else decimals}"
    return f"{mantissa} nhân 10 mũ {'trừ ' if minus in ('-', '−') else ''}{exponent}"


def _power(match: re.Match[str]) -> str:
    minus, exponent = match.group(1, 2)
    base = match.string[match.start() - 1]
    if not minus and not base.isdigit() and exponent in ("2", "3"):
        return " bình phương" if exponent == "2" else " lập phương"
    return f" mũ {'trừ ' if minus else ''}{exponent}"


def read_notation(text: str, dialect: Dialect | None = None) -> str:
    """Read scientific notation, powers and multiplication signs between numbers ("3.2e5" → "3.2 nhân
    10 mũ 5", "x^2" → "x bình phương", "3 x 4" → "3 nhân 4"); the numbers are read later."""
    if not _NOTATION_GUARD.search(text):
        return text
    if _E_AFTER_DIGIT.search(text):
        text = _SCIENTIFIC.sub(_scientific, text)
    if "^" in text:
        text = _POWER.sub(_power, text)
    if "x" in text or "×" in text:
        text = _TIMES.sub(r"\1 nhân ", text)
    return text


@functools.lru_cache(maxsize=1024)
def _fraction(minus: str | None, written: str, dialect: Dialect) -> str:
    """ "2/3", "-3/4", "1/2 kg": a proper fraction with a denominator up to ten is read with "phần"; other
    slashes ("45/50", "100/120", "1/2/3") with "trên". (Kept: a text repeats its shares and scores.)"""
    parts = written.split("/")
    sign = "âm " if minus else ""
    proper = len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit()
    if proper and 0 < int(parts[0]) < int(parts[1]) <= 10:
        return sign + part(int(parts[0]), int(parts[1]), dialect)
    # "01/13": a number written with a leading zero is said with it; after the slash ("32/01") it makes
    # no share (a share pads its first number, "01/13 xã") but a code, its slash said "gạch chéo"
    coded = any(len(p) > 1 and p[0] == "0" and p.isdigit() for p in parts[1:])
    return sign + (" gạch chéo " if coded else " trên ").join(
        read_digits(p) if p[0] == "0" and p.isdigit() else read_number(p, dialect) for p in parts
    )


def _fraction_at(match: re.Match[str], dialect: Dialect) -> str:
    """A match of _FRACTION_FROM_FIRST, read with the groups _FRACTION gives it: its minus sign, the rest."""
    written = match.group()
    if written[0] == "-":
        return _fraction("-", written[1:], dialect)
    return _fraction(None, written, dialect)


def read_quantities(text: str, dialect: Dialect) -> str:
    """Read every number still written with digits in ``text``."""
    if not _TOKEN.search(text):
        return text
    if "-" in text or "–" in text or "—" in text:
        text = _RANGE.sub(lambda m: _range(m, dialect), text)
    if "/" in text:
        text = _FRACTION_FROM_FIRST.sub(lambda m: _fraction_at(m, dialect), text)
    parts = _MINUS_OR_NUMBER.split(text)
    parts[1::2] = map(number_reader(dialect), parts[1::2])
    return "".join(parts)
