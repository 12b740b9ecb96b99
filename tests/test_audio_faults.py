"""A generation killed halfway leaves nothing that is served as audio; a failing online voice still gives the
listener audio (the offline voice), kept as provisional and made again with the online voice later."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient
from mp3_samples import mp3
from serving import serving

from readable import Readable, get_state
from readable.audio.mp3 import ARTICLE_FORMAT, frames

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")
GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")

CHILD = """
import sys, time
from flask import Flask
from readable import Readable, get_state
app = Flask(__name__)
app.config.update(READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=sys.argv[1])
ext = Readable(app)
with app.test_request_context("/"):
    key = ext.register(open(sys.argv[2], encoding="utf-8").read()).audio_key
    print(key, flush=True)
    get_state().audio.jobs.start(key)
    time.sleep(600)
"""


def get(client: FlaskClient, url: str):  # type: ignore[no-untyped-def]
    """GET, read the body and close the response (file responses hold an open file)."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def make_app(folder: Path, voices: tuple[str, ...] = ("espeak",), **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_VOICES=voices, READABLE_AUDIO_FOLDER=str(folder), **config)
    Readable(app)
    return app


def test_a_generation_killed_midway_leaves_no_servable_file(tmp_path: Path) -> None:
    store_dir, article = tmp_path / "store", tmp_path / "long.html"
    article.write_text(SEED * 6, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store_dir), str(article)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    key = child.stdout.readline().strip()
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 20_000 for p in (store_dir / "tmp").glob(f"{key}.*.part")):
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    child.stdout.close()

    app = make_app(store_dir)
    store = get_state(app).audio.store
    assert store is not None
    assert store.audio(key) is None and store.meta(key) is None
    orphans = list((store_dir / "tmp").glob(f"{key}.*.part"))
    assert len(orphans) == 1  # the half-written file is there, and is not what gets served

    client = app.test_client()
    assert get(client, f"/readable/audio/{key}.json").json == {"state": "pending"}
    body = get(client, f"/readable/audio/{key}.mp3").data
    final = store.audio(key)
    assert final is not None and final.read_bytes() == body
    assert len(frames(body)) > len(frames(orphans[0].read_bytes()[: orphans[0].stat().st_size]))


def test_listeners_of_a_generation_killed_midway_get_an_error_not_a_short_file(tmp_path: Path) -> None:
    """Another process on the host generates; it dies while this one's listener streams its file."""
    store_dir, article = tmp_path / "store", tmp_path / "long.html"
    article.write_text(SEED * 6, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(store_dir), str(article)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    key = child.stdout.readline().strip()
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 20_000 for p in (store_dir / "tmp").glob(f"{key}.*.part")):
        assert time.monotonic() < deadline, "the child never started writing"
        time.sleep(0.02)
    app = make_app(store_dir)
    with serving(app) as server:
        url = f"http://127.0.0.1:{server.server_port}/readable/audio/{key}.mp3"
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read1(65536)  # the listener is following the child's file
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            child.stdout.close()
            with pytest.raises(http.client.IncompleteRead) as cut:
                while chunk := response.read1(65536):
                    body += chunk
            body += cut.value.partial
    assert response.status == 200 and frames(body)
    assert get_state(app).audio.store.audio(key) is None  # type: ignore[union-attr]


def test_a_download_is_only_ever_the_finished_file(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    client = app.test_client()
    with app.test_request_context("/"):
        key = get_state(app).extension.register(SEED).audio_key
    first = get(client, f"/readable/audio/{key}.mp3?download=1")
    # Not made yet: a 503 to come back later, never a stream of what exists so far. It starts the audio.
    assert first.status_code == 503 and first.headers["Retry-After"] == "5"
    assert "Content-Disposition" not in first.headers and get_state(app).audio.jobs.generations == 1  # type: ignore[union-attr]
    deadline = time.monotonic() + 60
    while (done := get(client, f"/readable/audio/{key}.mp3?download=1")).status_code != 200:
        assert time.monotonic() < deadline and done.status_code == 503
        time.sleep(0.1)
    assert done.headers["Content-Disposition"].startswith("attachment")
    assert done.data == get_state(app).audio.store.audio(key).read_bytes()  # type: ignore[union-attr]


def google_reply(audio: bytes) -> str:
    import base64

    return (
        ')]}\'\n[["wrb.fr","jQ1olc","[\\"'
        + base64.b64encode(audio).decode()
        + '\\"]",null,null,null,"generic"]]'
    )


@responses.activate
def test_google_failing_gives_offline_audio_then_the_online_voice_once_it_is_back(tmp_path: Path) -> None:
    responses.add(responses.POST, GOOGLE, status=503)
    app = make_app(
        tmp_path / "store", ("gtts", "espeak"), READABLE_FALLBACK_RETRY=0, READABLE_VOICE_COOLDOWN=0
    )
    # No waiting between retries in this test: the adapter's backoff is tested on its own.
    chain = app.extensions["readable"]
    with app.test_request_context("/"):
        key = chain.extension.register(SEED, date="2020-12-24").audio_key
    client = app.test_client()

    for voice in get_state(app).audio.chain().voices:
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]

    first = get(client, f"/readable/audio/{key}.mp3")
    assert first.status_code == 200 and frames(first.data)
    meta = get(client, f"/readable/audio/{key}.json").json
    assert meta["state"] == "provisional" and meta["voice"] == "espeak"
    assert get(client, f"/readable/audio/{key}.mp3").headers["Cache-Control"] == "no-cache"

    # Google answers again: the next request still gets the audio there is, and a new generation starts.
    responses.replace(responses.POST, GOOGLE, body=google_reply(mp3(0.4)))
    served = get(client, f"/readable/audio/{key}.mp3")
    assert served.data == first.data
    deadline = time.monotonic() + 30
    # Each request for provisional audio starts a new attempt once the last one is over (one may still have
    # been running under the 503s when Google came back).
    while (meta := get(client, f"/readable/audio/{key}.json").json).get("state") != "ready":
        assert time.monotonic() < deadline, meta
        get(client, f"/readable/audio/{key}.mp3")
        time.sleep(0.05)
    meta = get(client, f"/readable/audio/{key}.json").json
    assert meta["voice"] == "gtts" and {s["voice"] for s in meta["sentences"]} == {"gtts"}
    final = get(client, f"/readable/audio/{key}.mp3")
    assert final.headers["Cache-Control"].startswith("public") and final.data != first.data
    assert {f.format for f in frames(final.data)} == {ARTICLE_FORMAT}


@pytest.mark.parametrize("status", [429, 500, 503])
@responses.activate
def test_every_listener_gets_playable_audio_whatever_google_answers(tmp_path: Path, status: int) -> None:
    responses.add(responses.POST, GOOGLE, status=status)
    app = make_app(tmp_path / "store", ("gtts", "espeak"))

    for voice in get_state(app).audio.chain().voices:
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]
    with app.test_request_context("/"):
        key = app.extensions["readable"].extension.register("<p>Một câu ngắn. Câu thứ hai.</p>").audio_key
    body = get(app.test_client(), f"/readable/audio/{key}.mp3").data
    assert frames(body)
