"""Text size: the three buttons, the computed size of the article text, the ends, the live region."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from .support import SEED, SIZES, cookie_for, prefs_cookie

pytestmark = pytest.mark.browser

PARAGRAPHS = "Array.from(document.querySelectorAll('.readable-article p'), " + (
    "p => parseFloat(getComputedStyle(p).fontSize))"
)


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def status(page: Any) -> str:
    return page.locator(".readable-toast").inner_text().strip()


def test_larger_up_to_200_doubles_the_text_and_default_restores(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    at_default = page.evaluate(PARAGRAPHS)
    assert len(at_default) >= 5 and all(px > 10 for px in at_default)
    assert status(page) == ""  # messages are transient: none before a change

    larger = button(page, "Tăng cỡ chữ")
    for size in SIZES[SIZES.index(100) + 1 :]:
        assert larger.get_attribute("aria-disabled") is None
        larger.click()
        assert status(page) == f"Cỡ chữ {size}%"
        assert page.locator(".readable").get_attribute("data-readable-size") == str(size)
    at_200 = page.evaluate(PARAGRAPHS)
    assert at_200 == pytest.approx([2 * px for px in at_default], abs=0.05)
    # The bar's own text grows with the reader's size up to 150%, and nothing in it overflows.
    bar = page.locator(".readable-bar")
    assert bar.evaluate("el => getComputedStyle(el).fontSize") == "24px"
    assert bar.evaluate("el => el.scrollWidth <= el.clientWidth")
    # Headings grow less than the text: at 200% the title is at most 1.6 times the body text.
    title = page.locator(".readable-article h1").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert title <= 1.6 * max(at_200)

    # The end: announced as unavailable, still focusable, and pressing it changes nothing.
    assert larger.get_attribute("aria-disabled") == "true"
    assert larger.is_disabled() is True  # Playwright honours aria-disabled
    assert larger.evaluate("el => el.disabled") is False
    larger.focus()
    assert larger.evaluate("el => el === document.activeElement")
    page.evaluate(
        """() => { window.events = 0;
        document.addEventListener("readable:fontsize", () => window.events++); }"""
    )
    page.keyboard.press("Enter")
    assert page.evaluate("window.events") == 0
    assert page.locator(".readable").get_attribute("data-readable-size") == "200"
    assert status(page) == "Cỡ chữ 200%"
    assert prefs_cookie(page.context) == cookie_for(200)

    button(page, "Cỡ chữ mặc định").click()
    assert status(page) == "Cỡ chữ 100%"
    assert bar.evaluate("el => getComputedStyle(el).fontSize") == "16px"
    assert page.evaluate(PARAGRAPHS) == pytest.approx(at_default, abs=0.05)
    assert larger.get_attribute("aria-disabled") is None
    assert prefs_cookie(page.context) == cookie_for(100)


def test_smaller_goes_to_90_and_stops(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    at_default = page.evaluate(PARAGRAPHS)
    smaller = button(page, "Giảm cỡ chữ")
    assert smaller.get_attribute("aria-disabled") is None
    smaller.click()
    assert status(page) == "Cỡ chữ 90%"
    assert page.evaluate(PARAGRAPHS) == pytest.approx([0.9 * px for px in at_default], abs=0.05)
    assert smaller.get_attribute("aria-disabled") == "true"
    smaller.focus()
    page.keyboard.press("Space")
    assert status(page) == "Cỡ chữ 90%"
    assert prefs_cookie(page.context) == cookie_for(90)
    assert button(page, "Tăng cỡ chữ").get_attribute("aria-disabled") is None


def test_polite_live_regions_next_to_their_controls(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    regions = page.locator("[role=status], [aria-live]")
    # One in the bar (after the size buttons and the panel's summary), one in the panel by its buttons, and
    # the player's own, next to its controls.
    assert regions.count() == 3
    assert page.locator(".readable-player [role=status]").count() == 1
    for i in range(3):
        assert regions.nth(i).get_attribute("role") == "status"
        assert regions.nth(i).get_attribute("aria-live") in (None, "polite")
    assert page.locator(".readable-panel .readable-actions [role=status]").count() == 1
    # Transient: the message goes away by itself.
    button(page, "Tăng cỡ chữ").click()
    assert status(page) == "Cỡ chữ 115%"
    expect(page.locator(".readable-toast")).to_have_text("", timeout=10000)


def test_fontsize_event_is_announced_and_cancelable(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    page.evaluate(
        """() => {
        window.seen = [];
        document.addEventListener("readable:fontsize", e => {
          window.seen.push(e.detail);
          if (window.veto) e.preventDefault();
        });
      }"""
    )
    button(page, "Tăng cỡ chữ").click()
    assert page.evaluate("window.seen") == [{"size": 115, "previous": 100}]
    page.evaluate("window.veto = true")
    button(page, "Tăng cỡ chữ").click()
    assert page.evaluate("window.seen")[-1] == {"size": 130, "previous": 115}
    # Vetoed: nothing changed, nothing stored.
    assert page.locator(".readable").get_attribute("data-readable-size") == "115"
    assert status(page) == "Cỡ chữ 115%"
    assert prefs_cookie(page.context) == cookie_for(115)
