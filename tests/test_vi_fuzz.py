"""Property tests: normalize and split_sentences never raise, spans cover every non-space character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readable.vi import normalize, split_sentences

# Text biased towards what the rules look at: digits, separators, Vietnamese letters and marks.
_ALPHABET = st.sampled_from(
    list("0123456789 .,/-–:;!?…“”\"'()%&+h\nIVXđĐQPTHáàảãạăâêôơư") + ["TP.", "HĐND", "./.", "km"]
)
_TEXT = st.one_of(st.text(), st.lists(_ALPHABET, max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.sampled_from(["north", "south"]))
def test_normalize_never_raises(text: str, dialect: str) -> None:
    spoken = normalize(text, dialect=dialect)
    assert isinstance(spoken, str)
    assert "\n" not in spoken


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_spans_cover_every_non_space_character(text: str) -> None:
    spans = split_sentences(text)
    covered: set[int] = set()
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        last = end
    assert {i for i, ch in enumerate(text) if not ch.isspace()} <= covered
