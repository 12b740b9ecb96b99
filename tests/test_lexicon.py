"""READABLE_LEXICON: editors' written → spoken forms, applied first, read again when the file changes."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from readable import Readable
from readable import lexicon as lexicon_mod
from readable.state import get_state
from readable.vi import normalize
from readable.vi.lexicon import Lexicon, parse


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


# flask readable lexicon check


def test_lexicon_check_lists_what_the_voice_is_left_to_guess(tmp_path: Path) -> None:
    from readable.commands import group

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.html").write_text(
        "<h1>Công nghệ</h1><p>Ông CEO nói về smartphone. Giá smartphone tăng.</p>"
        "<p>Mạng 5G và GPS § tốt.</p>",
        encoding="utf-8",
    )
    (articles / "b.jsonl").write_text(
        json.dumps({"html": "<p>Người dùng smartphone cần GPS.</p><p>Tỉnh Đắk Lắk có mưa.</p>"}) + "\n{bad\n",
        encoding="utf-8",
    )
    lexicon_file = tmp_path / "lexicon.tsv"
    write(lexicon_file, "CEO\tsi i âu\n")
    app = make_app(str(lexicon_file))
    result = app.test_cli_runner().invoke(group, ["lexicon", "check", str(articles)])
    # (Click 8.1 mixes standard error into result.stdout; the report's lines are the ones with tabs.)
    lines = [line for line in result.stdout.splitlines() if "\t" in line]
    assert lines[0] == "số lần\tchữ\tloại\tví dụ"
    rows = [line.split("\t") for line in lines[1:]]
    # Most frequent first, with its count, its kind and the first sentence it was seen in.
    assert rows[0] == ["3", "smartphone", "từ ngoại", "Ông CEO nói về smartphone."]
    assert ["2", "GPS", "viết tắt", "Mạng 5G và GPS § tốt."] in rows
    assert ["1", "§", "ký hiệu", "Mạng 5G và GPS § tốt."] in rows
    counts = [int(row[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    tokens = {row[1] for row in rows}
    # In the lexicon: not a candidate any more. Vietnamese words and place names are not listed.
    assert "CEO" not in tokens and not tokens & {"Người", "dùng", "Đắk", "Lắk", "Mạng", "tốt"}
    # The unreadable line is reported, and makes the exit status 1; nothing was registered.
    assert "b.jsonl:2" in result.output and result.exit_code == 1
    assert "2 bài" in result.output
    assert not list((tmp_path / "audio").glob("**/*.json"))

    limited = app.test_cli_runner().invoke(
        group, ["lexicon", "check", str(articles / "a.html"), "--limit", "1"]
    )
    assert limited.exit_code == 0 and len([line for line in limited.stdout.splitlines() if "\t" in line]) == 2


# readable say

CLI = [sys.executable, "-m", "readable.cli"]


def test_say_makes_a_real_mp3_with_the_offline_voice_and_the_lexicon(tmp_path: Path) -> None:
    from readable.audio.mp3 import ARTICLE_FORMAT, frames

    lexicon_file = tmp_path / "lexicon.tsv"
    lexicon_file.write_text("UBND\tu bê en đê\n", encoding="utf-8")
    plain, with_entry = tmp_path / "plain.mp3", tmp_path / "entry.mp3"
    said = []
    for out, extra in ((plain, []), (with_entry, ["--lexicon", str(lexicon_file)])):
        result = subprocess.run(
            [*CLI, "say", "UBND tỉnh.", "-o", str(out), "--voice", "espeak", *extra],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        said.append(result.stderr)
        data = out.read_bytes()
        assert data.startswith(b"ID3") and len(list(frames(data))) > 10
        assert {f.format for f in frames(data)} == {ARTICLE_FORMAT}
    assert "đọc: Ủy ban nhân dân tỉnh." in said[0] and "đọc: u bê en đê tỉnh." in said[1]
    assert plain.read_bytes() != with_entry.read_bytes()
    assert not list(tmp_path.glob(".readable-*"))


def test_say_refuses_a_bad_lexicon_and_empty_text(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("COVID cô vít\n", encoding="utf-8")
    out = tmp_path / "x.mp3"
    result = subprocess.run(
        [*CLI, "say", "Ca COVID.", "-o", str(out), "--voice", "espeak", "--lexicon", str(bad)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "line 1: no tab" in result.stderr
    result = subprocess.run(
        [*CLI, "say", " … ", "-o", str(out), "--voice", "espeak"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "nothing to read" in result.stderr
    assert not out.exists()


# Properties

_WORD = st.text(alphabet="aAbBcCđĐeEêÊoOơƠuUưƯxXyY0123456789&-.", min_size=1, max_size=8).filter(
    lambda w: any(ch.isalnum() for ch in w)
)
_TEXT = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(_WORD, st.sampled_from([" ", ".", "/", "@", "\t"])), max_size=20).map("".join),
)


@hyp_settings(max_examples=200, deadline=None)
@given(_TEXT, st.dictionaries(_WORD, st.sampled_from(["cô vít", "u bê", "5 phút"]), max_size=5))
def test_normalize_with_any_lexicon_never_raises(text: str, entries: dict[str, str]) -> None:
    assert "\n" not in normalize(text, lexicon=entries)


@hyp_settings(max_examples=200, deadline=None)
@given(_TEXT, _WORD, _TEXT)
def test_an_entry_replaces_its_whole_word_and_nothing_else(before: str, written: str, after: str) -> None:
    lex = Lexicon({written: "XIN CHÀO"})
    text = before + after
    if written.lower() not in text.lower():
        assert lex(text) == text
    assert "XIN CHÀO" in lex(f"{before} {written} {after}")


def test_a_relative_path_is_kept_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "lexicon.tsv").write_text("COVID\tcô vít\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app("lexicon.tsv")
    monkeypatch.chdir("/")
    source = get_state(app).audio.lexicon  # type: ignore[union-attr]
    assert source.path == str(tmp_path / "lexicon.tsv") and dict(source.current()) == {"COVID": "cô vít"}
