"""Benchmark: the cost of READABLE_LEXICON as it grows, next to normalization without one.

Run ``python bench/lexicon.py [--runs N]``. Makes the speech script of the seed article (20 times, as the
extension does: one lexicon for the article) with lexicons of 0, 100, 1,000 and 10,000 random entries (plus
one entry that occurs in the text) and prints, for each, the best time of N runs and its ratio to the run
without a lexicon measured in the same process. The forms are looked up by their first word, so the ratio
should stay about the same from 100 to 10,000 entries.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from readable.article import Article, clean  # noqa: E402
from readable.speech import build_script  # noqa: E402
from readable.vi.lexicon import Lexicon, lexicon  # noqa: E402

SEED = ROOT / "tests" / "pages" / "seed" / "source.html"


def entries(count: int, rng: random.Random) -> dict[str, str]:
    made = {"UBND": "u bê en đê"}
    while len(made) < count + 1:
        word = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(2, 9)))
        made[word] = rng.choice(["cô vít", "xma phôn", "pát", "bai đu"])
    return made


def best(article: Article, lex: Lexicon | None, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(20):
            build_script(article, lexicon=lex)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    article = clean(SEED.read_bytes())
    rng = random.Random(15)
    build_script(article)  # load the tables before timing
    baseline = best(article, None, args.runs)
    print(f"the seed article 20 times; no lexicon: {baseline * 1000:.1f} ms")
    for count in (100, 1000, 10_000):
        lex = lexicon(entries(count, rng))  # built when the file is read, not per article
        took = best(article, lex, args.runs)
        print(f"{count:>6} entries: {took * 1000:.1f} ms, ×{took / baseline:.2f} of no lexicon")


if __name__ == "__main__":
    main()
