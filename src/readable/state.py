"""Per-application state: what ``init_app`` built, kept in ``app.extensions["readable"]``.

Read through :func:`get_state` (as flask-babel's ``get_babel``). Templates never see it: they get a
:class:`View`, the few values the markup needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import Flask, current_app, has_request_context, request

from . import prefs as prefs_mod
from .article import Article, CleanOptions
from .cache import LRUCache
from .i18n import current_language
from .settings import Settings

if TYPE_CHECKING:
    from .audio.service import AudioService
    from .extension import Readable


@dataclass(frozen=True, slots=True)
class Registered:
    """A cleaned article and, when audio is on and there is something to read, the key of its audio."""

    article: Article
    audio_key: str | None
    #: Size in bytes of an article too large to clean (``READABLE_MAX_ARTICLE_BYTES``); 0 otherwise.
    too_large: int = 0
    #: Elements of an article with too many to clean (``READABLE_MAX_ARTICLE_ELEMENTS``); 0 otherwise.
    too_many: int = 0
    #: The paragraphs of text of an article too large to clean: what the reader gets instead.
    text: tuple[str, ...] = ()
    #: Whether that text stops before the end of a very large input (``extension.TEXT_LIMIT``).
    cut: bool = False
    #: The article's language tag (the ``lang`` of the article region, and what its audio is read in).
    lang: str = "vi"


@dataclass(frozen=True, slots=True)
class State:
    """What one application's extension knows."""

    extension: Readable
    settings: Settings
    #: How articles are cleaned (from the settings and the interface language).
    options: CleanOptions
    #: Cleaned articles by content hash.
    cache: LRUCache[Registered]
    #: Hash of the shipped stylesheet and script, in their URLs (``?v=``).
    asset_version: str
    #: The audio service; ``None`` when ``READABLE_AUDIO`` is off.
    audio: AudioService | None


@dataclass(frozen=True, slots=True)
class View:
    """What the templates under ``templates/readable/`` read (besides ``prefs``, ``t`` and the article)."""

    language: str
    article_language: str
    scope: str
    sizes: tuple[int, ...]
    default_size: int
    cookie_name: str
    cookie_max_age: int
    speeds: tuple[str, ...]
    site_name: str
    asset_version: str

    @classmethod
    def of(cls, state: State) -> View:
        s = state.settings
        return cls(
            language=current_language(s.language),
            article_language=s.article_language,
            scope=s.scope,
            sizes=s.text_sizes,
            default_size=s.default_size,
            cookie_name=s.cookie_name,
            cookie_max_age=s.cookie_max_age,
            speeds=prefs_mod.SPEEDS,
            site_name=s.site_name,
            asset_version=state.asset_version,
        )


def get_state(app: Flask | None = None) -> State:
    """The extension's state for ``app`` (default: the current app); ``RuntimeError`` if not set up."""
    app = app or current_app
    try:
        return app.extensions["readable"]  # type: ignore[no-any-return]
    except KeyError:
        raise RuntimeError(
            "readable is not initialised on this application; call Readable(app) or init_app(app)"
        ) from None


def current_prefs() -> prefs_mod.Prefs:
    """The reader's settings from the cookie of the current request (the defaults outside a request)."""
    settings = get_state().settings
    cookie = request.cookies.get(settings.cookie_name) if has_request_context() else None
    return prefs_mod.from_cookie(cookie, settings.text_sizes, settings.default_size)
