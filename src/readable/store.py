"""Content-addressed audio files: manifests, finished audio, cues; atomic writes and per-key locks.

Layout under the store's root::

    ab/<key>.json          manifest: what the wrapper registered (title, sentences to say)
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
from pathlib import Path
from typing import Any

KEY = re.compile(r"[0-9a-f]{32}")


def valid_key(key: str) -> bool:
    return KEY.fullmatch(key) is not None


class AudioStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

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
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def register(self, key: str, manifest: dict[str, Any]) -> None:
        """Record an article the wrapper produced: only registered keys are ever synthesized."""
        path = self.path(key, ".json")
        if not path.exists():
            self.write_atomic(path, json.dumps(manifest, ensure_ascii=False).encode())

    def manifest(self, key: str) -> dict[str, Any] | None:
        return self._read_json(self.path(key, ".json"))

    def meta(self, key: str) -> dict[str, Any] | None:
        return self._read_json(self.path(key, ".meta.json"))

    def _read_json(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def audio(self, key: str) -> Path | None:
        path = self.path(key, ".mp3")
        return path if path.is_file() else None

    def finish(self, key: str, partial: Path, meta: dict[str, Any], vtt: str) -> None:
        """Publish a finished generation: cues and times first, then the audio by an atomic rename."""
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        self.write_atomic(self.path(key, ".meta.json"), json.dumps(meta, ensure_ascii=False).encode())
        self.write_atomic(self.path(key, ".vtt"), vtt.encode())
        target = self.path(key, ".mp3")
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)

    def try_lock(self, key: str) -> int | None:
        """The key's lock, if no other process holds it: a file descriptor to pass to :meth:`unlock`."""
        path = self.root / "locks" / f"{key}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    @staticmethod
    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
