"""Marks that are seen but not said: the end-of-article mark, bullets, decorative quotes, emoji.

:func:`strip_marks` runs first in the pipeline, :func:`tidy` last. Ellipses and dashes between words
become commas, which every voice renders as a short pause.
"""

from __future__ import annotations

import re

from .numbers import Dialect

# Zero-width and format characters vanish; other control characters become spaces.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e]")
# Emoji, pictographs, dingbats, variation selectors, tags and lone surrogates: a voice either skips
# them or reads their English names, so they go.
_PICTOGRAPHS = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\U000e0000-\U000e007f"
    "\ud800-\udfff\ue000-\uf8ff\u25a0-\u25ff\u2190-\u21ff]"
)
_END_MARK = re.compile(r"\s*\./\.(?:\s*\./\.)*")
_BULLET = re.compile(r"(?m)^[ \t]*(?:[-+*–—][ \t]+|[•▪●◦·][ \t]*)")
_INLINE_BULLET = re.compile(r"\s[•▪●◦]\s")
_QUOTES = re.compile(r"[“”„‟\"«»‹›]|(?<!\w)['‘’`]|['‘’`](?!\w)")
_ELLIPSIS = re.compile(r"\s*(?:…|\.{3,})\s*")
# A dash with spaces around it, unless it joins two numbers (a range, handled later).
_SPACED_DASH = re.compile(r"(?<=[^\d\s%])\s+[-–—]+\s+|\s+[-–—]+\s+(?=[^\d\s])|(?<=[^\d\s])[–—](?=[^\d\s])")
_BRACKETS = re.compile(r"\s*[()\[\]{}]\s*")


def _dash(match: re.Match[str]) -> str:
    # "kinh tế - xã hội" is one compound, read without a pause; "Thanh - Phó Bí thư" takes one.
    text, start, end = match.string, match.start(), match.end()
    if (
        match.group().strip() == "-"
        and start > 0
        and end < len(text)
        and text[start - 1].islower()
        and text[end].islower()
    ):
        return " "
    return ", "


def strip_marks(text: str, dialect: Dialect | None = None) -> str:
    """Remove what is not read: controls, emoji, "./.", bullets, quotes; ellipses and dashes → pauses."""
    text = _INVISIBLE.sub("", text)
    text = _CONTROLS.sub(" ", text)
    text = _PICTOGRAPHS.sub(" ", text)
    text = _END_MARK.sub(".", text)
    text = _BULLET.sub("", text)
    text = _INLINE_BULLET.sub(", ", text)
    text = _QUOTES.sub("", text)
    text = _ELLIPSIS.sub(", ", text)
    text = _SPACED_DASH.sub(_dash, text)
    return _BRACKETS.sub(", ", text)


#: Symbols said as words; everything in _DROPPED goes.
_SPOKEN = {
    "&": " và ", "@": " a còng ", "=": " bằng ", "+": " cộng ", "%": " phần trăm ", "°": " độ ",
    "~": " khoảng ", "×": " nhân ", "≥": " lớn hơn hoặc bằng ", "≤": " nhỏ hơn hoặc bằng ",
    "≠": " khác ", "±": " cộng trừ ", "≈": " xấp xỉ ", "÷": " chia ", "<": " nhỏ hơn ", ">": " lớn hơn ",
}  # fmt: skip
# One pass: a spoken symbol; "<" and ">" only alone between words or numbers ("x > 5", not "->" or
# "<<"); a run of dropped marks; a hyphen left between words ("Hà Nội-Hải Phòng").
_SYMBOL = re.compile(
    r"([&@=+%°~×≥≤≠±≈÷]|(?<=[\w ])[<>](?=[\w ])(?<![-=<>] [<>])(?![ ]?[<>=-]))"
    r"|[/\\|_#*^<>]+|(?<=\w)[ \t]*-+>?[ \t]*(?=\w)"
)


def _symbol(match: re.Match[str]) -> str:
    return _SPOKEN[match.group()] if match.group(1) else " "


def read_symbols(text: str, dialect: Dialect | None = None) -> str:
    """Say the symbols that carry meaning ("&" và, "=" bằng, "+" cộng, "≥" lớn hơn hoặc bằng); drop the
    rest. The spaces they leave are collapsed by :func:`tidy`."""
    return _SYMBOL.sub(_symbol, text)


_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_MARK = re.compile(r"\s+(?=[,.;:!?])")
_REPEATED_MARKS = re.compile(r"([,;:])(?:\s*[,;:])+|\s*,\s*(?=[.!?])|([.!?])(?:\s*[.,;:!?])+")
_LEADING = re.compile(r"^[\s,.;:!?\-]+")
_TRAILING = re.compile(r"[\s,;:\-]+$")


def _marks(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2) or ""


def tidy(text: str, dialect: Dialect | None = None) -> str:
    """One line, single spaces, no doubled or dangling punctuation."""
    text = _SPACES.sub(" ", text)
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _REPEATED_MARKS.sub(_marks, text)
    text = _LEADING.sub("", text)
    return _TRAILING.sub("", text)
