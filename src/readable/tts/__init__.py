"""Voices: one small interface, an online voice (gTTS), an offline voice (espeak-ng), and a chain."""

from __future__ import annotations

from .base import Voice, VoiceError

__all__ = ["Voice", "VoiceError"]
