"""Where generation runs, and how listeners share it: one generation per article (single flight).

In one process, listeners of a key share one :class:`Generation`; across the worker processes of one host, a
file lock per key (``store.try_lock``) elects the process that generates. Everybody else streams the
generator's partial file as it grows, so the first bytes reach the first listener after the first sentence,
and every listener receives the same bytes, which are also the bytes of the finished file.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from .audio.mp3 import AudioFormat
from .generate import generate, webvtt
from .languages import DEFAULT
from .logs import event
from .metrics import Metrics
from .store import AudioStore
from .tts.chain import VoiceChain

CHUNK = 16 * 1024
#: New manifests written by this process between two passes of the size cap (see :meth:`Jobs.registered`).
PRUNE_EVERY = 256
#: Keys whose last retry of provisional audio this process remembers (oldest forgotten first).
RETRIED_KEYS = 4096


class Busy(Exception):
    """No new generation now: the limits of concurrent generations are reached."""


class Unavailable(Exception):
    """No generation now: the last one failed a moment ago, or the store cannot be written."""


class StreamBroken(Exception):
    """A listener's stream ends before the audio is whole: the generation failed or its process died."""


def _same_file(fh: Any, path: Path) -> bool:
    """Whether the open file ``fh`` is the one now at ``path`` (what a listener streamed was published)."""
    try:
        return os.path.samestat(os.fstat(fh.fileno()), path.stat())
    except OSError:
        return False


class Generation:
    """One article's audio being made, in this process or (``remote``) in another one on this host."""

    def __init__(self, key: str, part: Path | None, remote: bool) -> None:
        self.key = key
        self.part = part
        self.remote = remote
        self.done = False
        #: Whether this generation published audio (not when another process had made it meanwhile).
        self.made = False
        self.error: str | None = None
        self.client: str | None = None
        #: The voice of the first sentence, once it is said.
        self.voice: str | None = None
        self.cond = threading.Condition()

    def finish(self, error: str | None = None) -> None:
        with self.cond:
            self.done, self.error = True, error
            self.cond.notify_all()

    def wake(self) -> None:
        with self.cond:
            self.cond.notify_all()


