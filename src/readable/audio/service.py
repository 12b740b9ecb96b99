"""The audio service: one object per application that owns the store, the generations and the queue.

It registers an article's speech script under its key, says whether a key is this application's, has audio
made (and is the only place that decides between the job queue and this process), and reports a key's state
for the player. Views, commands and queue workers go through it; nothing else touches the store, the jobs or
the queue. It never imports Flask.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..article import Article
from ..cache import LRUCache
from ..feed import Episode, episode, newest
from ..jobs import Busy, Generation, Jobs, Unavailable
from ..languages import DEFAULT, check, is_vietnamese, resolve
from ..lexicon import LexiconSource
from ..logs import event
from ..metrics import Metrics
from ..queue import AudioQueue, QueueUnavailable
from ..settings import Settings
from ..store import AudioStore
from ..tts.base import Voice
from ..tts.chain import VoiceChain
from ..tts.espeak import EspeakVoice
from ..vi.lexicon import Lexicon
from . import script as audio_script
from .mp3 import ARTICLE_FORMAT
from .types import Meta

#: Keys kept in memory as known to be this application's (a key forgotten is found on disk again).
REGISTERED_KEYS = 10_000
#: Seconds the feed's order is kept for "listen next" (:meth:`AudioService.after`).
ORDER_TTL = 30.0

__all__ = ["AudioService", "Busy", "Unavailable", "chain_spec", "make_chain"]


def _voices_for(settings: Settings, lang: str) -> tuple[str, str]:
    """gTTS's ``lang`` and the espeak-ng voice for an article in ``lang`` (``ValueError``: unsupported)."""
    if is_vietnamese(lang):
        return "vi", settings.espeak_voice
    language = resolve(lang)
    return language.gtts, language.espeak


def chain_spec(settings: Settings, lang: str = DEFAULT) -> tuple[str, ...]:
    """What decides the sound, in the audio key: each voice with its setting (``gtts:com``, ``espeak:vi``;
    for an article in another language, ``gtts:com:en``, ``espeak:gmw/en``).

    Two applications sharing a store with other voices never serve each other's audio."""
    gtts_lang, espeak = _voices_for(settings, lang)
    suffix = "" if gtts_lang == "vi" else f":{gtts_lang}"
    return tuple(
        f"gtts:{settings.gtts_tld}{suffix}" if name == "gtts" else f"espeak:{espeak}"
        for name in settings.voices
    )


@functools.cache
def _chain_for(
    voices: tuple[str, ...],
    tld: str,
    timeout: float | tuple[float, float],
    deadline: float,
    concurrency: int,
    espeak: str,
    cooldown: float,
    gtts_lang: str = "vi",
) -> VoiceChain:
    built: list[Voice] = []
    for name in voices:
        if name == "gtts":
            from ..tts.gtts import GTTSVoice

            built.append(
                GTTSVoice(
                    lang=gtts_lang, tld=tld, timeout=timeout, deadline=deadline, max_concurrency=concurrency
                )
            )
        else:
            built.append(EspeakVoice(espeak))
    return VoiceChain(built, cooldown=cooldown)


def make_chain(settings: Settings, lang: str = DEFAULT) -> VoiceChain:
    """The voice chain the settings describe for articles in ``lang`` (one per distinct configuration in a
    process: the circuit breaker and the limit of requests to Google are shared by the applications that use
    the same voices)."""
    gtts_lang, espeak = _voices_for(settings, lang)
    return _chain_for(
        settings.voices,
        settings.gtts_tld,
        settings.gtts_timeout,
        settings.gtts_deadline,
        settings.gtts_concurrency,
        espeak,
        settings.voice_cooldown,
        gtts_lang,
    )


@dataclass(frozen=True, slots=True)
class AudioFacts:
    """What a page says of an article's audio: its language, and once made, its length and date."""

    #: The article's language as registered (``lang`` in the manifest); "" when it does not say.
    language: str = ""
    #: Seconds, once the audio is made.
    duration: float | None = None
    #: When the audio was made (seconds since the epoch), once it is.
    made: float | None = None


