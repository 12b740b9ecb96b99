"""Markup that used to make the server slow or the article wrong: deep and wide shapes, forms that wrap the
article, unclosed elements, classes borrowed from the portal's stylesheet, input that is not text.

Structure only (no error, output complete); the time and memory of these shapes are in bench/wrap.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template_string

from readable import Readable, get_state
from readable.article import clean
from readable.audio import script as audio_script
from readable.rawhtml import MAX_DEPTH, bound_nesting

LEVELS = 3000


def _depth(html: str) -> int:
    soup = BeautifulSoup(html, "html.parser")
    deepest = 0
    for tag in soup.find_all(True):
        deepest = max(deepest, sum(1 for _ in tag.parents))
    return deepest


def _words(html: str) -> list[str]:
    return re.findall(r"w\d+", BeautifulSoup(html, "html.parser").get_text(" "))


@pytest.mark.parametrize(
    ("open_", "close"),
    [
        ("<div>", "</div>"),
        ("<ul><li>", "</li></ul>"),
        ("<table><tr><td>", "</td></tr></table>"),
        ("<blockquote><p>", "</p></blockquote>"),
        ("<span>", "</span>"),
        ("<b>", ""),  # never closed
    ],
)
def test_deep_nesting_keeps_the_text_of_every_level_in_order(open_: str, close: str) -> None:
    html = "".join(f"{open_}w{n} " for n in range(LEVELS)) + close * LEVELS + "<p>w-end</p>"
    article = clean(html)
    assert _words(article.html) == [f"w{n}" for n in range(LEVELS)]
    assert "w-end" in article.html
    # The nesting is bounded: the sanitizer's parser, whose time grows with the depth, never sees more.
    assert _depth(article.html) <= 4 * MAX_DEPTH
    assert "".join(b.text for b in article.blocks).split() == [f"w{n}" for n in range(LEVELS)] + ["w-end"]


def test_formatting_closed_by_its_paragraph_is_not_reopened_in_every_later_one() -> None:
    """The HTML parser reopens "<b class=n>" in each following element: n paragraphs held n * n / 2 bold
    elements (45 KB took 1.7 s in the sanitizer, 180 KB 80 s)."""
    html = "".join(f"<p><b class=c{n}>w{n}</p>" for n in range(5000))
    article = clean(html)
    assert article.html.count("<b>") == 5000
    assert [b.text for b in article.blocks] == [f"w{n}" for n in range(5000)]


def test_nesting_within_the_limit_is_left_alone() -> None:
    html = "<div>" * MAX_DEPTH + "text" + "</div>" * MAX_DEPTH
    assert bound_nesting(html) == html
    table = "<table><tr><td><p>a<p>b<ul><li>c<li>d</ul></td></tr></table>" * 50
    assert bound_nesting(table) == table


def test_flattened_levels_lose_only_their_tags() -> None:
    html = "<div>" * (MAX_DEPTH + 5) + "x" + "</div>" * (MAX_DEPTH + 5) + "<p>after</p>"
    bounded = bound_nesting(html)
    assert bounded.count("<div>") == bounded.count("</div>") == MAX_DEPTH
    assert bounded.endswith("x" + "</div>" * MAX_DEPTH + "<p>after</p>")


def test_nested_tables_each_get_their_region_and_caption_label() -> None:
    html = "".join(f"<table><caption>Bảng {n}</caption><tr><td>w{n} " for n in range(25)) + (
        "</td></tr></table>" * 25
    )
    soup = BeautifulSoup(clean(html).html, "html.parser")
    regions = soup.select("div.readable-table")
    assert len(regions) == 25
    assert [r["aria-label"] for r in regions] == [f"Bảng {n}" for n in range(25)]
    assert all(r.find("table", recursive=False) for r in regions)


def test_a_table_with_attributes_that_sort_first_still_gets_its_region() -> None:
    """The serializer may write the table's own kept attributes (aria-hidden) before the label left on it:
    the region still opens, so each "</div>" added after "</table>" closes it and nothing else."""
    html = (
        '<table aria-hidden="false"><caption>Thu chi</caption>'
        "<tr><td>5 tỷ</td></tr></table><p>Ghi chú sau bảng.</p>"
    )
    out = clean(html).html
    assert out.count("<div") == out.count("</div>") == 1
    soup = BeautifulSoup(out, "html.parser")
    (region,) = soup.select("div.readable-table")
    assert region["aria-label"] == "Thu chi" and region.table is not None
    assert region.table.get("aria-hidden") == "false"
    assert soup.find(attrs={"data-readable-table": True}) is None
    assert soup.p is not None and soup.p.parent is not region


def test_the_table_region_cannot_be_forged_or_broken_by_text() -> None:
    forged = '<table data-readable-table="x">'
    html = (
        f"<p title='</table>{forged}'>&lt;/table&gt;{forged.replace('<', '&lt;')}</p>"
        "<table><caption>Tên \"lạ\" &amp; 'khác'</caption><tr><td>ô</td></tr></table>"
    )
    soup = BeautifulSoup(clean(html).html, "html.parser")
    assert soup.p is not None and soup.p["title"] == f"</table>{forged}"
    assert soup.p.get_text() == f"</table>{forged}"
    regions = soup.select("div.readable-table")
    assert len(regions) == 1 and regions[0]["aria-label"] == "Tên \"lạ\" & 'khác'"
    assert regions[0].table is not None and soup.find(attrs={"data-readable-table": True}) is None


@pytest.mark.parametrize(
    "html",
    ["Dòng w{n}<br>", "<i>w{n}</i> ", "<b><i>w{n}</i></b><br>", "<p>w{n}</p>", "<a href='/x'>w{n}</a> "],
)
def test_wide_markup_keeps_everything(html: str) -> None:
    source = "".join(html.format(n=n) for n in range(20_000))
    article = clean(source)
    assert _words(article.html) == [f"w{n}" for n in range(20_000)]


def test_the_manifest_stops_normalizing_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speech script is made sentence by sentence: past the limit nothing more is normalized."""
    from readable import speech

    calls = []
    real = speech.normalize

    def counting(text: str, **kwargs: object) -> str:
        calls.append(text)
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(speech, "normalize", counting)
    article = clean("Câu số 12 của bài.<br>" * 20_000)
    manifest = audio_script.manifest(article, max_chars=2000, max_sentences=3000)
    assert manifest["sentences"][-1]["spoken"] == audio_script.CUT_NOTE
    assert 40 < len(manifest["sentences"]) < 200
    assert len(calls) == len(manifest["sentences"])


