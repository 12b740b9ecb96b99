"""The English toolbar (READABLE_LANGUAGE="en") and the whole-page scope (READABLE_SCOPE="page")."""

from __future__ import annotations

from typing import Any

import pytest

from .support import SEED, colors, font_px, prefs_cookie, set_prefs, size_attr
from .test_browser_contrast import axe_violations

pytestmark = pytest.mark.browser

ENGLISH = ("Smaller text", "Default text size", "Larger text", "High contrast")
VIETNAMESE = ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Tương phản cao")


def test_english_toolbar(page: Any, demo_en: Any) -> None:
    page.goto(demo_en(SEED))
    for name in ENGLISH:
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    for name in VIETNAMESE:
        assert page.get_by_role("button", name=name).count() == 0
    assert page.get_by_role("form", name="Reading tools").is_visible()
    assert page.get_by_role("group", name="Text size").is_visible()
    # The toolbar speaks English; the article keeps its own language.
    assert page.locator(".readable").get_attribute("lang") == "en"
    assert page.locator(".readable-article").get_attribute("lang") == "vi"
    status = page.locator(".readable-toolbar").get_by_role("status")
    assert status.inner_text() == "Text size 100%"

    page.get_by_role("button", name="Larger text").click()
    assert status.inner_text() == "Text size 115%"
    page.get_by_role("button", name="High contrast").click()
    assert status.inner_text() == "High contrast on"
    page.get_by_role("button", name="High contrast").click()
    assert status.inner_text() == "High contrast off"
    assert axe_violations(page, enhanced=False) == ""


def test_page_scope_applies_to_the_whole_page(new_context: Any, demo_page: Any) -> None:
    context = new_context()
    set_prefs(context, demo_page.url, size=150, contrast="on")
    page = context.new_page()
    page.goto(demo_page(SEED))
    html = page.locator("html")
    assert html.get_attribute("data-readable-size") == "150"
    assert html.get_attribute("data-readable-contrast") == "on"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    # Everything follows: the site's header, the article, the toolbar.
    header_px = font_px(page, ".site-note")
    assert header_px == pytest.approx(1.5 * 17)
    assert font_px(page, ".readable-article p:not(.sapo)") == pytest.approx(header_px)
    assert colors(page, ".site-note") == {"fg": [255, 255, 255], "bg": [0, 0, 0]}
    # The pressed toggle still looks pressed: the page-wide colours leave the toolbar its own.
    pressed = colors(page, ".readable-contrast")
    plain = colors(page, ".readable-button >> nth=0")
    assert pressed != plain
    assert pressed["bg"] == [255, 255, 0]
    assert axe_violations(page, enhanced=True) == ""

    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert html.get_attribute("data-readable-size") == "175"
    assert size_attr(page) is None  # not on the wrapper: on <html>
    assert prefs_cookie(context) == "size=175&contrast=on&speed=1"
    page.get_by_role("button", name="Tương phản cao").click()
    assert html.get_attribute("data-readable-contrast") == "off"
    assert colors(page, ".site-note")["bg"] == [255, 255, 255]
    assert axe_violations(page, enhanced=False) == ""