class Jobs:
    """Starts generations in threads of this process and lets listeners follow them."""

    def __init__(
        self,
        store: AudioStore,
        chain: Callable[[str], VoiceChain],
        audio_format: AudioFormat,
        *,
        workers: int = 4,
        metrics: Metrics | None = None,
        max_bytes: int | None = None,
        on_progress: Callable[[str, int, int], None] | None = None,
        max_running: int = 8,
        max_per_client: int = 2,
        failure_retry: float = 30.0,
        fallback_retry: float = 600.0,
        first_deadline: float | None = None,
    ) -> None:
        self.first_deadline = first_deadline
        self.fallback_retry = fallback_retry
        self._retried: OrderedDict[str, float] = OrderedDict()
        self.failure_retry = failure_retry
        self._failed: dict[str, tuple[float, str]] = {}
        self.max_running = max_running
        self.max_per_client = max_per_client
        self.store = store
        self.chain = chain
        self.audio_format = audio_format
        self.workers = workers
        self.metrics = metrics or Metrics()
        self.max_bytes = max_bytes
        self.on_progress = on_progress
        self._running: dict[str, Generation] = {}
        self._orphans: set[Path] = set()  # partial files a failure could not remove (read-only store)
        self._written = 0
        self._pruning = False
        self._lock = threading.Lock()
        self.generations = 0

    def is_running(self, key: str) -> bool:
        """Whether ``key`` is being made in this process or another one on this host."""
        with self._lock:
            running = self._running.get(key)
            if running is not None and not running.done:
                return True
        return self.store.is_locked(key)

    def voice(self, key: str) -> str | None:
        """The voice saying ``key`` in a generation running in this process (None before its first sentence,
        or when it runs elsewhere)."""
        with self._lock:
            running = self._running.get(key)
        return running.voice if running is not None and not running.done else None

    def start(self, key: str, client: str | None = None) -> Generation:
        """The generation of ``key``: joined if one runs here or on this host, else started here.

        A new generation for ``client`` (a listener's address) raises :class:`Busy` when this process
        already makes ``max_running`` articles, or ``max_per_client`` for that client.
        """
        if self._orphans:
            self._remove_orphans()
        with self._lock:
            running = self._running.get(key)
            if running is not None and not running.done:
                return running
            failed = self._failed.get(key)
            if failed is not None and time.monotonic() - failed[0] < self.failure_retry:
                raise Unavailable(failed[1])
            if client is not None:
                active = [g for g in self._running.values() if not g.done]
                if len(active) >= self.max_running:
                    raise Busy("too many generations at once")
                if sum(g.client == client for g in active) >= self.max_per_client:
                    raise Busy("too many generations for one listener")
            part = self.store.partial(key).with_name(f"{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")
            fd = None
            try:
                fd = self.store.try_lock(key)
                if fd is not None:
                    # Who generates, and into which file: the other processes of this host stream it.
                    self.store.describe_lock(key, f"{os.getpid()} {part.name}\n")
            except OSError as error:  # a read-only or full store: say so rather than fail the request
                if fd is not None:
                    self.store.unlock(fd)  # never keep a lock nobody generates under
                self._failed[key] = (time.monotonic(), f"store unavailable: {error.strerror}")
                self.metrics.inc("failures")
                event(logging.ERROR, "store_unavailable", key=key, error=str(error))
                raise Unavailable(f"store unavailable: {error.strerror}") from error
            if fd is None:
                generation = Generation(key, self._remote_part(key), remote=True)
            else:
                generation = Generation(key, part, remote=False)
                generation.client = client
                self._running[key] = generation
                self.generations += 1
                thread = threading.Thread(
                    target=self._run, args=(generation, fd), name=f"readable-gen-{key[:8]}", daemon=True
                )
                thread.start()
            return generation

    def retry_due(self, key: str, made: float | None) -> bool:
        """Whether provisional audio (a fallback voice's) is to be made again now; if so, it counts as tried.

        Due once ``fallback_retry`` seconds have passed since the audio was made, by the time its metadata
        records (a file's time comes from whichever machine wrote it, and another node's clock may be off),
        and at most once per ``fallback_retry`` seconds by this process's own steady clock, so a node whose
        clock runs ahead does not make it again on every request. Never while a generation of it runs.
        """
        now = time.monotonic()
        with self._lock:
            running = self._running.get(key)
            if running is not None and not running.done:
                return False
            tried = self._retried.get(key)
            if tried is not None and now - tried < self.fallback_retry:
                return False
            if made is not None and time.time() - made < self.fallback_retry:
                return False
            self._retried[key] = now
            self._retried.move_to_end(key)
            while len(self._retried) > RETRIED_KEYS:
                self._retried.popitem(last=False)
        return True

    def retry_failed(self, key: str) -> None:
        """A due retry could not start (limits, store): it stays due for the next request."""
        with self._lock:
            self._retried.pop(key, None)

    def _remote_part(self, key: str) -> Path | None:
        """The partial file another live process on this host is writing for ``key``."""
        try:
            pid_text, name = (self.store.lock_description(key) or "").split()
            os.kill(int(pid_text), 0)
        except (OSError, ValueError):
            return None
        return self.store.partial(key).with_name(name)

    def _run(self, generation: Generation, fd: int) -> None:
        key, part = generation.key, generation.part
        assert part is not None
        error = None
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            generation.wake()
            if self.on_progress is not None:
                self.on_progress(key, done, total)

        try:
            manifest = self.store.manifest(key)
            if manifest is None:
                raise LookupError("no manifest")
            if self.store.ready(key):
                return  # made meanwhile by another process: nothing to do
            part.parent.mkdir(parents=True, exist_ok=True)
            with part.open("wb") as out:
                chain = self.chain(manifest.get("lang", DEFAULT))
                meta = generate(
                    manifest, chain, self.audio_format, out, workers=self.workers, on_sentence=progress,
                    first_deadline=self.first_deadline,
                    on_voice=functools.partial(setattr, generation, "voice"),
                )  # fmt: skip
            meta["made"] = round(time.time(), 3)  # when provisional audio is due again is counted from here
            self.store.finish(key, part, meta, webvtt(meta, manifest))
            generation.made = True
            self._failed.pop(key, None)
            fallback = meta["state"] != "ready"
            seconds = time.perf_counter() - started
            self.metrics.inc("generations")
            self.metrics.inc("fallbacks", fallback)
            self.metrics.observe("generation_seconds", seconds)
            event(
                logging.INFO, "generation", key=key, voice=meta["voice"], sentences=len(meta["sentences"]),
                seconds=round(seconds, 3), duration=meta["duration"], fallback=fallback,
                failed_sentences=len(meta["failed"]),
            )  # fmt: skip
        except Exception as exc:  # the listener must hear about any failure, not hang
            error = f"{type(exc).__name__}: {exc}"
            self._failed[key] = (time.monotonic(), error)
            self.metrics.inc("failures")
            event(logging.ERROR, "generation_failed", key=key, error=error, exc_info=True)
            self._remove(part)
        finally:
            self.store.unlock(fd)
            generation.finish(error)
            with self._lock:
                if self._running.get(key) is generation:
                    del self._running[key]
        self._prune()

    def registered(self) -> None:
        """A new manifest was written. Pages alone (an article with a view counter is a new key on every
        view) must not grow the store past its cap either: every ``PRUNE_EVERY`` of them, the cap is
        applied in a thread."""
        if self.max_bytes is None:
            return
        with self._lock:
            self._written += 1
            if self._written < PRUNE_EVERY or self._pruning:
                return
            self._written = 0
        threading.Thread(target=self._prune, name="readable-prune", daemon=True).start()

    def _prune(self) -> None:
        """Bring the store under its cap (one pass at a time in this process)."""
        with self._lock:
            if self.max_bytes is None or self._pruning:
                return
            self._pruning = True
        try:
            self.store.prune(self.max_bytes)
        except OSError as exc:
            event(logging.ERROR, "prune_failed", error=str(exc))
        finally:
            with self._lock:
                self._pruning = False

    def _remove(self, part: Path) -> None:
        """Remove a failed generation's partial file; on a store gone read-only, as soon as it can be."""
        try:
            part.unlink(missing_ok=True)
        except OSError as exc:
            with self._lock:
                self._orphans.add(part)
            event(logging.ERROR, "partial_left", path=str(part), error=str(exc))

    def _remove_orphans(self) -> None:
        with self._lock:
            orphans, self._orphans = self._orphans, set()
        for part in orphans:
            self._remove(part)

    def run(self, key: str, timeout: float = 3600.0) -> str:
        """Make ``key``'s audio here and now, waiting for it (a queue worker, ``pregenerate``).

        Returns "made", "present" (already there, or made meanwhile by another process) or raises
        ``RuntimeError`` with the reason it failed.
        """
        if self.store.ready(key):
            return "present"
        generation = self.start(key)
        deadline = time.monotonic() + timeout
        with generation.cond:
            while not generation.done:
                if generation.remote and not self.store.is_locked(key):
                    generation.finish(None if self.store.audio(key) else "the generating process stopped")
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError("timed out")
                generation.cond.wait(0.2)
        if generation.error:
            raise RuntimeError(generation.error)
        return "made" if generation.made else "present"

    def stream(self, generation: Generation) -> Generator[bytes]:
        """The audio bytes of ``generation`` as they are written, to the end of the finished file.

        Raises :class:`StreamBroken` when the generation cannot finish (it failed, its process died): the
        server then closes the connection without ending the response, so no listener and no download
        takes what was sent for a whole file.
        """
        final = self.store.path(generation.key, ".mp3")
        fh = self._open(generation)
        if fh is None:
            raise StreamBroken(generation.error or "the generation never started writing")
        try:
            while True:
                chunk = fh.read(CHUNK)
                if chunk:
                    yield chunk
                    continue
                if self._finished(generation, final):
                    rest = fh.read()
                    if rest:
                        yield rest
                    if generation.error or not _same_file(fh, final):
                        raise StreamBroken(generation.error or "the audio was not published")
                    return
                with generation.cond:
                    if not generation.done:
                        generation.cond.wait(0.1 if generation.remote else 1.0)
        finally:
            fh.close()

    def _open(self, generation: Generation) -> Any:
        deadline = time.monotonic() + 10
        final = self.store.path(generation.key, ".mp3")
        while True:
            for path in (generation.part, final):
                if path is not None:
                    try:
                        return path.open("rb")
                    except FileNotFoundError:
                        pass
            if generation.done or time.monotonic() > deadline:
                return None
            time.sleep(0.05)
            if generation.remote and generation.part is None:
                generation.part = self._remote_part(generation.key)

    def _finished(self, generation: Generation, final: Path) -> bool:
        if not generation.remote:
            return generation.done
        # Another process generates: it is done when its lock is free again.
        if self.store.is_locked(generation.key):
            return False
        generation.finish(None if final.exists() else "the generating process stopped")
        return True
