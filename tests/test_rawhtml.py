"""The linear passes over raw markup: nesting bound, unclosed swallowing elements, plain text."""

from __future__ import annotations

import pytest

from readable.rawhtml import MAX_DEPTH, bound_nesting, paragraphs


def test_tags_inside_comments_raw_text_and_quoted_values_are_not_counted() -> None:
    deep = "<div>" * (MAX_DEPTH - 1)  # room for one more element: the span
    html = (
        deep
        + "<!-- <div><div> -->"
        + "<script>'<div>'</script><style>a>b{}</style>"
        + '<span title="a > <div>">x</span>'
        + "</div>" * (MAX_DEPTH - 1)
    )
    assert bound_nesting(html) == html
    assert "<span" not in bound_nesting("<div>" + html + "</div>")


def test_implied_end_tags_do_not_count_as_nesting() -> None:
    html = "<ul>" + "<li>mục" * (3 * MAX_DEPTH) + "</ul>" + "<p>đoạn" * (3 * MAX_DEPTH)
    html += "<table>" + "<tr><td>a<td>b" * (3 * MAX_DEPTH) + "</table>"
    assert bound_nesting(html) == html


@pytest.mark.parametrize("tail", ["<div", "<div class='x", "<!-- never closed", "</di"])
def test_input_ending_inside_a_tag_or_comment(tail: str) -> None:
    html = "<p>a</p>" + tail
    assert bound_nesting(html) == html


def test_an_unclosed_swallower_loses_only_its_start_tag() -> None:
    html = '<p>a</p><textarea name="x">b<p>c</p>'
    assert bound_nesting(html) == "<p>a</p>b<p>c</p>"
    closed = "<p>a</p><textarea>b</textarea><p>c</p>"
    assert bound_nesting(closed) == closed


def test_paragraphs_of_raw_markup() -> None:
    html = (
        "<h1>Tiêu &amp; đề</h1><p>Đoạn <b>một</b>\n tiếp</p><script>bí <p>mật</p></script>"
        "<!-- chú <p>thích</p> --><ul><li>Mục 1<li>Mục 2</ul>Dòng<br>mới<style>p{}</style>"
    )
    assert paragraphs(html) == ["Tiêu & đề", "Đoạn một tiếp", "Mục 1", "Mục 2", "Dòng", "mới"]
    assert paragraphs("") == [] and paragraphs("chữ thường") == ["chữ thường"]


def test_formatting_elements_are_closed_where_their_container_ends() -> None:
    html = "<p><b>a<i>b</p><p>c</p><div><a href=x>d</div><ul><li><em>e<li>f</ul>"
    assert bound_nesting(html) == (
        "<p><b>a<i>b</i></b></p><p>c</p><div><a href=x>d</a></div><ul><li><em>e</em><li>f</ul>"
    )
    closed = "<p><b>a</b></p><b><p>b</p></b>"
    assert bound_nesting(closed) == closed
