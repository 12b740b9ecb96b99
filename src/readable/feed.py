"""The podcast feed: RSS 2.0 with the tags podcast apps read, built with feedgen from the audio store.

An episode is an article whose audio is in the store, described by its manifest (title, date, lead, address,
category) and its metadata (duration, final or provisional). The view gives the channel's text and every
absolute URL, so this module never imports Flask.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .audio.types import Manifest, Meta

#: Characters XML 1.0 cannot hold (lxml refuses them): left out of every text of the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: RSS's lastBuildDate of a feed without episodes (it must not change from one request to the next).
EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass(frozen=True, slots=True)
class Episode:
    """One article with audio, as the feed lists it."""

    #: The audio key: the item's guid, and the name of its MP3.
    key: str
    title: str
    #: The article's address as the portal gave it (absolute, or a path on the site); "" for none.
    url: str
    category: str
    #: What the item says about the article: its lead, or its first paragraph.
    lead: str
    #: The article's date (its audio's when it has none): the item's pubDate, and the feed's order.
    published: datetime
    #: When the episode last changed (its audio or metadata), seconds since the epoch.
    changed: float
    #: Bytes of the MP3, exactly.
    size: int
    #: Seconds of audio.
    duration: float
    provisional: bool


@dataclass(frozen=True, slots=True)
class Channel:
    """What the feed says about itself, with absolute URLs."""

    title: str
    description: str
    #: The site's address.
    link: str
    #: The feed's own address (atom:link rel="self").
    self_url: str
    language: str
    #: A square PNG or JPEG for podcast apps.
    image: str
    #: Apple's category, with an optional subcategory: "News" or "News/Politics".
    category: str
    author: str = ""


#: An article's public address: absolute http(s), or a path on the site (not ``//host``).
_URL = re.compile(r"(https?://[^\s/?#]+|/(?!/))[^\s\x00-\x1f\x7f]*", re.IGNORECASE)
#: A category: one short line, no "/" (it names the feed ``<prefix>/feed/<category>.xml``).
_CATEGORY = re.compile("[^\\x00-\\x1f\\x7f/\\ud800-\\udfff\\ufffe\\uffff]{1,100}")


def check_info(url: object = "", category: object = "") -> None:
    """``TypeError`` or ``ValueError`` unless ``url`` is "" or an article's address (absolute ``http(s)``,
    or a path on the site, at most 2,048 characters) and ``category`` "" or a short name without "/"."""
    if not isinstance(url, str) or not isinstance(category, str):
        wrong = type(category if isinstance(url, str) else url).__name__
        raise TypeError(f"the article's url and category must be str, not {wrong}")
    if url and (len(url) > 2048 or not _URL.fullmatch(url)):
        raise ValueError(f"the article's url must be an http(s) address or a path on the site: {url[:80]!r}")
    if category and (category.strip() != category or not _CATEGORY.fullmatch(category)):
        raise ValueError(f"the article's category must be a short name without '/': {category[:80]!r}")


def episode(key: str, manifest: Manifest, meta: Meta, audio: os.stat_result, changed: float) -> Episode:
    """The feed's view of one key's stored files. Reads manifests of every shape (``schema`` 1 has no lead,
    address nor category: its lead is taken from its first block's sentences)."""
    made = meta.get("made")
    fallback = datetime.fromtimestamp(made if isinstance(made, int | float) else audio.st_mtime, UTC)
    first = ""
    lead = manifest.get("lead", "")
    sentences = manifest.get("sentences", [])
    if not lead:
        block = next((s["block_id"] for s in sentences if s.get("block_id")), None)
        lead = " ".join(s["text"] for s in sentences if block and s.get("block_id") == block)
    if sentences:
        first = sentences[0].get("text", "")
    duration = meta.get("duration", 0.0)
    return Episode(
        key=key,
        title=manifest.get("title") or first or key,
        url=manifest.get("url", ""),
        category=manifest.get("category", ""),
        lead=" ".join(lead.split()),
        published=parse_date(manifest.get("date", "")) or fallback,
        changed=changed,
        size=audio.st_size,
        duration=float(duration) if isinstance(duration, int | float) else 0.0,
        provisional=meta.get("state") != "ready",
    )


def parse_date(text: str) -> datetime | None:
    """An article's date in ISO 8601 (``2026-11-30`` or ``2026-11-30T08:15:00+07:00``); a date without a
    time zone is taken as UTC. ``None`` when it is not one."""
    try:
        when = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def newest(episodes: Sequence[Episode], limit: int) -> list[Episode]:
    """The ``limit`` newest episodes, newest first (the same order every time: the key breaks ties)."""
    return sorted(episodes, key=lambda e: (e.published, e.key), reverse=True)[:limit]


def duration(seconds: float) -> str:
    """``H:MM:SS`` for itunes:duration."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def xml_text(text: str) -> str:
    """``text`` on one line, without the characters XML cannot hold (a stored title may have any)."""
    return " ".join(_NOT_XML.sub("", text).split())


def render(
    channel: Channel,
    episodes: Sequence[Episode],
    enclosure: Callable[[str], str],
    link: Callable[[str], str],
) -> bytes:
    """The feed as RSS 2.0 (UTF-8), one item per episode in the given order.

    ``enclosure(key)`` is the absolute URL of a key's MP3; ``link(url)`` makes an article's address
    absolute. The same episodes always give the same bytes (the ETag is their hash).
    """
    from feedgen.feed import FeedGenerator  # here: it loads lxml, which nothing else needs

    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(xml_text(channel.title))
    fg.description(xml_text(channel.description))
    fg.link(href=channel.self_url, rel="self")
    fg.link(href=channel.link, rel="alternate")  # last: RSS's <link> is the last one given
    fg.language(channel.language)
    fg.image(url=channel.image, title=xml_text(channel.title), link=channel.link)
    fg.generator("readable")
    main, _, sub = channel.category.partition("/")
    fg.podcast.itunes_category({"cat": main, "sub": sub} if sub else {"cat": main})
    fg.podcast.itunes_explicit("no")
    fg.podcast.itunes_image(channel.image)
    fg.podcast.itunes_summary(xml_text(channel.description))
    if channel.author:
        fg.podcast.itunes_author(xml_text(channel.author))
    fg.lastBuildDate(max((datetime.fromtimestamp(e.changed, UTC) for e in episodes), default=EPOCH))
    for item in episodes:
        entry = fg.add_entry(order="append")
        entry.title(xml_text(item.title))
        if item.url:
            entry.link(href=xml_text(link(item.url)))
        entry.guid(item.key, permalink=False)
        entry.pubDate(item.published)
        entry.enclosure(enclosure(item.key), str(item.size), "audio/mpeg")
        entry.podcast.itunes_duration(duration(item.duration))
        if item.lead:
            entry.description(xml_text(item.lead))
            entry.podcast.itunes_summary(xml_text(item.lead))
        if item.category:
            entry.category(term=xml_text(item.category))
    return fg.rss_str(pretty=True)  # type: ignore[no-any-return]
