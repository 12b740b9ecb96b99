"""A site's own lexicon: written form → spoken form, whole words, applied before every rule.

Editors keep it in a UTF-8 file (``READABLE_LEXICON``), one entry a line: the written form, a tab, the
spoken form; ``#`` starts a comment line. A written form with a capital letter is matched as written
("COVID" is not "covid"); one in lower case matches in any case ("vắc xin" also matches "Vắc xin").
Both sides are NFC-normalized, as the text is. The spoken form then goes through the rules like any
other text (a number in it is read, an abbreviation in it expanded).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from .numbers import Dialect

#: Characters a written or spoken form may not hold (they would break the file's lines and columns).
_BREAKS = re.compile(r"[\t\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_entry(written: str, spoken: str) -> tuple[str, str]:
    """The entry NFC-normalized and stripped; ``ValueError`` saying what is wrong with it."""
    written = unicodedata.normalize("NFC", written).strip()
    spoken = unicodedata.normalize("NFC", spoken).strip()
    if not written:
        raise ValueError("an empty written form")
    if not spoken:
        raise ValueError(f"an empty spoken form for {written!r}")
    if _BREAKS.search(written) or _BREAKS.search(spoken):
        raise ValueError(f"a tab or a control character inside the entry for {written!r}")
    return written, spoken


def parse(data: bytes) -> dict[str, str]:
    """The entries of a lexicon file's bytes; ``ValueError`` naming the line of the first mistake
    (bytes that are not UTF-8, a line without a tab or with more than one, an empty side, a written form
    given twice)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        where = data[: error.start].count(b"\n") + 1
        raise ValueError(f"line {where}: not UTF-8 text (byte {error.start})") from None
    entries: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            what = "no tab between the written and the spoken form" if len(cells) < 2 else "more than one tab"
            raise ValueError(f"line {number}: {what}")
        try:
            written, spoken = check_entry(*cells)
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
        if written in lines:
            raise ValueError(f"line {number}: {written!r} is already on line {lines[written]}")
        entries[written] = spoken
        lines[written] = number
    return entries


def version(entries: Mapping[str, str]) -> str:
    """A short hash of the entries: the same entries always give the same version."""
    blob = json.dumps(sorted(entries.items()), ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def _sensitive(form: str) -> bool:
    return any(ch.isupper() for ch in form)


# Where a form may start: a word, or a sign, not inside a word, a web address or a file name.
_TOKEN = re.compile(r"(?<![\w.@/&])(?:\w+|[^\w\s])")
# What may not follow a form: the rest of a word, or of an address ("net" in "vnexpress.net").
_GLUED = re.compile(r"[\w@&]|[./]\w")


def _first_token(form: str) -> str:
    match = re.match(r"\w+|[^\w\s]", form)
    return (match.group() if match else form).lower()


class Lexicon(Mapping[str, str]):
    """A text processor that replaces the written forms of ``entries`` with their spoken forms.

    Whole words only: a form is not matched inside a longer word, a web address or a file name
    ("net" is not replaced in "vnexpress.net"). The longest form wins; at equal length, a form with
    capitals wins over one in lower case. The forms are found by their first word, so the time taken does
    not grow with the size of the lexicon. It is also the read-only mapping of its entries, so it can be
    passed wherever a lexicon mapping is (without being built again).
    """

    __slots__ = ("entries", "version", "_index")

    def __init__(self, entries: Mapping[str, str]) -> None:
        checked = dict(check_entry(k, v) for k, v in entries.items())
        self.entries: Mapping[str, str] = MappingProxyType(checked)
        self.version = version(checked)
        index: dict[str, list[tuple[str, str, str, bool]]] = {}
        for form in sorted(checked, key=lambda f: (-len(f), not _sensitive(f), f)):
            index.setdefault(_first_token(form), []).append(
                (form, form.lower(), checked[form], _sensitive(form))
            )
        self._index = {token: tuple(forms) for token, forms in index.items()}

    def __getitem__(self, written: str) -> str:
        return self.entries[written]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __hash__(self) -> int:
        return hash(self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and other.entries == self.entries

    def __call__(self, text: str, dialect: Dialect | None = None) -> str:
        index = self._index
        if not index:
            return text
        pieces: list[str] = []
        done = 0
        for token in _TOKEN.finditer(text):
            start = token.start()
            if start < done:
                continue
            for form, lower, spoken, sensitive in index.get(token.group().lower(), ()):
                end = start + len(form)
                written = text[start:end]
                same = written == form if sensitive else written.lower() == lower
                if same and not _GLUED.match(text, end):
                    pieces += (text[done:start], spoken)
                    done = end
                    break
        if not pieces:
            return text
        pieces.append(text[done:])
        return "".join(pieces)


@functools.lru_cache(maxsize=16)
def _cached(items: frozenset[tuple[str, str]]) -> Lexicon:
    return Lexicon(dict(items))


def lexicon(entries: Mapping[str, str] | None = None) -> Lexicon:
    """The processor for ``entries`` (the same object for the same entries; ``entries`` itself when it is
    one already)."""
    if isinstance(entries, Lexicon):
        return entries
    return _cached(frozenset((entries or {}).items()))
