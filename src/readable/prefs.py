"""The reader's settings: text size, contrast, speed and listening on, kept in one first-party cookie.

The cookie is written by the blueprint's form handler (pages without JavaScript) and by the script, in
the same ``size=150&contrast=on`` form, so the server can render the next page with the right settings
and nothing flashes at the default size on first paint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

#: Contrast preferences: follow the system (``prefers-contrast: more``), or the reader's explicit choice.
CONTRASTS = ("auto", "on", "off")
#: Text sizes the stylesheet knows (percent). Configured steps must be among them.
SUPPORTED_SIZES = frozenset(range(50, 305, 5))
SIZE_ACTIONS = ("smaller", "default", "larger")
#: Playback speeds the player offers.
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")
#: Whether the player moves on to the next article by itself when one ends ("Tự động nghe bài tiếp theo").
AUTONEXT = ("off", "on")


class PreferenceError(ValueError):
    """A preference value that is not one of the accepted ones."""


@dataclass(frozen=True, slots=True)
class Prefs:
    size: int
    contrast: str = "auto"
    speed: str = "1"
    autonext: str = "off"

    def to_cookie(self) -> str:
        fields = {"size": str(self.size), "contrast": self.contrast, "speed": self.speed}
        if self.autonext == "on":  # written only when on, as the script does
            fields["autonext"] = "on"
        return urlencode(fields)


def from_cookie(value: str | None, sizes: Sequence[int], default_size: int) -> Prefs:
    """Read the cookie; anything unknown or malformed falls back to the defaults, field by field.

    Never raises: a cookie the reader cannot see must not break every page (or the form that resets it).
    """
    try:
        fields = dict(parse_qsl(value or "", max_num_fields=8)) if value and len(value) < 256 else {}
    except ValueError:  # more fields than allowed
        fields = {}
    size = _number(fields.get("size", ""))
    contrast = fields.get("contrast", "")
    speed = fields.get("speed", "")
    autonext = fields.get("autonext", "")
    return Prefs(
        size=size if size is not None and size in sizes else default_size,
        contrast=contrast if contrast in CONTRASTS else "auto",
        speed=speed if speed in SPEEDS else "1",
        autonext=autonext if autonext in AUTONEXT else "off",
    )


def _number(text: str) -> int | None:
    """``text`` as a whole number of at most three ASCII digits (``str.isdigit`` also accepts "²" or "①",
    which ``int`` refuses)."""
    return int(text) if 0 < len(text) <= 3 and text.isascii() and text.isdigit() else None


def apply(prefs: Prefs, form: Mapping[str, str], sizes: Sequence[int], default_size: int) -> Prefs:
    """The preferences after one press of a toolbar button (the form's ``size``, ``contrast``, ``speed``
    or ``autonext``).

    Raises :class:`PreferenceError` for a value that no button sends.
    """
    if "size" in form:
        action = form["size"]
        steps = sorted(sizes)
        if action == "default":
            size = default_size
        elif action == "smaller":
            size = max((s for s in steps if s < prefs.size), default=steps[0])
        elif action == "larger":
            size = min((s for s in steps if s > prefs.size), default=steps[-1])
        else:
            number = _number(action)
            if number is None or number not in sizes:
                raise PreferenceError(f"unknown text size {action[:20]!r}")
            size = number
        prefs = replace(prefs, size=size)
    if "contrast" in form:
        contrast = form["contrast"]
        if contrast not in CONTRASTS:
            raise PreferenceError(f"unknown contrast {contrast[:20]!r}")
        prefs = replace(prefs, contrast=contrast)
    if "speed" in form:
        if form["speed"] not in SPEEDS:
            raise PreferenceError(f"unknown speed {form['speed'][:20]!r}")
        prefs = replace(prefs, speed=form["speed"])
    if "autonext" in form:
        if form["autonext"] not in AUTONEXT:
            raise PreferenceError(f"unknown autonext {form['autonext'][:20]!r}")
        prefs = replace(prefs, autonext=form["autonext"])
    return prefs
