"""The Flask extension: settings, per-app state, the article wrapper and its Jinja globals."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import (
    Flask,
    Response,
    after_this_request,
    current_app,
    g,
    has_request_context,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from . import prefs as prefs_mod
from ._paths import STATIC_FOLDER
from .article import (
    DEFAULT_DROP_SELECTORS,
    DEFAULT_DROP_TEXT,
    Article,
    CleanOptions,
    article_key,
    clean,
    split_selectors,
    to_text,
)
from .audio import script as audio_script
from .audio.mp3 import ARTICLE_FORMAT
from .cache import LRUCache
from .i18n import LANGUAGES, translations
from .jobs import Jobs, Unavailable
from .metrics import Metrics
from .queue import AudioQueue, QueueUnavailable
from .rawhtml import count_elements, paragraphs
from .store import AudioStore
from .tts.base import Voice
from .tts.chain import VoiceChain
from .tts.espeak import VOICES as ESPEAK_VOICES
from .tts.espeak import EspeakVoice

VOICE_NAMES = ("gtts", "espeak")
log = logging.getLogger("readable")

#: Settings and their defaults. Each is read once, in :meth:`Readable.init_app`.
DEFAULTS: dict[str, Any] = {
    #: Where the blueprint is mounted (preferences form, static files).
    "READABLE_URL_PREFIX": "/readable",
    #: Language of the toolbar: "vi" (default) or "en".
    "READABLE_LANGUAGE": "vi",
    #: Language of the articles themselves (the ``lang`` of the article region).
    "READABLE_ARTICLE_LANGUAGE": "vi",
    #: Text-size steps in percent, each a multiple of 5 from 50 to 300 (the stylesheet knows those).
    "READABLE_TEXT_SIZES": (90, 100, 115, 130, 150, 175, 200),
    #: The step that "Cỡ chữ mặc định" returns to.
    "READABLE_DEFAULT_SIZE": 100,
    #: CSS selectors of page chrome to remove from articles (removed with everything inside).
    "READABLE_DROP_SELECTORS": DEFAULT_DROP_SELECTORS,
    #: Regular expressions of chrome text: an element whose whole text matches one is removed.
    "READABLE_DROP_TEXT": DEFAULT_DROP_TEXT,
    #: Hosts whose https iframes are kept (for example "www.youtube-nocookie.com"); all others go.
    "READABLE_IFRAME_HOSTS": (),
    #: Where text size and contrast apply: "article" (the wrapped article) or "page" (the whole page).
    "READABLE_SCOPE": "article",
    #: Name of the first-party cookie that keeps the reader's settings.
    "READABLE_COOKIE_NAME": "readable",
    #: How long the settings are kept, in seconds (a year).
    "READABLE_COOKIE_MAX_AGE": 365 * 24 * 3600,
    #: How many cleaned articles are kept in memory (0 turns the cache off).
    "READABLE_CACHE_SIZE": 256,
    #: Offer the article as audio: the player, and the audio routes of the blueprint.
    "READABLE_AUDIO": True,
    #: Folder of the audio store (manifests, MP3, cues). Default: ``readable-audio`` in the instance folder.
    "READABLE_AUDIO_FOLDER": None,
    #: Voices in order of preference; the next one is used when one fails: "gtts", "espeak".
    "READABLE_VOICES": ("gtts", "espeak"),
    #: Google Translate domain the gtts voice talks to ("com", "com.vn", ...).
    "READABLE_GTTS_TLD": "com",
    #: Seconds to connect and to read for every request to Google (connect, read).
    "READABLE_GTTS_TIMEOUT": (3.05, 10.0),
    #: Requests to Google in flight at once, per process.
    "READABLE_GTTS_CONCURRENCY": 4,
    #: Seconds a failing voice is skipped before it is tried again (circuit breaker).
    "READABLE_VOICE_COOLDOWN": 60.0,
    #: The offline voice: "vi", "vi-VN-x-central" or "vi-VN-x-south".
    "READABLE_ESPEAK_VOICE": "vi",
    #: Vietnamese reading of numbers: "north" (nghìn, lẻ) or "south" (ngàn, linh).
    "READABLE_DIALECT": "north",
    #: Extra abbreviations to expand when reading, e.g. {"UBKT": "Ủy ban Kiểm tra"}.
    "READABLE_ABBREVIATIONS": {},
    #: Read figure captions (announced as captions).
    "READABLE_READ_CAPTIONS": True,
    #: Spoken characters read at most; a longer article is cut at a sentence boundary with a spoken note.
    "READABLE_MAX_SPEECH_CHARS": 100_000,
    #: Site name written into the MP3's tags (artist).
    "READABLE_SITE_NAME": "",
    #: Seconds after which audio made by a fallback voice is made again with the preferred voice.
    "READABLE_FALLBACK_RETRY": 600,
    #: Largest size of the audio store in bytes; the least recently used audio goes first (None: no cap).
    "READABLE_AUDIO_MAX_BYTES": 2 * 1024**3,
    #: Redis URL of the job queue (RQ). Unset: audio is made by threads of the web process.
    "READABLE_REDIS_URL": None,
    #: With the queue: seconds a request for audio not made yet waits for a worker before answering 503.
    "READABLE_QUEUE_WAIT": 25.0,
    #: Seconds during which an article whose generation just failed gets a 503 instead of a new attempt.
    "READABLE_FAILURE_RETRY": 30.0,
    #: Seconds one reply from Google may take in all (a slow drip never trips the per-read timeout).
    "READABLE_GTTS_DEADLINE": 20.0,
    #: Largest article (bytes of HTML) the wrapper cleans; a larger one shows its plain text and a message.
    "READABLE_MAX_ARTICLE_BYTES": 2 * 1024**2,
    #: Most elements (start tags) in an article the wrapper cleans; past it, plain text and a message too.
    "READABLE_MAX_ARTICLE_ELEMENTS": 100_000,
    #: Sentences read at most; a longer script is cut there with a spoken note.
    "READABLE_MAX_SENTENCES": 3000,
    #: Articles one process makes audio for at the same time; a request for another gets a 429.
    "READABLE_MAX_GENERATIONS": 8,
    #: Of those, how many one listener (address) may start; past that, a 429.
    "READABLE_MAX_GENERATIONS_PER_CLIENT": 2,
    #: Serve the process's counters at ``<prefix>/metrics`` in the Prometheus text format.
    "READABLE_METRICS": False,
    #: Emit the stylesheet and script with the first wrapped article of a page. Turn off when the
    #: page's ``<head>`` calls ``readable_head()``.
    "READABLE_INCLUDE_ASSETS": True,
}


#: An article over the limits shows its plain text from at most this many times READABLE_MAX_ARTICLE_BYTES
#: of its markup (8 MiB by default: about 200 MB of memory at worst, measured with bench/wrap.py).
TEXT_LIMIT = 4


@dataclass(frozen=True, slots=True)
class Prepared:
    """A cleaned article and, when audio is on, the key of its audio."""

    article: Article
    audio_key: str | None
    #: Size in bytes of an article too large to clean (``READABLE_MAX_ARTICLE_BYTES``); 0 otherwise.
    too_large: int = 0
    #: Elements of an article with too many to clean (``READABLE_MAX_ARTICLE_ELEMENTS``); 0 otherwise.
    too_many: int = 0
    #: The paragraphs of text of an article too large to clean: what the reader gets instead.
    text: tuple[str, ...] = ()
    #: Whether that text stops before the end of a very large input (:data:`TEXT_LIMIT`).
    cut: bool = False


@dataclass(frozen=True)
class State:
    """What one application's extension knows; kept in ``app.extensions["readable"]``."""

    extension: Readable
    options: CleanOptions
    language: str
    article_language: str
    sizes: tuple[int, ...]
    default_size: int
    scope: str
    cookie_name: str
    cookie_max_age: int
    include_assets: bool
    cache: LRUCache[Prepared]
    asset_version: str
    audio: bool
    audio_settings: dict[str, Any]
    store: AudioStore | None
    jobs: Jobs | None
    registered: set[str]
    metrics: Metrics
    queue: AudioQueue | None
    queue_wait: float
    metrics_enabled: bool


