"""Limits with clear answers (413, 429, a message, a spoken note) and the blueprint's security headers."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, render_template_string
from flask.testing import FlaskClient

from readable import Readable, get_state
from readable.audio.script import CUT_NOTE
from readable.jobs import Busy

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
    manifest = state.store.manifest(key)  # type: ignore[union-attr, arg-type]
    assert manifest is not None and len(manifest["sentences"]) == 6
    assert manifest["sentences"][-1]["spoken"] == CUT_NOTE


def test_concurrent_generations_per_client_and_overall_get_429(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_MAX_GENERATIONS=3, READABLE_MAX_GENERATIONS_PER_CLIENT=1)
    state = get_state(app)
    jobs, store = state.jobs, state.store
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
