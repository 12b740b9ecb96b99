"""With a job queue, the player shows progress until a worker has made the audio, then plays by itself."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_queue import redis_url as redis_url  # noqa: F401  (the fixture: a real Redis on a free port)

from .conftest import Demo, _serve

pytestmark = pytest.mark.browser


@pytest.fixture
def queued_demo(tmp_path: Path, redis_url: str) -> Iterator[tuple[Demo, dict[str, Any]]]:  # noqa: F811
    config = {
        "READABLE_VOICES": ("espeak",),
        "READABLE_AUDIO_FOLDER": str(tmp_path / "store"),
        "READABLE_REDIS_URL": redis_url,
    }
    for demo in _serve(config):
        yield demo, config


def test_the_player_waits_for_a_worker_then_plays(
    queued_demo: tuple[Demo, dict[str, Any]], page: Any, watch: Any
) -> None:
    demo, config = queued_demo
    page.goto(demo("/bai-viet/tong-ket-dai-hoi"))
    page.get_by_role("button", name="Nghe bài viết").click()
    status = page.locator(".readable-live")
    # No worker yet: the web node only queued the article and answered the audio request with a 503 at
    # once (often before <key>.json answered); the reader is told it is being made, and no error shows.
    shown = "document.querySelector('.readable-player').dataset.readableState"
    page.wait_for_function(f"() => ['generating', 'error'].includes({shown})")  # past idle and loading
    assert page.evaluate(shown) == "generating"
    assert "Đang tạo âm thanh" in status.inner_text()
    page.wait_for_function("() => document.querySelector('audio').error !== null")  # the 503 came
    time.sleep(1.5)  # a poll of <key>.json or two
    assert page.evaluate(shown) == "generating"
    assert page.locator(".readable-player [data-readable-action=retry]").is_hidden()
    assert page.evaluate("document.querySelector('audio').currentTime") == 0
    factory = f"readable.demo:create_app({config!r})"
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", factory, "readable", "worker"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        # The worker makes the audio; the player notices, loads it and plays without another press.
        page.wait_for_function("() => document.querySelector('audio').currentTime > 0.5", timeout=60_000)
    finally:
        worker.terminate()
        worker.wait(30)
    assert page.get_by_role("button", name="Tạm dừng").is_visible()
    assert page.locator(".readable-player [data-readable-action=retry]").is_hidden()
    # The browser logs the 503 the audio request got while no worker was running; nothing else.
    assert set(watch.errors) <= {
        "Failed to load resource: the server responded with a status of 503 (SERVICE UNAVAILABLE)"
    }
    watch.errors.clear()
