"""Limits with clear answers (413, 429, a message, a spoken note) and the blueprint's security headers."""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask, render_template_string
from flask.testing import FlaskClient
from serving import serving

from readable import Readable, get_state
from readable.audio.script import CUT_NOTE
from readable.jobs import Busy
from readable.views import IMMUTABLE

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")


def make_app(tmp_path: Path, **extra: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(tmp_path), **extra)
    Readable(app)

    @app.post("/page")
    def page() -> str:
        from flask import request

        return render_template_string("{{ readable_article(html) }}", html=request.form["html"])

    return app


def test_an_article_over_the_size_limit_gets_its_text_and_a_clear_message(tmp_path: Path) -> None:
    client = make_app(tmp_path, READABLE_MAX_ARTICLE_BYTES=50_000).test_client()
    paragraph = "<p>Đoạn <b>văn</b> số {n} &amp; hết.</p><script>bí mật {n}</script>"
    html = "".join(paragraph.format(n=n) for n in range(2000))  # 130 KB: 2.6 times the limit
    big = client.post("/page", data={"html": html})
    assert big.status_code == 200
    assert "Bài viết quá dài (" in big.text
    assert "KB, giới hạn 49 KB) để hiển thị đầy đủ và để nghe" in big.text
    # Nothing of the text is lost: every paragraph is there, escaped, and no script's content.
    assert all(f"<p>Đoạn văn số {n} &amp; hết.</p>" in big.text for n in range(2000))
    assert "bí mật" not in big.text and "<script" not in big.text.split('class="readable-article"')[1]
    assert "/readable/audio/" not in big.text
    small = client.post("/page", data={"html": "<p>Đoạn văn.</p>"})
    assert "Đoạn văn." in small.text and "quá dài" not in small.text


def test_the_plain_text_of_a_huge_article_is_bounded_with_a_note(tmp_path: Path) -> None:
    from readable.extension import TEXT_LIMIT

    client = make_app(tmp_path, READABLE_MAX_ARTICLE_BYTES=1000).test_client()
    html = "".join(f"<p>Đoạn {n}.</p>" for n in range(2000))  # about 30 KB: 30 times the limit
    huge = client.post("/page", data={"html": html})
    assert huge.status_code == 200 and "<p>Đoạn 0.</p>" in huge.text
    # About 16 characters a paragraph: the text of the first TEXT_LIMIT * 1000 characters, about 250 of them.
    assert TEXT_LIMIT == 4 and "<p>Đoạn 200.</p>" in huge.text and "Đoạn 300." not in huge.text
    assert "Phần còn lại của bài viết quá dài nên không được hiển thị." in huge.text
    whole = client.post("/page", data={"html": html[: 3 * 1000]})
    assert "Phần còn lại" not in whole.text and "dưới đây là nội dung dạng chữ" in whole.text


