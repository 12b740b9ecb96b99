"""Bad input never raises (issue 3, point 6): each kind of bad input is a test."""

from __future__ import annotations

import pytest

from readable.vi import normalize, split_sentences


def _ok(text: str) -> str:
    spoken = normalize(text)
    assert isinstance(spoken, str)
    for start, end in split_sentences(text):
        normalize(text[start:end], dialect="south")
    return spoken


def test_empty() -> None:
    assert _ok("") == ""
    assert split_sentences("") == []


def test_whitespace_only() -> None:
    assert _ok(" \t\n\r ") == ""


def test_emoji() -> None:
    assert (
        _ok("Chúc mừng 🎉🎉 năm mới 👨‍👩‍👧 2021!") == "Chúc mừng năm mới hai nghìn không trăm hai mươi mốt!"
    )


def test_mixed_scripts() -> None:
    spoken = _ok("Hà Nội 北京 Москва 2021 العربية ñandú")
    assert "hai nghìn không trăm hai mươi mốt" in spoken
    assert "北京" in spoken and "Москва" in spoken


def test_control_characters() -> None:
    spoken = _ok("Tỉnh\x00 ủy\x07 họp\u200b ngày\x1b 5/1\ufeff")
    assert spoken == "Tỉnh ủy họp ngày năm tháng một"


def test_lone_surrogates_and_private_use() -> None:
    _ok("a\ud800b\udfffc\ue000 12")


def test_forty_digit_number_is_read_digit_by_digit() -> None:
    number = "1234567890" * 4
    spoken = _ok(number)
    assert spoken.split() == "một hai ba bốn năm sáu bảy tám chín không".split() * 4


def test_dotted_digits() -> None:
    assert _ok("1.2.3.4") == "một chấm hai chấm ba chấm bốn"


@pytest.mark.parametrize("text", ["“Trích dẫn không đóng", "Đóng mà không mở”", '"""', "« »", "(((", "))"])
def test_unbalanced_quotes_and_brackets(text: str) -> None:
    _ok(text)


@pytest.mark.parametrize(
    "text",
    ["/////", "-----", "./././.", "..........", "%%%", "12/", "/12", "1/0", "0/0", "31/02", "99h99",
     "-", "1-", "-1", "1e10", "٣٤", "１２３", "²³", "Ⅻ", "½", "1,", ",1", "1..2", "0,", "00000",
     "+", "+84", "1900", "U", "h", "đ", "%1"],
)  # fmt: skip
def test_odd_tokens(text: str) -> None:
    _ok(text)


def test_one_megabyte_without_punctuation() -> None:
    # The figure (seconds per MB) is in bench/normalize.py; here the structure: one sentence, and the spoken
    # form of the repeated text is the unit's spoken form repeated, so no part is lost or read differently.
    unit = "tuyên truyền gương người tốt việc tốt HĐND "
    text = unit * 23_000
    assert len(text.encode("utf-8")) > 1_000_000
    assert split_sentences(text) == [(0, len(text.rstrip()))]
    assert normalize(text) == " ".join([normalize(unit)] * 23_000)


def test_one_megabyte_of_digits_and_spaces() -> None:
    unit = "12 345 6789 "
    text = unit * 80_000
    assert _ok(text) == " ".join([normalize(unit)] * 80_000)


def test_adversarial_text_of_round_two() -> None:
    # Issue 15: the new rules on repeated hostile units (times, units, ranges, symbols, notation, Roman
    # numerals, addresses, long numbers): each unit is read the same wherever it stands, so nothing is
    # lost, doubled or read across units; the figure is in bench/normalize.py.
    unit = "12:30:45 ≥ 3kg-5kg 1.05 -3/4 chương xiv tp.Huế x^2 1e5 ₩500 123456789012 đơn vị km ABC "
    text = unit * 4_000
    assert len(text.encode("utf-8")) > 200_000
    spoken = normalize(unit)
    assert normalize(text) == " ".join([spoken] * 4_000)
