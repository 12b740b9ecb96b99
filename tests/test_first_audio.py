"""Never stranded: when Google does not answer (a black hole on loopback) or answers slowly, the listener
still hears the article at once, made by the offline voice, marked provisional, tagged with its voice."""

from __future__ import annotations

import functools
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from blackhole import black_hole, join_voice_threads, proxied
from flask import Flask
from mp3_samples import mp3
from test_tts_gtts import URL, reply

from readable import Readable, get_state
from readable.article import clean
from readable.audio import id3
from readable.audio.mp3 import ARTICLE_FORMAT, frames, tag_length
from readable.audio.script import manifest
from readable.audio.service import _chain_for
from readable.generate import generate
from readable.tts.chain import VoiceChain
from readable.tts.espeak import EspeakVoice
from readable.tts.gtts import GTTSVoice

HTML = (
    "<article><h1>Tỉnh họp phiên thường kỳ</h1>"
    "<p>Sáng nay hội đồng họp. Các đại biểu thảo luận.</p></article>"
)


def chain(session_factory: Any = None) -> VoiceChain:
    google = GTTSVoice(timeout=(3.05, 30.0), retries=0, session_factory=session_factory, sleep=lambda s: None)
    return VoiceChain([google, EspeakVoice()], cooldown=60)


@pytest.mark.parametrize("delay", [None, 2.0], ids=["never answers", "answers late"])
def test_a_black_hole_primary_gives_way_to_the_offline_voice(delay: float | None) -> None:
    script = manifest(clean(HTML))
    out = io.BytesIO()
    with black_hole(delay) as proxy:
        voices = chain(functools.partial(proxied, proxy))
        meta = generate(script, voices, ARTICLE_FORMAT, out, first_deadline=0.5)
        # The preferred voice is skipped by the next articles for its cooldown.
        assert voices.is_open(voices.voices[0])
    assert meta["state"] == "provisional" and meta["voice"] == "espeak"
    assert {s["voice"] for s in meta["sentences"]} == {"espeak"}
    data = out.getvalue()
    assert id3.read(data)["TXXX:voice"] == "espeak-ng"
    assert len(frames(data)) * ARTICLE_FORMAT.frame_seconds == pytest.approx(meta["duration"], abs=0.001)


@pytest.mark.parametrize(("delay", "voice"), [(0.0, "gtts"), (2.0, "espeak")])
def test_a_slow_primary_is_waited_for_only_until_the_deadline(delay: float, voice: str) -> None:
    good = mp3(0.5)

    def answer(request: Any) -> tuple[int, dict[str, str], str]:
        time.sleep(delay)
        return 200, {}, reply(good)

    script = manifest(clean(HTML))
    out = io.BytesIO()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add_callback(responses.POST, URL, callback=answer)
        meta = generate(script, chain(), ARTICLE_FORMAT, out, first_deadline=1.0)
    assert meta["sentences"][0]["voice"] == voice
    assert meta["state"] == ("ready" if voice == "gtts" else "provisional")
    expected = {"gtts": "gTTS (Google Translate)", "espeak": "espeak-ng"}[voice]
    assert id3.read(out.getvalue())["TXXX:voice"] == expected


@pytest.fixture
def black_hole_google(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Google's voice behind a black hole, for the whole process (the voice chains are shared)."""
    _chain_for.cache_clear()
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with black_hole() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy)
        yield proxy
    join_voice_threads()  # with the proxy still set: they fail on the closed port, never going further
    _chain_for.cache_clear()


def test_the_first_listener_gets_the_offline_voice_through_the_routes(
    black_hole_google: str, tmp_path: Path
) -> None:
    app = Flask(__name__)
    app.config.update(
        TESTING=True, READABLE_AUDIO_FOLDER=str(tmp_path / "store"), READABLE_FIRST_AUDIO_DEADLINE=0.5
    )
    Readable(app)
    with app.test_request_context():
        key = get_state().audio.register(clean(HTML))
    assert key is not None
    client = app.test_client()
    response = client.get(f"/readable/audio/{key}.mp3")
    data = response.get_data()
    response.close()
    assert response.status_code == 200
    assert id3.read(data)["TXXX:voice"] == "espeak-ng"
    assert len(data) > tag_length(data)
    meta = client.get(f"/readable/audio/{key}.json").get_json()
    assert meta["state"] == "provisional" and meta["voice"] == "espeak"


def test_while_the_audio_is_made_its_state_says_a_fallback_voice_reads(
    black_hole_google: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The player can name the backup voice as soon as it starts reading, not only once the audio is made."""
    release = threading.Event()
    real = EspeakVoice.synthesize

    def held(self: EspeakVoice, text: str, audio_format: Any) -> bytes:
        if "thảo luận" in text:  # the last sentence waits, so the generation is seen running
            release.wait(30)
        return real(self, text, audio_format)

    monkeypatch.setattr(EspeakVoice, "synthesize", held)
    app = Flask(__name__)
    app.config.update(
        TESTING=True, READABLE_AUDIO_FOLDER=str(tmp_path / "store"), READABLE_FIRST_AUDIO_DEADLINE=0.5
    )
    Readable(app)
    with app.test_request_context():
        key = get_state().audio.register(clean(HTML))
    client = app.test_client()
    response = client.get(f"/readable/audio/{key}.mp3", buffered=False)
    try:
        states = []
        for _ in range(100):
            states.append(client.get(f"/readable/audio/{key}.json").get_json())
            if "fallback" in states[-1]:
                break
            time.sleep(0.1)
        assert states[-1] == {"state": "generating", "fallback": True}
        assert all(s["state"] == "generating" for s in states)
    finally:
        release.set()
        data = response.get_data()
        response.close()
    assert id3.read(data)["TXXX:voice"] == "espeak-ng"
    meta = client.get(f"/readable/audio/{key}.json").get_json()
    assert meta["state"] == "provisional" and "fallback" not in meta
