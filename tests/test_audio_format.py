"""MP3 frames, tags and cues, on real MP3 bytes from lameenc and real speech from the offline voice."""

from __future__ import annotations

import pytest
from mp3_samples import mp3

from readable.audio import id3
from readable.audio.mp3 import ARTICLE_FORMAT, AudioFormat, Mp3Error, audio_bytes, duration, frames
from readable.audio.vtt import cues, timestamp
from readable.tts.base import VoiceError
from readable.tts.chain import VoiceChain
from readable.tts.espeak import EspeakVoice


def test_frames_of_a_real_mp3_in_the_article_format() -> None:
    data = mp3(1.0)
    found = frames(data)
    assert {f.format for f in found} == {ARTICLE_FORMAT}
    assert ARTICLE_FORMAT.frame_seconds == pytest.approx(0.024)
    # LAME adds its delay and padding: a second of sound is a little over 41.7 frames.
    assert 42 <= len(found) <= 48
    assert duration(data) == pytest.approx(len(found) * 0.024)


def test_tags_and_info_frames_are_skipped_and_garbage_refused() -> None:
    bare, count = audio_bytes(mp3(0.5))
    tagged = id3.tag(title="Tiêu đề", artist="Cổng", date="2020-12-24") + bare + b"TAG" + b"\0" * 125
    assert audio_bytes(tagged) == (bare, count)
    assert id3.read(tagged) == {"TIT2": "Tiêu đề", "TPE1": "Cổng", "TDRC": "2020-12-24", "TLAN": "vie"}
    for bad in (b"", b"not audio at all", bare[:-7], bare[:100] + b"garbage" + bare[100:]):
        with pytest.raises(Mp3Error):
            frames(bad)


def test_other_formats_are_refused_where_one_format_is_required() -> None:
    other = mp3(0.3, sample_rate=44100, bitrate=128)
    assert frames(other)[0].format == AudioFormat(44100, 128, 1)
    with pytest.raises(Mp3Error, match="expected"):
        audio_bytes(other, ARTICLE_FORMAT)


def test_webvtt_cues() -> None:
    text = cues([("s0", 0.0, 1.5, "Một <b> & hai"), ("s1", 1.5, 3661.0424, "Ba\n\nbốn")])
    assert text.splitlines() == [
        "WEBVTT", "",
        "s0", "00:00:00.000 --> 00:00:01.500", "Một &lt;b&gt; &amp; hai", "",
        "s1", "00:00:01.500 --> 01:01:01.042", "Ba bốn",
    ]  # fmt: skip
    assert text.endswith("Ba bốn\n")
    assert timestamp(59.9996) == "00:01:00.000"


def test_the_offline_voice_speaks_vietnamese_in_the_article_format() -> None:
    voice = EspeakVoice("vi")
    audio = voice.synthesize("Hội đồng nhân dân tỉnh họp phiên thường kỳ tháng mười hai.", ARTICLE_FORMAT)
    found = frames(audio)
    assert {f.format for f in found} == {ARTICLE_FORMAT}
    assert 1.5 < len(found) * ARTICLE_FORMAT.frame_seconds < 8
    south = EspeakVoice("vi-VN-x-south").synthesize("Xin chào.", ARTICLE_FORMAT)
    assert frames(south) and south != EspeakVoice("vi").synthesize("Xin chào.", ARTICLE_FORMAT)
    with pytest.raises(VoiceError):
        voice.synthesize("   ", ARTICLE_FORMAT)
    with pytest.raises(ValueError, match="unknown espeak voice"):
        EspeakVoice("fr")


class Failing:
    name = "online"

    def __init__(self) -> None:
        self.calls = 0

    def synthesize(self, text: str, audio_format: AudioFormat) -> bytes:
        self.calls += 1
        raise VoiceError("service down")


def test_the_chain_falls_back_and_remembers_a_failing_voice() -> None:
    now = [0.0]
    online = Failing()
    chain = VoiceChain([online, EspeakVoice()], cooldown=60, clock=lambda: now[0])
    for _ in range(3):
        audio, voice = chain.synthesize("Một câu.", ARTICLE_FORMAT)
        assert voice == "espeak" and frames(audio)
    assert online.calls == 1  # skipped while the breaker is open
    now[0] = 61.0
    chain.synthesize("Một câu.", ARTICLE_FORMAT)
    assert online.calls == 2  # tried again after the cooldown
    with pytest.raises(VoiceError, match="online: service down"):
        VoiceChain([Failing()]).synthesize("x", ARTICLE_FORMAT)
