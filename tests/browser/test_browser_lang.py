"""An article in another language (the demo's English edition item): its region says so, the toolbar
keeps the interface language."""

from __future__ import annotations

from typing import Any

import pytest

from .test_browser_contrast import axe_violations

pytestmark = pytest.mark.browser

ENGLISH_ARTICLE = "/bai-viet/online-public-services"


def test_the_english_article_has_lang_en_and_a_vietnamese_toolbar(page: Any, demo: Any) -> None:
    page.goto(demo("/"))
    link = page.get_by_role("link", name="Province brings 1,250 public services online ahead of schedule")
    assert link.get_attribute("lang") == "en"
    link.click()
    page.wait_for_url(demo(ENGLISH_ARTICLE))
    region = page.locator(".readable-article")
    assert region.get_attribute("lang") == "en"
    assert page.evaluate("document.querySelector('.readable-article h1').closest('[lang]').lang") == "en"
    # The toolbar and the player stay in the interface language (Vietnamese by default).
    assert page.locator(".readable").get_attribute("lang") == "vi"
    for name in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ"):
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    assert page.get_by_role("button", name="Larger text").count() == 0
    assert page.get_by_role("button", name="Nghe bài viết").is_visible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Province brings")
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == "Cỡ chữ 115%"
    assert axe_violations(page, enhanced=False) == ""


def test_the_english_toolbar_over_the_english_article(page: Any, demo_en: Any) -> None:
    page.goto(demo_en(ENGLISH_ARTICLE))
    assert page.locator(".readable").get_attribute("lang") == "en"
    assert page.locator(".readable-article").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Larger text", exact=True).is_visible()
