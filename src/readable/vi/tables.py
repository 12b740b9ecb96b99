"""Load the word tables under ``readable/vi/data`` (shipped in the wheel beside the code).

Tables are UTF-8 text: ``#`` starts a comment line, columns are separated by tabs. They are read once
per process; the loaders return immutable views so no caller can change another caller's table.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType


def _rows(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@functools.cache
def mapping(name: str) -> Mapping[str, str]:
    """The two-column table ``name`` as ``{first column: second column}``."""
    return MappingProxyType({row[0]: row[1] for row in _rows(name)})


@functools.cache
def columns(name: str) -> tuple[tuple[str, ...], ...]:
    """Every row of the table ``name`` with all its columns."""
    return tuple(tuple(row) for row in _rows(name))


@functools.cache
def words(name: str) -> frozenset[str]:
    """The one-column table ``name`` as a set of its lines."""
    return frozenset(row[0] for row in _rows(name))


@functools.cache
def group(name: str, key: str) -> tuple[str, ...]:
    """Second column of the rows of ``name`` whose first column is ``key``, longest first."""
    found = {row[1] for row in _rows(name) if row[0] == key}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


@functools.cache
def finder(key: str) -> re.Pattern[str]:
    """Any cue word of group ``key``, searched in a text in lower case: whether one is there, in one scan
    (quicker than a substring test per word)."""
    return re.compile("|".join(re.escape(word) for word in group("cues.tsv", key)) or "(?!)")


@functools.cache
def cues(key: str) -> str:
    """The cue words of group ``key`` in ``cues.tsv`` as a regular-expression alternation, longest first."""
    return "|".join(re.escape(word) for word in group("cues.tsv", key))


def starts(words: Iterable[str], ignorecase: bool = False) -> str:
    """A lookahead for the first characters of ``words``: put before a long alternation, it lets the
    regular-expression engine reject most positions with one test instead of one per word."""
    first = {word[0] for word in words if word}
    if ignorecase:
        first |= {ch.lower() for ch in first} | {ch.upper() for ch in first}
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(first)) + "])" if first else "(?!)"
