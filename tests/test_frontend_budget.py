"""The front end stays small: the script and the stylesheet together weigh at most 12 KB gzipped."""

from __future__ import annotations

import gzip
from pathlib import Path

STATIC = Path(__file__).resolve().parents[1] / "static"
BUDGET = 12 * 1024


def test_script_and_stylesheet_fit_the_budget() -> None:
    sizes = {
        name: len(gzip.compress((STATIC / name).read_bytes(), compresslevel=9))
        for name in ("readable.js", "readable.css")
    }
    assert all(size > 500 for size in sizes.values()), sizes  # both really there
    assert sum(sizes.values()) <= BUDGET, sizes
