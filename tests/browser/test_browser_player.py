"""The player in Chromium, with the offline voice: play and pause, the sentence highlight and the page
following it, playing from a paragraph (its "Nghe từ đây" button), sentence steps, speed kept in the cookie,
the error state and retry, contrast and axe-core while playing, the page without JavaScript, no CSP
violation, no key taken outside the player."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from .support import (
    ARTICLES,
    SEED,
    colors,
    contrast_ratio,
    cookie_for,
    focus_ring,
    listening_options,
    prefs_cookie,
    set_prefs,
    tab_to,
)
from .test_browser_contrast import axe_violations
from .test_browser_csp import CSP_PROBE
from .test_browser_keyboard import KEY_PROBE

pytestmark = pytest.mark.browser

PLAY, PAUSE, LOADING = "Nghe bài viết", "Tạm dừng", "Đang tải…"
GENERATING = "Đang tạo âm thanh…"
ERROR = "Không phát được âm thanh. Hãy thử lại, hoặc tải tệp MP3 để nghe."
#: A later paragraph of the seed article, and another one reached with Tab.
LATER, LATER_TEXT = "rd-1680f1fd", "Theo báo cáo đánh giá cũng như"
TABBED, TABBED_TEXT = "rd-d14b25da", "Theo báo cáo đánh giá tại Hội nghị"
#: Records, from the first parsed byte, the player's events and every text the status line shows.
EVENT_PROBE = """
window.readableLog = { events: [], status: [] };
for (const name of ["play", "pause", "sentence", "speed"]) {
  document.addEventListener("readable:" + name, e => readableLog.events.push([name, e.detail]));
}
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".readable-live");
  new MutationObserver(() => readableLog.status.push(status.textContent))
    .observe(status, { childList: true, characterData: true, subtree: true });
});
"""
#: What the player shows: the audio's clock, the highlighted text and the block marked as current.
STATE = """() => {
  const audio = document.querySelector(".readable-audio");
  const marks = CSS.highlights.get("readable-sentence");
  const range = marks ? [...marks][0] : null;
  const block = document.querySelector(".readable-current");
  const box = block ? block.getBoundingClientRect() : null;
  return {
    time: audio.currentTime, paused: audio.paused, rate: audio.playbackRate,
    text: range ? range.toString() : null, block: block ? block.id : null,
    inside: !!(range && block && block.contains(range.startContainer) && block.contains(range.endContainer)),
    visible: !!box && box.bottom > 0 && box.top < innerHeight,
  };
}"""
AUDIO = "document.querySelector('.readable-audio')"
#: Timeout (ms) for waits on the server making audio.
SLOW = 30_000
ON_SCREEN = (
    "(id => { const b = document.getElementById(id).getBoundingClientRect();"
    " return b.top >= 0 && b.top < innerHeight; })"
)


@pytest.fixture
def player(new_context: Any) -> Any:
    """A fresh page factory with the event, CSP and key probes installed."""

    def open_page(url: str, **kwargs: Any) -> Any:
        context = new_context(**kwargs)
        for probe in (EVENT_PROBE, CSP_PROBE, KEY_PROBE):
            context.add_init_script(probe)
        page = context.new_page()
        page.goto(url)
        return page

    return open_page


def state(page: Any) -> dict[str, Any]:
    return page.evaluate(STATE)


def sentences(page: Any) -> list[dict[str, Any]]:
    url = page.locator("[data-readable-player]").get_attribute("data-readable-meta")
    meta = page.request.get(urljoin(page.url, url)).json()
    assert meta["state"] == "ready", meta
    return list(meta["sentences"])


def first_cue(page: Any, block_id: str) -> dict[str, Any]:
    return next(s for s in sentences(page) if s["block_id"] == block_id)


def press_play(page: Any) -> None:
    """Press play and wait until the audio sounds and the article's blocks are listenable."""
    page.get_by_role("button", name=PLAY).click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    page.wait_for_selector(".readable-listen")


