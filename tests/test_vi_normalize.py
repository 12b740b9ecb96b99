"""The spoken forms of tests/data/vi_cases.tsv, and the normalize() API."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from readable.vi import default_processors, normalize

CASES = Path(__file__).parent / "data" / "vi_cases.tsv"
_SPACE = re.compile(r"\s+")


def _load() -> list[tuple[str, str, str, list[str]]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(row[0], row[1], row[2], row[3:]) for row in rows[1:] if row]


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


CASE_ROWS = _load()


def test_table_covers_every_category() -> None:
    categories = {row[0] for row in CASE_ROWS}
    assert len(CASE_ROWS) >= 300
    assert {
        "cardinal", "decimal", "percent", "date", "time", "range", "fraction", "roman",
        "roman-word", "ordinal", "abbreviation", "unit", "currency", "phone", "document",
        "code", "punctuation", "nfc", "south",
    } <= categories  # fmt: skip


@pytest.mark.parametrize(
    ("category", "dialect", "text", "forms"),
    CASE_ROWS,
    ids=[f"{row[0]}:{row[2]}" for row in CASE_ROWS],
)
def test_spoken_form(category: str, dialect: str, text: str, forms: list[str]) -> None:
    spoken = normalize(text, dialect=dialect)
    assert _fold(spoken) in {_fold(form) for form in forms}


def test_unknown_dialect() -> None:
    with pytest.raises(ValueError, match="unknown dialect 'central'"):
        normalize("105", dialect="central")


def test_abbreviations_extend_and_override() -> None:
    extra = {"BQL": "Ban quản lý", "UBND": "Ủy ban"}
    assert normalize("BQL dự án của UBND", abbreviations=extra) == "Ban quản lý dự án của Ủy ban"
    assert normalize("UBND") == "Ủy ban nhân dân"


def test_processors_replace_the_pipeline() -> None:
    assert normalize("HĐND 105", processors=[str.upper]) == "HĐND 105"
    steps = [*default_processors(), lambda text: text.replace("năm", "5")]
    assert normalize("105", processors=steps) == "một trăm lẻ 5"
    assert normalize("abc", processors=[]) == "abc"


def test_input_is_nfc_normalized() -> None:
    decomposed = "Tie\u0302\u0301ng Vie\u0323\u0302t"
    assert normalize(decomposed) == "Tiếng Việt"
