"""Settings: every ``READABLE_*`` key, its default, and its check, read once into a frozen :class:`Settings`.

:func:`load` is called by ``Readable.init_app``: it reads the keys with ``config.get_namespace`` (Flask's own
model), checks each one and raises ``ValueError`` naming the key and what it expected. The result is immutable
and is all the extension ever reads: changing ``app.config`` after ``init_app`` has no effect, as with
flask-sqlalchemy. The defaults are a read-only mapping, so no app can edit another's.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import soupsieve

from .article import DEFAULT_DROP_SELECTORS, DEFAULT_DROP_TEXT, HOST_NAME, split_selectors
from .i18n import AUTO, LANGUAGES
from .prefs import SUPPORTED_SIZES
from .tts.espeak import VOICES as ESPEAK_VOICES

#: The voices ``READABLE_VOICES`` can name, in the order they are usually preferred.
VOICE_NAMES = ("gtts", "espeak")
PREFIX = "READABLE_"
#: Default seconds of silence at each kind of boundary of the spoken article (``READABLE_PAUSES``).
PAUSES: Mapping[str, float] = MappingProxyType(
    {"sentence": 0.25, "block": 0.45, "heading": 0.6, "caption": 0.6, "end": 0.5}
)


@dataclass(frozen=True, slots=True)
class Settings:
    """The checked settings of one application; field ``x`` is the key ``READABLE_X``."""

    #: Where the blueprint is mounted (preferences form, static files, audio).
    url_prefix: str = "/readable"
    #: Language of the toolbar: "vi" (default), "en", or "auto" (flask-babel's locale when flask-babel is
    #: installed, else the request's Accept-Language among the shipped catalogs).
    language: str = "vi"
    #: Language of the articles that do not pass ``lang=``: the ``lang`` of the article region, and the
    #: language they are read in (any language both voices speak, ``readable.languages.supported()``).
    article_language: str = "vi"
    #: Text-size steps in percent, each a multiple of 5 from 50 to 300 (the stylesheet knows those).
    text_sizes: tuple[int, ...] = (90, 100, 115, 130, 150, 175, 200)
    #: The step that "Cỡ chữ mặc định" returns to.
    default_size: int = 100
    #: CSS selectors of page chrome to remove from articles (removed with everything inside).
    drop_selectors: tuple[str, ...] = DEFAULT_DROP_SELECTORS
    #: Regular expressions of chrome text: an element whose whole text matches one is removed.
    drop_text: tuple[str, ...] = tuple(DEFAULT_DROP_TEXT)
    #: Hosts whose https iframes are kept (for example "www.youtube-nocookie.com"); all others go.
    iframe_hosts: frozenset[str] = frozenset()
    #: Hosts remote images may come from (for example "cdn.baochinhphu.vn"); an image from any other host is
    #: not requested and its alt text shows instead. None keeps every image.
    image_hosts: frozenset[str] | None = None
    #: Where text size and contrast apply: "article" (the wrapped article) or "page" (the whole page).
    scope: str = "article"
    #: Name of the first-party cookie that keeps the reader's settings.
    cookie_name: str = "readable"
    #: How long the settings are kept, in seconds (a year).
    cookie_max_age: int = 365 * 24 * 3600
    #: How many cleaned articles are kept in memory (0 turns the cache off).
    cache_size: int = 256
    #: Emit the stylesheet and script with the first wrapped article of a page. Turn off when the
    #: page's ``<head>`` calls ``readable_head()``.
    include_assets: bool = True
    #: Offer the article as audio: the player, and the audio routes of the blueprint.
    audio: bool = True
    #: Folder of the audio store (manifests, MP3, cues). Default: ``readable-audio`` in the instance folder.
    audio_folder: str | None = None
    #: Largest size of the audio store in bytes; the least recently used audio goes first (None: no cap).
    audio_max_bytes: int | None = 2 * 1024**3
    #: Voices in order of preference; the next one is used when one fails: "gtts", "espeak".
    voices: tuple[str, ...] = ("gtts", "espeak")
    #: Google Translate domain the gtts voice talks to ("com", "com.vn", ...).
    gtts_tld: str = "com"
    #: Seconds to connect and to read for every request to Google: one number, or (connect, read).
    gtts_timeout: float | tuple[float, float] = (3.05, 10.0)
    #: Requests to Google in flight at once, per process.
    gtts_concurrency: int = 4
    #: Seconds one reply from Google may take in all (a slow drip never trips the per-read timeout).
    gtts_deadline: float = 20.0
    #: Seconds the preferred voice has to say an article's first sentence; past that, the article is made by
    #: the fallback voice at once (provisional audio, made again later with the preferred voice).
    first_audio_deadline: float = 2.5
    #: Seconds a failing voice is skipped before it is tried again (circuit breaker).
    voice_cooldown: float = 60.0
    #: The offline voice: "vi", "vi-VN-x-central" or "vi-VN-x-south".
    espeak_voice: str = "vi"
    #: Vietnamese reading of numbers: "north" (nghìn, lẻ) or "south" (ngàn, linh).
    dialect: str = "north"
    #: Extra abbreviations to expand when reading, e.g. {"UBKT": "Ủy ban Kiểm tra"}.
    abbreviations: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    #: The site's lexicon, written form → spoken form, applied before every rule: the path of a UTF-8 file
    #: of "written<TAB>spoken" lines (read again when it changes; a relative path is from the working
    #: directory at ``init_app``), or a mapping. None: no lexicon.
    lexicon: str | Mapping[str, str] | None = None
    #: Seconds of silence between sentences ("sentence"), between blocks ("block"), after the title and
    #: headings ("heading"), before and after a caption ("caption") and at the end ("end"); the same for
    #: every voice. Keys left out keep these defaults.
    pauses: Mapping[str, float] = dataclasses.field(default_factory=lambda: MappingProxyType(dict(PAUSES)))
    #: Read figure captions (announced as captions).
    read_captions: bool = True
    #: Spoken characters read at most; a longer article is cut at a sentence boundary with a spoken note.
    max_speech_chars: int = 100_000
    #: Sentences read at most; a longer script is cut there with a spoken note.
    max_sentences: int = 3000
    #: Site name written into the MP3's tags (artist).
    site_name: str = ""
    #: Seconds after which audio made by a fallback voice is made again with the preferred voice.
    fallback_retry: float = 600.0
    #: Seconds during which an article whose generation just failed gets a 503 instead of a new attempt.
    failure_retry: float = 30.0
    #: Redis URL of the job queue (RQ). Unset: audio is made by threads of the web process.
    redis_url: str | None = None
    #: Deprecated and ignored: with the queue, a request for audio not made yet gets a 503 at once.
    queue_wait: float = 25.0
    #: Largest article (bytes of HTML) the wrapper cleans; a larger one shows its plain text and a message.
    max_article_bytes: int = 2 * 1024**2
    #: Most elements (start tags) in an article the wrapper cleans; past it, plain text and a message too.
    #: Real articles have one element per 40-220 bytes (the golden pages; the seed article 217); cleaning
    #: costs per element, so this bounds the worst case (bench/wrap.py: under 2 s for every shape here).
    max_article_elements: int = 25_000
    #: Articles one process makes audio for at the same time; a request for another gets a 429.
    max_generations: int = 8
    #: Of those, how many one listener (address) may start; past that, a 429.
    max_generations_per_client: int = 2
    #: Serve counters and histograms at ``<prefix>/metrics`` in the Prometheus text format (summed over the
    #: processes of a server when ``PROMETHEUS_MULTIPROC_DIR`` is set). No access control of its own.
    metrics: bool = False
    #: The site's address as listeners reach it (``https://portal.example.vn``), for the absolute URLs of the
    #: feed and of the structured data. None: the address of the request (``url_for(_external=True)``).
    public_url: str | None = None
    #: Serve the podcast feed at ``<prefix>/feed.xml`` and ``<prefix>/feed/<category>.xml``.
    feed: bool = True
    #: Articles in a feed at most, the newest first.
    feed_size: int = 50
    #: List articles whose audio is provisional (the offline voice's) in the feed too.
    feed_provisional: bool = False
    #: The feed's artwork: the URL (absolute, or a path on the site) of a square PNG or JPEG of 1400 to
    #: 3000 pixels. None: readable's own.
    feed_image: str | None = None
    #: The feed's category for podcast apps (Apple's list): "News", or "News/Politics" with a subcategory.
    feed_category: str = "News"
    #: Hand finished audio to the front server: "x-accel-redirect:/internal-audio/" (nginx: the internal
    #: location mapped to the audio folder) or "x-sendfile" (Apache's mod_xsendfile, lighttpd). None: the
    #: application sends the files itself. Audio being made is always streamed by the application.
    sendfile: str | None = None


def key_of(field: str) -> str:
    return PREFIX + field.upper()


#: Every key with its default, read-only (``app.config.setdefault`` takes them from here).
DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {key_of(f.name): getattr(Settings(), f.name) for f in dataclasses.fields(Settings)}
)


# Checks: each takes the raw value and returns the value to keep, or raises _Bad(what was expected).


class _Bad(Exception):
    pass


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def integer(low: int, high: int | None = None) -> Callable[[Any], int]:
    expected = f"a whole number from {low}" + (f" to {high}" if high is not None else " up")

    def check(value: Any) -> int:
        if not _is_int(value) or value < low or (high is not None and value > high):
            raise _Bad(expected)
        return int(value)

    return check


def number(low: float, *, above: bool = False) -> Callable[[Any], float]:
    expected = f"a number of seconds {'above' if above else 'from'} {low:g}"

    def check(value: Any) -> float:
        if not _is_number(value) or value < low or (above and value == low):
            raise _Bad(expected)
        return float(value)

    return check


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("True or False")
    return value


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise _Bad("one of " + ", ".join(repr(c) for c in choices))
        return str(value)

    return check


def text(pattern: str, expected: str) -> Callable[[Any], str]:
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise _Bad(expected)
        return value

    return check


def optional(inner: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)

    return check


def strings(value: Any, what: str = "strings") -> tuple[str, ...]:
    """A list of strings; a single string is refused (it would be read as a list of characters)."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | set | frozenset):
        raise _Bad(f"a list of {what} (a single string is not a list)")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise _Bad(f"a list of {what}")
    return tuple(value)


