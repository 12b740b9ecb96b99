"""A minimal ID3v2.4 tag: title, site name, date and language, UTF-8 text frames."""

from __future__ import annotations


def _synchsafe(n: int) -> bytes:
    return bytes(((n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F))


def _text_frame(frame_id: str, value: str) -> bytes:
    body = b"\x03" + value.encode("utf-8")  # encoding 3 = UTF-8
    return frame_id.encode("ascii") + _synchsafe(len(body)) + b"\x00\x00" + body


def tag(
    *, title: str = "", artist: str = "", date: str = "", language: str = "vie", voice: str = ""
) -> bytes:
    """An ID3v2.4 tag. ``date`` is ISO 8601 (``2020-12-24``); ``language`` an ISO 639-2 code; ``voice`` the
    voice that reads the article, as a user-defined text frame ``TXXX`` described "voice"."""
    frames = b"".join(
        _text_frame(frame_id, value)
        for frame_id, value in (("TIT2", title), ("TPE1", artist), ("TDRC", date), ("TLAN", language),
                                ("TXXX", f"voice\0{voice}"))
        if value and value != "voice\0"
    )  # fmt: skip
    return b"ID3\x04\x00\x00" + _synchsafe(len(frames)) + frames


def read(data: bytes) -> dict[str, str]:
    """The text frames of an ID3v2.4 tag at the start of ``data`` (for tests and tools)."""
    if data[:4] != b"ID3\x04":
        return {}
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    pos, end, out = 10, 10 + size, {}
    while pos + 10 <= end and data[pos : pos + 4].strip(b"\0"):
        frame_id = data[pos : pos + 4].decode("ascii", "replace")
        length = (data[pos + 4] << 21) | (data[pos + 5] << 14) | (data[pos + 6] << 7) | data[pos + 7]
        body = data[pos + 10 : pos + 10 + length]
        if body[:1] == b"\x03":
            text = body[1:].decode("utf-8", "replace")
            if frame_id == "TXXX":  # "TXXX:<description>"
                description, _, text = text.partition("\0")
                frame_id = f"TXXX:{description}"
            out[frame_id] = text
        pos += 10 + length
    return out
