"""Content-addressed audio files: manifests, finished audio, cues; atomic writes and per-key locks.

Layout under the store's root::

    ab/<key>.json          manifest: what the wrapper registered (title, sentences to say); its modification
                           time is the key's last use, which the size cap evicts by (least recently used)
    ab/<key>.mp3           finished audio (ID3-tagged), only ever created by an atomic rename
    ab/<key>.meta.json     state, voice, duration and per-sentence times (served as <key>.json)
    ab/<key>.vtt           WebVTT cues
    tmp/<key>.<pid>.<n>.part  audio being generated (read by listeners while it grows; never served as final)
    locks/<key>.lock       held (flock) by the one process generating that key
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast

from .audio.types import Manifest, Meta

#: What the wrapper says about an article besides its text, kept in its manifest (never in its key).
ARTICLE_INFO: tuple[Literal["url", "category"], ...] = ("url", "category")

KEY = re.compile(r"[0-9a-f]{32}")


def _file_mode() -> int:
    """The mode a new file gets here (0666 less the process's umask): every published file gets it.

    ``mkstemp`` makes its files 0600; read from /proc rather than set and restore the umask, which would
    race with other threads creating files.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            umask = next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        umask = 0o022
    return 0o666 & ~umask


def valid_key(key: str) -> bool:
    return KEY.fullmatch(key) is not None


class AudioStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.mode = _file_mode()

    def path(self, key: str, suffix: str) -> Path:
        if not valid_key(key):
            raise ValueError(f"not an audio key: {key[:40]!r}")
        return self.root / key[:2] / f"{key}{suffix}"

    def partial(self, key: str) -> Path:
        return self.root / "tmp" / f"{key}.part"

    def write_atomic(self, path: Path, data: bytes) -> None:
        """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), self.mode)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def register(self, key: str, manifest: Manifest) -> bool:
        """Record an article the wrapper produced: only registered keys are ever synthesized.

        Returns whether its manifest was written now (it was not there). A manifest already there is
        written again only to add what it lacks: the article's address and category when they are given now
        (given ones are kept when they are not), the fields of the current shape (``MANIFEST_SCHEMA``).
        """
        path = self.path(key, ".json")
        if not path.exists():
            self.write_atomic(path, json.dumps(manifest, ensure_ascii=False).encode())
            return True
        old = self.manifest(key)
        if old is not None:
            merged: Manifest = {**old, **manifest}  # the same key: the same words, tags and pauses
            for name in ARTICLE_INFO:
                if not manifest.get(name) and old.get(name):
                    merged[name] = old[name]
            if merged != old:
                self.write_atomic(path, json.dumps(merged, ensure_ascii=False).encode())
        return False

    def manifest(self, key: str) -> Manifest | None:
        """The speech script ``key`` is made from (``None``: not registered, or not readable)."""
        return cast("Manifest | None", self._read_json(self.path(key, ".json")))

    def meta(self, key: str) -> Meta | None:
        """The metadata of ``key``'s made audio (``None`` before it is made)."""
        return cast("Meta | None", self._read_json(self.path(key, ".meta.json")))

    def _read_json(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def ready(self, key: str) -> bool:
        """Final audio is there: made by the preferred voice, not a provisional fallback."""
        return self.audio(key) is not None and (self.meta(key) or {}).get("state") == "ready"

    def audio(self, key: str) -> Path | None:
        path = self.path(key, ".mp3")
        return path if path.is_file() else None

    def audio_keys(self) -> list[str]:
        """The keys whose audio (final or provisional) is in the store."""
        return [p.stem for p in self.root.glob("??/*.mp3") if valid_key(p.stem)] if self.root.is_dir() else []

    def provisional_age(self, key: str) -> float | None:
        """Seconds since ``key``'s provisional audio (made by a fallback voice) was made; ``None`` when its
        audio is final or missing."""
        path = self.audio(key)
        meta = self.meta(key) or {}
        if path is None or meta.get("state") == "ready":
            return None
        made = meta.get("made")  # the time the generation recorded; older stores have only the file's
        if isinstance(made, int | float) and not isinstance(made, bool):
            return time.time() - made
        try:
            return time.time() - path.stat().st_mtime
        except FileNotFoundError:
            return None

    def present(self, key: str, keep_provisional: float) -> bool:
        """Whether ``key``'s audio needs no making: final, or provisional and younger than
        ``keep_provisional`` seconds (``READABLE_FALLBACK_RETRY``: until then the preferred voice is not tried
        again)."""
        if self.audio(key) is None:
            return False
        age = self.provisional_age(key)
        return age is None or age < keep_provisional

    def finish(self, key: str, partial: Path, meta: Meta, vtt: str) -> None:
        """Publish a finished generation, each file by an atomic rename: cues, audio, then its metadata.

        The metadata goes last because it says whether the audio is final ("ready", cached for a year): it
        must never describe the audio it replaces.
        """
        with partial.open("rb+") as fh:
            os.fchmod(fh.fileno(), self.mode)
            os.fsync(fh.fileno())
        self.write_atomic(self.path(key, ".vtt"), vtt.encode())
        target = self.path(key, ".mp3")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
        self.write_atomic(self.path(key, ".meta.json"), json.dumps(meta, ensure_ascii=False).encode())

    def try_lock(self, key: str) -> int | None:
        """The key's lock, if no other process holds it: a file descriptor to pass to :meth:`unlock`."""
        path = self.root / "locks" / f"{key}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Opened for reading only: a lock held for a whole generation is no writer that would keep the
        # store from being remounted read-only. What it says is written by :meth:`describe_lock`.
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    def describe_lock(self, key: str, text: str) -> None:
        """Write into ``key``'s lock (held by this process) who generates it, for the others to read."""
        fd = os.open(self.root / "locks" / f"{key}.lock", os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)

    def lock_description(self, key: str) -> str | None:
        """What the process holding ``key``'s lock wrote into it (``describe_lock``), if anything."""
        try:
            return (self.root / "locks" / f"{key}.lock").read_text()
        except OSError:
            return None

    @staticmethod
    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    def touch(self, key: str) -> None:
        """Mark ``key`` as just used (its manifest's time; the audio's own time is part of its ETag)."""
        try:
            os.utime(self.path(key, ".json"))
        except OSError:
            pass

    def is_locked(self, key: str) -> bool:
        """Whether a process holds ``key``'s lock. Creates nothing, so it answers on a read-only store."""
        try:
            fd = os.open(self.root / "locks" / f"{key}.lock", os.O_RDONLY)
        except FileNotFoundError:
            return False  # never locked, so not now
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False

    def stats(self) -> StoreStats:
        """What the store holds: articles registered, audio files (ready or provisional), bytes, partials."""
        stats = StoreStats()
        for path in self._files():
            # Another process may evict or publish files while this one counts: a file gone is not counted.
            try:
                size = path.stat().st_size
                provisional = path.name.endswith(".meta.json") and '"provisional"' in path.read_text("utf-8")
            except (FileNotFoundError, UnicodeDecodeError):
                continue
            stats.bytes += size
            if path.name.endswith(".part"):
                stats.partial += 1
            elif path.name.endswith(".meta.json"):
                stats.provisional += provisional
            elif path.suffix == ".mp3":
                stats.audio += 1
                stats.audio_bytes += size
            elif path.suffix == ".json":
                stats.articles += 1
        return stats

    def prune(
        self, max_bytes: int | None, *, grace: float = 60.0, partial_age: float = 3600.0
    ) -> PruneResult:
        """Bring the store under ``max_bytes`` by removing the least recently used audio; clean orphans.

        Never removes what is in use: a key whose lock is held (being written) or that was used within
        ``grace`` seconds (being served). Partial files older than ``partial_age`` whose key is not locked
        are what crashed workers left behind, and go. Manifests count in the cap: a key's manifest goes only
        once it has no audio and is the least recently used (the wrapper writes it again when the article
        is shown again).
        """
        now = time.time()
        result = PruneResult()
        tmp = self.root / "tmp"
        for part in tmp.glob("*.part") if tmp.is_dir() else ():
            key = part.name.split(".", 1)[0]
            try:
                old = now - part.stat().st_mtime > partial_age
            except FileNotFoundError:
                continue
            if old and valid_key(key) and not self.is_locked(key):
                part.unlink(missing_ok=True)
                result.partials += 1
        if max_bytes is None:
            return result
        total = self.stats().bytes
        candidates = []
        for manifest in self.root.glob("??/*.json"):
            key = manifest.name[: -len(".json")]
            if not valid_key(key):
                continue  # <key>.meta.json
            try:
                candidates.append((manifest.stat().st_mtime, key))
            except FileNotFoundError:
                continue  # evicted meanwhile by another process
        for audio in self.root.glob("??/*.mp3"):
            if not audio.with_suffix(".json").exists():  # audio whose manifest is gone: it goes first
                candidates.append((0.0, audio.stem))
        # Least recently used first. A key with audio loses its audio (its manifest stays, so the audio can
        # be made again); a key that has only its manifest (never listened to, or its audio evicted before)
        # loses the manifest, so manifests count in the cap without crowding out audio listened to since.
        for used, key in sorted(candidates):
            if total <= max_bytes:
                break
            if now - used < grace or self.is_locked(key):
                continue
            suffixes = (".mp3", ".meta.json", ".vtt")
            if self.audio(key) is None:
                suffixes = (".meta.json", ".vtt", ".json")
            freed = 0
            for suffix in suffixes:
                path = self.path(key, suffix)
                try:
                    size = path.stat().st_size
                    path.unlink()
                except FileNotFoundError:
                    continue
                freed += size
            total -= freed
            result.bytes += freed
            if suffixes[0] == ".mp3":
                result.evicted += 1
            elif freed:
                result.manifests += 1
        result.remaining = total
        return result

    def _files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return [p for p in self.root.glob("*/*") if p.is_file() and not p.name.startswith(".")]


@dataclass
class StoreStats:
    articles: int = 0
    audio: int = 0
    provisional: int = 0
    partial: int = 0
    audio_bytes: int = 0
    bytes: int = 0


@dataclass
class PruneResult:
    evicted: int = 0
    manifests: int = 0
    bytes: int = 0
    partials: int = 0
    remaining: int = 0