_HOST = re.compile(r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")


def hosts(value: Any) -> frozenset[str]:
    names = strings(value, "host names such as 'www.youtube-nocookie.com'")
    if not all(_HOST.fullmatch(name) for name in names):
        raise _Bad("a list of lower-case host names such as 'www.youtube-nocookie.com'")
    return frozenset(names)


def image_hosts(value: Any) -> frozenset[str]:
    expected = 'a list of host names such as ("cdn.example.vn",)'
    names = strings(value, "host names")
    if not all(HOST_NAME.fullmatch(name) for name in names):
        raise _Bad(expected)
    return frozenset(name.lower() for name in names)


def text_sizes(value: Any) -> tuple[int, ...]:
    if (
        isinstance(value, str | bytes)
        or not isinstance(value, Sequence)
        or len(set(value)) < 2
        or not all(_is_int(s) and s in SUPPORTED_SIZES for s in value)
    ):
        raise _Bad("at least two percentages, each a multiple of 5 from 50 to 300")
    return tuple(sorted(set(value)))


def drop_selectors(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        strings(value, "CSS selectors")
    selectors = split_selectors(value)
    for selector in selectors:
        try:
            soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, TypeError):
            raise _Bad(f"a list of CSS selectors ({selector!r} is not one)") from None
    return selectors


def drop_text(value: Any) -> tuple[str, ...]:
    patterns = strings(value, "regular expressions")
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error:
            raise _Bad(f"a list of regular expressions ({pattern!r} is not one)") from None
    return patterns


def voices(value: Any) -> tuple[str, ...]:
    names = strings(value, "voices") if value else ()
    if not names or len(set(names)) != len(names) or not all(n in VOICE_NAMES for n in names):
        raise _Bad("a non-empty list of distinct voices from " + ", ".join(VOICE_NAMES))
    return names


def timeout(value: Any) -> float | tuple[float, float]:
    expected = "a positive number of seconds, or a pair (connect, read) of them"
    if _is_number(value) and value > 0:
        return float(value)
    if (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) == 2
        and all(_is_number(v) and v > 0 for v in value)
    ):
        return (float(value[0]), float(value[1]))
    raise _Bad(expected)


