"""Real MP3 bytes for tests, made with lameenc: a tone, so replies and fixtures hold genuine frames."""

from __future__ import annotations

import math
from array import array

import lameenc


def mp3(seconds: float, *, sample_rate: int = 24000, bitrate: int = 32, frequency: float = 440.0) -> bytes:
    """``seconds`` of a mono sine tone as constant-bitrate MP3, by default in the article format (24 kHz,
    32 kbit/s).

    Deterministic: the same arguments give the same bytes. Longer ``seconds`` give more frames, so replies of
    different lengths can be told apart by their frame counts.
    """
    count = round(seconds * sample_rate)
    step = 2 * math.pi * frequency / sample_rate
    pcm = array("h", (round(8000 * math.sin(step * i)) for i in range(count)))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm.tobytes()) + encoder.flush())
