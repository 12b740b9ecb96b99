"""The spoken form of a piece of text: the default pipeline of small ``str -> str`` steps.

The steps run in this order, each one leaving what it does not know for the next:

0. the site's lexicon (:mod:`readable.vi.lexicon`), when there is one: its spoken forms go through the rest;
1. :func:`~readable.vi.codes.read_web` – web and e-mail addresses, then
   :func:`~readable.vi.codes.read_codes` – vehicle plates, phone numbers, cued codes, document numbers;
2. :func:`~readable.vi.punctuation.strip_marks` – "./.", bullets, quotes, emoji; ellipses → pauses;
3. :func:`~readable.vi.dates.read_dates` – dates, times and their ranges;
4. :func:`~readable.vi.units.read_units` – units and currencies after numbers, then
   :func:`~readable.vi.quantities.read_notation` – "3.2e5", "x^2", "3 x 4";
5. :func:`~readable.vi.codes.split_letters_digits` – codes ("c325b", "abc-123-xyz"), "U23" → "U 23";
6. the abbreviation table (:mod:`readable.vi.abbreviations`), then
   :func:`~readable.vi.codes.read_word_slashes` – "upgrade/update", "P/E";
7. :func:`~readable.vi.roman.read_roman` – Roman numerals and ordinals, then
   :func:`~readable.vi.letters.spell_acronyms` – acronyms left in capitals, letter by letter;
8. :func:`~readable.vi.quantities.read_quantities` – every number left;
9. :func:`~readable.vi.punctuation.read_symbols` and :func:`~readable.vi.punctuation.tidy`.

A caller may pass its own list of steps (for instance ``[*default_processors(), my_step]``).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from . import abbreviations, codes, dates, letters, punctuation, quantities, roman, units
from .lexicon import lexicon as _lexicon
from .numbers import Dialect, get_dialect

Processor = Callable[[str], str]


def _bind(step: Callable[[str, Dialect], str], dialect: Dialect) -> Processor:
    def bound(text: str) -> str:
        return step(text, dialect)

    bound.__name__ = bound.__qualname__ = getattr(step, "__name__", "step")
    return bound


def default_processors(
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    lexicon: Mapping[str, str] | None = None,
) -> tuple[Processor, ...]:
    """The default pipeline for ``dialect``, with the abbreviation table extended by
    ``abbreviations`` and, first of all, the written → spoken forms of ``lexicon``. ``ValueError`` for
    an unknown dialect or a bad lexicon entry."""
    steps = _default_processors(get_dialect(dialect), _abbreviations_module.expander(abbreviations))
    lex = _lexicon(lexicon) if lexicon else None
    return (lex, *steps) if lex else steps


_abbreviations_module = abbreviations


@functools.lru_cache(maxsize=64)
def _default_processors(dialect: Dialect, expand: abbreviations.Abbreviations) -> tuple[Processor, ...]:
    return (
        codes.read_web,
        _bind(codes.read_codes, dialect),
        _bind(punctuation.strip_marks, dialect),
        _bind(dates.read_dates, dialect),
        _bind(units.read_units, dialect),
        quantities.read_notation,
        codes.split_letters_digits,
        expand,
        codes.read_word_slashes,
        _bind(roman.read_roman, dialect),
        letters.spell_acronyms,
        _bind(quantities.read_quantities, dialect),
        punctuation.read_symbols,
        punctuation.tidy,
    )


def normalize(
    text: str,
    *,
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    processors: Sequence[Processor] | None = None,
    lexicon: Mapping[str, str] | None = None,
) -> str:
    """The spoken form of ``text``, what a Vietnamese news reader would say.

    The text is NFC-normalized first (portals often store decomposed Vietnamese). ``dialect`` is
    ``"north"`` (nghìn, lẻ; the default) or ``"south"`` (ngàn, linh); anything else raises
    ``ValueError``. ``abbreviations`` extends or overrides the built-in abbreviation table (the
    extension passes ``READABLE_ABBREVIATIONS``); ``lexicon`` (``READABLE_LEXICON``) goes before every
    rule and over the abbreviations. ``processors`` replaces the default pipeline with
    the caller's own steps, each a ``str -> str`` function applied in order. Any other input never
    raises: unknown symbols are dropped or left for the voice.
    """
    steps = default_processors(dialect, abbreviations, lexicon)
    if processors is not None:
        steps = tuple(processors)
    text = unicodedata.normalize("NFC", text)
    for step in steps:
        text = step(text)
    return text
