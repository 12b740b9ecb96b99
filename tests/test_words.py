"""Word times: the offline voice's word events, paired with the written words the page shows, kept in the
``.json`` cues (the ``.vtt`` keeps one cue a sentence); the online voice gives none; older stores read."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path

import pytest
import responses
from flask import Flask
from mp3_samples import mp3

from readable import Readable, get_state
from readable.article import clean
from readable.audio import script as script_module
from readable.audio.mp3 import ARTICLE_FORMAT, AudioFormat
from readable.audio.script import audio_key, manifest
from readable.audio.types import Manifest, Meta
from readable.audio.words import align, tokens, word_times
from readable.generate import FORMAT_VERSION, generate, webvtt
from readable.tts.base import Speech
from readable.tts.chain import VoiceChain
from readable.tts.espeak import EspeakVoice
from readable.tts.gtts import GTTSVoice
from readable.vi import normalize

GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")
#: Numbers, a unit, a date and an abbreviation: the spoken form is much longer than the written one.
NUMBERS = "Sáng 23/12, mỗi hộ ở Hà Nội nhận 5 kg gạo và 200.000 đồng từ HĐND."
HTML = f"<article><h1>Hỗ trợ người dân</h1><p>{NUMBERS} Ai cũng vui.</p></article>"


def reply(audio: bytes) -> str:
    """Google's answer carrying ``audio``, as gTTS reads it."""
    encoded = base64.b64encode(audio).decode()
    return ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]'


def marked(text: str, word: list[float]) -> str:
    """The written text a mark covers (its offsets are UTF-16 units)."""
    units = text.encode("utf-16-le")
    return units[int(word[2]) * 2 : int(word[3]) * 2].decode("utf-16-le")


def spoken_pairs(written: str) -> list[tuple[str, str | None]]:
    spoken = normalize(written)
    return [
        (spoken[start:end], None if span is None else written[span[0] : span[1]])
        for (start, end, _), span in zip(tokens(spoken), align(written, spoken), strict=True)
    ]


def test_spoken_words_map_to_the_written_words_they_say() -> None:
    pairs = spoken_pairs(NUMBERS)
    assert [w for w, shown in pairs if shown == "5 kg"] == ["năm", "ki", "lô", "gam"]
    assert [w for w, shown in pairs if shown == "HĐND"] == ["Hội", "đồng", "nhân", "dân"]
    assert ("hai", "23/12") in pairs and ("nghìn", "200.000") in pairs and ("gạo", "gạo") in pairs
    # Every spoken word has its written word here, and the marks follow the text in order.
    assert all(shown is not None for _, shown in pairs)
    starts = [NUMBERS.index(shown) for _, shown in pairs if shown and shown.isalnum()]
    assert starts == sorted(starts)


def test_a_written_word_equal_to_a_spoken_one_is_not_taken_for_the_wrong_one() -> None:
    # "5 năm" is said "năm năm": the written "năm" is the second one said, the first says "5".
    assert spoken_pairs("Sau 5 năm qua.")[1:4] == [("năm", "5"), ("năm", "năm"), ("qua", "qua")]
    # Words said with no written words (a caption's announcement) mark nothing.
    assert align("Quang cảnh.", "Chú thích ảnh: Quang cảnh.")[:3] == [None, None, None]
    # Decomposed text (as some portals store it) still pairs, and the mark covers its accents.
    written = "Ha\u0300 Nô\u0323i 5 kg"
    spans = align(written, normalize(written))
    assert [written[a:b] for a, b in filter(None, spans)][:2] == ["Ha\u0300", "Nô\u0323i"]


def test_word_times_are_clamped_monotonic_and_count_utf16_units() -> None:
    written = "😀 Giá 5 kg."
    spoken = "Giá năm ki lô gam."
    said = [(0, 0.0), (4, 0.3), (8, 0.2), (11, 0.5), (14, 0.7), (-1, 9.0)]  # "ki" comes back in time
    words = word_times(written, spoken, said, 10.0, 10.8)
    assert [marked(written, list(w)) for w in words] == ["Giá", "5 kg"]
    assert words[0][2] == 3  # past the emoji: two UTF-16 units
    assert words == [(10.0, 10.3, 3, 6), (10.3, 10.8, 7, 11)]


class Recorded(EspeakVoice):
    """The offline voice, keeping the word times it gave for each text (they depend a little on what it
    said before, so they are compared with those of the same generation)."""

    def __init__(self) -> None:
        super().__init__()
        self.words: dict[str, tuple[tuple[int, float], ...]] = {}

    def synthesize(self, text: str, audio_format: AudioFormat) -> Speech:
        speech = super().synthesize(text, audio_format)
        self.words[text] = speech.words
        return speech


VOICE = Recorded()


@pytest.fixture(scope="module")
def made() -> tuple[Manifest, Meta, bytes]:
    script = manifest(clean(HTML))
    out = io.BytesIO()
    meta = generate(script, VoiceChain([VOICE]), ARTICLE_FORMAT, out)
    return script, meta, out.getvalue()


