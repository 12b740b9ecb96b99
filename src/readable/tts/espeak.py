"""The offline voice: espeak-ng from the ``espeakng-loader`` wheel through ctypes, encoded with lameenc.

Pip only, no system package. espeak-ng keeps global state in the process, so every call is serialized by one
lock. It is GPL-3.0 licensed, like this project.
"""

from __future__ import annotations

import ctypes
import functools
import threading
from typing import Any

from ..audio.mp3 import AudioFormat, Mp3Error, audio_bytes
from .base import Speech, VoiceError

VOICES = ("vi", "vi-VN-x-central", "vi-VN-x-south")

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_CHARS_UTF8 = 1
_POS_CHARACTER = 1
_EE_OK = 0
_EVENT_LIST_TERMINATED, _EVENT_WORD, _EVENT_END = 0, 1, 5  # espeakEVENT_*; END: a clause's end
_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_lock = threading.Lock()
_library: Any = None
_sample_rate = 0
_chunks: list[bytes] = []
_words: list[tuple[int, float]] = []


class _Event(ctypes.Structure):
    """espeak_EVENT, as speak_lib.h lays it out."""

    _fields_ = [
        ("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
        ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8),
    ]  # fmt: skip


@_SYNTH_CALLBACK  # type: ignore[untyped-decorator]  # ctypes callbacks are untyped
def _collect(wav: Any, count: int, events: Any) -> int:
    if wav and count > 0:
        _chunks.append(ctypes.string_at(wav, count * 2))
    # The events of this piece of audio, up to a terminator: a word's text_position counts characters
    # (code points of the UTF-8 input) from 1; audio_position is in milliseconds from the start.
    listed = ctypes.cast(events, ctypes.POINTER(_Event))
    index = 0
    while events and listed[index].type != _EVENT_LIST_TERMINATED:
        found = listed[index]
        if found.type in (_EVENT_WORD, _EVENT_END):
            offset = found.text_position - 1 if found.type == _EVENT_WORD else -1
            _words.append((offset, found.audio_position / 1000))
        index += 1
    return 0


def _load() -> Any:
    """Load and initialise the library once per process (called with the lock held)."""
    global _library, _sample_rate
    if _library is None:
        try:
            import espeakng_loader
        except ImportError:
            raise VoiceError("the offline voice needs the espeakng-loader package") from None
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
            ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        data_path = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
        if rate <= 0:
            raise VoiceError("espeak-ng could not start")
        lib.espeak_SetSynthCallback(_collect)
        _library, _sample_rate = lib, rate
    return _library


class _Voice(ctypes.Structure):
    # espeak_VOICE from speak_lib.h.
    _fields_ = [
        ("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p),
    ]  # fmt: skip


@functools.cache
def voices() -> dict[str, tuple[tuple[int, str], ...]]:
    """espeak-ng's voices: identifier → its languages as (priority, language), lower priority preferred."""
    voices: dict[str, tuple[tuple[int, str], ...]] = {}
    with _lock:
        lib = _load()
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        listed = lib.espeak_ListVoices(None)
        index = 0
        while listed[index]:
            voice = listed[index].contents
            # A run of (priority byte, NUL-terminated language) pairs, ended by a zero priority.
            languages, at = [], voice.languages
            while priority := ctypes.string_at(at, 1)[0]:
                language = ctypes.string_at(at + 1)
                languages.append((priority, language.decode("ascii", "replace").lower()))
                at += 2 + len(language)
            voices[voice.identifier.decode("ascii", "replace")] = tuple(languages)
            index += 1
    return voices


class EspeakVoice:
    """Vietnamese from espeak-ng; ``voice`` is one of :data:`VOICES` (or, for an article in another language,
    any voice espeak-ng lists: ``readable.languages``), ``rate`` in words per minute."""

    name = "espeak"

    def __init__(self, voice: str = "vi", rate: int = 165) -> None:
        if voice not in VOICES and voice not in voices():
            raise ValueError(f"unknown espeak voice {voice!r}; use one of {', '.join(VOICES)}")
        self.voice = voice
        self.rate = rate

    def pcm(self, text: str) -> tuple[bytes, int]:
        """16-bit mono PCM of ``text`` and its sample rate."""
        pcm, rate, _ = self.timed_pcm(text)
        return pcm, rate

    def timed_pcm(self, text: str) -> tuple[bytes, int, tuple[tuple[int, float], ...]]:
        """16-bit mono PCM of ``text``, its sample rate and its word times (as :attr:`Speech.words`)."""
        data = text.encode("utf-8") + b"\0"
        with _lock:
            lib = _load()
            if lib.espeak_SetVoiceByName(self.voice.encode()) != _EE_OK:
                raise VoiceError(f"espeak-ng has no voice {self.voice!r}")
            lib.espeak_SetParameter(1, self.rate, 0)  # espeakRATE
            _chunks.clear()
            _words.clear()
            status = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None)
            pcm, words = b"".join(_chunks), tuple(_words)
            _chunks.clear()
            _words.clear()
            if status != _EE_OK:
                raise VoiceError(f"espeak-ng failed ({status})")
            return pcm, _sample_rate, words

    def synthesize(self, text: str, audio_format: AudioFormat) -> Speech:
        """The MP3 frames of ``text``, with the time each of its words starts."""
        if not text.strip():
            raise VoiceError("nothing to say")
        pcm, rate, words = self.timed_pcm(text)
        if not pcm:
            raise VoiceError("espeak-ng made no sound")
        try:
            import lameenc
        except ImportError:
            raise VoiceError("the offline voice needs the lameenc package") from None
        encoder = lameenc.Encoder()
        encoder.set_channels(1)
        encoder.set_in_sample_rate(rate)
        encoder.set_out_sample_rate(audio_format.sample_rate)
        encoder.set_bit_rate(audio_format.bitrate)
        encoder.set_quality(5)
        mp3 = bytes(encoder.encode(pcm)) + bytes(encoder.flush())
        try:
            speech = Speech(audio_bytes(mp3, audio_format)[0])
        except Mp3Error as error:
            raise VoiceError(f"the encoder made unexpected audio: {error}") from None
        speech.words = words
        return speech
