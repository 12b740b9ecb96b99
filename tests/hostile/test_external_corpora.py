"""Payloads written by others, through the wrapper in real Chromium: nothing runs, nothing dangerous is left,
and with ``READABLE_IMAGE_HOSTS=()`` nothing is requested from another origin.

The payloads are DOMPurify's fixtures and test suite, html5sec, OWASP's filter-evasion cheat sheet and
SonarSource's mXSS cheat sheet, read at test time from ``shared/benchmarks/xss`` beside the checkout (its
README describes the files; they are not copied into this repository). Each page holds :data:`BATCH` of
them and is exercised exactly like the project's own corpus (``test_injection_browser.exercise``: the same
hook, hovering, tabbing, provoking every event, the same check of the live DOM), with two more sinks trapped
(``print()``, ``open()``, ``document.write()``) since these payloads call ``alert(1)`` and the like rather
than ``__pwned``. Every request, seen both by the route that aborts it and by the context's ``request``
event, is recorded unless it goes to the test server; the browser resolves no host name but the loopback
ones (``tests/conftest.py``), so nothing leaves the machine.

Without ``READABLE_IMAGE_HOSTS`` an article's remote ``<img src>`` is content and is kept, so the only
foreign requests allowed there are image requests (aborted). With ``()`` there must be none at all; the
project's own corpora (``tests/hostile/*.txt``) are checked the same way.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, render_template_string
from playwright.sync_api import Error as PlaywrightError
from serving import serving

from readable.article import CleanOptions, clean

from .conftest import TRUSTED_FRAME_HOST, make_app
from .corpus import load, problems
from .test_injection_browser import PIXEL, PROVOKE_JS, RAW_PAGE, WRAPPED_PAGE, _open, exercise

pytestmark = pytest.mark.browser

REPOSITORY = Path(__file__).resolve().parents[2]
BATCH = 100
#: Sinks the external payloads use besides dialogs, trapped before any script of the page runs.
SINKS_JS = """
(() => {
  const trap = (what) => function () { window.__pwned(what); return null; };
  window.print = trap("print()");
  window.open = trap("open()");
  document.write = trap("document.write()");
  document.writeln = trap("document.writeln()");
})();
"""


def find_corpora() -> Path | None:
    """``shared/benchmarks/xss`` next to the checkout (or next to a folder holding it, for a worktree)."""
    for parent in REPOSITORY.parents:
        folder = parent / "shared" / "benchmarks" / "xss"
        if folder.is_dir():
            return folder
    return None


CORPORA = find_corpora()
if CORPORA is None:
    reason = f"no shared/benchmarks/xss beside the checkout {REPOSITORY} or above it"
    if os.environ.get("CI"):
        raise RuntimeError(f"{reason}: CI must provide it")
    pytest.skip(reason, allow_module_level=True)


@dataclass(frozen=True, slots=True)
class Payload:
    #: Position across all sources, from 1: the ``data-vector`` of its section.
    number: int
    source: str
    #: Line of the payload in ``<source>.txt`` (the ``n`` of the ``.jsonl``).
    line: int
    body: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line} {self.body[:120]!r}"


def load_external(folder: Path) -> list[Payload]:
    """Every payload of every ``<source>.jsonl``, in file then line order."""
    payloads: list[Payload] = []
    for path in sorted(folder.glob("*.jsonl")):
        # One object a line; str.splitlines() would also break at the U+2028 and the like inside payloads.
        for text in path.read_text("utf-8").split("\n"):
            if not text.strip():
                continue
            record = json.loads(text)
            payloads.append(Payload(len(payloads) + 1, path.stem, record["n"], record["payload"]))
    return payloads


assert CORPORA is not None
PAYLOADS = load_external(CORPORA)
BY_NUMBER = {p.number: p for p in PAYLOADS}
BATCHES = [PAYLOADS[i : i + BATCH] for i in range(0, len(PAYLOADS), BATCH)]
#: The project's own corpora, bodies numbered as in their files.
OWN = {path.stem: load(path) for path in sorted(Path(__file__).parent.glob("*.txt"))}
OWN_BATCHES = [(name, i) for name, vectors in OWN.items() for i in range(0, len(vectors), BATCH)]
#: ``READABLE_IMAGE_HOSTS`` of the two runs.
MODES = {"all-images": None, "no-remote-images": ()}


def test_every_payload_of_the_shared_corpora_is_read() -> None:
    """As many payloads per source as the README of the corpora counts."""
    assert CORPORA is not None
    readme = (CORPORA / "README.md").read_text("utf-8")
    expected = {m[1]: int(m[2]) for m in re.finditer(r"^\| `([a-z0-9-]+)` \| (\d+) \(", readme, re.M)}
    found: dict[str, int] = {}
    for payload in PAYLOADS:
        found[payload.source] = found.get(payload.source, 0) + 1
    assert found == expected
    assert len(PAYLOADS) >= 700


@pytest.mark.parametrize("mode", MODES.values(), ids=MODES.keys())
def test_cleaned_payloads_leave_nothing_dangerous(mode: tuple[str, ...] | None) -> None:
    """The markup-level check of the project's corpus on every external payload: no script, only
    allowlisted elements and attributes, no dangerous scheme; with ``()`` nothing but a link points at
    another origin."""
    options = CleanOptions(
        iframe_hosts=frozenset({TRUSTED_FRAME_HOST}), image_hosts=None if mode is None else frozenset(mode)
    )
    failures = []
    for payload in PAYLOADS:
        cleaned = clean(payload.body, title=payload.body, options=options).html
        found = problems(cleaned, hosts=mode is not None)
        if found:
            failures.append(f"{payload}: {found}")
    assert failures == []


def _app(app: Flask) -> Flask:
    @app.get("/external/<int:batch>")
    def external(batch: int) -> str:
        return render_template_string(WRAPPED_PAGE, vectors=BATCHES[batch])

    @app.get("/external/one/<int:number>")
    def one(number: int) -> str:
        return render_template_string(WRAPPED_PAGE, vectors=[BY_NUMBER[number]])

    @app.get("/raw/<int:batch>")
    def raw(batch: int) -> str:
        return render_template_string(RAW_PAGE, vectors=BATCHES[batch])

    @app.get("/own/<name>/<int:start>")
    def own(name: str, start: int) -> str:
        return render_template_string(WRAPPED_PAGE, vectors=OWN[name][start : start + BATCH])

    @app.get("/pixel.gif")
    def pixel() -> Response:
        return Response(PIXEL, mimetype="image/gif")

    return app


@contextmanager
def _serve(tmp_path_factory: pytest.TempPathFactory, image_hosts: Any) -> Iterator[str]:
    app = _app(make_app(tmp_path_factory.mktemp("audio"), READABLE_IMAGE_HOSTS=image_hosts))
    with serving(app) as httpd:
        yield f"http://127.0.0.1:{httpd.server_port}"


@pytest.fixture(scope="module", params=MODES.values(), ids=MODES.keys())
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Any]]:
    """The test server of one run and its ``READABLE_IMAGE_HOSTS``."""
    with _serve(tmp_path_factory, request.param) as origin:
        yield origin, request.param


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A test server with ``READABLE_IMAGE_HOSTS=()``."""
    with _serve(tmp_path_factory, ()) as origin:
        yield origin


