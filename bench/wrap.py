"""How long wrapping an article takes, next to beautifulsoup4 parsing the same input in the same run.

    python bench/wrap.py [--repeat N] [--shapes-only | --no-shapes]

For the seed article and for a 1 MB article: the median time of a cold wrap (nothing cached: clean, make
the speech script and register its audio key, render toolbar, player and article), of a cached wrap (the
same article again), and of ``BeautifulSoup(html, "html.parser")`` alone. The ratios against the parse are
the figures to compare across machines; the absolute targets (seed cold < 10 ms, cached < 0.5 ms) are
checked too. Prints the front-end weight.

Then the shapes of markup that used to be quadratic or to exhaust memory (nested tables, divs and lists,
many ``<br>``, many inline elements) at 100 KB and 1 MB, each in a fresh process: the time and peak memory
(resident, above the process's size before) of one cold wrap next to one ``BeautifulSoup`` parse of the
same input (with the article limits lifted, so the cleaning itself is measured); then, with the default
limits, the largest input of each shape that is still cleaned ("limit": 2 MiB or 100,000 elements, whichever
comes first) and 10 MB, which gets its plain text. Targets: no shape above 20x the parse, no 1 MB input above
2 s or 300 MB. ``--shapes-only``
skips the first part; ``--no-shapes`` skips the second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from flask import Flask

from readable import Readable, get_state
from readable._paths import STATIC_FOLDER
from readable.settings import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "tests" / "pages" / "seed" / "source.html").read_text("utf-8")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


#: name: (opening, closing) of one unit; the input repeats the openings, then the closings.
SHAPES = {
    "nested tables": ("<table><tr><td>ô ", "</td></tr></table>"),
    "nested divs": ("<div>lá ", "</div>"),
    "nested lists": ("<ul><li>mục ", "</li></ul>"),
    "many <br>": ("Dòng chữ<br>", ""),
    "many inline": ("<i>x</i> ", ""),
    # Page chrome (readable.chrome): nested share blocks, each with a chrome heading and its list of links.
    "nested chrome": (
        "<div class='share'><h3>Tin liên quan</h3><ul><li><a href='/x'>Tin</a></li></ul>",
        "</div>",
    ),
}
MAX_BYTES = DEFAULTS["READABLE_MAX_ARTICLE_BYTES"]
MAX_ELEMENTS = DEFAULTS["READABLE_MAX_ARTICLE_ELEMENTS"]
#: Input sizes, and whether the default article limits apply. "limit": the largest input of the shape that
#: is still cleaned by default; "10 MB": far over the limits (its plain text and a message).
#: "1 MB raw": the cleaning itself with the limits lifted (the ratio to the parse); "1 MB": what a portal
#: gets with the default limits (the time and memory targets).
SIZES: dict[str, tuple[int, bool]] = {
    "100 KB": (100 * 1024, False),
    "1 MB raw": (1024 * 1024, False),
    "1 MB": (1024 * 1024, True),
    "limit": (0, True),
    "10 MB": (10 * 1024 * 1024, True),
}


def shape(name: str, size: int) -> str:
    """``size`` bytes of the shape; 0: as much as the default limits let through."""
    opening, closing = SHAPES[name]
    unit = len((opening + closing).encode())
    if size:
        count = size // unit
    else:
        starts = (opening + closing).count("<") - (opening + closing).count("</")
        count = min(MAX_BYTES // unit, MAX_ELEMENTS // starts)
    return opening * count + closing * count


def _status_kb(field: str) -> int:
    """VmRSS (resident now) or VmHWM (its peak) of this process, in KB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(what: str, name: str, size: int, limits: bool) -> None:
    """One measurement in this fresh process; prints seconds and peak memory above the start in MB."""
    html = shape(name, size)
    app = Flask(__name__)
    app.config["READABLE_AUDIO_FOLDER"] = tempfile.mkdtemp(prefix="readable-bench-")
    if not limits:  # the cleaning itself is measured, whatever the size
        app.config.update(READABLE_MAX_ARTICLE_BYTES=2**40, READABLE_MAX_ARTICLE_ELEMENTS=2**40)
    readable = Readable(app)
    with app.test_request_context("/bai-viet/x"):
        readable.article("<p>Khởi động.</p>")  # imports and caches warm, as in a running server
        # The peak starts again from here (Linux: "5" to clear_refs); ru_maxrss would carry the parent's.
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before = _status_kb("VmRSS")
        start = time.perf_counter()
        if what == "parse":
            BeautifulSoup(html, "html.parser")
        else:
            readable.article(html)
        seconds = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    print(json.dumps({"seconds": seconds, "mb": max(0, peak - before) / 1024, "bytes": len(html.encode())}))


