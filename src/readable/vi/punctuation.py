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
# Any of the three above: one scan, most sentences have none.
_UNSEEN = re.compile(f"[{_INVISIBLE.pattern[1:-1]}{_CONTROLS.pattern[1:-1]}{_PICTOGRAPHS.pattern[1:-1]}]")
_END_MARK = re.compile(r"\s*\./\.(?:\s*\./\.)*")
_BULLET = re.compile(r"(?m)^[ \t]*(?:[-+*–—][ \t]+|[•▪●◦·][ \t]*)")
_INLINE_BULLET = re.compile(r"\s[•▪●◦]\s")
_BULLET_MARKS = frozenset("-+*–—•▪●◦·")
# Each pattern below starts with the mark itself, so the engine skips the text between marks quickly;
# the callbacks look at the characters around it.
_QUOTES = re.compile(r"[“”„‟\"«»‹›'‘’`]+")
# "A'", "B'": a point or a set written with a prime, said "A phẩy".
_PRIME = re.compile(r"(?<![\w'‘’`])([A-Z])'(?![\w'])")
_ELLIPSIS = re.compile(r"\s*(?:…|\.{3,})\s*")
# (A dash glued between two digits is left as it is: "5-6", read later; the pattern skips it.)
_DASHES = re.compile(r"[-–—](?:(?<!\d.)[-–—]*|[-–—]*+(?!\d))")
_BRACKETS = re.compile(r"[()\[\]{}]")
# "(a+b)/c", "sin(x)/x": a slash after a closing bracket divides; an arrow between terms is "đến".
_BRACKET_SLASH = re.compile(r"(?<=\))[ \t]*/[ \t]*(?=[\w(])")
_ARROW = re.compile(r"[ \t]*[→⟶][ \t]*")


def _quote(match: re.Match[str]) -> str:
    # An apostrophe inside a word stays ("Kơ'nia"); quotes and other apostrophes go.
    text, start, end = match.string, match.start(), match.end()
    mark = match.group()
    if len(mark) == 1 and mark in "'‘’`" and 0 < start and end < len(text):
        if _WORD.match(text[start - 1]) and _WORD.match(text[end]):
            return mark
    return ""


_WORD = re.compile(r"\w")


def _around(text: str, start: int, end: int) -> tuple[int, str, int, str]:
    """The spaces before and after text[start:end] and the characters beyond them."""
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    after = end
    while after < len(text) and text[after].isspace():
        after += 1
    prev = text[before - 1] if before > 0 else ""
    following = text[after] if after < len(text) else ""
    return start - before, prev, after - end, following


def _dash(match: re.Match[str]) -> str:
    """A dash with spaces around it, unless it joins two numbers (a range, read later), or an en or em
    dash glued between words, is a pause; "kinh tế - xã hội" is one compound, read without a pause,
    "Thanh - Phó Bí thư" takes one. The spaces left around are collapsed by :func:`tidy`."""
    text, start, end = match.string, match.start(), match.end()
    dash = match.group()
    spaces_before, prev, spaces_after, following = _around(text, start, end)
    if spaces_before and spaces_after:
        opens = prev != "" and not (prev.isdigit() or prev == "%")
        closes = following != "" and not following.isdigit()
        if not (opens or closes):
            return dash
        return " " if dash == "-" and prev.islower() and following.islower() else ", "
    glued = not spaces_before and not spaces_after and len(dash) == 1 and dash in "–—"
    if glued and prev and following and not prev.isdigit() and not following.isdigit():
        return ", "
    return dash


def strip_marks(text: str, dialect: Dialect | None = None) -> str:
    """Remove what is not read: controls, emoji, "./.", bullets, quotes; ellipses and dashes → pauses."""
    unseen = _UNSEEN.search(text) is not None
    if unseen:
        text = _INVISIBLE.sub("", text)
        text = _CONTROLS.sub(" ", text)
    if "→" in text or "⟶" in text:
        text = _ARROW.sub(" đến ", text)
    if unseen:
        text = _PICTOGRAPHS.sub(" ", text)
    if "./." in text:
        text = _END_MARK.sub(".", text)
    if "\n" in text or text.lstrip(" \t")[:1] in _BULLET_MARKS:
        text = _BULLET.sub("", text)
    if any(mark in text for mark in "•▪●◦"):
        text = _INLINE_BULLET.sub(", ", text)
    if "'" in text:
        text = _PRIME.sub(r"\1 phẩy", text)
    text = _QUOTES.sub(_quote, text)
    if "…" in text or "..." in text:
        text = _ELLIPSIS.sub(", ", text)
    text = _DASHES.sub(_dash, text)
    if ")/" in text or ") /" in text:
        text = _BRACKET_SLASH.sub(" trên ", text)
    return _BRACKETS.sub(", ", text)


