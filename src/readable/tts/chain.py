"""Voices in order of preference, with fallback and a memory of the voices that are failing."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from ..audio.mp3 import AudioFormat
from ..logs import event
from .base import Voice, VoiceError


class VoiceChain:
    """Asks each voice in turn until one answers.

    A voice that fails is skipped for ``cooldown`` seconds (a circuit breaker), so that while Google is
    unreachable each listener does not wait for it to time out again; after that one call tries it again.
    The last voice is always tried.
    """

    def __init__(
        self, voices: Sequence[Voice], *, cooldown: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not voices:
            raise ValueError("a voice chain needs at least one voice")
        self.voices = tuple(voices)
        self.cooldown = cooldown
        self._clock = clock
        self._open_until: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def primary(self) -> str:
        return self.voices[0].name

    def is_open(self, voice: Voice) -> bool:
        with self._lock:
            return self._open_until.get(voice.name, 0.0) > self._clock()

    def trip(self, name: str, reason: str) -> None:
        """Skip the voice ``name`` for the cooldown (it failed, or is too slow to be waited for)."""
        with self._lock:
            self._open_until[name] = self._clock() + self.cooldown
        event(logging.WARNING, "voice_failed", voice=name, error=reason)

    def synthesize(self, text: str, audio_format: AudioFormat, skip: int = 0) -> tuple[bytes, str]:
        """Audio of ``text`` and the name of the voice that made it; :class:`VoiceError` if none could.

        ``skip``: how many of the first voices not to ask (the last voice is always asked)."""
        errors = []
        for index, voice in enumerate(self.voices):
            last = index == len(self.voices) - 1
            if index < skip and not last:
                continue
            if not last and self.is_open(voice):
                errors.append(f"{voice.name}: skipped, failing recently")
                continue
            try:
                audio = voice.synthesize(text, audio_format)
            except VoiceError as error:
                errors.append(f"{voice.name}: {error}")
                self.trip(voice.name, str(error))
                continue
            with self._lock:
                self._open_until.pop(voice.name, None)
            return audio, voice.name
        raise VoiceError("; ".join(errors))
