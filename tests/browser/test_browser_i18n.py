"""The English toolbar (READABLE_LANGUAGE="en") and the whole-page scope (READABLE_SCOPE="page")."""

from __future__ import annotations

from typing import Any

import pytest

from .support import SEED, choose, colors, cookie_for, font_px, prefs_cookie, set_prefs, size_attr
from .test_browser_contrast import axe_violations

pytestmark = pytest.mark.browser

ENGLISH = ("Smaller text", "Default text size", "Larger text", "Restore defaults")
VIETNAMESE = ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Khôi phục mặc định")


def test_english_toolbar(page: Any, demo_en: Any) -> None:
    page.goto(demo_en(SEED))
    page.locator(".readable-panel > summary").click()
    assert page.locator(".readable-panel > summary").inner_text().strip() == "Display settings"
    for name in ENGLISH:
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    for name in VIETNAMESE:
        assert page.get_by_role("button", name=name).count() == 0
    assert page.get_by_role("form", name="Reading tools").is_visible()
    assert page.get_by_role("group", name="Text size").is_visible()
    # The toolbar speaks English; the article keeps its own language.
    assert page.locator(".readable").get_attribute("lang") == "en"
    assert page.locator(".readable-article").get_attribute("lang") == "vi"
    status = page.locator(".readable-toast")
    assert status.inner_text() == ""

    page.get_by_role("button", name="Larger text").click()
    assert status.inner_text() == "Text size 115%"
    choose(page, "Colours", "High contrast")
    assert page.locator(".readable-panel-status").inner_text() == "Applied"
    choose(page, "Column width", "Narrow")
    assert prefs_cookie(page.context) == cookie_for(115, "contrast", width="narrow")
    page.get_by_role("button", name="Restore defaults").click()
    assert page.locator(".readable-panel-status").inner_text() == "Defaults restored"
    assert axe_violations(page, enhanced=False) == ""


def test_page_scope_applies_to_the_whole_page(new_context: Any, demo_page: Any) -> None:
    context = new_context()
    set_prefs(context, demo_page.url, size=150, theme="dark")
    page = context.new_page()
    page.goto(demo_page(SEED))
    html = page.locator("html")
    assert html.get_attribute("data-readable-size") == "150"
    assert html.get_attribute("data-readable-theme") == "dark"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    # Everything follows: the site's header, the article, the bar (its text up to 150%).
    header_px = font_px(page, ".site-note")
    assert header_px == pytest.approx(1.5 * 17)
    assert font_px(page, ".readable-article p:not(.sapo)") == pytest.approx(header_px)
    assert font_px(page, ".readable-bar") == pytest.approx(24)
    assert colors(page, ".site-note") == {"fg": [242, 242, 242], "bg": [18, 18, 18]}
    # The page-wide colours leave the bar its own: the primary button keeps the theme's accent.
    assert colors(page, ".readable-play")["bg"] == [138, 180, 248]
    assert colors(page, ".readable-bar")["bg"] == [30, 30, 30]
    assert axe_violations(page, enhanced=True) == ""

    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert html.get_attribute("data-readable-size") == "175"
    assert size_attr(page) is None  # not on the wrapper: on <html>
    assert prefs_cookie(context) == cookie_for(175, "dark")
    assert font_px(page, ".readable-bar") == pytest.approx(24)  # 150% at most
    choose(page, "Màu nền", "Mặc định")
    assert html.get_attribute("data-readable-theme") == "default"
    assert colors(page, ".site-note")["bg"] == [255, 255, 255]
    assert axe_violations(page, enhanced=False) == ""
