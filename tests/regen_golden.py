"""Regenerate the golden speech script of the seed article: ``python tests/regen_golden.py``.

Writes ``tests/pages/seed/expected_script.json`` (a list of ``{block_id, text, spoken}``) from
``tests/pages/seed/source.html``. Regenerating is deliberate: review every spoken line in the diff
before committing, it is what the listener hears.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = HERE / "pages" / "seed"


def script_records(html: str) -> list[dict[str, str]]:
    """The seed's script as the golden file stores it."""
    from readable.article import clean
    from readable.speech import build_script

    script = build_script(clean(html, title=None))
    return [{"block_id": s.block_id, "text": s.text, "spoken": s.spoken} for s in script]


def main() -> int:
    sys.path.insert(0, str(HERE.parent / "src"))
    records = script_records((SEED / "source.html").read_text(encoding="utf-8"))
    target = SEED / "expected_script.json"
    target.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(records)} sentences to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
