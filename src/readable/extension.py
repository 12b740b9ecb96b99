"""The Flask extension: ``Readable(app)``, the article wrapper and its Jinja globals.

Settings are in :mod:`readable.settings`, the per-application state in :mod:`readable.state`, and everything
about audio in :mod:`readable.audio.service`; this module ties them to Flask.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import warnings
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import Flask, Response, after_this_request, g, has_request_context, render_template, request
from markupsafe import Markup

from . import feed, jsonld
from . import settings as settings_mod
from ._paths import STATIC_FOLDER
from .article import Article, CleanOptions, article_key, clean, origin, to_text
from .audio.script import lead
from .audio.service import AudioService
from .cache import LRUCache
from .feed import check_info
from .i18n import AUTO, current_language, translations
from .languages import canonical, is_tag
from .languages import check as _check_lang
from .logs import event
from .metrics import Metrics
from .prefs import Prefs
from .rawhtml import count_elements, paragraphs
from .state import Registered, State, View, current_prefs, get_state
from .views import absolute, blueprint, external

#: The former name of :class:`readable.state.Registered` (deprecated).
Prepared = Registered

#: An article over the limits shows its plain text from at most this many times READABLE_MAX_ARTICLE_BYTES
#: of its markup (8 MiB by default: about 200 MB of memory at worst, measured with bench/wrap.py).
TEXT_LIMIT = 4


class Readable:
    """Wraps articles with a reading toolbar and an audio player.

    ``Readable(app)``, or ``readable = Readable()`` then ``readable.init_app(app)`` (app factories). Registers
    the ``readable`` blueprint under ``READABLE_URL_PREFIX`` and the Jinja globals ``readable_article``,
    ``readable_head`` and ``readable_html_attrs``.
    """

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Set up readable on ``app``.

        Reads every ``READABLE_*`` key once (the README lists them; the defaults are filled in with
        ``app.config.setdefault``) and checks it: ``ValueError`` names a bad or unknown key. Changing
        ``app.config`` afterwards has no effect. ``RuntimeError`` if readable is already set up on ``app``.
        """
        if "readable" in app.extensions:
            raise RuntimeError("readable is already initialised on this application; call init_app once")
        settings = settings_mod.load(app.config)
        for key, value in settings_mod.DEFAULTS.items():
            app.config.setdefault(key, value)
        app.extensions["readable"] = _build_state(self, settings, app.instance_path)
        app.register_blueprint(blueprint, url_prefix=settings.url_prefix)
        app.add_template_global(self.template_article, "readable_article")
        app.add_template_global(self.head, "readable_head")
        app.add_template_global(self.html_attrs, "readable_html_attrs")
        # flask-wtf's CSRFProtect would reject the preference form, which changes nothing but
        # the reader's own display settings (cross-site posts are refused by the view itself).
        csrf = app.extensions.get("csrf")
        if csrf is not None and hasattr(csrf, "exempt"):
            csrf.exempt(blueprint)

    def register(
        self,
        html: str | bytes,
        title: str | None = None,
        *,
        date: str = "",
        url: str = "",
        category: str = "",
        lang: str | None = None,
    ) -> Registered:
        """Clean the article and register its audio (its manifest is saved under its key in the store),
        without making the audio. Returns the cleaned article and the audio key.

        Cached by content (and by the version of ``READABLE_LEXICON``), so a page viewed twice is cleaned
        once. An article over ``READABLE_MAX_ARTICLE_BYTES`` or ``READABLE_MAX_ARTICLE_ELEMENTS`` is not
        cleaned: it gets its plain text (:attr:`Registered.text`) and no audio. ``TypeError`` when ``html``
        is not ``str`` or ``bytes`` or ``title`` not ``str`` or ``None``.

        ``lang``: the article's language (default ``READABLE_ARTICLE_LANGUAGE``), any language both voices
        speak (``readable.languages.supported()``); ``ValueError`` for any other. An article not in
        Vietnamese is read in its language by its voices, without the Vietnamese rules.
        ``url`` (the article's public address: absolute ``http(s)``, or a path on the site) and ``category``
        (a short name, no ``/``) are kept with its audio for the feed (``<prefix>/feed.xml``), never in the
        audio key; ``ValueError`` when they are not such text.
        """
        _check_text(html, title)
        check_info(url, category)
        tag = _check_lang(lang if lang is not None else get_state().settings.article_language)
        return self._register(html, title, date=date, url=url, category=category, lang=tag)

    def _register(
        self,
        html: str | bytes,
        title: str | None,
        *,
        date: str,
        lang: str,
        url: str = "",
        category: str = "",
        speak: bool = True,
    ) -> Registered:
        """:meth:`register` once ``lang`` is checked; ``speak=False``: clean only, no audio."""
        state = get_state()
        settings = state.settings
        audio = state.audio if speak else None
        raw = html if isinstance(html, bytes) else html.encode("utf-8", "surrogatepass")
        options = _page_options(state.options)
        # The lexicon's version is in the key: after an editor changes it, each article is read again once.
        lexicon = audio.lexicon.current() if audio is not None else None
        read = f"{lexicon.version if lexicon else ''}\0{lang}" if speak else f"\0{lang}\0silent"
        key = article_key(raw, f"{title or ''}\0{date}\0{read}\0{url}\0{category}", options)
        registered = state.cache.get(key)
        if registered is not None and registered.audio_key and audio is not None:
            if not audio.is_registered(registered.audio_key):
                registered = None  # its manifest was evicted by the size cap since: register it again
        if registered is None:
            too_large = len(raw) if len(raw) > settings.max_article_bytes else 0
            elements = 0 if too_large else count_elements(raw)
            too_many = elements if elements > settings.max_article_elements else 0
            if too_large or too_many:
                # Too much to clean: the reader still gets its text, made in linear time, and a message.
                empty = Article(html="", title=to_text(title or ""), blocks=(), key=key)
                # Even the plain text has a bound: the first TEXT_LIMIT times the article limit, then a note.
                shown = TEXT_LIMIT * settings.max_article_bytes
                text = tuple(paragraphs(to_text(html[:shown])))
                registered = Registered(
                    empty,
                    None,
                    too_large=too_large,
                    too_many=too_many,
                    text=text,
                    cut=len(html) > shown,
                    lang=lang,
                )
            else:
                article = clean(html, title=title, options=options)
                audio_key = None
                if audio is not None:
                    audio_key = audio.register(article, date, lexicon, url=url, category=category, lang=lang)
                registered = Registered(article, audio_key, lang=lang)
            state.cache.put(key, registered)
        return registered

    def make_audio(
        self,
        html: str | bytes,
        title: str | None = None,
        *,
        date: str = "",
        url: str = "",
        category: str = "",
        lang: str | None = None,
    ) -> str | None:
        """Register the article and have its audio made now, for a portal's publish hook. Never raises for
        audio that cannot be made right now (that is logged; a listener's request tries again).

        With ``READABLE_REDIS_URL`` the job goes to the queue (to this process when Redis is down);
        otherwise a thread of this process makes it. Returns the audio key (``None``: nothing to read).
        ``url`` and ``category``: as for :meth:`register`.
        """
        state = get_state()
        key = self.register(html, title, date=date, url=url, category=category, lang=lang).audio_key
        if key is not None and state.audio is not None and state.audio.store.audio(key) is None:
            state.audio.schedule(key)
        return key

    def prepare(
        self,
        html: str | bytes,
        title: str | None = None,
        *,
        date: str = "",
        url: str = "",
        category: str = "",
        lang: str | None = None,
    ) -> str | None:
        """Deprecated name of :meth:`make_audio`."""
        warnings.warn("Readable.prepare() is now Readable.make_audio()", DeprecationWarning, stacklevel=2)
        return self.make_audio(html, title, date=date, url=url, category=category, lang=lang)

    def clean(self, html: str | bytes, title: str | None = None) -> Article:
        """Deprecated: it registered the article's audio too. Use ``register(html).article``, or
        :func:`readable.clean` to clean without registering anything."""
        warnings.warn(
            "Readable.clean() registers the article's audio; use Readable.register(html).article, "
            "or readable.clean(html) to clean only",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.register(html, title).article

    def article(
        self,
        html: str | bytes,
        title: str | None = None,
        *,
        date: str = "",
        url: str = "",
        category: str = "",
        assets: bool | None = None,
        lang: str | None = None,
        next_url: str | None = None,
        next_title: str | None = None,
    ) -> Markup:
        """The article cleaned and wrapped with the toolbar and player, as markup for a template.

        Also available in templates as ``{{ readable_article(html, title=title) }}``; ``date`` (ISO 8601)
        goes into the audio's tags; ``url`` and ``category``: as for :meth:`register`; ``lang`` is the
        article's language (see :meth:`register`): the article region carries it while the toolbar keeps
        the interface language. ``next_url`` and ``next_title`` name the article to listen to next: the
        player offers it when this one ends (a path on this site or an http(s) URL; any other is dropped
        and logged).
        """
        registered = self.register(html, title, date=date, url=url, category=category, lang=lang)
        return self._wrap(registered, assets, date, url, next_article(next_url, next_title))

    def _wrap(
        self,
        registered: Registered,
        assets: bool | None,
        date: str,
        url: str,
        next_up: NextArticle | None = None,
    ) -> Markup:
        state = get_state()
        article = registered.article
        key = registered.audio_key
        if next_up is None and key and state.audio is not None and state.settings.feed:
            following = state.audio.after(key)  # the feed's order, when the portal names no next article
            next_up = next_article(following.url, following.title) if following else None
        if has_request_context():
            after_this_request(_private)
        if assets is None:
            assets = state.settings.include_assets and not _assets_emitted()
        return Markup(
            render_template(
                "readable/article.html",
                article=article,
                prefs=current_prefs(),
                prefs_attrs=prefs_attrs,
                view=View.of(state),
                t=translations(current_language(state.settings.language)).gettext,
                assets=assets,
                next_url=_here(),
                bar_id=_bar_id(),
                audio_key=registered.audio_key if article.blocks else None,
                too_large=_size(registered.too_large) if registered.too_large else "",
                limit=_size(state.settings.max_article_bytes),
                too_many=registered.too_many,
                element_limit=state.settings.max_article_elements,
                text=registered.text,
                text_cut=registered.cut,
                article_lang=registered.lang,
                jsonld=_structured_data(registered, date, url) if article.blocks else None,
                next_article=next_up,
            )
        )

    def template_article(
        self,
        html: object,
        title: object = None,
        *,
        date: str = "",
        url: object = "",
        category: object = "",
        assets: bool | None = None,
        lang: object = None,
        next_url: object = None,
        next_title: object = None,
    ) -> Markup:
        """:meth:`article` for templates (``readable_article``): input that is not text (``None`` for an
        article without a body, an undefined variable) shows the "no content" message instead of a 500,
        and is logged. So does a ``url`` or ``category`` that :meth:`register` would refuse: it is left
        out. So is a ``lang`` the voices do not speak: the article shows, without a player."""
        if not isinstance(html, str | bytes):
            event(logging.WARNING, "not_text", type=type(html).__name__)
            html = ""
        if title is not None and not isinstance(title, str):
            title = None
        info = {"url": url, "category": category}
        for name, value in info.items():
            try:
                check_info(**{name: value})
            except (TypeError, ValueError) as error:
                event(logging.WARNING, "bad_article_info", field=name, error=str(error))
                info[name] = ""
        url, category = str(info["url"]), str(info["category"])
        if lang is not None:
            try:
                lang = _check_lang(lang)
            except ValueError as error:
                # The region still says its language when the tag is well formed ("gl"): screen readers
                # use it.
                event(logging.WARNING, "unsupported_lang", lang=repr(lang)[:40], error=str(error)[:160])
                shown = canonical(lang) if isinstance(lang, str) and is_tag(lang) else None
                shown = shown or get_state().settings.article_language
                silent = self._register(html, title, date=date, lang=shown, speak=False)
                return self._wrap(silent, assets, date, url, next_article(next_url, next_title))
        registered = self.register(html, title, date=date, url=url, category=category, lang=lang)
        return self._wrap(registered, assets, date, url, next_article(next_url, next_title))

    def head(self) -> Markup:
        """The stylesheet and script tags, for the page's ``<head>``."""
        _assets_emitted()
        return Markup(render_template("readable/assets.html", view=View.of(get_state())))

    def html_attrs(self) -> Markup:
        """Attributes for the page's ``<html>`` tag when ``READABLE_SCOPE`` is "page", so the first paint
        already has the reader's settings; empty in the default "article" scope."""
        if get_state().settings.scope != "page":
            return Markup("")
        return Markup('data-readable-scope="page" ') + prefs_attrs(current_prefs())


def make_audio(
    html: str | bytes,
    title: str | None = None,
    *,
    date: str = "",
    url: str = "",
    category: str = "",
    lang: str | None = None,
) -> str | None:
    """:meth:`Readable.make_audio` for the current application: clean, register and have the audio made."""
    return get_state().extension.make_audio(html, title, date=date, url=url, category=category, lang=lang)


def prepare(
    html: str | bytes,
    title: str | None = None,
    *,
    date: str = "",
    url: str = "",
    category: str = "",
    lang: str | None = None,
) -> str | None:
    """Deprecated name of :func:`make_audio`."""
    warnings.warn("readable.prepare() is now readable.make_audio()", DeprecationWarning, stacklevel=2)
    return get_state().extension.make_audio(html, title, date=date, url=url, category=category, lang=lang)


def _structured_data(registered: Registered, date: str, url: str) -> Markup | None:
    """The JSON-LD of the article's audio (:mod:`readable.jsonld`), with absolute URLs; ``None`` without
    audio, or outside a request (no address to give)."""
    state = get_state()
    key = registered.audio_key
    if key is None or state.audio is None or not has_request_context():
        return None
    facts = state.audio.facts(key)
    uploaded = date if feed.parse_date(date) else ""
    if not uploaded and facts.made is not None:
        uploaded = datetime.fromtimestamp(facts.made, UTC).isoformat(timespec="seconds")
    data = jsonld.audio_object(
        registered.article,
        content_url=external("readable.audio", key=key),
        page_url=absolute(url) if url else request.base_url,
        language=facts.language or state.settings.article_language,
        upload_date=uploaded,
        duration=facts.duration,
        description=lead(registered.article),
    )
    return jsonld.script_text(data)


class NextArticle(NamedTuple):
    """The article the player offers to listen to next."""

    url: str
    title: str


def next_article(url: object, title: object) -> NextArticle | None:
    """``next_url`` and ``next_title`` as the player's offer, or ``None``: without a URL, and (logged as
    ``next_url_invalid``) for a URL that is neither a reference on this site nor an http(s) URL
    (``javascript:``, ``data:``, ``//host``…), or without a title to name the link."""
    if url is None or url == "":
        return None
    name = " ".join(title.split()) if isinstance(title, str) else ""
    if isinstance(url, str) and name and _link_url(url.strip()):
        return NextArticle(url.strip(), name)
    event(logging.WARNING, "next_url_invalid", url=repr(url)[:80], title=bool(name))
    return None


def _link_url(url: str) -> bool:
    """Whether ``url`` is a relative reference without a host (``/bai-viet/x``, ``x?p=2``) or an http(s)
    URL: no other scheme, no ``//host`` or backslash that a browser would read as another host."""
    if not url or len(url) > 2048 or any(c < " " or c in "\\\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[x/"
        return False
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return not url.startswith("//")


def _private(response: Response) -> Response:
    """A page with a wrapped article depends on the reader's settings cookie: shared caches must not keep
    it for others (``Vary: Cookie``, and ``private`` unless the page already says how it may be cached)."""
    response.vary.add("Cookie")
    if get_state().settings.language == AUTO:
        response.vary.add("Accept-Language")  # the toolbar follows the reader's languages
    response.headers.setdefault("Cache-Control", "private")
    return response


def _check_text(html: object, title: object) -> None:
    if not isinstance(html, str | bytes):
        raise TypeError(f"the article's HTML must be str or bytes, not {type(html).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"the article's title must be str or None, not {type(title).__name__}")


def _size(size: int) -> str:
    """A size for a message: "2.4 MB", or "48 KB" under a megabyte."""
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{max(1, round(size / 1024))} KB"


def _page_options(options: CleanOptions) -> CleanOptions:
    """With ``READABLE_IMAGE_HOSTS``, images of the page's own origin are kept too: the options of this
    request (and so its cache entries) carry that origin."""
    if options.image_hosts is None or not has_request_context():
        return options
    return dataclasses.replace(options, origin=origin(request.scheme, request.host))


def _assets_emitted() -> bool:
    """Whether this request already has the assets; marks them as emitted."""
    if not has_request_context():
        return False
    done = bool(g.get("_readable_assets"))
    g._readable_assets = True
    return done


def _bar_id() -> str:
    """An id for the reading bar, numbered within the page (the form's redirect comes back to it)."""
    if not has_request_context():
        return "readable-1"
    count = int(g.get("_readable_bars", 0)) + 1
    g._readable_bars = count
    return f"readable-{count}"


def prefs_attrs(prefs: Prefs) -> Markup:
    """The reader's settings as the ``data-readable-*`` attributes the stylesheet reads."""
    values = {"size": str(prefs.size), "theme": prefs.theme, **prefs.display()}
    return Markup(" ").join(Markup('data-readable-{}="{}"').format(k, v) for k, v in values.items())


def _here() -> str:
    if not has_request_context():
        return "/"
    query = request.query_string.decode("latin-1")
    return request.path + ("?" + query if query else "")


def _build_state(extension: Readable, settings: settings_mod.Settings, instance_path: str) -> State:
    # Labels written into cleaned articles (cached for every reader): the configured language, or Vietnamese.
    t = translations("vi" if settings.language == AUTO else settings.language).gettext
    options = CleanOptions(
        drop_selectors=settings.drop_selectors,
        drop_text=settings.drop_text,
        iframe_hosts=settings.iframe_hosts,
        image_hosts=settings.image_hosts,
        table_label=t("Bảng"),
        embed_label=t("Khung nhúng"),
    )
    digest = hashlib.sha256()
    for name in ("readable.css", "readable.js"):
        path = STATIC_FOLDER / name
        if path.is_file():
            digest.update(path.read_bytes())
    audio = None
    if settings.audio:
        folder = settings.audio_folder or os.path.join(instance_path, "readable-audio")
        audio = AudioService(settings, folder, Metrics())
    return State(
        extension=extension,
        settings=settings,
        options=options,
        cache=LRUCache(settings.cache_size),
        asset_version=digest.hexdigest()[:10],
        audio=audio,
    )
