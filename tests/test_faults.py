"""The fault table (README, "Reliability"): for each fault, what the reader gets, that nothing corrupt is
served, and that it recovers once the fault clears. Disk full and a read-only store are real: a small tmpfs
mounted for the test (the tests run as root, as CI does)."""

from __future__ import annotations

import base64
import http.client
import io
import json
import logging
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from flask import Flask
from mp3_samples import mp3
from serving import serving

from readable import Readable, get_state
from readable.audio.mp3 import frames

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")
GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")
#: Long enough that the request right after a failure surely falls within it, on a loaded machine too.
FAILURE_RETRY = 3.0
root_only = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root (CI runs as root)")


def reply(audio: bytes) -> str:
    encoded = base64.b64encode(audio).decode()
    return ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]'


def make_app(store: Path, voices: tuple[str, ...] = ("gtts", "espeak"), **extra: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        TESTING=True, READABLE_VOICES=voices, READABLE_AUDIO_FOLDER=str(store), READABLE_GTTS_DEADLINE=0.5,
        READABLE_GTTS_TIMEOUT=(0.5, 0.5), **extra,
    )  # fmt: skip
    Readable(app)
    for voice in get_state(app).audio.chain().voices:
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]  # backoff is tested on its own
    return app


def key_of(app: Flask, html: str = SEED) -> str:
    with app.test_request_context("/"):
        key = get_state(app).extension.register(html).audio_key
    assert key is not None
    return key


def fetch(app: Flask, url: str) -> tuple[int, bytes, dict[str, str]]:
    response = app.test_client().get(url)
    body = response.data
    response.close()
    return response.status_code, body, dict(response.headers)


class Drip(io.RawIOBase):
    """A reply that arrives a few bytes at a time, each read well within the read timeout."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        time.sleep(0.05)
        chunk, self.data = self.data[:16], self.data[16:]
        buffer[: len(chunk)] = chunk
        return len(chunk)


FAULTS = {
    "timeouts": lambda: {"body": requests.exceptions.ReadTimeout("read timed out")},
    "429 storm": lambda: {"status": 429, "headers": {"Retry-After": "1"}},
    "503": lambda: {"status": 503},
    "reset mid-body": lambda: {"body": requests.exceptions.ChunkedEncodingError("connection reset by peer")},
    "slow drip": lambda: {"body": io.BufferedReader(Drip(reply(mp3(0.3)).encode()))},
    "malformed audio": lambda: {"body": reply(b"\xff\xfb not an mp3 frame at all" * 50)},
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_online_voice_faults_give_the_offline_voice_then_recover(tmp_path: Path, fault: str) -> None:
    app = make_app(tmp_path / "store", READABLE_FALLBACK_RETRY=0, READABLE_VOICE_COOLDOWN=60)
    key = key_of(app)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as google:
        google.add(responses.POST, GOOGLE, **FAULTS[fault]())
        status, body, headers = fetch(app, f"/readable/audio/{key}.mp3")
        asked = len(google.calls)
    assert status == 200 and frames(body) and headers["Cache-Control"] == "no-store"
    meta = fetch(app, f"/readable/audio/{key}.json")[1]
    assert b'"state":"provisional"' in meta and b'"voice":"espeak"' in meta
    # The circuit breaker: once Google failed, the other sentences did not each wait for it.
    assert asked <= 4 * 4 * 2
    # A second article while the breaker is open does not ask Google at all.
    other = key_of(app, "<p>Một bài khác. Hai câu.</p>")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as google:
        google.add(responses.POST, GOOGLE, **FAULTS[fault]())
        assert frames(fetch(app, f"/readable/audio/{other}.mp3")[1])
        assert len(google.calls) == 0
    # The fault clears (and the breaker's minute is over): the online voice makes the final audio.
    chain = get_state(app).audio.chain()
    chain._open_until.clear()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as google:
        google.add(responses.POST, GOOGLE, body=reply(mp3(0.3)))
        deadline = time.monotonic() + 30
        while b'"state":"ready"' not in fetch(app, f"/readable/audio/{key}.json")[1]:
            fetch(app, f"/readable/audio/{key}.mp3")
            assert time.monotonic() < deadline
            time.sleep(0.05)
    status, body, headers = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 200 and headers["Cache-Control"].startswith("public") and frames(body)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "mnt"
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def stream(url: str) -> tuple[int, bytes, bool]:
    """GET over real HTTP: status, the bytes received, and whether the response ended cleanly (a chunked
    response the server could not finish is cut off without its last chunk)."""
    with urllib.request.urlopen(url, timeout=60) as response:
        status, received = response.status, b""
        try:
            while chunk := response.read1(65536):
                received += chunk
        except http.client.IncompleteRead as error:
            return status, received + error.partial, False
        return status, received, True


@root_only
def test_disk_full_while_writing(tmpfs: Path) -> None:
    app = make_app(tmpfs / "store", ("espeak",), READABLE_FAILURE_RETRY=FAILURE_RETRY)
    key = key_of(app, SEED * 2)  # about 1.7 MB of audio for 160 kB of disk
    store = get_state(app).audio.store
    assert store is not None
    with serving(app) as server:
        url = f"http://127.0.0.1:{server.server_port}/readable/audio/{key}.mp3"
        status, body, whole = stream(url)
    # The listener's stream stops where the disk filled, as an error: it never looks like a whole file.
    assert status == 200 and len(body) < 160 * 1024 and not whole
    # Nothing is published, no partial file stays.
    assert store.audio(key) is None and store.meta(key) is None
    assert not list((tmpfs / "store" / "tmp").glob("*.part"))
    # Right after the failure, a clear answer rather than another doomed attempt.
    status, body, headers = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 503 and "Chưa tạo được âm thanh" in body.decode() and headers["Retry-After"] == "5"
    # Space comes back: the next request makes the whole audio.
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmpfs)], check=True)
    time.sleep(FAILURE_RETRY + 0.1)
    status, body, _ = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 200 and body == store.audio(key).read_bytes() and frames(body)  # type: ignore[union-attr]


def fill(disk: Path) -> Path:
    """Take every free byte of ``disk``: a file written until the disk refuses more."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