def get_state(app: Flask | None = None) -> State:
    """The extension's state for ``app`` (default: the current app); ``RuntimeError`` if not set up."""
    app = app or current_app
    try:
        return app.extensions["readable"]  # type: ignore[no-any-return]
    except KeyError:
        raise RuntimeError(
            "readable is not initialised on this application; call Readable(app) or init_app(app)"
        ) from None


class Readable:
    """Wraps articles with a reading toolbar.

    ``Readable(app)`` or ``readable = Readable()`` then ``readable.init_app(app)`` (app factories). Registers
    the ``readable`` blueprint under ``READABLE_URL_PREFIX`` and the Jinja globals ``readable_article`` and
    ``readable_head``. Raises ``ValueError`` from ``init_app`` when a setting is invalid.
    """

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        state = _build_state(self, app.config, app.instance_path)
        app.extensions["readable"] = state

        from .views import blueprint

        app.register_blueprint(blueprint, url_prefix=app.config["READABLE_URL_PREFIX"])
        app.add_template_global(self.template_article, "readable_article")
        app.add_template_global(self.head, "readable_head")
        app.add_template_global(self.html_attrs, "readable_html_attrs")
        # flask-wtf's CSRFProtect would reject the preference form, which changes nothing but
        # the reader's own display settings.
        csrf = app.extensions.get("csrf")
        if csrf is not None and hasattr(csrf, "exempt"):
            csrf.exempt(blueprint)

    def clean(self, html: str | bytes, title: str | None = None) -> Article:
        """The cleaned article, from the cache when the same input was cleaned before."""
        return self.register(html, title).article

    def register(self, html: str | bytes, title: str | None = None, *, date: str = "") -> Prepared:
        """Clean the article and register its audio key, without making the audio.

        Cached by content, so a page viewed twice is cleaned once. An article over
        ``READABLE_MAX_ARTICLE_BYTES`` or ``READABLE_MAX_ARTICLE_ELEMENTS`` is not cleaned: it gets its
        plain text (:attr:`Prepared.text`) and no audio. ``TypeError`` when ``html`` is not ``str`` or
        ``bytes`` or ``title`` not ``str`` or ``None``.
        """
        state = get_state()
        _check_text(html, title)
        raw = html if isinstance(html, bytes) else html.encode("utf-8", "surrogatepass")
        key = article_key(raw, f"{title or ''}\0{date}", state.options)
        prepared = state.cache.get(key)
        if prepared is None:
            settings = state.audio_settings
            too_large = len(raw) if len(raw) > settings["max_article_bytes"] else 0
            elements = 0 if too_large else count_elements(raw)
            too_many = elements if elements > settings["max_article_elements"] else 0
            if too_large or too_many:
                # Too much to clean: the reader still gets its text, made in linear time, and a message.
                empty = Article(html="", title=to_text(title or ""), blocks=(), key=key)
                # Even the plain text has a bound: the first TEXT_LIMIT times the article limit, then a note.
                shown = TEXT_LIMIT * settings["max_article_bytes"]
                text = tuple(paragraphs(to_text(html[:shown])))
                cut = len(html) > shown
                prepared = Prepared(empty, None, too_large=too_large, too_many=too_many, text=text, cut=cut)
            else:
                article = clean(html, title=title, options=state.options)
                audio = _register_audio(state, article, date) if state.audio else None
                prepared = Prepared(article, audio)
            state.cache.put(key, prepared)
        return prepared

    def prepare(self, html: str | bytes, title: str | None = None, *, date: str = "") -> str | None:
        """Register the article and start making its audio now, for a portal's publish hook.

        With ``READABLE_REDIS_URL`` the job goes to the queue (in this process when Redis is down);
        otherwise a thread of this process makes it. Returns the audio key (``None``: nothing to read).
        """
        state = get_state()
        key = self.register(html, title, date=date).audio_key
        if key is not None and state.jobs is not None and state.store is not None:
            if state.store.audio(key) is None:
                schedule(state, key)
        return key

    def article(
        self, html: str | bytes, title: str | None = None, *, date: str = "", assets: bool | None = None
    ) -> Markup:
        """The article cleaned and wrapped with the toolbar and player, as markup for a template.

        Also available in templates as ``{{ readable_article(html, title=title) }}``; ``date`` (ISO 8601)
        goes into the audio's tags.
        """
        state = get_state()
        prepared = self.register(html, title, date=date)
        article = prepared.article
        if has_request_context():
            after_this_request(_private)
        t = translations(state.language).gettext
        prefs = current_prefs()
        if assets is None:
            assets = state.include_assets and not _assets_emitted()
        return Markup(
            render_template(
                "readable/article.html",
                article=article,
                prefs=prefs,
                state=state,
                t=t,
                assets=assets,
                next_url=_here(),
                audio_key=prepared.audio_key if article.blocks else None,
                too_large=_size(prepared.too_large) if prepared.too_large else "",
                limit=_size(state.audio_settings["max_article_bytes"]),
                too_many=prepared.too_many,
                element_limit=state.audio_settings["max_article_elements"],
                text=prepared.text,
                text_cut=prepared.cut,
            )
        )

    def template_article(
        self, html: object, title: object = None, *, date: str = "", assets: bool | None = None
    ) -> Markup:
        """:meth:`article` for templates (``readable_article``): input that is not text (``None`` for an
        article without a body, an undefined variable) shows the "no content" message instead of a 500,
        and is logged."""
        if not isinstance(html, str | bytes):
            log.warning(json.dumps({"event": "not_text", "type": type(html).__name__}))
            html = ""
        if title is not None and not isinstance(title, str):
            title = None
        return self.article(html, title, date=date, assets=assets)

    def head(self) -> Markup:
        """The stylesheet and script tags, for the page's ``<head>``."""
        _assets_emitted()
        return Markup(render_template("readable/assets.html", state=get_state()))

    def html_attrs(self) -> Markup:
        """Attributes for the page's ``<html>`` tag when ``READABLE_SCOPE`` is "page", so the first paint
        already has the reader's settings; empty in the default "article" scope."""
        state = get_state()
        if state.scope != "page":
            return Markup("")
        prefs = current_prefs()
        return Markup(
            'data-readable-scope="page" data-readable-size="{}" data-readable-contrast="{}"'
        ).format(prefs.size, prefs.contrast)


