"""Sentence splitting that knows Vietnamese news text.

A sentence ends at ".", "!", "?" or an ellipsis (with any closing quotes or brackets after it) when
the next word does not start in lower case, and at every line break. It does not end after an
abbreviation with a dot ("TP. Hồ Chí Minh", "Q. 1", "ThS.", "PGS.TS."; ``data/sentence_abbreviations.txt``
and the dotted forms of the abbreviation table) or after an initial ("Nguyễn V. An"). Dots and commas
inside numbers ("2,5", "1.234.567") are never followed by a space, so they never split. The
end-of-article mark "./." stays with its sentence; an item that starts with a bullet starts a sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from . import tables

_CLOSERS = "”\"’'»)]}"
_BULLETS = "•▪●◦"
# (One class of first characters, so the engine skips quickly to the next candidate.)
_CANDIDATE = re.compile(
    rf"[.!?…\s](?:(?<=[.!?…])[.!?…]*[{re.escape(_CLOSERS)}]*(?=\s|$)|(?<=\n)|(?<=\s)(?=[{_BULLETS}]\s))"
)
# The same without the bullets: only a mark or a line break can end a sentence, so the engine skips the
# spaces (most texts have no bullet).
_CANDIDATE_NO_BULLET = re.compile(rf"[.!?…\n](?:(?<=[.!?…])[.!?…]*[{re.escape(_CLOSERS)}]*(?=\s|$)|(?<=\n))")
_WORD_BEFORE = re.compile(r"\S+$")
_NEXT = re.compile(r"\s*(\S)")


@functools.cache
def _after_roman_cue() -> re.Pattern[str]:
    # "quý I.", "khóa V.": a one-letter Roman numeral after its cue word ends the sentence.
    cues = tables.cues("roman")
    return re.compile(rf"(?i:(?<!\w)(?:{cues}))\s+$")


@functools.cache
def _dotted() -> frozenset[str]:
    table = tables.mapping("abbreviations.tsv")
    return tables.words("sentence_abbreviations.txt") | {k for k in table if k.endswith(".")}


def word_before_full_stop(text: str, match: re.Match[str]) -> bool | re.Match[str]:
    """Whether the mark ``match`` ends a sentence when the marks alone say so: not before a word in lower
    case; yes at the end of the text, for a mark other than a full stop, or with no word before it.
    Otherwise (a full stop after a word, a capital next) the word before the stop, for the language's own
    rules (abbreviations, initials)."""
    following = _NEXT.match(text, match.end())
    if following is None:
        return True
    if following.group(1).islower():
        return False
    if match.group() != ".":
        return True
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    return True if before is None else before


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    if mark == "\n" or not mark.strip():
        return True
    before = word_before_full_stop(text, match)
    if isinstance(before, bool):
        return before
    word = before.group().lstrip("(“\"'«[")
    if word + "." in _dotted():
        return False
    if len(word) != 1 or not word.isupper():
        return True
    # An initial ("Nguyễn V. An") does not end the sentence, a Roman numeral after its cue does.
    start = before.start()
    return word in "IVX" and bool(_after_roman_cue().search(text, max(0, start - 20), start))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of the sentences of ``text``, in order.

    Every character that is not whitespace belongs to exactly one span and no span starts or ends
    with whitespace, so ``text[start:end]`` is the sentence as written. Expects NFC text; never
    raises.
    """
    bullets = any(bullet in text for bullet in _BULLETS)
    return spans_between(text, _CANDIDATE if bullets else _CANDIDATE_NO_BULLET, _ends_sentence)


def spans_between(
    text: str, candidates: re.Pattern[str], ends: Callable[[str, re.Match[str]], bool]
) -> list[tuple[int, int]]:
    """The spans of ``text`` between the ``candidates`` matches for which ``ends(text, match)`` is true
    (each span ends after its mark), stripped of whitespace; blank spans are left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in candidates.finditer(text):
        if ends(text, match):
            _add(text, start, match.end(), spans)
            start = match.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        left = start + len(chunk) - len(chunk.lstrip())
        spans.append((left, left + len(stripped)))
