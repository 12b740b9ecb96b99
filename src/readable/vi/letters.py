"""Acronyms that are neither in the abbreviation table nor read as words: spelled letter by letter with
the Vietnamese names of the letters, as an announcer says them ("CEO" → "xê e o", "USB" → "u ét xì bê",
"GPS" → "giê pê ét xì").

Only a token of two to five capital ASCII letters is spelled, and not inside a heading written in
capitals ("TIN TỨC", "BAN CHỈ ĐẠO": a neighbouring word in capitals carries a Vietnamese letter); a
run of I, V, X and L is left to the Roman numeral step. Acronyms read as words ("ASEAN", "NATO") are in
the abbreviation table, which runs first.
"""

from __future__ import annotations

import functools
import re

from .numbers import Dialect

LETTERS = {
    "A": "a", "B": "bê", "C": "xê", "D": "đê", "E": "e", "F": "ép", "G": "giê", "H": "hát", "I": "i",
    "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "P": "pê", "Q": "quy",
    "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài",
    "Z": "dét",
}  # fmt: skip

_GUARD = re.compile(r"[A-Z]{2}")
# The first capital is matched before the boundary is checked, so the engine skips to capitals quickly.
_ACRONYM = re.compile(r"[A-Z](?<![\w.@/&-][A-Z])[A-Z]{1,4}(?![\w@/&]|\.\w)")
_ROMAN_LETTERS = frozenset("IVXL")
# Searched in the 40 characters before a token: it starts at a word's start, so a search skips the
# positions inside a word at once.
_WORD_BEFORE = re.compile(r"(?<!\w)(\w+)[ \t]*$")
_WORD_AFTER = re.compile(r"[ \t]*(\w+)")


@functools.lru_cache(maxsize=1024)
def spell(letters: str) -> str:
    """The letters of ``letters`` by their Vietnamese names; characters without a name are kept."""
    return " ".join(LETTERS.get(ch, ch) for ch in letters)


def _shouted(word: str | None) -> bool:
    return word is not None and len(word) > 1 and word.isupper() and not word.isascii()


def _acronym(match: re.Match[str]) -> str:
    token = match.group()
    if set(token) <= _ROMAN_LETTERS:
        return token
    text, start, end = match.string, match.start(), match.end()
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER.match(text, end)
    if _shouted(before and before.group(1)) or _shouted(after and after.group(1)):
        return token
    return spell(token)


def acronyms(text: str) -> list[str]:
    """The acronyms of ``text`` that :func:`spell_acronyms` would spell, in order."""
    if not _GUARD.search(text):
        return []
    return [m.group() for m in _ACRONYM.finditer(text) if _acronym(m) != m.group()]


def spell_acronyms(text: str, dialect: Dialect | None = None) -> str:
    """Spell the acronyms of ``text`` that earlier steps left in capitals."""
    if not _GUARD.search(text):
        return text
    return _ACRONYM.sub(_acronym, text)
