from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from readable.audio.mp3 import ARTICLE_FORMAT, frames

SEED = Path(__file__).resolve().parent / "pages" / "seed" / "source.html"
CLI = [sys.executable, "-m", "readable.cli"]


def test_normalize_answers_each_line_as_it_comes() -> None:
    proc = subprocess.Popen(
        [*CLI, "normalize"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # Each answer is read before the next line is sent: the command flushes per line.
        for line, spoken in (("Chiều 23/12", "chiều hai mươi ba tháng mười hai"), ("HĐND tỉnh", "hội đồng")):
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip().lower().startswith(spoken)
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == "\n"  # an empty line gives an empty line
    finally:
        proc.stdin.close()
        assert proc.wait(10) == 0
        proc.stdout.close()


def test_script_prints_the_speech_script_as_json() -> None:
    out = subprocess.run([*CLI, "script", str(SEED)], capture_output=True, text=True, check=True)
    script = json.loads(out.stdout)
    golden = json.loads((SEED.parent / "expected_script.json").read_text("utf-8"))
    assert [(s["block_id"], s["spoken"]) for s in script] == [(s["block_id"], s["spoken"]) for s in golden]
    missing = subprocess.run([*CLI, "script", "/nonexistent.html"], capture_output=True, text=True)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_speak_writes_a_valid_mp3_and_cues_with_a_progress_bar(tmp_path: Path) -> None:
    out, cues = tmp_path / "bai.mp3", tmp_path / "bai.vtt"
    # A pseudo-terminal, so the command draws its progress bar as it would for a person.
    parent, child = pty.openpty()
    proc = subprocess.Popen(
        [*CLI, "speak", str(SEED), "-o", str(out), "--voice", "espeak", "--cues", str(cues)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=child,
    )  # fmt: skip
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(parent)
    assert proc.wait(60) == 0
    text = shown.decode("utf-8", "replace")
    assert "\r" in text and "█" in text and "26/26 câu" in text
    data = out.read_bytes()
    assert {f.format for f in frames(data)} == {ARTICLE_FORMAT}
    assert cues.read_text("utf-8").count(" --> ") == 26
    assert not list(tmp_path.glob(".readable-*"))


def test_speak_an_empty_article_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<div><script>x()</script></div>", encoding="utf-8")
    result = subprocess.run(
        [*CLI, "speak", str(empty), "-o", str(tmp_path / "x.mp3"), "--voice", "espeak"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1 and "nothing to read" in result.stderr
    assert not (tmp_path / "x.mp3").exists()
