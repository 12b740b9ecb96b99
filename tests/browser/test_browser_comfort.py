"""The comfort panel's settings in Chromium: what each does to the computed styles, kept across reload and
navigation; the legible font, fetched only when chosen; the reading mask; the compact bar at 375 px."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import Demo, _serve
from .support import (
    ARTICLES,
    SEED,
    choose,
    cookie_for,
    listening_options,
    prefs_cookie,
    set_prefs,
    theme_attr,
)

pytestmark = pytest.mark.browser

#: The first paragraph's line height, letter and word spacing (each over its font size) and font family,
#: and the article's column width in its own ch (the width of "0").
STYLE_JS = """() => {
  const p = document.querySelector(".readable-article p:not(.readable-lead)");
  const s = getComputedStyle(p), px = parseFloat(s.fontSize);
  const zero = document.createElement("span");
  zero.textContent = "0";
  zero.style.setProperty("letter-spacing", "0", "important");
  document.querySelector(".readable-article").append(zero);
  const ch = zero.getBoundingClientRect().width;
  zero.remove();
  const article = document.querySelector(".readable-article"), a = getComputedStyle(article);
  const content = article.clientWidth - parseFloat(a.paddingLeft) - parseFloat(a.paddingRight);
  return {line: parseFloat(s.lineHeight) / px, letter: (parseFloat(s.letterSpacing) || 0) / px,
          word: (parseFloat(s.wordSpacing) || 0) / px, width: content / ch,
          font: s.fontFamily.split(",")[0].replace(/"/g, "")};
}"""
FONT_FILE = "/readable/static/fonts/be-vietnam-pro-"


@pytest.fixture(scope="module")
def demo_quiet() -> Iterator[Demo]:
    """The demo without audio: the bar is the toolbar alone."""
    yield from _serve({"READABLE_AUDIO": False})


def near(key: str, value: Any) -> Any:
    """``value`` as a measure compares: a font's name exactly, a width within half a ch (whole pixels)."""
    return value if isinstance(value, str) else pytest.approx(value, abs=0.5 if key == "width" else 0.02)


@pytest.mark.parametrize(
    ("legend", "label", "setting", "expected"),
    [
        ("Giãn dòng", "Rộng", {"leading": "relaxed"}, {"line": 1.8}),
        ("Giãn dòng", "Rất rộng", {"leading": "loose"}, {"line": 2.0}),
        ("Khoảng cách chữ", "Rộng", {"spacing": "wide"}, {"letter": 0.12, "word": 0.16}),
        ("Độ rộng cột chữ", "Hẹp", {"width": "narrow"}, {"width": 52}),
        ("Độ rộng cột chữ", "Rộng", {"width": "wide"}, {"width": 66}),
        ("Phông chữ", "Phông dễ đọc", {"font": "legible"}, {"font": "Be Vietnam Pro"}),
    ],
)
def test_each_setting_changes_the_style_and_is_kept(
    page: Any, demo: Any, legend: str, label: str, setting: dict[str, str], expected: dict[str, Any]
) -> None:
    page.goto(demo(SEED))
    before = page.evaluate(STYLE_JS)
    assert before == {"line": pytest.approx(1.6), "letter": 0, "word": 0, "width": pytest.approx(60, abs=0.5),
                      "font": before["font"]}  # fmt: skip
    assert before["font"] != "Be Vietnam Pro"
    choose(page, legend, label)
    name, value = next(iter(setting.items()))
    assert page.locator(".readable").get_attribute(f"data-readable-{name}") == value
    assert prefs_cookie(page.context) == cookie_for(**setting)

    def check() -> None:
        after = page.evaluate(STYLE_JS)
        for key, want in expected.items():
            assert after[key] == near(key, want), after
        for key in set(before) - set(expected):
            assert after[key] == near(key, before[key]), after

    check()
    page.reload()
    check()
    page.goto(demo(ARTICLES[2]))
    check()


def test_the_legible_font_is_fetched_only_when_chosen(page: Any, demo: Any) -> None:
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if "/fonts/" in r.url else None)
    page.goto(demo(SEED), wait_until="networkidle")
    for path in ARTICLES[1:]:
        page.goto(demo(path), wait_until="networkidle")
    assert fonts == []

    # A portal's own font on an element of the article gives way too.
    lead = page.locator(".readable-article p").first
    lead.evaluate("el => { el.style.fontFamily = 'serif'; }")
    choose(page, "Phông chữ", "Phông dễ đọc")
    assert lead.evaluate("el => getComputedStyle(el).fontFamily").startswith('"Be Vietnam Pro"')
    page.evaluate("document.fonts.ready")
    page.wait_for_function("document.fonts.check('16px \"Be Vietnam Pro\"', 'Chiều Đảng')")
    # Vietnamese text: the Vietnamese and the Latin faces, each from this site's static folder.
    names = sorted({url.split(FONT_FILE, 1)[1] for url in fonts})
    assert "vietnamese-400-normal.woff2" in names and "latin-400-normal.woff2" in names, fonts
    assert all(url.startswith(demo(FONT_FILE)) for url in fonts)
    served = page.request.get(demo(FONT_FILE + "vietnamese-700-normal.woff2"))
    assert served.status == 200 and served.body()[:4] == b"wOF2"
    assert page.request.get(demo("/readable/static/fonts/OFL.txt")).text().count("SIL OPEN FONT LICENSE") >= 1


def band(mask: Any) -> tuple[float, float]:
    """The clear band of the reading mask: its top and bottom, in px from the top of the window."""
    values = mask.evaluate("el => ['--rd-top', '--rd-bottom'].map(p => el.style.getPropertyValue(p))")
    return float(values[0].removesuffix("px")), float(values[1].removesuffix("px"))


def test_the_reading_mask_follows_the_pointer_and_the_focus(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    page.mouse.move(300, 400)
    assert page.locator(".readable-mask").count() == 0  # off by default: nothing is added
    choose(page, "Thước đọc", "Bật")
    assert prefs_cookie(page.context) == cookie_for(mask="on")
    page.locator(".readable-panel > summary").click()  # closed again
    mask = page.locator(".readable-mask")
    page.mouse.move(300, 500)
    box = mask.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 1024, "height": 768}  # the whole window, above everything
    assert mask.get_attribute("aria-hidden") == "true"
    assert mask.evaluate("el => getComputedStyle(el).pointerEvents") == "none"
    top, bottom = band(mask)
    line = page.locator(".readable-article").evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert top < 500 < bottom and bottom - top == pytest.approx(3 * line)
    dim = page.evaluate("getComputedStyle(document.querySelector('.readable-mask')).backgroundImage")
    assert dim.startswith("linear-gradient") and "var(" not in dim
    # Clicks go through to the page under the mask.
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.locator(".readable").get_attribute("data-readable-size") == "115"
    # The focused control: the band moves to it.
    page.get_by_role("button", name="Giảm cỡ chữ").focus()
    focused = page.get_by_role("button", name="Giảm cỡ chữ").bounding_box()
    top, bottom = band(mask)
    assert top <= focused["y"] and focused["y"] + focused["height"] <= bottom
    # Kept across a reload; and off again from the panel.
    page.reload()
    assert page.locator(".readable").get_attribute("data-readable-mask") == "on"
    page.mouse.move(300, 300)
    assert page.locator(".readable-mask").is_visible()
    choose(page, "Thước đọc", "Tắt")
    assert page.locator(".readable-mask").is_hidden()


def test_theme_and_display_events_are_cancelable(page: Any, demo: Any) -> None:
    page.goto(demo(SEED))
    page.evaluate(
        """() => { window.seen = [];
        document.addEventListener("readable:theme", e => { seen.push(e.detail); e.preventDefault(); });
        document.addEventListener("readable:display", e => seen.push(e.detail)); }"""
    )
    page.locator(".readable-panel > summary").click()
    radio = page.get_by_role("radio", name="Nền tối")
    radio.click()
    assert not radio.is_checked() and theme_attr(page) == "auto"  # the portal said no
    assert page.get_by_role("radio", name="Mặc định").is_checked()
    choose(page, "Giãn dòng", "Rộng")
    assert page.evaluate("seen") == [
        {"theme": "dark", "previous": "auto"},
        {"setting": "leading", "value": "relaxed", "previous": "normal"},
    ]
    assert prefs_cookie(page.context) == cookie_for(leading="relaxed")


@pytest.mark.parametrize("theme", ["auto", "contrast", "sepia"])
def test_the_closed_bar_at_375px(new_context: Any, demo_quiet: Any, demo: Any, theme: str) -> None:
    context = new_context(viewport={"width": 375, "height": 740})
    set_prefs(context, demo.url, theme=theme)
    set_prefs(context, demo_quiet.url, theme=theme)
    page = context.new_page()
    page.goto(demo_quiet(SEED))
    bar = page.locator(".readable-bar").bounding_box()
    controls = [page.get_by_role("button", name=n).bounding_box() for n in ("Giảm cỡ chữ", "Tăng cỡ chữ")]
    summary = page.locator(".readable-panel > summary").bounding_box()
    assert {round(box["y"]) for box in [*controls, summary]} == {round(controls[0]["y"])}  # one row
    assert bar["height"] <= 120
    # The title starts in the top third of the screen.
    assert page.locator(".readable-article h1").bounding_box()["y"] < 740 / 3
    # With the player: Nghe bài viết and the size buttons share the first row, the panel's button is below.
    page.goto(demo(SEED))
    play = page.get_by_role("button", name="Nghe bài viết").bounding_box()
    controls = [page.get_by_role("button", name=n).bounding_box() for n in ("Giảm cỡ chữ", "Tăng cỡ chữ")]
    summary = page.locator(".readable-panel > summary").bounding_box()
    assert {round(box["y"]) for box in [play, *controls]} == {round(play["y"])}
    assert summary["y"] >= play["y"] + play["height"]
    assert page.locator(".readable-bar").bounding_box()["height"] <= 120


#: The bar's height and its rows: its visible controls (not the panel's body, not a visually hidden one)
#: grouped into rows, a control starting a new row when its top is below the bottom of the row before.
ROWS_JS = """() => {
  const bar = document.querySelector(".readable-bar");
  const boxes = [...bar.querySelectorAll("button, summary, input, select, a, audio, .readable-time")]
    .filter(el => el.checkVisibility() && !el.closest(".readable-panel-body")
                  && getComputedStyle(el).clipPath !== "inset(50%)")
    .map(el => el.getBoundingClientRect()).sort((a, b) => a.top - b.top);
  let rows = 0, bottom = -Infinity;
  for (const box of boxes) {
    if (box.top >= bottom - 1) rows++;
    bottom = Math.max(bottom, box.bottom);
  }
  const title = document.querySelector(".readable-article h1").getBoundingClientRect().top;
  return {height: bar.getBoundingClientRect().height, rows: rows, title: title};
}"""


@pytest.mark.parametrize(("width", "height"), [(375, 740), (320, 640)])
def test_the_closed_bar_before_play_is_two_rows(
    new_context: Any, demo_audio: Any, width: int, height: int
) -> None:
    """Before the first play: Nghe bài viết, the size buttons and the panel's button, in two rows at most
    (120 px), the title in the top third at 375 px; the transport comes with the first play."""
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(demo_audio(SEED))
    play = page.get_by_role("button", name="Nghe bài viết")
    for name in ("Nghe bài viết", "Giảm cỡ chữ", "Cỡ chữ mặc định", "Tăng cỡ chữ"):
        assert page.get_by_role("button", name=name).is_visible(), name
    assert page.locator(".readable-panel > summary").is_visible()
    for name in ("Câu trước", "Câu sau", "Lùi 10 giây"):
        assert page.get_by_role("button", name=name).is_hidden(), name
    assert page.get_by_role("link", name="Tải MP3").is_hidden()
    # Primary: filled with the accent colour, and first.
    filled = play.evaluate("el => getComputedStyle(el).backgroundColor")
    accent = page.locator(".readable-bar").evaluate(
        "el => { const p = document.createElement('p'); p.style.color = 'var(--rd-accent)'; el.append(p);"
        " const c = getComputedStyle(p).color; p.remove(); return c; }"
    )
    assert filled == accent
    measured = page.evaluate(ROWS_JS)
    assert measured["rows"] <= 2 and measured["height"] <= 120, measured
    if width == 375:
        assert measured["title"] < height / 3, measured
    # The first play brings the transport into the bar.
    play.click()
    expect(page.get_by_role("button", name="Tạm dừng")).to_be_visible()
    assert page.get_by_role("button", name="Câu trước").is_visible()
    assert page.get_by_role("link", name="Tải MP3").is_hidden()  # in the closed "Tùy chọn nghe"
    listening_options(page)
    assert page.get_by_role("link", name="Tải MP3").is_visible()


@pytest.mark.parametrize("size", [150, 200])
def test_the_bar_grows_to_150_percent_and_never_overflows(new_context: Any, demo: Any, size: int) -> None:
    context = new_context(viewport={"width": 320, "height": 640})
    set_prefs(context, demo.url, size=size)
    page = context.new_page()
    page.goto(demo(SEED))
    bar = page.locator(".readable-bar")
    assert bar.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") == 24
    page.locator(".readable-panel > summary").click()
    overflow = page.evaluate(
        """() => [...document.querySelectorAll(".readable-bar, .readable-bar *")]
             .filter(el => el.checkVisibility() && getComputedStyle(el).clipPath !== "inset(50%)")
             .filter(el => { const r = el.getBoundingClientRect();
                             return r.right > 320.5 || r.left < -0.5 ||
                                    el.scrollWidth > el.clientWidth + 1; })
             .map(el => el.tagName + "." + el.className)"""
    )
    assert overflow == []
