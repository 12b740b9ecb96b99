"""Word times: when the voice says each word of a sentence, and which written words it is saying.

A voice that reports its words (espeak-ng) tells where each word it says starts in the *spoken* text, but
the page shows the *written* text: "5 kg" is said "năm ki lô gam". :func:`align` pairs the two. A word
written and said the same (ignoring case) is an anchor; the spoken words between two anchors say the
written words between them, and each is marked with their whole span: every word of "năm ki lô gam"
marks "5 kg". Of all pairings, the one kept has the most anchors and the fewest runs of words left alone on
one side ("5 năm", said "năm năm", pairs the written "năm" with the second one). Spoken words with no
written words (the "Chú thích ảnh" said before a caption) mark nothing. The search is quadratic in the
words from the first that differ to the last that differ: past :data:`LONGEST` pairs of those, a sentence
gets no word times (the sentence highlight does not need them). ``python bench/words.py`` measures it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

#: Most (written words × spoken words) searched in a sentence; past that the sentence has no word times.
LONGEST = 100_000

#: A word's times and the span it marks: ``[start, end, from, to]``, seconds on the article's audio and
#: the start and end in the sentence's written text, in UTF-16 units as the browser counts.
Word = tuple[float, float, int, int]

#: A word: from its first letter or digit to its last (with the accents of decomposed text), punctuation
#: around it left out, punctuation inside it kept ("23/12", "5-7", "NĐ-CP"). The punctuation that ends a
#: clause is a token of its own: the spoken form keeps it, so it anchors too ("23/12/2024, HĐND").
_PUNCTUATION = ",;:.!?"
_WORD = re.compile(rf"\w(?:\S*\w)?[\u0300-\u036f]*|[{_PUNCTUATION}]")
#: Pairing states: between anchors (0), or in a run of written words only (1), spoken words only (2),
#: or both (3). A run left alone on one side costs 1 when it ends; an anchor gains 2.
_AFTER_WRITTEN = (1, 1, 3, 3)
_AFTER_SPOKEN = (2, 3, 2, 3)
_LONE = (0, 1, 1, 0)
_UNREACHED = -(10**9)


def tokens(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` and its clause punctuation: start, end and the word folded."""
    return [
        (match.start(), match.end(), unicodedata.normalize("NFC", match.group()).casefold())
        for match in _WORD.finditer(text)
    ]


def align(written: str, spoken: str) -> list[tuple[int, int] | None]:
    """For each word of ``spoken`` (:func:`tokens`), the span of ``written`` it says, or None."""
    said, shown = tokens(spoken), tokens(written)
    # The words both begin and end with are anchors as they are: only what lies between is searched.
    head = 0
    while head < min(len(said), len(shown)) and said[head][2] == shown[head][2]:
        head += 1
    tail = 0
    while tail < min(len(said), len(shown)) - head and said[-1 - tail][2] == shown[-1 - tail][2]:
        tail += 1
    ends = [w[:2] for w in shown[:head]], [w[:2] for w in shown[len(shown) - tail :]]
    middle = _search(shown[head : len(shown) - tail], said[head : len(said) - tail])
    return [*ends[0], *middle, *ends[1]]


def _search(
    shown: list[tuple[int, int, str]], said: list[tuple[int, int, str]]
) -> list[tuple[int, int] | None]:
    n, m = len(shown), len(said)
    if not n or not m or n * m > LONGEST:
        return [None] * m
    # best[(i * (m + 1) + j) * 4 + state]: the best score having paired shown[:i] with said[:j].
    width = (m + 1) * 4
    best = [_UNREACHED] * ((n + 1) * width)
    back = [-1] * len(best)
    best[0] = 0
    for i in range(n + 1):
        for j in range(m + 1):
            base = i * width + j * 4
            for state in range(4):
                score = best[base + state]
                if score == _UNREACHED:
                    continue
                here = base + state
                if i < n and j < m and shown[i][2] == said[j][2]:
                    _better(best, back, base + width + 4, score + 2 - _LONE[state], here)
                if i < n:
                    _better(best, back, base + width + _AFTER_WRITTEN[state], score, here)
                if j < m:
                    _better(best, back, base + 4 + _AFTER_SPOKEN[state], score, here)
    end = n * width + m * 4
    at = max(range(end, end + 4), key=lambda k: best[k] - _LONE[k - end])
    path = []
    while at > 0:
        path.append(at)
        at = back[at]
    path.append(0)
    path.reverse()
    spans: list[tuple[int, int] | None] = [None] * m
    run_shown: list[int] = []
    run_said: list[int] = []
    for before, after in zip(path, path[1:], strict=False):
        i, j = divmod(before // 4, m + 1)
        i2, j2 = divmod(after // 4, m + 1)
        if i2 > i and j2 > j:  # an anchor: the run before it is over
            _close(spans, shown, run_shown, run_said)
            spans[j] = shown[i][:2]
        elif i2 > i:
            run_shown.append(i)
        else:
            run_said.append(j)
    _close(spans, shown, run_shown, run_said)
    return spans


def _better(best: list[int], back: list[int], to: int, score: int, came: int) -> None:
    if score > best[to]:
        best[to], back[to] = score, came


def _close(
    spans: list[tuple[int, int] | None],
    shown: list[tuple[int, int, str]],
    run_shown: list[int],
    run_said: list[int],
) -> None:
    words = [shown[i] for i in run_shown if shown[i][2] not in _PUNCTUATION]  # a mark never starts at a comma
    if words:
        for j in run_said:
            spans[j] = (words[0][0], words[-1][1])
    run_shown.clear()
    run_said.clear()


def word_times(
    written: str, spoken: str, said: Sequence[tuple[int, float]], start: float, end: float
) -> list[Word]:
    """The marks of one sentence: ``said`` is the voice's ``(offset in spoken, seconds)`` (offset -1: it
    falls silent; see :class:`readable.tts.base.Speech`), ``start`` and ``end`` the times of the sentence's
    speech on the article's audio. Each mark lasts until the voice goes on to another word or falls silent;
    times are clamped to ``[start, end]`` and never go back. Words said for the same written span (all of
    "5 kg") make one mark."""
    words = tokens(spoken)
    starts = [w[0] for w in words]
    spans = align(written, spoken)
    steps: list[tuple[float, tuple[int, int] | None]] = []
    clock = start
    for offset, seconds in said:
        clock = min(end, max(clock, start + seconds))
        k = bisect.bisect_right(starts, offset) - 1
        span = spans[k] if offset >= 0 and k >= 0 and offset < words[k][1] else None
        if steps and steps[-1][1] == span:
            continue
        steps.append((clock, span))
    marks: list[Word] = []
    for (begin, span), (finish, _) in zip(steps, [*steps[1:], (end, None)], strict=True):
        if span is None or finish <= begin:
            continue
        at, to = _utf16(written, span[0]), _utf16(written, span[1])
        marks.append((round(begin, 3), round(finish, 3), at, to))
    return marks


def _utf16(text: str, index: int) -> int:
    """``index`` in code points as the browser counts it: a character beyond U+FFFF is two units."""
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)
