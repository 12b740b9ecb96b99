"""Benchmark: what word times cost, next to what they come with.

Run ``python bench/words.py [--runs N]``. For the seed article's sentences, prints the best of N in-process
runs of pairing every sentence's spoken words with its written ones (``audio.words.align``), against two
baselines measured in the same run: normalizing the same sentences (``vi.normalize``) and the offline voice
saying them (``EspeakVoice.synthesize``, which the pairing follows in every generation). Then one sentence
of the longest size read at once (2,000 characters), the quadratic case: past ``audio.words.LONGEST`` pairs
of words it gets no word times, and what pairing it would cost without that limit.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from readable.article import clean  # noqa: E402
from readable.audio import words  # noqa: E402
from readable.audio.mp3 import ARTICLE_FORMAT  # noqa: E402
from readable.audio.script import manifest  # noqa: E402
from readable.audio.words import align, tokens  # noqa: E402
from readable.tts.espeak import EspeakVoice  # noqa: E402
from readable.vi import normalize  # noqa: E402

SEED = ROOT / "tests" / "pages" / "seed" / "source.html"


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pairs = [(s["text"], s["spoken"]) for s in manifest(clean(SEED.read_text("utf-8")))["sentences"]]
    voice = EspeakVoice()
    pairing = best(args.runs, lambda: [align(text, spoken) for text, spoken in pairs])
    normalizing = best(args.runs, lambda: [normalize(text) for text, _ in pairs])
    saying = best(1, lambda: [voice.synthesize(spoken, ARTICLE_FORMAT) for _, spoken in pairs])
    report(f"seed article, {len(pairs)} sentences", pairing, normalizing, saying)
    long_text = " ".join(text for text, _ in pairs)[:2000]
    long_spoken = normalize(long_text)
    size = len(tokens(long_text)) * len(tokens(long_spoken))
    normalizing = best(args.runs, lambda: normalize(long_text))
    saying = best(1, lambda: voice.synthesize(long_spoken, ARTICLE_FORMAT))
    limit, words.LONGEST = words.LONGEST, size
    pairing = best(args.runs, lambda: align(long_text, long_spoken))
    words.LONGEST = limit
    report(f"one sentence of 2,000 characters, {size:,} pairs of words (paired up to {limit:,})", pairing,
           normalizing, saying)  # fmt: skip
    return 0


def report(what: str, pairing: float, normalizing: float, saying: float) -> None:
    print(f"{what}:")
    print(f"  pairing words   {pairing * 1000:8.1f} ms")
    print(f"  normalizing     {normalizing * 1000:8.1f} ms   pairing / this {pairing / normalizing:7.2f}")
    print(f"  offline voice   {saying * 1000:8.1f} ms   pairing / this {pairing / saying:7.3f}")


if __name__ == "__main__":
    sys.exit(main())
