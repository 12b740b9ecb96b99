"""The shapes the audio store keeps, one each: the manifest (what to say) and the metadata (what was made).

Both are JSON files in the store (``<key>.json`` holds the manifest; ``<key>.meta.json`` the metadata, which
``/readable/audio/<key>.json`` serves). They are ``TypedDict``s so that they stay plain JSON on disk and in
the routes while every module reads and writes the same fields.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict

from .words import Word

#: One sentence of the speech script: the id of the article block it comes from ("" for the title and spoken
#: notes), its start and end in that block's text in UTF-16 units as the browser counts (``from``/``to``;
#: absent in a spoken note, such as the one said when an article is cut), and the sentence as written and as
#: the voice reads it (numbers, dates, abbreviations spelled out), and the seconds of silence after it
#: (``pause``).
Sentence = TypedDict(
    "Sentence",
    {"block_id": str, "from": NotRequired[int], "to": NotRequired[int], "text": str, "spoken": str,
     "pause": NotRequired[float]},
)  # fmt: skip


#: The shape of the manifests written now. 2 added ``schema`` itself and the article's ``lead``, public
#: ``url`` and ``category``; a manifest without ``schema`` is of shape 1 and has none of them (still read).
MANIFEST_SCHEMA = 2


class Manifest(TypedDict):
    """Everything the audio is made from; its key is derived from it (``audio.script.audio_key``), from
    what is said and the tags only: the article's address, category and lead are kept beside it and never
    change the key (the same spoken text is the same audio)."""

    title: str
    site: str
    date: str
    #: ISO 639-2 code of the article's language, for the ID3 tag ("vie").
    language: str
    sentences: list[Sentence]
    #: The article's language tag when it is not Vietnamese ("en"): its voices and reading follow it.
    lang: NotRequired[str]
    schema: NotRequired[int]
    #: The article's public address (absolute, or a path on the site), for the feed; "" when not given.
    url: NotRequired[str]
    #: The article's category (the feed ``<prefix>/feed/<category>.xml``); "" when not given.
    category: NotRequired[str]
    #: The article's lead (its sapo), or its first paragraph: the feed's description of the item.
    lead: NotRequired[str]


#: A sentence of made audio: its place in the script (``index``) and on the page (``block_id``,
#: ``from``/``to``), its times in the MP3 in seconds, and the voice that said it. ``words``, when the voice
#: reports its words (espeak-ng, not gTTS): ``[start, end, from, to]`` for each word said, seconds on the
#: MP3 within the sentence's times and the span it marks in the sentence's written text, in UTF-16 units
#: from the sentence's start (``audio.words``). Absent in audio made before format 4.
TimedSentence = TypedDict(
    "TimedSentence",
    {"index": int, "block_id": str, "from": int, "to": int, "start": float, "end": float, "voice": str,
     "words": NotRequired[list[Word]]},
)  # fmt: skip


class Meta(TypedDict, total=False):
    """The state of a key's audio. Made audio has every field; before that only ``state`` (and
    ``done``/``total`` while a queue worker makes it)."""

    state: Literal["pending", "queued", "generating", "ready", "provisional"]
    voice: str | list[str]
    duration: float
    format: dict[str, int]
    failed: list[int]
    sentences: list[TimedSentence]
    #: When the audio was made (seconds since the epoch): provisional audio is due again from then.
    made: float
    done: int
    total: int
    #: While this process makes it: whether a fallback voice says it (known from the first sentence).
    fallback: bool
