"""Benchmark: split and normalize the seed article repeated to about 1 MB, on one core.

Run ``python bench/normalize.py [--runs N] [--size BYTES]``. Prints sentences per second, MB per second,
the best total time of N in-process runs, the ratio against a baseline pass over the same text
(``str.split`` + ``unicodedata.normalize``, the least any text pipeline does), and whether the
target of 1 MB of prose in under 1 second is met.

Then the shapes the tests only check for structure (tests/test_vi_bad_input.py): 1 MB of words without any
punctuation, and 1 MB of digits and spaces, each timed next to the same baseline over the same text; and
1 MB of adversarial text (digits, dots, slashes, colons, Roman-looking words, long numbers, symbols, drawn
from a fixed seed), whose target is 2 seconds.

Targets: 1 MB of prose under 1 s, 1 MB of adversarial text under 2 s. Exits with status 1 when either is
missed.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from readable.vi import normalize, split_sentences  # noqa: E402

SEED = ROOT / "tests" / "pages" / "seed" / "source.html"
TARGET_SECONDS = 1.0
ADVERSARIAL_TARGET_SECONDS = 2.0


def seed_text() -> str:
    """The seed article's text, from its cleaned blocks."""
    from readable.article import clean

    article = clean(SEED.read_text(encoding="utf-8"))
    return "\n".join(block.text for block in article.blocks)


def build_corpus(size: int) -> str:
    text = seed_text()
    repeats = max(1, size // len(text.encode("utf-8")) + 1)
    return "\n".join([text] * repeats)


#: Shapes with no sentence boundary to split at: the whole megabyte is one "sentence".
SHAPES = {
    "1 MB without punctuation": "tuyên truyền gương người tốt việc tốt HĐND ",
    "1 MB of digits and spaces": "12 345 6789 ",
}


#: Pieces of the adversarial corpus; "#" stands for a random digit.
_PIECES = (
    "#", "##", "###", "####", "#########", "################", "#.###.###", "#,#", "#.##", "##/##",
    "##/##/####", "#/#", "##:##", "##:##:##", "#-#", "##-##-####", "0###.###.###", "#kg", "#mAh", "##%",
    "#$", "€#", "#e-#", "#^#", "# x #", "IV", "XIV", "vi", "mix", "MCM", "lxx", "≥", "≤", "±", "~", "×",
    "...", "./.", "-", "/", ":", "+", "=", "&", "@", "#", "(#)", "U##", "ABC", "tp.", "TP.", "thứ", "chương",
    "năm", "tháng", "ngày", "lúc", "giá", "đạt", "số", "km/h", "#:#", "#.#.#.#", "-#", "#-#-#-#",
)  # fmt: skip


def adversarial(size: int, seed: int = 15) -> str:
    """Random pieces of text that the rules look at twice: about ``size`` bytes, the same for a seed."""
    import random

    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        piece = "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in rng.choice(_PIECES))
        out.append(piece)
        total += len(piece.encode("utf-8")) + 1
    return " ".join(out)


def shape(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


def pipeline(corpus: str) -> int:
    count = 0
    for start, end in split_sentences(corpus):
        normalize(corpus[start:end])
        count += 1
    return count


def baseline(corpus: str) -> int:
    return len(unicodedata.normalize("NFC", corpus).split())


def best_of(runs: int, func: Callable[[str], int], corpus: str) -> tuple[float, int]:
    best, result = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        result = func(corpus)
        best = min(best, time.perf_counter() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000, help="corpus size in bytes")
    args = parser.parse_args(argv)
    corpus = build_corpus(args.size)
    megabytes = len(corpus.encode("utf-8")) / 1_000_000
    normalize("khởi động 1 lần")  # load tables and compile patterns outside the timing
    seconds, sentences = best_of(args.runs, pipeline, corpus)
    base_seconds, _ = best_of(args.runs, baseline, corpus)
    print(f"corpus:        {megabytes:.2f} MB, {sentences} sentences, best of {args.runs} runs")
    print(f"split+normalize: {seconds:.3f} s total")
    print(f"sentences/s:   {sentences / seconds:,.0f}")
    print(f"MB/s:          {megabytes / seconds:.2f}")
    print(f"baseline:      {base_seconds:.4f} s (str.split + NFC); ratio {seconds / base_seconds:.0f}x")
    per_mb = seconds / megabytes
    met = per_mb < TARGET_SECONDS
    print(f"target:        {per_mb:.3f} s per MB < {TARGET_SECONDS} s: {'met' if met else 'NOT met'}")
    shapes = {name: shape(unit, args.size) for name, unit in SHAPES.items()}
    shapes["1 MB adversarial"] = adversarial(args.size)
    for name, text in shapes.items():
        shape_seconds, _ = best_of(args.runs, pipeline, text)
        shape_base, _ = best_of(args.runs, baseline, text)
        per_mb = shape_seconds / (len(text.encode("utf-8")) / 1_000_000)
        line = (
            f"{name + ':':27s}{shape_seconds:.3f} s; baseline {shape_base:.4f} s; "
            f"ratio {shape_seconds / shape_base:.0f}x"
        )
        if name == "1 MB adversarial":
            ok = per_mb < ADVERSARIAL_TARGET_SECONDS
            met = met and ok
            verdict = "met" if ok else "NOT met"
            line += f"; target {per_mb:.3f} s per MB < {ADVERSARIAL_TARGET_SECONDS} s: {verdict}"
        print(line)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
