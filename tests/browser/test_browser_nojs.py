"""JavaScript off: the toolbar is a form; the server stores the choice and sends the reader back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, Response
from serving import serving

from .support import SEED, THEMES, colors, cookie_for, font_px, prefs_cookie, size_attr, theme_attr

pytestmark = pytest.mark.browser


@pytest.fixture
def nojs(new_context: Any) -> Any:
    context = new_context(java_script_enabled=False)
    context.route("**/*evil.example*", lambda route: route.abort())
    return context.new_page()


def test_buttons_work_through_the_form(nojs: Any, demo: Any) -> None:
    page = nojs
    page.goto(demo(SEED))
    assert page.evaluate("() => 1") == 1  # Playwright's own probes still run
    assert page.locator(".readable").get_attribute("data-readable-ready") is None
    default_px = font_px(page, ".readable-article p:not(.sapo)")

    larger = page.get_by_role("button", name="Tăng cỡ chữ")
    for size in (115, 130, 150, 175, 200):
        with page.expect_navigation():
            larger.click()
        # Back at the bar: the page scrolls to it, and the next press is one Tab away.
        assert page.url == demo(SEED) + "#readable-1"
        assert size_attr(page) == str(size)
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.readable-bar')")
    assert font_px(page, ".readable-article p:not(.sapo)") == pytest.approx(2 * default_px)
    assert larger.get_attribute("aria-disabled") == "true"
    # Past the end the server keeps the last step.
    with page.expect_navigation():
        larger.click(force=True)
    assert size_attr(page) == "200"

    with page.expect_navigation():
        page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert font_px(page, ".readable-article p:not(.sapo)") == pytest.approx(default_px)
    with page.expect_navigation():
        page.get_by_role("button", name="Giảm cỡ chữ").click()
    assert size_attr(page) == "90"
    assert page.get_by_role("button", name="Giảm cỡ chữ").get_attribute("aria-disabled") == "true"

    # The comfort panel: a native disclosure; its choices are posted together with "Áp dụng".
    page.locator(".readable-panel > summary").click()
    page.get_by_role("radio", name=THEMES["contrast"]).check()
    page.get_by_role("group", name="Giãn dòng").get_by_role("radio", name="Rất rộng").check()
    page.get_by_role("group", name="Độ rộng cột chữ").get_by_role("radio", name="Hẹp").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Áp dụng").click()
    assert page.url == demo(SEED) + "#readable-1"
    assert theme_attr(page) == "contrast"
    assert colors(page, ".readable-article p:not(.sapo)") == {"fg": [0, 0, 0], "bg": [255, 255, 255]}
    line = page.locator(".readable-article p:not(.sapo)").first.evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize)"
    )
    assert line == pytest.approx(2, abs=0.01)
    assert prefs_cookie(page.context) == cookie_for(90, "contrast", leading="loose", width="narrow")
    page.locator(".readable-panel > summary").click()
    assert page.get_by_role("radio", name=THEMES["contrast"]).is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Khôi phục mặc định").click()
    assert theme_attr(page) == "auto" and size_attr(page) == "100"
    assert prefs_cookie(page.context) == cookie_for()


def test_keyboard_without_javascript(nojs: Any, demo: Any) -> None:
    page = nojs
    page.goto(demo(SEED))
    page.get_by_role("button", name="Tăng cỡ chữ").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert size_attr(page) == "115"
    page.locator(".readable-panel > summary").focus()
    page.keyboard.press("Enter")  # opens the panel
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "theme"
    page.keyboard.press("ArrowDown")  # the radio group's own keys: the first theme, then the next
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Áp dụng").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert theme_attr(page) in ("contrast", "dark")
    assert page.url == demo(SEED) + "#readable-1"


def test_foreign_next_is_refused_in_the_browser(nojs: Any, demo: Any) -> None:
    page = nojs
    page.goto(demo(SEED))
    # A tampered form (Playwright edits the page even with the page's JavaScript off).
    page.locator("input[name=next]").evaluate("el => { el.value = 'https://evil.example/'; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.url == demo(SEED)
    assert size_attr(page) == "115"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/bai-viet",
        "/\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://127.0.0.1.evil.example/",
    ],
)
def test_foreign_next_falls_back_to_the_article(page: Any, demo: Any, target: str) -> None:
    response = page.request.post(
        demo("/readable/prefs"),
        form={"size": "larger", "next": target},
        headers={"Referer": demo(SEED)},
        max_redirects=0,
    )
    assert response.status == 303
    location = response.headers["location"]
    assert urlsplit(location).netloc in ("", urlsplit(demo.url).netloc)
    assert urlsplit(location).path == SEED


def test_local_next_is_kept(page: Any, demo: Any) -> None:
    response = page.request.post(
        demo("/readable/prefs"),
        form={"contrast": "on", "next": "/bai-viet/thoi-tiet-tet?trang=2#readable-1"},
        max_redirects=0,
    )
    assert response.status == 303
    assert response.headers["location"].endswith("/bai-viet/thoi-tiet-tet?trang=2#readable-1")
    assert "theme=contrast" in response.headers["set-cookie"]


@pytest.fixture
def other_site(demo: Any) -> Iterator[str]:
    """A page on another site (``localhost`` is another site than ``127.0.0.1``) whose script submits
    the preference form of the demo for whoever opens it."""
    app = Flask("other_site")

    @app.get("/")
    def index() -> str:
        return (
            f'<!doctype html><title>Khác</title><form method="post" action="{demo("/readable/prefs")}">'
            f'<input type="hidden" name="size" value="200"><input type="hidden" name="next" value="{SEED}">'
            '</form><script src="/submit.js"></script>'
        )

    @app.get("/submit.js")
    def submit() -> Response:
        return Response("document.forms[0].submit();", mimetype="text/javascript")

    with serving(app) as server:
        yield f"http://localhost:{server.server_port}/"


def test_a_form_submitted_from_another_site_is_refused(
    context: Any, demo: Any, other_site: str, watch: Any
) -> None:
    page = context.new_page()
    with page.expect_navigation(url=demo("/readable/prefs")) as navigation:
        page.goto(other_site)
    response = navigation.value
    assert response.status == 403
    assert response.request.header_value("sec-fetch-site") == "cross-site"
    assert "Không lưu cài đặt: yêu cầu đến từ một trang web khác." in page.inner_text("body")
    assert prefs_cookie(context) is None
    page.goto(demo(SEED))
    assert size_attr(page) == "100"
    # Chromium logs the refused page, and the favicon it then asks the refusing site for.
    expected = [f"the server responded with a status of {s}" for s in ("403 (FORBIDDEN)", "404 (NOT FOUND)")]
    watch.errors[:] = [e for e in watch.errors if not any(x in e for x in expected)]