class AudioService:
    """Audio of one application, made from its settings, kept in ``folder``."""

    def __init__(self, settings: Settings, folder: str, metrics: Metrics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.store = AudioStore(folder)
        self.jobs = Jobs(
            self.store,
            functools.partial(make_chain, settings),
            ARTICLE_FORMAT,
            metrics=metrics,
            max_bytes=settings.audio_max_bytes,
            max_running=settings.max_generations,
            max_per_client=settings.max_generations_per_client,
            failure_retry=settings.failure_retry,
            fallback_retry=settings.fallback_retry,
            first_deadline=settings.first_audio_deadline,
        )
        self.queue = AudioQueue(settings.redis_url) if settings.redis_url else None
        #: Keys whose manifest this process wrote or found (bounded: a key forgotten is found on disk again),
        #: with the article's (url, category) the manifest is known to have (``True``: found, not read).
        self.registered: LRUCache[tuple[str, str] | bool] = LRUCache(REGISTERED_KEYS)
        #: ``READABLE_LEXICON``, read again when its file changes.
        self.lexicon = LexiconSource(settings.lexicon)
        #: The feed's episodes by key, with the signature of the files they were read from.
        self._episodes: dict[str, tuple[tuple[int, ...], Episode | None]] = {}
        #: The feed's order for :meth:`after`, and when it was read (``time.monotonic()``).
        self._order: tuple[float, list[Episode]] | None = None
        #: What a page's structured data says of a key's audio, with the signature of its files.
        self._facts: LRUCache[tuple[tuple[int, ...], AudioFacts]] = LRUCache(REGISTERED_KEYS)

    def chain(self) -> VoiceChain:
        """The voice chain this application makes audio with."""
        return make_chain(self.settings)

    # Registering

    def register(
        self,
        article: Article,
        date: str = "",
        lexicon: Lexicon | None = None,
        *,
        url: str = "",
        category: str = "",
        lang: str = DEFAULT,
    ) -> str | None:
        """Save ``article``'s speech script under its key and return the key; ``None`` when there is nothing
        to read or the manifest cannot be saved (the page then shows without a player). Makes no audio.

        ``lexicon``: the lexicon to read with (default: the current ``READABLE_LEXICON``). The key depends
        only on the spoken forms, so a lexicon change gives a new key only to the articles it changes.
        ``url`` and ``category`` (for the feed) are kept in the manifest, not in the key: given later, they
        are added to the manifest of the same audio.
        ``lang``: the article's language, a supported tag (``ValueError`` for any other); the key depends on
        it."""
        if not article.blocks:
            return None
        s = self.settings
        lang = check(lang)
        if lexicon is None:
            lexicon = self.lexicon.current()
        manifest = audio_script.manifest(
            article,
            site=s.site_name,
            date=date,
            captions=s.read_captions,
            dialect=s.dialect,
            abbreviations=s.abbreviations,
            lexicon=lexicon,
            max_chars=s.max_speech_chars,
            max_sentences=s.max_sentences,
            pauses=s.pauses,
            lang=lang,
        )
        if not manifest["sentences"]:
            return None
        manifest["url"], manifest["category"] = url, category
        key = audio_script.audio_key(manifest, chain_spec(s, lang), ARTICLE_FORMAT)
        known = self.registered.get(key)
        # Written again only for what it lacks: a page shown without url or category keeps the ones given.
        if not isinstance(known, tuple) or any(
            new and new != old for new, old in zip((url, category), known, strict=True)
        ):
            try:
                written = self.store.register(key, manifest)
            except OSError as error:
                event(logging.ERROR, "register_failed", key=key, error=str(error))
                return None
            before = known if isinstance(known, tuple) else ("", "")
            self.registered.put(key, (url or before[0], category or before[1]))
            if written:
                self.jobs.registered()
        return key

    def is_registered(self, key: str) -> bool:
        """Whether ``key``'s manifest is in the store (it may have been evicted by the size cap since)."""
        if self.store.path(key, ".json").is_file():
            return True
        self.registered.discard(key)
        return False

    def owns(self, key: str) -> bool:
        """Whether ``key`` is audio this application makes: registered by a wrapper with these voices.

        Another application may share the store folder with other ``READABLE_VOICES`` (or another offline
        voice): its keys are not this one's to serve or to make, since these voices would mark the audio
        final. Checked once per key and process, by deriving the key again from the manifest.
        """
        if self.registered.get(key) is not None:
            return True
        manifest = self.store.manifest(key)
        if manifest is None:
            return False
        try:
            spec = chain_spec(self.settings, manifest.get("lang", DEFAULT))
            ours = audio_script.audio_key(manifest, spec, ARTICLE_FORMAT) == key
        except (KeyError, TypeError, ValueError):  # a manifest of another shape, or a language not spoken
            return False
        if ours:
            self.registered.put(key, True)
        return ours

    # Making

    @property
    def queued(self) -> bool:
        """Whether audio is made by queue workers (``READABLE_REDIS_URL``) rather than by this process."""
        return self.queue is not None

    def ensure(self, key: str, client: str | None = None) -> Generation | None:
        """Have ``key``'s audio made: on the queue when there is one and it answers (``None``: a worker makes
        it), else in this process (the :class:`Generation` to stream).

        ``client`` (a listener's address) counts in the limits of concurrent generations. Raises
        :class:`Busy` past those limits and :class:`Unavailable` when this process cannot make it now.
        """
        if self.queue is not None:
            try:
                self.metrics.inc("queued", self.queue.enqueue(key))
                return None
            except QueueUnavailable as error:
                # Readers still get audio: this process makes it, as it would without a queue.
                self.metrics.inc("queue_unavailable")
                event(logging.WARNING, "queue_unavailable", key=key, error=str(error)[:200],
                      action="generating in this process")  # fmt: skip
        return self.jobs.start(key, client=client)

    def schedule(self, key: str, client: str | None = None) -> None:
        """:meth:`ensure` that never raises: a publish hook or a listener must not fail because audio cannot
        be made right now (the store is read-only, the last attempt just failed, the limits are reached);
        that is logged, and a later request tries again."""
        try:
            self.ensure(key, client)
        except (Unavailable, Busy) as error:
            self.jobs.retry_failed(key)
            event(logging.WARNING, "not_scheduled", key=key, reason=str(error))

    def make(self, key: str) -> Literal["made", "present"]:
        """Make ``key``'s audio in this process and wait for it (queue workers, ``pregenerate``)."""
        return "made" if self.jobs.run(key) == "made" else "present"

    def present(self, key: str, *, retry_provisional: bool = False) -> bool:
        """Whether ``key``'s audio needs no making: final, or provisional (a fallback voice's) and younger
        than ``READABLE_FALLBACK_RETRY``, unless ``retry_provisional``."""
        return self.store.present(key, 0.0 if retry_provisional else self.settings.fallback_retry)

    def retry_if_due(self, key: str, meta: Meta, client: str | None = None) -> None:
        """Provisional audio is made again with the preferred voice once it is due (the listener gets the
        audio there is meanwhile)."""
        made = meta.get("made")
        if self.jobs.retry_due(key, made if isinstance(made, int | float) else None):
            self.schedule(key, client)

    # Reporting

    def status(self, key: str) -> Meta:
        """What the player follows (``<key>.json``): the metadata of made audio (``ready`` or
        ``provisional``, voice, duration, every sentence's times), else ``queued`` with progress from the
        queue, ``generating`` (with ``fallback``, whether a fallback voice reads it, when this process makes
        it and its first sentence is said) or ``pending``."""
        meta = self.store.meta(key) if self.store.audio(key) else None
        if meta is None and self.queue is not None:
            meta = self.queue.progress(key)
        if meta is None:
            meta = {"state": "generating" if self.jobs.is_running(key) else "pending"}
            voice = self.jobs.voice(key)
            if voice is not None:
                # The player says so at once when a fallback voice reads, not only once the audio is made.
                meta["fallback"] = voice != self.chain().primary
        return meta

    def episodes(self, category: str | None = None) -> list[Episode]:
        """The feed's episodes, newest first, at most ``READABLE_FEED_SIZE``: this application's articles
        whose audio is final (or provisional too, with ``READABLE_FEED_PROVISIONAL``), of ``category`` when
        given.

        Each key's files are read again only when they changed (their inode, size or time): a feed request
        costs a few ``stat`` calls per article with audio, not a parse of every manifest.
        """
        known = self._episodes
        current: dict[str, tuple[tuple[int, ...], Episode | None]] = {}
        for key in self.store.audio_keys():
            try:
                files = [os.stat(self.store.path(key, suffix)) for suffix in (".mp3", ".meta.json", ".json")]
            except FileNotFoundError:
                continue  # being published (the metadata comes last), or evicted meanwhile
            signature = tuple(n for st in files for n in (st.st_ino, st.st_size, st.st_mtime_ns))
            # The manifest's time is its last use (store.touch): only its inode and size say it changed.
            signature = signature[:-1]
            cached = known.get(key)
            if cached is None or cached[0] != signature:
                # Read again after any change, so its time is the change's or later (a use since): never
                # earlier than the change, as Last-Modified must be.
                cached = (signature, self._episode(key, files[0], max(st.st_mtime for st in files)))
            current[key] = cached
        self._episodes = current
        wanted = [
            e
            for _, e in current.values()
            if e is not None
            and (self.settings.feed_provisional or not e.provisional)
            and (category is None or e.category == category)
        ]
        return newest(wanted, self.settings.feed_size)

    def after(self, key: str) -> Episode | None:
        """The episode after ``key``'s in the feed's order (newest first: the next older article with an
        address), for "listen next" when the portal names none; ``None`` when ``key`` is not in the feed or
        is its last. The order is read again at most every :data:`ORDER_TTL` seconds, so a page view costs
        no scan of the store."""
        now = time.monotonic()
        if self._order is None or now - self._order[0] > ORDER_TTL:
            self._order = (now, [e for e in self.episodes() if e.url and e.title])
        order = self._order[1]
        return next((order[i + 1] for i, episode in enumerate(order[:-1]) if episode.key == key), None)

    def _episode(self, key: str, audio: os.stat_result, changed: float) -> Episode | None:
        """One key's episode, or ``None``: another application's key, or files that cannot be read."""
        manifest, meta = self.store.manifest(key), self.store.meta(key)
        if manifest is None or meta is None or not self.owns(key):
            return None
        try:
            return episode(key, manifest, meta, audio, changed)
        except (KeyError, TypeError, AttributeError):  # a manifest of another shape
            return None

    def facts(self, key: str) -> AudioFacts:
        """Language, duration and date of ``key``'s audio, for a page's structured data. Read again only
        when its metadata changed (made, made again): a page view costs one ``stat`` call. The language is
        the manifest's, which the same key always says alike."""
        try:
            st = os.stat(self.store.path(key, ".meta.json"))
            signature = [st.st_ino, st.st_mtime_ns]
        except OSError:
            signature = [0, 0]
        cached = self._facts.get(key)
        if cached is not None and cached[0] == tuple(signature):
            return cached[1]
        # "lang": the article's language, when the manifest says it (older ones do not).
        manifest: Mapping[str, object] = self.store.manifest(key) or {}
        meta = self.store.meta(key) if self.store.audio(key) else None
        language = manifest.get("lang", "")
        duration, made = (meta or {}).get("duration"), (meta or {}).get("made")
        facts = AudioFacts(
            language=language if isinstance(language, str) else "",
            duration=float(duration) if isinstance(duration, int | float) else None,
            made=float(made) if isinstance(made, int | float) else None,
        )
        self._facts.put(key, (tuple(signature), facts))
        return facts
