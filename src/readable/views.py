"""The blueprint: the preference form (pages without JavaScript), the audio routes, metrics, static files."""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections.abc import Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, abort, jsonify, redirect, request, send_file, url_for
from prometheus_client import CONTENT_TYPE_LATEST
from werkzeug.exceptions import BadRequest, Forbidden, RequestEntityTooLarge
from werkzeug.wrappers import Response

from . import feed as feed_mod
from . import prefs as prefs_mod
from ._paths import STATIC_FOLDER, TEMPLATE_FOLDER
from .audio.mp3 import tag_length
from .audio.service import AudioService, Busy, Unavailable
from .i18n import current_language, translations
from .metrics import Metrics
from .state import current_prefs, get_state
from .store import valid_key

#: Finished audio never changes under its key: browsers and proxies may keep it for a year.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Largest request body the blueprint accepts (the preference form).
MAX_FORM_BYTES = 4096

blueprint = Blueprint(
    "readable",
    __name__,
    static_folder=str(STATIC_FOLDER),
    template_folder=str(TEMPLATE_FOLDER),
)


class InvalidPreference(BadRequest):
    """A preference form carried a value that no toolbar button sends."""


class CrossSiteForm(Forbidden):
    """The preference form was posted from another site (a page there submitting it for the reader)."""


@blueprint.before_request
def _limit_request_size() -> None:
    # The only body the blueprint takes is the preference form: a few fields. Larger is a 413.
    request.max_content_length = MAX_FORM_BYTES
    if request.content_length is None and request.method == "POST":
        # A chunked body has no length to check up front, and werkzeug stops reading it at the limit
        # without a word (the form would be what fits). Read one byte more than allowed to tell.
        request.max_content_length = MAX_FORM_BYTES + 1
        if len(request.get_data(cache=True)) > MAX_FORM_BYTES:
            raise RequestEntityTooLarge()


@blueprint.after_request
def _security_headers(response: Response) -> Response:
    """No sniffing, no referrer to other sites, no caching of what depends on the reader's settings."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if (
        request.endpoint == "readable.static"
        and request.args.get("v") == get_state().asset_version
        and response.status_code in (200, 304)
    ):
        # Versioned by content (readable_head adds ?v=<hash>): the URL changes when the file does. Only
        # the current version: another ?v= (an old page, a probe) or a 404 must not be kept for a year.
        response.headers["Cache-Control"] = IMMUTABLE
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@blueprint.post("/prefs")
def prefs() -> Response:
    """Store a toolbar choice in the settings cookie and go back to the page it came from."""
    settings = get_state().settings
    t = translations(current_language(settings.language)).gettext
    if _cross_site():
        raise CrossSiteForm(t("Không lưu cài đặt: yêu cầu đến từ một trang web khác."))
    form = {k: v for k, v in request.form.items() if k in prefs_mod.FORM_FIELDS}
    try:
        new = prefs_mod.apply(current_prefs(), form, settings.text_sizes, settings.default_size)
    except prefs_mod.PreferenceError as error:
        raise InvalidPreference(t("Giá trị không hợp lệ: {detail}").format(detail=error)) from None
    response = redirect(safe_next(request.form.get("next")), code=303)
    response.set_cookie(
        settings.cookie_name,
        new.to_cookie(),
        max_age=settings.cookie_max_age,
        path="/",
        samesite="Lax",
        secure=request.is_secure,
    )
    return response


def _cross_site() -> bool:
    """Whether the request comes from a page of another site.

    Browsers say so in ``Sec-Fetch-Site`` (trusted when it says same-origin, so a proxy that rewrites
    ``Host`` does not matter); older ones only send ``Origin``, which must then name this host. Without
    either (a client that is not a browser) nothing is refused: the cookie only ever affects its sender.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site == "cross-site":
        return True
    if fetch_site in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if not origin or origin == "null":  # "null": a page with Referrer-Policy no-referrer, say
        return False
    try:
        return urlsplit(origin).netloc != request.host
    except ValueError:
        return True


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
    try:
        parts = urlsplit(candidate)
    except ValueError:  # "http://[x/", a host that changes under NFKC normalization
        return None
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc != request.host:
            return None
        candidate = parts.path + ("?" + parts.query if parts.query else "")
    if not candidate.startswith("/") or candidate.startswith("//"):
        return None
    return candidate


def _service(key: str) -> AudioService:
    """The audio service, when ``key`` is audio of this application; a 404 otherwise (malformed, unknown, not
    registered by the wrapper, or registered by an application with other voices sharing the folder)."""
    service = get_state().audio
    if service is None or not valid_key(key) or not service.owns(key):
        abort(404)
    return service