#: Symbols said as words; everything in _DROPPED goes.
_SPOKEN = {
    "&": " và ", "@": " a còng ", "=": " bằng ", "+": " cộng ", "%": " phần trăm ", "°": " độ ",
    "~": " khoảng ", "×": " nhân ", "≥": " lớn hơn hoặc bằng ", "≤": " nhỏ hơn hoặc bằng ",
    "≠": " khác ", "±": " cộng trừ ", "≈": " xấp xỉ ", "÷": " chia ", "<": " nhỏ hơn ", ">": " lớn hơn ",
    # a currency sign left alone (one after or before a number is read with it by the units step)
    "€": " ơ rô ", "£": " bảng Anh ", "¥": " yên ", "₩": " won ", "₹": " rupee ",
}  # fmt: skip
# Runs of symbols; the callback says or drops each one. "<" and ">" are said only alone between words or
# numbers ("x > 5", not "->" or "<<"), a hyphen only goes between words ("Hà Nội-Hải Phòng").
_SYMBOL = re.compile(r"[&@=+%°~×≥≤≠±≈÷<>/\\|_#*^€£¥₩₹-]+")
_DROPPED = frozenset("/\\|_#*^<>")


#: What a single symbol other than "-", "<" and ">" becomes, looked up first.
_SINGLE = {ch: " " if ch in _DROPPED else _SPOKEN.get(ch, ch) for ch in "&@=+%°~×≥≤≠±≈÷/\\|_#*^€£¥₩₹"}


def _symbol(match: re.Match[str]) -> str:
    run = match.group()
    single = _SINGLE.get(run)
    if single is not None:
        return single
    text, start, end = match.string, match.start(), match.end()
    if run[0] == "-" and run.rstrip(">").strip("-") == "":
        _, prev, _, following = _around(text, start, end)
        between_words = _WORD.match(prev or " ") and _WORD.match(following or " ")
        return " " if between_words and run.count(">") <= 1 else run
    if len(run) == 1 and run in "<>":
        prev = text[start - 1] if start else ""
        following = text[end] if end < len(text) else ""
        alone = _WORD.match(prev or " ") or prev == " "
        alone = alone and (_WORD.match(following or " ") or following == " ")
        doubled_before = start >= 2 and text[start - 1] == " " and text[start - 2] in "-=<>"
        after = text[end : end + 2].lstrip(" ")[:1]
        if alone and not doubled_before and after not in ("<", ">", "=", "-"):
            return _SPOKEN[run]
        return " "
    if run in ("<=", ">="):
        return _SPOKEN["≤" if run == "<=" else "≥"]
    return "".join(" " if ch in _DROPPED else _SPOKEN.get(ch, ch) for ch in run)


# "#1", "#VietNam": the number sign glued to a word is said; "user_name": an underscore inside a name.
_HASH = re.compile(r"#(?=[^\W_])")
# Not between capitals: "MAX_SIZE" is a constant's words, read one after the other.
_UNDERSCORE = re.compile(r"(?<=[^\W_])(?<![A-Z])_(?=[^\W_])")


def read_symbols(text: str, dialect: Dialect | None = None) -> str:
    """Say the symbols that carry meaning ("&" và, "=" bằng, "+" cộng, "≥" lớn hơn hoặc bằng, "#" thăng
    before a word or a number, "_" gạch dưới inside a name); drop the rest. The spaces they leave are
    collapsed by :func:`tidy`."""
    if "#" in text:
        text = _HASH.sub(" thăng ", text)
    if "_" in text:
        text = _UNDERSCORE.sub(" gạch dưới ", text)
    return _SYMBOL.sub(_symbol, text)


# (Once the spaces are single, one pass does what a replace per mark would.)
_SPACE_BEFORE_MARK = re.compile(r" (?=[,.;:!?])")
_REPEATED_MARKS = re.compile(r"([,;:])(?: ?[,;:])+|, ?(?=[.!?])|([.!?])(?: ?[.,;:!?])+")
# A run of two marks or more: it starts with a mark, so the engine skips the text between runs quickly;
# each run is then tidied on its own (no rule above looks outside a run).
_MARK_RUN = re.compile(r"[,;:.!?] ?[,;:.!?](?: ?[,;:.!?])*")


def _marks(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2) or ""


def _mark_run(match: re.Match[str]) -> str:
    return _REPEATED_MARKS.sub(_marks, match.group())


def tidy(text: str, dialect: Dialect | None = None) -> str:
    """One line, single spaces, no doubled or dangling punctuation."""
    text = _SPACE_BEFORE_MARK.sub("", " ".join(text.split()))
    text = _MARK_RUN.sub(_mark_run, text)
    return text.lstrip(" ,.;:!?-").rstrip(" ,;:-")
