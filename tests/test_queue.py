"""Generation on a real Redis with RQ workers in their own processes (the tests start their own server)."""

from __future__ import annotations

import logging
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from serving import free_port

from readable import Readable, get_state
from readable.audio.mp3 import frames

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")
pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs redis-server (scripts/test)"
)



@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            pass
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def config(store: Path, redis_url: str, **extra: object) -> dict[str, object]:
    return {"READABLE_AUDIO_FOLDER": str(store), "READABLE_REDIS_URL": redis_url,
            "READABLE_VOICES": ("espeak",), **extra}  # fmt: skip


def make_app(store: Path, redis_url: str, **extra: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **config(store, redis_url, **extra))
    Readable(app)
    return app


def worker(store: Path, redis_url: str, *args: str) -> subprocess.Popen[bytes]:
    factory = f"readable.demo:create_app({config(store, redis_url)!r})"
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", factory, "readable", "worker", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def articles(count: int) -> list[str]:
    """Different articles: the seed under other titles and with a numbered first paragraph."""
    return [SEED.replace("Hương Dịu", f"Phóng viên số {n}").replace("<p>Phát", f"<p>Tin số {n}. Phát", 1)
            for n in range(count)]  # fmt: skip


def test_several_workers_drain_the_queue_nothing_lost_nothing_made_twice(
    tmp_path: Path, redis_url: str
) -> None:
    store = tmp_path / "store"
    app = make_app(store, redis_url)
    state = get_state(app)
    assert state.audio.queue is not None and state.audio.store is not None
    with app.test_request_context("/"):
        keys = [state.extension.register(html).audio_key for html in articles(8)]
    assert None not in keys and len(set(keys)) == 8
    queue = state.audio.queue
    queued = [queue.enqueue(key) for key in keys] + [queue.enqueue(key) for key in keys]  # type: ignore[arg-type]
    assert queued == [True] * 8 + [False] * 8  # asking twice queues once
    # Even a job that does slip in twice (another web node, a retried job) is made once.
    state.audio.queue.queue().enqueue("readable.queue.generate_job", keys[0], job_id="readable-duplicate")

    workers = [worker(store, redis_url, "--burst") for _ in range(3)]
    for proc in workers:
        assert proc.wait(180) == 0
    redis = state.audio.queue.redis
    for key in keys:
        audio = state.audio.store.audio(key)  # type: ignore[arg-type]
        assert audio is not None and frames(audio.read_bytes())
        assert int(redis.get(f"readable:made:{key}")) == 1
    from rq.registry import FailedJobRegistry, FinishedJobRegistry

    queue = state.audio.queue.queue()
    assert len(FinishedJobRegistry(queue=queue)) == 9 and len(FailedJobRegistry(queue=queue)) == 0
    assert not list((store / "tmp").glob("*.part"))


def test_a_worker_killed_mid_job_is_retried_and_nothing_corrupt_is_left(
    tmp_path: Path, redis_url: str
) -> None:
    store = tmp_path / "store"
    app = make_app(store, redis_url)
    state = get_state(app)
    with app.test_request_context("/"):
        key = state.extension.register(SEED * 6).audio_key
    assert key is not None and state.audio.queue is not None and state.audio.store is not None
    state.audio.queue.enqueue(key)
    proc = worker(store, redis_url)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size > 20_000 for p in (store / "tmp").glob(f"{key}.*.part")):
            assert time.monotonic() < deadline, "the worker never started writing"
            time.sleep(0.02)
        # The process making the audio (RQ's work horse, a child of the worker) dies without warning.
        horse = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert horse, "no work horse"
        subprocess.run(["kill", "-KILL", *horse], check=True)
        assert state.audio.store.audio(key) is None  # nothing half-made is published
        deadline = time.monotonic() + 120
        while state.audio.store.audio(key) is None or state.audio.store.meta(key) is None:
            assert time.monotonic() < deadline, "the job was not retried"
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    served = app.test_client().get(f"/readable/audio/{key}.mp3")
    body = served.data
    served.close()
    assert body == state.audio.store.audio(key).read_bytes() and frames(body)  # type: ignore[union-attr]
    assert int(state.audio.queue.redis.get(f"readable:made:{key}")) == 1
    # The killed horse's partial file is an orphan: never served, and cleaned by the store's pruning.
    orphans = list((store / "tmp").glob(f"{key}.*.part"))
    assert len(orphans) == 1
    assert state.audio.store.prune(None, partial_age=0).partials == 1


