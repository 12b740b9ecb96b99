"""The hostile corpus wrapped by readable and rendered in real Chromium: nothing runs, nothing leaves.

A page-wide hook is in place before any script of the page: ``window.__pwned`` (what every payload calls)
reports to the test, every dialog is recorded and dismissed, every request that is not to the test server is
recorded and aborted, uncaught errors and navigations of the page are recorded. Each page holds
:data:`BATCH` bodies, each wrapped by its own ``readable_article`` call inside
``<section data-vector="N">``. After load the test hovers every element of the article regions with the
real mouse, tabs through the page and dispatches every kind of event the payloads listen for (click,
focus, toggle, animation, clipboard...) to every element, then checks the live DOM.

The host app sets no Content-Security-Policy: the sanitizer is the only defence under test. A control test
renders the same bodies unsanitized (each in its own ``srcdoc`` frame) and requires the hook to catch every
vector marked ``live``, which proves the hook sees what it is meant to see.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask, Response, render_template_string
from playwright.sync_api import Error as PlaywrightError
from serving import serving

from .conftest import make_app
from .corpus import EVIL_HOST, load

pytestmark = pytest.mark.browser

VECTORS = load()
BY_NUMBER = {v.number: v for v in VECTORS}
BATCH = 50
BATCHES = [VECTORS[i : i + BATCH] for i in range(0, len(VECTORS), BATCH)]
# The smallest valid GIF: a same-origin image that loads (so onload handlers have a chance to fire).
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
_NUMBER_IN_URL = re.compile(rf"//{re.escape(EVIL_HOST)}/(\d+)/")

WRAPPED_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>hostile</title></head><body>
{% for v in vectors %}<section data-vector="{{ v.number }}">
{{ readable_article(v.body, title=v.body) }}
</section>
{% endfor %}</body></html>"""
RAW_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>raw</title></head><body>
{% for v in vectors %}<iframe name="v{{ v.number }}" srcdoc="{{ v.body }}" width="300" height="150"></iframe>
{% endfor %}</body></html>"""

#: Fires every handler a payload could have set, on every element under ``root``; links, areas and forms
#: keep their default action from running, so the page stays where it is (their hrefs are checked in the
#: DOM instead).
PROVOKE_JS = """
(selector) => {
  const TYPES = ["mouseover", "mouseenter", "mousemove", "mousedown", "mouseup", "mouseout", "mouseleave",
    "click", "dblclick", "auxclick", "contextmenu", "pointerover", "pointerenter", "pointerdown", "pointerup",
    "pointermove", "focus", "focusin", "blur", "focusout", "keydown", "keypress", "keyup", "input", "change",
    "beforeinput", "select", "wheel", "scroll", "copy", "cut", "paste", "toggle", "load", "error",
    "animationstart", "animationend", "transitionend", "dragstart", "drag", "drop", "touchstart", "submit",
    "reset", "invalid", "begin", "end", "start", "close", "pageshow", "beforeprint", "hashchange"];
  const stop = (event) => {
    if (event.target.closest && event.target.closest("a, area, form, button, input")) event.preventDefault();
  };
  document.addEventListener("click", stop, true);
  document.addEventListener("submit", (event) => event.preventDefault(), true);
  const elements = Array.from(document.querySelectorAll(selector));
  for (const el of elements) {
    for (const type of TYPES) el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true }));
    el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    if (typeof el.focus === "function") el.focus();
    if (el.localName === "details") el.open = !el.open;
  }
  return elements.length;
}
"""

#: Elements that must not exist in an article region, whatever the sanitizer's allowlist says.
FORBIDDEN_ELEMENTS = (
    "script style link meta base iframe frame frameset object embed applet portal fencedframe svg math form"
    " input button select textarea video audio source track template noscript marquee dialog isindex keygen"
    " param map area".split()
)
#: What must hold of the live DOM of the wrapped page; a list of [vector number, problem].
CHECK_JS = """
(forbidden) => {
  const bad = [];
  const HTML = "http://www.w3.org/1999/xhtml";
  const FORBIDDEN = new Set(forbidden);
  for (const section of document.querySelectorAll("section[data-vector]")) {
    const n = Number(section.dataset.vector);
    const region = section.querySelector(".readable-article");
    if (!region) { bad.push([n, "no article region"]); continue; }
    for (const el of region.querySelectorAll("*")) {
      if (el.namespaceURI !== HTML) bad.push([n, "foreign-namespace element " + el.localName]);
      if (FORBIDDEN.has(el.localName)) bad.push([n, "element " + el.localName]);
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) bad.push([n, "handler " + attr.name + " on " + el.localName]);
        if (/^(style|srcset|srcdoc|formaction|action|poster|background|ping|xlink:href)$/i.test(attr.name))
          bad.push([n, "attribute " + attr.name + " on " + el.localName]);
      }
    }
    for (const a of region.querySelectorAll("a[href]")) {
      if (!["http:", "https:", "mailto:", "tel:"].includes(a.protocol)) bad.push([n, "link to " + a.href]);
    }
    for (const img of region.querySelectorAll("img")) {
      if (new URL(img.src).origin !== location.origin) bad.push([n, "image from " + img.src]);
    }
    for (const el of region.querySelectorAll("[cite]")) {
      const url = new URL(el.getAttribute("cite"), location.href);
      if (!["http:", "https:"].includes(url.protocol)) bad.push([n, "cite " + url.href]);
    }
  }
  if (document.baseURI !== location.href) bad.push([0, "base URL is " + document.baseURI]);
  if (document.querySelectorAll("section[data-vector]").length === 0) bad.push([0, "no sections at all"]);
  return bad;
}
"""


def _app(app: Flask) -> Flask:
    @app.get("/hostile/<int:batch>")
    def wrapped(batch: int) -> str:
        return render_template_string(WRAPPED_PAGE, vectors=BATCHES[batch])

    @app.get("/raw/<int:batch>")
    def raw(batch: int) -> str:
        return render_template_string(RAW_PAGE, vectors=BATCHES[batch])

    @app.get("/pixel.gif")
    def pixel() -> Response:
        return Response(PIXEL, mimetype="image/gif")

    return app


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    app = _app(make_app(tmp_path_factory.mktemp("audio")))
    with serving(app) as httpd:
        yield f"http://127.0.0.1:{httpd.server_port}"


@dataclass
class Hook:
    """Everything hostile the page did, each event with the vector number it names (0: unknown)."""

    origin: str
    events: list[tuple[int, str]] = field(default_factory=list)

    def record(self, number: int, what: str) -> None:
        self.events.append((number, what))

    def pwned(self, source: dict[str, Any], arg: Any) -> None:
        value = arg[0] if isinstance(arg, list) and arg else arg
        self.record(_number(str(value)), f"script ran in frame {source['frame'].url!r}")

    def dialog(self, dialog: Any) -> None:
        self.record(_number(dialog.message), f"{dialog.type} dialog {dialog.message!r}")
        dialog.dismiss()

    def route(self, route: Any) -> None:
        request = route.request
        if request.url == self.origin or request.url.startswith(self.origin + "/"):
            route.continue_()
            return
        match = _NUMBER_IN_URL.search(request.url)
        number = int(match.group(1)) if match else _frame_number(request)
        self.record(number, f"{request.resource_type} request to {request.url}")
        route.abort()

    def report(self) -> str:
        lines = []
        for number, what in self.events:
            vector = BY_NUMBER.get(number)
            lines.append(f"  {vector if vector else 'unknown vector'}: {what}")
        return "\n".join(lines)


def _number(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*", text)
    return int(match.group(1)) if match and int(match.group(1)) in BY_NUMBER else 0


def _frame_number(request: Any) -> int:
    """The vector whose srcdoc frame (named ``vN``) made ``request``, or 0."""
    try:
        frame = request.frame
    except Exception:  # a request from a service worker has no frame
        return 0
    while frame is not None:
        match = re.fullmatch(r"v(\d+)", frame.name or "")
        if match:
            return int(match.group(1))
        frame = frame.parent_frame
    return 0


def _open(browser: Any, server: str) -> tuple[Any, Any, Hook]:
    hook = Hook(server)
    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    context.set_default_timeout(10_000)
    context.expose_binding("__pwned", hook.pwned)
    context.route("**/*", hook.route)
    page = context.new_page()
    page.on("dialog", hook.dialog)
    return context, page, hook


def _hover_everything(page: Any, selector: str) -> int:
    """Move the real mouse over the centre of every innermost element matching ``selector``, scrolling as
    needed; mouseover and pointerover bubble and mouseenter reaches every ancestor, so the elements around
    them are hovered too."""
    points = page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector))
             .filter((el) => el.childElementCount === 0)
             .map((el) => {
               const r = el.getBoundingClientRect();
               return [r.left + r.width / 2 + scrollX, r.top + r.height / 2 + scrollY, r.width * r.height];
             }).filter((p) => p[2] > 0)""",
        selector,
    )
    height = page.viewport_size["height"]
    top = 0.0
    page.evaluate("window.scrollTo(0, 0)")
    for x, y, _area in sorted(points, key=lambda p: p[1]):
        if not top <= y < top + height - 1:
            top = max(0.0, y - height / 2)
            top = page.evaluate("(y) => { window.scrollTo(0, y); return scrollY; }", top)
        page.mouse.move(x, y - top)
    return len(points)


