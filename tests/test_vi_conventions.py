"""Where readable deliberately reads otherwise than a peer suite of the shared benchmark
(/work/shared/benchmarks/vi-normalize, issue 15): each test names the peer cases by their id, gives the
reason, and checks readable's own reading on an example of our own (the peers' cases are not copied)."""

from __future__ import annotations

import pytest

from readable.vi import normalize

# (peer case ids, reason, our input, our reading)
CONVENTIONS = [
    (
        "nemo_tn/decimal/003 004 005 009 013, nemo_tn/money/016 028, sea_g2p/decimal/003, "
        "sea_g2p/money/012, sea_g2p/mixed/020",
        "decimals of up to three digits are read as a number, as news readers say them (the peers read "
        "every digit); longer decimals are read digit by digit",
        "7,45 tỷ",
        "bảy phẩy bốn mươi lăm tỷ",
    ),
    (
        "sea_g2p/decimal/005 007, sea_g2p/mixed/013, sea_g2p/electronic/015 018 052",
        "after a decimal point written the English way the same rule holds; the peer shortens 25 to "
        "'hai lăm', which is spoken slang",
        "2.35",
        "hai chấm ba mươi lăm",
    ),
    (
        "nemo_tn/fraction/001-008",
        "a bare day/month is a date in Vietnamese news (1/5, 2/9 are holidays); a fraction is read with "
        "'phần' when it is proper and before a unit, negative or after a whole number",
        "5/7",
        "năm tháng bảy",
    ),
    (
        "nemo_tn/money/008 013 026 027 029, sea_g2p/mixed/016",
        "an amount with decimals is read as the number it is written, not converted to cents",
        "12,75$",
        "mười hai phẩy bảy mươi lăm đô la",
    ),
    (
        "nemo_tn/decimal/025-028, nemo_tn/range/005",
        "a bare 't' after a number is ambiguous (tấn or tỷ), so it is left as written; 'tr' is millions",
        "6tr3",
        "sáu triệu ba trăm nghìn",
    ),
    (
        "nemo_tn/roman/006",
        "'thứ I' is the ordinal 'thứ nhất', as 'thứ 1' is",
        "thứ I",
        "thứ nhất",
    ),
    (
        "nemo_tn/roman/012",
        "a single C, D or M after a cue is a letter ('hạng C', the driving licence class)",
        "hạng D",
        "hạng D",
    ),
    (
        "nemo_tn/time/116 117, nemo_tn_fork/abbreviation/014",
        "acronyms are spelled with the Vietnamese letter names; those with a reading of their own stay "
        "in the abbreviation table ('BS' is 'bác sĩ' on a Vietnamese portal)",
        "giờ UTC, BS Lan",
        "giờ u tê xê, bác sĩ Lan",
    ),
    (
        "nemo_tn_fork/electronic/018-021, sea_g2p/electronic/004 006",
        "'www' is said 'vê kép vê kép vê kép', and the protocol before an address is not read",
        "https://www.hanoi.gov.vn",
        "vê kép vê kép vê kép chấm hanoi chấm gov chấm vê en",
    ),
    (
        "nemo_tn_fork/electronic/001 008 012 013, sea_g2p/electronic/001",
        "'gmail' is said 'gờ meo'",
        "lan@gmail.com",
        "lan a còng gờ meo chấm com",
    ),
    (
        "nemo_tn_fork/electronic/003 005 006",
        "a short label that is not a syllable cannot be said as a word and is spelled, as 'vn' is "
        "('chấm vê en'): 'fr', 'aol', 'msn'",
        "info@abc.fr",
        "info a còng a bê xê chấm ép e rờ",
    ),
    (
        "nemo_tn_fork/serial/004 010 013 014 019 020, sea_g2p/serial/006 007",
        "the number of a standard or a model is read as a number ('ISO chín nghìn không trăm lẻ một'), "
        "as announcers do",
        "ISO 14001",
        "i ét xì o mười bốn nghìn không trăm lẻ một",
    ),
    (
        "sea_g2p/abbreviation/014",
        "on a government portal 'đ/c' is 'đồng chí'",
        "đ/c Hùng",
        "đồng chí Hùng",
    ),
    (
        "sea_g2p/electronic/027",
        "'£' is 'bảng Anh' in Vietnamese",
        "£20",
        "hai mươi bảng Anh",
    ),
]


@pytest.mark.parametrize(("peers", "reason", "text", "spoken"), CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_deliberate_reading(peers: str, reason: str, text: str, spoken: str) -> None:
    assert peers and reason
    assert normalize(text) == spoken
