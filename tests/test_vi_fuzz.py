"""Property tests: normalize and split_sentences never raise, spans cover every non-space character, and
the spoken form grows at most linearly with the text (issue 15: also over the rules of rounds 2 to 4)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readable.vi import normalize, split_sentences

# Text biased towards what the rules look at: digits, separators, Vietnamese letters and marks.
_ALPHABET = st.sampled_from(
    list("0123456789 .,/-–:;!?…“”\"'()%&+h\nIVXđĐQPTHáàảãạăâêôơư")
    + ["TP.", "HĐND", "./.", "km"]
    # round 2: units, symbols, scientific notation, Roman numerals in lower case, addresses, acronyms
    + list("≥≤±≈≠<>^×x~€£¥₫₩₹$@egpsmtrcdlMCD")
    + ["mAh", "cm³", "μm", "tr", "chương ", "thế kỷ ", "năm ", "tháng ", "tp.", "q.", "kp.", "ABC", "www.",
       ".vn", "đơn vị ", " sáng", "trong ", "Đề án ", "e-", "^-"]
    # round 3: codes of letters and digits, "t" for tỷ, slashes between words, marks in names and
    # addresses, dotted codes, a standard's year, arrows
    + list("#_→⟶)tMABCxyz")
    + ["gmail", "nvidia.com", "a-b@c-d.org", "iso-", "abc-", "-Index", "VN", "P/E", "up/down", "1t", "2t3",
       "0.0.0.1", "192.", ":2015", "ISO ", "(x)/", "U23", "SP500", "đ/c", "MAX_", "user_", "tỷ số "]
    # round 4: IPv6 addresses, currency pairs, model numbers, file names and paths, a spaced rate
    + ["::", "fe80:", "db8:", "USD/", "EUR", "DDR5-", "i9-", "/home", "C:\\", ".txt", ".tar.gz", "_v3", " / ",
       "kg"]
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


#: The longest spoken form of one character of text: a digit in a long number is a few words, "≥" is
#: "lớn hơn hoặc bằng"; anything longer would mean a rule reads a stretch of text more than once.
_MAX_GROWTH = 40


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_spoken_form_grows_linearly(text: str) -> None:
    # Linear time, checked by structure rather than by a clock: the output of every step is bounded by a
    # constant times its input, so no rule can multiply the text.
    assert len(normalize(text)) <= _MAX_GROWTH * len(text) + 20


@settings(max_examples=100, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=12).map("".join), st.integers(min_value=2, max_value=30))
def test_repeated_sentences_are_read_alike(unit: str, times: int) -> None:
    # Sentences are independent: the same sentence repeated is read the same each time, whatever it holds,
    # so the work for a text is the sum of the work for its sentences.
    sentence = " ".join(unit.replace(".", " ").replace("!", " ").replace("?", " ").replace("…", " ").split())
    if len(split_sentences(sentence)) != 1:
        return
    spoken = normalize(sentence)
    text = "\n".join([sentence] * times)
    assert [normalize(text[a:b]) for a, b in split_sentences(text)] == [spoken] * times
