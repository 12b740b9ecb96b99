"""Sentence splitting: the cases of tests/data/vi_sentences.json and the span contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readable.vi import split_sentences

CASES = json.loads((Path(__file__).parent / "data" / "vi_sentences.json").read_text("utf-8"))


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    covered = [False] * len(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for i in range(start, end):
            covered[i] = True
        last = end
    assert all(covered[i] for i, ch in enumerate(text) if not ch.isspace())


def test_enough_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case["text"][:40] for case in CASES])
def test_split(case: dict[str, object]) -> None:
    text = str(case["text"])
    spans = split_sentences(text)
    _check_spans(text, spans)
    assert [text[start:end] for start, end in spans] == case["sentences"]
