"""A player a listener can trust, in Chromium with the offline voice: the bar docked at the bottom of the
window while the player is scrolled away (at 375 px, and at 320 px with 200 % text), never over the focus or
the sentence being read; shortcuts only inside the player, by keyboard alone; the clock, the seek slider and
its spoken value; the place kept per article and offered back; the highlight and the scrolling turned off;
the player's own status line; the listening options folded into one disclosure; the accessibility tree
of the controls; axe-core during playback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import Demo, _audio_config, _serve
from .support import SEED, listening_options, set_prefs
from .test_browser_comfort import ROWS_JS
from .test_browser_csp import CSP_PROBE
from .test_browser_keyboard import KEY_PROBE
from .test_browser_player import (
    AUDIO,
    EVENT_PROBE,
    LATER,
    press_play,
    sentences,
    state,
    wait_at,
    wait_current,
)

pytestmark = pytest.mark.browser

PLAYER = "[data-readable-player]"
DOCKED = f"document.querySelector('{PLAYER}').hasAttribute('data-readable-docked')"
#: The docked bar's box, the room the page keeps below, and how far the page scrolls sideways.
BAR = """() => {
  const r = document.querySelector(".readable-transport").getBoundingClientRect();
  const s = getComputedStyle(document.documentElement);
  return { top: r.top, bottom: r.bottom, left: r.left, width: r.width, height: r.height,
           position: getComputedStyle(document.querySelector(".readable-transport")).position,
           padding: parseFloat(s.paddingBottom), scrollPadding: parseFloat(s.scrollPaddingBottom) || 0,
           inner: innerHeight, viewport: document.documentElement.clientWidth,
           sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth };
}"""
#: The box of the sentence being read (the Highlight API's range), and of the focused element.
SENTENCE_BOX = "() => [...CSS.highlights.get('readable-sentence')][0].getBoundingClientRect().toJSON()"
FOCUS_BOX = "() => document.activeElement.getBoundingClientRect().toJSON()"


@pytest.fixture
def listen(new_context: Any) -> Any:
    def open_page(url: str, size: int | None = None, **kwargs: Any) -> Any:
        kwargs.setdefault("reduced_motion", "reduce")
        context = new_context(**kwargs)
        if size:
            set_prefs(context, url, size=size)
        for probe in (EVENT_PROBE, CSP_PROBE, KEY_PROBE):
            context.add_init_script(probe)
        page = context.new_page()
        page.goto(url)
        return page

    return open_page


@pytest.fixture(scope="module")
def demo_audio_en(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    config = {**_audio_config(tmp_path_factory.mktemp("audio-en")), "READABLE_LANGUAGE": "en"}
    yield from _serve(config)


def live(page: Any) -> Any:
    return page.locator(PLAYER).get_by_role("status")


def time_now(page: Any) -> float:
    return float(page.evaluate(f"{AUDIO}.currentTime"))


def clean(page: Any) -> None:
    """No CSP violation, no style attribute, and no key cancelled but the player's shortcuts."""
    assert page.evaluate("readableViolations") == []
    assert page.locator("[style]").count() == 0
    taken = {k[1] for k in page.evaluate("readableKeys") if k[2]}
    assert taken <= {"k", "K", "j", "l", ",", ".", " "}, taken


