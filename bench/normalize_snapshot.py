"""Snapshot the spoken output of ``normalize()``, to prove a speed change leaves every reading as it was.

Run ``python bench/normalize_snapshot.py write FILE`` before a change and
``python bench/normalize_snapshot.py compare FILE`` after it: the second prints the inputs whose spoken
form differs (north or south) and exits with status 1 if there is any. The file is one JSON line per
input, ``[input, north, south]`` (ASCII escapes: some inputs are lone surrogates); it is a working file,
not committed.

The inputs, deduplicated: every input of tests/data/vi_cases.tsv and of
../shared/benchmarks/vi-normalize/cases.jsonl (when present), every string literal of the
tests/test_*.py files, the sentences of every tests/pages/*/source.html article, the sentences of the
adversarial corpus of bench/normalize.py (several seeds), short sentences of its pieces alone and mixed
with the seed article's words, and short runs of the shapes without punctuation: about 38,000 inputs,
about 10 seconds each way.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from normalize import _PIECES, SHAPES, adversarial, seed_text, shape  # noqa: E402

from readable.vi import normalize, split_sentences  # noqa: E402

CASES = ROOT / "tests" / "data" / "vi_cases.tsv"
# ../shared beside the checkout, or two levels up from a worktree.
SHARED_CASES = next(
    (p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared"
) / "benchmarks" / "vi-normalize" / "cases.jsonl"
SEEDS = (15, 1, 2, 3, 4)


def _sentences(text: str) -> Iterator[str]:
    for start, end in split_sentences(text):
        yield text[start:end]


def _case_inputs() -> Iterator[str]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row in list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
        if len(row) > 2:
            yield row[2]
    if SHARED_CASES.exists():
        for line in SHARED_CASES.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)["input"]


def _test_literals() -> Iterator[str]:
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and 0 < len(node.value) < 5000:
                yield node.value


def _articles() -> Iterator[str]:
    from readable.article import clean

    for path in sorted((ROOT / "tests" / "pages").glob("*/source.html")):
        try:
            article = clean(path.read_text(encoding="utf-8"))
        except Exception:  # a hostile page may have no article; the others are enough
            continue
        for block in article.blocks:
            yield from _sentences(block.text)


def _mixed(seed: int, count: int, words_share: float) -> Iterator[str]:
    """Short sentences of the seed article's words (``words_share`` of them) and adversarial pieces: cue
    words next to numbers, marks and codes, at the start and the end of a text."""
    rng = random.Random(seed)
    words = seed_text().split()
    for _ in range(count):
        out = []
        for _ in range(rng.randrange(3, 25)):
            if rng.random() < words_share:
                out.append(rng.choice(words))
            else:
                piece = rng.choice(_PIECES)
                out.append("".join(str(rng.randrange(10)) if ch == "#" else ch for ch in piece))
        yield " ".join(out)


def inputs() -> list[str]:
    """Every input of the snapshot, in a fixed order, without repeats."""
    found: dict[str, None] = {}
    sources = [_case_inputs(), _test_literals(), _articles(), _sentences(seed_text())]
    sources += [_mixed(15, 20_000, 0.5), _mixed(16, 10_000, 0.0)]
    sources += [_sentences(adversarial(200_000, seed)) for seed in SEEDS]
    sources += [iter([shape(unit, 5_000)]) for unit in SHAPES.values()]
    for source in sources:
        for text in source:
            found.setdefault(text, None)
    return list(found)


def snapshot() -> Iterator[tuple[str, str, str]]:
    for text in inputs():
        yield text, normalize(text, dialect="north"), normalize(text, dialect="south")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("write", "compare"))
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.action == "write":
        with args.file.open("w", encoding="utf-8") as out:
            count = 0
            for row in snapshot():
                out.write(json.dumps(row) + "\n")
                count += 1
        print(f"wrote {count} inputs (north and south) to {args.file}")
        return 0
    expected = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines()]
    actual = list(snapshot())
    if [row[0] for row in expected] != [row[0] for row in actual]:
        print("the inputs differ from the snapshot's: write it again from the same code first")
        return 1
    differ = [(old, new) for old, new in zip(expected, actual, strict=True) if list(new) != old]
    for old, new in differ[:20]:
        print(f"input:  {old[0]!r}\nbefore: {old[1:]!r}\nafter:  {list(new[1:])!r}\n")
    print(f"{len(actual)} inputs compared (north and south), {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