def play_here(page: Any, block_id: str) -> None:
    """Point at a block and press its "Nghe từ đây" button (shown on hover)."""
    page.locator(f"#{block_id}").hover(position={"x": 40, "y": 10})
    here = page.locator(f".readable-here[value={block_id}]")
    expect(here).to_be_visible()
    here.click()


def wait_current(page: Any, block_id: str) -> None:
    """Wait until the block marked as being read is ``block_id``."""
    page.wait_for_function("id => document.querySelector('.readable-current')?.id === id", arg=block_id)


def playing_later_in(new_context: Any, demo_audio: Any, theme: str) -> Any:
    """A page of the seed article in ``theme``, playing from the block ``LATER``, that block being read."""
    context = new_context()
    set_prefs(context, demo_audio.url, theme=theme)
    page = context.new_page()
    page.goto(demo_audio(SEED))
    press_play(page)
    play_here(page, LATER)
    wait_current(page, LATER)
    return page


def wait_at(page: Any, seconds: float) -> None:
    """Wait until the audio is at ``seconds`` (a seek asked for during another starts once that one ends)."""
    page.wait_for_function(f"() => Math.abs({AUDIO}.currentTime - {seconds}) < 0.01 && !{AUDIO}.seeking")


def wait_time(page: Any, low: float, high: float) -> float:
    page.wait_for_function(f"() => {AUDIO}.currentTime >= {low} && {AUDIO}.currentTime < {high}")
    return float(page.evaluate(f"{AUDIO}.currentTime"))


def no_violation_and_no_key_taken(page: Any) -> None:
    assert page.evaluate("readableViolations") == []
    assert [k for k in page.evaluate("readableKeys") if k[2]] == []
    assert page.locator("[style]").count() == 0


def test_play_highlight_follows_and_pause(player: Any, fresh_demo: Any) -> None:
    """From an empty audio folder: nothing is fetched before play; then "Đang tạo âm thanh…", sound, the
    highlight moving from sentence to sentence (and block to block), and pause stopping the clock."""
    page = player(fresh_demo(SEED))
    audio_requests: list[str] = []
    page.on("request", lambda r: audio_requests.append(r.url) if "/readable/audio/" in r.url else None)
    # The first audio bytes are held back a little, so the wait is seen whatever the machine's speed.
    page.route("**/readable/audio/*.mp3", lambda route: (time.sleep(0.4), route.continue_()), times=1)
    expect(page.locator(".readable-audio")).to_be_hidden()
    assert page.evaluate(f"{AUDIO}.controls") is False
    # Until the first play the bar has the play button only; the download link comes with it.
    downloads = page.get_by_role("link", name="Tải MP3", include_hidden=True)
    expect(downloads).to_have_count(2)  # the no-script one, and the one in "Tùy chọn nghe"
    for link in downloads.all():
        expect(link).to_be_hidden()
    page.wait_for_timeout(200)
    assert audio_requests == []  # no preload, no JSON, no autoplay

    page.get_by_role("button", name=PLAY).click()
    # While it waits for sound the button says so (not "Tạm dừng"), and is busy.
    expect(page.get_by_role("button", name=LOADING)).to_have_attribute("aria-busy", "true")
    page.wait_for_function("() => readableLog.status.includes('Đang tạo âm thanh…')")
    # Making the audio is the server's work: give it time on a busy machine.
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.3", timeout=SLOW)
    assert page.locator("[data-readable-player]").get_attribute("data-readable-state") == "playing"
    assert any(url.endswith(".json") for url in audio_requests)

    # The highlight: the title first, then, once the JSON is ready, each sentence as it is read.
    page.wait_for_function("() => readableLog.events.some(e => e[0] === 'sentence')", timeout=SLOW)
    now = state(page)
    assert now["block"] == "rd-b6e9b882" and now["inside"], now
    assert now["text"].startswith("Tổng kết công tác tổ chức Đại hội")
    cues = sentences(page)
    polls = sum(url.endswith(".json") for url in audio_requests)
    # Close to the end of the sapo's first sentence: the voice goes on into the second one by itself.
    page.evaluate(f"{AUDIO}.currentTime = {cues[1]['end'] - 0.4}")
    page.wait_for_function("() => readableLog.events.some(e => e[0] === 'sentence' && e[1].index === 2)")
    now = state(page)
    assert now["block"] == "rd-4461c6ff" and now["inside"], now
    assert now["text"].startswith("Đồng chí Phương Thị Thanh") and now["text"].endswith("Hội nghị."), now
    assert now["time"] > cues[2]["start"]
    # The second sentence ends with the sapo; the third is the caption under the photo.
    page.evaluate(f"{AUDIO}.currentTime = {cues[2]['end'] - 0.3}")
    wait_current(page, "rd-511beba8")
    assert state(page)["text"] == "Phó Bí thư Thường trực Tỉnh ủy Phương Thị Thanh phát biểu tại Hội nghị"
    page.wait_for_function(f"() => {ON_SCREEN}('rd-511beba8')")  # the page followed it
    # The JSON said "ready": polling stopped.
    page.wait_for_timeout(1200)
    assert sum(url.endswith(".json") for url in audio_requests) == polls

    page.get_by_role("button", name=PAUSE).click()
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    stopped = state(page)
    assert stopped["paused"]
    page.wait_for_timeout(400)
    assert state(page)["time"] == stopped["time"]
    names = [e[0] for e in page.evaluate("readableLog.events")]
    assert names[0] == "play" and names[-1] == "pause" and names.count("sentence") >= 3
    no_violation_and_no_key_taken(page)