@pytest.mark.parametrize(
    ("viewport", "size"), [({"width": 375, "height": 700}, None), ({"width": 320, "height": 640}, 200)]
)
def test_the_bar_docks_while_the_player_is_away(
    listen: Any, demo_audio: Any, viewport: Any, size: Any
) -> None:
    page = listen(demo_audio(SEED), size=size, viewport=viewport)
    assert not page.evaluate(DOCKED) and page.evaluate(BAR)["padding"] == 0
    press_play(page)
    page.mouse.move(viewport["width"] / 2, 300)
    page.mouse.wheel(0, 1500)  # the reader scrolls on by themself: the player leaves the window
    page.wait_for_function(f"() => {DOCKED}")
    bar = page.evaluate(BAR)
    # Fixed at the bottom, the window's width, no sideways scrolling; the page keeps as much room below, and
    # scrolling (focus, scrollIntoView) keeps clear of it.
    assert bar["position"] == "fixed"
    assert abs(bar["bottom"] - bar["inner"]) <= 1, bar
    assert bar["left"] == 0 and bar["width"] == bar["viewport"], bar
    assert bar["padding"] == pytest.approx(bar["height"], abs=1), bar
    assert bar["scrollPadding"] == bar["padding"], bar
    assert bar["sideways"] <= 0 and bar["height"] < bar["inner"] / 4, bar
    # The docked bar holds the same controls: play/pause, sentence steps, 10 s back and on, the clock.
    group = page.get_by_role("group", name="Điều khiển phát")
    for name in ("Tạm dừng", "Câu trước", "Lùi 10 giây", "Tiến 10 giây", "Câu sau"):
        expect(group.get_by_role("button", name=name)).to_be_visible()
    expect(group.get_by_role("slider", name="Vị trí trong bài")).to_be_visible()
    assert re.fullmatch(r"\d+:\d\d / \d+:\d\d", group.locator(".readable-time").inner_text())
    # Stepping from the docked bar follows the voice: the sentence read is above the bar.
    cues = sentences(page)
    target = next(c for c in cues if c["block_id"] == LATER)
    for _ in range(target["index"] - state_index(page)):
        group.get_by_role("button", name="Câu sau").click()
    wait_current(page, LATER)
    bar_top = "document.querySelector('.readable-transport').getBoundingClientRect().top"
    # (all of it when it fits above the bar; a sentence taller than that from its start)
    page.wait_for_function(
        f"() => {{ const b = ({SENTENCE_BOX})();"
        f" return b.top >= 0 && (b.bottom <= {bar_top} || b.top < 99); }}"
    )
    assert page.evaluate(DOCKED)
    # Keyboard focus never hides under it: Tab on through the article's "Nghe từ đây" buttons.
    page.locator(f".readable-here[value={LATER}]").focus()
    tabbed = 0
    while page.evaluate("!!document.activeElement.closest('.readable-article')"):
        box = page.evaluate(FOCUS_BOX)
        assert 0 <= box["top"] and box["bottom"] <= page.evaluate(BAR)["top"] + 0.5, box
        assert page.evaluate(DOCKED)
        page.keyboard.press("Tab")
        tabbed += 1
    assert tabbed >= 3
    # Paused from the bar, it stays at hand; back at the player it leaves, and the page's room with it.
    group.get_by_role("button", name="Tạm dừng").click()
    expect(group.get_by_role("button", name="Nghe bài viết")).to_be_visible()
    assert page.evaluate(DOCKED)
    page.evaluate("scrollTo(0, 0)")
    page.wait_for_function(f"() => !{DOCKED}")
    assert page.evaluate(BAR)["padding"] == 0 and page.evaluate(BAR)["position"] != "fixed"
    clean(page)


def state_index(page: Any) -> int:
    events = [e for e in page.evaluate("readableLog.events") if e[0] == "sentence"]
    return int(events[-1][1]["index"]) if events else 0


