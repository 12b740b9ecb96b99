"""Metrics (prometheus_client): per application in one process, summed over a gunicorn server's workers."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families
from serving import free_port

from readable import Readable, get_state
from readable.demo import load_articles

pytestmark = pytest.mark.skipif(
    "PROMETHEUS_MULTIPROC_DIR" in os.environ, reason="these tests set the multiprocess mode themselves"
)


def samples(text: str) -> dict[str, float]:
    """The exposition's unlabelled samples (counters, histogram counts and sums) by name."""
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


def make_app(folder: Path) -> Flask:
    app = Flask(__name__)
    app.config.update(
        TESTING=True, READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(folder), READABLE_METRICS=True
    )
    Readable(app)
    return app


def test_each_app_has_its_own_metrics_with_histograms(tmp_path: Path) -> None:
    app, other = make_app(tmp_path / "one"), make_app(tmp_path / "two")
    with app.test_request_context("/"):
        key = get_state(app).extension.register("<p>Bài một. Có 2.500 người dự.</p>").audio_key
    client = app.test_client()
    bodies = []
    for headers in ({}, {}, {"Range": "bytes=0-99"}):  # made while streamed, then twice from the store
        response = client.get(f"/readable/audio/{key}.mp3", headers=headers)
        bodies.append(response.data)
        response.close()
    assert len(bodies[2]) == 100 and bodies[0] == bodies[1]
    values = samples(client.get("/readable/metrics").text)
    assert values["readable_generations_total"] == 1 and values["readable_cache_hits_total"] == 2
    assert values["readable_generation_seconds_count"] == 1 and values["readable_generation_seconds_sum"] > 0
    assert values["readable_first_byte_seconds_count"] == 1
    assert values["readable_audio_served_bytes_count"] == 3
    assert values["readable_audio_served_bytes_sum"] == sum(map(len, bodies))
    # Another app in the same process counts on its own.
    values = samples(other.test_client().get("/readable/metrics").text)
    assert values["readable_generations_total"] == 0 and values["readable_audio_served_bytes_count"] == 0


def test_a_multiprocess_folder_that_cannot_work_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="PROMETHEUS_MULTIPROC_DIR must be an existing folder"):
        make_app(tmp_path / "audio")
    # This process imported prometheus_client without it: its values would never reach the folder.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="set after prometheus_client was imported"):
        make_app(tmp_path / "audio")



def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """The demo under gunicorn with two sync workers sharing a multiprocess folder: (port, access log)."""
    port = free_port()
    access = tmp_path / "access.log"
    (tmp_path / "prometheus").mkdir()
    config = {
        "READABLE_AUDIO_FOLDER": str(tmp_path / "audio"),
        "READABLE_VOICES": ("espeak",),
        "READABLE_METRICS": True,
    }
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus")}
    with (tmp_path / "gunicorn.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
             "--timeout", "60", "--access-logfile", str(access), "--access-logformat", "%(p)s %(U)s %(s)s",
             f"readable.demo:create_app({config!r})"],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/readable/metrics")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
        yield port, access
    finally:
        server.terminate()
        server.wait(30)


def test_one_scrape_sums_every_gunicorn_worker(gunicorn: tuple[int, Path]) -> None:
    port, access = gunicorn
    audio = []
    for article in load_articles()[:3]:  # the Vietnamese ones
        page = get(port, f"/bai-viet/{article.slug}")[1].decode()
        audio.append(re.search(r"/readable/audio/[0-9a-f]{32}\.mp3", page).group(0))  # type: ignore[union-attr]
    # Both workers up and answering before the counted requests (a worker still booting takes none).
    deadline = time.monotonic() + 30
    while len({x.split()[0] for x in access.read_text().splitlines()}) < 2:
        assert time.monotonic() < deadline, "the second worker never answered"
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda _: get(port, "/readable/metrics"), range(2)))
    # Three articles made at once: a sync worker serves one request at a time, so both workers take some.
    with ThreadPoolExecutor(max_workers=3) as pool:
        made = list(pool.map(lambda path: get(port, path), audio))
    hits = [(path, {"Range": "bytes=0-999"} if n % 2 else {}) for n, path in enumerate(audio * 2)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        served = list(pool.map(lambda hit: get(port, *hit), hits))
    assert {status for status, _ in made} == {200} and {status for status, _ in served} == {200, 206}

    deadline = time.monotonic() + 10
    while len(lines := [x.split() for x in access.read_text().splitlines() if ".mp3" in x]) < len(audio) * 3:
        assert time.monotonic() < deadline, lines  # a worker logs a request just after its last byte
        time.sleep(0.05)
    workers = {pid for pid, _, _ in lines}
    assert len(workers) == 2, f"every audio request landed on one worker: {lines}"
    with ThreadPoolExecutor(max_workers=4) as pool:  # scrapes answered by either worker
        scrapes = [
            samples(body.decode()) for _, body in pool.map(lambda _: get(port, "/readable/metrics"), range(4))
        ]
    for values in scrapes:
        assert values["readable_generations_total"] == 3
        assert values["readable_cache_hits_total"] == 6
        assert values["readable_generation_seconds_count"] == 3
        assert values["readable_first_byte_seconds_count"] == 3
        assert values["readable_audio_served_bytes_count"] == 9
        assert values["readable_audio_served_bytes_sum"] == sum(len(body) for _, body in made + served)
