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
import threading
import time
from collections.abc import Mapping

from .logs import event
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