def test_keyboard_only_with_shortcuts_inside_the_player(listen: Any, demo_audio: Any) -> None:
    page = listen(demo_audio(SEED), size=200)
    cues = sentences(page)
    # Tab to the play button, Enter: it plays.
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.readableAction") == "play":
            break
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.3")
    page.wait_for_selector(".readable-listen")
    play = page.locator("[data-readable-action=play]")
    # K pauses and plays again, wherever focus is in the player.
    page.keyboard.press("k")
    expect(play).to_have_accessible_name("Nghe bài viết")
    assert state(page)["paused"]
    page.keyboard.press("Shift+K")
    expect(play).to_have_accessible_name("Tạm dừng")
    page.keyboard.press("k")
    expect(play).to_have_accessible_name("Nghe bài viết")
    # L and J: 10 s on and back; period and comma: the next and the previous sentence.
    before = time_now(page)
    page.keyboard.press("l")
    wait_at(page, before + 10)
    page.keyboard.press("j")
    wait_at(page, before)
    page.keyboard.press("j")
    wait_at(page, 0)
    page.keyboard.press(".")
    page.keyboard.press(".")
    wait_at(page, cues[2]["start"])
    page.keyboard.press(",")
    wait_at(page, cues[1]["start"])
    # Space on the slider plays and pauses; on a button it is the button's own key.
    page.locator(".readable-seek").focus()
    page.keyboard.press("Space")
    expect(play).to_have_accessible_name("Tạm dừng")
    page.keyboard.press("Space")
    expect(play).to_have_accessible_name("Nghe bài viết")
    page.get_by_role("button", name="Câu sau").focus()
    page.keyboard.press("Space")  # the button's click: the next sentence, not play
    wait_at(page, cues[2]["start"])
    assert state(page)["paused"]
    # Outside the player the keys are the page's: nothing happens to the audio.
    page.locator(".readable-here").first.focus()
    for key in ("k", "l", "j", ".", ","):
        page.keyboard.press(key)
    wait_at(page, cues[2]["start"])
    assert state(page)["paused"]
    # The shortcuts are written down in the player.
    listening_options(page)
    shortcuts = page.locator(".readable-keys")
    shortcuts.locator("summary").click()
    expect(shortcuts).to_contain_text("K để phát hoặc tạm dừng")
    clean(page)


def test_clock_slider_and_the_place_kept(listen: Any, demo_audio: Any) -> None:
    page = listen(demo_audio(SEED))
    meta = page.locator(PLAYER).get_attribute("data-readable-meta")
    key = f"readable-at {meta}"
    duration = sentences(page)[-1]["end"]
    total = f"{int(duration // 60)}:{int(duration % 60):02d}"
    slider = page.get_by_role("slider", name="Vị trí trong bài", include_hidden=True)
    expect(slider).to_be_disabled()  # nothing to seek before the first play
    press_play(page)
    expect(page.locator("[data-readable-total]")).to_have_text(total)
    page.get_by_role("button", name="Tạm dừng").click()
    page.get_by_role("button", name="Tiến 10 giây").click()
    page.get_by_role("button", name="Tiến 10 giây").click()
    start = time_now(page)
    assert start > 20
    expect(page.locator("[data-readable-elapsed]")).to_have_text(f"0:{int(start):02d}")
    spoken = slider.get_attribute("aria-valuetext")
    assert spoken == f"{int(start)} giây trên {int(duration // 60)} phút {int(duration % 60)} giây", spoken
    page.get_by_role("button", name="Lùi 10 giây").click()
    wait_at(page, start - 10)
    # The native slider seeks; its value is spoken in words.
    slider.fill("83")
    wait_at(page, 83)
    expect(slider).to_have_attribute("aria-valuetext", re.compile(r"^1 phút 23 giây trên \d phút \d+ giây$"))
    expect(page.locator("[data-readable-elapsed]")).to_have_text("1:23")
    page.get_by_role("button", name="Nghe bài viết").click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 83.3")
    page.get_by_role("button", name="Tạm dừng").click()
    kept = int(page.evaluate("key => localStorage.getItem(key)", key))
    assert 83 <= kept <= time_now(page)

    # A returning reader is offered to go on, or to start again: two real buttons.
    page.reload()
    resume = page.get_by_role("button", name=f"Nghe tiếp từ 1:{kept - 60:02d}")
    again = page.get_by_role("button", name="Nghe từ đầu")
    expect(resume).to_be_visible()
    expect(again).to_be_visible()
    resume.click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > {kept}")
    expect(resume).to_be_hidden()
    expect(page.get_by_role("button", name="Tạm dừng")).to_be_focused()
    page.get_by_role("button", name="Tạm dừng").click()
    page.reload()
    page.get_by_role("button", name="Nghe từ đầu").click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    assert time_now(page) < 20
    # At the end the place is forgotten, and the end is announced.
    page.evaluate(f"{AUDIO}.currentTime = {AUDIO}.duration - 0.5")
    expect(live(page)).to_have_text(re.compile(r"^Đã nghe hết bài viết\. Nghe tiếp: "))  # and what comes next
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    page.reload()
    expect(page.get_by_role("button", name="Nghe từ đầu")).to_be_hidden()
    clean(page)


