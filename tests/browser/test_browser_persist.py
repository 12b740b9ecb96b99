"""Settings persist: a reload and another article keep them, and the first paint already has them."""

from __future__ import annotations

from typing import Any

import pytest

from .support import (
    ARTICLES,
    SEED,
    THEMES,
    choose,
    colors,
    cookie_for,
    font_px,
    prefs_cookie,
    set_prefs,
    size_attr,
    theme_attr,
)

pytestmark = pytest.mark.browser

#: Runs before any of the page's own scripts. Records, from the first parsed element on: every change of a
#: data-readable-size/-theme/-leading/-font attribute, the values when the wrapper is inserted, and, in each
#: of the first animation frames (each one comes before a paint), the computed size, background and line
#: height of the article's first paragraph.
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
        readableProbe.inserted = [node.dataset.readableSize, node.dataset.readableTheme,
                                  node.dataset.readableLeading];
      }
    }
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeOldValue: true,
                       attributeFilter: ["data-readable-size", "data-readable-theme",
                                         "data-readable-leading", "data-readable-font"] });
(function frame(n) {
  const p = document.querySelector(".readable-article p");
  if (p) {
    const s = getComputedStyle(p);
    readableProbe.frames.push([parseFloat(s.fontSize),
                               getComputedStyle(p.closest(".readable-article")).backgroundColor,
                               s.lineHeight]);
  }
  if (n < 30) requestAnimationFrame(() => frame(n + 1));
})(0);
"""


def test_reload_and_next_article_keep_both_settings(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    base_px = font_px(page, ".readable-article p:not(.readable-lead)")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.locator(".readable-toast").inner_text() == "Cỡ chữ 130%"
    choose(page, "Màu nền", THEMES["dark"])
    choose(page, "Giãn dòng", "Rộng")
    choose(page, "Khoảng cách chữ", "Rộng")
    choose(page, "Độ rộng cột chữ", "Hẹp")
    choose(page, "Phông chữ", "Phông dễ đọc")
    assert prefs_cookie(page.context) == cookie_for(
        130, "dark", leading="relaxed", spacing="wide", width="narrow", font="legible"
    )

    page.reload()
    assert_settings(page, base_px, 130)

    # Another article, reached the way a reader would: back to the list, then a link.
    page.get_by_role("link", name="← Về trang tin tức").click()
    page.locator("ul.articles a").nth(2).click()
    page.wait_for_url(demo(ARTICLES[2]))
    assert_settings(page, base_px, 130)
    # Status messages are transient: a new page starts without one.
    assert page.locator(".readable-toast").inner_text() == ""


def assert_settings(page: Any, base_px: float, size: int) -> None:
    assert size_attr(page) == str(size) and theme_attr(page) == "dark"
    paragraph = page.locator(".readable-article p:not(.readable-lead)").first
    assert font_px(page, ".readable-article p:not(.readable-lead)") == pytest.approx(base_px * size / 100)
    assert page.get_by_role("radio", name=THEMES["dark"], include_hidden=True).is_checked()
    assert colors(page, ".readable-article p:not(.readable-lead)") == {
        "fg": [242, 242, 242],
        "bg": [18, 18, 18],
    }
    style = paragraph.evaluate(
        """el => { const s = getComputedStyle(el), px = parseFloat(s.fontSize);
                   return [parseFloat(s.lineHeight) / px, parseFloat(s.letterSpacing) / px,
                           parseFloat(s.wordSpacing) / px, s.fontFamily]; }"""
    )
    assert style[:3] == [pytest.approx(v, abs=0.01) for v in (1.8, 0.12, 0.16)]
    assert style[3].startswith('"Be Vietnam Pro"')


@pytest.mark.parametrize("path", [SEED, ARTICLES[1]])
def test_no_flash_of_the_default_size(new_context: Any, demo: Any, path: str) -> None:
    context = new_context()
    set_prefs(context, demo.url, size=175, theme="sepia", leading="loose", font="legible")
    context.add_init_script(PAINT_PROBE)
    page = context.new_page()
    page.goto(demo(path))
    page.wait_for_function("() => readableProbe.frames.length > 3")
    probe = page.evaluate("readableProbe")
    # The server wrote the settings into the markup, and the script never had to change them.
    assert probe["inserted"] == ["175", "sepia", "loose"]
    assert probe["changes"] == []
    expected = font_px(page, ".readable-article p")
    assert probe["frames"], "the article was never seen before a paint"
    assert {tuple(f) for f in probe["frames"]} == {(expected, "rgb(245, 236, 215)", f"{2 * expected}px")}
    assert page.locator(".readable").get_attribute("data-readable-ready") == "1"


def test_settings_apply_without_the_script(new_context: Any, demo: Any) -> None:
    """With readable.js held back (an empty response), the first paint is already right."""
    context = new_context()
    set_prefs(context, demo.url, size=200, theme="contrast", spacing="wide")
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
        "fg": [0, 0, 0],
        "bg": [255, 255, 255],
    }
    spacing = page.locator(".readable-article p").first.evaluate("el => getComputedStyle(el).wordSpacing")
    assert float(spacing.removesuffix("px")) == pytest.approx(0.16 * 2 * default_px, abs=0.1)
    # The server checked what the cookie says: the panel opens on the reader's choices.
    page.locator(".readable-panel > summary").click()
    assert page.get_by_role("radio", name=THEMES["contrast"]).is_checked()
    assert page.get_by_role("group", name="Khoảng cách chữ").get_by_role("radio", name="Rộng").is_checked()
