"""Helpers shared by the browser tests: the demo's paths, colour and contrast arithmetic, small probes."""

from __future__ import annotations

from typing import Any

ARTICLES = (
    "/bai-viet/tong-ket-dai-hoi",
    "/bai-viet/kham-suc-khoe-dinh-ky",
    "/bai-viet/thoi-tiet-tet",
)
SEED = ARTICLES[0]
SIZES = (90, 100, 115, 130, 150, 175, 200)

#: Colour helpers run in the page. ``readableColors(el)`` gives the element's text colour and the colour
#: behind it, both as opaque [r, g, b]: transparent backgrounds are resolved by walking up the ancestors
#: and compositing each layer (the canvas is white).
COLOR_JS = """
(() => {
  function parse(value) {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) throw new Error("unexpected colour " + value);
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, under) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]);
  }
  function background(el) {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      layers.push(parse(getComputedStyle(node).backgroundColor));
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour.slice(0, 3);
  }
  window.readableColors = function (el, property) {
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el)[property || "color"]), bg.concat([1]));
    return { fg: fg.slice(0, 3), bg: bg };
  };
  window.readableBackground = background;
  // Every visible element in `root` with text of its own: its colours and whether it is a link.
  window.readableTexts = function (root) {
    const out = [];
    for (const el of root.querySelectorAll("*")) {
      const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim());
      if (!own || !el.getClientRects().length) continue;
      const c = readableColors(el);
      out.push({ tag: el.tagName, text: el.textContent.trim().slice(0, 40), fg: c.fg, bg: c.bg });
    }
    return out;
  };
  // The focus indicator of the focused element, against what surrounds it (the outline is offset).
  window.readableFocusRing = function () {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const around = background(el.parentElement);
    const colour = over(parse(s.outlineColor), around.concat([1]));
    return {
      visible: el.matches(":focus-visible"), style: s.outlineStyle,
      width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset),
      colour: colour.slice(0, 3), around: around,
      own: background(el), name: el.textContent.trim(),
    };
  };
})();
"""


def luminance(rgb: list[float]) -> float:
    """Relative luminance (WCAG 2) of an sRGB colour given as 0-255 components."""
    channels = []
    for value in rgb:
        c = value / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def contrast_ratio(a: list[float], b: list[float]) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def colors(page: Any, selector: str, prop: str = "color") -> dict[str, list[float]]:
    """Text (or ``prop``) colour and effective background of the first element matching ``selector``."""
    page.evaluate(COLOR_JS)
    return page.locator(selector).first.evaluate("(el, p) => readableColors(el, p)", prop)


def texts(page: Any, selector: str = ".readable") -> list[dict[str, Any]]:
    """Colours of every visible element with text of its own under ``selector``."""
    page.evaluate(COLOR_JS)
    return page.locator(selector).first.evaluate("el => readableTexts(el)")


def focus_ring(page: Any) -> dict[str, Any]:
    """Outline of the focused element: style, width (px), colour and the background around it."""
    page.evaluate(COLOR_JS)
    return page.evaluate("readableFocusRing()")


def ratio_of(page: Any, selector: str) -> float:
    c = colors(page, selector)
    return contrast_ratio(c["fg"], c["bg"])


def font_px(page: Any, selector: str) -> float:
    value = page.locator(selector).first.evaluate("el => getComputedStyle(el).fontSize")
    return float(value.removesuffix("px"))


def size_attr(page: Any) -> str | None:
    return page.locator(".readable").first.get_attribute("data-readable-size")


def prefs_cookie(context: Any) -> str | None:
    for cookie in context.cookies():
        if cookie["name"] == "readable":
            return str(cookie["value"]).strip('"')
    return None


#: The comfort panel's settings at their defaults, in the cookie's order.
DISPLAY = {"leading": "normal", "spacing": "normal", "width": "normal", "font": "site", "mask": "off"}
#: The themes a reader picks, by their label in the panel.
THEMES = {"default": "Mặc định", "contrast": "Tương phản cao", "dark": "Nền tối", "sepia": "Màu giấy"}


def cookie_for(size: int = 100, theme: str = "auto", speed: str = "1", **display: str) -> str:
    """The settings cookie as the script and the server write it (every field, in order)."""
    fields = {"size": str(size), "theme": theme, **DISPLAY, **display, "speed": speed}
    return "&".join(f"{k}={v}" for k, v in fields.items())


def set_prefs(context: Any, url: str, size: int = 100, theme: str = "auto", **display: str) -> None:
    """Start a context with the settings cookie already set, as a returning reader has it."""
    context.add_cookies([{"name": "readable", "value": cookie_for(size, theme, **display), "url": url}])


def choose(page: Any, legend: str, label: str) -> Any:
    """Open the comfort panel (when closed) and pick ``label`` in the group ``legend``; the radio."""
    panel = page.locator(".readable-panel").first
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    radio = page.get_by_role("group", name=legend).get_by_role("radio", name=label, exact=True)
    radio.check()
    return radio


def listening_options(page: Any) -> Any:
    """Open the player's "Tùy chọn nghe" disclosure (when closed); the <details>."""
    more = page.locator(".readable-more").first
    if more.get_attribute("open") is None:
        more.locator("> summary").click()
    return more


def theme_attr(page: Any) -> str | None:
    return page.locator(".readable").first.get_attribute("data-readable-theme")


def tab_to(page: Any, name: str, limit: int = 30) -> int:
    """Press Tab until the focused element's text contains ``name``; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if name in page.evaluate("document.activeElement.textContent"):
            return presses
    raise AssertionError(f"{name!r} not reached with {limit} presses of Tab")
