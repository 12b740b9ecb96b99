"""The player's named states, as the script shows them (``data-readable-state`` on the player), and the speed
steps, which come from the server (``prefs.SPEEDS``) and nowhere else."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from readable import prefs

from .support import SEED, cookie_for, listening_options, prefs_cookie

pytestmark = pytest.mark.browser

AUDIO = "document.querySelector('.readable-audio')"
#: Records every state the player element shows, from the first one the script renders.
STATE_PROBE = """
window.readableStates = [];
document.addEventListener("DOMContentLoaded", () => {
  const player = document.querySelector("[data-readable-player]");
  const seen = () => {
    const now = player.dataset.readableState;
    if (readableStates[readableStates.length - 1] !== now) readableStates.push(now);
  };
  seen();
  new MutationObserver(seen).observe(player, { attributes: true, attributeFilter: ["data-readable-state"] });
});
"""


def open_player(new_context: Any, url: str) -> Any:
    context = new_context()
    context.add_init_script(STATE_PROBE)
    page = context.new_page()
    page.goto(url)
    return page


def states(page: Any) -> list[str]:
    return list(page.evaluate("readableStates"))


def walked(seen: list[str], path: list[str]) -> bool:
    """Whether ``seen`` passes through ``path`` in order (buffering may add loading → playing on the way)."""
    rest = iter(seen)
    return all(step in rest for step in path)


def wait_state(page: Any, name: str) -> None:
    page.wait_for_function(
        "name => document.querySelector('[data-readable-player]').dataset.readableState === name", arg=name
    )


def test_idle_loading_playing_paused_playing(new_context: Any, demo_audio: Any) -> None:
    page = open_player(new_context, demo_audio(SEED))
    assert states(page) == ["idle"]
    play = page.locator("[data-readable-action=play]")
    expect(play).to_have_text("▶ Nghe bài viết")
    play.click()
    wait_state(page, "playing")
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    expect(play).to_have_text("❚❚ Tạm dừng")
    play.click()
    wait_state(page, "paused")
    assert page.evaluate(f"{AUDIO}.paused")
    expect(play).to_have_text("▶ Nghe bài viết")
    play.click()
    wait_state(page, "playing")
    seen = states(page)
    assert walked(seen, ["idle", "loading", "playing", "paused", "loading", "playing"]), seen
    assert set(seen) == {"idle", "loading", "playing", "paused"}, seen
    # Stepping renders the steps from the same place: the first sentence is behind, so "previous" is on.
    page.locator("[data-readable-action=next]").click()
    expect(page.locator("[data-readable-action=prev]")).not_to_have_attribute("aria-disabled", "true")
    assert page.locator("[data-readable-action=retry]").is_hidden()
    # At the end the player is at rest again, nothing marked as being read.
    page.evaluate(f"{AUDIO}.currentTime = {AUDIO}.duration - 0.3")
    wait_state(page, "idle")
    expect(play).to_have_text("▶ Nghe bài viết")
    assert page.locator(".readable-current").count() == 0
    assert states(page)[-2:] == ["paused", "idle"]  # the browser pauses at the end, then it has ended


def test_error_retry_loading_playing(new_context: Any, demo_audio: Any, watch: Any) -> None:
    page = open_player(new_context, demo_audio(SEED))
    page.route("**/readable/audio/*.mp3", lambda route: route.abort(), times=1)  # fails once
    page.locator("[data-readable-action=play]").click()
    wait_state(page, "error")
    retry = page.get_by_role("button", name="Thử lại")
    expect(retry).to_be_visible()
    live = page.locator(".readable-player").get_by_role("status")
    expect(live).to_have_text("Không phát được âm thanh. Hãy thử lại, hoặc tải tệp MP3 để nghe.")
    expect(page.locator("[data-readable-action=play]")).to_have_text("▶ Nghe bài viết")  # it plays, too
    retry.click()
    wait_state(page, "playing")
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    expect(retry).to_be_hidden()
    expect(live).to_have_text("Đang phát")
    seen = states(page)
    assert walked(seen, ["idle", "loading", "error", "loading", "playing"]), seen
    assert "paused" not in seen and "generating" not in seen, seen
    # The aborted request is logged by Chromium; it is the one expected error.
    assert watch.errors == ["Failed to load resource: net::ERR_FAILED"]
    watch.errors.clear()


def test_waiting_for_the_server(new_context: Any, fresh_demo: Any) -> None:
    """From an empty audio folder the first play waits while the server makes the audio."""
    page = open_player(new_context, fresh_demo(SEED))
    # The first audio bytes are held back a little, so the wait is seen whatever the machine's speed.
    page.route("**/readable/audio/*.mp3", lambda route: (time.sleep(0.4), route.continue_()), times=1)
    page.locator("[data-readable-action=play]").click()
    wait_state(page, "generating")
    live = page.locator(".readable-player").get_by_role("status")
    expect(live).to_contain_text("Đang tạo âm thanh…")
    # Nothing sounds yet: the button says it waits, not "Tạm dừng", and is busy.
    play = page.locator("[data-readable-action=play]")
    expect(play).to_have_text("❚❚ Đang tải…")
    expect(play).to_have_attribute("aria-busy", "true")
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2", timeout=30_000)
    wait_state(page, "playing")
    expect(live).to_have_text("Đang phát")
    expect(play).to_have_text("❚❚ Tạm dừng")
    expect(play).not_to_have_attribute("aria-busy", "true")
    seen = states(page)
    assert walked(seen, ["idle", "loading", "generating", "playing"]), seen
    assert "error" not in seen and "paused" not in seen, seen
    # Once the audio is whole its sentences arrive (listen mode); closing the page before that would cut
    # the audio stream off, which Chromium logs.
    page.wait_for_selector(".readable-listen", timeout=30_000)
    assert states(page)[-1] == "playing"


def test_speed_steps_come_from_the_server(
    new_context: Any, demo_audio: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefs, "SPEEDS", ("0.5", "1", "2.5"))
    page = open_player(new_context, demo_audio(SEED))
    speed = page.get_by_role("combobox", name="Tốc độ đọc", include_hidden=True)
    assert [o.strip() for o in speed.locator("option").all_inner_texts()] == ["0,5×", "1×", "2,5×"]
    page.get_by_role("button", name="Nghe bài viết").click()  # the speed comes with the first play
    page.get_by_role("button", name="Tạm dừng").click()
    listening_options(page)
    speed.select_option("2.5")
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2.5
    assert prefs_cookie(page.context) == cookie_for(100, speed="2.5")  # the script took the step
    page.reload()
    assert speed.input_value() == "2.5"  # and so did the server, reading the cookie
    assert page.evaluate(f"{AUDIO}.playbackRate") == 2.5