@blueprint.get("/audio/<key>.mp3")
def audio(key: str) -> Response:
    """The article's MP3: the finished file (Range, ETag, long-lived caching), or streamed while it is made.

    Only keys the wrapper registered exist; anything else is a 404 and starts nothing. ``HEAD`` starts
    nothing either. A download is only ever the finished file: until it is there, a 503 with
    ``Retry-After`` (and its generation is started). With a queue, a request never waits for a worker: a
    503 with ``Retry-After`` at once, and the player follows ``<key>.json``.
    """
    asked = time.perf_counter()
    service = _service(key)
    download = request.args.get("download") == "1"
    head = request.method == "HEAD"
    client = request.remote_addr or "-"
    path = service.store.audio(key)
    if path is not None:
        return _finished(service, key, path, download, head, client)
    making = "Âm thanh đang được tạo, xin thử lại sau ít giây."
    if head:
        # What a GET would answer, without making anything: a 503 with a queue, else the audio streamed.
        if service.queued:
            return _busy(making, 503)
        answer = Response(mimetype="audio/mpeg")
        answer.headers["Cache-Control"] = "no-store"
        return answer
    try:
        generation = service.ensure(key, client=client)
    except Busy:
        return _busy("Quá nhiều yêu cầu tạo âm thanh cùng lúc, xin thử lại sau ít giây.", 429)
    except Unavailable:
        return _busy("Chưa tạo được âm thanh cho bài viết này, xin thử lại sau.", 503)
    if generation is None or download:
        # A queue worker makes it (the player follows <key>.json), or a download: only the whole file.
        return _busy(making, 503)
    chunks = _measured(service.metrics, service.jobs.stream(generation), asked)
    response = Response(chunks, mimetype="audio/mpeg", direct_passthrough=True)
    response.headers["Cache-Control"] = "no-store"
    return response


def _measured(metrics: Metrics, chunks: Generator[bytes], asked: float) -> Iterator[bytes]:
    """Audio being made, as it is sent: times its first audio byte since the request and counts its bytes."""
    sent = 0
    audio_from = None
    try:
        for chunk in chunks:
            if audio_from is None:
                audio_from = tag_length(chunk)
            if sent <= audio_from < sent + len(chunk):
                metrics.observe("first_byte_seconds", time.perf_counter() - asked)
            sent += len(chunk)
            yield chunk
    finally:
        chunks.close()  # at once, not when collected: it holds the audio file open
        metrics.observe("audio_served_bytes", sent)


def _finished(
    service: AudioService, key: str, path: Path, download: bool, head: bool, client: str
) -> Response:
    """Serve made audio; provisional audio (a fallback voice) is made again meanwhile, once it is due."""
    meta = service.store.meta(key) or {}
    provisional = meta.get("state") != "ready"
    if provisional and not head:
        service.retry_if_due(key, meta, client)
    service.store.touch(key)
    service.metrics.inc("cache_hits")
    # The manifest (every sentence of the article) is read only for a download's file name.
    manifest = service.store.manifest(key) if download else None
    name = _download_name(manifest["title"] or key if manifest else key) if download else None
    if service.settings.sendfile:
        sent = _hand_over(service, path, name)
    else:
        _whole_suffix_range(path)
        sent = send_file(
            path, mimetype="audio/mpeg", conditional=True, etag=True, as_attachment=download,
            download_name=name, max_age=None,
        )  # fmt: skip
        service.metrics.observe("audio_served_bytes", sent.content_length or 0)
    sent.headers["Cache-Control"] = "no-cache" if provisional else IMMUTABLE
    return sent


def _hand_over(service: AudioService, path: Path, download_name: str | None) -> Response:
    """Finished audio for the front server to send (``READABLE_SENDFILE``): an empty answer naming the file,
    by its path (``X-Sendfile``) or by its place under nginx's internal location (``X-Accel-Redirect``).

    The front server sends the file and answers Range and conditional requests itself, with its own
    ``ETag`` and ``Last-Modified`` (both change when the file does, as the application's); what it keeps
    of this answer is its type, ``Cache-Control`` and ``Content-Disposition``."""
    answer = Response(mimetype="audio/mpeg")
    how = service.settings.sendfile or ""
    if how == "x-sendfile":
        answer.headers["X-Sendfile"] = str(path.resolve())
    else:
        location = how.removeprefix("x-accel-redirect:")
        answer.headers["X-Accel-Redirect"] = location + path.relative_to(service.store.root).as_posix()
    if download_name is not None:
        answer.headers.set("Content-Disposition", "attachment", filename=download_name)
    return answer