def _check_text(html: object, title: object) -> None:
    if not isinstance(html, str | bytes):
        raise TypeError(f"the article's HTML must be str or bytes, not {type(html).__name__}")
    if title is not None and not isinstance(title, str):
        raise TypeError(f"the article's title must be str or None, not {type(title).__name__}")


def _size(size: int) -> str:
    """A size for a message: "2.4 MB", or "48 KB" under a megabyte."""
    return f"{size / 1024**2:.1f} MB" if size >= 1024**2 else f"{max(1, round(size / 1024))} KB"


def _register_audio(state: State, article: Article, date: str) -> str | None:
    if not article.blocks or state.store is None:
        return None
    settings = state.audio_settings
    manifest = audio_script.manifest(
        article,
        site=settings["site"],
        date=date,
        captions=settings["captions"],
        dialect=settings["dialect"],
        abbreviations=settings["abbreviations"],
        max_chars=settings["max_chars"],
        max_sentences=settings["max_sentences"],
    )
    if not manifest["sentences"]:
        return None
    key = audio_script.audio_key(manifest, settings["voices"], ARTICLE_FORMAT)
    if key not in state.registered:
        try:
            state.store.register(key, manifest)
        except OSError as error:
            # The page must still show: without its manifest the article simply has no player.
            log.error(json.dumps({"event": "register_failed", "key": key, "error": str(error)}))
            return None
        state.registered.add(key)
    return key