def exercise(page: Any, url: str, hook: Hook) -> tuple[int, int]:
    """Load the wrapped page at ``url``, hover, tab through and provoke everything in its article regions,
    then check the live DOM; whatever goes wrong is recorded on ``hook``. Returns how many sections the page
    has and how many elements were hovered."""
    page.on("pageerror", lambda error: hook.record(0, f"uncaught error: {error}"))
    page.on(
        "framenavigated",
        lambda frame: (
            hook.record(0, f"navigation to {frame.url}")
            if frame == page.main_frame and frame.url != url
            else None
        ),
    )
    page.goto(url, wait_until="load")
    sections = page.locator("section[data-vector]").count()
    hovered = _hover_everything(page, ".readable-article, .readable-article *")
    for _ in range(30):
        page.keyboard.press("Tab")
    page.evaluate(PROVOKE_JS, ".readable-article, .readable-article *")
    page.wait_for_timeout(300)  # handlers queued with setTimeout, refreshes, late image errors
    for number, problem in page.evaluate(CHECK_JS, FORBIDDEN_ELEMENTS):
        hook.record(number, f"DOM: {problem}")
    if page.url != url:
        hook.record(0, f"page left for {page.url}")
    if len(page.frames) != 1:
        hook.record(0, f"frames: {[frame.url for frame in page.frames]}")
    return sections, hovered


