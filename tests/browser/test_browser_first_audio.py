"""Never stranded, in Chromium: with Google a black hole (a loopback proxy that accepts connections and never
answers), pressing play gives sound from the offline voice, no error on the way, a note naming the backup
voice; and the next play, once the final audio exists, gets the final audio. And the pauses decoded by
Chromium's own MP3 decoder."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from readable import get_state
from readable.audio.service import _chain_for
from readable.generate import generate, webvtt
from readable.tts.chain import VoiceChain
from readable.tts.espeak import EspeakVoice

from .conftest import Demo, _serve
from .support import SEED

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from blackhole import black_hole, join_voice_threads  # noqa: E402

pytestmark = pytest.mark.browser

PLAY, PAUSE = "Nghe bài viết", "Tạm dừng"
ERROR = "Không phát được âm thanh. Hãy thử lại, hoặc tải tệp MP3 để nghe."
NOTE = "Đang dùng giọng đọc dự phòng"
AUDIO = "document.querySelector('.readable-audio')"
STATUS_PROBE = """
window.readableStatus = [];
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".readable-live");
  new MutationObserver(() => readableStatus.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
});
"""


def stranded(monkeypatch: pytest.MonkeyPatch, folder: Path, **config: Any) -> Iterator[Demo]:
    """The demo with Google's voice first, Google behind a black hole (Chromium was started before, so only
    the server's requests take the proxy)."""
    _chain_for.cache_clear()
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with black_hole() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy)
        yield from _serve(
            {"READABLE_VOICES": ("gtts", "espeak"), "READABLE_AUDIO_FOLDER": str(folder), **config}
        )
        join_voice_threads()
    _chain_for.cache_clear()


@pytest.fixture
def stranded_demo(browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    yield from stranded(monkeypatch, tmp_path)


@pytest.fixture
def patient_demo(browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    """As the issue saw it: the server waits for Google until its requests time out (4 attempts of 4 s),
    longer than the browser waits before it reports the audio stalled."""
    yield from stranded(monkeypatch, tmp_path, READABLE_FIRST_AUDIO_DEADLINE=120, READABLE_GTTS_TIMEOUT=4.0)


def test_play_with_a_black_hole_primary(stranded_demo: Demo, new_context: Any) -> None:
    context = new_context()
    context.add_init_script(STATUS_PROBE)
    page = context.new_page()
    page.goto(stranded_demo(SEED))
    mp3_requests: list[str] = []
    page.on("request", lambda r: mp3_requests.append(r.url) if r.url.endswith(".mp3") else None)
    note = page.locator("[data-readable-note]")
    expect(note).to_be_hidden()

    page.get_by_role("button", name=PLAY).click()
    # A deadline to wait with, not a speed asserted: the sound comes from the offline voice.
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.3", timeout=20_000)
    expect(page.get_by_role("button", name=PAUSE)).to_be_visible()
    assert page.locator("[data-readable-player]").get_attribute("data-readable-state") == "playing"
    expect(note).to_have_text(NOTE, timeout=20_000)
    expect(note).to_be_visible()
    assert ERROR not in page.evaluate("readableStatus")

    # To the last paragraph (the whole provisional file is loaded to seek there), and on to the end.
    page.locator(".readable-here").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {AUDIO}.duration > 60 && {AUDIO}.currentTime > {AUDIO}.duration - 30")
    # Google comes back: the final audio (here the offline voice's, made longer and marked final) replaces
    # the provisional one; the next play, once this one ended, gets it.
    service = get_state(stranded_demo.app).audio
    assert service is not None
    html = page.content()
    key = re.search(r"/readable/audio/([0-9a-f]{32})\.mp3", html)
    assert key is not None
    manifest = service.store.manifest(key.group(1))
    assert manifest is not None
    for sentence in manifest["sentences"]:
        sentence["pause"] = 1.0
    out = io.BytesIO()
    meta = generate(manifest, VoiceChain([EspeakVoice()]), service.jobs.audio_format, out)
    meta["state"] = "ready"
    part = service.store.partial(key.group(1))
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(out.getvalue())
    service.store.finish(key.group(1), part, meta, webvtt(meta, manifest))

    page.wait_for_function("() => document.querySelector('[data-readable-player]').dataset.readableState"
                           " === 'idle'", timeout=10_000)  # fmt: skip
    asked = len(mp3_requests)
    page.get_by_role("button", name=PLAY).click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.3", timeout=20_000)
    assert len(mp3_requests) > asked
    expect(note).to_be_hidden(timeout=10_000)
    duration = page.evaluate(f"{AUDIO}.duration")
    assert duration == pytest.approx(meta["duration"], abs=0.1)
    assert ERROR not in page.evaluate("readableStatus")


def test_no_error_while_the_server_still_works(patient_demo: Demo, new_context: Any) -> None:
    """Nothing arrives for many seconds (the browser reports the audio stalled): the player asks the server,
    which is still making the audio, and keeps waiting instead of showing an error; then it plays."""
    context = new_context()
    context.add_init_script(STATUS_PROBE)
    page = context.new_page()
    page.goto(patient_demo(SEED))
    page.get_by_role("button", name=PLAY).click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.3", timeout=60_000)
    assert ERROR not in page.evaluate("readableStatus")
    assert page.locator("[data-readable-player]").get_attribute("data-readable-state") == "playing"
    expect(page.get_by_role("button", name=PAUSE)).to_be_visible()


def test_pauses_decode_as_silence_in_chromium(page: Any) -> None:
    """Chromium's own MP3 decoder: the pauses are silent, the speech is not, and the decoded length is the
    frames' duration."""
    import base64

    from readable.article import clean
    from readable.audio.mp3 import ARTICLE_FORMAT, frames, silent_frame
    from readable.audio.script import manifest

    html = "<h1>Tỉnh họp phiên thường kỳ</h1><p>Sáng nay hội đồng họp. Các đại biểu thảo luận.</p>"
    out = io.BytesIO()
    meta = generate(manifest(clean(html)), VoiceChain([EspeakVoice()]), ARTICLE_FORMAT, out)
    data = out.getvalue()
    silent = silent_frame(ARTICLE_FORMAT)
    found = frames(data)
    # Where each cue's pause begins: after the last frame that is not a silent frame.
    pauses = []
    for cue in meta["sentences"]:
        first, last = (round(cue[t] / ARTICLE_FORMAT.frame_seconds) for t in ("start", "end"))
        said = [i for i in range(first, last) if data[found[i].offset : found[i].offset + 96] != silent]
        speech_end = max(said)
        pauses.append(((speech_end + 1) * ARTICLE_FORMAT.frame_seconds, cue["end"], cue["start"]))
    levels = page.evaluate(
        """async ([b64, pauses]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const context = new OfflineAudioContext(1, 24000, 24000);
          const buffer = await context.decodeAudioData(bytes.buffer);
          const samples = buffer.getChannelData(0), rate = buffer.sampleRate;
          const peak = (from, to) => {
            let m = 0;
            for (let i = Math.floor(from * rate); i < Math.min(samples.length, to * rate); i++)
              m = Math.max(m, Math.abs(samples[i]));
            return m;
          };
          return { duration: buffer.duration, rate, pauses: pauses.map(
            ([from, to, start]) => [peak(from + 0.05, to - 0.01), peak(start, from)]) };
        }""",
        [base64.b64encode(data).decode(), pauses],
    )
    assert levels["duration"] == pytest.approx(meta["duration"], abs=0.1)
    for quiet, spoken in levels["pauses"]:
        assert quiet < 1e-3 < spoken
