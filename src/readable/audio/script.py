"""From a cleaned article to the manifest the audio store keeps, and the audio key that names it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from ..article import Article
from ..generate import FORMAT_VERSION
from ..speech import build_script
from .mp3 import AudioFormat
from .types import Manifest, Sentence

#: Said after the last sentence read when an article is longer than the limit.
CUT_NOTE = "Bài viết dài, phần còn lại không được đọc trong bản nghe này."


def manifest(
    article: Article,
    *,
    site: str = "",
    date: str = "",
    captions: bool = True,
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    max_chars: int = 100_000,
    max_sentences: int = 3000,
) -> Manifest:
    """The speech script of ``article`` as stored: cut at a sentence boundary past ``max_chars`` characters
    or ``max_sentences`` sentences, with a spoken note."""
    sentences: list[Sentence] = []
    texts = {block.id: block.text for block in article.blocks}
    texts[""] = article.title
    total = 0
    for sentence in build_script(article, captions=captions, dialect=dialect, abbreviations=abbreviations):
        total += len(sentence.spoken)
        if (total > max_chars or len(sentences) >= max_sentences) and sentences:
            sentences.append({"block_id": "", "text": "", "spoken": CUT_NOTE})
            break
        sentences.append(
            {
                "block_id": sentence.block_id,
                # The browser counts text in UTF-16 units: a character beyond U+FFFF (an emoji) is two.
                "from": _utf16(texts.get(sentence.block_id, ""), sentence.start),
                "to": _utf16(texts.get(sentence.block_id, ""), sentence.end),
                "text": sentence.text,
                "spoken": sentence.spoken,
            }
        )
    return {"title": article.title, "site": site, "date": date, "language": "vie", "sentences": sentences}


def _utf16(text: str, index: int) -> int:
    """The UTF-16 offset of the code-point offset ``index`` in ``text``."""
    head = text[:index]
    return index + sum(1 for ch in head if ord(ch) > 0xFFFF)


def audio_key(manifest: Manifest, voices: Sequence[str], audio_format: AudioFormat) -> str:
    """Names the audio: the same words, tags, voices and format always give the same key."""
    material = {
        "v": FORMAT_VERSION,
        "voices": list(voices),
        "format": [audio_format.sample_rate, audio_format.bitrate, audio_format.channels],
        "tags": [manifest["title"], manifest["site"], manifest["date"], manifest["language"]],
        "said": [[s["block_id"], s["spoken"]] for s in manifest["sentences"]],
    }
    blob = json.dumps(material, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:32]
