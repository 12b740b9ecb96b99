"""The interface every voice implements."""

from __future__ import annotations

from typing import Protocol

from ..audio.mp3 import AudioFormat


class VoiceError(Exception):
    """A voice could not say a text: service unreachable, refused, or answered with no usable audio."""


class Voice(Protocol):
    """Turns one sentence (already in its spoken form) into MP3 frames in the article format."""

    #: Short name, as in the ``READABLE_VOICES`` setting ("gtts", "espeak").
    name: str

    def synthesize(self, text: str, audio_format: AudioFormat) -> bytes:
        """Bare MP3 frames (no tags, no Xing header), every frame in ``audio_format``.

        Raises :class:`VoiceError` when it cannot; never returns empty or partial audio.
        """
        ...
