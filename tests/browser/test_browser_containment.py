"""The article's markup stays inside the article: under a host stylesheet with Bootstrap-like utility classes
and a fixed site header, nothing of the article paints outside its box, and nothing hidden is read aloud."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, Response, render_template_string
from serving import serving

from readable import Readable, get_state

#: What a portal's stylesheet typically has: Bootstrap's utilities and a fixed header of its own.
HOST_CSS = """
body{margin:0;padding-top:64px;font-family:sans-serif}
header{position:fixed;top:0;left:0;right:0;height:64px;background:#036;color:#fff;z-index:1030}
aside{position:absolute;top:0;right:0;width:300px;height:2000px;background:#fc0}
main{max-width:640px;margin:200px auto 0}
.modal-backdrop{position:fixed;top:0;left:0;width:100vw;height:100vh;background:#000;z-index:1050}
.fixed-top{position:fixed;top:0;right:0;left:0;z-index:1030;background:#c00}
.position-absolute{position:absolute!important}.top-0{top:0!important}.start-0{left:0!important}
.d-none{display:none!important}.invisible{visibility:hidden!important}.opacity-0{opacity:0!important}
.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;
clip:rect(0,0,0,0)!important;white-space:nowrap!important}
.text-hide{font-size:0;color:transparent}
"""
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng</title>
<link rel="stylesheet" href="/host.css">{{ readable_head() }}</head>
<body><header id="site-header">Cổng thông tin điện tử tỉnh</header>
<main>{{ readable_article(html) }}</main></body></html>"""
ARTICLE = """
<h1>Thông báo lịch tiếp công dân tháng 12</h1>
<div class="modal-backdrop fade show">Lớp phủ toàn trang.</div>
<div class="fixed-top alert alert-danger"><p>Phiên làm việc đã hết hạn. Đăng nhập lại.</p></div>
<header><p>Đầu bài viết được in đậm.</p></header>
<aside><p>Ghi chú bên lề của bài.</p></aside>
<p class="position-absolute top-0 start-0">Đoạn định vị tuyệt đối.</p>
<p>Lịch tiếp <span class="d-none">chữ ẩn một</span>công dân vào thứ Năm hằng tuần.</p>
<p class="invisible">Chữ ẩn hai.</p>
<p class="opacity-0 text-hide">Đoạn trong suốt.</p>
<p class="visually-hidden">Đoạn dành cho trình đọc màn hình.</p>
<p>Địa điểm: Trụ sở Tiếp công dân tỉnh.</p>
"""

#: Every point of a 16 px grid over the viewport outside the article's box where an element of the article
#: is hit, and the box itself.
OUTSIDE_JS = """
() => {
  const article = document.querySelector(".readable-article");
  const box = article.getBoundingClientRect();
  const hits = [];
  for (let y = 0; y < innerHeight; y += 16) {
    for (let x = 0; x < innerWidth; x += 16) {
      if (x >= box.left && x < box.right && y >= box.top && y < box.bottom) continue;
      const el = document.elementFromPoint(x, y);
      if (el && article.contains(el)) hits.push([x, y, el.tagName, el.textContent.slice(0, 30)]);
    }
  }
  return { hits, box: [box.left, box.top, box.right, box.bottom] };
}
"""
#: For each [block id, sentence]: whether the block is rendered visibly and shows the sentence's text.
SHOWN_JS = """
(sentences) => sentences.map(([id, text]) => {
  const el = document.getElementById(id);
  if (!el) return [id, text, "missing"];
  const visible = el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    && el.getClientRects().length > 0 && parseFloat(getComputedStyle(el).fontSize) > 0;
  const shown = el.innerText.replace(/\\s+/g, " ").includes(text.replace(/\\s+/g, " "));
  return [id, text, visible && shown ? "ok" : "hidden"];
})
"""


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        READABLE_VOICES=("espeak",),
        READABLE_AUDIO_FOLDER=str(tmp_path_factory.mktemp("audio")),
        READABLE_INCLUDE_ASSETS=False,
    )
    Readable(app)

    @app.get("/host.css")
    def host_css() -> Response:
        return Response(HOST_CSS, mimetype="text/css")

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status=204)

    @app.get("/")
    def page() -> str:
        return render_template_string(PAGE, html=ARTICLE)

    with serving(app) as server:
        yield app, f"http://127.0.0.1:{server.server_port}/"


@pytest.mark.parametrize("width", [1024, 360])
def test_nothing_of_the_article_paints_outside_its_box(
    host: tuple[Flask, str], context: Any, width: int
) -> None:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(host[1])
    for scroll in (0, 300):
        page.evaluate(f"window.scrollTo(0, {scroll})")
        found = page.evaluate(OUTSIDE_JS)
        assert found["hits"] == [], found
    # The portal's own header and the reading toolbar are the ones under the pointer, not the article.
    page.evaluate("window.scrollTo(0, 0)")
    assert page.evaluate("document.elementFromPoint(20, 20).id") == "site-header"
    button = page.locator(".readable-toolbar button").first
    box = button.bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => !!document.elementFromPoint(x, y).closest('.readable-toolbar')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit


def test_nothing_hidden_is_spoken(host: tuple[Flask, str], context: Any) -> None:
    app, url = host
    page = context.new_page()
    page.goto(url)
    key = re.search(r"/readable/audio/([0-9a-f]+)\.mp3", page.content())
    assert key is not None
    manifest = get_state(app).audio.store.manifest(key.group(1))  # type: ignore[union-attr]
    assert manifest is not None
    sentences = [[s["block_id"], s["text"]] for s in manifest["sentences"] if s["block_id"]]
    assert len(sentences) >= 8
    results = page.evaluate(SHOWN_JS, sentences)
    assert [r for r in results if r[2] != "ok"] == []
    spoken = " ".join(s["spoken"] for s in manifest["sentences"]).lower()
    # Text the portal hid with a class is neither shown nor read; the rest is both shown and read.
    assert "chữ ẩn" not in spoken and "chữ ẩn" not in page.inner_text(".readable-article").lower()
    for kept in ("đăng nhập lại", "trình đọc màn hình", "đoạn trong suốt", "trụ sở tiếp công dân"):
        assert kept in spoken
