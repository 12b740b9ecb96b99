"""The numbers left once codes, dates and units are read: cardinals, decimals, ranges, fractions,
scores and negative numbers ("2.500.000", "2,5", "10-15 người", "14/63", "-5").

A range whose first number is the smaller one is read with "đến" ("2020-2025", "10-15"); otherwise it
is a score or a pairing and both numbers are read one after the other ("thắng 2-1" → "hai một").
"""

from __future__ import annotations

import re

from .dates import after_score, part
from .numbers import Dialect, read_number

_NUMBER = r"\d+(?:[.,]\d+)*"
# "10-15", "20% - 30%" (a percent on both sides), "2020 – 2025".
_PERCENT = r"(?:%|\s*phần trăm)"
_RANGE = re.compile(
    rf"(?<![\w.,/-])({_NUMBER})(?:({_PERCENT})(?=\s*[-–—]\s*{_NUMBER}{_PERCENT}))?"
    rf"\s*[-–—]\s*({_NUMBER})(?![\w/-]|[.,]\d)"
)
_FRACTION = re.compile(rf"(?:(?<![\w.,/-])(-))?(?<![\w.,/])({_NUMBER}(?:/{_NUMBER})+)(?![\w/])")
_NEGATIVE = re.compile(rf"(?<![\w.,)])-(?={_NUMBER})")
_TOKEN = re.compile(_NUMBER)


def _value(token: str) -> float | None:
    whole, _, decimals = token.partition(",")
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+|\d+", whole) and (not decimals or decimals.isdigit()):
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


def _fraction(match: re.Match[str], dialect: Dialect) -> str:
    """ "2/3", "-3/4", "1/2 kg": a proper fraction with a denominator up to ten is read with "phần"; other
    slashes ("45/50", "100/120", "1/2/3") with "trên"."""
    minus, written = match.group(1, 2)
    parts = written.split("/")
    sign = "âm " if minus else ""
    proper = len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit()
    if proper and 0 < int(parts[0]) < int(parts[1]) <= 10:
        return sign + part(int(parts[0]), int(parts[1]), dialect)
    return sign + " trên ".join(read_number(p, dialect) for p in parts)


def read_quantities(text: str, dialect: Dialect) -> str:
    """Read every number still written with digits in ``text``."""
    if not _TOKEN.search(text):
        return text
    text = _RANGE.sub(lambda m: _range(m, dialect), text)
    text = _FRACTION.sub(lambda m: _fraction(m, dialect), text)
    text = _NEGATIVE.sub("âm ", text)
    return _TOKEN.sub(lambda m: read_number(m.group(), dialect), text)
