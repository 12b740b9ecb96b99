"""Roman numerals where they are numerals, and ordinals: "lần thứ XII", "khóa XV", "thế kỷ XXI",
"quý IV", "Chương II"; "thứ 2" → "thứ hai", "thứ 4" → "thứ tư", "giải 1" → "giải nhất".

A Roman numeral is read only after a cue word (``data/cues.tsv``, group ``roman``) or as the number of a
heading at the start of a line ("II. Nhiệm vụ"), or as a regnal number after a capitalized name word
("Louis XIV", "Gioan Phaolô II"; a one-letter numeral only after a foreign name at a phrase end).
Only upper-case numerals up to 89 count, so words and
names are never taken for numbers: "Vi phạm", "Xi măng", "Thảo Vi", "Di tích", "hạng C".
"""

from __future__ import annotations

import functools
import re

from . import tables
from .numbers import Dialect, read_int, read_ordinal

_ROMAN = r"(?=[IVX]|L[IVX]|L\b)(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# After a cue word the numerals go up to 3999 and may be written in lower case ("chương xii", "mục cd").
_ROMAN_FULL = r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_HEADING = re.compile(rf"(?m)^([ \t]*)({_ROMAN})(?:[.)]|[ \t]*[-–:])(?=[ \t])")
# Cheap guard: the step needs a digit or an upper-case Roman letter.
_CANDIDATE = re.compile(r"[\dIVXLCDMivxlcdm]")
# Regnal and heading numerals are in capitals after a space or at a line's start.
_CAPITAL_NUMERAL = re.compile(r"[IVXL](?:(?<=[ \t\n][IVXL])|(?<![\s\S][IVXL]))")
_DIGIT = re.compile(r"\d")
# A word made of numeral letters only, after a space, found from its first letter (the space before it is
# checked after the letter): what a cue must be followed by.
_NUMERAL = re.compile(r"[IVXLCDMivxlcdm](?<=\s[IVXLCDMivxlcdm])[IVXLCDMivxlcdm]*(?!\w)")
# A regnal number after a name word ("Louis XIV", "Gioan Phaolô II", "Elizabeth II"): the word before is
# capitalized and not all capitals ("MC", "LCD" are not names), see :func:`_after_name`.
_AFTER_NAME = re.compile(rf"(?<![\w-])([^\W\d_]{{2,}})([ \t]+)({_ROMAN})(?![\w-])")
_CAPITAL_AFTER_SPACE = re.compile(r"[IVXL](?<=[ \t][IVXL])")
_NAME_BEFORE = re.compile(r"(?<![\w-])[^\W\d_]{2,}[ \t]+$")
_PHRASE_END = re.compile(r"[ \t]*(?:[,.;:!?)]|$)")
_ORDINAL_AFTER = {"thứ": False, "lần thứ": False, "hạng": True}


