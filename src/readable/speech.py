"""The speech script of a cleaned article: the ordered sentences a Vietnamese news reader would say.

Each :class:`Sentence` keeps the id of the block it came from and its character span in that block's
text, so a player can highlight what is being read. The spoken form comes from
:func:`readable.vi.normalize`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import intl
from .i18n import spoken
from .languages import DEFAULT, is_vietnamese
from .vi import default_processors, normalize, split_sentences
from .vi import tables as _tables

if TYPE_CHECKING:
    from .article import Article, Block

#: Splits a text into sentence spans.
Splitter = Callable[[str], list[tuple[int, int]]]

#: Longest piece of text normalized at once, in characters; a longer sentence is read in pieces.
LONGEST = 2000
#: Spoken before the first sentence of a figure caption.
CAPTION_PREFIX = "Chú thích ảnh: "
#: Spoken before the first sentence of a table's caption.
TABLE_PREFIX = "Bảng: "

_SPACE = re.compile(r"\s+")
# The end-of-article mark "./." after a sentence: the sentence keeps its full stop, not the mark.
_END_MARK = re.compile(r"\.(?:\s*/\.)+$|(?:\s*\./\.)+$")
# What is left of a spoken form that carries no words: punctuation only.
_SILENT = re.compile(r"[\W_]*")
# A date or time stamp standing alone in a block is the portal's toolbar, not the story.
_STAMP = re.compile(
    r"(?i)(?:(?:thứ\s+\w+|chủ\s+nhật)\s*,?\s*)?"
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2}(?:\s*[AP]M)?|GMT\s*[+-]\d+|[,|\s-])+"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the script."""

    #: id of the block element it came from; "" for a title the article does not show as a block.
    block_id: str
    #: Span of the sentence in that block's text (in the article title when ``block_id`` is "").
    start: int
    end: int
    #: The sentence as written: ``Block.text[start:end]``.
    text: str
    #: The normalized spoken form: what the voice reads.
    spoken: str


@functools.cache
def _chrome() -> re.Pattern[str]:
    labels = _tables.cues("chrome")
    return re.compile(rf"(?i)(?:\s|[|/·•,;:]|PublishingPortal\s*-\s*Block_\w+|(?:{labels})(?!\w))*")


def is_chrome(text: str) -> bool:
    """True for text made only of page chrome: toolbar labels, portal block markers, "./.", stamps."""
    stripped = text.strip()
    return not stripped or bool(_chrome().fullmatch(stripped) or _STAMP.fullmatch(stripped))


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _pieces(text: str, split: Splitter = split_sentences) -> Iterator[tuple[int, int]]:
    """The sentences' spans, a sentence longer than :data:`LONGEST` cut at the last space before it (or
    at it, in text without spaces): each normalization has bounded work, and the character limit of the
    script applies before a huge run-on sentence is normalized whole."""
    for start, end in split(text):
        while end - start > LONGEST:
            space = text.rfind(" ", start + LONGEST // 2, start + LONGEST)
            cut = space if space > start else start + LONGEST
            yield start, cut
            start = cut + (text[cut] == " ")
        yield start, end


def _sentences(
    block_id: str,
    text: str,
    say: Callable[[str], str],
    split: Splitter,
    prefix: str = "",
    stamps: bool = False,
) -> Iterator[Sentence]:
    """The sentences of one block; ``stamps``: a lone date or time is read (a table cell's), not skipped."""
    for start, end in _pieces(text, split):
        written = text[start:end]
        if not stamps and is_chrome(written):
            continue
        mark = _END_MARK.search(written)
        if mark:
            end = start + mark.start() + (1 if written[mark.start()] == "." else 0)
            written = text[start:end]
        spoken = say(written)
        if _SILENT.fullmatch(spoken):
            continue
        if prefix:
            spoken, prefix = prefix + spoken, ""
        yield Sentence(block_id, start, end, written, spoken)


def _opens_with_title(blocks: Sequence[Block], title: str) -> bool:
    if not blocks:
        return False
    first = blocks[0]
    return first.kind == "title" or (first.kind == "heading" and _collapse(first.text) == title)


def build_script(
    article: Article,
    *,
    captions: bool = True,
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    lexicon: Mapping[str, str] | None = None,
    lang: str = DEFAULT,
) -> list[Sentence]:
    """The speech script of ``article``: title first, then every block in reading order.

    The whole script at once; :func:`iter_script` makes it sentence by sentence.
    """
    return list(
        iter_script(
            article,
            captions=captions,
            dialect=dialect,
            abbreviations=abbreviations,
            lexicon=lexicon,
            lang=lang,
        )
    )


def iter_script(
    article: Article,
    *,
    captions: bool = True,
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    lexicon: Mapping[str, str] | None = None,
    lang: str = DEFAULT,
) -> Iterator[Sentence]:
    """The sentences of :func:`build_script`, each normalized only when it is asked for, so a caller that
    stops at a length limit never normalizes the rest of a long article.

    Figure captions are announced with :data:`CAPTION_PREFIX` when ``captions`` is true and left out
    otherwise; a table's caption is announced with :data:`TABLE_PREFIX`. Tables are read row by row, each
    cell after the header of its column ("Địa bàn: Thành phố"); the header cells are not read on their
    own (the cues still point at the cells' own text). Blocks that are only page chrome (toolbar labels,
    block markers, "./.", a lone date stamp outside a table) are skipped, and so is any sentence whose
    spoken form is empty. ``dialect`` and ``abbreviations`` are passed to :func:`readable.vi.normalize`;
    ``ValueError`` for an unknown dialect. ``lexicon`` too (``READABLE_LEXICON``).

    An article in another ``lang`` than Vietnamese is read by :mod:`readable.intl` instead (no Vietnamese
    rule, abbreviation or lexicon entry applies), its captions announced in that language when readable
    ships its catalog (English), else read without an announcement.
    """
    say: Callable[[str], str]
    split: Splitter
    if is_vietnamese(lang):
        processors = default_processors(dialect, abbreviations, lexicon)
        say, split = functools.partial(normalize, processors=processors), split_sentences
    else:
        say, split = functools.partial(intl.normalize, lang=lang), intl.split_sentences
    caption_prefix, table_prefix = spoken(CAPTION_PREFIX, lang), spoken(TABLE_PREFIX, lang)
    title = _collapse(article.title)
    blocks = article.blocks
    prepended = False
    if title and not _opens_with_title(blocks, title):
        yield from _sentences("", article.title, say, split)
        prepended = True
    headers: dict[str, str] = {}
    for block in blocks:
        table_caption = block.kind == "caption" and block.tag == "caption"
        if block.kind == "header" or (block.kind == "caption" and not captions and not table_caption):
            continue
        if not block.header and is_chrome(block.text):
            continue
        if prepended and block.kind == "title" and _collapse(block.text) == title:
            continue
        if block.header:
            if block.header not in headers:
                headers[block.header] = say(_collapse(block.header)) + ": "
            prefix = headers[block.header]
        elif block.kind == "caption":
            prefix = table_prefix if table_caption else caption_prefix
        else:
            prefix = ""
        yield from _sentences(block.id, block.text, say, split, prefix, stamps=bool(block.header))