def abbreviations(value: Any) -> Mapping[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise _Bad('a mapping of written forms to spoken forms, e.g. {"UBKT": "Ủy ban Kiểm tra"}')
    return MappingProxyType(dict(value))


def lexicon(value: Any) -> str | Mapping[str, str]:
    from .lexicon import read
    from .vi.lexicon import check_entry

    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise _Bad('a mapping of written forms to spoken forms, e.g. {"COVID": "cô vít"}')
        try:
            return MappingProxyType(dict(check_entry(k, v) for k, v in value.items()))
        except ValueError as error:
            raise _Bad(f"a mapping of written forms to spoken forms ({error})") from None
    if not isinstance(value, str | os.PathLike) or not os.fspath(value):
        raise _Bad('the path of a lexicon file, or a mapping such as {"COVID": "cô vít"}')
    # Absolute from here on: a later change of working directory does not lose the file.
    path = os.path.abspath(os.fspath(value))
    try:
        read(path)
    except OSError as error:
        raise _Bad(f"a readable lexicon file ({error.strerror or error})") from None
    except ValueError as error:
        raise _Bad(f'a UTF-8 file of "written<TAB>spoken" lines ({error})') from None
    return path


def pauses(value: Any) -> Mapping[str, float]:
    if not isinstance(value, Mapping) or not all(
        k in PAUSES and _is_number(v) and 0 <= v <= 10 for k, v in value.items()
    ):
        raise _Bad(
            "a mapping of " + ", ".join(f'"{k}"' for k in PAUSES) + " to seconds from 0 to 10, e.g. "
            '{"sentence": 0.3, "end": 1}'
        )
    return MappingProxyType({k: float(value.get(k, default)) for k, default in PAUSES.items()})


def article_language(value: Any) -> str:
    from .languages import check

    try:
        return check(value)
    except ValueError as error:
        raise _Bad(f'a language both voices speak, such as "vi" or "en" ({error})') from None


def public_url(value: Any) -> str:
    expected = 'the address of the site, such as "https://portal.example.vn"'
    if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/?#@]+(/[^\s?#]*)?", value):
        raise _Bad(expected)
    return value.rstrip("/")


def folder(value: Any) -> str:
    if not isinstance(value, str | os.PathLike) or not os.fspath(value):
        raise _Bad("a folder path")
    return os.fspath(value)


#: The check of every field.
CHECKS: dict[str, Callable[[Any], Any]] = {
    "url_prefix": text(r"/[^\s?#]*[^/\s?#]", 'a path such as "/readable" (no trailing slash)'),
    "language": one_of(*LANGUAGES, AUTO),
    "article_language": article_language,
    "text_sizes": text_sizes,
    "default_size": integer(50, 300),  # and one of the sizes: checked in load()
    "drop_selectors": drop_selectors,
    "drop_text": drop_text,
    "iframe_hosts": hosts,
    "image_hosts": optional(image_hosts),
    "scope": one_of("article", "page"),
    "cookie_name": text(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", "a cookie name (letters, digits, - and _)"),
    "cookie_max_age": integer(1),
    "cache_size": integer(0),
    "include_assets": flag,
    "audio": flag,
    "audio_folder": optional(folder),
    "audio_max_bytes": optional(integer(1)),
    "voices": voices,
    "gtts_tld": text(r"[a-z]{2,3}(\.[a-z]{2,3})?", 'a Google domain ending such as "com" or "com.vn"'),
    "gtts_timeout": timeout,
    "gtts_concurrency": integer(1, 64),
    "gtts_deadline": number(0, above=True),
    "first_audio_deadline": number(0, above=True),
    "voice_cooldown": number(0),
    "espeak_voice": one_of(*ESPEAK_VOICES),
    "dialect": one_of("north", "south"),
    "abbreviations": abbreviations,
    "lexicon": optional(lexicon),
    "pauses": pauses,
    "read_captions": flag,
    "max_speech_chars": integer(1),
    "max_sentences": integer(1),
    "site_name": text(r"[^\x00-\x1f\x7f]*", "a single line of text"),
    "fallback_retry": number(0),
    "failure_retry": number(0),
    "redis_url": optional(text(r"(redis|rediss|unix)://\S+", 'a Redis URL such as "redis://localhost:6379/0"')),
    "queue_wait": number(0),
    "max_article_bytes": integer(1),
    "max_article_elements": integer(1),
    "max_generations": integer(1),
    "max_generations_per_client": integer(1),
    "metrics": flag,
    "public_url": optional(public_url),
    "feed": flag,
    "feed_size": integer(1, 1000),
    "feed_provisional": flag,
    "feed_image": optional(
        text(
            r"(https?://[^\s/?#]+|/(?!/))[^\s?#]*\.(png|jpg)",
            'the URL of a .png or .jpg image, such as "https://portal.example.vn/a.png" or "/a.png"',
        )
    ),
    "feed_category": text(
        r"[A-Z][A-Za-z&,' -]*[a-z](/[A-Z][A-Za-z&,' -]*[a-z])?",
        'a category of podcast apps such as "News" or "News/Politics"',
    ),
    "sendfile": optional(
        text(
            r"x-sendfile|x-accel-redirect:/([^\s?#]*/)?",
            'a front server\'s header: "x-sendfile", or "x-accel-redirect:/internal-audio/"',
        )
    ),
}


def _namespace(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``READABLE_`` keys without their prefix (``flask.Config.get_namespace``, for any mapping)."""
    get_namespace = getattr(config, "get_namespace", None)
    if get_namespace is not None:
        return get_namespace(PREFIX, lowercase=False)  # type: ignore[no-any-return]
    return {k[len(PREFIX) :]: v for k, v in config.items() if k.startswith(PREFIX)}


def load(config: Mapping[str, Any]) -> Settings:
    """The checked settings from ``config`` (missing keys take their defaults).

    Raises ``ValueError`` naming the first bad key, what it expected and what it got.
    """
    given = {k.upper(): v for k, v in _namespace(config).items()}
    unknown = sorted(set(given) - {f.name.upper() for f in dataclasses.fields(Settings)})
    if unknown:
        raise ValueError(f"{PREFIX}{unknown[0]} is not a setting of readable (a typo?): see the README")
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Settings):
        key = key_of(field.name)
        value = given.get(field.name.upper(), DEFAULTS[key])
        try:
            values[field.name] = CHECKS[field.name](value)
        except _Bad as bad:
            raise ValueError(f"{key} must be {bad}, not {value!r}") from None
    if values["default_size"] not in values["text_sizes"]:
        raise ValueError(
            f"READABLE_DEFAULT_SIZE must be one of READABLE_TEXT_SIZES {values['text_sizes']}, "
            f"not {values['default_size']!r}"
        )
    return Settings(**values)