def prepare(html: str | bytes, title: str | None = None, *, date: str = "") -> str | None:
    """:meth:`Readable.prepare` for the current application: clean, register and start making the audio."""
    return get_state().extension.prepare(html, title, date=date)


def queue_unavailable(state: State, key: str, error: Exception) -> None:
    """Count and log that the queue could not be reached and this process makes ``key``'s audio itself."""
    state.metrics.inc("queue_unavailable")
    record = {"event": "queue_unavailable", "key": key, "error": str(error)[:200]}
    log.warning(json.dumps({**record, "action": "generating in this process"}))


def schedule(state: State, key: str) -> None:
    """Have ``key``'s audio made: on the queue if there is one and it answers, else in this process.

    Never raises: a publish hook or a listener must not fail because audio cannot be made right now (the
    store is read-only, the last attempt just failed); that is logged, and a later request tries again.
    """
    assert state.jobs is not None
    if state.queue is not None:
        try:
            state.metrics.inc("queued", state.queue.enqueue(key))
            return
        except QueueUnavailable as error:
            queue_unavailable(state, key, error)
    try:
        state.jobs.start(key)
    except Unavailable as error:
        log.warning(json.dumps({"event": "not_scheduled", "key": key, "reason": str(error)}))


def _private(response: Response) -> Response:
    """A page with a wrapped article depends on the reader's settings cookie: shared caches must not keep
    it for others (``Vary: Cookie``, and ``private`` unless the page already says how it may be cached)."""
    response.vary.add("Cookie")
    response.headers.setdefault("Cache-Control", "private")
    return response


