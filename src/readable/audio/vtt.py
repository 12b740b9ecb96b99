"""WebVTT cues: one cue per sentence, its id the sentence's index, its text what is said."""

from __future__ import annotations

from collections.abc import Iterable


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cues(items: Iterable[tuple[str, float, float, str]]) -> str:
    """WebVTT text from ``(cue id, start, end, text)``; text escaped, so no blank line ends a cue early."""
    out = ["WEBVTT", ""]
    for cue_id, start, end, text in items:
        safe = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out += [cue_id.replace("-->", "→"), f"{timestamp(start)} --> {timestamp(end)}", safe or "…", ""]
    return "\n".join(out)
