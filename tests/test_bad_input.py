"""Bad input renders, or says clearly that there is nothing to show: never a 500, never a recursion error."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from readable.article import clean

EMPTY_MESSAGE = "Bài viết này không có nội dung để hiển thị."


@pytest.mark.parametrize("html", ["", "   \n\t ", "<div> </div>", "<script>x()</script>", "<!-- -->"])
def test_empty_articles_say_so(client: FlaskClient, html: str) -> None:
    response = client.post("/article", data={"html": html})
    assert response.status_code == 200
    assert EMPTY_MESSAGE in response.text
    assert clean(html).blocks == ()


def test_only_an_image_renders_the_image(client: FlaskClient) -> None:
    response = client.post("/article", data={"html": '<img src="/a.jpg" alt="Ảnh">'})
    assert response.status_code == 200
    assert '<img alt="Ảnh"' in response.text and EMPTY_MESSAGE not in response.text


def test_invalid_markup_is_repaired() -> None:
    article = clean("<p>Một <b>hai <i>ba</p><td>bốn<p>năm</div></span><<>>")
    assert [b.text for b in article.blocks][:1] == ["Một hai ba"]
    assert "năm" in article.html


def test_text_that_is_not_utf8_clean() -> None:
    raw = "<p>Xin chào</p>".encode() + b"<p>\xff\xfe h\xe1i</p>" + "<p>lone \udcff surrogate</p>".encode(
        "utf-8", "surrogateescape"
    )
    article = clean(raw)
    assert article.blocks[0].text == "Xin chào"
    assert "\ufffd" in article.blocks[1].text
    surrogate = clean("<p>lone \ud800 surrogate\x00\x07</p>")
    assert surrogate.blocks[0].text == "lone \ufffd surrogate"


def test_a_5_mb_article(client: FlaskClient) -> None:
    paragraph = "<p>Đại hội đại biểu Đảng bộ tỉnh lần thứ XII, nhiệm kỳ 2020-2025 thành công tốt đẹp.</p>\n"
    html = paragraph * (5 * 1024 * 1024 // len(paragraph.encode()) + 1)
    assert len(html.encode()) > 5 * 1024 * 1024
    article = clean(html)
    assert len(article.blocks) == html.count("<p>")
    assert len({b.id for b in article.blocks}) == len(article.blocks)


@pytest.mark.parametrize("tag", ["div", "span", "b", "blockquote"])
def test_10000_nested_elements(client: FlaskClient, tag: str) -> None:
    depth = 10_000
    html = f"<{tag}>" * depth + "Sâu thẳm" + f"</{tag}>" * depth
    article = clean(html)
    assert [b.text for b in article.blocks] == ["Sâu thẳm"]
    response = client.post("/article", data={"html": html})
    assert response.status_code == 200 and "Sâu thẳm" in response.text


def test_huge_attribute_and_many_entities() -> None:
    html = '<p title="' + "x" * 1_000_000 + '">' + "&amp;" * 100_000 + "</p>"
    article = clean(html)
    assert article.blocks[0].text == "&" * 100_000
