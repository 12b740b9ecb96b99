"""Fixtures for the browser tests: the demo portal on a real socket, one Chromium, a fresh context a test.

Chromium is the system one (``/usr/bin/chromium``) unless ``READABLE_CHROMIUM`` names another; with neither,
Playwright's own download (``playwright install chromium``) is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from serving import serving
from werkzeug.serving import BaseWSGIServer

from readable.demo import create_app


@dataclass
class Demo:
    """A demo portal served on 127.0.0.1 for the whole session."""

    app: Flask
    server: BaseWSGIServer
    url: str = field(init=False)

    def __post_init__(self) -> None:
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def __call__(self, path: str = "/") -> str:
        return self.url + path


def _serve(config: dict[str, Any]) -> Iterator[Demo]:
    app = create_app({"TESTING": True, **config})
    with serving(app) as server:
        yield Demo(app, server)


@pytest.fixture(scope="session")
def demo() -> Iterator[Demo]:
    """The demo portal with the default settings (Vietnamese toolbar, article scope)."""
    yield from _serve({})


@pytest.fixture(scope="session")
def demo_en() -> Iterator[Demo]:
    yield from _serve({"READABLE_LANGUAGE": "en"})


@pytest.fixture(scope="session")
def demo_page() -> Iterator[Demo]:
    yield from _serve({"READABLE_SCOPE": "page"})


def _audio_config(folder: Any) -> dict[str, Any]:
    """The offline voice (real audio, no network) and an audio folder of the test's own."""
    return {"READABLE_VOICES": ("espeak",), "READABLE_AUDIO_FOLDER": str(folder)}


@pytest.fixture(scope="session")
def demo_audio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo with the offline voice, the seed article's audio already made (served with Range requests)."""
    for demo in _serve(_audio_config(tmp_path_factory.mktemp("audio"))):
        client = demo.app.test_client()
        html = client.get("/bai-viet/tong-ket-dai-hoi").get_data(as_text=True)
        found = re.search(r'src="(/readable/audio/[0-9a-f]+\.mp3)"', html)
        assert found, "the seed article has no player"
        assert client.get(found.group(1)).get_data()[:3] == b"ID3"
        yield demo


@pytest.fixture
def fresh_demo(tmp_path: Any) -> Iterator[Demo]:
    """The demo with the offline voice and an empty audio folder: the first play makes the audio."""
    yield from _serve(_audio_config(tmp_path))


@dataclass
class Watch:
    """What went wrong in a page: console errors, uncaught exceptions."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> Any:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        return page


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def new_context(browser: Any, watch: Watch) -> Iterator[Callable[..., Any]]:
    """A factory of fresh browser contexts (closed after the test); every page is watched for errors,
    and the test fails if any page logged a console error or threw."""
    contexts: list[Any] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("viewport", {"width": 1024, "height": 768})
        context = browser.new_context(**kwargs)
        context.set_default_timeout(5000)
        context.on("page", watch.attach)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert watch.errors == [], "console errors or uncaught exceptions: " + repr(watch.errors)


@pytest.fixture
def context(new_context: Callable[..., Any]) -> Any:
    return new_context()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()
