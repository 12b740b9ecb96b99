"""Settings persist: a reload and another article keep them, and the first paint already has them."""

from __future__ import annotations

from typing import Any

import pytest

from .support import ARTICLES, SEED, colors, font_px, prefs_cookie, set_prefs, size_attr

pytestmark = pytest.mark.browser

#: Runs before any of the page's own scripts. Records, from the first parsed element on: every change of
#: a data-readable-size/-contrast attribute, the values when the wrapper is inserted, and, in each of the
#: first animation frames (each one comes before a paint), the computed size of the article's first
#: paragraph and the article's background.
PAINT_PROBE = """
window.readableProbe = { inserted: null, changes: [], frames: [] };
new MutationObserver(records => {
  for (const r of records) {
    if (r.type === "attributes" && r.oldValue !== r.target.getAttribute(r.attributeName)) {
      readableProbe.changes.push([r.target.tagName, r.attributeName, r.oldValue,
                                  r.target.getAttribute(r.attributeName)]);
    }
    for (const node of r.addedNodes || []) {
      if (node.nodeType === 1 && node.matches(".readable") && !readableProbe.inserted) {
        readableProbe.inserted = [node.dataset.readableSize, node.dataset.readableContrast];
      }
    }
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true,
                       attributeFilter: ["data-readable-size", "data-readable-contrast"] });
(function frame(n) {
  const p = document.querySelector(".readable-article p");
  if (p) {
    const s = getComputedStyle(p);
    readableProbe.frames.push([parseFloat(s.fontSize),
                               getComputedStyle(p.closest(".readable-article")).backgroundColor]);
  }
  if (n < 30) requestAnimationFrame(() => frame(n + 1));
})(0);
"""


def test_reload_and_next_article_keep_both_settings(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    base_px = font_px(page, ".readable-article p:not(.readable-lead)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tương phản cao").click()
    assert prefs_cookie(page.context) == "size=130&contrast=on&speed=1"

    page.reload()
    assert_settings(page, base_px, 130)

    # Another article, reached the way a reader would: back to the list, then a link.
    page.get_by_role("link", name="← Về trang tin tức").click()
    page.locator("ul.articles a").nth(2).click()
    page.wait_for_url(demo(ARTICLES[2]))
    assert_settings(page, base_px, 130)
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == "Cỡ chữ 130%"


def assert_settings(page: Any, base_px: float, size: int) -> None:
    assert size_attr(page) == str(size)
    assert font_px(page, ".readable-article p:not(.readable-lead)") == pytest.approx(base_px * size / 100)
    assert page.get_by_role("button", name="Tương phản cao").get_attribute("aria-pressed") == "true"
    assert colors(page, ".readable-article p:not(.readable-lead)") == {
        "fg": [255, 255, 255],
        "bg": [0, 0, 0],
    }


@pytest.mark.parametrize("path", [SEED, ARTICLES[1]])
def test_no_flash_of_the_default_size(new_context: Any, demo: Any, path: str) -> None:
    context = new_context()
    set_prefs(context, demo.url, size=175, contrast="on")
    context.add_init_script(PAINT_PROBE)
    page = context.new_page()
    page.goto(demo(path))
    page.wait_for_function("() => readableProbe.frames.length > 3")
    probe = page.evaluate("readableProbe")
    # The server wrote the settings into the markup, and the script never had to change them.
    assert probe["inserted"] == ["175", "on"]
    assert probe["changes"] == []
    expected = font_px(page, ".readable-article p")
    assert probe["frames"], "the article was never seen before a paint"
    assert {tuple(f) for f in probe["frames"]} == {(expected, "rgb(0, 0, 0)")}
    assert page.locator(".readable").get_attribute("data-readable-ready") == "1"


def test_settings_apply_without_the_script(new_context: Any, demo: Any) -> None:
    """With readable.js held back (an empty response), the first paint is already right."""
    context = new_context()
    set_prefs(context, demo.url, size=200, contrast="on")
    context.route(
        "**/readable.js*",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    page = context.new_page()
    page.goto(demo(SEED))
    reference = new_context().new_page()
    reference.goto(demo(SEED))
    default_px = font_px(reference, ".readable-article p:not(.readable-lead)")
    assert page.locator(".readable").get_attribute("data-readable-ready") is None
    assert font_px(page, ".readable-article p:not(.readable-lead)") == pytest.approx(2 * default_px)
    assert colors(page, ".readable-article p:not(.readable-lead)") == {
        "fg": [255, 255, 255],
        "bg": [0, 0, 0],
    }
    toggle = page.get_by_role("button", name="Tương phản cao")
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == "Cỡ chữ 200%"
