"""The interface every voice implements."""

from __future__ import annotations

from typing import Protocol

from ..audio.mp3 import AudioFormat


class VoiceError(Exception):
    """A voice could not say a text: service unreachable, refused, or answered with no usable audio."""


class Speech(bytes):
    """MP3 frames that also carry when the voice said each word, for a voice that reports it (espeak-ng).

    ``words``: ``(offset, seconds)`` in the order said: a word of the text said starts at character ``offset``
    that many seconds into the audio; an offset of -1 marks where the voice falls silent (a clause ends).
    It stays bytes, so whatever passes the audio along (the voice chain, a wrapper) passes this along too.
    """

    words: tuple[tuple[int, float], ...] = ()


class Voice(Protocol):
    """Turns one sentence (already in its spoken form) into MP3 frames in the article format."""

    #: Short name, as in the ``READABLE_VOICES`` setting ("gtts", "espeak").
    name: str

    def synthesize(self, text: str, audio_format: AudioFormat) -> bytes:
        """Bare MP3 frames (no tags, no Xing header), every frame in ``audio_format``.

        Raises :class:`VoiceError` when it cannot; never returns empty or partial audio. A voice that knows
        its word times returns them as a :class:`Speech`.
        """
        ...
