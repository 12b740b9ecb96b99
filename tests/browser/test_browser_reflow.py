"""Reflow (WCAG 1.4.4, 1.4.10, 1.4.12) and target size (2.5.8) at 320 CSS px and 200 % text."""

from __future__ import annotations

from typing import Any

import pytest

from .support import ARTICLES, SIZES, set_prefs

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}
#: The WCAG 1.4.12 text-spacing overrides, as the usual bookmarklet applies them.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""
#: Everything that does not fit: the page scrolling sideways, text boxes wider than their element or
#: sticking out of the viewport, content cut by overflow hidden/clip (but text hidden on purpose for screen
#: readers only). Inside a scrollable table region
#: (which tables may be, WCAG 1.4.10) only the region itself must fit.
OVERFLOW_JS = """() => {
  const root = document.documentElement, width = root.clientWidth, bad = [];
  const name = el => el.tagName + (el.className ? "." + el.className : "") + " " +
    (el.textContent || "").trim().slice(0, 30);
  if (root.scrollWidth > width) bad.push(["page scrolls sideways", root.scrollWidth, width]);
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.getClientRects().length) continue;
    const s = getComputedStyle(el);
    if (s.clipPath === "inset(50%)") continue;  // text for screen readers only (the narrow bar's labels)
    const clips = /hidden|clip/.test(s.overflowX + s.overflowY);
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      bad.push(["clipped", name(el), el.scrollWidth, el.clientWidth]);
    }
    if (el.closest(".readable-table") && !el.matches(".readable-table")) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0) continue;  // moved off-screen on purpose (a skip link until focused)
    if (r.right > width + 0.5 || r.left < -0.5) bad.push(["outside", name(el), r.left, r.right]);
    const text = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim());
    if (text && s.display !== "inline" && el.scrollWidth > el.clientWidth + 1) {
      bad.push(["text wider than its box", name(el), el.scrollWidth, el.clientWidth]);
    }
  }
  return bad;
}"""
TARGETS_JS = """() => Array.from(
  document.querySelectorAll(".readable-toolbar :is(button, summary, .readable-choice)"), b => {
    const r = b.getBoundingClientRect();
    return [b.textContent.trim(), r.width, r.height, r.left, r.right, b.checkVisibility()];
  }).filter(t => t.pop())"""
#: Characters per line of the article's paragraphs of three lines or more (their text over their lines).
LINES_JS = """() => Array.from(document.querySelectorAll(".readable-article p"), p => {
  const range = document.createRange();
  range.selectNodeContents(p);
  const tops = new Set(Array.from(range.getClientRects(), r => Math.round(r.bottom)));
  return [p.textContent.trim().length, tops.size];
}).filter(([, lines]) => lines >= 3).map(([chars, lines]) => chars / lines)"""


@pytest.fixture
def narrow(new_context: Any, demo: Any) -> Any:
    # bypass_csp only so that the text-spacing sheet can be injected the way a bookmarklet does.
    context = new_context(viewport=NARROW, bypass_csp=True)
    return context


@pytest.mark.parametrize(
    "display",
    [
        {"theme": "default"},
        {"theme": "contrast"},
        {"theme": "dark"},
        # The widest spacing and the narrow column, in the legible font.
        {"theme": "sepia", "leading": "loose", "spacing": "wide", "width": "narrow", "font": "legible"},
    ],
    ids=["default", "contrast", "dark", "widest"],
)
def test_no_sideways_scroll_at_320px_and_200_percent(narrow: Any, demo: Any, display: dict[str, str]) -> None:
    set_prefs(narrow, demo.url, size=SIZES[-1], **display)
    page = narrow.new_page()
    for path in ("/", *ARTICLES):
        page.goto(demo(path))
        assert page.evaluate("document.documentElement.clientWidth") == 320
        if path != "/":
            assert page.locator(".readable").get_attribute("data-readable-size") == "200"
        assert page.evaluate(OVERFLOW_JS) == [], path
        if path != "/":  # the open comfort panel fits as well
            page.locator(".readable-panel > summary").click()
            assert page.evaluate(OVERFLOW_JS) == [], path + " panel"


def test_text_spacing_overrides_do_not_break_it(narrow: Any, demo: Any) -> None:
    set_prefs(narrow, demo.url, size=SIZES[-1], theme="contrast")
    page = narrow.new_page()
    for path in ARTICLES:
        page.goto(demo(path))
        before = page.evaluate("document.documentElement.scrollHeight")
        page.add_style_tag(content=TEXT_SPACING)
        assert page.locator("p").first.evaluate("el => getComputedStyle(el).letterSpacing") != ("normal")
        assert page.evaluate("document.documentElement.scrollHeight") > before
        assert page.evaluate(OVERFLOW_JS) == [], path
        # The toolbar still works with the overrides in place.
        page.get_by_role("button", name="Giảm cỡ chữ").click()
        assert page.locator(".readable").get_attribute("data-readable-size") == "175"
        page.get_by_role("button", name="Tăng cỡ chữ").click()


def test_a_wide_table_scrolls_inside_its_own_region(narrow: Any, demo: Any) -> None:
    set_prefs(narrow, demo.url, size=SIZES[-1])
    page = narrow.new_page()
    page.goto(demo(ARTICLES[1]))
    region = page.locator(".readable-table")
    assert region.count() == 1
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"  # keyboard users can scroll it
    assert region.get_attribute("aria-label")
    box = region.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320


@pytest.mark.parametrize(("width", "size"), [(1024, 100), (320, 100), (320, 200)])
def test_targets_are_at_least_24px(new_context: Any, demo: Any, width: int, size: int) -> None:
    context = new_context(viewport={"width": width, "height": 640})
    set_prefs(context, demo.url, size=size)
    page = context.new_page()
    page.goto(demo(ARTICLES[0]))
    targets = page.evaluate(TARGETS_JS)
    assert len(targets) == 4  # the size buttons and the panel's summary
    page.locator(".readable-panel > summary").click()
    targets = page.evaluate(TARGETS_JS)
    assert len(targets) == 4 + 16 + 1  # its choices and "Khôi phục mặc định" ("Áp dụng" is for no script)
    for name, w, h, left, right in targets:
        assert w >= 24 and h >= 24, (name, w, h)
        assert left >= 0 and right <= width, (name, left, right)


@pytest.mark.parametrize(
    ("width", "size", "column"),
    [(1280, 100, "narrow"), (1280, 100, "normal"), (1280, 100, "wide"), (1280, 200, "normal"),
     (1280, 200, "wide"), (768, 150, "wide")],
)  # fmt: skip
def test_lines_hold_30_to_80_characters(
    new_context: Any, demo: Any, width: int, size: int, column: str
) -> None:
    context = new_context(viewport={"width": width, "height": 800})
    set_prefs(context, demo.url, size=size, width=column)
    page = context.new_page()
    page.goto(demo(ARTICLES[0]))
    per_line = page.evaluate(LINES_JS)
    assert len(per_line) >= 3
    assert 30 <= min(per_line) and max(per_line) <= 80, per_line
    if column == "narrow":  # "about 60 characters"
        assert 50 <= max(per_line) <= 66, per_line
