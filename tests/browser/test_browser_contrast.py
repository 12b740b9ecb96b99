"""Themes: each picked in the comfort panel and measured (text, links, focus, controls), the system's
preferences (more contrast, dark), forced colours, and axe-core in every theme."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from .support import (
    ARTICLES,
    SEED,
    THEMES,
    choose,
    colors,
    contrast_ratio,
    cookie_for,
    focus_ring,
    prefs_cookie,
    set_prefs,
    tab_to,
    texts,
    theme_attr,
)

pytestmark = pytest.mark.browser

AXE = Axe()
PARAGRAPH = ".readable-article p:not(.readable-lead)"
#: A paragraph and a visited-looking link the demo articles lack: portals' articles have links.
ADD_LINKS = """() => {
  const p = document.querySelector(".readable-article p:not(.readable-lead)");
  p.insertAdjacentHTML("beforeend",
    ' Xem <a href="/">trang chủ</a> và <a href="/bai-viet/thoi-tiet-tet">tin thời tiết</a>.');
}"""
PAGE_PATHS = ("/", *ARTICLES)
#: Each theme's text and background (the article's paragraphs).
PALETTES = {
    "contrast": {"fg": [0, 0, 0], "bg": [255, 255, 255]},
    "dark": {"fg": [242, 242, 242], "bg": [18, 18, 18]},
    "sepia": {"fg": [46, 36, 22], "bg": [245, 236, 215]},
}
#: Every control of the bar and the panel, with the element that draws its boundary.
CONTROLS_JS = """() => [...document.querySelectorAll(".readable-button, .readable-select")]
  .filter(el => el.getClientRects().length)
  .map(el => ({name: el.textContent.trim().slice(0, 30), border: getComputedStyle(el).borderTopColor,
               around: readableBackground(el.parentElement)}))"""


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


def check_controls(page: Any) -> None:
    """The boundary of every button and select stands out from what surrounds it by 3:1."""
    colors(page, ".readable")  # loads the colour helpers
    controls = page.evaluate(CONTROLS_JS)
    assert len(controls) >= 5
    for control in controls:
        border = [int(v) for v in control["border"].strip("rgba()").split(",")[:3]]
        assert contrast_ratio(border, control["around"]) >= 3, control


@pytest.mark.parametrize("theme", ["contrast", "dark", "sepia"])
def test_pick_a_theme_and_measure(page: Any, demo: Any, theme: str) -> None:
    page.goto(demo(SEED))
    page.evaluate(ADD_LINKS)
    normal, _ = min_text_ratio(page)
    assert normal >= 4.5
    paragraph_before = colors(page, PARAGRAPH)

    radio = choose(page, "Màu nền", THEMES[theme])
    assert radio.is_checked() and theme_attr(page) == theme
    assert page.locator(".readable-panel-status").inner_text() == "Đã áp dụng"
    assert prefs_cookie(page.context) == cookie_for(theme=theme)
    assert colors(page, PARAGRAPH) == PALETTES[theme]
    # Every text of the wrapped region, the bar and the open panel included: 7:1; links as well.
    worst, element = min_text_ratio(page)
    assert worst >= 7, element
    assert min(check_links(page, 7)) >= 7
    check_controls(page)
    # The theme covers the whole region: the wrapper, the bar and the article share its colours.
    assert colors(page, ".readable")["bg"] == PALETTES[theme]["bg"]
    assert colors(page, ".readable-bar")["fg"] == PALETTES[theme]["fg"]

    # Images are shown as they are: nothing on the page is filtered or blended.
    assert page.locator(".readable-article img").count() == 3
    effects = page.evaluate(
        """Array.from(document.querySelectorAll("*"), el => getComputedStyle(el))
             .filter(s => s.filter !== "none" || s.mixBlendMode !== "normal" ||
                          s.backdropFilter !== "none").length"""
    )
    assert effects == 0
    # The text does not touch the edges of the coloured region.
    padding = page.locator(".readable-article").evaluate(
        "el => ['Top', 'Right', 'Bottom', 'Left'].map(s => parseFloat(getComputedStyle(el)['padding' + s]))"
    )
    assert min(padding) >= 8
    assert axe_violations(page, enhanced=True) == ""

    choose(page, "Màu nền", THEMES["default"])
    assert theme_attr(page) == "default"
    assert prefs_cookie(page.context) == cookie_for(theme="default")
    assert colors(page, PARAGRAPH) == paragraph_before


@pytest.mark.parametrize("theme", ["default", "contrast", "dark", "sepia"])
def test_focus_indicator_contrast(new_context: Any, demo: Any, theme: str) -> None:
    context = new_context()
    set_prefs(context, demo.url, theme=theme)
    page = context.new_page()
    page.goto(demo(SEED))
    page.evaluate(ADD_LINKS)
    check_controls(page)
    for name in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ", "Tùy chỉnh hiển thị", "trang chủ"):
        tab_to(page, name)
        ring = focus_ring(page)
        assert ring["visible"] and ring["style"] != "none", ring
        assert ring["width"] >= 2, ring
        assert contrast_ratio(ring["colour"], ring["around"]) >= 3, ring
    # Inside the open panel too: a radio and the reset button.
    page.locator(".readable-panel > summary").click()
    for name in (THEMES["sepia"], "Khôi phục mặc định"):
        target = page.get_by_role("radio", name=name) if name in THEMES.values() else page.get_by_role(
            "button", name=name
        )
        target.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        assert ring["visible"] and ring["width"] >= 2, ring
        assert contrast_ratio(ring["colour"], ring["around"]) >= 3, ring


def test_system_asks_for_more_contrast(new_context: Any, demo: Any) -> None:
    context = new_context(contrast="more")
    page = context.new_page()
    page.goto(demo(SEED))
    # The light high-contrast theme, black on white, and the panel says so.
    assert theme_attr(page) == "auto"
    assert colors(page, PARAGRAPH) == PALETTES["contrast"]
    assert page.get_by_role("radio", name=THEMES["contrast"], include_hidden=True).is_checked()
    assert axe_violations(page, enhanced=True) == ""

    # The reader may still pick the default theme, and that choice sticks.
    choose(page, "Màu nền", THEMES["default"])
    assert prefs_cookie(context) == cookie_for(theme="default")
    page.reload()
    paragraph = colors(page, PARAGRAPH)
    assert paragraph["bg"] == [255, 255, 255] and paragraph["fg"] == [26, 26, 26]  # the portal's own
    assert page.get_by_role("radio", name=THEMES["default"], include_hidden=True).is_checked()

    # The system preference also applies before (and without) the script.
    static = new_context(contrast="more", java_script_enabled=False).new_page()
    static.goto(demo(SEED))
    assert colors(static, PARAGRAPH) == PALETTES["contrast"]


@pytest.mark.parametrize(
    ("contrast", "scheme", "expected"),
    [("more", "dark", "dark"), ("no-preference", "dark", None), ("more", "light", "contrast")],
)
def test_dark_only_with_more_contrast_or_when_picked(
    new_context: Any, demo: Any, contrast: str, scheme: str, expected: str | None
) -> None:
    page = new_context(contrast=contrast, color_scheme=scheme).new_page()
    page.goto(demo(SEED))
    paragraph = colors(page, PARAGRAPH)
    if expected:
        assert paragraph == PALETTES[expected]
    else:  # dark alone: the portal's colours (it has no dark style of its own)
        assert paragraph == {"fg": [26, 26, 26], "bg": [255, 255, 255]}
    shown = expected or "default"
    assert page.get_by_role("radio", name=THEMES[shown], include_hidden=True).is_checked()


def test_forced_colors_take_over(new_context: Any, demo: Any) -> None:
    context = new_context(forced_colors="active")
    set_prefs(context, demo.url, theme="dark", mask="on")
    page = context.new_page()
    page.goto(demo(SEED))
    page.locator(".readable-panel > summary").click()
    # Our palettes give way to the system's colours, so the theme group and the mask have nothing to do.
    assert page.get_by_role("group", name="Màu nền").is_hidden()
    assert page.get_by_role("group", name="Thước đọc").is_hidden()
    assert page.get_by_role("group", name="Giãn dòng").is_visible()
    page.mouse.move(100, 300)
    assert page.locator(".readable-mask").count() == 0 or page.locator(".readable-mask").is_hidden()
    for name in ("Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ"):
        assert page.get_by_role("button", name=name).is_visible()
    body = colors(page, "body")
    paragraph = colors(page, PARAGRAPH)
    assert paragraph == body
    assert paragraph != PALETTES["dark"]
    page.reload()
    tab_to(page, "Tăng cỡ chữ")
    ring = focus_ring(page)
    assert ring["style"] != "none" and ring["width"] >= 2
    assert contrast_ratio(ring["colour"], ring["around"]) >= 3


@pytest.mark.parametrize("mode", ["default", "contrast", "dark", "sepia", "system"])
def test_axe_has_nothing_to_report(new_context: Any, demo: Any, mode: str) -> None:
    context = new_context(contrast="more" if mode == "system" else "no-preference")
    set_prefs(context, demo.url, theme="auto" if mode == "system" else mode)
    page = context.new_page()
    for path in PAGE_PATHS:
        page.goto(demo(path))
        assert axe_violations(page, enhanced=mode in ("contrast", "system")) == "", path
        if path != "/":
            page.locator(".readable-panel > summary").click()
            assert axe_violations(page, enhanced=mode in ("contrast", "system")) == "", path + " panel"
