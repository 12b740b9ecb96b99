"""Time to first audio byte and to the whole file, for the seed article, three ways, in one run.

    python bench/tts.py [--latency 0.3]

The online voice is Google's endpoint replayed on this machine (the ``responses`` package answers every
request after ``--latency`` seconds with real MP3 whose length follows the text), so the three ways differ
only in how they use it:

(a) ``gTTS(text, lang="vi").save(path)``, then the file is served: what most integrations do;
(b) ``gTTS(text, lang="vi").stream()`` piped to the listener;
(c) this project: ``GET /readable/audio/<key>.mp3`` through the blueprint (clause packing, requests in
    parallel under the concurrency cap, sentences streamed in order as they are ready).

All three say the same words (the article's spoken form). Then the offline voice alone: first audio byte
and speed against real time. Last, Google a "black hole" (a loopback proxy that accepts connections and never
answers): time to first sound, against the offline voice alone. Targets (issue 4): (c) first byte >= 30x
sooner than (a) and <= 100 ms later than (b); whole file >= 5x sooner than (a) and (b); offline first byte
< 200 ms, >= 100x real time; (issue 13) first sound with a black-hole primary < 3 s.
"""

from __future__ import annotations

import argparse
import base64
import functools
import os
import re
import sys
import tempfile
import time
from math import sin
from pathlib import Path

import lameenc
import responses
from flask import Flask
from gtts import gTTS

from readable import Readable, get_state
from readable.audio.mp3 import duration, tag_length

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from blackhole import black_hole  # noqa: E402

SEED = (ROOT / "tests" / "pages" / "seed" / "source.html").read_text("utf-8")
GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")


@functools.cache
def tone(tenths: int) -> bytes:
    """Real MP3 in Google's format (24 kHz, 32 kbit/s, mono) lasting ``tenths`` tenths of a second."""
    rate = 24000
    samples = range(rate * tenths // 10)
    pcm = b"".join(int(6000 * sin(i / 9)).to_bytes(2, "little", signed=True) for i in samples)
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)
    encoder.set_channels(1)
    return bytes(encoder.encode(pcm) + encoder.flush())


def replay(latency: float, counter: list[int]) -> responses.RequestsMock:
    def answer(request: object) -> tuple[int, dict[str, str], str]:
        counter[0] += 1
        body = getattr(request, "body", "") or ""
        text = body if isinstance(body, str) else body.decode()
        # About 14 characters a second, as Google reads Vietnamese; the text is URL-encoded in the body.
        tenths = max(3, len(re.sub(r"%[0-9A-F]{2}", "x", text)) // 14 // 3)
        time.sleep(latency)
        audio = base64.b64encode(tone(min(tenths, 90))).decode()
        return 200, {}, ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + audio + '\\"]",null,null,null,"generic"]]'

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.add_callback(responses.POST, GOOGLE, callback=answer)
    return mock


def plain_save(text: str) -> tuple[float, float, int]:
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".mp3") as fh:
        gTTS(text, lang="vi").save(fh.name)
        data = Path(fh.name).read_bytes()  # then served: the first byte leaves once the file exists
    done = time.perf_counter() - start
    return done, done, len(data)


def plain_stream(text: str) -> tuple[float, float, int]:
    start = time.perf_counter()
    first, size = None, 0
    for chunk in gTTS(text, lang="vi").stream():
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    return first or 0.0, time.perf_counter() - start, size


def pipeline(app: Flask, key: str) -> tuple[float, float, int]:
    """First audio byte (after the ID3 tag) and whole file, streamed through the blueprint's route."""
    client = app.test_client()
    start = time.perf_counter()
    response = client.get(f"/readable/audio/{key}.mp3", buffered=False)
    first, data = None, b""
    for chunk in response.response:  # type: ignore[union-attr]
        data += chunk
        if first is None and len(data) >= 10 and len(data) > tag_length(data):
            first = time.perf_counter() - start
    response.close()
    return first or 0.0, time.perf_counter() - start, len(data)


def make_app(folder: str, voices: tuple[str, ...], first: bool = False) -> tuple[Flask, str, str]:
    app = Flask(__name__)
    app.config.update(READABLE_VOICES=voices, READABLE_AUDIO_FOLDER=folder)
    if first:  # another title: another key, so nothing made before is served
        app.config.update(READABLE_SITE_NAME="black hole")
    readable = Readable(app)
    with app.test_request_context("/"):
        key = readable.register(SEED).audio_key
    assert key is not None
    manifest = get_state(app).audio.store.manifest(key)  # type: ignore[union-attr]
    assert manifest is not None
    return app, key, " ".join(s["spoken"] for s in manifest["sentences"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.3, help="seconds per replayed request")
    args = parser.parse_args()

    ok = True
    with tempfile.TemporaryDirectory() as folder:
        app, key, text = make_app(folder + "/online", ("gtts", "espeak"))
        print(f"seed article: {len(text):,} characters spoken, replayed latency {args.latency * 1000:.0f} ms")
        rows = {}
        for name, run in (
            ("(a) gTTS save, then serve", lambda: plain_save(text)),
            ("(b) gTTS stream", lambda: plain_stream(text)),
            ("(c) readable", lambda: pipeline(app, key)),
        ):
            counter = [0]
            with replay(args.latency, counter):
                first, whole, size = run()
            rows[name[:3]] = (first, whole)
            print(
                f"{name:<28} first byte {first * 1000:8.0f} ms   whole {whole:6.2f} s   "
                f"{counter[0]:3d} requests   {size:,} bytes"
            )
        (fa, wa), (fb, wb), (fc, wc) = rows["(a)"], rows["(b)"], rows["(c)"]
        checks = [
            (f"first byte vs (a): {fa / fc:.1f}x sooner", fa / fc >= 30),
            (f"first byte vs (b): {(fc - fb) * 1000:+.0f} ms", fc - fb <= 0.1),
            (f"whole file vs (a): {wa / wc:.1f}x sooner", wa / wc >= 5),
            (f"whole file vs (b): {wb / wc:.1f}x sooner", wb / wc >= 5),
        ]

        offline, offline_key, _ = make_app(folder + "/offline", ("espeak",))
        first, whole, _ = pipeline(offline, offline_key)
        audio = get_state(offline).audio.store.audio(offline_key)  # type: ignore[union-attr]
        seconds = duration(audio.read_bytes()) if audio else 0.0
        print(f"offline voice: first byte {first * 1000:.0f} ms, whole {whole:.2f} s, {seconds:.1f} s audio")
        checks += [
            (f"offline first byte {first * 1000:.0f} ms (< 200 ms)", first < 0.2),
            (f"offline speed {seconds / whole:.0f}x real time (>= 100x)", seconds / whole >= 100),
        ]

        # Google a black hole (a loopback proxy that accepts and never answers): the listener still hears
        # the article within READABLE_FIRST_AUDIO_DEADLINE plus the offline voice's first sentence.
        for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy"):
            os.environ.pop(name, None)
        with black_hole() as proxy:
            os.environ["HTTPS_PROXY"] = proxy
            stranded, stranded_key, _ = make_app(folder + "/black-hole", ("gtts", "espeak"), first=True)
            hole, hole_whole, _ = pipeline(stranded, stranded_key)
        print(
            f"primary voice a black hole: first sound {hole * 1000:.0f} ms "
            f"({hole / first:.1f}x the offline voice alone), whole {hole_whole:.2f} s"
        )
        checks.append((f"first sound with a black-hole primary {hole:.2f} s (< 3 s)", hole < 3))
    for label, met in checks:
        ok &= met
        print(f"  {'met ' if met else 'MISS'}  {label}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
