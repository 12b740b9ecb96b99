"""Articles in other languages than Vietnamese: sentence splitting and a small reading of numbers.

None of the Vietnamese rules apply. English gets its numbers read with ``num2words``: integers and decimals,
ordinals ("1st"), years, percentages, amounts in dollars, euros and pounds, times and ranges. Another
language gets its plain whole numbers read by ``num2words`` in that language when it knows the language;
anything else is left to the voice, which reads digits itself. Text is NFC on the way in.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from num2words import CONVERTER_CLASSES, num2words

from .vi.sentences import spans_between, word_before_full_stop

_CLOSERS = "”\"’'»)]}"
# A sentence ends at . ! ? … (and the CJK 。！？) with any closing quotes after it.
_CANDIDATE = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s|$)|[。！？]+[{re.escape(_CLOSERS)}]*|\n")
#: Words with a dot that do not end an English sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vs etc e.g i.e a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec "
    "inc ltd co corp gov gen lt col sr jr u.s u.k approx dept est fig vol".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of ``text`` (no span starts or ends with whitespace)."""
    return spans_between(text, _CANDIDATE, _ends_sentence)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if mark == "\n" or mark[0] in "。！？":
        return True
    before = word_before_full_stop(text, match)
    if isinstance(before, bool):
        return before
    word = before.group().lstrip("(“\"'«[")
    # "Mr. Smith", "U.S. Army", an initial ("John F. Kennedy") do not end the sentence.
    return word.lower() not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper())


# English.

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|million|billion|trillion"
_CURRENCIES = {
    "$": ("dollar", "dollars", "USD"),
    "€": ("euro", "euros", "EUR"),
    "£": ("pound", "pounds", "GBP"),
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONEY = re.compile(rf"(?:US)?([$€£])\s?({_NUMBER})(?:\s?({_SCALE})\b)?")
# Signs after a number become words first ("12%" → "12 percent"), so a range "10–12%" is read as one.
_SIGNS = ((re.compile(r"(?<=\d)\s?%"), " percent"), (re.compile(r"(?<=\d)\s?°\s?C\b"), " degrees Celsius"))
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_MONTH_DAY = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}})\b(?!:)")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS})\b")
_YEAR = re.compile(
    rf"(\b(?:[Ii]n|[Ss]ince|by|from|until|to|of|year|before|after|and|{_MONTHS})\s|,\s)"
    r"(1[1-9]\d\d|20\d\d)\b(?![.,]?\d)"
)
_TIME = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)(?:\s?([ap])\.?m\.?)?", re.IGNORECASE)
_RANGE = re.compile(rf"(?<![\d–-])\b({_NUMBER})\s?[–-]\s?({_NUMBER})\b(?![–-]\d)")
_LEFT = re.compile(_NUMBER)


def _value(number: str) -> int | float:
    plain = number.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def _en(number: str) -> str:
    """A number as English words; decimals digit by digit after "point" ("3.05": three point zero five)."""
    plain = number.replace(",", "")
    if len(plain) > 1 and plain[0] == "0" and plain[1] != ".":  # a code or a phone number: digit by digit
        return " ".join(num2words(int(digit), lang="en") for digit in plain)
    whole, _, decimals = plain.partition(".")
    said: str = num2words(int(whole), lang="en")
    if decimals:
        said += " point " + " ".join(num2words(int(digit), lang="en") for digit in decimals)
    return said


def _money(match: re.Match[str]) -> str:
    one, many, code = _CURRENCIES[match.group(1)]
    number, scale = match.group(2), match.group(3)
    if scale:
        return f"{_en(number)} {scale} {many}"
    value = _value(number)
    if isinstance(value, int):
        return f"{_en(number)} {one if value == 1 else many}"
    return str(num2words(value, lang="en", to="currency", currency=code))


def _time(match: re.Match[str]) -> str:
    hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3)
    said = _en(str(hour))
    if minute == 0:
        said += "" if half else " hundred" if hour > 12 else " o'clock"
    else:
        said += (" oh " if minute < 10 else " ") + _en(str(minute))
    return said + (f" {half.lower()} m" if half else "")


def _range_end(number: str) -> str:
    """One end of a range: "2019–2020" are years, "10–12" numbers."""
    if re.fullmatch(r"1[1-9]\d\d|20\d\d", number):
        return str(num2words(int(number), lang="en", to="year"))
    return _en(number)


def _ordinal(number: str) -> str:
    return str(num2words(int(number), lang="en", to="ordinal"))


_ENGLISH: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (_TIME, _time),
    (_MONEY, _money),
    (_RANGE, lambda m: f"{_range_end(m.group(1))} to {_range_end(m.group(2))}"),
    (_MONTH_DAY, lambda m: f"{m.group(1)} {_ordinal(m.group(2))}"),
    (_DAY_MONTH, lambda m: f"the {_ordinal(m.group(1))} of {m.group(2)}"),
    (_ORDINAL, lambda m: _ordinal(m.group(1))),
    (_YEAR, lambda m: m.group(1) + str(num2words(int(m.group(2)), lang="en", to="year"))),
    (_LEFT, lambda m: _en(m.group())),
)


def normalize_en(text: str) -> str:
    """English ``text`` as it is said: "$3.5 million" → "three point five million dollars"."""
    text = unicodedata.normalize("NFC", text)
    for sign, word in _SIGNS:
        text = sign.sub(word, text)
    for pattern, say in _ENGLISH:
        text = pattern.sub(functools.partial(_guarded, say), text)
    return text


_LONGEST = 15  # digits read as a number; a longer run is left to the voice, as written
_DIGITS = re.compile(rf"\d{{{_LONGEST + 1}}}")


def _guarded(say: Callable[[re.Match[str]], str], match: re.Match[str]) -> str:
    """``say(match)``, or the text as written when it holds a number too long to say (never raises)."""
    if _DIGITS.search(match.group()):
        return match.group()
    try:
        return say(match)
    except (ValueError, OverflowError, NotImplementedError, ArithmeticError):
        return match.group()


# Any other language.

_INTEGER = re.compile(r"(?<![\d.,:/])\d{1,15}(?!\d|[.,:/]\d)")


@functools.cache
def _num2words_lang(tag: str) -> str | None:
    """The ``num2words`` name of ``tag``'s language ("pt-BR" → "pt_BR", "fr-CA" → "fr"), if it has one."""
    underscored = tag.replace("-", "_")
    for name in (underscored, underscored.split("_")[0]):
        if name in CONVERTER_CLASSES:
            return name
    return None


def normalize(text: str, lang: str) -> str:
    """``text`` of an article in ``lang`` (not Vietnamese) as its voice should be given it."""
    if lang.split("-")[0] == "en":
        return normalize_en(text)
    text = unicodedata.normalize("NFC", text)
    name = _num2words_lang(lang)
    if name is None:
        return text
    words = functools.partial(_guarded, lambda m: str(num2words(int(m.group()), lang=name)))
    return _INTEGER.sub(words, text)
