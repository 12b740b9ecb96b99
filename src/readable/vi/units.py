"""Units and currencies after a number ("50 km", "25°C", "50.000đ/kg"), from ``data/units.tsv``.

Only a symbol that follows a digit is a unit: "m" alone is a letter, "5 m" is five metres. A rate after
a currency or a percentage ("6,8%/năm") is read "một" (per one: "đồng một ki lô gam"), after a
measure "trên" ("mét khối trên giây").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import NamedTuple

from . import tables
from .numbers import Dialect

# Cheap guard: without a digit or a currency word there is nothing for this step.
_DIGIT_OR_CURRENCY = re.compile(r"\d|[$€£¥₫₩₹/]|tỷ|tỉ|triệu|nghìn|ngàn|trăm|(?i:đơn vị)")

_SECOND_RATE = re.compile(r"(\smột [^\W\d_]+)/(?=[^\W\d_])")
_RATE_AFTER_ONE = re.compile(r"một [^\W\d_]+/")  # what _SECOND_RATE needs, found from its literal start
_PERCENT_DASH = re.compile(r"%(?<=\d%)([-–—])(?=\d)")
# "1tr2", "2tr25": millions with the following hundreds of thousands ("một triệu hai trăm nghìn").
_MILLIONS_SHORT = re.compile(r"(?<![\w.,])(\d{1,3})tr(\d{1,3})(?![\w.,])")
_NUMBER = r"\d+(?:[.,]\d+)*"
# "2t3", "1t", "1t-2t": "t" glued to a number is "tỷ", as "tr" is "triệu" (a tonne is "tấn" or "T").
# Guards that start with the letter, so the engine skips the text between quickly.
_TR_AFTER_DIGIT = re.compile(r"tr(?<=\dtr)")
_T_AFTER_DIGIT = re.compile(r"t(?<=\dt)")
_BILLIONS_SHORT = re.compile(r"(?<![\w.,])(\d{1,3})t(\d{1,3})(?![\w.,])")
_BILLIONS = re.compile(rf"(?<![\w.,])({_NUMBER})t(?:[ \t]*[-–][ \t]*({_NUMBER})t)?(?![^\W_])")
# The slash of a rate: glued ("km/h"), or spaced before a word in lower case ("42ms / request", not
# "29% / IV").
_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_PER = rf"(?:/|[ \t]?/[ \t]?(?=[{_LOWER}]))"
# What the per-number and count rates need: a slash after a letter (before a digit).
_LETTER_SLASH = re.compile(r"/(?<=[^\W\d_]/)")
_LETTER_SLASH_DIGIT = re.compile(r"/(?<=[^\W\d_]/)(?=\d)")
_INCHES = re.compile(r"(?<=\d)in(?![^\W_])")
#: What a count is given per, besides a unit: "2.000 xe/ngày" → "xe một ngày".
_PER_WORDS = "giây|phút|giờ|ngày|đêm|tuần|tháng|quý|năm|người|hộ|phụ nữ|học sinh|lớp|xã"
#: Units that, being words too, are not read after a number word ("năm triệu km", but not "triệu s").
_WORD_LIKE = frozenset({"s", "min", "ms", "v", "m", "g", "l", "h", "k", "tr", "cum", "db", "tb", "mb", "kb"})


class _Patterns(NamedTuple):
    """The units table and the patterns made from it (see :func:`_units`)."""

    table: Mapping[str, tuple[str, str]]
    after_number: re.Pattern[str]
    per: re.Pattern[str]
    prefixed: re.Pattern[str]
    after_word: re.Pattern[str]
    unit_range: re.Pattern[str]
    named: re.Pattern[str]
    per_guard: re.Pattern[str]
    range_guard: re.Pattern[str]
    counted: re.Pattern[str]
    per_number: re.Pattern[str]


@functools.cache
def _units() -> _Patterns:
    table = {row[0]: (row[1], row[2]) for row in tables.columns("units.tsv")}
    symbols = "|".join(re.escape(s) for s in sorted(table, key=lambda s: (-len(s), s)))
    start = tables.starts(table)
    after_number = re.compile(
        rf"(\d)[ \t]?{start}({symbols})(?![^\W_])(?:{_PER}(?:({symbols})(?![^\W_])|([^\W\d_]+)))?"
    )
    currencies = "|".join(re.escape(s) for s, (_, kind) in table.items() if kind == "currency" and len(s) > 1)
    # "5 triệu đồng/tháng": a currency word after a number word, then a rate.
    per = re.compile(rf"(?<![\w/])({currencies})/(?:({symbols})(?![^\W_])|([^\W\d_]+))")
    prefixed = re.compile(r"([$€£¥₫₩₹])[ \t]?(\d+(?:[.,]\d+)*)")
    # "1,2 tỷ USD", "500 triệu đ", "5 triệu km": a currency or a unit after a number word.
    spelled = "|".join(
        re.escape(s)
        for s in sorted(table, key=lambda s: (-len(s), s))
        if s not in _WORD_LIKE and (len(s) > 1 or table[s][1] == "currency")
    )
    after_word = re.compile(
        rf"([tn](?<!\w[tn])(?:răm|ghìn|gàn|riệu|ỷ|ỉ))[ \t]+({spelled}|đ)(?![^\W_])"
        rf"(?:{_PER}(?:({symbols})(?![^\W_])|([^\W\d_]+)))?"
    )
    # "đơn vị km": a unit named after the word "đơn vị".
    named = re.compile(rf"(?i:(?<!\w)(đơn vị(?: tính)?[ \t]*:?)[ \t]*)({symbols})(?![^\W_])")
    # "3kg-6kg", "10$-20$", "50.000đ-100.000đ": a range with its unit on both ends.
    unit_range = re.compile(
        rf"(\d(?<![\w.,]\d)\d*(?:[.,]\d+)*)[ \t]?{start}({symbols})(?![^\W_])"
        rf"[ \t]*[-–—][ \t]*({_NUMBER})[ \t]?\2(?![^\W_])"
    )
    # What "per" and "unit_range" need: a currency's last character before a slash; a dash, a number
    # and a unit after it (the end of a range), found from the mark.
    currency_ends = "".join(sorted(re.escape(s[-1]) for s, (_, kind) in table.items() if kind == "currency"))
    per_guard = re.compile(rf"/(?<=[{currency_ends}]/)")
    range_guard = re.compile(rf"[-–—][ \t]*{_NUMBER}[ \t]?{start}(?:{symbols})(?![^\W_])")
    # "80 mg/100 ml": a unit per a number of another, the slash read "trên" before both are read.
    per_number = re.compile(
        rf"(\d[ \t]?{start}(?:{symbols}))(?![^\W_])/(?=\d+(?:[.,]\d+)?[ \t]?{start}(?:{symbols})(?![^\W_]))"
    )
    # "60 tạ/ha", "300 người/km²", "2.000 lượt xe/ngày": one or two words counted by a number, then a rate.
    counted = re.compile(rf"(\d[ \t]+[^\W\d_]+(?:[ \t][^\W\d_]+)?)/(?:({symbols})|({_PER_WORDS}))(?![^\W_])")
    return _Patterns(
        table, after_number, per, prefixed, after_word, unit_range, named, per_guard, range_guard, counted,
        per_number,
    )  # fmt: skip


@functools.cache
def _unit_ahead() -> re.Pattern[str]:
    table = _units().table
    spaced = "|".join(re.escape(s) for s in sorted(table, key=lambda s: (-len(s), s)) if s not in _WORD_LIKE)
    glued = "|".join(re.escape(s) for s in sorted(table, key=lambda s: (-len(s), s)))
    # "3/8 lít", "1/4 ki lô gam": a measure written out.
    words = {spoken for spoken, kind in table.values() if kind == "measure" and " trên " not in spoken}
    words -= {"giờ", "phút", "giây", "độ", "nghìn", "triệu", "phần trăm", "phần triệu"}
    spelled = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?:[ \t](?:{spaced}|{spelled})|(?:{glued}))(?![^\W_])")


def unit_follows(text: str, pos: int) -> bool:
    """Whether a unit symbol stands at ``pos`` of ``text`` (right after a number: "7/9 kg")."""
    return _unit_ahead().match(text, pos) is not None


def _spoken(symbol: str, dialect: Dialect | None) -> str:
    spoken = _units().table[symbol][0]
    if spoken == "nghìn" and dialect is not None:
        return dialect.thousand
    return spoken


def _rate(match: re.Match[str], dialect: Dialect | None, first: int = 1) -> str:
    unit, per_unit, per_word = match.group(first, first + 1, first + 2)
    words = " " + _spoken(unit, dialect)
    if per_unit or per_word:
        joiner = "một" if _units().table[unit][1] in ("currency", "rate") else "trên"
        words += f" {joiner} " + (_spoken(per_unit, dialect) if per_unit else per_word)
    return words


def _per(match: re.Match[str], dialect: Dialect | None) -> str:
    unit, per_unit = match.group(1, 2)
    table = _units().table
    if per_unit and table[unit][1] == table[per_unit][1] == "currency":
        # "USD/EUR": one currency against another is a pair quoted on the market, not a price per unit.
        return f"{_spoken(unit, dialect)} trên {_spoken(per_unit, dialect)}"
    return _rate(match, dialect).lstrip()


def _count_rate(match: re.Match[str], dialect: Dialect | None) -> str:
    """ "60 tạ/ha" → "60 tạ trên héc ta" (per a unit); "2.000 xe/ngày" → "2.000 xe một ngày" (per a day,
    a person)."""
    counted, per_unit, per_word = match.group(1, 2, 3)
    if per_unit:
        return f"{counted} trên {_spoken(per_unit, dialect)}"
    return f"{counted} một {per_word}"


_WHOLE = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")


def _value(token: str) -> float | None:
    whole, _, decimals = token.partition(",")
    if _WHOLE.fullmatch(whole) and (not decimals or decimals.isdigit()):
        return float(whole.replace(".", "") + "." + (decimals or "0"))
    return None


def _unit_range(match: re.Match[str]) -> str:
    first, unit, second = match.group(1, 2, 3)
    low, high = _value(first), _value(second)
    if low is None or high is None or low >= high:
        return match.group()
    return f"{first}{unit} đến {second}{unit}"


def _millions(match: re.Match[str]) -> str:
    millions, rest = match.group(1, 2)
    return f"{millions} triệu {int(rest.ljust(3, '0'))} nghìn"


def _billions(match: re.Match[str]) -> str:
    first, second = match.group(1, 2)
    if second is None:
        return f"{first} tỷ"
    low, high = _value(first), _value(second)
    joiner = "đến" if low is not None and high is not None and low < high else ","
    return f"{first} tỷ {joiner} {second} tỷ"


def read_units(text: str, dialect: Dialect | None = None) -> str:
    """Spell out the units and currencies of ``text``; the numbers are read by a later step."""
    if not _DIGIT_OR_CURRENCY.search(text):
        return text
    patterns = _units()
    # "20%-30%": keep the dash apart from the spoken "phần trăm" so the range is still seen.
    dash = "-" in text or "–" in text or "—" in text
    if dash and ("%-" in text or "%–" in text or "%—" in text):
        text = _PERCENT_DASH.sub(r"% \1 ", text)
    if "tr" in text and _TR_AFTER_DIGIT.search(text):
        text = _MILLIONS_SHORT.sub(_millions, text)
    if "t" in text and _T_AFTER_DIGIT.search(text):
        text = _BILLIONS_SHORT.sub(lambda m: f"{m.group(1)} tỷ {int(m.group(2).ljust(3, '0'))} triệu", text)
        text = _BILLIONS.sub(_billions, text)
    text = patterns.prefixed.sub(lambda m: f"{m.group(2)} {patterns.table[m.group(1)][0]}", text)
    if "in" in text:  # "24in": inches, only glued to the number ("in" is also a word: "máy in")
        text = _INCHES.sub(" inch", text)
    if dash and patterns.range_guard.search(text):
        text = patterns.unit_range.sub(_unit_range, text)
    if "/" in text and _LETTER_SLASH_DIGIT.search(text):
        text = patterns.per_number.sub(r"\1 trên ", text)
    text = patterns.after_number.sub(lambda m: m.group(1) + _rate(m, dialect, 2), text)
    text = patterns.after_word.sub(lambda m: m.group(1) + _rate(m, dialect, 2), text)
    if "/" in text and patterns.per_guard.search(text):
        text = patterns.per.sub(lambda m: _per(m, dialect), text)
    if "/" in text and _LETTER_SLASH.search(text):
        text = patterns.counted.sub(lambda m: _count_rate(m, dialect), text)
    if "đơn vị" in text.lower():
        text = patterns.named.sub(lambda m: f"{m.group(1)} {_spoken(m.group(2), dialect)}", text)
    # "50.000đ/người/ngày": a second rate after the first is read the same way.
    if " một " not in text or "/" not in text or not _RATE_AFTER_ONE.search(text):
        return text
    return _SECOND_RATE.sub(r"\1 một ", text)