def test_a_run_on_sentence_is_read_in_bounded_pieces_and_cut_at_the_limit() -> None:
    from readable.speech import LONGEST, build_script

    words = " ".join(f"từ{n}" for n in range(20_000))
    script = build_script(clean(f"<p>{words}</p>"))
    assert all(len(s.text) <= LONGEST for s in script)
    assert " ".join(s.text for s in script) == words
    manifest = audio_script.manifest(clean(f"<p>{words * 10}</p>"), max_chars=10_000)
    assert manifest["sentences"][-1]["spoken"] == audio_script.CUT_NOTE
    assert sum(len(s["spoken"]) for s in manifest["sentences"][:-1]) <= 10_000


@pytest.mark.parametrize("tag", ["button", "textarea", "audio", "video", "style", "select", "noscript"])
def test_an_unclosed_element_does_not_swallow_the_rest(tag: str) -> None:
    html = f"<p>Trước.</p><{tag}>Nhãn<p>Sau một.</p><div><p>Sau hai.</p></div><h2>Cuối</h2>"
    texts = [b.text for b in clean(html).blocks]
    assert texts[0] == "Trước." and texts[-3:] == ["Sau một.", "Sau hai.", "Cuối"]
    assert f"<{tag}" not in clean(html).html


@pytest.mark.parametrize(
    "control",
    [
        "<button>Gửi</button>",
        "<textarea>Ý kiến</textarea>",
        "<select><option>Hà Nội</option></select>",
        "<style>p{color:red}</style>",
        "<audio src='/a.mp3'>Trình duyệt không hỗ trợ</audio>",
    ],
)
def test_closed_controls_are_still_dropped_with_their_content(control: str) -> None:
    article = clean(f"<p>Một.</p>{control}<p>Hai.</p>")
    assert [b.text for b in article.blocks] == ["Một.", "Hai."]


