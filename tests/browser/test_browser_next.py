"""Listen next in Chromium, across the demo's first two articles: the offer at the end, staying put with
"Tự động nghe bài tiếp theo" off, moving on and playing with it on (kept in the cookie), the page that was
refused autoplay asking for a press, and the Media Session's "next track" once the article has ended.

Chromium runs with its default autoplay policy (no --autoplay-policy flag).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from .support import ARTICLES, SEED, choose, cookie_for, listening_options, prefs_cookie
from .test_browser_contrast import axe_violations

pytestmark = pytest.mark.browser

SECOND = ARTICLES[1]
SECOND_TITLE = "Trung tâm Y tế huyện tổ chức khám sức khỏe miễn phí cho người cao tuổi"
FIRST_TITLE = (
    "Tổng kết công tác tổ chức Đại hội đại biểu Đảng bộ tỉnh lần thứ XII, nhiệm kỳ 2020-2025"
)
AUDIO = "document.querySelector('.readable-audio')"
#: Records, from the first parsed byte, every text any live region of the page shows (the player's own
#: role=status when it has one, else the toolbar's), and the Media Session handlers the page sets: a harness
#: of the browser's API, which still gets every handler.
PROBE = """
window.readableSaid = [];
window.readableHandlers = {};
if (navigator.mediaSession) {
  const set = navigator.mediaSession.setActionHandler.bind(navigator.mediaSession);
  navigator.mediaSession.setActionHandler = (action, handler) => {
    readableHandlers[action] = handler;
    set(action, handler);
  };
}
new MutationObserver(records => {
  for (const record of records) {
    const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    const region = node && node.closest("[role=status]");
    if (region && readableSaid[readableSaid.length - 1] !== region.textContent) {
      readableSaid.push(region.textContent);
    }
  }
}).observe(document, { childList: true, characterData: true, subtree: true });
"""


@pytest.fixture
def open_page(new_context: Any) -> Any:
    def open_page(url: str) -> Any:
        context = new_context()
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(url)
        return page

    return open_page


def listen_to_the_end(page: Any) -> None:
    """Press play (a real click), then jump to half a second before the end and wait for it."""
    page.get_by_role("button", name="Nghe bài viết").click()
    page.wait_for_function(f"() => !{AUDIO}.paused && {AUDIO}.currentTime > 0.2 && {AUDIO}.duration > 5")
    page.evaluate(f"{AUDIO}.currentTime = {AUDIO}.duration - 0.5")
    page.wait_for_function(f"() => {AUDIO}.ended", timeout=10_000)


def offer(page: Any) -> Any:
    return page.locator("[data-readable-next] a")


def plays_or_asks(page: Any) -> str:
    """On the page moved on to: "plays" when the audio is playing and its clock moves, "asks" when the
    browser refused to play, the play button has the focus and the reader is told to press it."""
    for _ in range(100):  # the first play makes the second article's audio: up to 30 s
        said = page.evaluate("readableSaid")
        if "Nhấn Nghe bài viết để nghe tiếp" in said:
            assert page.evaluate(f"{AUDIO}.paused")
            assert page.evaluate("document.activeElement.dataset.readableAction") == "play"
            assert page.get_by_role("button", name="Nghe bài viết").is_visible()
            return "asks"
        if f"Đang nghe tiếp: {SECOND_TITLE}" in said and page.evaluate(f"{AUDIO}.currentTime") > 0.3:
            before = page.evaluate(f"{AUDIO}.currentTime")
            page.wait_for_function(f"t => !{AUDIO}.paused && {AUDIO}.currentTime > t + 0.2", arg=before)
            return "plays"
        time.sleep(0.3)
    raise AssertionError(f"neither played nor asked: {page.evaluate('readableSaid')}")


def test_offer_at_the_end_and_nothing_moves_without_auto(open_page: Any, demo_audio: Any) -> None:
    page = open_page(demo_audio(SEED))
    link = offer(page)
    assert link.count() == 1 and not link.is_visible()  # hidden until the end
    box = page.get_by_role("checkbox", name="Tự động nghe bài tiếp theo", include_hidden=True)
    assert not box.is_visible() and not box.is_checked()  # shown with the first play

    listen_to_the_end(page)
    assert link.is_visible()
    assert link.text_content() == f"Nghe tiếp: {SECOND_TITLE}"
    assert link.get_attribute("href") == demo_audio(SECOND) + "#readable-next"
    assert f"Đã nghe hết bài viết. Nghe tiếp: {SECOND_TITLE}" in page.evaluate("readableSaid")
    listening_options(page)
    assert box.is_visible() and not box.is_checked()
    assert axe_violations(page, enhanced=True) == ""  # the offer and the box, at 7:1
    choose(page, "Màu nền", "Tương phản cao")
    assert axe_violations(page, enhanced=True) == ""
    time.sleep(1.5)  # auto is off: the page stays
    assert page.url == demo_audio(SEED)
    assert page.evaluate(f"{AUDIO}.ended")


def test_auto_moves_on_and_the_next_page_plays(open_page: Any, demo_audio: Any) -> None:
    page = open_page(demo_audio(SEED))
    page.get_by_role("button", name="Nghe bài viết").click()  # the box comes with the first play
    page.get_by_role("button", name="Tạm dừng").click()
    listening_options(page)
    page.get_by_role("checkbox", name="Tự động nghe bài tiếp theo").check()
    assert prefs_cookie(page.context) == cookie_for(100) + "&autonext=on"
    html = page.request.get(demo_audio(SEED)).text()  # the server renders it ticked for this cookie
    assert '<input type="checkbox" name="autonext" autocomplete="off" checked>' in html
    page.reload()
    assert page.get_by_role("checkbox", name="Tự động nghe bài tiếp theo", include_hidden=True).is_checked()
    # A size change keeps it in the cookie.
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert prefs_cookie(page.context) == cookie_for(115) + "&autonext=on"

    listen_to_the_end(page)
    page.wait_for_url(demo_audio(SECOND))  # the marker is taken off the address once read
    outcome = plays_or_asks(page)
    print(f"Chromium's default autoplay policy on the next page: {outcome}")
    assert outcome == "plays"  # allowed: the reader pressed play on this site just before
    state = page.locator("[data-readable-player]").get_attribute("data-readable-state")
    assert state in ("playing", "generating")


def test_refused_autoplay_asks_for_a_press(open_page: Any, demo_audio: Any) -> None:
    """A page opened with the marker and no press on this site before (a new tab): Chromium refuses to play;
    the player is back to "Nghe bài viết", focused, and says so."""
    page = open_page(demo_audio(SECOND) + "#readable-next")
    assert plays_or_asks(page) == "asks"
    assert page.url == demo_audio(SECOND)
    assert page.locator("[data-readable-player]").get_attribute("data-readable-state") == "paused"
    page.keyboard.press("Enter")  # the press it asked for
    page.wait_for_function(f"() => !{AUDIO}.paused", timeout=30_000)


def test_next_track_goes_to_the_next_article_once_ended(open_page: Any, demo_audio: Any) -> None:
    page = open_page(demo_audio(SEED))
    page.get_by_role("button", name="Nghe bài viết").click()
    page.wait_for_selector(".readable-listen")  # the sentences are known
    page.get_by_role("button", name="Tạm dừng").click()
    before = page.evaluate(f"{AUDIO}.currentTime")
    page.evaluate("readableHandlers.nexttrack()")  # before the end: the player's, a sentence on
    page.wait_for_function(f"t => {AUDIO}.currentTime > t + 0.5", arg=before)
    assert page.url == demo_audio(SEED) and page.evaluate(f"{AUDIO}.paused")

    listen_to_the_end(page)
    with page.expect_navigation(url=demo_audio(SECOND)):
        page.evaluate("readableHandlers.nexttrack()")
    assert plays_or_asks(page) == "plays"


def test_the_last_article_offers_nothing(open_page: Any, demo_audio: Any) -> None:
    page = open_page(demo_audio("/bai-viet/online-public-services"))
    assert page.locator("[data-readable-next]").count() == 1
    assert offer(page).count() == 0
    assert page.get_by_role("checkbox", name="Tự động nghe bài tiếp theo").count() == 0
