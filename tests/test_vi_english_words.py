"""Acronyms said as English words ("DOS", "REST", "JSON") are given to the voice as those words: the
abbreviation table's note says espeak-ng's Vietnamese voice switches to English for them. Checked here
with the real library's phonemes, so the note stays true when the table or the voice changes."""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path
from typing import Any

import pytest

from readable.tts import espeak
from readable.vi import normalize

TABLE = Path(espeak.__file__).resolve().parents[1] / "vi" / "data" / "abbreviations.tsv"
SECTION = "# Acronyms said as English words"


def _english_words() -> list[tuple[str, str]]:
    """The rows under the section's heading (its comment lines), up to the next comment or the end."""
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(SECTION))
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            if rows:
                break
            continue
        written, spoken = line.split("\t", 1)
        rows.append((written, spoken))
    return rows


@functools.cache
def _library() -> Any:
    """espeak-ng, with the signature of its text-to-phonemes call (not one the voice itself uses)."""
    with espeak._lock:
        lib = espeak._load()
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int]
    return lib


def _phonemes(text: str) -> str:
    lib = _library()
    with espeak._lock:
        assert lib.espeak_SetVoiceByName(b"vi") == 0
        pointer = ctypes.c_char_p(text.encode())
        return (lib.espeak_TextToPhonemes(ctypes.byref(pointer), 1, 0x02) or b"").decode()


def test_the_section_lists_the_words() -> None:
    assert {written for written, _ in _english_words()} >= {"DOS", "REST", "JSON"}


@pytest.mark.parametrize(("written", "spoken"), _english_words())
def test_the_voice_says_them_in_english(written: str, spoken: str) -> None:
    assert normalize(f"dùng {written} hằng ngày") == f"dùng {spoken} hằng ngày"
    assert "(en)" in _phonemes(spoken), _phonemes(spoken)
    # Spelled with Vietnamese letter names instead, the voice stays in Vietnamese.
    assert "(en)" not in _phonemes("gi ét xì o en nờ")