def _whole_suffix_range(path: Path) -> None:
    """``Range: bytes=-N`` with N past the file's size means the whole file (RFC 9110, 14.1.2), not a 416."""
    match = re.fullmatch(r"\s*bytes\s*=\s*-\s*(\d+)\s*", request.headers.get("Range", ""))
    if match and int(match.group(1)) > 0:
        size = path.stat().st_size
        if int(match.group(1)) > size > 0:
            request.environ["HTTP_RANGE"] = f"bytes=-{size}"


def _busy(message: str, status: int) -> Response:
    """A clear answer in the interface language, and when to come back."""
    language = current_language(get_state().settings.language)
    answer = Response(translations(language).gettext(message), status=status, mimetype="text/plain")
    answer.headers["Retry-After"] = "5"
    answer.headers["Cache-Control"] = "no-store"
    return answer


@blueprint.get("/metrics")
def metrics() -> Response:
    """Counters and histograms in the Prometheus text format, when ``READABLE_METRICS`` is on: this
    application's, or with ``PROMETHEUS_MULTIPROC_DIR`` those of every process of the server."""
    state = get_state()
    if not state.settings.metrics or state.audio is None:
        abort(404)
    answer = Response(state.audio.metrics.render())
    answer.headers["Content-Type"] = CONTENT_TYPE_LATEST
    answer.headers["Cache-Control"] = "no-store"
    return answer


@blueprint.get("/audio/<key>.vtt")
def cues(key: str) -> Response:
    """WebVTT cues of finished audio, one per sentence."""
    path = _service(key).store.path(key, ".vtt")
    if not path.is_file():
        abort(404)
    sent = send_file(path, mimetype="text/vtt", conditional=True, max_age=None)
    sent.headers["Cache-Control"] = "no-cache"
    return sent


@blueprint.get("/audio/<key>.json")
def audio_meta(key: str) -> Response:
    """State of the article's audio: ``pending``, ``queued``, ``generating``, ``ready`` or ``provisional``
    (a fallback voice), with the voice, duration and every sentence's times and block id once it is made."""
    answer = jsonify(_service(key).status(key))
    answer.headers["Cache-Control"] = "no-cache"
    return answer


def _download_name(title: str) -> str:
    """An ASCII file name from the title (werkzeug adds the UTF-8 form for browsers that take it)."""
    ascii_title = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "D"))
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title.encode("ascii", "ignore").decode()).strip("-").lower()
    return (slug[:80] or "bai-viet") + ".mp3"


def external(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint``: under ``READABLE_PUBLIC_URL`` when set, else Flask's own
    (``url_for(..., _external=True)``: the request's scheme and host, or ``SERVER_NAME``)."""
    if get_state().settings.public_url:
        return absolute(url_for(endpoint, **values))
    return url_for(endpoint, _external=True, **values)


def absolute(url: str) -> str:
    """``url`` (absolute, or a path on the site) as an absolute URL: a path is put under
    ``READABLE_PUBLIC_URL``, or under the address the request came to."""
    if not url.startswith("/"):
        return url
    base = get_state().settings.public_url
    return (base or request.host_url.rstrip("/")) + url


@blueprint.get("/feed.xml")
@blueprint.get("/feed/<category>.xml")
def feed(category: str | None = None) -> Response:
    """The podcast feed (RSS 2.0 with the iTunes tags): one item per article with finished audio (and
    provisional too, with ``READABLE_FEED_PROVISIONAL``), newest first, at most ``READABLE_FEED_SIZE``;
    ``/feed/<category>.xml`` only the articles registered with that category (none: an empty feed).
    Answers ``If-None-Match`` and ``If-Modified-Since`` with a 304."""
    state = get_state()
    service = state.audio
    if not state.settings.feed or service is None:
        abort(404)
    if category is not None:
        try:
            feed_mod.check_info(category=category)
        except ValueError:
            abort(404)  # no article can have that category
    settings = state.settings
    t = translations(settings.language).gettext
    title = settings.site_name or t("Bài viết đọc thành tiếng")
    episodes = service.episodes(category)
    channel = feed_mod.Channel(
        title=f"{title} – {category}" if category else title,
        description=t("Các bài viết của trang, đọc thành tiếng: bài mới nhất trước."),
        link=absolute("/"),
        self_url=external(request.endpoint or "readable.feed", **(request.view_args or {})),
        language=settings.article_language,
        image=absolute(settings.feed_image) if settings.feed_image else external(
            "readable.static", filename="readable-feed.png"
        ),
        category=settings.feed_category,
        author=settings.site_name,
    )
    body = feed_mod.render(
        channel, episodes, lambda key: external("readable.audio", key=key), absolute
    )
    answer = Response(body, mimetype="application/rss+xml")
    answer.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if episodes:
        answer.last_modified = datetime.fromtimestamp(max(e.changed for e in episodes), UTC)
    answer.headers["Cache-Control"] = "no-cache"
    return answer.make_conditional(request)
