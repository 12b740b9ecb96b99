"""READABLE_LEXICON: editors' written → spoken forms, applied first, read again when the file changes."""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path

import pytest
from flask import Flask

from readable import Readable
from readable import lexicon as lexicon_mod
from readable.state import get_state
from readable.vi import normalize
from readable.vi.lexicon import parse


class Clock:
    """Stands in for ``time`` in readable.lexicon, so a test decides when the next look at the file is due."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(lexicon_mod, "time", clock)
    return clock


def make_app(lexicon: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_LEXICON=lexicon)
    Readable(app)
    return app


def write(path: Path, text: str | bytes) -> None:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    # A later modification time whatever the file system's resolution.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9 * (1 + int(stat.st_mtime_ns % 7))))


# The entries themselves


def test_whole_words_only() -> None:
    lex = {"Pin": "Pin", "net": "nét", "AI": "ây ai"}
    assert normalize("Dùng AI.", lexicon=lex) == "Dùng ây ai."
    assert normalize("DAIS và AIR", lexicon=lex) != normalize("ây ai", lexicon=lex)
    assert "ây ai" not in normalize("Hệ thống MAIL và AIx", lexicon=lex)
    # Not inside a web address or a file name.
    assert "nét" not in normalize("Xem vnexpress.net", lexicon=lex)
    assert normalize("mạng net", lexicon=lex) == "mạng nét"


def test_capitals_match_as_written_lower_case_matches_any_case() -> None:
    lex = {"COVID": "cô vít", "vắc xin": "vác xin"}
    assert normalize("Ca COVID mới", lexicon=lex) == "Ca cô vít mới"
    assert "cô vít" not in normalize("Ca covid mới", lexicon=lex)
    assert normalize("Vắc xin và VẮC XIN", lexicon=lex) == "vác xin và vác xin"


def test_capitals_win_over_lower_case_at_equal_length() -> None:
    lex = {"SAO": "xao", "sao": "sao nhé"}
    assert normalize("SAO và Sao", lexicon=lex) == "xao và sao nhé"


def test_longest_form_first() -> None:
    lex = {"Bộ Y": "bộ i", "Bộ Y tế": "bộ y tế nhé"}
    assert normalize("Bộ Y tế họp", lexicon=lex) == "bộ y tế nhé họp"


def test_vietnamese_diacritics_and_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Đắk Lắk")
    # An entry typed decomposed matches composed text, and the other way round.
    lex = {decomposed: "Đác Lác"}
    assert normalize("Tỉnh Đắk Lắk", lexicon=lex) == "Tỉnh Đác Lác"
    assert normalize(unicodedata.normalize("NFD", "Tỉnh Đắk Lắk"), lexicon={"Đắk Lắk": "Đác Lác"}) == (
        "Tỉnh Đác Lác"
    )
    # "Đắk" is not "Đăk": diacritics count.
    assert "Đác" not in normalize("Tỉnh Đăk Lăk", lexicon={"Đắk Lắk": "Đác Lác"})


def test_the_lexicon_wins_over_the_built_in_abbreviations() -> None:
    assert normalize("UBND tỉnh") == "Ủy ban nhân dân tỉnh"
    assert normalize("UBND tỉnh", lexicon={"UBND": "u bê en đê"}) == "u bê en đê tỉnh"
    # ... and over READABLE_ABBREVIATIONS.
    assert normalize("UBKT", abbreviations={"UBKT": "Ủy ban Kiểm tra"}, lexicon={"UBKT": "u ca"}) == "u ca"


def test_spoken_forms_go_through_the_rules() -> None:
    assert normalize("Gói V5", lexicon={"V5": "vê 5"}) == "Gói vê năm"


# The file


def test_file_format() -> None:
    data = "# comment\n\nCOVID\tcô vít\r\n\n  # indented comment\nvắc xin\t vác xin \n".encode()
    assert parse(("\ufeff" + "COVID\tcô vít\n").encode()) == {"COVID": "cô vít"}
    assert parse(data) == {"COVID": "cô vít", "vắc xin": "vác xin"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"COVID\tc\xf4 v\xedt\n", "line 1: not UTF-8"),
        ("# x\nCOVID cô vít\n".encode(), "line 2: no tab"),
        ("COVID\tcô vít\tghi chú\n".encode(), "line 1: more than one tab"),
        (b"COVID\t \n", "line 1: an empty spoken form for 'COVID'"),
        ("\tcô vít\n".encode(), "line 1: an empty written form"),
        ("COVID\tcô vít\nCOVID\tcô vi\n".encode(), "line 2: 'COVID' is already on line 1"),
    ],
)
def test_a_bad_file_is_refused_at_init_naming_the_key(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "lexicon.tsv"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=r"^READABLE_LEXICON must be .*" + message):
        make_app(str(path))


def test_a_mapping_in_the_config(tmp_path: Path) -> None:
    app = make_app({"COVID": "cô vít"})
    with app.app_context():
        registered = get_state(app).extension.register("<p>Ca COVID mới.</p>")
        assert registered.audio_key is not None
        manifest = get_state(app).audio.store.manifest(registered.audio_key)  # type: ignore[union-attr]
    assert manifest is not None and manifest["sentences"][0]["spoken"] == "Ca cô vít mới."


ARTICLE_A = "<h1>Tiêm vắc xin</h1><p>Ca COVID mới giảm.</p>"
ARTICLE_B = "<h1>Thời tiết</h1><p>Hà Nội có mưa.</p>"


def spoken(app: Flask, key: str) -> list[str]:
    manifest = get_state(app).audio.store.manifest(key)  # type: ignore[union-attr]
    assert manifest is not None
    return [s["spoken"] for s in manifest["sentences"]]


def test_a_changed_file_is_read_again_without_a_restart_and_rekeys_only_what_it_changes(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "lexicon.tsv"
    write(path, "COVID\tcô vít\n")
    app = make_app(str(path))
    extension = get_state(app).extension
    with app.app_context():
        a1 = extension.register(ARTICLE_A).audio_key
        b1 = extension.register(ARTICLE_B).audio_key
        assert a1 and b1
        assert "Ca cô vít mới giảm." in spoken(app, a1)

        write(path, "COVID\tcô vi rút\n")
        # Not looked at before the interval is over: no stat per article.
        clock.now += lexicon_mod.CHECK_INTERVAL / 2
        assert extension.register(ARTICLE_A).audio_key == a1
        clock.now += lexicon_mod.CHECK_INTERVAL
        with caplog.at_level(logging.INFO, "readable"):
            a2 = extension.register(ARTICLE_A).audio_key
            b2 = extension.register(ARTICLE_B).audio_key
        assert '"event": "lexicon_loaded"' in caplog.text
        # Only the article with the entry has a new key (and so new audio); the other keeps its audio.
        assert a2 and a2 != a1 and "Ca cô vi rút mới giảm." in spoken(app, a2)
        assert b2 == b1


def test_a_broken_file_at_reload_is_logged_and_the_previous_lexicon_kept(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "lexicon.tsv"
    write(path, "COVID\tcô vít\n")
    app = make_app(str(path))
    extension = get_state(app).extension
    with app.app_context():
        key = extension.register(ARTICLE_A).audio_key
        for broken in (b"COVID\tc\xf4\n", "COVID cô vi rút\n".encode(), b"COVID\t\n"):
            write(path, broken)
            clock.now += lexicon_mod.CHECK_INTERVAL
            caplog.clear()
            with caplog.at_level(logging.ERROR, "readable"):
                assert extension.register(ARTICLE_A).audio_key == key
            assert '"event": "lexicon_invalid"' in caplog.text and "line 1" in caplog.text
        # Logged once per change, not at every look.
        clock.now += lexicon_mod.CHECK_INTERVAL
        caplog.clear()
        with caplog.at_level(logging.ERROR, "readable"):
            extension.register(ARTICLE_A)
        assert "lexicon_invalid" not in caplog.text
        # A missing file too keeps the lexicon; the fixed file is read again.
        path.unlink()
        clock.now += lexicon_mod.CHECK_INTERVAL
        with caplog.at_level(logging.ERROR, "readable"):
            assert extension.register(ARTICLE_A).audio_key == key
        assert "lexicon_invalid" in caplog.text
        write(path, "COVID\tcô vi rút\n")
        clock.now += lexicon_mod.CHECK_INTERVAL
        fixed = extension.register(ARTICLE_A).audio_key
        assert fixed and fixed != key and "Ca cô vi rút mới giảm." in spoken(app, fixed)