@root_only
def test_disk_full_when_a_generation_starts_then_space_returns(tmpfs: Path) -> None:
    app = make_app(tmpfs / "store", ("espeak",), READABLE_FAILURE_RETRY=FAILURE_RETRY)
    key = key_of(app, "<p>Một câu ngắn. Câu thứ hai.</p>")
    store = get_state(app).audio.store
    assert store is not None
    filler = fill(tmpfs)
    # Even the lock's few bytes cannot be written: a clear 503, not a 500, and no lock is kept.
    status, body, headers = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 503 and "Chưa tạo được âm thanh" in body.decode() and headers["Retry-After"] == "5"
    assert not store.is_locked(key)
    assert json.loads(fetch(app, f"/readable/audio/{key}.json")[1]) == {"state": "pending"}
    filler.unlink()
    time.sleep(FAILURE_RETRY + 0.1)
    status, body, _ = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 200 and frames(body) and body == store.audio(key).read_bytes()  # type: ignore[union-attr]
    assert json.loads(fetch(app, f"/readable/audio/{key}.json")[1])["state"] in ("ready", "provisional")


@root_only
def test_read_only_store(tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmpfs)], check=True)
    app = make_app(tmpfs / "store", ("espeak",), READABLE_FAILURE_RETRY=0)
    key = key_of(app)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    try:
        status, body, _ = fetch(app, f"/readable/audio/{key}.mp3")
        assert status == 503 and "Chưa tạo được âm thanh" in body.decode()
        # What the player polls still answers.
        status, body, _ = fetch(app, f"/readable/audio/{key}.json")
        assert status == 200 and json.loads(body) == {"state": "pending"}
        # A new article's page still renders, just without a player.
        with app.test_request_context("/"):
            html = get_state(app).extension.article("<p>Bài mới khi kho chỉ đọc.</p>")
        assert "Bài mới khi kho chỉ đọc." in html and "readable-player" not in html
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    status, body, _ = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 200 and frames(body)


