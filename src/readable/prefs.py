"""The reader's settings: text size, theme and the comfort panel's display settings, in one cookie.

The cookie is written by the blueprint's form handler (pages without JavaScript) and by the script, in
the same ``size=150&theme=dark&leading=loose&...`` form, so the server can render the next page with the
right settings and nothing flashes at the defaults on first paint. A cookie written before themes existed
(``contrast=on|off|auto``) is still read: ``on`` is the high-contrast theme, ``off`` the default theme.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

#: Themes: follow the system (``prefers-contrast: more``), or the reader's explicit choice.
THEMES = ("auto", "default", "contrast", "dark", "sepia")
#: The former contrast setting, as a theme (old cookies, old forms).
CONTRAST_THEMES = {"auto": "auto", "on": "contrast", "off": "default"}
#: The comfort panel's settings (cookie and form field: its values, the default first).
DISPLAY = {
    "leading": ("normal", "relaxed", "loose"),
    "spacing": ("normal", "wide"),
    "width": ("normal", "narrow", "wide"),
    "font": ("site", "legible"),
    "mask": ("off", "on"),
}
#: Text sizes the stylesheet knows (percent). Configured steps must be among them.
SUPPORTED_SIZES = frozenset(range(50, 305, 5))
SIZE_ACTIONS = ("smaller", "default", "larger")
#: Playback speeds the player offers.
SPEEDS = ("0.75", "1", "1.25", "1.5", "1.75", "2")
#: Form fields the preference view reads ("reset": the panel's "Khôi phục mặc định").
FORM_FIELDS = ("size", "theme", "contrast", "speed", "reset", *DISPLAY)


class PreferenceError(ValueError):
    """A preference value that is not one of the accepted ones."""


@dataclass(frozen=True, slots=True)
class Prefs:
    size: int
    theme: str = "auto"
    leading: str = "normal"
    spacing: str = "normal"
    width: str = "normal"
    font: str = "site"
    mask: str = "off"
    speed: str = "1"

    def to_cookie(self) -> str:
        return urlencode({f.name: getattr(self, f.name) for f in fields(self)})

    def display(self) -> dict[str, str]:
        """The comfort panel's settings by name."""
        return {name: getattr(self, name) for name in DISPLAY}


def from_cookie(value: str | None, sizes: Sequence[int], default_size: int) -> Prefs:
    """Read the cookie; anything unknown or malformed falls back to the defaults, field by field.

    Never raises: a cookie the reader cannot see must not break every page (or the form that resets it).
    """
    try:
        found = dict(parse_qsl(value or "", max_num_fields=12)) if value and len(value) < 256 else {}
    except ValueError:  # more fields than allowed
        found = {}
    size = _number(found.get("size", ""))
    theme = found.get("theme", CONTRAST_THEMES.get(found.get("contrast", ""), ""))
    speed = found.get("speed", "")
    known: dict[str, Any] = {k: v for k, v in found.items() if k in DISPLAY and v in DISPLAY[k]}
    return Prefs(
        size=size if size is not None and size in sizes else default_size,
        theme=theme if theme in THEMES else "auto",
        speed=speed if speed in SPEEDS else "1",
        **known,
    )


def _number(text: str) -> int | None:
    """``text`` as a whole number of at most three ASCII digits (``str.isdigit`` also accepts "²" or "①",
    which ``int`` refuses)."""
    return int(text) if 0 < len(text) <= 3 and text.isascii() and text.isdigit() else None


def apply(prefs: Prefs, form: Mapping[str, str], sizes: Sequence[int], default_size: int) -> Prefs:
    """The preferences after one submission of the toolbar: a size button, the comfort panel (any of
    ``theme`` and the :data:`DISPLAY` fields, or ``reset``), the former ``contrast`` button, a ``speed``.

    Raises :class:`PreferenceError` for a value that no control sends.
    """
    if "reset" in form:
        return Prefs(size=default_size, speed=prefs.speed)
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
        if form["contrast"] not in CONTRAST_THEMES:
            raise PreferenceError(f"unknown contrast {form['contrast'][:20]!r}")
        prefs = replace(prefs, theme=CONTRAST_THEMES[form["contrast"]])
    if "theme" in form:
        if form["theme"] not in THEMES:
            raise PreferenceError(f"unknown theme {form['theme'][:20]!r}")
        prefs = replace(prefs, theme=form["theme"])
    for name, values in DISPLAY.items():
        if name in form:
            if form[name] not in values:
                raise PreferenceError(f"unknown {name} {form[name][:20]!r}")
            prefs = replace(prefs, **{name: form[name]})  # type: ignore[arg-type]
    if "speed" in form:
        if form["speed"] not in SPEEDS:
            raise PreferenceError(f"unknown speed {form['speed'][:20]!r}")
        prefs = replace(prefs, speed=form["speed"])
    return prefs
