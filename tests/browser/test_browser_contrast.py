"""High contrast: the toggle, measured contrast ratios, the system preference, forced colours, axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .support import (
    ARTICLES,
    SEED,
    colors,
    contrast_ratio,
    focus_ring,
    prefs_cookie,
    set_prefs,
    tab_to,
    texts,
)

pytestmark = pytest.mark.browser

AXE = Axe()
TOGGLE = "Tương phản cao"
#: A paragraph and a visited-looking link the demo articles lack: portals' articles have links.
ADD_LINKS = """() => {
  const p = document.querySelector(".readable-article p:not(.readable-lead)");
  p.insertAdjacentHTML("beforeend",
    ' Xem <a href="/">trang chủ</a> và <a href="/bai-viet/thoi-tiet-tet">tin thời tiết</a>.');
}"""
PAGE_PATHS = ("/", *ARTICLES)


def axe_violations(page: Any, enhanced: bool) -> str:
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if enhanced:
        options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
    results = AXE.run(page, options=options)
    return results.generate_report() if results.violations_count else ""


def min_text_ratio(page: Any, selector: str = ".readable") -> tuple[float, dict[str, Any]]:
    found = texts(page, selector)
    assert len(found) > 10
    worst = min(found, key=lambda t: contrast_ratio(t["fg"], t["bg"]))
    return contrast_ratio(worst["fg"], worst["bg"]), worst


def check_links(page: Any, minimum: float) -> list[float]:
    """Every link in the article: its own contrast, and told apart from the text around it."""
    links = page.locator(".readable-article a[href]")
    assert links.count() >= 2
    ratios = []
    for i in range(links.count()):
        link = links.nth(i)
        selector = f".readable-article a[href] >> nth={i}"
        own = colors(page, selector)
        ratio = contrast_ratio(own["fg"], own["bg"])
        assert ratio >= minimum, (link.inner_text(), ratio)
        around = link.evaluate("el => getComputedStyle(el.parentElement).color")
        parent = colors(page, selector + " >> xpath=..")
        underlined = "underline" in link.evaluate("el => getComputedStyle(el).textDecorationLine")
        assert underlined or contrast_ratio(own["fg"], parent["fg"]) >= 3, (around, own)
        ratios.append(ratio)
    return ratios


def test_toggle_contrast_and_measure(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    page.evaluate(ADD_LINKS)
    toggle = page.get_by_role("button", name=TOGGLE)
    assert toggle.get_attribute("aria-pressed") == "false"
    normal, _ = min_text_ratio(page)
    assert normal >= 4.5
    paragraph_before = colors(page, ".readable-article p:not(.readable-lead)")

    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == "Đã bật tương phản cao"
    assert prefs_cookie(page.context) == "size=100&contrast=on&speed=1"
    paragraph = colors(page, ".readable-article p:not(.readable-lead)")
    assert paragraph != paragraph_before
    assert contrast_ratio(paragraph["fg"], paragraph["bg"]) >= 7
    worst, element = min_text_ratio(page)
    assert worst >= 7, element
    assert min(check_links(page, 7)) >= 7

    # Images are shown as they are: nothing on the page is filtered or blended.
    assert page.locator(".readable-article img").count() == 3
    effects = page.evaluate(
        """Array.from(document.querySelectorAll("*"), el => getComputedStyle(el))
             .filter(s => s.filter !== "none" || s.mixBlendMode !== "normal" ||
                          s.backdropFilter !== "none").length"""
    )
    assert effects == 0
    # The text does not touch the edges of the black region.
    padding = page.locator(".readable-article").evaluate(
        "el => ['Top', 'Right', 'Bottom', 'Left'].map(s => parseFloat(getComputedStyle(el)['padding' + s]))"
    )
    assert min(padding) >= 8
    assert axe_violations(page, enhanced=True) == ""

    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == "Đã tắt tương phản cao"
    assert prefs_cookie(page.context) == "size=100&contrast=off&speed=1"
    assert colors(page, ".readable-article p:not(.readable-lead)") == paragraph_before


@pytest.mark.parametrize("mode", ["normal", "high"])
def test_focus_indicator_contrast(new_context: Any, demo: Any, mode: str) -> None:
    context = new_context()
    set_prefs(context, demo.url, contrast="on" if mode == "high" else "off")
    page = context.new_page()
    page.goto(demo(SEED))
    page.evaluate(ADD_LINKS)
    for name in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", TOGGLE, "trang chủ"):
        tab_to(page, name)
        ring = focus_ring(page)
        assert ring["visible"] and ring["style"] != "none", ring
        assert ring["width"] >= 2, ring
        assert contrast_ratio(ring["colour"], ring["around"]) >= 3, ring


def test_system_asks_for_more_contrast(new_context: Any, demo: Any) -> None:
    context = new_context(contrast="more")
    page = context.new_page()
    page.goto(demo(SEED))
    toggle = page.get_by_role("button", name=TOGGLE)
    assert toggle.get_attribute("aria-pressed") == "true"
    paragraph = colors(page, ".readable-article p:not(.readable-lead)")
    assert paragraph == {"fg": [255, 255, 255], "bg": [0, 0, 0]}
    assert axe_violations(page, enhanced=True) == ""

    # The reader may still say no, and that choice sticks.
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "false"
    assert prefs_cookie(context) == "size=100&contrast=off&speed=1"
    page.reload()
    assert toggle.get_attribute("aria-pressed") == "false"
    paragraph = colors(page, ".readable-article p:not(.readable-lead)")
    assert contrast_ratio(paragraph["fg"], paragraph["bg"]) >= 7
    assert paragraph["bg"] == [255, 255, 255]

    # The system preference also applies before (and without) the script.
    static = new_context(contrast="more", java_script_enabled=False).new_page()
    static.goto(demo(SEED))
    assert colors(static, ".readable-article p:not(.readable-lead)")["bg"] == [0, 0, 0]


def test_forced_colors_take_over(new_context: Any, demo: Any) -> None:
    context = new_context(forced_colors="active")
    set_prefs(context, demo.url, contrast="on")
    page = context.new_page()
    page.goto(demo(SEED))
    # Our black and yellow give way to the system's colours, so the toggle has nothing to do.
    assert page.get_by_role("button", name=TOGGLE).is_hidden()
    for name in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ"):
        assert page.get_by_role("button", name=name).is_visible()
    body = colors(page, "body")
    paragraph = colors(page, ".readable-article p:not(.readable-lead)")
    assert paragraph == body
    assert paragraph != {"fg": [255, 255, 255], "bg": [0, 0, 0]}
    tab_to(page, "Tăng cỡ chữ")
    ring = focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2
    assert contrast_ratio(ring["colour"], ring["around"]) >= 3


@pytest.mark.parametrize("mode", ["normal", "high", "system"])
def test_axe_has_nothing_to_report(new_context: Any, demo: Any, mode: str) -> None:
    context = new_context(contrast="more" if mode == "system" else "no-preference")
    set_prefs(context, demo.url, contrast={"normal": "off", "high": "on", "system": "auto"}[mode])
    page = context.new_page()
    for path in PAGE_PATHS:
        page.goto(demo(path))
        assert axe_violations(page, enhanced=mode != "normal") == "", path
