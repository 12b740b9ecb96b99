"""Make one article's audio: every sentence through the voice chain, in order, into one uniform MP3.

The ID3 tag (title, site, date, language from the manifest, and the voice that said the first sentence) is
written as soon as the first sentence is made, before its audio, so the file can be streamed to listeners
while it grows: the bytes they receive are exactly the bytes of the finished file. The first sentence is made
alone, so that it comes as soon as possible; the rest are synthesized ahead in a small thread pool and written
in order, each followed by its pause (silent frames). Each sentence's start and end come from counting the
MP3 frames written before and after it, its pause included.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import BinaryIO

from .audio import id3
from .audio.mp3 import AudioFormat, frames, silence
from .audio.types import Manifest, Meta, TimedSentence
from .audio.vtt import cues
from .audio.words import word_times
from .logs import event
from .tts.base import VoiceError
from .tts.chain import VoiceChain

#: Bumped whenever the audio, its metadata or its manifest would differ for the same script (format, tags,
#: packing, sentence offsets, word times since 4): part of every key, so nothing made by an older version is
#: taken for new.
FORMAT_VERSION = 4

#: How the ID3 tag names each voice (``TXXX:voice``).
VOICE_NAMES = {"gtts": "gTTS (Google Translate)", "espeak": "espeak-ng"}


def generate(
    manifest: Manifest,
    chain: VoiceChain,
    audio_format: AudioFormat,
    out: BinaryIO,
    *,
    workers: int = 4,
    on_sentence: Callable[[int, int], None] | None = None,
    first_deadline: float | None = None,
    on_voice: Callable[[str], None] | None = None,
) -> Meta:
    """Write the article's MP3 to ``out`` (flushed after every sentence) and return its metadata.

    The metadata is what ``/readable/audio/<key>.json`` serves: state, voices, duration and the sentences with
    their times and block ids, and their words' times when the voice reports them (``audio.words``). A
    sentence no voice can say is left out and listed in ``failed``; :class:`VoiceError` only when not a
    single sentence could be said.

    When the preferred voice has not said the first sentence within ``first_deadline`` seconds, the whole
    article is made by the fallback voices instead (provisional audio), so the listener is not kept waiting
    for a voice that may never answer; the preferred voice is skipped by other articles for its cooldown.

    ``on_voice`` is told the voice of the first sentence, once it is said.

    Each sentence is followed by its ``pause`` of silent frames, counted in its cue: the cues cover the file
    without gaps, and the last one ends with the file.
    """
    sentences = manifest["sentences"]
    if not sentences:
        raise VoiceError("nothing to say")
    timed: list[TimedSentence] = []
    failed: list[int] = []
    seconds = 0.0
    skip = 0  # voices of the chain skipped (1: the preferred voice was too slow to start)
    lone = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readable-tts-first")
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="readable-tts") as pool:
        # The first sentence has the voice's whole capacity to itself, so the listener hears it as soon
        # as one round trip allows; the rest are then requested ahead and written in order. It runs apart,
        # so that a preferred voice that never answers is left behind rather than waited for.
        futures: list[Future[tuple[bytes, str]]] = [
            lone.submit(chain.synthesize, sentences[0]["spoken"], audio_format)
        ]
        lone.shutdown(wait=False)
        wait(futures, timeout=first_deadline)
        if not futures[0].done() and len(chain.voices) > 1:
            skip = 1
            chain.trip(chain.primary, f"no first sentence within {first_deadline:g} s")
            futures[0] = pool.submit(chain.synthesize, sentences[0]["spoken"], audio_format, skip=skip)
            wait(futures)
        try:
            first_voice = futures[0].result()[1]
        except VoiceError:
            first_voice = ""
        if on_voice and first_voice:
            on_voice(first_voice)
        out.write(
            id3.tag(
                title=manifest.get("title", ""),
                artist=manifest.get("site", ""),
                date=manifest.get("date", ""),
                language=manifest.get("language", "vie"),
                voice=VOICE_NAMES.get(first_voice, first_voice),
            )
        )
        out.flush()
        say = functools.partial(chain.synthesize, skip=skip) if skip else chain.synthesize
        for sentence in sentences[1:]:
            futures.append(pool.submit(say, sentence["spoken"], audio_format))
        try:
            for index, (sentence, future) in enumerate(zip(sentences, futures, strict=True)):
                try:
                    audio, voice = future.result()
                except VoiceError as error:
                    event(logging.ERROR, "sentence_failed", index=index, error=str(error))
                    failed.append(index)
                    continue
                count = len(frames(audio))
                quiet, pause = silence(audio_format, sentence.get("pause", 0.0))
                out.write(audio + quiet)
                out.flush()
                start, seconds = seconds, seconds + (count + pause) * audio_format.frame_seconds
                timed.append(
                    {"index": index, "block_id": sentence["block_id"], "from": int(sentence.get("from", 0)),
                     "to": int(sentence.get("to", 0)), "start": round(start, 3), "end": round(seconds, 3),
                     "voice": voice}
                )  # fmt: skip
                said = getattr(audio, "words", ())
                if said and sentence["block_id"]:  # a title not shown as a block has no words to mark
                    speaking = start + count * audio_format.frame_seconds
                    words = word_times(sentence["text"], sentence["spoken"], said, start, speaking)
                    if words:
                        timed[-1]["words"] = words
                if on_sentence:
                    on_sentence(index + 1, len(sentences))
        finally:
            for future in futures:
                future.cancel()
    if not timed:
        raise VoiceError("no sentence of this article could be said")
    voices = sorted({t["voice"] for t in timed})
    return {
        "state": "ready" if voices == [chain.primary] and not failed else "provisional",
        "voice": voices[0] if len(voices) == 1 else voices,
        "duration": round(seconds, 3),
        "format": {"sample_rate": audio_format.sample_rate, "bitrate": audio_format.bitrate, "channels": 1},
        "failed": failed,
        "sentences": timed,
    }


def webvtt(meta: Meta, manifest: Manifest) -> str:
    """The cues of a finished generation: one per sentence, with the written text the reader sees."""
    texts = manifest["sentences"]
    return cues(
        (f"s{s['index']}", s["start"], s["end"], texts[s["index"]].get("text") or texts[s["index"]]["spoken"])
        for s in meta["sentences"]
    )