def test_play_from_a_later_paragraph(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    press_play(page)
    cue = first_cue(page, LATER)
    # Clicking the text itself (to select it, or by chance) never moves the voice.
    before = page.evaluate(f"{AUDIO}.currentTime")
    page.locator(f"#{LATER}").click(position={"x": 40, "y": 30})
    page.wait_for_timeout(300)
    assert before <= page.evaluate(f"{AUDIO}.currentTime") < cue["start"] - 1
    play_here(page, LATER)
    wait_time(page, cue["start"] - 0.01, cue["start"] + 1.5)
    wait_current(page, LATER)
    now = state(page)
    assert now["inside"] and now["text"].startswith(LATER_TEXT) and not now["paused"], now
    # The page followed: the paragraph is on screen.
    page.wait_for_function(f"() => {ON_SCREEN}('{LATER}')")
    sentence = [e for e in page.evaluate("readableLog.events") if e[0] == "sentence"][-1]
    assert sentence[1] == {"index": cue["index"], "block_id": LATER}
    no_violation_and_no_key_taken(page)


def test_a_table_cell_is_highlighted_while_it_is_read(player: Any, demo_audio: Any) -> None:
    """A table is read cell by cell with its column header spoken first: the cue, and so the highlight, is
    the cell's own text."""
    page = player(demo_audio(ARTICLES[1]))
    page.get_by_role("button", name=PLAY).click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2", timeout=SLOW)
    page.wait_for_selector(".readable-listen", timeout=SLOW)
    page.wait_for_function("() => readableLog.events.some(e => e[0] === 'sentence')", timeout=SLOW)
    cell = page.locator("td", has_text="Nhà văn hóa xã Hòa Bình")
    cell_id = cell.get_attribute("id")
    cue = first_cue(page, cell_id)
    # Played from the cell before it, the voice goes on into this one by itself.
    page.evaluate(f"{AUDIO}.currentTime = {cue['start'] + 0.1}")
    wait_current(page, cell_id)
    now = state(page)
    assert now["inside"] and now["text"] == "Nhà văn hóa xã Hòa Bình", now
    # The header cells over the columns are not read on their own: no cue points at them.
    headers = page.locator("th").evaluate_all("cells => cells.map(c => c.id)")
    assert headers and not any(s["block_id"] in headers for s in sentences(page))
    no_violation_and_no_key_taken(page)


def test_play_from_here_reached_with_tab(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    press_play(page)
    page.get_by_role("button", name=PAUSE).click()
    cue = first_cue(page, TABBED)
    # Listen mode: each block with sentences holds a real button, in the tab order, shown once focused; the
    # paragraphs themselves are not focusable.
    tab_to(page, "Nghe từ đây")
    here = page.locator(f".readable-here[value={TABBED}]")
    while not here.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    expect(here).to_be_visible()
    expect(here).to_have_accessible_name("Nghe từ đây")
    ring = focus_ring(page)
    assert ring["visible"] and ring["width"] >= 2
    assert contrast_ratio(ring["colour"], ring["around"]) >= 3, ring
    page.keyboard.press("Enter")
    wait_time(page, cue["start"] - 0.01, cue["start"] + 1.5)
    wait_current(page, TABBED)
    assert not state(page)["paused"]
    expect(page.get_by_role("button", name=PAUSE)).to_be_visible()
    assert page.locator(".readable-article [tabindex]").count() == 0
    blocks = {s["block_id"] for s in sentences(page)}
    assert page.locator(".readable-listen").count() == len(blocks)
    assert page.locator(".readable-here").count() == len(blocks)
    # The button is not part of the text read: the highlight is still the sentence's own text.
    assert state(page)["text"].startswith(TABBED_TEXT)
    no_violation_and_no_key_taken(page)


def test_previous_and_next_sentence(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    cues = sentences(page)
    previous = page.get_by_role("button", name="Câu trước", include_hidden=True)
    following = page.get_by_role("button", name="Câu sau", include_hidden=True)
    assert previous.get_attribute("aria-disabled") == "true"  # nothing to step through before play
    press_play(page)
    page.get_by_role("button", name=PAUSE).click()
    assert previous.get_attribute("aria-disabled") == "true"  # on the first sentence
    for expected in (1, 2, 3):
        following.click()
        wait_at(page, cues[expected]["start"])
    previous.click()
    wait_at(page, cues[2]["start"])
    assert state(page)["block"] == cues[2]["block_id"] and state(page)["paused"]
    # While playing too; the highlight moves with each step.
    page.get_by_role("button", name=PLAY).click()
    following.click()
    assert cues[3]["start"] <= page.evaluate(f"{AUDIO}.currentTime") < cues[3]["start"] + 0.5
    wait_current(page, cues[3]["block_id"])
    expect(page.get_by_role("button", name=PAUSE)).to_be_visible()
    no_violation_and_no_key_taken(page)


def test_speed_applies_and_survives_a_reload(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    speed = page.get_by_role("combobox", name="Tốc độ đọc", include_hidden=True)
    assert speed.input_value() == "1"
    assert [o.strip() for o in speed.locator("option").all_inner_texts()] == [
        "0,75×", "1×", "1,25×", "1,5×", "1,75×", "2×",
    ]  # fmt: skip
    press_play(page)
    listening_options(page)
    speed.select_option("1.5")
    assert state(page)["rate"] == 1.5
    assert prefs_cookie(page.context) == cookie_for(100, speed="1.5")
    # The toolbar keeps the speed when it writes the cookie, and the speed keeps the text size.
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert prefs_cookie(page.context) == cookie_for(115, speed="1.5")
    assert ["speed", {"speed": 1.5, "previous": 1}] in page.evaluate("readableLog.events")

    page.reload()
    # The server read the cookie the script wrote, and so does the script.
    assert page.locator("[data-readable-player]").get_attribute("data-readable-speed") == "1.5"
    assert speed.input_value() == "1.5"
    assert state(page)["rate"] == 1.5
    press_play(page)
    assert state(page)["rate"] == 1.5
    t0 = state(page)["time"]
    page.wait_for_timeout(600)
    assert state(page)["time"] - t0 > 0.7  # faster than real time
    listening_options(page)  # closed again on the new page
    speed.select_option("0.75")
    assert state(page)["rate"] == 0.75
    assert prefs_cookie(page.context) == cookie_for(115, speed="0.75")
    no_violation_and_no_key_taken(page)


def test_the_reader_scrolls_away_and_comes_back(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED), viewport={"width": 800, "height": 500}, reduced_motion="reduce")
    press_play(page)
    later = first_cue(page, LATER)
    page.mouse.move(400, 300)
    page.mouse.wheel(0, 600)  # the reader scrolls on by themself
    page.wait_for_function("() => scrollY > 0")
    page.wait_for_timeout(100)
    away = page.evaluate("scrollY")
    page.evaluate(f"{AUDIO}.currentTime = {later['start']}")
    wait_current(page, LATER)
    page.wait_for_timeout(300)
    assert page.evaluate("scrollY") == away  # not dragged along
    assert not state(page)["visible"]
    page.get_by_role("button", name="Câu sau").click()  # stepping follows again
    page.wait_for_function(f"() => {ON_SCREEN}('{LATER}')")
    no_violation_and_no_key_taken(page)


def test_keys_on_the_page_do_not_control_playback(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    press_play(page)
    play_here(page, LATER)
    wait_current(page, LATER)
    page.evaluate("document.activeElement.blur()")
    keys = ("Space", "ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "k", "j", "m", "PageDown", "Home")
    for key in keys:
        page.keyboard.press(key)
        assert not state(page)["paused"], key
    no_violation_and_no_key_taken(page)


def test_error_then_retry(player: Any, demo_audio: Any, watch: Any) -> None:
    page = player(demo_audio(SEED))
    page.route("**/readable/audio/*.mp3", lambda route: route.abort(), times=1)
    page.get_by_role("button", name=PLAY).click()
    retry = page.get_by_role("button", name="Thử lại")
    expect(retry).to_be_visible()
    live = page.locator("[data-readable-player]").get_by_role("status")
    expect(live).to_have_text(ERROR)
    # The way out stays at hand: the download link, visible next to the message (not only in the options).
    expect(page.get_by_role("link", name="Tải MP3")).to_be_visible()
    assert page.locator(".readable-more").get_attribute("open") is None
    assert page.locator("[data-readable-player]").get_attribute("data-readable-state") == "error"
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    retry.click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2")
    expect(retry).to_be_hidden()
    expect(page.get_by_role("button", name=PAUSE)).to_be_focused()
    expect(live).to_have_text("Đang phát")
    no_violation_and_no_key_taken(page)
    # The aborted request is logged by Chromium; it is the one expected error.
    assert watch.errors == ["Failed to load resource: net::ERR_FAILED"]
    watch.errors.clear()


@pytest.mark.parametrize("theme", ["default", "contrast", "dark", "sepia"])
def test_contrast_and_axe_while_playing(new_context: Any, demo_audio: Any, theme: str) -> None:
    page = playing_later_in(new_context, demo_audio, theme)
    assert axe_violations(page, enhanced=theme != "default") == ""

    # The ::highlight colours are not in getComputedStyle: one rule (but for forced colours) draws it, with
    # the theme's --rd-hlfg on --rd-hl, read on the highlighted block.
    rules = page.evaluate(
        """() => [...document.styleSheets].flatMap(s => [...s.cssRules])
             .flatMap(r => !(r instanceof CSSMediaRule) ? [r] :
                           r.conditionText.includes("forced") ? [] : [...r.cssRules])
             .filter(r => (r.selectorText || "").includes("::highlight(readable-sentence)"))
             .map(r => [r.style.color, r.style.backgroundColor, r.style.textDecorationLine])"""
    )
    assert rules == [["var(--rd-hlfg)", "var(--rd-hl)", "underline"]], rules
    hex_pair = page.locator(f"#{LATER}").evaluate(
        "el => ['--rd-hlfg', '--rd-hl'].map(p => getComputedStyle(el).getPropertyValue(p).trim())"
    )
    pair = [[int(h.lstrip("#").ljust(6, h[-1])[i : i + 2], 16) for i in (0, 2, 4)] for h in hex_pair]
    page_bg = colors(page, ".readable-article")["bg"]
    # The text keeps 7:1 on the highlight, and the highlight stands out from the page by 3:1 (a pale
    # yellow on white was 1.15:1: invisible to a low-vision reader), with a non-colour cue as well.
    assert contrast_ratio(*pair) >= 7, pair
    assert contrast_ratio(pair[1], page_bg) >= 3, (pair, page_bg)
    assert rules[0][2] == "underline", rules
    # The fallback without the Highlight API, a class on the block: measured.
    page.evaluate(f"document.getElementById('{LATER}').classList.add('readable-reading')")
    fallback = colors(page, f"#{LATER}")
    assert contrast_ratio(fallback["fg"], fallback["bg"]) >= 7, fallback
    assert contrast_ratio(fallback["bg"], page_bg) >= 3, (fallback, page_bg)
    # The current block's mark (a bar at its side) stands out from the page: 3:1 for a non-text mark.
    bar = page.evaluate(
        f"getComputedStyle(document.getElementById('{LATER}')).boxShadow.match(/rgb\\([^)]+\\)/)[0]"
    )
    behind = colors(page, ".readable-article")["bg"]
    assert contrast_ratio([int(v) for v in bar.strip("rgb()").split(",")], behind) >= 3, bar


def test_forced_colors_use_system_colours(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED), forced_colors="active")
    press_play(page)
    page.wait_for_selector(".readable-current")
    outline = page.evaluate("getComputedStyle(document.querySelector('.readable-current')).outlineStyle")
    assert outline == "dashed"
    assert page.get_by_role("button", name=PAUSE).is_visible()
    no_violation_and_no_key_taken(page)


def test_without_javascript(new_context: Any, demo_audio: Any) -> None:
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    audio_requests: list[str] = []
    page.on("request", lambda r: audio_requests.append(r.url) if "/readable/audio/" in r.url else None)
    page.goto(demo_audio(SEED))
    audio = page.locator("audio.readable-audio")
    expect(audio).to_be_visible()
    assert audio.get_attribute("controls") is not None
    assert audio.get_attribute("preload") == "none" and audio.get_attribute("autoplay") is None
    for name in (PLAY, "Câu trước", "Câu sau"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
    expect(page.get_by_role("combobox")).to_have_count(0)
    assert audio_requests == []

    link = page.get_by_role("link", name="Tải MP3")
    response = page.request.get(demo_audio.url + str(link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"] == "audio/mpeg"
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.body()[:3] == b"ID3"
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    with open(path, "rb") as saved:
        head = saved.read(3)
    assert head == b"ID3" and download.value.suggested_filename.endswith(".mp3")

    # The native player plays (a click on its play button, left in its bar).
    box = audio.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 20, box["y"] + box["height"] / 2)
    # (A loop: with the page's JavaScript off, wait_for_function only checks once.)
    for _ in range(50):
        if page.evaluate("document.querySelector('audio').currentTime") > 0.2:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('audio').currentTime") > 0.2


def test_english_player(page: Any, demo_en: Any) -> None:
    page.goto(demo_en(SEED))
    expect(page.get_by_role("button", name="Listen to the article")).to_be_visible()
    for name in ("Previous sentence", "Next sentence"):  # with the first play
        expect(page.get_by_role("button", name=name, include_hidden=True)).to_be_hidden()
    expect(page.get_by_role("combobox", name="Reading speed", include_hidden=True)).to_be_hidden()
    for link in page.get_by_role("link", name="Download MP3", include_hidden=True).all():
        expect(link).to_be_hidden()
    expect(page.locator(".readable-more")).to_be_hidden()  # with the first play
    expect(page.locator(".readable-more > summary")).to_have_text("Listening options")


def test_a_portal_can_cancel_the_events(player: Any, demo_audio: Any) -> None:
    page = player(demo_audio(SEED))
    page.evaluate("document.addEventListener('readable:play', e => e.preventDefault(), { once: true })")
    page.get_by_role("button", name=PLAY).click()
    page.wait_for_timeout(300)
    assert state(page)["paused"]
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    # The portal draws the sentence itself: no highlight of ours, no block marked.
    page.evaluate("document.addEventListener('readable:sentence', e => e.preventDefault())")
    press_play(page)
    page.wait_for_function("() => readableLog.events.some(e => e[0] === 'sentence')")
    assert state(page)["text"] is None and state(page)["block"] is None
    page.evaluate("document.addEventListener('readable:pause', e => e.preventDefault(), { once: true })")
    page.get_by_role("button", name=PAUSE).click()
    assert not state(page)["paused"]
    page.evaluate("document.addEventListener('readable:speed', e => e.preventDefault(), { once: true })")
    listening_options(page)
    page.get_by_role("combobox", name="Tốc độ đọc").select_option("2")
    assert state(page)["rate"] == 1
    assert page.get_by_role("combobox", name="Tốc độ đọc").input_value() == "1"
    no_violation_and_no_key_taken(page)


#: Keeps the handlers the page gives the Media Session (a phone's lock screen and headset buttons), so the
#: test can press them as the system would.
MEDIA_PROBE = """
window.readableMedia = {};
const setHandler = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
navigator.mediaSession.setActionHandler = (action, handler) => {
  readableMedia[action] = handler;
  setHandler(action, handler);
};
"""


def test_lock_screen_shows_the_article_and_its_buttons_step_sentences(
    new_context: Any, demo_audio: Any
) -> None:
    context = new_context()
    for probe in (MEDIA_PROBE, CSP_PROBE, KEY_PROBE):
        context.add_init_script(probe)
    page = context.new_page()
    page.goto(demo_audio(SEED))
    cues = sentences(page)
    press_play(page)
    title = page.evaluate("navigator.mediaSession.metadata && navigator.mediaSession.metadata.title")
    assert title.startswith("Tổng kết công tác tổ chức Đại hội")
    assert sorted(page.evaluate("Object.keys(readableMedia)")) == [
        "nexttrack", "pause", "play", "previoustrack", "seekbackward", "seekforward",
    ]  # fmt: skip
    page.get_by_role("button", name=PAUSE).click()
    page.evaluate("readableMedia.nexttrack()")
    page.evaluate("readableMedia.nexttrack()")
    wait_at(page, cues[2]["start"])
    page.evaluate("readableMedia.previoustrack()")
    wait_at(page, cues[1]["start"])
    page.evaluate("readableMedia.seekforward({action: 'seekforward'})")
    wait_at(page, cues[1]["start"] + 10)
    page.evaluate("readableMedia.seekbackward({action: 'seekbackward'})")
    wait_at(page, cues[1]["start"])
    page.evaluate("readableMedia.pause()")  # already paused: stays so
    assert state(page)["paused"]
    page.evaluate("readableMedia.play()")
    page.wait_for_function(f"() => !{AUDIO}.paused")
    expect(page.get_by_role("button", name=PAUSE)).to_be_visible()
    page.evaluate("readableMedia.play()")  # already playing: goes on
    assert not state(page)["paused"]
    page.evaluate("readableMedia.pause()")
    expect(page.get_by_role("button", name=PLAY)).to_be_visible()
    assert state(page)["paused"]
    no_violation_and_no_key_taken(page)
