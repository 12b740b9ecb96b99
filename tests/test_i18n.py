from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from readable.i18n import LOCALE_DIR, translations

ROOT = Path(__file__).resolve().parent.parent


def test_compiled_catalog_matches_its_po_file() -> None:
    po_path = LOCALE_DIR / "en" / "LC_MESSAGES" / "readable.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    with (po_path.with_suffix(".mo")).open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    messages = [m for m in catalog if m.id]
    assert len(messages) >= 10
    for message in messages:
        assert message.string, f"{message.id!r} has no English translation"
        assert compiled.gettext(message.id) == message.string


def test_every_message_used_in_code_and_templates_is_in_the_catalog() -> None:
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "readable.po").open("rb") as fh:
        ids = {m.id for m in read_po(fh) if m.id}
    used: set[str] = set()
    sources = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "src" / "readable").glob("*.py")]
    for path in sources:
        used |= set(re.findall(r"\bt\([\"']([^\"']+)[\"']\)", path.read_text("utf-8")))
    assert used and used <= ids, used - ids


def test_vietnamese_is_the_source_language() -> None:
    assert translations("vi").gettext("Tăng cỡ chữ") == "Tăng cỡ chữ"
    assert translations("en").gettext("Tăng cỡ chữ") == "Larger text"
    with pytest.raises(ValueError, match="unsupported language"):
        translations("fr")
