"""Structured data for the wrapped article: its audio as a schema.org ``AudioObject``, and the page's parts
that are worth reading aloud (``speakable``: the title and the lead), as JSON-LD.

It goes into ``<script type="application/ld+json">``: a data block, which a Content-Security-Policy does not
block (no script runs). Nothing in it can end the element: ``<``, ``>`` and ``&`` are written as JSON
escapes, so a title holding ``</script>`` stays a string.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from .article import Article


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration in whole seconds: ``PT3M25S``, ``PT1H2M``, ``PT0S``."""
    whole = round(seconds)
    hours, minutes, rest = whole // 3600, whole % 3600 // 60, whole % 60
    parts = [f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (rest, "S")) if n]
    return "PT" + ("".join(parts) or "0S")


def speakable(article: Article) -> list[str]:
    """CSS selectors of the article's title and lead (its first paragraph when it has no lead)."""
    kinds: Sequence[str] = ("title", "lead")
    if not any(b.kind == "lead" for b in article.blocks):
        kinds = ("title", "paragraph")
    selectors = []
    for kind in kinds:
        block = next((b for b in article.blocks if b.kind == kind), None)
        if block is not None:
            selectors.append(f"#{block.id}")
    return selectors


def audio_object(
    article: Article,
    *,
    content_url: str,
    page_url: str,
    language: str,
    upload_date: str = "",
    duration: float | None = None,
    description: str = "",
) -> dict[str, Any]:
    """The data: a graph of the ``AudioObject`` (the article's MP3) and the ``WebPage`` that holds it, with
    its ``speakable`` parts. ``duration`` (seconds) and ``upload_date`` only when known."""
    audio: dict[str, Any] = {
        "@type": "AudioObject",
        "@id": content_url,
        "name": article.title,
        "contentUrl": content_url,
        "encodingFormat": "audio/mpeg",
        "inLanguage": language,
    }
    if upload_date:
        audio["uploadDate"] = upload_date
    if duration is not None:
        audio["duration"] = iso_duration(duration)
    if description:
        audio["description"] = description
    page: dict[str, Any] = {"@type": "WebPage", "url": page_url, "audio": {"@id": content_url}}
    selectors = speakable(article)
    if selectors:
        page["speakable"] = {"@type": "SpeakableSpecification", "cssSelector": selectors}
    return {"@context": "https://schema.org", "@graph": [audio, page]}


def script_text(data: dict[str, Any]) -> Markup:
    """``data`` as the text of a ``<script type="application/ld+json">``: JSON that no text inside it can
    end early (``</script>``, ``<!--``) or turn into markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