def roman_value(numeral: str) -> int:
    """The value of a well-formed Roman numeral ("XIV" → 14)."""
    total = 0
    for i, ch in enumerate(numeral):
        value = _VALUES[ch]
        if i + 1 < len(numeral) and _VALUES[numeral[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    roman_cues = tables.cues("roman")
    start = tables.starts([*tables.group("cues.tsv", "roman"), "năm"], ignorecase=True)
    after_cue = re.compile(rf"(?i:(?<!\w){start}({roman_cues}|năm)(\s+)({_ROMAN_FULL}))(?![\w])")
    prizes = tables.cues("ordinal")
    prize_start = tables.starts(tables.group("cues.tsv", "ordinal"), ignorecase=True)
    prize = re.compile(rf"(?i:(?<!\w){prize_start}({prizes}))(\s+)(\d{{1,2}})(?![\w/]|[.,]\d)")
    ordinal = re.compile(r"([tT](?<!\w[tT])(?i:hứ))(\s+)(\d{1,3})(?![\w/]|[.,]\d)")
    # The words that end with a cue, then the spaces before a numeral: looked for before each numeral word.
    cue_before = re.compile(rf"(?i:(?<!\w)(?:{roman_cues}|năm))\s+$")
    return after_cue, prize, ordinal, cue_before


def _after_name(match: re.Match[str], dialect: Dialect) -> str:
    """A numeral of two letters or more after a name word; a single letter ("Văn X", "Hà Nội I") only
    after a foreign name (no Vietnamese letter) at the end of a phrase ("Elizabeth I.")."""
    word, space, numeral = match.group(1, 2, 3)
    if not (word[0].isupper() and word[1:].islower()):
        return match.group()
    if len(numeral) == 1 and (not word.isascii() or not _PHRASE_END.match(match.string, match.end())):
        return match.group()
    return f"{word}{space}{read_int(roman_value(numeral), dialect)}"


def _after_names(text: str, dialect: Dialect) -> str:
    """``_AFTER_NAME.sub`` over ``text``, found from the capital numerals: the name word is looked for only
    before one, so the text between them is skipped quickly."""
    out: list[str] = []
    last = 0
    for numeral in _CAPITAL_AFTER_SPACE.finditer(text):
        start = numeral.start()
        word = _NAME_BEFORE.search(text, max(last, start - 48), start)
        if word is None:
            continue
        match = _AFTER_NAME.match(text, word.start())
        if match is None or match.start(3) != start:
            continue
        out += (text[last : match.start()], _after_name(match, dialect))
        last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _plausible(match: re.Match[str]) -> bool:
    """Whether the numeral after a cue is one: all capitals or all lower case; a single C, D or M is a
    letter ("hạng C"); a numeral in lower case of one or two letters only at the end of a phrase ("thế kỷ
    vi." but not "nhóm vi khuẩn", "lớp vi tính"); after "năm" only a year ("năm MMXX", "năm mmxx", not
    "năm mi")."""
    cue, numeral = match.group(1, 3)
    if not (numeral.isupper() or numeral.islower()) or numeral.upper() in ("C", "D", "M"):
        return False
    if cue.lower() == "năm":
        return numeral.upper().startswith("M") and (numeral.isupper() or len(numeral) > 3)
    return numeral.isupper() or len(numeral) > 2 or _PHRASE_END.match(match.string, match.end()) is not None


# What joins the numerals of a list: a comma, "và", "hoặc", a dash.
_LIST_JOIN = re.compile(r"[ \t]*(?:,|và|hoặc|[-–])[ \t]*")
# A numeral further down a list: capitals I, V, X and L only (not "MI", "CD", which are also words).
_LIST_NUMERAL = re.compile(r"[IVXL]+")


def _read_after(cue: str, numeral: str, dialect: Dialect) -> str:
    """A numeral after ``cue`` (in lower case), or further down a list after it: an ordinal after "thứ",
    "hạng" ..., a cardinal otherwise."""
    value = roman_value(numeral.upper())
    if cue in _ORDINAL_AFTER:
        return read_ordinal(value, dialect, prize=_ORDINAL_AFTER[cue])
    return read_int(value, dialect)


def _after_cue(match: re.Match[str], dialect: Dialect) -> str:
    cue, space, numeral = match.group(1, 2, 3)
    if not _plausible(match):
        return match.group()
    return f"{cue}{space}{_read_after(cue.lower(), numeral, dialect)}"


@functools.cache
def _cue_ends() -> tuple[str, ...]:
    """The cue words in lower case, for ``str.endswith``: a quick test before the cue pattern."""
    return (*(cue.lower() for cue in tables.group("cues.tsv", "roman")), "năm")


def _any_prize(lower: str) -> bool:
    # A few words: a substring test each is quicker than one scan for all of them.
    return any(word in lower for word in tables.group("cues.tsv", "ordinal"))


def _after_cues(text: str, after_cue: re.Pattern[str], cue_before: re.Pattern[str], dialect: Dialect) -> str:
    """``after_cue.sub`` over ``text``, found from the numeral words: a cue is looked for only before a word
    made of numeral letters, so the text between them is skipped quickly."""
    out: list[str] = []
    last = 0
    ends = _cue_ends()
    listed = ""  # the cue of the numeral read last, while a list of numerals goes on ("Phụ lục I, II và III")
    for word in _NUMERAL.finditer(text):
        start = word.start()
        numeral = word.group()
        if listed and out and _LIST_JOIN.fullmatch(text, last, start) and _LIST_NUMERAL.fullmatch(numeral):
            out += (text[last:start], _read_after(listed, numeral, dialect))
            last = word.end()
            continue
        listed = ""
        if not text[max(last, start - 32) : start].rstrip().lower().endswith(ends):
            continue
        cue = cue_before.search(text, max(last, start - 32), start)
        if cue is None:
            continue
        match = after_cue.match(text, cue.start())
        if match is None or match.end() != word.end():
            continue
        spoken = _after_cue(match, dialect)
        out += (text[last : match.start()], spoken)
        last = match.end()
        listed = match.group(1).lower() if spoken != match.group() else ""
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def read_roman(text: str, dialect: Dialect) -> str:
    """Read cued Roman numerals, heading numerals and ordinals ("thứ 2", "giải 1") in ``text``."""
    if not _CANDIDATE.search(text):
        return text
    after_cue, prize, ordinal, cue_before = _patterns()
    if _NUMERAL.search(text):
        text = _after_cues(text, after_cue, cue_before, dialect)
    if _CAPITAL_NUMERAL.search(text):
        text = _after_names(text, dialect)
        if "\n" in text or _HEADING.match(text):  # a heading starts a line: the text or one after a break
            text = _HEADING.sub(lambda m: f"{m.group(1)}{read_int(roman_value(m.group(2)), dialect)},", text)
    if not _DIGIT.search(text):
        return text
    if _any_prize(text.lower()):
        text = prize.sub(
            lambda m: f"{m.group(1)}{m.group(2)}{read_ordinal(int(m.group(3)), dialect, prize=True)}",
            text,
        )
    return ordinal.sub(lambda m: f"{m.group(1)}{m.group(2)}{read_ordinal(int(m.group(3)), dialect)}", text)
