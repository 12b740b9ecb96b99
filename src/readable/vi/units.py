"""Units and currencies after a number ("50 km", "25°C", "50.000đ/kg"), from ``data/units.tsv``.

Only a symbol that follows a digit is a unit: "m" alone is a letter, "5 m" is five metres. A rate after
a currency or a percentage ("6,8%/năm") is read "một" (per one: "đồng một ki lô gam"), after a
measure "trên" ("mét khối trên giây").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from . import tables
from .numbers import Dialect

# Cheap guard: without a digit or a currency word there is nothing for this step.
_DIGIT_OR_CURRENCY = re.compile(r"\d|[$€£¥/]|tỷ|tỉ|triệu|nghìn|ngàn|trăm")

_SECOND_RATE = re.compile(r"(\smột [^\W\d_]+)/(?=[^\W\d_])")
_PERCENT_DASH = re.compile(r"(?<=\d)%([-–—])(?=\d)")


@functools.cache
def _units() -> tuple[
    Mapping[str, tuple[str, str]],
    re.Pattern[str],
    re.Pattern[str],
    re.Pattern[str],
    re.Pattern[str],
]:
    table = {row[0]: (row[1], row[2]) for row in tables.columns("units.tsv")}
    symbols = "|".join(re.escape(s) for s in sorted(table, key=lambda s: (-len(s), s)))
    after_number = re.compile(
        rf"(?<=\d)[ \t]?({symbols})(?![^\W_])(?:/(?:({symbols})(?![^\W_])|([^\W\d_]+)))?"
    )
    currencies = "|".join(re.escape(s) for s, (_, kind) in table.items() if kind == "currency" and len(s) > 1)
    # "5 triệu đồng/tháng": a currency word after a number word, then a rate.
    per = re.compile(rf"(?<![\w/])({currencies})/(?:({symbols})(?![^\W_])|([^\W\d_]+))")
    prefixed = re.compile(r"([$€£¥])[ \t]?(\d+(?:[.,]\d+)*)")
    # "1,2 tỷ USD", "500 triệu đ": a currency after a number word.
    after_word = re.compile(
        rf"(?<!\w)(trăm|nghìn|ngàn|triệu|tỷ|tỉ)[ \t]+({currencies}|đ)(?![^\W_])"
        rf"(?:/(?:({symbols})(?![^\W_])|([^\W\d_]+)))?"
    )
    return table, after_number, per, prefixed, after_word


def _spoken(symbol: str, dialect: Dialect | None) -> str:
    spoken = _units()[0][symbol][0]
    if spoken == "nghìn" and dialect is not None:
        return dialect.thousand
    return spoken


def _rate(match: re.Match[str], dialect: Dialect | None, first: int = 1) -> str:
    unit, per_unit, per_word = match.group(first, first + 1, first + 2)
    words = " " + _spoken(unit, dialect)
    if per_unit or per_word:
        joiner = "một" if _units()[0][unit][1] in ("currency", "rate") else "trên"
        words += f" {joiner} " + (_spoken(per_unit, dialect) if per_unit else per_word)
    return words


def read_units(text: str, dialect: Dialect | None = None) -> str:
    """Spell out the units and currencies of ``text``; the numbers are read by a later step."""
    table, after_number, per, prefixed, after_word = _units()
    if not _DIGIT_OR_CURRENCY.search(text):
        return text
    # "20%-30%": keep the dash apart from the spoken "phần trăm" so the range is still seen.
    text = _PERCENT_DASH.sub(r"% \1 ", text)
    text = prefixed.sub(lambda m: f"{m.group(2)} {table[m.group(1)][0]}", text)
    text = after_word.sub(lambda m: m.group(1) + _rate(m, dialect, 2), text)
    text = after_number.sub(lambda m: _rate(m, dialect), text)
    text = per.sub(lambda m: _rate(m, dialect).lstrip(), text)
    # "50.000đ/người/ngày": a second rate after the first is read the same way.
    return _SECOND_RATE.sub(r"\1 một ", text)
