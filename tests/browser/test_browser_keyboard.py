"""Keyboard alone: Tab reaches every button in order, Enter and Space work, focus shows, no key is taken."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from .support import (
    SEED,
    THEMES,
    contrast_ratio,
    cookie_for,
    focus_ring,
    prefs_cookie,
    set_prefs,
    size_attr,
    tab_to,
    theme_attr,
)

pytestmark = pytest.mark.browser

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "readable.js"
BUTTONS = ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Tùy chỉnh hiển thị")
#: Records every key event that reached the window and whether some listener cancelled it.
KEY_PROBE = """
window.readableKeys = [];
for (const type of ["keydown", "keypress", "keyup"]) {
  window.addEventListener(type, e => readableKeys.push([type, e.key, e.defaultPrevented]));
}
"""


def state(page: Any) -> tuple[Any, ...]:
    return (
        size_attr(page),
        theme_attr(page),
        page.locator(".readable-panel").get_attribute("open"),
        page.locator(".readable-toast").inner_text(),
        prefs_cookie(page.context),
    )


def test_tab_to_each_button_and_press_enter_and_space(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    assert page.evaluate("document.activeElement === document.body")
    # From the top: the skip link, the site's name, then the bar (the player first), in reading order.
    presses = [tab_to(page, name) for name in BUTTONS]
    assert presses[0] <= 14 and presses[1:] == [1, 1, 1]  # the player: 11 stops
    for _ in BUTTONS:
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip().endswith(BUTTONS[0])

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # "Tăng cỡ chữ"
    page.keyboard.press("Enter")
    assert size_attr(page) == "115"
    page.keyboard.press("Space")
    assert size_attr(page) == "130"
    assert page.locator(".readable-toast").inner_text() == "Cỡ chữ 130%"
    page.keyboard.press("Shift+Tab")  # "Cỡ chữ mặc định"
    page.keyboard.press("Space")
    assert size_attr(page) == "100"
    page.keyboard.press("Shift+Tab")  # "Giảm cỡ chữ"
    page.keyboard.press("Enter")
    assert size_attr(page) == "90"
    # Focus never left the toolbar while it worked.
    assert page.evaluate("document.activeElement.closest('.readable-toolbar') !== null")

    # The comfort panel: Enter opens it, Tab enters each radio group, the arrows pick (at once).
    tab_to(page, "Tùy chỉnh hiển thị")
    page.keyboard.press("Enter")
    assert page.locator(".readable-panel").get_attribute("open") == ""
    page.keyboard.press("Tab")  # the theme shown, "Mặc định" (the system asks for nothing)
    assert page.evaluate("document.activeElement.value") == "default"
    page.keyboard.press("ArrowDown")
    assert theme_attr(page) == "contrast"
    assert page.get_by_role("radio", name=THEMES["contrast"]).is_checked()
    page.keyboard.press("Tab")  # the next group: line height
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.locator(".readable").get_attribute("data-readable-leading") == "loose"
    assert prefs_cookie(page.context) == cookie_for(90, "contrast", leading="loose")
    tab_to(page, "Khôi phục mặc định")
    page.keyboard.press("Enter")
    assert prefs_cookie(page.context) == cookie_for()
    assert page.locator(".readable-panel-status").inner_text() == "Đã khôi phục mặc định"
    # The panel closes from its summary, and focus stays there.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('.readable-panel') !== null")


@pytest.mark.parametrize("theme", ["default", "contrast"])
def test_every_button_shows_focus(new_context: Any, demo: Any, theme: str) -> None:
    context = new_context()
    set_prefs(context, demo.url, size=200, theme=theme)  # one button is aria-disabled too
    page = context.new_page()
    page.goto(demo(SEED))
    for name in BUTTONS:
        tab_to(page, name)
        ring = focus_ring(page)
        assert ring["visible"], name
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert contrast_ratio(ring["colour"], ring["around"]) >= 3, ring
        # Where the ring is close to the button's own face, a gap of the surrounding colour parts them.
        assert contrast_ratio(ring["colour"], ring["own"]) >= 3 or ring["offset"] >= 2, ring


def test_no_key_is_captured_outside_the_toolbar(new_context: Any, demo: Any) -> None:
    context = new_context()
    context.add_init_script(KEY_PROBE)
    page = context.new_page()
    page.goto(demo(SEED))
    before = state(page)
    page.locator(".readable-article p").nth(3).click()  # a reader clicks into the text
    keys = ["+", "-", "=", "0", "a", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "PageDown"]
    keys += ["Home", "End", "Space", "Enter", "Escape", "Control+ArrowUp", "Alt+ArrowDown"]
    for key in keys:
        page.keyboard.press(key)
    # Space, PageDown and End still scroll the page, as they should (smoothly: wait for it, with a deadline).
    deadline = time.monotonic() + 10
    while page.evaluate("window.scrollY") == 0:
        assert time.monotonic() < deadline, "the page never scrolled"
        page.wait_for_timeout(50)
    # While a toolbar button has focus, only Enter and Space (the button's own keys) do anything.
    page.get_by_role("button", name="Tăng cỡ chữ").focus()
    for key in ["+", "-", "ArrowUp", "ArrowRight", "c", "Escape"]:
        page.keyboard.press(key)
    assert state(page) == before
    seen = page.evaluate("readableKeys")
    assert len(seen) >= 2 * (len(keys) + 6)
    assert [k for k in seen if k[2]] == []


def test_script_takes_no_key_outside_the_player() -> None:
    """The script reads keys in two places only: the player's shortcuts, on a listener of the player element
    (so only while focus is inside it), and passive listeners that notice the reader scrolling. Nothing is
    cancelled but the toolbar's click (which replaces the form post) and a shortcut the player acted on. The
    only other passive listener follows the pointer for the reading mask."""
    source = SCRIPT.read_text(encoding="utf-8")
    for word in ("keyup", "keypress", "accesskey", "capture:"):
        assert word not in source.lower()
    assert source.count('"keydown"') == 2
    assert 'player.addEventListener("keydown"' in source
    assert 'document.addEventListener("keydown"' not in source
    assert source.count("preventDefault") == 2
    assert source.count("{ passive: true }") == 2
    assert source.count('"pointermove"') == 1
