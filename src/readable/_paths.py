"""Where the shipped static files and templates are.

In a wheel they sit inside the package (pyproject.toml maps the top-level folders there); under
``pip install -e .`` they are the repository's top-level ``static/`` and ``templates/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"readable: the {name!r} folder is missing from this installation")


STATIC_FOLDER = _find("static")
TEMPLATE_FOLDER = _find("templates")
