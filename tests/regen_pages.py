"""Regenerate the golden files of tests/pages/<case>/ from source.html: ``python tests/regen_pages.py``.

Run it deliberately after a change to the cleaning rules, then review the diff of expected.html and
expected.txt like any other change.
"""

from __future__ import annotations

from pathlib import Path

from readable.article import Article, clean

PAGES = Path(__file__).resolve().parent / "pages"


def render_text(article: Article) -> str:
    """One line per block: kind, id, the block's text with whitespace folded, a cell's column header."""
    lines = [f"title\t{article.title}"]
    for b in article.blocks:
        header = f"\t[{b.header}]" if b.header else ""
        lines.append(f"{b.kind}\t{b.id}\t{' '.join(b.text.split())}{header}")
    return "\n".join(lines) + "\n"


def main() -> None:
    for case in sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file()):
        article = clean((case / "source.html").read_bytes())
        (case / "expected.html").write_text(article.html, encoding="utf-8")
        (case / "expected.txt").write_text(render_text(article), encoding="utf-8")
        print(f"{case.name}: {len(article.blocks)} blocks")


if __name__ == "__main__":
    main()
