"""Pauses between sentences, blocks, after the title and headings, around captions and at the end: real silent
MP3 frames of the article format, counted in the cues; and the ID3 tag naming the voice."""

from __future__ import annotations

import io

import pytest

from readable.article import clean
from readable.audio import id3
from readable.audio.mp3 import ARTICLE_FORMAT, frames, silent_frame, tag_length
from readable.audio.script import manifest
from readable.generate import generate
from readable.settings import PAUSES
from readable.tts.chain import VoiceChain
from readable.tts.espeak import EspeakVoice

HTML = (
    "<article><h1>Tỉnh họp phiên thường kỳ</h1><p>Sáng nay hội đồng họp. Các đại biểu thảo luận.</p>"
    "<figure><img src='a.jpg' alt=''><figcaption>Quang cảnh phiên họp.</figcaption></figure>"
    "<h2>Kết quả</h2><p>Nghị quyết được thông qua.</p></article>"
)


def trailing_silence(data: bytes, start: float, end: float) -> float:
    """Seconds of silent frames (byte for byte) at the end of the cue [start, end)."""
    silent = silent_frame(ARTICLE_FORMAT)
    found = frames(data)
    first, last = round(start / ARTICLE_FORMAT.frame_seconds), round(end / ARTICLE_FORMAT.frame_seconds)
    count = 0
    for frame in reversed(found[first:last]):
        if data[frame.offset : frame.offset + frame.length] != silent:
            break
        count += 1
    return count * ARTICLE_FORMAT.frame_seconds


def test_silent_frame_is_one_frame_of_the_article_format() -> None:
    frame = silent_frame(ARTICLE_FORMAT)
    (only,) = frames(frame)
    assert only.format == ARTICLE_FORMAT and only.length == len(frame) == 96
    assert frame[4:] == bytes(92)  # side information all zero: no main data, nothing borrowed


@pytest.mark.parametrize("pauses", [PAUSES, {**PAUSES, "sentence": 0.5, "end": 1.0}])
def test_pauses_are_silent_frames_counted_in_the_cues(pauses: dict[str, float]) -> None:
    script = manifest(clean(HTML), pauses=pauses)
    said = [s["text"] for s in script["sentences"]]
    assert said[0] == "Tỉnh họp phiên thường kỳ" and len(said) == 6
    out = io.BytesIO()
    meta = generate(script, VoiceChain([EspeakVoice()]), ARTICLE_FORMAT, out)
    data = out.getvalue()
    assert id3.read(data)["TXXX:voice"] == "espeak-ng"
    cues = meta["sentences"]
    file_seconds = len(frames(data)) * ARTICLE_FORMAT.frame_seconds
    # The cues cover the whole file, pauses included, frame for frame.
    assert cues[0]["start"] == 0
    assert all(a["end"] == b["start"] for a, b in zip(cues, cues[1:], strict=False))
    assert sum(c["end"] - c["start"] for c in cues) == pytest.approx(file_seconds, abs=0.002)
    assert meta["duration"] == pytest.approx(file_seconds, abs=0.001)
    for cue in cues:
        frames_in = (cue["end"] - cue["start"]) / ARTICLE_FORMAT.frame_seconds
        assert frames_in == pytest.approx(round(frames_in), abs=0.05)
    measured = [trailing_silence(data, c["start"], c["end"]) for c in cues]
    title, first, second, caption, heading, last = measured
    assert title >= pauses["heading"]  # after the title
    assert first >= pauses["sentence"]  # between two sentences of a paragraph
    assert second >= pauses["caption"]  # before a caption
    assert caption >= pauses["caption"]  # after it
    assert heading >= pauses["heading"]
    assert last >= pauses["end"]
    # Nothing silent beyond what was asked, but up to one frame of rounding.
    assert first < pauses["sentence"] + ARTICLE_FORMAT.frame_seconds + 0.001
    assert data[tag_length(data) :][-96:] == silent_frame(ARTICLE_FORMAT)


def test_pauses_are_part_of_the_audio_key() -> None:
    from readable.audio.script import audio_key

    article = clean(HTML)
    keys = {
        audio_key(manifest(article, pauses=p), ("espeak:vi",), ARTICLE_FORMAT)
        for p in (PAUSES, {**PAUSES, "block": 0.8})
    }
    assert len(keys) == 2