def _run(browser: Any, origin: str, path: str) -> tuple[int, list[str], list[str]]:
    """Exercise one wrapped page: its section count, what went wrong, and the foreign images it asked for
    (each also in the first list, for the caller to allow or not)."""
    context, page, hook = _open(browser, origin)
    requested: list[tuple[str, str]] = []
    context.add_init_script(SINKS_JS)
    context.on(
        "request",
        lambda r: (
            None
            if r.url == origin or r.url.startswith(origin + "/")
            else requested.append((r.resource_type, r.url))
        ),
    )
    try:
        sections, _hovered = exercise(page, origin + path, hook)
    finally:
        context.close()
    events = [what for _number, what in hook.events]
    events += [f"{kind} request seen to {url}" for kind, url in requested]
    images = [e for e in events if re.match(r"(image request (seen )?to|DOM: image from) ", e)]
    return sections, events, images


def _culprits(browser: Any, origin: str, batch: list[Payload], allowed: set[str]) -> list[str]:
    """Each payload of a failing batch on a page of its own: which of them fail, and how."""
    found = []
    for payload in batch:
        _sections, events, _images = _run(browser, origin, f"/external/one/{payload.number}")
        bad = [e for e in events if e not in allowed]
        if bad:
            found.append(f"  {payload}: {bad}")
    return found


@pytest.mark.parametrize("batch", range(len(BATCHES)), ids=lambda b: f"batch{b}")
def test_external_payloads_run_nothing_in_chromium(browser: Any, server: tuple[str, Any], batch: int) -> None:
    origin, mode = server
    sections, events, images = _run(browser, origin, f"/external/{batch}")
    assert sections == len(BATCHES[batch])
    # Remote images are content unless READABLE_IMAGE_HOSTS says otherwise: only then is one a failure.
    allowed = set(images) if mode is None else set()
    bad = [e for e in events if e not in allowed]
    if bad:
        culprits = _culprits(browser, origin, BATCHES[batch], allowed)
        pytest.fail("external payloads got through:\n" + "\n".join(bad + ["by payload:"] + culprits))


@pytest.mark.parametrize(("name", "start"), OWN_BATCHES, ids=[f"{n}-{s}" for n, s in OWN_BATCHES])
def test_own_corpora_with_no_remote_images_load_nothing_foreign(
    browser: Any, strict_server: str, name: str, start: int
) -> None:
    sections, events, _images = _run(browser, strict_server, f"/own/{name}/{start}")
    assert sections == len(OWN[name][start : start + BATCH])
    assert events == [], f"{name} from #{start + 1}:\n" + "\n".join(events)


def test_control_the_hook_sees_these_payloads_run_unsanitized(browser: Any, strict_server: str) -> None:
    """The first batch with no sanitizer, each payload in a srcdoc frame of its own: most of them do open
    their alert(1) there, and the hook sees it, so a clean run above means something."""
    context, page, hook = _open(browser, strict_server)
    context.add_init_script(SINKS_JS)
    try:
        page.goto(f"{strict_server}/raw/0", wait_until="load")
        for frame in page.frames[1:]:
            try:
                frame.evaluate(PROVOKE_JS, "*")
            except PlaywrightError:
                pass  # the frame navigated away or was detached meanwhile
        page.wait_for_timeout(500)
    finally:
        context.close()
    dialogs = [what for _number, what in hook.events if " dialog " in what]
    assert len(dialogs) >= len(BATCHES[0]) * 3 // 4, hook.events