def test_the_offline_voice_gives_each_sentence_its_word_times(made: tuple[Manifest, Meta, bytes]) -> None:
    script, meta, _ = made
    timed = {s["index"]: s for s in meta["sentences"]}
    index = next(i for i, s in enumerate(script["sentences"]) if s["text"] == NUMBERS)
    sentence, cue = script["sentences"][index], timed[index]
    words = cue["words"]
    # Inside the sentence's cue, in order, each mark lasting.
    assert cue["start"] <= words[0][0] and words[-1][1] <= cue["end"]
    assert all(w[0] < w[1] for w in words)
    assert all(a[1] <= b[0] for a, b in zip(words, words[1:], strict=False))
    # Each mark is a word as the page shows it; "5 kg" is one mark, for all of "năm ki lô gam".
    shown = [marked(sentence["text"], list(w)) for w in words]
    assert shown == [
        "Sáng", "23/12", "mỗi", "hộ", "ở", "Hà", "Nội", "nhận", "5 kg", "gạo", "và", "200.000", "đồng", "từ",
        "HĐND",
    ]  # fmt: skip
    # The "5 kg" mark lasts from the voice's "năm" to its "gạo": the voice's own times, on the article's.
    spoken = sentence["spoken"]
    voiced = dict(VOICE.words[spoken])
    kg = words[shown.index("5 kg")]
    five, rice = spoken.index("năm ki lô gam"), spoken.index("gạo")
    assert kg[0] == pytest.approx(cue["start"] + voiced[five], abs=0.001)
    assert kg[1] == pytest.approx(cue["start"] + voiced[rice], abs=0.001)
    # Every sentence of the article has them, the title too.
    assert all(s.get("words") for s in meta["sentences"])


def test_a_title_not_shown_as_a_block_has_no_word_times() -> None:
    script = manifest(clean("<p>Một câu có 5 kg gạo.</p>", title="Tin mới"))
    meta = generate(script, VoiceChain([EspeakVoice()]), ARTICLE_FORMAT, io.BytesIO())
    title, body = meta["sentences"]
    assert title["block_id"] == "" and "words" not in title  # the page has nowhere to mark them
    assert [w[2:] for w in body["words"]] == [(0, 3), (4, 7), (8, 10), (11, 15), (16, 19)]  # "5 kg" one


def test_the_vtt_stays_one_cue_a_sentence(made: tuple[Manifest, Meta, bytes]) -> None:
    script, meta, _ = made
    vtt = webvtt(meta, script)
    assert vtt.count(" --> ") == len(meta["sentences"]) == len(script["sentences"]) == 3
    assert f"\n{NUMBERS}\n" in vtt and "<" not in vtt


def test_the_online_voice_gives_no_word_times() -> None:
    script = manifest(clean(HTML))
    voice = GTTSVoice(sleep=lambda seconds: None)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as google:
        google.add(responses.POST, GOOGLE, body=reply(mp3(0.3)))
        meta = generate(script, VoiceChain([voice]), ARTICLE_FORMAT, io.BytesIO())
    voice.close()
    assert meta["voice"] == "gtts" and len(meta["sentences"]) == 3
    assert not any("words" in s for s in meta["sentences"])


def test_word_times_are_a_new_format_and_an_older_store_still_reads(
    tmp_path: Path, made: tuple[Manifest, Meta, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, meta, audio = made
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(tmp_path))
    Readable(app)
    store = get_state(app).audio.store
    with app.test_request_context("/"):
        key = get_state(app).extension.register(HTML).audio_key
    assert key is not None
    script = store.manifest(key)
    assert script is not None and FORMAT_VERSION == 4
    monkeypatch.setattr(script_module, "FORMAT_VERSION", 3)
    old_key = audio_key(script, ["espeak"], ARTICLE_FORMAT)
    monkeypatch.undo()
    assert old_key != key  # audio made before word times is never taken for audio that has them
    # The same article in a store written by format 3: its metadata has no word times. It still reads.
    store.register(old_key, script)
    old = json.loads(json.dumps(meta))
    for sentence in old["sentences"]:
        del sentence["words"]
    partial = store.partial(old_key)
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(audio)
    store.finish(old_key, partial, old, webvtt(old, script))
    assert store.meta(old_key) == old and store.ready(old_key)
    stats = store.stats()
    assert (stats.articles, stats.audio, stats.partial) == (2, 1, 0)
    # The page offers the new key; the old one is no longer this application's (a 404, never a 500), and
    # the new audio comes with word times.
    client = app.test_client()
    assert client.get(f"/readable/audio/{old_key}.json").status_code == 404
    made_now = client.get(f"/readable/audio/{key}.mp3")
    assert made_now.status_code == 200 and made_now.get_data()[:3] == b"ID3"
    made_now.close()
    served = client.get(f"/readable/audio/{key}.json").json["sentences"]
    assert len(served) == 3 and all(s["start"] <= s["words"][0][0] for s in served)
    vtt = client.get(f"/readable/audio/{key}.vtt")
    assert vtt.text.count(" --> ") == 3
    vtt.close()


def test_stored_word_times_are_plain_json_lists(made: tuple[Manifest, Meta, bytes]) -> None:
    _, meta, _ = made
    text = json.dumps(meta, ensure_ascii=False)
    assert re.search(r'"words": \[\[\d+\.?\d*, \d+\.?\d*, \d+, \d+\]', text)