def current_prefs() -> prefs_mod.Prefs:
    state = get_state()
    cookie = request.cookies.get(state.cookie_name) if has_request_context() else None
    return prefs_mod.from_cookie(cookie, state.sizes, state.default_size)


def asset_url(filename: str) -> str:
    """URL of a shipped static file, versioned by the content of the files."""
    return url_for("readable.static", filename=filename, v=get_state().asset_version)


def _assets_emitted() -> bool:
    """Whether this request already has the assets; marks them as emitted."""
    if not has_request_context():
        return False
    done = bool(g.get("_readable_assets"))
    g._readable_assets = True
    return done


def _here() -> str:
    if not has_request_context():
        return "/"
    query = request.query_string.decode("latin-1")
    return request.path + ("?" + query if query else "")


def _build_state(extension: Readable, config: Any, instance_path: str) -> State:
    def setting(name: str, check: Callable[[Any], bool], expected: str) -> Any:
        value = config[name]
        if not check(value):
            raise ValueError(f"{name} must be {expected}, not {value!r}")
        return value

    language = setting("READABLE_LANGUAGE", lambda v: v in LANGUAGES, "one of " + ", ".join(LANGUAGES))
    sizes = tuple(
        setting(
            "READABLE_TEXT_SIZES",
            lambda v: (
                not isinstance(v, str)
                and len(v) >= 2
                and all(isinstance(s, int) and s in prefs_mod.SUPPORTED_SIZES for s in v)
            ),
            "at least two percentages, each a multiple of 5 from 50 to 300",
        )
    )
    sizes = tuple(sorted(set(sizes)))
    default_size = setting("READABLE_DEFAULT_SIZE", lambda v: v in sizes, "one of READABLE_TEXT_SIZES")
    scope = setting("READABLE_SCOPE", lambda v: v in ("article", "page"), '"article" or "page"')
    setting(
        "READABLE_URL_PREFIX",
        lambda v: isinstance(v, str) and v.startswith("/") and not v.endswith("/"),
        'a path such as "/readable"',
    )
    t = translations(language).gettext
    options = CleanOptions(
        drop_selectors=split_selectors(config["READABLE_DROP_SELECTORS"]),
        drop_text=tuple(config["READABLE_DROP_TEXT"]),
        iframe_hosts=frozenset(config["READABLE_IFRAME_HOSTS"]),
        table_label=t("Bảng"),
        embed_label=t("Khung nhúng"),
    )
    digest = hashlib.sha256()
    for name in ("readable.css", "readable.js"):
        path = STATIC_FOLDER / name
        if path.is_file():
            digest.update(path.read_bytes())
    audio = bool(config["READABLE_AUDIO"])
    voices = tuple(
        setting(
            "READABLE_VOICES",
            lambda v: not isinstance(v, str) and len(v) > 0 and all(x in VOICE_NAMES for x in v),
            "a non-empty list of " + ", ".join(VOICE_NAMES),
        )
    )
    setting("READABLE_DIALECT", lambda v: v in ("north", "south"), '"north" or "south"')
    setting("READABLE_ESPEAK_VOICE", lambda v: v in ESPEAK_VOICES, "one of " + ", ".join(ESPEAK_VOICES))
    audio_settings = {
        "voices": voices,
        "site": str(config["READABLE_SITE_NAME"]),
        "captions": bool(config["READABLE_READ_CAPTIONS"]),
        "dialect": config["READABLE_DIALECT"],
        "abbreviations": dict(config["READABLE_ABBREVIATIONS"]),
        "max_chars": int(config["READABLE_MAX_SPEECH_CHARS"]),
        "max_sentences": int(config["READABLE_MAX_SENTENCES"]),
        "max_article_bytes": setting(
            "READABLE_MAX_ARTICLE_BYTES", lambda v: isinstance(v, int) and v > 0, "a positive number of bytes"
        ),
        "max_article_elements": setting(
            "READABLE_MAX_ARTICLE_ELEMENTS", lambda v: isinstance(v, int) and v > 0, "a positive number"
        ),
        "fallback_retry": float(config["READABLE_FALLBACK_RETRY"]),
    }
    max_bytes = setting(
        "READABLE_AUDIO_MAX_BYTES", lambda v: v is None or (isinstance(v, int) and v > 0), "bytes or None"
    )
    metrics = Metrics()
    store = jobs = queue = None
    if audio:
        folder = config["READABLE_AUDIO_FOLDER"] or os.path.join(instance_path, "readable-audio")
        store = AudioStore(folder)
        jobs = Jobs(
            store,
            functools.partial(make_chain, config),
            ARTICLE_FORMAT,
            metrics=metrics,
            max_bytes=max_bytes,
            max_running=int(config["READABLE_MAX_GENERATIONS"]),
            max_per_client=int(config["READABLE_MAX_GENERATIONS_PER_CLIENT"]),
            failure_retry=float(config["READABLE_FAILURE_RETRY"]),
        )
        if config["READABLE_REDIS_URL"]:
            queue = AudioQueue(str(config["READABLE_REDIS_URL"]))
    return State(
        extension=extension,
        options=options,
        language=language,
        article_language=str(config["READABLE_ARTICLE_LANGUAGE"]),
        sizes=sizes,
        default_size=default_size,
        scope=scope,
        cookie_name=str(config["READABLE_COOKIE_NAME"]),
        cookie_max_age=int(config["READABLE_COOKIE_MAX_AGE"]),
        include_assets=bool(config["READABLE_INCLUDE_ASSETS"]),
        cache=LRUCache(int(config["READABLE_CACHE_SIZE"])),
        asset_version=digest.hexdigest()[:10],
        audio=audio,
        audio_settings=audio_settings,
        store=store,
        jobs=jobs,
        registered=set(),
        metrics=metrics,
        queue=queue,
        queue_wait=float(config["READABLE_QUEUE_WAIT"]),
        metrics_enabled=bool(config["READABLE_METRICS"]),
    )


@functools.cache
def _chain_for(
    voices: tuple[str, ...],
    tld: str,
    timeout: Any,
    deadline: float,
    concurrency: int,
    espeak: str,
    cooldown: float,
) -> VoiceChain:
    built: list[Voice] = []
    for name in voices:
        if name == "gtts":
            from .tts.gtts import GTTSVoice

            built.append(
                GTTSVoice(lang="vi", tld=tld, timeout=timeout, deadline=deadline, max_concurrency=concurrency)
            )
        else:
            built.append(EspeakVoice(espeak))
    return VoiceChain(built, cooldown=cooldown)


def make_chain(config: Any) -> VoiceChain:
    """The voice chain the settings describe (one per distinct configuration in a process)."""
    timeout = config["READABLE_GTTS_TIMEOUT"]
    return _chain_for(
        tuple(config["READABLE_VOICES"]),
        str(config["READABLE_GTTS_TLD"]),
        tuple(timeout) if isinstance(timeout, list | tuple) else float(timeout),
        float(config["READABLE_GTTS_DEADLINE"]),
        int(config["READABLE_GTTS_CONCURRENCY"]),
        str(config["READABLE_ESPEAK_VOICE"]),
        float(config["READABLE_VOICE_COOLDOWN"]),
    )
