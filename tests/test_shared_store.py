"""Two applications over one audio folder, with other voices: each serves and makes only its own audio."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string

from readable import Readable, get_state
from readable.queue import generate_job

ARTICLE = "<h1>Thời tiết</h1><p>Hà Nội hôm nay trời nắng nhẹ.</p>"


def make_app(folder: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(READABLE_AUDIO_FOLDER=str(folder), **config)
    Readable(app)

    @app.get("/article")
    def article() -> str:
        return render_template_string("{{ readable_article(html) }}", html=ARTICLE)

    return app


def key_of(app: Flask) -> str:
    with app.test_request_context("/"):
        key = get_state(app).extension.register(ARTICLE).audio_key
    assert key is not None
    return key


@pytest.mark.parametrize(
    "other",
    [
        {"READABLE_VOICES": ("gtts", "espeak")},
        {"READABLE_VOICES": ("espeak",), "READABLE_ESPEAK_VOICE": "vi-VN-x-south"},
        {"READABLE_VOICES": ("espeak", "gtts")},
    ],
)
def test_an_app_with_other_voices_never_serves_the_others_audio(tmp_path: Path, other: dict) -> None:
    first = make_app(tmp_path, READABLE_VOICES=("espeak",))
    second = make_app(tmp_path, **other)
    mine, theirs = key_of(first), key_of(second)
    assert mine != theirs
    made = first.test_client().get(f"/readable/audio/{mine}.mp3")
    assert made.status_code == 200 and made.data.startswith(b"ID3")
    assert get_state(first).audio.store.ready(mine)  # type: ignore[union-attr]
    client = second.test_client()
    for suffix in (".mp3", ".json", ".vtt"):
        response = client.get(f"/readable/audio/{mine}{suffix}")
        assert response.status_code == 404, suffix
        assert "immutable" not in response.headers.get("Cache-Control", "")
    # Its own page links its own key, whose audio is not made yet.
    page = client.get("/article").text
    assert f"/readable/audio/{theirs}.mp3" in page and mine not in page
    assert client.get(f"/readable/audio/{theirs}.json").json == {"state": "pending"}
    assert get_state(second).audio.store.audio(theirs) is None  # type: ignore[union-attr]


def test_the_same_voices_share_the_audio(tmp_path: Path) -> None:
    first = make_app(tmp_path, READABLE_VOICES=("espeak",))
    second = make_app(tmp_path, READABLE_VOICES=("espeak",), READABLE_SITE_NAME="")
    key = key_of(first)
    assert first.test_client().get(f"/readable/audio/{key}.mp3").data.startswith(b"ID3")
    # The second app never wrapped the article in this process: it knows the key from the shared store.
    served = second.test_client().get(f"/readable/audio/{key}.mp3")
    assert served.status_code == 200 and served.headers["Cache-Control"].endswith("immutable")
    served.close()


def test_a_worker_with_other_voices_refuses_the_job(tmp_path: Path) -> None:
    web = make_app(tmp_path, READABLE_VOICES=("espeak",))
    worker = make_app(
        tmp_path, READABLE_VOICES=("espeak",), READABLE_ESPEAK_VOICE="vi-VN-x-south",
        READABLE_REDIS_URL="redis://127.0.0.1:9",  # never reached: the job is refused first
    )  # fmt: skip
    key = key_of(web)
    with worker.app_context(), pytest.raises(RuntimeError, match="not registered with this worker's voices"):
        generate_job(key)
    assert get_state(worker).audio.store.audio(key) is None  # type: ignore[union-attr]
