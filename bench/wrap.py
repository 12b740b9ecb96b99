"""How long wrapping an article takes, next to beautifulsoup4 parsing the same input in the same run.

    python bench/wrap.py [--repeat N]

For the seed article and for a 1 MB article: the median time of a cold wrap (nothing cached: clean, make
the speech script and register its audio key, render toolbar, player and article), of a cached wrap (the
same article again), and of ``BeautifulSoup(html, "html.parser")`` alone. The ratios against the parse are
the figures to compare across machines; the absolute targets (seed cold < 10 ms, cached < 0.5 ms) are
checked too. Prints the front-end weight.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from flask import Flask

from readable import Readable, get_state
from readable._paths import STATIC_FOLDER

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "tests" / "pages" / "seed" / "source.html").read_text("utf-8")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args()

    app = Flask(__name__)
    app.config["READABLE_AUDIO_FOLDER"] = tempfile.mkdtemp(prefix="readable-bench-")
    readable = Readable(app)
    cache = get_state(app).cache
    article_1mb = SEED * (1024 * 1024 // len(SEED.encode()) + 1)
    print(f"{'input':<10} {'size':>9} {'bs4 parse':>11} {'wrap cold':>11} {'wrap cached':>12} "
          f"{'cold/parse':>11} {'cached/parse':>13}")
    results = {}
    for name, html, repeat in (("seed", SEED, args.repeat), ("1 MB", article_1mb, max(3, args.repeat // 6))):
        with app.test_request_context("/bai-viet/x"):
            parse = median_ms(lambda html=html: BeautifulSoup(html, "html.parser"), repeat)

            def cold(html: str = html) -> None:
                cache._data.clear()
                readable.article(html)

            cold_ms = median_ms(cold, repeat)
            readable.article(html)
            cached_ms = median_ms(lambda html=html: readable.article(html), repeat * 10)
        results[name] = (cold_ms, cached_ms)
        print(f"{name:<10} {len(html.encode()):>9,} {parse:>9.3f}ms {cold_ms:>9.3f}ms {cached_ms:>10.4f}ms "
              f"{cold_ms / parse:>10.2f}x {cached_ms / parse:>12.4f}x")

    cold_ms, cached_ms = results["seed"]
    print(f"targets: seed cold {cold_ms:.2f} ms < 10 ms: {'yes' if cold_ms < 10 else 'NO'}; "
          f"seed cached {cached_ms:.3f} ms < 0.5 ms: {'yes' if cached_ms < 0.5 else 'NO'}")
    weights = {p.name: len(gzip.compress(p.read_bytes(), 9)) for p in sorted(STATIC_FOLDER.glob("*.[jc]s*"))}
    total = sum(weights.values())
    parts = ", ".join(f"{name} {size:,} B" for name, size in weights.items())
    print(f"front-end weight (gzip -9): {parts}; total {total:,} B of 12,288 B ({total / 12288:.0%})")


if __name__ == "__main__":
    main()
