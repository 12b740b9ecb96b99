"""``READABLE_LEXICON``: the site's lexicon, from a mapping in the config or from a file editors change.

A file is read at ``init_app`` (a mistake in it is a ``ValueError`` naming the key) and read again when it
changes, without a restart: its modification time and size are looked at most every
:data:`CHECK_INTERVAL` seconds, not on every sentence. A file that no longer reads (a mistake while
editing) is logged and the previous lexicon kept. The entries are applied by
:class:`readable.vi.lexicon.Lexicon`.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
import unicodedata
from collections.abc import Mapping, Sequence

from .logs import event
from .vi import Processor, letters
from .vi.lexicon import Lexicon, lexicon, parse

#: Seconds between two looks at the lexicon file.
CHECK_INTERVAL = 3.0


def read(path: str) -> dict[str, str]:
    """The entries of the lexicon file at ``path``; ``ValueError`` (or ``OSError``) saying what is wrong."""
    with open(path, "rb") as file:
        return parse(file.read())


def _signature(path: str) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class LexiconSource:
    """The current lexicon of one application: :meth:`current` is cheap enough to call per article."""

    def __init__(self, value: str | Mapping[str, str] | None, interval: float = CHECK_INTERVAL) -> None:
        self.path = value if isinstance(value, str) else None
        self.interval = interval
        self._lock = threading.Lock()
        self._next = 0.0
        self._seen: tuple[int, int, int] | None = None
        if self.path is None:
            self._lexicon = lexicon(value if isinstance(value, Mapping) else None)
        else:
            self._seen = _signature(self.path)
            self._lexicon = lexicon(read(self.path))
            self._next = time.monotonic() + interval

    def current(self) -> Lexicon:
        """The lexicon now: the file is read again if it changed since the last look (at most one look every
        ``interval`` seconds)."""
        if self.path is None or time.monotonic() < self._next:
            return self._lexicon
        with self._lock:
            now = time.monotonic()
            if now >= self._next:
                self._next = now + self.interval
                self._reload(self.path)
            return self._lexicon

    def _reload(self, path: str) -> None:
        try:
            signature = _signature(path)
        except OSError as error:
            if self._seen is not None:
                event(logging.ERROR, "lexicon_invalid", path=path, error=error.strerror or str(error))
            self._seen = None
            return
        if signature == self._seen:
            return
        self._seen = signature
        try:
            entries = read(path)
        except (OSError, ValueError) as error:
            event(logging.ERROR, "lexicon_invalid", path=path, error=str(error), kept=self._lexicon.version)
            return
        before = self._lexicon.version
        self._lexicon = lexicon(entries)
        if self._lexicon.version != before:
            version = self._lexicon.version
            event(logging.INFO, "lexicon_loaded", path=path, entries=len(entries), version=version)


# What the rules leave for the voice to guess: what ``flask readable lexicon check`` reports.

#: Kinds of leftovers, as the report names them.
ACRONYM, WORD, SYMBOL = "viết tắt", "từ ngoại", "ký hiệu"

_TONES = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ch|ng|nh|[ckmnpt])?"
)
_WORDS = re.compile(r"[^\W\d_]+")
# Punctuation every voice reads as a pause or skips.
_PAUSES = frozenset(".,;:!?'\"()-–—…/")


def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled as a Vietnamese syllable could be ("nghiêng", "Đắk"; not "smartphone")."""
    bare = unicodedata.normalize("NFC", _TONES.sub("", unicodedata.normalize("NFD", word.lower())))
    return bool(_SYLLABLE.fullmatch(bare))


def leftovers(written: str, spoken: str, steps: Sequence[Processor]) -> list[tuple[str, str]]:
    """(kind, token) for what the voice is left to guess in one sentence: the acronyms the rules spell
    letter by letter (found by running ``steps`` on ``written``), and in ``spoken`` the words that are
    not Vietnamese syllables and the symbols that are not punctuation."""
    found: list[tuple[str, str]] = []
    text = unicodedata.normalize("NFC", written)
    for step in steps:
        if step is letters.spell_acronyms:
            found.extend((ACRONYM, token) for token in letters.acronyms(text))
        text = step(text)
    found.extend((WORD, word) for word in _WORDS.findall(spoken) if not is_syllable(word))
    found.extend(
        (SYMBOL, ch)
        for ch in spoken
        if ch not in _PAUSES and unicodedata.category(ch)[0] in "PS" and ch not in "‘’“”"
    )
    return found
