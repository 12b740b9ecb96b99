"""The blueprint: the preference form for pages without JavaScript, and the shipped static files."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, request
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from . import prefs as prefs_mod
from ._paths import STATIC_FOLDER, TEMPLATE_FOLDER
from .extension import current_prefs, get_state
from .i18n import translations

blueprint = Blueprint(
    "readable",
    __name__,
    static_folder=str(STATIC_FOLDER),
    template_folder=str(TEMPLATE_FOLDER),
)


class InvalidPreference(BadRequest):
    """A preference form carried a value that no toolbar button sends."""


@blueprint.post("/prefs")
def prefs() -> Response:
    """Store a toolbar choice in the settings cookie and go back to the page it came from."""
    state = get_state()
    form = {k: v for k, v in request.form.items() if k in ("size", "contrast")}
    try:
        new = prefs_mod.apply(current_prefs(), form, state.sizes, state.default_size)
    except prefs_mod.PreferenceError as error:
        t = translations(state.language).gettext
        raise InvalidPreference(t("Giá trị không hợp lệ: {detail}").format(detail=error)) from None
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        state.cookie_name,
        new.to_cookie(),
        max_age=state.cookie_max_age,
        path="/",
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site; otherwise the referring page on this site, else ``/``.

    Refuses absolute URLs, scheme-relative ``//host`` paths and their backslash variants, so the form can
    never send a reader to another site.
    """
    for candidate in (target, request.referrer):
        path = _local_path(candidate)
        if path is not None:
            return path
    return "/"


def _local_path(candidate: str | None) -> str | None:
    if not candidate or len(candidate) > 2048 or any(c < " " or c == "\\" for c in candidate):
        return None
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return None
        candidate = parts.path + ("?" + parts.query if parts.query else "")
    if not candidate.startswith("/") or candidate.startswith("//"):
        return None
    return candidate