def test_an_article_with_too_many_elements_gets_its_text_and_a_clear_message(tmp_path: Path) -> None:
    client = make_app(tmp_path, READABLE_MAX_ARTICLE_ELEMENTS=1000).test_client()
    html = "".join(f"<i>từ{n}</i> " for n in range(1500))
    many = client.post("/page", data={"html": html})
    assert many.status_code == 200
    assert "Bài viết có quá nhiều thành phần (1500 thẻ, giới hạn 1000)" in many.text
    assert " ".join(f"từ{n}" for n in range(1500)) in many.text
    assert "/readable/audio/" not in many.text and "<i>" not in many.text
    fewer = client.post("/page", data={"html": html[: len(html) // 2]})
    assert "<i>từ0</i>" in fewer.text and "quá nhiều" not in fewer.text


def test_the_script_is_cut_at_the_sentence_limit_with_a_spoken_note(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_MAX_SENTENCES=5)
    state = get_state(app)
    with app.test_request_context("/"):
        key = state.extension.register(SEED).audio_key
    manifest = state.audio.store.manifest(key)  # type: ignore[union-attr, arg-type]
    assert manifest is not None and len(manifest["sentences"]) == 6
    assert manifest["sentences"][-1]["spoken"] == CUT_NOTE


def test_concurrent_generations_per_client_and_overall_get_429(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_MAX_GENERATIONS=3, READABLE_MAX_GENERATIONS_PER_CLIENT=1)
    state = get_state(app)
    jobs, store = state.audio.jobs, state.audio.store
    assert jobs is not None and store is not None
    with app.test_request_context("/"):
        keys = [state.extension.register(SEED + f"<p>Bản {n}.</p>").audio_key for n in range(5)]
    # Hold the generations open: the voice waits until the test lets it go.
    gate = threading.Event()
    chain = jobs.chain()
    original = chain.synthesize

    def slow(text: str, audio_format: object) -> tuple[bytes, str]:
        gate.wait(20)
        return original(text, audio_format)  # type: ignore[arg-type]

    chain.synthesize = slow  # type: ignore[method-assign]
    try:
        client = app.test_client()

        def ask(key: str | None, addr: str) -> int:
            response = client.get(
                f"/readable/audio/{key}.mp3", environ_base={"REMOTE_ADDR": addr}, buffered=False
            )
            status = response.status_code
            if status == 429:
                assert "Quá nhiều yêu cầu" in response.text and response.headers["Retry-After"] == "5"
            response.close()
            return status

        assert ask(keys[0], "10.0.0.1") == 200
        assert ask(keys[1], "10.0.0.1") == 429  # one per listener
        assert ask(keys[0], "10.0.0.9") == 200  # joining a running generation is always fine
        assert ask(keys[1], "10.0.0.2") == 200
        assert ask(keys[2], "10.0.0.3") == 200
        assert ask(keys[3], "10.0.0.4") == 429  # three at once in this process
        try:
            jobs.start(keys[4], client="10.0.0.5")
            raise AssertionError("expected Busy")
        except Busy as error:
            assert "too many generations at once" in str(error)
    finally:
        gate.set()
        chain.synthesize = original  # type: ignore[method-assign]


def test_the_preference_form_refuses_large_bodies_with_413(client: FlaskClient) -> None:
    response = client.post("/readable/prefs", data={"size": "larger", "next": "/" + "a" * 10_000})
    assert response.status_code == 413


def test_security_headers(client: FlaskClient, app: Flask) -> None:
    page = client.get("/article")
    assert page.headers["Cache-Control"] == "private" and "Cookie" in page.headers["Vary"]
    form = client.post("/readable/prefs", data={"size": "larger", "next": "/article"})
    assert form.headers["Cache-Control"] == "no-store" and form.headers["X-Content-Type-Options"] == "nosniff"
    with app.test_request_context("/"):
        url = render_template_string("{{ readable_head() }}").split('href="')[1].split('"')[0]
    static = client.get(url)
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert static.headers["X-Content-Type-Options"] == "nosniff" and static.mimetype == "text/css"
    static.close()
    with app.test_request_context("/"):
        key = get_state(app).extension.register(SEED).audio_key
    audio = client.get(f"/readable/audio/{key}.mp3")
    assert audio.mimetype == "audio/mpeg" and audio.headers["X-Content-Type-Options"] == "nosniff"
    assert audio.data.startswith(b"ID3")  # read to the end: the generation is then finished
    audio.close()
    cues = client.get(f"/readable/audio/{key}.vtt")
    assert cues.headers["Content-Type"] == "text/vtt; charset=utf-8"
    cues.close()
    meta = client.get(f"/readable/audio/{key}.json")
    assert meta.mimetype == "application/json" and meta.headers["Cache-Control"] == "no-cache"
    assert client.get("/readable/audio/0123456789abcdef0123456789abcdef.json").headers[
        "X-Content-Type-Options"
    ]


def test_only_the_current_asset_version_is_cached_for_a_year(client: FlaskClient, app: Flask) -> None:
    version = get_state(app).asset_version
    current = client.get(f"/readable/static/readable.css?v={version}")
    assert current.status_code == 200 and current.headers["Cache-Control"] == IMMUTABLE
    current.close()
    revalidated = client.get(
        f"/readable/static/readable.css?v={version}", headers={"If-None-Match": current.headers["ETag"]}
    )
    assert revalidated.status_code == 304 and revalidated.headers["Cache-Control"] == IMMUTABLE
    revalidated.close()
    for url in (
        "/readable/static/readable.css?v=0000000000",
        "/readable/static/readable.css?v=" + "x" * 300,
        "/readable/static/readable.css",
        f"/readable/static/missing.css?v={version}",
        f"/readable/static/../../README.md?v={version}",
    ):
        response = client.get(url)
        assert "max-age=31536000" not in response.headers["Cache-Control"], url
        assert "immutable" not in response.headers["Cache-Control"], url
        response.close()
    assert client.get(f"/readable/static/missing.css?v={version}").status_code == 404


def post_chunked(port: int, body: bytes) -> tuple[int, str, str]:
    """POST the preference form with ``Transfer-Encoding: chunked`` (no Content-Length), in 1 KB chunks."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        chunks = (body[i : i + 1024] for i in range(0, len(body), 1024))
        conn.request(
            "POST", "/readable/prefs", body=chunks, encode_chunked=True,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        response = conn.getresponse()
        return response.status, response.getheader("Location", ""), response.getheader("Set-Cookie", "")
    finally:
        conn.close()


def test_a_chunked_body_past_the_limit_is_a_413_too(app: Flask) -> None:
    with serving(app) as server:
        status, _, cookie = post_chunked(server.server_port, b"size=larger&next=/" + b"a" * 20_000)
        assert status == 413 and cookie == ""
        # Exactly the limit is still taken, chunked or not.
        body = b"size=larger&next=/article&x=" + b"a" * (4096 - 28)
        assert len(body) == 4096
        status, location, cookie = post_chunked(server.server_port, body)
        assert status == 303 and location == "/article" and cookie.startswith("readable=size=115")


def stale_provisional(app: Flask, html: str = SEED, *, made_ago: float = 1000.0) -> str:
    """An article whose audio is there but provisional (as if made by a fallback voice) ``made_ago`` s ago."""
    state = get_state(app)
    assert state.audio.jobs is not None and state.audio.store is not None
    with app.test_request_context("/"):
        key = state.extension.register(html).audio_key
    assert key is not None and state.audio.jobs.run(key) == "made"
    meta = state.audio.store.meta(key)
    assert meta is not None
    meta.update(state="provisional", made=time.time() - made_ago)
    state.audio.store.write_atomic(state.audio.store.path(key, ".meta.json"), json.dumps(meta).encode())
    return key


def gated(app: Flask) -> tuple[threading.Event, Callable[[], None]]:
    """Hold every generation of ``app`` open until the returned event is set; the callable undoes it."""
    jobs = get_state(app).audio.jobs
    assert jobs is not None
    gate = threading.Event()
    chain = jobs.chain()
    original = chain.synthesize

    def slow(text: str, audio_format: object) -> tuple[bytes, str]:
        gate.wait(30)
        return original(text, audio_format)  # type: ignore[arg-type]

    chain.synthesize = slow  # type: ignore[method-assign]

    def undo() -> None:
        gate.set()
        chain.synthesize = original  # type: ignore[method-assign]

    return gate, undo


def test_concurrent_requests_for_stale_provisional_audio_make_it_again_once(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_FALLBACK_RETRY=600)
    jobs = get_state(app).audio.jobs
    assert jobs is not None
    key = stale_provisional(app)
    body = get_state(app).audio.store.audio(key).read_bytes()  # type: ignore[union-attr]
    gate, undo = gated(app)
    try:
        with serving(app) as server:
            url = f"http://127.0.0.1:{server.server_port}/readable/audio/{key}.mp3"

            def ranged(_: int) -> tuple[int, bytes]:
                request = urllib.request.Request(url, headers={"Range": "bytes=0-99"})
                with urllib.request.urlopen(request, timeout=60) as response:
                    return response.status, response.read()

            with ThreadPoolExecutor(max_workers=24) as pool:
                answers = list(pool.map(ranged, range(24)))
            # Everyone got the provisional audio there is, while one regeneration runs.
            assert answers == [(206, body[:100])] * 24
            assert jobs.generations == 2 and jobs.is_running(key)
    finally:
        undo()
    assert jobs.run(key) in ("made", "present")
    assert get_state(app).audio.store.meta(key)["state"] == "ready"  # type: ignore[index, union-attr]


def test_a_regeneration_counts_in_the_listeners_limit(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_MAX_GENERATIONS_PER_CLIENT=1, READABLE_FALLBACK_RETRY=600)
    jobs = get_state(app).audio.jobs
    assert jobs is not None
    key = stale_provisional(app)
    with app.test_request_context("/"):
        other = get_state(app).extension.register(SEED + "<p>Bản khác.</p>").audio_key
    gate, undo = gated(app)
    client = app.test_client()
    try:
        busy = client.get(f"/readable/audio/{other}.mp3", environ_base={"REMOTE_ADDR": "10.0.0.1"},
                          buffered=False)  # fmt: skip
        assert busy.status_code == 200  # this listener's one generation, held open
        served = client.get(f"/readable/audio/{key}.mp3", environ_base={"REMOTE_ADDR": "10.0.0.1"})
        assert served.status_code == 200 and served.headers["Cache-Control"] == "no-cache"
        served.close()
        assert jobs.generations == 2 and not jobs.is_running(key)  # no second generation for 10.0.0.1
        served = client.get(f"/readable/audio/{key}.mp3", environ_base={"REMOTE_ADDR": "10.0.0.2"})
        served.close()
        assert jobs.generations == 3 and jobs.is_running(key)  # still due: another listener starts it
    finally:
        undo()
        busy.close()


def test_when_provisional_audio_is_made_again_comes_from_its_metadata_not_file_times(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_FALLBACK_RETRY=600)
    state = get_state(app)
    assert state.audio.jobs is not None and state.audio.store is not None
    key = stale_provisional(app, made_ago=0)
    # A file server whose clock runs 700 s behind this node stamps the files: they look old here.
    audio = state.audio.store.audio(key)
    assert audio is not None
    stamp = time.time() - 700
    for path in audio.parent.glob(f"{key}.*"):
        os.utime(path, (stamp, stamp))
    client = app.test_client()
    for _ in range(5):
        served = client.get(f"/readable/audio/{key}.mp3")
        assert served.status_code == 200
        served.close()
    assert state.audio.jobs.generations == 1  # made just now by its metadata: not due again
    # Once it really is due (by the time its metadata records), one request makes it again, and only one.
    meta = state.audio.store.meta(key)
    assert meta is not None
    meta["made"] = time.time() - 700
    state.audio.store.write_atomic(state.audio.store.path(key, ".meta.json"), json.dumps(meta).encode())
    client.get(f"/readable/audio/{key}.mp3").close()
    assert state.audio.jobs.run(key) in ("made", "present") and state.audio.jobs.generations == 2
