"""Interface languages through gettext catalogs.

Vietnamese is the source language of every message (the ``msgid`` is the Vietnamese text), so ``vi`` needs no
catalog; ``en`` is read from ``translations/en/LC_MESSAGES/readable.mo``. Catalogs are compiled from their
``.po`` files with ``pybabel compile -d src/readable/translations -D readable``.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LANGUAGES = ("vi", "en")
DOMAIN = "readable"
LOCALE_DIR = Path(__file__).resolve().parent / "translations"


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog for ``language`` (one of :data:`LANGUAGES`); ``ValueError`` for any other."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; use one of {', '.join(LANGUAGES)}")
    if language == "vi":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