@pytest.mark.parametrize("batch", range(len(BATCHES)), ids=lambda b: f"batch{b}")
def test_wrapped_corpus_runs_nothing_and_loads_nothing_foreign(browser: Any, server: str, batch: int) -> None:
    context, page, hook = _open(browser, server)
    try:
        sections, hovered = exercise(page, f"{server}/hostile/{batch}", hook)
    finally:
        context.close()
    assert sections == len(BATCHES[batch])
    # Some bodies clean down to nothing visible; most leave something to hover.
    assert hovered >= len(BATCHES[batch]) // 2
    assert hook.events == [], "hostile vectors got through:\n" + hook.report()


@pytest.mark.parametrize("batch", range(len(BATCHES)), ids=lambda b: f"batch{b}")
def test_control_the_hook_sees_the_live_vectors_unsanitized(browser: Any, server: str, batch: int) -> None:
    """The same bodies with no sanitizer, each in a srcdoc frame of its own: every vector marked live in the
    corpus must be caught, so a clean run of the test above means something."""
    context, page, hook = _open(browser, server)
    try:
        page.goto(f"{server}/raw/{batch}", wait_until="load")
        for frame in page.frames[1:]:
            try:
                frame.evaluate(PROVOKE_JS, "*")
            except PlaywrightError:
                pass  # the frame navigated away or was detached meanwhile: that is caught elsewhere
        page.wait_for_timeout(500)
    finally:
        context.close()
    caught = {number for number, _ in hook.events}
    missed = [vector for vector in BATCHES[batch] if vector.live and vector.number not in caught]
    assert missed == [], "the hook did not see these live vectors:\n" + "\n".join(map(str, missed))