def test_a_form_wrapping_the_article_is_unwrapped_keeping_its_content() -> None:
    html = (
        '<form name="aspnetForm" method="post" action="./bai-viet.aspx" id="aspnetForm">'
        '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1">'
        '<div class="ms-webpart-zone"><div class="ms-rtestate-field">'
        "<h1>Tiêu đề</h1><p>Đoạn một.</p><p>Đoạn hai.</p>"
        '<label for="q">Tìm</label><input id="q" name="q"><button type="submit">Tìm kiếm</button>'
        "</div></div></form>"
    )
    article = clean(html)
    assert [b.text for b in article.blocks] == ["Tiêu đề", "Đoạn một.", "Đoạn hai."]
    assert article.blocks[0].kind == "title"
    # The controls go, and so does the label that named one.
    for gone in ("<form", "<input", "VIEWSTATE", "<button", "Tìm"):
        assert gone not in article.html


@pytest.mark.parametrize("bad", [None, 12, ["<p>a</p>"], object()])
def test_non_text_input_is_a_type_error_from_python(app: Flask, bad: object) -> None:
    with pytest.raises(TypeError, match="must be str or bytes"):
        clean(bad)  # type: ignore[arg-type]
    with app.test_request_context("/"), pytest.raises(TypeError, match="must be str or bytes"):
        get_state(app).extension.article(bad)  # type: ignore[arg-type]
    with app.test_request_context("/"), pytest.raises(TypeError, match="title must be str"):
        get_state(app).extension.article("<p>a</p>", 5)  # type: ignore[arg-type]


@pytest.mark.parametrize("expression", ["None", "missing", "42", "body", "[1, 2]"])
def test_non_text_input_in_a_template_shows_the_empty_message(app: Flask, expression: str) -> None:
    @app.route("/none")
    def none() -> str:
        return render_template_string(f"{{{{ readable_article({expression}, title=None) }}}}", body=None)

    response = app.test_client().get("/none")
    assert response.status_code == 200
    assert "Bài viết này không có nội dung để hiển thị." in response.text


def test_only_classes_readable_understands_are_kept() -> None:
    html = (
        '<div class="modal-backdrop fade show">Một.</div><p class="fixed-top alert">Đăng nhập lại.</p>'
        '<p class="sapo lead text-danger">Tóm tắt.</p><p class="author position-absolute">Tác giả</p>'
        '<span class="readable-article">x</span><p class="visually-hidden">Cho trình đọc.</p>'
    )
    soup = BeautifulSoup(clean(html).html, "html.parser")
    classes = [c for tag in soup.find_all(class_=True) for c in tag["class"]]
    assert classes == ["readable-lead", "readable-author"]


@pytest.mark.parametrize("hiding", ["d-none", "hidden", "invisible", "hide"])
def test_text_hidden_by_a_utility_class_is_neither_shown_nor_read(tmp_path: Path, hiding: str) -> None:
    html = f'<p>Thấy được.</p><p>Đoạn <span class="text-muted {hiding}">bí mật</span> cuối.</p>'
    article = clean(html)
    assert "bí mật" not in article.html
    assert [b.text for b in article.blocks] == ["Thấy được.", "Đoạn  cuối."]
    app = Flask(__name__)
    app.config.update(READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(tmp_path))
    Readable(app)
    with app.test_request_context("/"):
        key = get_state(app).extension.register(html).audio_key
    manifest = get_state(app).audio.store.manifest(key)  # type: ignore[union-attr, arg-type]
    assert manifest is not None and not any("bí mật" in s["spoken"] for s in manifest["sentences"])
