from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, render_template_string

from readable import Readable

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"


@pytest.fixture(autouse=True)
def _audio_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app a test makes keeps its audio store in the test's own folder, never in the repository."""
    from types import MappingProxyType

    from readable import settings

    defaults = {**settings.DEFAULTS, "READABLE_AUDIO_FOLDER": str(tmp_path / "audio")}
    monkeypatch.setattr(settings, "DEFAULTS", MappingProxyType(defaults))


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, SECRET_KEY="test")
    Readable(app)

    @app.route("/article", methods=["GET", "POST"])
    def article() -> str:
        from flask import request

        html = request.values.get("html", (PAGES / "seed" / "source.html").read_text("utf-8"))
        return render_template_string(
            "<!doctype html><html lang=vi><title>t</title>{{ readable_article(html, title=title) }}",
            html=html,
            title=request.values.get("title"),
        )

    return app


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def seed_html() -> str:
    return (PAGES / "seed" / "source.html").read_text("utf-8")


#: How Chromium starts here: as root without its sandbox, no GPU, none of its own network traffic.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # No host name resolves but the loopback ones: whatever a test page asks of another host (a hostile
    # vector, a prefetch no route sees) cannot leave the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One real Chromium for the whole run (Debian's, or READABLE_CHROMIUM), shared by every browser test."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        executable = os.environ.get("READABLE_CHROMIUM") or "/usr/bin/chromium"
        chromium = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
