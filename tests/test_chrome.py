"""Page chrome is never shown nor read; nothing of the article is lost.

Each tests/pages/<case>/expect.json lists what of the page must stay, visible and in the speech script
("keep"), and what must be neither ("drop"): realistic pages of portals and CMSs written for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from readable.article import clean, collapse
from readable.speech import build_script

PAGES = Path(__file__).resolve().parent / "pages"
CASES = sorted(p.name for p in PAGES.iterdir() if (p / "expect.json").is_file())


def _seen_and_heard(html: str) -> tuple[str, str]:
    article = clean(html)
    seen = collapse(BeautifulSoup(article.html, "html.parser").get_text(" "))
    heard = collapse(" ".join(s.text for s in build_script(article)))
    return seen, heard


def test_there_are_ten_portal_and_cms_pages() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("case", CASES)
def test_chrome_is_dropped_and_the_article_kept(case: str) -> None:
    expect = json.loads((PAGES / case / "expect.json").read_text("utf-8"))
    seen, heard = _seen_and_heard((PAGES / case / "source.html").read_text("utf-8"))
    for text in expect["keep"]:
        assert text in seen, f"{text!r} is not shown"
        assert text in heard, f"{text!r} is not read"
    for text in expect["drop"]:
        assert text not in seen, f"{text!r} is shown"
        assert text not in heard, f"{text!r} is read"


def test_a_form_that_wraps_the_article_stays_a_search_or_comment_form_goes() -> None:
    html = (
        "<form id='aspnetForm' action='/x.aspx'><h2>Tiêu đề bài</h2><p>Nội dung chính của bài viết.</p>"
        "<form class='search'><input name=q><a href='/s'>Tìm kiếm</a></form>"
        "<form action='/gui-y-kien'><p>Họ tên:</p><p>Nội dung:</p></form></form>"
    )
    seen, heard = _seen_and_heard(html)
    assert "Tiêu đề bài" in heard and "Nội dung chính của bài viết." in seen
    assert "Tìm kiếm" not in seen and "Họ tên" not in seen


def test_an_element_that_holds_the_title_or_main_is_never_chrome() -> None:
    html = (
        "<div class='sidebar-1'><h1>Tiêu đề</h1><p>Đoạn một.</p></div>"
        "<nav><main><p>Đoạn hai.</p></main></nav>"
        "<div role='navigation'><div itemprop='articleBody'><p>Đoạn ba.</p></div></div>"
        "<div class='sidebar'><p>Quảng cáo.</p></div>"
    )
    seen, heard = _seen_and_heard(html)
    for text in ("Tiêu đề", "Đoạn một.", "Đoạn hai.", "Đoạn ba."):
        assert text in seen and text in heard
    assert "Quảng cáo" not in seen


def test_an_aside_of_prose_stays_an_aside_of_links_goes() -> None:
    html = (
        "<p>Mở đầu.</p><aside><h3>Bối cảnh</h3><p>Dự án được phê duyệt năm 2020 sau nhiều năm chờ đợi.</p>"
        "</aside><aside><a href='/a'>Tin một</a> <a href='/b'>Tin hai</a></aside>"
    )
    seen, heard = _seen_and_heard(html)
    assert "Dự án được phê duyệt năm 2020" in heard and "Bối cảnh" in seen
    assert "Tin một" not in seen


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        # A list of links with text of its own is the article's.
        ("<ul><li><a href='/1'>Nghị định 15</a> quy định về thuế thu nhập cá nhân</li>"
         "<li><a href='/2'>Thông tư 8</a> hướng dẫn thi hành chi tiết nghị định</li>"
         "<li><a href='/3'>Quyết định 2</a> phê duyệt đề án của tỉnh</li></ul>", True),
        ("<ul><li><a href='/1'>Tin một</a></li><li><a href='/2'>Tin hai</a></li>"
         "<li><a href='/3'>Tin ba</a></li></ul>", False),
        # "Xem thêm" as words of a sentence, not a label before a link.
        ("<p>Người dân có thể xem thêm thông tin tại bộ phận một cửa.</p>", True),
        ("<p>Xem thêm: <a href='/x'>Bài viết khác về giáo dục</a></p>", False),
        # A date and a count in a sentence, not a widget.
        ("<p>Ngày 12/3 có 1.234 lượt xe qua trạm.</p>", True),
        ("<p>Ngày 12/3 | 1.234 lượt xem</p>", False),
        # WordPress's line under the title; a line that names the author stays.
        ("<p>Đăng ngày 15/03/2025 bởi Admin · 0 bình luận</p>", False),
        ("<p>Đăng ngày 15/03/2025 bởi Nguyễn Văn An</p>", True),
        # Previous and next post.
        ("<p>« Bài trước: <a href='/a'>Hội chợ xuân Ất Tỵ</a></p>", False),
    ],
)
def test_text_rules(html: str, kept: bool) -> None:
    seen, _ = _seen_and_heard("<h1>Tiêu đề</h1>" + html)
    assert (seen != "Tiêu đề") is kept


@pytest.mark.parametrize(
    "html",
    [
        # The author as a link in the article's footer.
        "<footer><a href='/tac-gia/thu-ha'>Thu Hà</a></footer>",
        # "Ý kiến" as a heading of the article, not a comment box (that has a count: "Ý kiến (24)").
        "<h2>Ý kiến</h2><div><p>Chính sách mới là bước tiến đáng ghi nhận.</p></div>",
        # A page's body with chrome classes, a form around the article whose action names a search.
        "<body class='has-sidebar comments-open'><form action='/tim-kiem/search.aspx'><div>"
        "<p>Đoạn văn đầu tiên của bài viết này khá dài để không bị coi là một biểu mẫu tìm kiếm nhỏ.</p>"
        "<p>Đoạn văn thứ hai cũng dài như vậy, kể tiếp câu chuyện của bài viết cho người đọc nghe.</p>"
        "<p>Đoạn văn thứ ba kết thúc bài viết với những thông tin cuối cùng về sự kiện đã diễn ra.</p>"
        "<p>Đoạn văn thứ tư nhắc lại ý chính để bài đủ dài.</p></div></form></body>",
        # Page builders' and themes' classes with chrome words in them, around the article.
        "<div class='elementor-element elementor-widget elementor-widget-text-editor'>"
        "<div class='elementor-widget-container'><p>Đoạn văn duy nhất của bài.</p></div></div>"
        "<div class='sidebar-1'>"
        "<p>Đoạn văn đầu tiên của bài viết này khá dài, kể lại sự kiện đã diễn ra sáng hôm qua tại tỉnh.</p>"
        "<p>Đoạn văn thứ hai cũng dài như vậy, kể tiếp câu chuyện của bài viết cho người đọc nghe.</p></div>",
        # A wrapper with a chrome class around the article's body.
        "<div class='layout has-sidebar'><div class='entry-content'><p>Nội dung chính.</p></div></div>",
    ],
)
def test_the_article_is_not_taken_for_chrome(html: str) -> None:
    source = "<p>Mở đầu.</p>" + html
    expected = collapse(BeautifulSoup(source, "html.parser").get_text(" "))
    seen, heard = _seen_and_heard(source)
    assert seen == expected
    assert heard == expected


def test_deep_and_unclosed_chrome_never_takes_the_article() -> None:
    deep = "<div class='share'>chia sẻ " * 3000 + "</div>" * 3000
    seen, heard = _seen_and_heard("<h1>Tiêu đề</h1>" + deep + "<p>Đoạn sau.</p>")
    assert seen == heard == "Tiêu đề Đoạn sau."
    # A nav that is never closed has no end: nothing is removed for it.
    seen, _ = _seen_and_heard("<h1>Tiêu đề</h1><nav><a href='/'>Trang chủ</a><p>Đoạn văn của bài.</p>")
    assert "Đoạn văn của bài." in seen
    # An end tag of another element closes it early: only what was surely inside goes.
    seen, _ = _seen_and_heard("<div><nav><a href='/'>Trang chủ</a></div><p>Đoạn văn của bài.</p></nav>")
    assert seen == "Đoạn văn của bài."
