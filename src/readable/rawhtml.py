"""Linear passes over raw markup, before the sanitizer: bound the nesting depth, keep unclosed elements
from swallowing the article.

The sanitizer's HTML parser (html5ever, inside nh3) checks the stack of open elements for many start
tags, so its time grows with the number of elements times their depth: 100,000 nested ``div``s take
about a minute. This pass models that stack closely enough (void elements, raw text, the end tags that
``p``, ``li``, ``td``… imply) and removes the tags that would open elements deeper than
:data:`MAX_DEPTH`, with their matching end tags: their text stays, at the deepest allowed level.

An element that the sanitizer drops with everything inside it (``button``, ``textarea``, ``style``…)
and that is never closed would take the rest of the article with it. Its start tag is removed, so what
follows is cleaned like any other content.

The output is only ever given to the sanitizer, so an approximate model is safe: a wrong guess can cost
a tag, never let one through.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

#: Deepest nesting of elements kept; deeper start tags are removed (their text is kept).
MAX_DEPTH = 100

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track"
    " wbr".split()
)
# Elements whose content is text up to their end tag.
_RAW = frozenset("script style textarea title xmp iframe noembed noframes noscript plaintext".split())
# Elements dropped with their content: never closed, they would swallow the rest (a script still does).
SWALLOWERS = frozenset(
    "style noscript template select textarea button object applet svg math title iframe frameset noembed"
    " noframes xmp plaintext dialog canvas audio video".split()
)
# A start tag of one of these closes an open p (when only inline elements stand between).
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset figcaption figure"
    " footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav ol p pre section summary table"
    " ul".split()
)
# Formatting elements: the HTML parser reopens them after an element that closed them implicitly.
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_P = frozenset({"p"})
_P_SCOPE = _CLOSES_P | frozenset("td th caption table button marquee object applet".split())


def _closes(siblings: str, boundary: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(siblings.split()), frozenset(boundary.split())


# A start tag closes an open element of these (li closes li, tr closes tr and the cells in it…) found on the
# stack before a boundary.
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": _closes("li", "ul ol menu"),
    "dt": _closes("dt dd", "dl"),
    "dd": _closes("dt dd", "dl"),
    "td": _closes("td th", "tr table"),
    "th": _closes("td th", "tr table"),
    "tr": _closes("tr", "table tbody thead tfoot"),
    "tbody": _closes("tbody thead tfoot", "table"),
    "thead": _closes("tbody thead tfoot", "table"),
    "tfoot": _closes("tbody thead tfoot", "table"),
    "option": _closes("option", "select datalist optgroup"),
}
# Implied end tags are looked for this far down the stack at most (they are near the top in practice).
_SEARCH = 12

_TAG = re.compile(r"<(?:(!--)|[!?]|(/?)([A-Za-z][^\t\n\f\r />]*))")
# The rest of a tag after its name; quoted values may hold ">". Tried within a bounded window only.
_TAG_REST = re.compile(r"""(?:[^"'>]|"[^"]*"|'[^']*')*+>""")
_WINDOW = 4096
_COMMENT_END = re.compile(r"--!?>")


def _end_tags(text: str) -> dict[str, int]:
    """Where the last end tag of each swallowing element starts (-1: none)."""
    names = "|".join(sorted(SWALLOWERS))
    last: dict[str, int] = {}
    for match in re.finditer(rf"</({names})(?=[\t\n\f\r />])", text, re.I):
        last[match.group(1).lower()] = match.start()
    return last


class TagScanner:
    """The tags of raw markup, in order, in one pass: ``(text_from, start, end, match)`` for each.

    ``text[text_from:start]`` is the text before the tag; ``match`` is of ``_TAG`` (group 1: a comment, whose
    ``end`` is past its ``-->``; group 2: an end tag; group 3: the name, ``None`` for a doctype). A caller
    that meets a raw-text element (a script) calls :meth:`skip_raw_text`, so its content is not read as tags.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.resume = 0

    def skip_raw_text(self, name: str, end: int) -> None:
        """Go on after the content of the raw-text element ``name`` whose start tag ends at ``end``."""
        closing = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I).search(self.text, end)
        self.resume = closing.start() if closing else len(self.text)

    def __iter__(self) -> Iterator[tuple[int, int, int, re.Match[str]]]:
        text = self.text
        for match in _TAG.finditer(text):
            start = match.start()
            if start < self.resume:
                continue
            text_from = self.resume
            if match.group(1):  # a comment
                comment_end = _COMMENT_END.search(text, match.end())
                end = comment_end.end() if comment_end else len(text)
            else:
                rest = _TAG_REST.match(text, match.end(), min(len(text), match.end() + _WINDOW))
                if rest is not None:
                    end = rest.end()
                else:
                    gt = text.find(">", match.end())
                    end = len(text) if gt < 0 else gt + 1
            self.resume = end
            yield text_from, start, end, match


def bound_nesting(text: str, max_depth: int = MAX_DEPTH) -> str:
    """``text`` with tags past ``max_depth`` and unclosed swallowing start tags removed, and formatting
    elements closed where an enclosing element ends; linear time."""
    if "<" not in text:
        return text
    last_end = _end_tags(text)
    stack: list[str] = []
    open_count: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    # (start, end, replacement): tags removed, end tags written in.
    edits: list[tuple[int, int, str]] = []

    def pop_to(index: int, at: int) -> None:
        """Close ``stack[index]`` and everything above it, at position ``at`` of the text."""
        # A formatting element closed by another's end tag stays active in the HTML parser and is made
        # again in every element that follows: "<p><b class=n>x</p>" repeated nests each b in all later
        # paragraphs (quadratic). Closed here explicitly, it ends where its paragraph ends.
        closing = "".join(f"</{name}>" for name in reversed(stack[index + 1 :]) if name in _FORMATTING)
        if closing:
            edits.append((at, at, closing))
        for name in stack[index:]:
            open_count[name] -= 1
        del stack[index:]

    def find_open(names: frozenset[str], boundary: frozenset[str]) -> int:
        for i in range(len(stack) - 1, max(-1, len(stack) - 1 - _SEARCH), -1):
            if stack[i] in names:
                return i
            if stack[i] in boundary:
                break
        return -1

    scanner = TagScanner(text)
    for _, start, end, match in scanner:
        if match.group(1) or match.group(3) is None:  # a comment, doctype, processing instruction
            continue
        name = match.group(3).lower()
        if match.group(2):  # an end tag
            if dropped[name]:
                dropped[name] -= 1
                edits.append((start, end, ""))
            elif open_count[name]:
                index = len(stack) - 1
                while stack[index] != name:
                    index -= 1
                pop_to(index, start)
            continue
        if name in _VOID:
            continue
        if name in SWALLOWERS and last_end.get(name, -1) < start:
            edits.append((start, end, ""))
            continue
        if name in _SIBLINGS and any(open_count[n] for n in _SIBLINGS[name][0]):
            index = find_open(*_SIBLINGS[name])
            if index >= 0:
                pop_to(index, start)
        if name in _CLOSES_P and open_count["p"]:
            index = find_open(_P, _P_SCOPE)
            if index >= 0:
                pop_to(index, start)
        if name in _RAW:
            # Holds no elements: never flattened (a script's code must not become text).
            scanner.skip_raw_text(name, end)
        elif len(stack) >= max_depth:
            dropped[name] += 1
            edits.append((start, end, ""))
            continue
        stack.append(name)
        open_count[name] += 1
    if not edits:
        return text
    pieces = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_START = re.compile(r"<[A-Za-z]")
_START_BYTES = re.compile(rb"<[A-Za-z]")


def count_elements(data: str | bytes) -> int:
    """How many start tags ``data`` has at most (one cheap scan, before anything is parsed)."""
    if isinstance(data, bytes):
        return sum(1 for _ in _START_BYTES.finditer(data))
    return sum(1 for _ in _START.finditer(data))


def paragraphs(text: str) -> list[str]:
    """The text of raw markup, one string per paragraph, in linear time and without building a tree.

    What an article too large to clean still shows: tags are dropped (block-level ones end a
    paragraph), character references decoded, whitespace folded; scripts, styles and the content of
    other raw-text elements are left out.
    """
    pieces: list[str] = []
    resume = 0
    for match in _TAG.finditer(text):
        start = match.start()
        if start < resume:
            continue
        pieces.append(text[resume:start])
        if match.group(1):
            comment_end = _COMMENT_END.search(text, match.end())
            resume = comment_end.end() if comment_end else len(text)
            continue
        gt = text.find(">", match.end())
        resume = len(text) if gt < 0 else gt + 1
        name = (match.group(3) or "").lower()
        if name in _BREAKS:
            pieces.append("\0")  # controls never reach here (to_text removed them)
        if name in _RAW and not match.group(2):
            closing = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I).search(text, resume)
            if closing is not None:
                resume = closing.start()
    pieces.append(text[resume:])
    lines = "".join(pieces).split("\0")
    return [folded for line in lines if (folded := " ".join(html.unescape(line).split()))]


_BREAKS = _CLOSES_P | frozenset("br td th tr caption figcaption".split())
