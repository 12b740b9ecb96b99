"""Abbreviations read in full ("HĐND" → "Hội đồng nhân dân"), from ``data/abbreviations.tsv``.

A portal extends or overrides the table with its own mapping; the written forms are matched
case-sensitively as whole tokens, the longest form first, so "TP.HCM" wins over "TP.".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from . import tables

#: Forms without a dot that are a place only before its name.
_PLACE_PREFIXES = frozenset({"TP", "Tp", "TX"})


def _after(form: str) -> str:
    if form.endswith("."):
        return r"(?=\s*\w)"
    if form in _PLACE_PREFIXES:
        return r"(?=[ \t]+[A-ZĐ])"
    return r"(?![\w&])"


def builtin() -> Mapping[str, str]:
    """The built-in table: written form → spoken form."""
    return tables.mapping("abbreviations.tsv")


class Abbreviations:
    """A text processor that expands the abbreviations of ``table``.

    A form that ends with a dot ("TP.", "Q.") is expanded only when a word or a number follows it, so
    a sentence-final initial is left alone; the expansion is separated from a word glued to it
    ("TP.Cần Thơ" → "thành phố Cần Thơ"). "TP" and "TX" without a dot are a city or a town only before
    a name ("TX Phú Mỹ"; "TX-0" is a code).
    """

    __slots__ = ("table", "_pattern")

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        # One alternation, longest form first, so "TP.HCM" wins over "TP."; a dotted form must be
        # followed by a word, a plain one must end the token.
        # Grouped by their first character, which is matched before the boundary behind it is checked:
        # the engine then skips quickly to the characters that can start a form.
        by_first: dict[str, list[str]] = {}
        for form in sorted(self.table, key=lambda f: (-len(f), f)):
            if form.strip():
                by_first.setdefault(form[0], []).append(re.escape(form[1:]) + _after(form))
        branches = [
            f"{re.escape(first)}(?<![\\w&.]{re.escape(first)})(?:{'|'.join(rests)})"
            for first, rests in by_first.items()
        ]
        self._pattern = re.compile("|".join(branches) or "(?!)")

    def __call__(self, text: str, dialect: object = None) -> str:
        return self._pattern.sub(self._expand, text)

    def _expand(self, match: re.Match[str]) -> str:
        spoken = self.table[match.group()]
        end = match.end()
        text = match.string
        # "TP.Cần Thơ": keep the next word apart from the expansion.
        if end < len(text) and text[end].isalnum():
            spoken += " "
        return spoken


@functools.lru_cache(maxsize=32)
def _cached(extra: frozenset[tuple[str, str]]) -> Abbreviations:
    table = dict(builtin())
    table.update(extra)
    return Abbreviations(table)


def expander(extra: Mapping[str, str] | None = None) -> Abbreviations:
    """The processor for the built-in table extended (or overridden) by ``extra``."""
    items = frozenset((str(k), str(v)) for k, v in (extra or {}).items() if str(k).strip())
    return _cached(items)
