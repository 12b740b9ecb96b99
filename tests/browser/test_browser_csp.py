"""Strict Content-Security-Policy: nothing inline in what the wrapper emits, no violation while in use."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from readable.demo import create_app

from .support import ARTICLES, SEED, choose

#: Collects every CSP violation the page reports, from before its first byte is parsed.
CSP_PROBE = """
window.readableViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  readableViolations.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber]);
});
"""
HOSTILE = (
    '<p style="position:fixed;inset:0" onclick="steal()" onmouseover="x()">Tin <a href="javascript:'
    'alert(1)" style="color:red">xấu</a></p><script>alert(1)</script><style>p{display:none}</style>'
    '<img src="/a.png" alt="Ảnh" onerror="x()" style="filter:invert(1)"><svg onload="x()"></svg>'
    '<iframe src="https://evil.example/" srcdoc="<script>1</script>"></iframe>'
    '<form action="https://evil.example/"><input name="q"></form>'
)


def inline_code(html: str) -> list[str]:
    """Inline scripts, inline styles, event-handler attributes and javascript: URLs in ``html``."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        # A data block (JSON-LD) is not code: the policy does not apply to it, and nothing runs.
        data = tag.get("type") == "application/ld+json"
        if tag.name == "script" and not data and (not tag.get("src") or tag.get_text().strip()):
            found.append(str(tag)[:80])
        if tag.name == "style":
            found.append(str(tag)[:80])
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name == "style" or name.startswith("on") or name == "srcdoc":
                found.append(f"{tag.name}[{name}]")
            if "javascript:" in text.replace(" ", "").lower():
                found.append(f"{tag.name}[{name}={text[:40]}]")
    return found


@pytest.mark.parametrize(
    "config",
    [{}, {"READABLE_LANGUAGE": "en"}, {"READABLE_SCOPE": "page"}],
    ids=["vi", "en", "page"],
)
def test_demo_pages_have_nothing_inline(config: dict[str, Any]) -> None:
    client = create_app({"TESTING": True, **config}).test_client()
    client.set_cookie("readable", "size=200&theme=dark&font=legible&mask=on")
    for path in ("/", *ARTICLES):
        response = client.get(path)
        assert response.status_code == 200
        assert "script-src" in response.headers["Content-Security-Policy"] or (
            "default-src 'self'" in response.headers["Content-Security-Policy"]
        )
        html = response.get_data(as_text=True)
        assert inline_code(html) == [], path
        assert "<script" not in html or 'src="/readable/static/readable.js' in html


def test_hostile_article_comes_out_clean(client: Any) -> None:
    """The wrapper's output for an article full of inline code (tests/conftest.py's ``/article``)."""
    response = client.post("/article", data={"html": HOSTILE, "title": "Tin"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert inline_code(html) == []
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".readable-article img[alt='Ảnh']") is not None
    assert "evil.example" not in html


def test_inline_code_finder_finds_inline_code() -> None:
    assert len(inline_code(HOSTILE)) >= 8
    assert inline_code('<script type="application/ld+json">{"a": 1}</script>') == []
    assert inline_code('<script type="module">x()</script>') != []


@pytest.mark.browser
def test_no_policy_violation_while_using_every_feature(new_context: Any, demo: Any) -> None:
    context = new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    response = page.goto(demo(SEED))
    assert response is not None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    for name in ("Tăng cỡ chữ", "Tăng cỡ chữ", "Giảm cỡ chữ", "Cỡ chữ mặc định", "Giảm cỡ chữ"):
        page.get_by_role("button", name=name).click()
    page.keyboard.press("Shift+Tab")  # "Cỡ chữ mặc định"
    page.keyboard.press("Enter")
    # Every setting of the comfort panel, the font (a file of this site) and the reading mask included.
    for legend, label in [("Màu nền", "Nền tối"), ("Giãn dòng", "Rất rộng"), ("Khoảng cách chữ", "Rộng"),
                          ("Độ rộng cột chữ", "Hẹp"), ("Phông chữ", "Phông dễ đọc"), ("Thước đọc", "Bật")]:
        choose(page, legend, label)
    page.mouse.move(200, 400)
    page.get_by_role("button", name="Khôi phục mặc định").click()
    assert page.locator(".readable").get_attribute("data-readable-size") == "100"
    assert page.locator(".readable").get_attribute("data-readable-theme") == "auto"
    # The script worked through attributes and classes, never through inline style, but for the reading
    # mask's band, two custom properties set through the CSSOM (which a policy does not restrict).
    assert page.locator("[style]").count() == 1
    assert page.locator(".readable-mask").evaluate("el => [...el.style]") == ["--rd-top", "--rd-bottom"]
    assert page.evaluate("readableViolations") == []
    # The structured data (a data block) is there, read as JSON, and refused by nothing.
    data = page.evaluate(
        """JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)"""
    )
    assert data["@graph"][0]["@type"] == "AudioObject"
    assert data["@graph"][0]["contentUrl"] == page.locator("audio").evaluate("a => a.src")
    for path in ("/", *ARTICLES[1:]):
        page.goto(demo(path))
        assert page.evaluate("readableViolations") == [], path
    # Console errors (a refused inline script, a 404 favicon...) fail the test in the fixture.


@pytest.mark.browser
def test_the_probe_sees_violations(new_context: Any, demo: Any, watch: Any) -> None:
    context = new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    page.goto(demo(SEED))
    page.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.ran = 1";
      document.body.append(s);
    }""")
    page.wait_for_function("() => readableViolations.length > 0")
    assert page.evaluate("window.ran") is None
    assert page.evaluate("readableViolations")[0][0] == "script-src-elem"
    assert any("Content Security Policy" in error for error in watch.errors)
    watch.errors.clear()  # expected here
