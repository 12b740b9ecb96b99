"""``flask readable …``: queue workers, pre-generating audio, and looking after the audio store."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import click
from flask import current_app
from flask.cli import AppGroup

from .audio.service import AudioService
from .feed import check_info
from .languages import is_vietnamese
from .state import get_state

group = AppGroup("readable", help="readable: audio workers, pre-generation and the audio store.")


def _service() -> AudioService:
    service = get_state().audio
    if service is None:
        raise click.UsageError("READABLE_AUDIO is off")
    return service


@group.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", help="Worker name (default: RQ's).")
def worker(burst: bool, name: str | None) -> None:
    """Run a queue worker that makes audio (needs READABLE_REDIS_URL)."""
    from rq import Worker

    queue = _service().queue
    if queue is None:
        raise click.UsageError("READABLE_REDIS_URL is not set: there is no queue to work on")
    rq_worker = Worker([queue.queue()], connection=queue.redis, name=name)
    rq_worker.work(burst=burst, with_scheduler=True)


# The lang attribute of a file's first element (after a doctype and comments).
_OWN_LANG = re.compile(
    r"\s*(?:<!(?:doctype[^>]*|--.*?--)>\s*)*<[a-z][a-z0-9]*\b[^>]*?\slang=[\"']?([\w-]+)", re.I | re.S
)


class Item(NamedTuple):
    """One article to read: where it comes from, its HTML and what the export says about it."""

    where: str
    html: str
    title: str | None
    #: The article's date; "!" and a reason when the item could not be read.
    date: str
    url: str = ""
    category: str = ""
    #: The article's language tag; None for the default.
    lang: str | None = None


def _articles(paths: tuple[Path, ...]) -> Iterator[Item]:
    """Articles from HTML files, folders of them, and JSON-lines exports ({"html", "title", "date", "url",
    "category", "lang"})."""
    for path in paths:
        if path.is_dir():
            yield from _articles(
                tuple(sorted(p for p in path.rglob("*") if p.suffix in (".html", ".htm", ".jsonl")))
            )
        elif path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    where = f"{path}:{number}"
                    try:
                        item = json.loads(line)
                        html = item["html"]
                        info = {name: item.get(name) or "" for name in ("url", "category")}
                        check_info(**info)
                    except (ValueError, KeyError, TypeError, AttributeError) as error:
                        yield Item(where, "", None, f"!unreadable line: {error}")
                        continue
                    date = str(item.get("date") or "")
                    yield Item(where, str(html), item.get("title"), date, **info, lang=item.get("lang"))
        else:
            try:
                html = path.read_text(encoding="utf-8", errors="replace")
                own = _OWN_LANG.match(html)  # <article lang="en">: the demo's English article
                yield Item(str(path), html, None, "", lang=own.group(1) if own else None)
            except OSError as error:
                yield Item(str(path), "", None, f"!cannot read: {error.strerror}")


@group.command("pregenerate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--enqueue", is_flag=True, help="Hand the work to the queue instead of making it here.")
@click.option(
    "--retry-provisional",
    is_flag=True,
    help="Make provisional audio (a fallback voice's) again now, however recent (default: once it is older "
    "than READABLE_FALLBACK_RETRY, as the audio route does).",
)
def pregenerate(paths: tuple[Path, ...], enqueue: bool, retry_provisional: bool) -> None:
    """Make the audio of articles ahead of time: HTML files, folders, JSON lines ({"html", "title", "date",
    "url", "category", "lang"}: the address and category go into the feed, "lang" is the article's language).

    Idempotent and resumable: audio already in the store is left alone, so a second run makes nothing. That
    includes provisional audio (made by the offline voice when Google failed) younger than
    READABLE_FALLBACK_RETRY, which listeners would not have made again either.
    """
    service = _service()
    queue = service.queue
    if enqueue and queue is None:
        raise click.UsageError("--enqueue needs READABLE_REDIS_URL")
    items = list(_articles(paths))
    made = present = queued = provisional = 0
    failed: list[tuple[str, str]] = []
    extension = get_state().extension
    with (
        current_app.test_request_context("/"),
        click.progressbar(
            items, label="Tạo âm thanh", file=sys.stderr, item_show_func=lambda i: i[0][-40:] if i else None
        ) as bar,
    ):
        for where, html, title, date, url, category, lang in bar:
            if date.startswith("!"):
                failed.append((where, date[1:]))
                continue
            try:
                key = extension.register(
                    html, title, date=date, url=url, category=category, lang=lang
                ).audio_key
                if key is None:
                    failed.append((where, "nothing to read"))
                    continue
                if service.present(key, retry_provisional=retry_provisional):
                    present += 1
                elif enqueue and queue is not None:
                    queued += queue.enqueue(key)
                    continue
                elif service.make(key) == "made":
                    made += 1
                else:
                    present += 1
                provisional += service.store.provisional_age(key) is not None
            except Exception as error:  # one bad article must not stop the run
                failed.append((where, f"{type(error).__name__}: {error}"))
    summary = f"made {made}, already there {present}, queued {queued}, failed {len(failed)}"
    summary += f"; provisional {provisional}"
    if provisional:
        summary += " (fallback voice: remade after READABLE_FALLBACK_RETRY, or now with --retry-provisional)"
    click.echo(summary)
    for where, reason in failed:
        click.echo(f"  failed: {where}: {reason}")
    if failed:
        sys.exit(1)


@group.group("lexicon")
def lexicon_group() -> None:
    """The site's lexicon (READABLE_LEXICON)."""


@lexicon_group.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--limit", type=int, default=0, help="Show only the most frequent tokens (default: all).")
def lexicon_check(paths: tuple[Path, ...], limit: int) -> None:
    """List what the rules leave for the voice to guess in articles (HTML files, folders, JSON lines):
    acronyms spelled letter by letter, words that are not Vietnamese, symbols. Most frequent first, with
    a count and an example sentence: candidates for READABLE_LEXICON. Registers nothing."""
    from .article import clean
    from .lexicon import LexiconSource, leftovers
    from .speech import iter_script
    from .vi import default_processors

    state = get_state()
    s = state.settings
    source = state.audio.lexicon if state.audio is not None else LexiconSource(s.lexicon)
    entries = source.current()
    steps = default_processors(s.dialect, s.abbreviations, entries)
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    failed: list[tuple[str, str]] = []
    articles = 0
    for where, html, title, date, _, _, lang in _articles(paths):
        if date.startswith("!"):
            failed.append((where, date[1:]))
            continue
        if isinstance(lang, str) and not is_vietnamese(lang):
            continue  # the lexicon is Vietnamese: an article in another language is not read with it
        try:
            article = clean(html, title=title, options=state.options)
            script = iter_script(
                article,
                captions=s.read_captions,
                dialect=s.dialect,
                abbreviations=s.abbreviations,
                lexicon=entries,
            )
            for sentence in script:
                for found in leftovers(sentence.text, sentence.spoken, steps):
                    counts[found] += 1
                    examples.setdefault(found, " ".join(sentence.text.split()))
        except Exception as error:  # one bad article must not stop the run
            failed.append((where, f"{type(error).__name__}: {error}"))
            continue
        articles += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    click.echo("số lần\tchữ\tloại\tví dụ")
    for (kind, token), count in ranked[: limit or None]:
        example = examples[(kind, token)]
        click.echo(f"{count}\t{token}\t{kind}\t{example[:117] + '...' if len(example) > 120 else example}")
    click.echo(f"{articles} bài, {len(counts)} chữ cần xem", err=True)
    for where, reason in failed:
        click.echo(f"  failed: {where}: {reason}", err=True)
    if failed:
        sys.exit(1)


@group.group("cache")
def cache() -> None:
    """The audio store."""


@cache.command("stats")
def cache_stats() -> None:
    """What the audio store holds."""
    service = _service()
    stats = service.store.stats()
    cap = service.settings.audio_max_bytes
    click.echo(f"folder: {service.store.root}")
    click.echo(f"articles registered: {stats.articles}")
    click.echo(f"audio files: {stats.audio} ({stats.provisional} provisional), {stats.audio_bytes:,} bytes")
    click.echo(f"partial files: {stats.partial}")
    click.echo(f"total: {stats.bytes:,} bytes" + (f" of {cap:,}" if cap else " (no cap)"))


@cache.command("prune")
@click.option(
    "--max-bytes", type=int, help="Size to bring the store under (default READABLE_AUDIO_MAX_BYTES)."
)
@click.option("--grace", type=float, default=60.0, show_default=True, help="Keep audio used this recently.")
def cache_prune(max_bytes: int | None, grace: float) -> None:
    """Evict the least recently used audio and manifests over the cap, and crashed workers' partials."""
    store = _service().store
    cap = max_bytes if max_bytes is not None else _service().settings.audio_max_bytes
    result = store.prune(cap, grace=grace)
    click.echo(
        f"evicted {result.evicted} audio files and {result.manifests} unused manifests "
        f"({result.bytes:,} bytes), removed {result.partials} partial files; "
        f"store now {store.stats().bytes:,} bytes"
    )
