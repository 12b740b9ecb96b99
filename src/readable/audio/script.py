"""From a cleaned article to the manifest the audio store keeps, and the audio key that names it."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Mapping, Sequence

from ..article import Article
from ..generate import FORMAT_VERSION
from ..i18n import spoken
from ..languages import DEFAULT, is_vietnamese, iso639_2
from ..settings import PAUSES
from ..speech import iter_script
from .mp3 import AudioFormat
from .types import MANIFEST_SCHEMA, Manifest, Sentence

#: Said after the last sentence read when an article is longer than the limit.
CUT_NOTE = "Bài viết dài, phần còn lại không được đọc trong bản nghe này."
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def manifest(
    article: Article,
    *,
    site: str = "",
    date: str = "",
    captions: bool = True,
    dialect: str = "north",
    abbreviations: Mapping[str, str] | None = None,
    lexicon: Mapping[str, str] | None = None,
    max_chars: int = 100_000,
    max_sentences: int = 3000,
    pauses: Mapping[str, float] = PAUSES,
    lang: str = DEFAULT,
) -> Manifest:
    """The speech script of ``article`` as stored: cut at a sentence boundary past ``max_chars`` characters
    or ``max_sentences`` sentences, with a spoken note. Each sentence has the silence to follow it
    (``pause``, seconds), from ``pauses`` by the kind of boundary (see :func:`pause_between`).

    ``lang``: the article's language (a supported tag, ``readable.languages``); an article in another
    language than Vietnamese has it in the manifest (``lang``), and so in its audio key."""
    sentences: list[Sentence] = []
    texts = {block.id: block.text for block in article.blocks}
    texts[""] = article.title
    astral: dict[str, list[int]] = {}
    total = 0
    script = iter_script(
        article, captions=captions, dialect=dialect, abbreviations=abbreviations, lexicon=lexicon, lang=lang
    )
    cut_note = spoken(CUT_NOTE, lang)
    for sentence in script:
        total += len(sentence.spoken)
        if (total > max_chars or len(sentences) >= max_sentences) and sentences:
            if cut_note:
                sentences.append({"block_id": "", "text": "", "spoken": cut_note})
            break
        if sentence.block_id not in astral:
            astral[sentence.block_id] = _astral(texts.get(sentence.block_id, ""))
        wide = astral[sentence.block_id]
        sentences.append(
            {
                "block_id": sentence.block_id,
                # The browser counts text in UTF-16 units: a character beyond U+FFFF (an emoji) is two.
                "from": sentence.start + bisect.bisect_left(wide, sentence.start),
                "to": sentence.end + bisect.bisect_left(wide, sentence.end),
                "text": sentence.text,
                "spoken": sentence.spoken,
            }
        )
    kinds = {block.id: block.kind for block in article.blocks}
    kinds[""] = "title"
    for this, after in zip(sentences, [*sentences[1:], None], strict=False):
        this["pause"] = pause_between(this, after, kinds, pauses)
    made: Manifest = {
        "schema": MANIFEST_SCHEMA,
        "title": article.title,
        "site": site,
        "date": date,
        "language": iso639_2(lang),
        "sentences": sentences,
        "lead": lead(article),
    }
    if not is_vietnamese(lang):
        made["lang"] = lang
    return made


def lead(article: Article) -> str:
    """The article's lead (its sapo), else its first paragraph: what a feed says about it ("" for none)."""
    for kind in ("lead", "paragraph"):
        texts = [" ".join(b.text.split()) for b in article.blocks if b.kind == kind]
        if texts:
            return texts[0] if kind == "paragraph" else " ".join(texts)
    return ""


def pause_between(
    this: Sentence, after: Sentence | None, kinds: Mapping[str, str], pauses: Mapping[str, float]
) -> float:
    """Seconds of silence after ``this`` sentence when ``after`` follows (None: the end of the article).

    Within a block, ``sentence``; between blocks, ``block``, or ``heading`` after the title or a heading
    and ``caption`` before or after a caption (whichever is longest); ``end`` after the last sentence."""
    if after is None:
        return pauses["end"]
    if after["block_id"] == this["block_id"]:
        return pauses["sentence"]
    kind, next_kind = kinds.get(this["block_id"], ""), kinds.get(after["block_id"], "")
    wanted = [pauses["block"]]
    if kind in ("title", "heading"):
        wanted.append(pauses["heading"])
    if "caption" in (kind, next_kind):
        wanted.append(pauses["caption"])
    return max(wanted)


def _astral(text: str) -> list[int]:
    """Where ``text`` has characters beyond U+FFFF (two UTF-16 units each), in order."""
    return [match.start() for match in _ASTRAL.finditer(text)]


def audio_key(manifest: Manifest, voices: Sequence[str], audio_format: AudioFormat) -> str:
    """Names the audio: the same words, tags, voices and format always give the same key."""
    material = {
        "v": FORMAT_VERSION,
        "voices": list(voices),
        "format": [audio_format.sample_rate, audio_format.bitrate, audio_format.channels],
        "tags": [manifest["title"], manifest["site"], manifest["date"], manifest["language"]],
        "said": [[s["block_id"], s["spoken"], s.get("pause", 0.0)] for s in manifest["sentences"]],
    }
    if "lang" in manifest:  # Vietnamese articles keep the keys they had before languages existed
        material["lang"] = manifest["lang"]
    blob = json.dumps(material, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(blob).hexdigest()[:32]