def test_english_clock_and_offer(listen: Any, demo_audio_en: Demo) -> None:
    page = listen(demo_audio_en(SEED))
    page.get_by_role("button", name="Listen to the article").click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2", timeout=30_000)
    page.wait_for_selector(".readable-listen", timeout=30_000)
    page.get_by_role("button", name="Pause").click()
    page.locator(".readable-seek").fill("61")
    expect(page.get_by_role("slider", name="Position in the article")).to_have_attribute(
        "aria-valuetext", re.compile(r"^1 minute 1 second of \d minutes \d+ seconds$")
    )
    page.reload()
    expect(page.get_by_role("button", name="Resume from 1:01")).to_be_visible()
    expect(page.get_by_role("button", name="Listen from the start")).to_be_visible()
    highlight = page.get_by_role("checkbox", name="Highlight the sentence being read", include_hidden=True)
    expect(highlight).to_be_checked()


def test_highlight_and_scrolling_can_be_turned_off(listen: Any, demo_audio: Any) -> None:
    page = listen(demo_audio(SEED), viewport={"width": 800, "height": 500})
    press_play(page)
    listening_options(page)
    highlight = page.get_by_role("checkbox", name="Tô sáng câu đang đọc")
    scrolling = page.get_by_role("checkbox", name="Tự cuộn theo giọng đọc")
    expect(highlight).to_be_checked()
    page.wait_for_selector(".readable-current")
    highlight.uncheck()
    assert state(page)["text"] is None and state(page)["block"] is None
    page.get_by_role("button", name="Câu sau").click()
    page.wait_for_timeout(300)
    assert state(page)["text"] is None and state(page)["block"] is None
    assert any(e[0] == "sentence" for e in page.evaluate("readableLog.events"))  # portals still hear of it
    highlight.check()
    page.wait_for_selector(".readable-current")
    # Without scrolling along, the page stays where the reader left it.
    scrolling.uncheck()
    page.evaluate("scrollTo(0, 0)")
    cue = next(c for c in sentences(page) if c["block_id"] == LATER)
    page.evaluate(f"{AUDIO}.currentTime = {cue['start'] + 0.1}")
    wait_current(page, LATER)
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == 0 and not state(page)["visible"]
    # Kept for the next article (localStorage): both stay as the reader left them.
    highlight.uncheck()
    page.reload()
    for name in ("Tô sáng câu đang đọc", "Tự cuộn theo giọng đọc"):
        expect(page.get_by_role("checkbox", name=name, include_hidden=True)).not_to_be_checked()
    clean(page)


def test_the_players_own_status_line(listen: Any, demo_audio: Any) -> None:
    page = listen(demo_audio(SEED))
    toolbar_status = page.locator(".readable-toolbar").get_by_role("status").inner_text()
    press_play(page)
    expect(live(page)).to_have_text("Đang phát")
    expect(live(page)).to_have_text("", timeout=10_000)  # a momentary message clears itself
    listening_options(page)
    page.get_by_role("combobox", name="Tốc độ đọc").select_option("1.5")
    expect(live(page)).to_have_text("Tốc độ đọc 1,5×")
    page.get_by_role("button", name="Tạm dừng").click()
    expect(live(page)).to_have_text("Đã tạm dừng")
    # Size and contrast stay the toolbar's; the player's messages stay out of it.
    assert page.locator(".readable-toolbar").get_by_role("status").inner_text() == toolbar_status
    clean(page)