@root_only
def test_store_turning_read_only_mid_generation(tmpfs: Path, caplog: pytest.LogCaptureFixture) -> None:
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmpfs)], check=True)
    app = make_app(tmpfs / "store", ("espeak",), READABLE_FAILURE_RETRY=FAILURE_RETRY)
    key = key_of(app)
    store = get_state(app).audio.store
    assert store is not None
    publish = store.finish

    def read_only_then_publish(*args: Any) -> None:
        # The audio is written; the store turns read-only just before it is published.
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
        publish(*args)

    store.finish = read_only_then_publish  # type: ignore[method-assign]
    try:
        with serving(app) as server, caplog.at_level(logging.ERROR, logger="readable"):
            status, _, whole = stream(f"http://127.0.0.1:{server.server_port}/readable/audio/{key}.mp3")
            assert status == 200 and not whole  # the listener's stream ends as an error
            # Logged, and the next request gets the clear 503 (the thread raised nothing unhandled:
            # pytest would fail the test on an unhandled thread exception).
            status, body, headers = fetch(app, f"/readable/audio/{key}.mp3")
            assert status == 503 and "Chưa tạo được âm thanh" in body.decode()
        events = [json.loads(r.getMessage())["event"] for r in caplog.records if r.getMessage()[:1] == "{"]
        assert "generation_failed" in events and "partial_left" in events
        assert len(list((tmpfs / "store" / "tmp").glob("*.part"))) == 1
    finally:
        store.finish = publish  # type: ignore[method-assign]
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    # Writable again: the partial file left behind is removed, and the audio is made whole.
    time.sleep(FAILURE_RETRY + 0.1)
    status, body, _ = fetch(app, f"/readable/audio/{key}.mp3")
    assert status == 200 and frames(body) and body == store.audio(key).read_bytes()  # type: ignore[union-attr]
    assert not list((tmpfs / "store" / "tmp").glob("*.part"))


def test_redis_dying_mid_queue(tmp_path: Path) -> None:
    from test_queue import free_port

    port = free_port()

    def start_redis() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        import socket

        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.05)

    redis = start_redis()
    app = make_app(tmp_path / "store", ("espeak",), READABLE_REDIS_URL=f"redis://127.0.0.1:{port}/0",
                   READABLE_QUEUE_WAIT=0.3)  # fmt: skip
    state = get_state(app)
    keys = [key_of(app, SEED + f"<p>Bản {n}.</p>") for n in range(3)]
    try:
        queue = state.audio.queue
        assert queue is not None and queue.enqueue(keys[0]) and queue.enqueue(keys[1])
        redis.send_signal(signal.SIGKILL)  # Redis dies with two jobs queued and no worker yet
        redis.wait(10)
        # Readers of a queued article still get audio: the web node makes it and says so.
        status, body, _ = fetch(app, f"/readable/audio/{keys[0]}.mp3")
        assert status == 200 and frames(body) and state.audio.metrics["queue_unavailable"] == 1
        assert fetch(app, f"/readable/audio/{keys[1]}.json")[0] == 200
        # Redis comes back (empty: the queued job is gone); the next request queues the article again.
        redis = start_redis()
        status, _, headers = fetch(app, f"/readable/audio/{keys[1]}.mp3")
        assert status == 503 and headers["Retry-After"] == "5"  # queued, waiting for a worker
        assert state.audio.metrics["queue_unavailable"] == 1 and state.audio.metrics["queued"] == 1
    finally:
        redis.send_signal(signal.SIGKILL)
        redis.wait(10)


@root_only
def test_prepare_in_a_publish_hook_never_raises_when_audio_cannot_be_made(tmpfs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=8m", str(tmpfs)], check=True)
    app = make_app(tmpfs / "store", ("espeak",))
    with app.app_context():
        from readable import make_audio

        first = get_state(app).extension.register(SEED).audio_key
        subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
        try:
            assert make_audio(SEED) == first  # registered before; the audio cannot be written now
            assert make_audio("<p>Bài đăng khi kho chỉ đọc.</p>") is None  # cannot even be registered
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
