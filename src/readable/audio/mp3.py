"""MPEG audio frames: parse, validate, join and time MP3 data without decoding it.

An article's audio is one uniform stream (one sample rate, one bitrate, mono) because browsers stop or
misreport the duration when the format changes mid-file. Durations come from counting frames: every Layer III
frame holds a fixed number of samples, so a sentence's time is exact to the frame, whatever padding the
encoder added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_BITRATES = {  # kbit/s by bitrate index, Layer III
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


class Mp3Error(ValueError):
    """The bytes are not a clean sequence of MPEG Layer III frames."""


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """What every frame of one article's audio shares."""

    sample_rate: int
    bitrate: int  # kbit/s
    channels: int

    @property
    def samples_per_frame(self) -> int:
        return 1152 if self.sample_rate >= 32000 else 576

    @property
    def frame_seconds(self) -> float:
        return self.samples_per_frame / self.sample_rate


#: The article format: what Google's voice sends (MPEG-2 Layer III, 24 kHz, 32 kbit/s, mono), so the online
#: voice's audio is used as it comes and the offline voice is encoded to match.
ARTICLE_FORMAT = AudioFormat(sample_rate=24000, bitrate=32, channels=1)


@dataclass(frozen=True, slots=True)
class Frame:
    offset: int
    length: int
    format: AudioFormat


def _header(data: bytes | memoryview, pos: int) -> Frame | None:
    if pos + 4 > len(data) or data[pos] != 0xFF or (data[pos + 1] & 0xE0) != 0xE0:
        return None
    b1, b2, b3 = data[pos + 1], data[pos + 2], data[pos + 3]
    version = (b1 >> 3) & 3  # 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
    layer = (b1 >> 1) & 3
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES[1 if version == 3 else 2][bitrate_index]
    sample_rate = _SAMPLE_RATES[version][rate_index]
    padding = (b2 >> 1) & 1
    length = (144 if version == 3 else 72) * bitrate * 1000 // sample_rate + padding
    channels = 1 if (b3 >> 6) == 3 else 2
    return Frame(pos, length, AudioFormat(sample_rate, bitrate, channels))


def tag_length(data: bytes) -> int:
    """Length of the ID3v2 tag ``data`` starts with (0 without one): where its audio begins."""
    if len(data) >= 10 and data[:3] == b"ID3":
        size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
        return 10 + size + (10 if data[5] & 0x10 else 0)
    return 0


def frames(data: bytes) -> list[Frame]:
    """The audio frames of ``data``: tags and the Xing/Info header frame are skipped.

    Raises :class:`Mp3Error` when anything else is found (garbage, a truncated frame, no frame at all).
    """
    start = tag_length(data)
    end = len(data) - 128 if data[-128:-125] == b"TAG" else len(data)
    found: list[Frame] = []
    pos = start
    while pos < end:
        frame = _header(data, pos)
        if frame is None:
            raise Mp3Error(f"no MPEG audio frame at byte {pos}")
        if pos + frame.length > end:
            raise Mp3Error(f"truncated frame at byte {pos}")
        if not found and _is_info_frame(data, frame):
            pos += frame.length
            continue
        found.append(frame)
        pos += frame.length
    if not found:
        raise Mp3Error("no audio frames")
    return found


def _is_info_frame(data: bytes, frame: Frame) -> bool:
    body = data[frame.offset + 4 : frame.offset + min(frame.length, 64)]
    return b"Xing" in body or b"Info" in body


def audio_bytes(data: bytes, expected: AudioFormat | None = None) -> tuple[bytes, int]:
    """The bare frames of ``data`` joined, and how many there are.

    With ``expected``, every frame must have that format, else :class:`Mp3Error`.
    """
    found = frames(data)
    if expected is not None:
        for frame in found:
            if frame.format != expected:
                raise Mp3Error(f"frame at byte {frame.offset} is {frame.format}, expected {expected}")
    view = memoryview(data)
    return b"".join(view[f.offset : f.offset + f.length] for f in found), len(found)


def duration(data: bytes) -> float:
    """Seconds of audio in ``data``, counted from its frames."""
    return sum(f.format.samples_per_frame / f.format.sample_rate for f in frames(data))


def silent_frame(audio_format: AudioFormat) -> bytes:
    """One Layer III frame of digital silence in ``audio_format``.

    Its side information is all zeros: no main data, and none borrowed from earlier frames (the bit
    reservoir), so it can be put anywhere between two pieces of audio; a decoder outputs zeros for it.
    """
    version = next((v for v, rates in _SAMPLE_RATES.items() if audio_format.sample_rate in rates), None)
    if version is None:
        raise ValueError(f"no MPEG sample rate {audio_format.sample_rate}")
    rates = _SAMPLE_RATES[version]
    bitrates = _BITRATES[1 if version == 3 else 2]
    if audio_format.bitrate not in bitrates[1:]:
        raise ValueError(f"no Layer III bitrate {audio_format.bitrate} kbit/s")
    header = bytes(
        (
            0xFF,
            0xE0 | version << 3 | 1 << 1 | 1,  # Layer III, no CRC
            bitrates.index(audio_format.bitrate) << 4 | rates.index(audio_format.sample_rate) << 2,
            0xC0 if audio_format.channels == 1 else 0x00,  # mono, or stereo
        )
    )
    frame = _header(header, 0)
    assert frame is not None and frame.format == audio_format
    return header + bytes(frame.length - 4)


def silence(audio_format: AudioFormat, seconds: float) -> tuple[bytes, int]:
    """Silent frames lasting at least ``seconds`` (rounded up to whole frames), and how many there are."""
    count = max(0, math.ceil(round(seconds / audio_format.frame_seconds, 6)))
    return silent_frame(audio_format) * count, count