def test_accessibility_tree_and_axe_during_playback(listen: Any, demo_audio: Any) -> None:
    page = listen(demo_audio(SEED))
    press_play(page)
    summary = page.locator(".readable-more > summary")
    assert '- combobox "Tốc độ đọc"' not in page.locator(PLAYER).aria_snapshot()  # closed: options hidden
    listening_options(page)
    page.get_by_role("checkbox", name="Tự cuộn theo giọng đọc").uncheck()
    assert summary.evaluate("el => el.parentElement.open") and summary.is_visible()
    tree = page.locator(PLAYER).aria_snapshot()
    for line in (
        '- group "Điều khiển phát":',
        '- button "Tạm dừng"',
        '- button "Câu trước"',
        '- button "Lùi 10 giây"',
        '- button "Tiến 10 giây"',
        '- button "Câu sau"',
        '- slider "Vị trí trong bài"',
        '- combobox "Tốc độ đọc"',
        '- checkbox "Tô sáng câu đang đọc" [checked]',
        '- checkbox "Tự cuộn theo giọng đọc"',
        "- status",
        '- link "Tải MP3"',
    ):
        assert line in tree, (line, tree)
    assert '- checkbox "Tự cuộn theo giọng đọc" [checked]' not in tree
    assert "Thử lại" not in tree  # hidden until an error
    # The article's blocks stay text: headings and figures keep their names; each block has its button.
    article = page.locator(".readable-article").aria_snapshot()
    assert '- heading "Tổng kết công tác tổ chức Đại hội' in article and "Nghe từ đây Tổng kết" not in article
    assert article.count('- button "Nghe từ đây"') == len({s["block_id"] for s in sentences(page)})
    page.locator(f"#{LATER}").hover()
    results = Axe().run(page, options={"rules": {"focus-order-semantics": {"enabled": True}}})
    assert results.violations_count == 0, results.generate_report()
    clean(page)


@pytest.mark.parametrize(("width", "height"), [(375, 740), (320, 640)])
def test_the_listening_options_fold_into_one_disclosure(
    listen: Any, demo_audio: Any, width: int, height: int
) -> None:
    """Once playing, the bar stays within 4 rows and 220 px: speed, the follow boxes, the shortcuts, the
    download link wait in the closed "Tùy chọn nghe", which opens by keyboard; the status line stays out."""
    page = listen(demo_audio(SEED), viewport={"width": width, "height": height})
    press_play(page)
    page.get_by_role("button", name="Tạm dừng").click()  # the widest label, and a status message
    expect(live(page)).to_have_text("Đã tạm dừng")
    page.evaluate("scrollTo(0, 0)")
    measured = page.evaluate(ROWS_JS)
    assert measured["rows"] <= 4 and measured["height"] <= 220, measured
    assert live(page).evaluate("el => el.checkVisibility() && !el.closest('details')")
    more = page.locator(".readable-more")
    summary = more.locator("> summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_text("Tùy chọn nghe")
    assert more.get_attribute("open") is None
    speed = page.get_by_role("combobox", name="Tốc độ đọc", include_hidden=True)
    follow = page.get_by_role("checkbox", name="Tự cuộn theo giọng đọc", include_hidden=True)
    for hidden in (speed, follow, page.locator(".readable-keys"), more.locator("a[download]")):
        expect(hidden).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    expect(speed).to_be_visible()
    page.keyboard.press("Space")
    expect(speed).to_be_hidden()
    page.keyboard.press("Space")
    for shown in (speed, follow, page.locator(".readable-keys > summary"), more.locator("a[download]")):
        expect(shown).to_be_visible()
    assert page.get_by_role("link", name="Tải MP3").count() == 1  # the one in the options
    speed.select_option("1.5")
    assert state(page)["rate"] == 1.5
    expect(live(page)).to_have_text("Tốc độ đọc 1,5×")
    clean(page)
