from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from regen_pages import render_text

from readable.article import CleanOptions, clean

PAGES = Path(__file__).resolve().parent / "pages"
CASES = sorted(p.name for p in PAGES.iterdir() if (p / "expected.html").is_file())


@pytest.mark.parametrize("case", CASES)
def test_golden_pages(case: str) -> None:
    """tests/pages/<case>: the cleaned markup and the blocks equal the reviewed golden files."""
    article = clean((PAGES / case / "source.html").read_bytes())
    assert article.html == (PAGES / case / "expected.html").read_text("utf-8")
    assert render_text(article) == (PAGES / case / "expected.txt").read_text("utf-8")


def test_seed_article_keeps_the_article_and_drops_the_chrome(seed_html: str) -> None:
    article = clean(seed_html)
    text = BeautifulSoup(article.html, "html.parser").get_text()
    for chrome in ("PublishingPortal", "Tăng cỡ chữ", "Giảm cỡ chữ", "24/12/2020", "trackView", "ZoomIn"):
        assert chrome not in text and chrome not in article.html
    assert article.title.startswith("Tổng kết công tác tổ chức Đại hội")
    kinds = [b.kind for b in article.blocks]
    assert kinds[:2] == ["title", "lead"]
    assert kinds.count("caption") == 3 and kinds[-1] == "author"
    assert article.blocks[-1].text.strip() == "Hương Dịu"
    assert "nhiệm kỳ 2020-2025./." in article.blocks[-2].text
    soup = BeautifulSoup(article.html, "html.parser")
    assert len(soup.find_all("img")) == 3 and all(img["alt"] for img in soup.find_all("img"))
    assert soup.find("script") is None and "onclick" not in article.html and "style=" not in article.html


def test_every_block_has_a_unique_id_present_in_the_markup(seed_html: str) -> None:
    article = clean(seed_html)
    ids = [b.id for b in article.blocks]
    assert len(ids) == len(set(ids)) == 13
    soup = BeautifulSoup(article.html, "html.parser")
    assert [tag["id"] for tag in soup.find_all(id=True)] == ids


def test_ids_are_stable_across_runs_and_edits_elsewhere(seed_html: str) -> None:
    before = {b.text: b.id for b in clean(seed_html).blocks}
    edited = seed_html.replace("Các đại biểu dự Hội nghị</figcaption>", "Đại biểu dự Hội nghị</figcaption>")
    after = {b.text: b.id for b in clean(edited).blocks}
    unchanged = set(before) & set(after)
    assert len(unchanged) == len(before) - 1
    assert all(before[t] == after[t] for t in unchanged)


def test_title_argument_marks_the_matching_heading() -> None:
    article = clean("<h2>Giới thiệu</h2><h1>Bài chính</h1><p>Nội dung.</p>", title="  Bài   chính ")
    assert article.title == "Bài chính"
    assert [b.kind for b in article.blocks] == ["heading", "title", "paragraph"]


def test_input_is_nfc_normalized() -> None:
    decomposed = unicodedata.normalize("NFD", "<p>Tiếng Việt có dấu</p>")
    article = clean(decomposed)
    assert article.blocks[0].text == "Tiếng Việt có dấu"
    assert unicodedata.is_normalized("NFC", article.html)


def test_configured_selectors_and_iframe_hosts() -> None:
    html = (
        '<div class="quang-cao">Quảng cáo</div><p>Bài.</p>'
        '<iframe src="https://video.example.vn/embed/1"></iframe>'
        '<iframe src="http://video.example.vn/embed/2"></iframe>'
        '<iframe src="https://other.example/embed/3"></iframe>'
    )
    default = clean(html)
    assert "<iframe" not in default.html and "Quảng cáo" in default.html
    options = CleanOptions(drop_selectors=(".quang-cao",), iframe_hosts=frozenset({"video.example.vn"}))
    custom = clean(html, options=options)
    soup = BeautifulSoup(custom.html, "html.parser")
    assert "Quảng cáo" not in custom.html
    frames = soup.find_all("iframe")
    assert [f["src"] for f in frames] == ["https://video.example.vn/embed/1"]
    assert frames[0]["sandbox"] and frames[0]["title"]


def test_readable_classes_from_the_article_cannot_impersonate_ours() -> None:
    article = clean('<p class="readable-status lead">Mở đầu.</p>')
    assert 'class="readable-lead"' in article.html and "readable-status" not in article.html
    assert [b.kind for b in article.blocks] == ["lead"]
    forged = clean('<p class="readable-lead">Giả.</p><p class="readable-author">Giả.</p>')
    assert "class=" not in forged.html and {b.kind for b in forged.blocks} == {"paragraph"}


def test_key_depends_on_input_title_and_options(seed_html: str) -> None:
    keys = {
        clean(seed_html).key,
        clean(seed_html, title="Khác").key,
        clean(seed_html, options=CleanOptions(drop_selectors=())).key,
        clean(seed_html + " ").key,
    }
    assert len(keys) == 4
    assert clean(seed_html).key == clean(seed_html.encode()).key