def test_web_nodes_wait_for_a_worker_and_show_progress(tmp_path: Path, redis_url: str) -> None:
    store = tmp_path / "store"
    app = make_app(store, redis_url, READABLE_QUEUE_WAIT=0.5)
    state = get_state(app)
    client = app.test_client()
    with app.test_request_context("/"):
        key = state.extension.register(SEED).audio_key
    busy = client.get(f"/readable/audio/{key}.mp3")
    busy.close()
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "Âm thanh đang được tạo" in busy.text
    assert client.get(f"/readable/audio/{key}.json").json == {"state": "queued"}
    assert state.audio.jobs.generations == 0  # type: ignore[union-attr]  # a web node only enqueues

    seen = set()
    proc = worker(store, redis_url)
    try:
        deadline = time.monotonic() + 60
        while (meta := client.get(f"/readable/audio/{key}.json").json)["state"] not in (
            "ready",
            "provisional",
        ):
            seen.add(meta["state"])
            if meta["state"] == "generating":
                assert 0 <= meta["done"] <= meta["total"] == 26
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert "queued" in seen
    done = client.get(f"/readable/audio/{key}.mp3")
    assert done.status_code == 200 and frames(done.data)
    done.close()


def test_a_request_for_cold_audio_never_holds_a_thread_waiting_for_the_queue(
    tmp_path: Path, redis_url: str
) -> None:
    """Clients that hang up must not leave the web node's threads waiting for a worker: whatever
    READABLE_QUEUE_WAIT says (deprecated), the answer comes at once and the player follows <key>.json."""
    app = make_app(tmp_path / "store", redis_url, READABLE_QUEUE_WAIT=600)
    state = get_state(app)
    with app.test_request_context("/"):
        keys = [state.extension.register(html).audio_key for html in articles(4)]
    answers: list[tuple[int, str]] = []

    def ask(key: str | None) -> None:
        response = app.test_client().get(f"/readable/audio/{key}.mp3")
        answers.append((response.status_code, response.headers["Retry-After"]))
        response.close()

    threads = [threading.Thread(target=ask, args=(key,), daemon=True) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)  # far less than READABLE_QUEUE_WAIT
    assert answers == [(503, "5")] * 4
    assert all(app.test_client().get(f"/readable/audio/{key}.json").json == {"state": "queued"}
               for key in keys)  # fmt: skip
    # HEAD says the same and queues nothing.
    with app.test_request_context("/"):
        other = state.extension.register(SEED + "<p>Thêm.</p>").audio_key
    head = app.test_client().head(f"/readable/audio/{other}.mp3")
    head.close()
    assert head.status_code == 503 and state.audio.queue.progress(other) is None  # type: ignore[union-attr, arg-type]


def test_redis_unavailable_the_web_node_makes_the_audio_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(tmp_path / "store", f"redis://127.0.0.1:{free_port()}/0")
    with app.test_request_context("/"):
        key = get_state(app).extension.register(SEED).audio_key
    with caplog.at_level(logging.WARNING, logger="readable"):
        response = app.test_client().get(f"/readable/audio/{key}.mp3")
        body = response.data
        response.close()
    assert response.status_code == 200 and frames(body)
    assert any("queue_unavailable" in r.getMessage() and "generating in this process" in r.getMessage()
               for r in caplog.records)  # fmt: skip
    assert get_state(app).audio.metrics["queue_unavailable"] == 1
