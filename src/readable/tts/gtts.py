"""The online voice: Google Translate's text-to-speech, through the gTTS library.

gTTS knows the protocol (the endpoint, the RPC body, where the audio sits in the reply) and is used for
exactly that. Sending is done here, because gTTS's own ``stream()`` turns TLS certificate verification off
(and silences urllib3's warning about it), waits forever unless given a timeout, never retries, and yields
zero bytes without an error when a 200 reply carries no audio. This voice verifies certificates, bounds every
request with a timeout, retries what is worth retrying with backoff and jitter, caps the requests in flight,
and checks that every reply is MP3 in the article format before using it.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Any

import requests
from gtts import gTTS

from ..audio.mp3 import AudioFormat, Mp3Error, audio_bytes
from .base import VoiceError

log = logging.getLogger(__name__)

#: The most characters Google's endpoint takes in one request.
MAX_CHARS: int = gTTS.GOOGLE_TTS_MAX_CHARS

# What gTTS's stream() looks for in a reply: the line naming the RPC, the base64 audio inside it.
_RPC: str = gTTS.GOOGLE_TTS_RPC
_AUDIO = re.compile(r'jQ1olc","\[\\"(.*)\\"]')

_CLOSERS = ")]}\"'”’»›"
# A clause ends after sentence or clause punctuation (and any closing brackets or quotes after it), or after
# closing brackets or quotes alone, when a space or the end follows: "3,5" and "v.v" are not clause ends.
_CLAUSE_END = re.compile(rf"(?:[.!?;:,…–—]+[{re.escape(_CLOSERS)}]*|[{re.escape(_CLOSERS)}]+)(?=\s|$)")
_TLD = re.compile(r"[a-z]{2,}(?:\.[a-z]{2,})*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def pack(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Chunks of at most ``limit`` characters, cut at clause boundaries where possible.

    The text is split after sentence and clause punctuation (``. ! ? ; : , … – —`` and closing brackets or
    quotes, when a space follows) and consecutive clauses are packed greedily up to the limit, so Google gets
    as few requests as possible and each one ends where a reader would pause (gTTS itself sends one request
    per comma). A clause longer than the limit is split at spaces; a word longer than the limit is cut.

    Runs of whitespace become one space; no other character is lost, and no chunk is empty.
    Raises :class:`ValueError` when ``limit`` is less than 1.
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    chunks: list[str] = []
    current = ""
    for clause in _clauses(" ".join(text.split())):
        for piece in [clause] if len(clause) <= limit else _split_words(clause, limit):
            if current and len(current) + 1 + len(piece) <= limit:
                current += " " + piece
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def _clauses(text: str) -> list[str]:
    clauses = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        clauses.append(text[start : match.end()].strip())
        start = match.end()
    clauses.append(text[start:].strip())
    return [clause for clause in clauses if clause]


def _split_words(clause: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for word in clause.split(" "):
        while len(word) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:limit])
            word = word[limit:]
        if not word:
            continue
        if current and len(current) + 1 + len(word) <= limit:
            current += " " + word
        else:
            if current:
                pieces.append(current)
            current = word
    if current:
        pieces.append(current)
    return pieces


class _Retry(Exception):
    """One attempt failed in a way that another attempt may not."""

    def __init__(self, cause: str, retry_after: float | None = None) -> None:
        super().__init__(cause)
        self.cause = cause
        self.retry_after = retry_after


class _Abandoned(Exception):
    """Another chunk of the same text failed for good; this one need not be tried again."""


#: Largest reply read from Google (a sentence's audio is tens of kilobytes).
MAX_REPLY = 4 * 1024 * 1024


class GTTSVoice:
    """Google Translate's voice (the default), by way of gTTS.

    :param lang: language of the text, as Google names it (``vi``).
    :param tld: which Google host to ask (``translate.google.<tld>``); one may be reachable where another
        is not.
    :param timeout: seconds to connect and to wait for each read, as ``requests`` takes it.
    :param deadline: seconds one reply may take in all: a server that drips bytes slowly never trips the
        per-read timeout, so the whole reply has its own limit (and a size limit, ``MAX_REPLY``).
    :param retries: how many more times a failed request is tried (429, 5xx, timeouts, broken connections,
        replies without usable audio); other 4xx answers and certificate failures are not retried.
    :param backoff: base of the exponential backoff; the wait before retry ``n`` (from 0) is drawn uniformly
        from ``[0, min(max_backoff, backoff * 2**n)]`` ("full jitter", so listeners don't retry in step),
        or is the server's numeric ``Retry-After`` (capped at ``max_backoff``) on 429 and 503.
    :param max_concurrency: the most requests this voice has in flight at once, over all callers.
    :param session_factory: makes the ``requests.Session`` objects used to send (at most ``max_concurrency``
        are made, each used by one request at a time so its kept-alive connection is reused).
    :param sleep: how to wait between attempts (tests pass a recorder).
    :param rng: where the jitter comes from.

    Raises :class:`ValueError` for a bad argument.
    """

    name = "gtts"

    def __init__(
        self,
        *,
        lang: str = "vi",
        tld: str = "com",
        timeout: float | tuple[float, float] = (3.05, 10.0),
        deadline: float = 20.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        max_concurrency: int = 4,
        session_factory: Callable[[], requests.Session] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if not _LANG.fullmatch(lang):
            raise ValueError(f"not a language tag: {lang!r}")
        if not _TLD.fullmatch(tld):
            raise ValueError(f"not a top-level domain: {tld!r}")
        for value in timeout if isinstance(timeout, tuple) else (timeout,):
            if not value > 0:
                raise ValueError(f"timeouts must be positive, not {timeout!r}")
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, not {retries}")
        if not (backoff >= 0 and max_backoff >= 0):
            raise ValueError("backoff and max_backoff must be 0 or more")
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, not {max_concurrency}")
        self.lang = lang
        self.tld = tld
        self.timeout = timeout
        self.deadline = deadline
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_concurrency = max_concurrency
        self._session_factory = session_factory or requests.Session
        self._sleep = sleep
        self._rng = rng or random.Random()
        # Held around each HTTP request, whoever makes it: the cap is per voice, not per call.
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._idle: list[requests.Session] = []
        self._idle_lock = threading.Lock()

    def synthesize(self, text: str, audio_format: AudioFormat) -> bytes:
        """Bare MP3 frames saying ``text``, every frame in ``audio_format``.

        The text is packed into chunks of at most 100 characters (:func:`pack`). The chunks of one text are
        requested at the same time (within the voice's concurrency cap), because a sentence's audio is ready
        only when its slowest chunk is: requesting them one after another would make the first sentence of an
        article, and so the listener's first sound, wait for the sum of their times. The chunks' frames are
        joined in order into one continuous stream.

        Raises :class:`VoiceError` when there is nothing to say, or when a chunk still fails after the
        retries; it never returns empty or partial audio.
        """
        requests_ = [prepared for chunk in pack(text) if (prepared := self._prepare(chunk)) is not None]
        if not requests_:
            raise VoiceError("nothing to say")
        abandon = threading.Event()
        if len(requests_) == 1:
            return self._fetch(requests_[0], audio_format, abandon)
        workers = min(len(requests_), self.max_concurrency)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="readable-gtts")
        try:
            futures = [pool.submit(self._fetch, prepared, audio_format, abandon) for prepared in requests_]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            # The first failure in chunk order among those finished.
            failed = next((e for f in futures if f in done and (e := f.exception()) is not None), None)
            if failed is not None:
                # The text has no audio either way: the other chunks stop before their next attempt.
                abandon.set()
                raise failed
            return b"".join(future.result() for future in futures)
        finally:
            # Not waiting: a chunk still in flight or backing off must not delay the fallback voice.
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Close the idle sessions (their kept-alive connections)."""
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for session in idle:
            session.close()

    def _prepare(self, chunk: str) -> requests.PreparedRequest | None:
        """gTTS's request for one chunk, or None when the chunk is only punctuation (nothing to say)."""
        try:
            # No pre-processors: the speech script is already in its spoken form.
            tts = gTTS(chunk, lang=self.lang, tld=self.tld, lang_check=False, pre_processor_funcs=[])
            prepared: list[requests.PreparedRequest] = tts._prepare_requests()
        except AssertionError:
            # gTTS asserts that something is left to send once punctuation-only tokens are dropped.
            return None
        if not prepared:  # the same case under ``python -O``
            return None
        if len(prepared) != 1:
            raise VoiceError(f"gTTS made {len(prepared)} requests of a {len(chunk)}-character chunk, not 1")
        return prepared[0]

    def _fetch(
        self, prepared: requests.PreparedRequest, audio_format: AudioFormat, abandon: threading.Event
    ) -> bytes:
        """One chunk's bare frames, tried up to ``retries + 1`` times."""
        attempt = 0
        while True:
            if abandon.is_set():
                raise _Abandoned
            try:
                return self._attempt(prepared, audio_format)
            except _Retry as failure:
                if attempt == self.retries:
                    tries = "attempt" if attempt == 0 else "attempts"
                    raise VoiceError(f"{failure.cause}; gave up after {attempt + 1} {tries}") from failure
                if failure.retry_after is not None:
                    delay = failure.retry_after
                else:
                    delay = self._rng.uniform(0, min(self.max_backoff, self.backoff * 2**attempt))
                log.debug(
                    "gtts attempt %d failed (%s); retrying in %.2f s", attempt + 1, failure.cause, delay
                )
                self._sleep(delay)
                attempt += 1

    def _attempt(self, prepared: requests.PreparedRequest, audio_format: AudioFormat) -> bytes:
        response = self._send(prepared)
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = self._retry_after(response) if status in (429, 503) else None
            raise _Retry(f"HTTP {status} {response.reason} from {_host(prepared)}", retry_after)
        if status >= 400:
            raise VoiceError(f"HTTP {status} {response.reason} from {_host(prepared)} (not retried)")
        data = _audio(response, _host(prepared))
        try:
            frames, _ = audio_bytes(data, audio_format)
        except Mp3Error as error:
            raise _Retry(f"bad audio from {_host(prepared)}: {error}") from error
        return frames

    def _send(self, prepared: requests.PreparedRequest) -> requests.Response:
        """Send one request within the concurrency cap, with a timeout and certificate verification."""
        with self._slots:
            session = self._checkout()
            try:
                # Proxies and a CA bundle come from the environment (HTTPS_PROXY, REQUESTS_CA_BUNDLE) and the
                # session, as ``requests.post`` would take them; verification may be pointed at other CAs but
                # is never switched off, whatever the session says.
                settings: dict[str, Any] = session.merge_environment_settings(
                    prepared.url or "", proxies={}, stream=False, verify=None, cert=None
                )
                if not settings["verify"]:
                    settings["verify"] = True
                settings["stream"] = True
                started = time.monotonic()
                response = session.send(prepared.copy(), timeout=self.timeout, **settings)
                body, size = [], 0
                with response:
                    for chunk in response.iter_content(16 * 1024):
                        body.append(chunk)
                        size += len(chunk)
                        if time.monotonic() - started > self.deadline:
                            raise _Retry(f"reply from {_host(prepared)} too slow (over {self.deadline:g} s)")
                        if size > MAX_REPLY:
                            raise _Retry(f"reply from {_host(prepared)} too large (over {MAX_REPLY:,} bytes)")
                response._content = b"".join(body)
                return response
            except requests.exceptions.Timeout as error:
                raise _Retry(f"timed out talking to {_host(prepared)} ({error})") from error
            except requests.exceptions.SSLError as error:
                # A certificate that fails now will fail in a second too; and it must never be worked around.
                raise VoiceError(f"TLS failure with {_host(prepared)} (not retried): {error}") from error
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as error:
                raise _Retry(f"connection to {_host(prepared)} failed ({error})") from error
            except requests.exceptions.RequestException as error:
                raise VoiceError(f"request to {_host(prepared)} failed (not retried): {error}") from error
            finally:
                self._checkin(session)

    def _retry_after(self, response: requests.Response) -> float | None:
        """A numeric ``Retry-After``, capped at ``max_backoff``; None when absent or an HTTP date."""
        try:
            seconds = float(response.headers.get("Retry-After", ""))
        except ValueError:
            return None
        if not math.isfinite(seconds) or seconds < 0:
            return None
        return min(seconds, self.max_backoff)

    def _checkout(self) -> requests.Session:
        # At most max_concurrency sessions ever exist: one is taken only inside the semaphore.
        with self._idle_lock:
            if self._idle:
                return self._idle.pop()
        return self._session_factory()

    def _checkin(self, session: requests.Session) -> None:
        with self._idle_lock:
            self._idle.append(session)


def _audio(response: requests.Response, host: str) -> bytes:
    """The audio in a reply, found the way gTTS's ``stream()`` finds it; :class:`_Retry` if there is none."""
    found = []
    for line in response.iter_lines(chunk_size=1024):
        decoded = line.decode("utf-8", errors="replace")
        if _RPC not in decoded:
            continue
        match = _AUDIO.search(decoded)
        if match is None:
            break
        try:
            found.append(base64.b64decode(match.group(1).encode("ascii")))
        except (UnicodeEncodeError, binascii.Error) as error:
            raise _Retry(f"bad audio from {host}: not base64 ({error})") from error
    data = b"".join(found)
    if not data:
        raise _Retry(f"HTTP {response.status_code} from {host} with no audio in the reply")
    return data


def _host(prepared: requests.PreparedRequest) -> str:
    url = prepared.url or ""
    return url.split("/")[2] if url.count("/") >= 2 else url
