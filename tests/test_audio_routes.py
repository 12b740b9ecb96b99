"""The audio routes end to end, with the real offline voice writing real MP3 into a real store."""

from __future__ import annotations

import json
import os
import re
import stat
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from serving import serving

from readable import Readable, get_state
from readable.audio import id3
from readable.audio.mp3 import ARTICLE_FORMAT, frames
from readable.audio.script import CUT_NOTE

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


def make_app(tmp_path: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        READABLE_VOICES=("espeak",),
        READABLE_AUDIO_FOLDER=str(tmp_path / "store"),
        READABLE_SITE_NAME="Cổng thông tin",
        **config,
    )
    Readable(app)

    @app.get("/bai-viet")
    def article() -> str:
        from flask import render_template_string, request

        html = SEED * int(request.args.get("times", "1"))
        return render_template_string("{{ readable_article(html, date='2020-12-24') }}", html=html)

    return app


def get(client: FlaskClient, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """GET, read the whole body and close the response (file responses hold an open file)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


def audio_key(client: FlaskClient, path: str = "/bai-viet") -> str:
    page = client.get(path).text
    match = re.search(r"/readable/audio/([0-9a-f]{32})\.mp3", page)
    assert match, "the wrapper offers no audio"
    return match.group(1)


def test_the_player_without_javascript_is_a_native_audio_element(client: FlaskClient) -> None:
    soup = BeautifulSoup(client.get("/bai-viet").text, "html.parser")
    audio = soup.select_one(".readable-player audio")
    assert audio is not None and audio.has_attr("controls") and audio["preload"] == "none"
    assert not audio.has_attr("autoplay")
    download = soup.select_one(".readable-player a[download]")
    assert download.get_text() == "Tải MP3" and download["href"].endswith(".mp3?download=1")


def test_first_request_streams_then_the_file_is_served_with_ranges_and_etags(
    app: Flask, client: FlaskClient
) -> None:
    key = audio_key(client)
    assert get(client, f"/readable/audio/{key}.json").json == {"state": "pending"}
    first = get(client, f"/readable/audio/{key}.mp3")
    assert first.status_code == 200 and first.mimetype == "audio/mpeg"
    assert first.headers["Cache-Control"] == "no-store"
    body = first.data
    tags = id3.read(body)
    assert tags["TIT2"].startswith("Tổng kết công tác") and tags["TPE1"] == "Cổng thông tin"
    assert tags["TDRC"] == "2020-12-24" and tags["TLAN"] == "vie"
    found = frames(body)
    assert {f.format for f in found} == {ARTICLE_FORMAT}

    meta = get(client, f"/readable/audio/{key}.json").json
    assert meta["state"] == "provisional" or meta["voice"] == "espeak"
    sentences = meta["sentences"]
    assert len(sentences) == 26 and sentences[0]["block_id"] and sentences[-1]["start"] > 60
    # Per-sentence times come from the frames: they tile the file, and add up to its duration.
    assert sentences[0]["start"] == 0
    assert all(a["end"] == pytest.approx(b["start"]) for a, b in zip(sentences, sentences[1:], strict=False))
    total = sum(s["end"] - s["start"] for s in sentences)
    assert abs(total - len(found) * ARTICLE_FORMAT.frame_seconds) <= ARTICLE_FORMAT.frame_seconds
    assert meta["duration"] == pytest.approx(len(found) * ARTICLE_FORMAT.frame_seconds, abs=0.001)

    vtt = get(client, f"/readable/audio/{key}.vtt")
    assert vtt.mimetype == "text/vtt" and vtt.text.startswith("WEBVTT")
    assert vtt.text.count(" --> ") == 26 and "Hương Dịu" in vtt.text

    again = get(client, f"/readable/audio/{key}.mp3")
    assert again.data == body
    assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert again.headers["Accept-Ranges"] == "bytes" and again.headers["ETag"]
    ranged = get(client, f"/readable/audio/{key}.mp3", headers={"Range": "bytes=100-1099"})
    assert ranged.status_code == 206 and ranged.data == body[100:1100]
    assert ranged.headers["Content-Range"] == f"bytes 100-1099/{len(body)}"
    cached = get(client, f"/readable/audio/{key}.mp3", headers={"If-None-Match": again.headers["ETag"]})
    assert cached.status_code == 304 and cached.data == b""
    download = get(client, f"/readable/audio/{key}.mp3?download=1")
    assert download.headers["Content-Disposition"].startswith("attachment; filename=tong-ket-cong-tac")
    assert get_state(app).audio.jobs.generations == 1  # type: ignore[union-attr]


def test_head_starts_nothing_and_says_what_a_get_would(app: Flask, client: FlaskClient) -> None:
    key = audio_key(client)
    head = client.head(f"/readable/audio/{key}.mp3")
    head.close()
    assert head.status_code == 200 and head.mimetype == "audio/mpeg" and head.data == b""
    jobs = get_state(app).audio.jobs
    assert jobs is not None and jobs.generations == 0 and not jobs.is_running(key)
    assert get(client, f"/readable/audio/{key}.json").json == {"state": "pending"}
    body = get(client, f"/readable/audio/{key}.mp3").data
    head = client.head(f"/readable/audio/{key}.mp3")
    head.close()
    assert head.headers["Content-Length"] == str(len(body)) and head.headers["ETag"]
    assert jobs.generations == 1


def test_a_suffix_range_longer_than_the_file_is_the_whole_file(client: FlaskClient) -> None:
    key = audio_key(client)
    body = get(client, f"/readable/audio/{key}.mp3").data
    whole = get(client, f"/readable/audio/{key}.mp3", headers={"Range": "bytes=-999999999"})
    assert whole.status_code == 206 and whole.data == body  # RFC 9110, 14.1.2
    assert whole.headers["Content-Range"] == f"bytes 0-{len(body) - 1}/{len(body)}"
    tail = get(client, f"/readable/audio/{key}.mp3", headers={"Range": "bytes=-100"})
    assert tail.status_code == 206 and tail.data == body[-100:]


def test_store_files_share_one_mode_from_the_umask(app: Flask, client: FlaskClient) -> None:
    key = audio_key(client)
    get(client, f"/readable/audio/{key}.mp3")
    store = get_state(app).audio.store
    assert store is not None
    umask = os.umask(0o022)
    os.umask(umask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in store.root.glob("*/*") if p.is_file()}
    assert {f"{key}{s}" for s in (".json", ".mp3", ".meta.json", ".vtt")} <= set(modes)
    assert set(modes.values()) == {0o666 & ~umask}, modes


@pytest.mark.parametrize(
    "path",
    [
        "/readable/audio/0123456789abcdef0123456789abcdef.mp3",
        "/readable/audio/0123456789abcdef0123456789abcdef.json",
        "/readable/audio/0123456789abcdef0123456789abcdef.vtt",
        "/readable/audio/0123456789ABCDEF0123456789ABCDEF.mp3",
        "/readable/audio/..%2F..%2Fetc%2Fpasswd.mp3",
        "/readable/audio/zz.mp3",
        "/readable/audio/" + "a" * 300 + ".mp3",
        "/readable/audio/%00.json",
    ],
)
def test_unknown_or_malformed_keys_are_404_and_start_nothing(
    app: Flask, client: FlaskClient, path: str
) -> None:
    response = get(client, path)
    assert response.status_code == 404
    assert get_state(app).audio.jobs.generations == 0  # type: ignore[union-attr]


def test_a_long_article_is_cut_at_a_sentence_boundary_with_a_spoken_note(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_MAX_SPEECH_CHARS=400)
    key = audio_key(app.test_client())
    manifest = get_state(app).audio.store.manifest(key)  # type: ignore[union-attr]
    assert manifest is not None
    said = [s["spoken"] for s in manifest["sentences"]]
    assert said[-1] == CUT_NOTE and 1 < len(said) < 6
    assert sum(len(s) for s in said[:-1]) <= 400 + len(said[-2])


@pytest.fixture
def server(app: Flask) -> Iterator[str]:
    with serving(app) as srv:
        yield f"http://127.0.0.1:{srv.server_port}"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()  # type: ignore[no-any-return]


def test_fifty_concurrent_first_requests_make_one_generation_and_identical_bytes(
    app: Flask, server: str
) -> None:
    page = fetch(server + "/bai-viet?times=2").decode()
    key = re.search(r"/readable/audio/([0-9a-f]{32})\.mp3", page).group(1)  # type: ignore[union-attr]
    with ThreadPoolExecutor(max_workers=50) as pool:
        bodies = list(pool.map(fetch, [f"{server}/readable/audio/{key}.mp3"] * 50))
    state = get_state(app)
    assert state.audio.jobs.generations == 1  # type: ignore[union-attr]
    final = state.audio.store.audio(key).read_bytes()  # type: ignore[union-attr]
    assert all(body == final for body in bodies)
    assert frames(final) and json.loads(fetch(f"{server}/readable/audio/{key}.json"))["state"] in (
        "ready",
        "provisional",
    )


def test_two_processes_on_one_host_share_one_generation(tmp_path: Path) -> None:
    """Two apps over one store stand for two worker processes: the key's file lock (flock, which is held
    per open file, so it separates two Jobs in one process as it separates two processes) elects one
    generator, and the other streams its partial file."""
    apps = []
    for _ in range(2):
        app = Flask(__name__)
        app.config.update(READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(tmp_path / "shared"))
        Readable(app)
        apps.append(app)
    with apps[0].test_request_context("/"):
        key = apps[0].extensions["readable"].extension.register(SEED * 3).audio_key
    with serving(apps[0]) as one, serving(apps[1]) as two:
        urls = [f"http://127.0.0.1:{srv.server_port}/readable/audio/{key}.mp3" for srv in (one, two)] * 10
        with ThreadPoolExecutor(max_workers=20) as pool:
            bodies = list(pool.map(fetch, urls))
    made = [get_state(app).audio.jobs.generations for app in apps]  # type: ignore[union-attr]
    assert sorted(made) == [0, 1]
    final = get_state(apps[0]).audio.store.audio(key).read_bytes()  # type: ignore[union-attr]
    assert all(body == final for body in bodies) and frames(final)


def test_sentence_offsets_are_utf16_units_as_the_browser_counts() -> None:
    from readable.article import clean
    from readable.audio.script import manifest

    article = clean("<p>Xin chào 😀 bạn. Câu hai 😀😀 nữa.</p>")
    text = article.blocks[0].text
    spans = [(s["from"], s["to"]) for s in manifest(article)["sentences"]]
    utf16 = text.encode("utf-16-le")
    assert [utf16[a * 2 : b * 2].decode("utf-16-le") for a, b in spans] == [
        "Xin chào 😀 bạn.",
        "Câu hai 😀😀 nữa.",
    ]
    assert spans[1][0] == 17 != text.index("Câu")  # past one emoji, UTF-16 is one unit ahead
