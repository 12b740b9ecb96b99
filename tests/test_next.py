"""Listen next on the server: which ``next_url`` values become the player's link, how it renders (with the
autoplay box ticked from the cookie), and the demo's articles leading to each other in order."""

from __future__ import annotations

import json
import logging

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template_string

from readable import Readable
from readable.demo import create_app, load_articles
from readable.extension import NextArticle, next_article


@pytest.mark.parametrize(
    "url",
    [
        "/bai-viet/kham-suc-khoe-dinh-ky",
        "/tin-tuc?id=42&trang=2",
        "/bai-viet/sức-khỏe",
        "bai-sau",
        "../chuyen-muc/bai-sau#doan-2",
        "https://baochinhphu.vn/bai-viet-102.htm",
        "HTTP://example.org/x",
        "  /bai-viet/x  ",
    ],
)
def test_paths_on_this_site_and_http_urls_are_kept(url: str) -> None:
    assert next_article(url, " Bài  sau\n") == NextArticle(url.strip(), "Bài sau")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "mailto:a@b.vn",
        "ftp://example.org/x",
        "//evil.example/x",
        "/\\evil.example/x",
        "\\\\evil.example\\x",
        "http:/no-host",
        "https://",
        "http://[x/",
        "/a\x00b",
        "/" + "a" * 3000,
        42,
        b"/bytes",
    ],
)
def test_other_urls_are_dropped_and_logged(url: object, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="readable"):
        assert next_article(url, "Bài sau") is None
    assert [json.loads(r.getMessage())["event"] for r in caplog.records] == ["next_url_invalid"]


def test_no_url_is_no_link_and_no_title_drops_it(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="readable"):
        assert next_article(None, "Bài sau") is None
        assert next_article("", None) is None
        assert caplog.records == []
        for title in (None, "", "  ", 7):
            assert next_article("/bai-sau", title) is None
    assert len(caplog.records) == 4


@pytest.fixture
def next_app(app: Flask) -> Flask:
    @app.get("/next")
    def with_next() -> str:
        from flask import request

        return render_template_string(
            "{{ readable_article(html, title='Bài một', next_url=url, next_title=title) }}",
            html="<h1>Bài một</h1><p>Câu đầu tiên của bài.</p>",
            url=request.args.get("url"),
            title=request.args.get("title"),
        )

    return app


def test_the_link_and_the_box_are_rendered(next_app: Flask) -> None:
    client = next_app.test_client()
    soup = BeautifulSoup(client.get("/next?url=/bai-hai&title=Bài hai").text, "html.parser")
    box = soup.select_one("[data-readable-player] [data-readable-next]")
    assert box is not None
    assert box["data-readable-msg-continuing"] == "Đang nghe tiếp: {title}"  # the script puts the heading in
    assert box["data-readable-msg-press"] == "Nhấn Nghe bài viết để nghe tiếp"
    link = box.select_one("a")
    assert link is not None and link["href"] == "/bai-hai" and link.get_text() == "Bài tiếp theo: Bài hai"
    assert link["data-readable-msg-next"] == "Nghe tiếp: Bài hai"
    # The box is among the player's listening options ("Tùy chọn nghe"), shown by the script.
    check = soup.select_one(".readable-more label[hidden] input[type=checkbox][name=autonext]")
    assert check is not None and not check.has_attr("checked")
    assert "Tự động nghe bài tiếp theo" in soup.select_one(".readable-more").get_text()  # type: ignore[union-attr]

    client.post("/readable/prefs", data={"autonext": "on", "next": "/next"})
    ticked = BeautifulSoup(client.get("/next?url=/bai-hai&title=Bài hai").text, "html.parser")
    assert ticked.select_one(".readable-more [name=autonext]").has_attr("checked")  # type: ignore[union-attr]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "data:,x"])
def test_a_bad_url_renders_no_link_and_no_500(next_app: Flask, url: str) -> None:
    response = next_app.test_client().get("/next", query_string={"url": url, "title": "Bài hai"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one("[data-readable-next]") is not None  # the messages stay
    assert soup.select_one("[data-readable-next] a") is None and not soup.select(f"a[href='{url}']")


def test_the_python_api_takes_the_same_arguments(tmp_path: object) -> None:
    app = Flask(__name__)
    app.config["READABLE_AUDIO_FOLDER"] = str(tmp_path)
    readable = Readable(app)
    with app.test_request_context():
        html = readable.article("<h1>Một</h1><p>Nội dung.</p>", next_url="/hai", next_title="Hai")
        assert 'href="/hai"' in html and "Bài tiếp theo: Hai" in html
        dropped = readable.article("<p>Nội dung.</p>", next_url="javascript:x", next_title="Hai")
        assert "javascript" not in dropped and "Bài tiếp theo" not in dropped


def test_the_english_toolbar_translates_the_offer(tmp_path: object) -> None:
    app = Flask(__name__)
    app.config.update(READABLE_AUDIO_FOLDER=str(tmp_path), READABLE_LANGUAGE="en")
    readable = Readable(app)
    with app.test_request_context():
        html = str(readable.article("<p>Nội dung.</p>", next_url="/hai", next_title="Hai"))
    assert "Next article: Hai" in html and "Listen next: Hai" in html
    assert "Listen to the next article automatically" in html
    assert 'data-readable-msg-continuing="Now listening: {title}"' in html


def test_the_demo_articles_lead_to_each_other_in_order() -> None:
    client = create_app({"TESTING": True}).test_client()
    articles = load_articles()
    for article, following in zip(articles, [*articles[1:], None], strict=True):
        soup = BeautifulSoup(client.get(f"/bai-viet/{article.slug}").text, "html.parser")
        link = soup.select_one("[data-readable-next] a")
        if following is None:
            assert link is None
        else:
            assert link is not None and link["href"] == f"/bai-viet/{following.slug}"
            assert link.get_text() == f"Bài tiếp theo: {following.title}"
