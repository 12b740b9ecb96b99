"""Text size: the three buttons, the computed size of the article text, the ends, the live region."""

from __future__ import annotations

from typing import Any

import pytest

from .support import SEED, SIZES, prefs_cookie

pytestmark = pytest.mark.browser

PARAGRAPHS = "Array.from(document.querySelectorAll('.readable-article p'), " + (
    "p => parseFloat(getComputedStyle(p).fontSize))"
)


def button(page: Any, name: str) -> Any:
    return page.get_by_role("button", name=name, exact=True)


def status(page: Any) -> str:
    return page.locator(".readable-toolbar").get_by_role("status").inner_text().strip()


def test_larger_up_to_200_doubles_the_text_and_default_restores(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    at_default = page.evaluate(PARAGRAPHS)
    assert len(at_default) >= 5 and all(px > 10 for px in at_default)
    assert status(page) == "Cỡ chữ 100%"

    larger = button(page, "Tăng cỡ chữ")
    for size in SIZES[SIZES.index(100) + 1 :]:
        assert larger.get_attribute("aria-disabled") is None
        larger.click()
        assert status(page) == f"Cỡ chữ {size}%"
        assert page.locator(".readable").get_attribute("data-readable-size") == str(size)
    at_200 = page.evaluate(PARAGRAPHS)
    assert at_200 == pytest.approx([2 * px for px in at_default], abs=0.05)
    # The toolbar itself keeps its size: only the article region is scaled.
    assert page.locator(".readable-toolbar").evaluate("el => getComputedStyle(el).fontSize") == ("16px")

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
    assert prefs_cookie(page.context) == "size=200&contrast=auto&speed=1"

    button(page, "Cỡ chữ mặc định").click()
    assert status(page) == "Cỡ chữ 100%"
    assert page.evaluate(PARAGRAPHS) == pytest.approx(at_default, abs=0.05)
    assert larger.get_attribute("aria-disabled") is None
    assert prefs_cookie(page.context) == "size=100&contrast=auto&speed=1"


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
    assert prefs_cookie(page.context) == "size=90&contrast=auto&speed=1"
    assert button(page, "Tăng cỡ chữ").get_attribute("aria-disabled") is None


def test_one_polite_live_region_each(page: Any, demo: Any) -> None:
    """The toolbar's status line, and the player's own next to its controls."""
    page.goto(demo(SEED))
    regions = page.locator("[role=status], [aria-live]")
    assert regions.count() == 2
    for i, where in enumerate((".readable-toolbar", ".readable-player")):
        assert regions.nth(i).evaluate("(el, where) => !!el.closest(where)", where)
        assert regions.nth(i).get_attribute("role") == "status"
        assert regions.nth(i).get_attribute("aria-live") in (None, "polite")


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
    assert prefs_cookie(page.context) == "size=115&contrast=auto&speed=1"
