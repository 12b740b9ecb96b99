"""Interface languages through gettext catalogs.

Vietnamese is the source language of every message (the ``msgid`` is the Vietnamese text), so ``vi`` needs no
catalog; ``en`` is read from ``translations/en/LC_MESSAGES/readable.mo``. Catalogs are compiled from their
``.po`` files with ``pybabel compile -d src/readable/translations -D readable``.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

from flask import has_request_context, request

LANGUAGES = ("vi", "en")
#: ``READABLE_LANGUAGE`` value: the interface follows each request (flask-babel's locale, or Accept-Language).
AUTO = "auto"
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


def spoken(message: str, lang: str) -> str:
    """``message`` (Vietnamese) as said in an article in ``lang``: from that language's catalog when one is
    shipped, else "" (an article in a language without a catalog gets no spoken note: its voice cannot
    read Vietnamese)."""
    primary = lang.split("-")[0].lower()
    return translations(primary).gettext(message) if primary in LANGUAGES else ""


def current_language(setting: str) -> str:
    """The interface language for this request: ``setting`` (``READABLE_LANGUAGE``) unless it is
    :data:`AUTO`; then flask-babel's current locale when flask-babel is installed and set up on the app and
    its locale is one of :data:`LANGUAGES`, else the request's ``Accept-Language`` among them, else
    Vietnamese (and outside a request)."""
    if setting != AUTO:
        return setting
    if not has_request_context():
        return LANGUAGES[0]
    return _babel_language() or request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def _babel_language() -> str | None:
    try:
        from flask_babel import get_locale
    except ImportError:
        return None
    try:
        locale = get_locale()
    except (KeyError, RuntimeError, AttributeError):  # flask-babel installed but not set up on this app
        return None
    language = getattr(locale, "language", None)
    return language if language in LANGUAGES else None
