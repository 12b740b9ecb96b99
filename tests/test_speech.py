"""The speech script of an article: the seed golden and the contract of build_script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readable.article import Article, Block, clean
from readable.speech import CAPTION_PREFIX, Sentence, build_script, is_chrome

SEED = Path(__file__).parent / "pages" / "seed"


@pytest.fixture(scope="module")
def seed_script() -> list[Sentence]:
    return build_script(clean((SEED / "source.html").read_text(encoding="utf-8"), title=None))


def test_seed_starts_with_title_and_ends_with_author(seed_script: list[Sentence]) -> None:
    assert seed_script[0].text.startswith("Tổng kết công tác tổ chức Đại hội")
    assert seed_script[0].spoken.endswith("đến hai nghìn không trăm hai mươi lăm")
    assert seed_script[-1].text == "Hương Dịu"
    assert seed_script[-1].spoken == "Hương Dịu"


def test_seed_has_no_chrome(seed_script: list[Sentence]) -> None:
    for sentence in seed_script:
        for chrome in ("PublishingPortal", "Tăng cỡ chữ", "Giảm cỡ chữ", "./.", "ZoomIn", "trackView"):
            assert chrome not in sentence.text
            assert chrome not in sentence.spoken


def test_seed_equals_golden(seed_script: list[Sentence]) -> None:
    golden = json.loads((SEED / "expected_script.json").read_text(encoding="utf-8"))
    produced = [{"block_id": s.block_id, "text": s.text, "spoken": s.spoken} for s in seed_script]
    assert produced == golden, "run `python tests/regen_golden.py` and review the diff"


def test_seed_spans_point_into_blocks(seed_script: list[Sentence]) -> None:
    article = clean((SEED / "source.html").read_text(encoding="utf-8"))
    blocks = {block.id: block for block in article.blocks}
    for sentence in seed_script:
        assert blocks[sentence.block_id].text[sentence.start : sentence.end] == sentence.text


def test_seed_captions_announced_or_left_out(seed_script: list[Sentence]) -> None:
    captions = [s for s in seed_script if s.spoken.startswith(CAPTION_PREFIX)]
    assert [s.text for s in captions] == [
        "Phó Bí thư Thường trực Tỉnh ủy Phương Thị Thanh phát biểu tại Hội nghị",
        "Các đại biểu dự Hội nghị",
        "Các cá nhân nhận Bằng khen tại Hội nghị",
    ]
    article = clean((SEED / "source.html").read_text(encoding="utf-8"))
    without = build_script(article, captions=False)
    assert len(without) == len(seed_script) - 3
    assert not any(s.text == "Các đại biểu dự Hội nghị" for s in without)


def _article(*blocks: Block, title: str = "") -> Article:
    return Article(html="", title=title, blocks=tuple(blocks), key="k")


def test_title_prepended_when_not_the_first_block() -> None:
    article = _article(Block("rd-1", "p", "paragraph", "Nội dung 105 trang."), title="Tin  HĐND")
    script = build_script(article)
    assert script[0] == Sentence("", 0, 9, "Tin  HĐND", "Tin Hội đồng nhân dân")
    assert script[1].block_id == "rd-1"
    assert script[1].spoken == "Nội dung một trăm lẻ năm trang."


def test_title_heading_not_read_twice() -> None:
    heading = Block("rd-h", "h2", "heading", "Tin mới")
    assert [s.block_id for s in build_script(_article(heading, title="Tin mới"))] == ["rd-h"]
    lead = Block("rd-l", "p", "lead", "Mở đầu.")
    late_title = Block("rd-t", "h1", "title", "Tin mới")
    script = build_script(_article(lead, late_title, title="Tin mới"))
    assert [s.block_id for s in script] == ["", "rd-l"]


def test_chrome_and_silent_sentences_dropped() -> None:
    article = _article(
        Block("rd-0", "h1", "title", "Tiêu đề"),
        Block("rd-1", "div", "paragraph", "PublishingPortal - Block_BanTin_Toolbar"),
        Block("rd-2", "div", "paragraph", "24/12/2020"),
        Block("rd-3", "div", "paragraph", "Tăng cỡ chữ Giảm cỡ chữ"),
        Block("rd-4", "li", "item", "•"),
        Block("rd-5", "p", "paragraph", "Kết thúc. ./."),
        Block("rd-6", "p", "paragraph", "./."),
        Block("rd-7", "p", "author", "Hương Dịu"),
    )
    script = build_script(article)
    assert [(s.block_id, s.spoken) for s in script] == [
        ("rd-0", "Tiêu đề"),
        ("rd-5", "Kết thúc."),
        ("rd-7", "Hương Dịu"),
    ]


def test_caption_prefix_only_on_first_sentence() -> None:
    caption = Block("rd-c", "figcaption", "caption", "Lãnh đạo tỉnh. Ảnh: TTXVN")
    script = build_script(_article(Block("rd-0", "h1", "title", "T"), caption))
    assert [s.spoken for s in script[1:]] == [
        "Chú thích ảnh: Lãnh đạo tỉnh.",
        "Ảnh: Thông tấn xã Việt Nam",
    ]
    assert build_script(_article(Block("rd-0", "h1", "title", "T"), caption), captions=False)[1:] == []


def test_dialect_and_abbreviations_passed_on() -> None:
    article = _article(Block("rd-0", "h1", "title", "Năm 2005, BQL có 105 người"))
    north = build_script(article)[0].spoken
    south = build_script(article, dialect="south", abbreviations={"BQL": "Ban quản lý"})[0].spoken
    assert north == "Năm hai nghìn không trăm lẻ năm, bê quy e lờ có một trăm lẻ năm người"
    assert south == "Năm hai ngàn không trăm linh năm, Ban quản lý có một trăm linh năm người"
    with pytest.raises(ValueError, match="unknown dialect"):
        build_script(article, dialect="west")


def test_real_clean_reads_cells_items_and_skips_hidden() -> None:
    html = """
    <h1>Kết quả 2021</h1>
    <p aria-hidden="true">Ẩn 1</p><p hidden>Ẩn 2</p><p data-readable-skip>Ẩn 3</p>
    <ul><li>Tăng 5%.</li><li>Giảm 2,5%.</li></ul>
    <table><tr><td>Quý I</td><td>10 tỷ</td></tr><tr><td>Quý II</td><td>12 tỷ</td></tr></table>
    """
    script = build_script(clean(html))
    spoken = [s.spoken for s in script]
    assert spoken[0] == "Kết quả hai nghìn không trăm hai mươi mốt"
    assert not any("Ẩn" in line for line in spoken)
    assert spoken.index("Tăng năm phần trăm.") < spoken.index("Giảm hai phẩy năm phần trăm.")
    cells = [line for line in spoken if "tỷ" in line or "Quý" in line]
    assert cells == ["Quý một", "mười tỷ", "Quý hai", "mười hai tỷ"]


def test_empty_article() -> None:
    assert build_script(_article()) == []
    assert build_script(clean("")) == []


@pytest.mark.parametrize(
    ("text", "chrome"),
    [
        ("Tăng cỡ chữ", True),
        ("Tăng cỡ chữ | Giảm cỡ chữ", True),
        ("PublishingPortal - Block_BanTin_ViewData", True),
        ("./.", True),
        ("Thứ Năm, 24/12/2020 10:30", True),
        ("", True),
        ("Tăng cỡ chữ cho người cao tuổi", False),
        ("Ngày 24/12/2020 Tỉnh ủy họp", False),
        ("Hương Dịu", False),
    ],
)
def test_is_chrome(text: str, chrome: bool) -> None:
    assert is_chrome(text) is chrome


TABLE = (
    "<h1>Trẻ đến trường</h1><table><caption>Số trẻ theo địa bàn</caption>"
    "<thead><tr><th>Địa bàn</th><th>Số trẻ</th><th>Ngày báo cáo</th></tr></thead>"
    "<tbody><tr><th>Thành phố</th><td>12.450</td><td>12/03/2025</td></tr>"
    "<tr><td>Huyện miền núi</td><td><p>3.210</p></td><td>15/03/2025</td></tr>"
    "<tr><td colspan='3'>Số liệu của Sở Giáo dục.</td></tr></tbody></table>"
)


def test_a_table_is_read_row_by_row_with_its_headers() -> None:
    article = clean(TABLE)
    script = build_script(article)
    assert [s.spoken for s in script[1:]] == [
        "Bảng: Số trẻ theo địa bàn",
        "Địa bàn: Thành phố",
        "Số trẻ: mười hai nghìn bốn trăm năm mươi",
        "Ngày báo cáo: mười hai tháng ba năm hai nghìn không trăm hai mươi lăm",
        "Địa bàn: Huyện miền núi",
        "Số trẻ: ba nghìn hai trăm mười",
        "Ngày báo cáo: mười lăm tháng ba năm hai nghìn không trăm hai mươi lăm",
        # A cell over several columns has none of their headers.
        "Số liệu của Sở Giáo dục.",
    ]
    # The cues point at the cells (or the paragraph in a cell) and their own text: the highlight follows.
    blocks = {b.id: b for b in article.blocks}
    for sentence in script[1:]:
        block = blocks[sentence.block_id]
        assert block.text[sentence.start : sentence.end] == sentence.text
        assert block.kind in ("caption", "cell", "paragraph")
    assert [s.text for s in script[1:4]] == ["Số trẻ theo địa bàn", "Thành phố", "12.450"]
    assert [b.text for b in article.blocks if b.kind == "header"] == ["Địa bàn", "Số trẻ", "Ngày báo cáo"]


def test_a_table_caption_is_read_even_without_figure_captions() -> None:
    script = build_script(clean(TABLE), captions=False)
    assert script[1].spoken == "Bảng: Số trẻ theo địa bàn"
    figure = "<h1>T</h1><figure><img src='/a.jpg'><figcaption>Ảnh đẹp</figcaption></figure>"
    assert [s.spoken for s in build_script(clean(figure), captions=False)] == ["T"]
    assert build_script(clean(figure))[1].spoken == CAPTION_PREFIX + "Ảnh đẹp"


def test_a_one_column_layout_table_is_read_as_paragraphs() -> None:
    html = (
        "<table><tr><td><h1>Tiêu đề</h1></td></tr><tr><td>Đoạn một của bài.</td></tr>"
        "<tr><td>Đoạn hai của bài.</td></tr></table>"
    )
    article = clean(html)
    assert [(b.kind, b.header) for b in article.blocks] == [
        ("title", ""),
        ("paragraph", ""),
        ("paragraph", ""),
    ]
    assert [s.spoken for s in build_script(article)] == ["Tiêu đề", "Đoạn một của bài.", "Đoạn hai của bài."]


def test_a_table_without_header_row_and_nested_tables() -> None:
    html = (
        "<table><tr><td>a1</td><td>b1</td></tr><tr><td>a2</td><td>"
        "<table><tr><th>Cột</th><th>Giá trị</th></tr><tr><td>x</td><td>y</td></tr></table>"
        "</td></tr></table>"
    )
    article = clean(html)
    assert [(b.text, b.kind, b.header) for b in article.blocks] == [
        ("a1", "cell", ""),
        ("b1", "cell", ""),
        ("a2", "cell", ""),
        ("Cột", "header", ""),
        ("Giá trị", "header", ""),
        ("x", "cell", "Cột"),
        ("y", "cell", "Giá trị"),
    ]


def test_a_table_of_names_and_values_reads_each_value_after_its_name() -> None:
    html = (
        "<h1>Nghị định</h1><table><tr><th>Số hiệu</th><td>15/2025/NĐ-CP</td></tr>"
        "<tr><th>Ngày ban hành</th><td>12/03/2025</td></tr></table>"
    )
    article = clean(html)
    assert [(b.kind, b.header) for b in article.blocks[1:]] == [
        ("header", ""),
        ("cell", "Số hiệu"),
        ("header", ""),
        ("cell", "Ngày ban hành"),
    ]
    script = build_script(article)
    assert [s.text for s in script[1:]] == ["15/2025/NĐ-CP", "12/03/2025"]
    assert [s.spoken.split(":")[0] for s in script[1:]] == ["Số hiệu", "Ngày ban hành"]