def measure(what: str, name: str, size: int, limits: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", what, name, str(size), "1" if limits else ""]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def shapes() -> None:
    print(f"\n{'shape':<14} {'input':>8} {'bytes':>11} {'bs4 parse':>10} {'wrap':>9} {'wrap/parse':>11} "
          f"{'parse MB':>9} {'wrap MB':>8}")
    worst_ratio = 0.0
    over = []
    for size_name, (size, limits) in SIZES.items():
        for name in SHAPES:
            wrap = measure("wrap", name, size, limits)
            if size_name == "10 MB":  # a parse of this would take the memory the limits save
                print(f"{name:<14} {size_name:>8} {wrap['bytes']:>11,} {'-':>10} {wrap['seconds']:>8.3f}s "
                      f"{'-':>11} {'-':>9} {wrap['mb']:>8.0f}", flush=True)
                continue
            parse = measure("parse", name, size, limits)
            ratio = wrap["seconds"] / parse["seconds"]
            if not limits or size_name == "limit":  # the cleaning itself (past the limits: the text path)
                worst_ratio = max(worst_ratio, ratio)
            if limits and (wrap["seconds"] > 2 or wrap["mb"] > 300):
                over.append(f"{name} {size_name}")
            print(f"{name:<14} {size_name:>8} {wrap['bytes']:>11,} {parse['seconds']:>9.3f}s "
                  f"{wrap['seconds']:>8.3f}s {ratio:>10.1f}x {parse['mb']:>9.0f} {wrap['mb']:>8.0f}",
                  flush=True)
    print(f"targets: worst wrap/parse {worst_ratio:.1f}x <= 20x: {'yes' if worst_ratio <= 20 else 'NO'}; "
          f"1 MB and the largest cleaned inputs, default limits, under 2 s and 300 MB: "
          f"{'yes' if not over else 'NO (' + ', '.join(over) + ')'}")


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), bool(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("--shapes-only", action="store_true")
    parser.add_argument("--no-shapes", action="store_true")
    args = parser.parse_args()
    if not args.shapes_only:
        wrapping(args.repeat)
    if not args.no_shapes:
        shapes()


def wrapping(repeat: int) -> None:
    app = Flask(__name__)
    app.config["READABLE_AUDIO_FOLDER"] = tempfile.mkdtemp(prefix="readable-bench-")
    readable = Readable(app)
    cache = get_state(app).cache
    article_1mb = SEED * (1024 * 1024 // len(SEED.encode()) + 1)
    print(f"{'input':<10} {'size':>9} {'bs4 parse':>11} {'wrap cold':>11} {'wrap cached':>12} "
          f"{'cold/parse':>11} {'cached/parse':>13}")
    results = {}
    for name, html, times in (("seed", SEED, repeat), ("1 MB", article_1mb, max(3, repeat // 6))):
        with app.test_request_context("/bai-viet/x"):
            parse = median_ms(lambda html=html: BeautifulSoup(html, "html.parser"), times)

            def cold(html: str = html) -> None:
                cache._data.clear()
                readable.article(html)

            cold_ms = median_ms(cold, times)
            readable.article(html)
            cached_ms = median_ms(lambda html=html: readable.article(html), times * 10)
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
    fonts = sum(p.stat().st_size for p in (STATIC_FOLDER / "fonts").glob("*.woff2"))
    print(f"not counted: the legible font's WOFF2 files, {fonts:,} B, fetched only when a reader chooses it")


if __name__ == "__main__":
    main()
