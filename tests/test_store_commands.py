"""The audio store's health (size cap, eviction, orphans), the flask commands, make_audio(), metrics, logs."""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import time
from pathlib import Path

import pytest
import responses
from flask import Flask
from mp3_samples import mp3

from readable import Readable, get_state, make_audio
from readable.audio.mp3 import frames
from readable.commands import group

SEED = (Path(__file__).resolve().parent / "pages" / "seed" / "source.html").read_text("utf-8")
ARTICLES = Path(__file__).resolve().parent.parent / "src" / "readable" / "demo" / "articles"
GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")


def make_app(store: Path, **extra: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        {"READABLE_VOICES": ("espeak",), **extra}, TESTING=True, READABLE_AUDIO_FOLDER=str(store)
    )
    Readable(app)
    return app


def google_first_app(store: Path) -> Flask:
    """Google's voice first (its answers replayed by ``responses``), the offline voice as the fallback."""
    app = make_app(
        store,
        READABLE_VOICES=("gtts", "espeak"),
        READABLE_GTTS_DEADLINE=0.5,
        READABLE_GTTS_TIMEOUT=(0.5, 0.5),
    )
    for voice in get_state(app).audio.chain().voices:
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]  # backoff is tested on its own
    return app


def google_reply(audio: bytes) -> str:
    encoded = base64.b64encode(audio).decode()
    return ')]}\'\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]'


def snapshot(folder: Path) -> dict[Path, tuple[int, int]]:
    """Every file of the store with its size and modification time."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def made_keys(app: Flask, count: int) -> list[str]:
    state = get_state(app)
    keys = []
    with app.test_request_context("/"):
        for n in range(count):
            key = state.extension.register(
                f"<p>Bài số {n}. Hội đồng nhân dân tỉnh họp phiên thứ {n}.</p>"
            ).audio_key
            assert key is not None and state.audio.jobs is not None
            assert state.audio.jobs.run(key) == "made"
            keys.append(key)
    return keys


def test_size_cap_evicts_the_least_recently_used_but_never_what_is_in_use(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    store = get_state(app).audio.store
    assert store is not None
    keys = made_keys(app, 5)
    now = time.time()
    for age, key in zip((500, 400, 300, 200, 100), keys, strict=True):  # keys[0] used longest ago
        os.utime(store.path(key, ".json"), (now - age, now - age))
    store.touch(keys[1])  # just served: within the grace period
    fd = store.try_lock(keys[2])  # being written by someone
    assert fd is not None
    try:
        per_article = store.path(keys[0], ".mp3").stat().st_size
        result = store.prune(store.stats().bytes - 2 * per_article, grace=60)
    finally:
        store.unlock(fd)
    evicted = [k for k in keys if store.audio(k) is None]
    assert evicted == [keys[0], keys[3]]  # oldest first, skipping the one in use and the one being written
    assert result.evicted == 2 and result.remaining == store.stats().bytes
    assert all(store.manifest(k) for k in keys)  # manifests stay: evicted audio can be made again
    client = app.test_client()
    again = client.get(f"/readable/audio/{keys[0]}.mp3")
    assert again.status_code == 200 and frames(again.data)
    again.close()


def test_manifests_count_in_the_cap_oldest_unused_first(tmp_path: Path) -> None:
    """An article with a view counter in its body is a new key on every view: its manifests must not grow
    the store past the cap, nor push out audio listened to since."""
    app = make_app(tmp_path / "store")
    store = get_state(app).audio.store
    assert store is not None
    listened = made_keys(app, 2)
    with app.test_request_context("/"):
        views = [get_state(app).extension.register(f"<p>Bài viết. Lượt xem: {n}.</p>").audio_key
                 for n in range(40)]  # fmt: skip
    now = time.time()
    for age, key in enumerate(reversed(views)):  # views[0] is the oldest view, 500 s ago
        os.utime(store.path(key, ".json"), (now - 100 - 10 * age, now - 100 - 10 * age))  # type: ignore[arg-type]
    for key in listened:
        os.utime(store.path(key, ".json"), (now - 90, now - 90))  # listened to after every view
    store.touch(views[0])  # in use within the last minute: kept whatever its age
    audio = sum(store.path(k, s).stat().st_size for k in listened for s in (".mp3", ".meta.json", ".vtt"))
    manifest = store.path(listened[0], ".json").stat().st_size
    result = store.prune(audio + 12 * manifest, grace=60)
    assert result.manifests > 0 and result.evicted == 0 and result.remaining <= audio + 12 * manifest
    kept = [k for k in views if store.manifest(k) is not None]  # type: ignore[arg-type]
    assert views[0] in kept and set(kept[1:]) == set(views[len(views) - len(kept) + 1 :])
    assert all(store.audio(k) is not None and store.manifest(k) is not None for k in listened)
    # A page shown again registers its evicted manifest again, and its audio can be made.
    gone = views[1]
    assert store.manifest(gone) is None  # type: ignore[arg-type]
    with app.test_request_context("/"):
        again = get_state(app).extension.register("<p>Bài viết. Lượt xem: 1.</p>").audio_key
    assert again == gone and store.manifest(gone) is not None  # type: ignore[arg-type]


def test_pages_alone_keep_the_store_under_its_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nobody listens, so no generation applies the cap: new manifests do, every PRUNE_EVERY of them."""
    from readable import jobs

    monkeypatch.setattr(jobs, "PRUNE_EVERY", 10)
    app = make_app(tmp_path / "store", READABLE_AUDIO_MAX_BYTES=2_000)
    store = get_state(app).audio.store
    assert store is not None

    def view(n: int) -> str:
        with app.test_request_context("/"):
            key = get_state(app).extension.register(f"<p>Bài viết. Lượt xem: {n}.</p>").audio_key
        assert key is not None
        return key

    old = [view(n) for n in range(9)]
    stamp = time.time() - 120
    for key in old:
        os.utime(store.path(key, ".json"), (stamp, stamp))
    assert store.stats().bytes > 2_000
    new = [view(n) for n in range(9, 20)]  # the tenth new manifest applies the cap
    deadline = time.monotonic() + 30
    while any(store.manifest(k) is not None for k in old):
        assert time.monotonic() < deadline, store.stats()
        time.sleep(0.05)
    assert all(store.manifest(k) is not None for k in new)  # used within the last minute: kept


def test_the_registered_keys_kept_in_memory_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readable.audio import service

    monkeypatch.setattr(service, "REGISTERED_KEYS", 5)
    app = make_app(tmp_path / "store")
    state = get_state(app)
    with app.test_request_context("/"):
        keys = [state.extension.register(f"<p>Bài viết. Lượt xem: {n}.</p>").audio_key for n in range(30)]
    assert len(set(keys)) == 30 and len(state.audio.registered) == 5
    # A key forgotten in memory is still found from its manifest on disk.
    response = app.test_client().get(f"/readable/audio/{keys[0]}.mp3")
    assert response.status_code == 200 and frames(response.data)
    response.close()


def test_the_cap_is_applied_after_each_generation(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store", READABLE_AUDIO_MAX_BYTES=1)
    store = get_state(app).audio.store
    assert store is not None
    keys = made_keys(app, 3)
    # Each new article is within the grace period, so the newest always survives; older ones go.
    assert store.audio(keys[-1]) is not None


def test_flask_commands_pregenerate_stats_prune(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    runner = app.test_cli_runner()
    export = tmp_path / "export.jsonl"
    export.write_text(
        json.dumps({"html": "<p>Bài từ tệp xuất. Có 2.500 người.</p>", "title": "Tệp"}, ensure_ascii=False)
        + "\n\n{not json\n" + json.dumps({"html": "<script>x()</script>"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    first = runner.invoke(group, ["pregenerate", str(ARTICLES), str(export)])
    assert "made 5, already there 0, queued 0, failed 2" in first.output, first.output
    assert (
        "export.jsonl:3: unreadable line" in first.output
        and "export.jsonl:4: nothing to read" in first.output
    )
    assert first.exit_code == 1
    second = runner.invoke(group, ["pregenerate", str(ARTICLES)])
    assert (
        second.exit_code == 0
        and "made 0, already there 4, queued 0, failed 0; provisional 0" in second.output
    )

    stats = runner.invoke(group, ["cache", "stats"])
    assert "audio files: 5 (0 provisional)" in stats.output and "articles registered: 5" in stats.output
    pruned = runner.invoke(group, ["cache", "prune", "--max-bytes", "1", "--grace", "0"])
    assert "evicted 5 audio files" in pruned.output
    assert "audio files: 0" in runner.invoke(group, ["cache", "stats"]).output
    assert "no queue" in runner.invoke(group, ["worker"]).output


@responses.activate
def test_pregenerate_leaves_fresh_provisional_audio_alone(tmp_path: Path) -> None:
    responses.add(responses.POST, GOOGLE, status=503)
    store = tmp_path / "store"
    articles = tmp_path / "articles"  # the Vietnamese ones: one voice chain, one breaker
    articles.mkdir()
    for path in sorted(ARTICLES.glob("*.html"))[:3]:
        (articles / path.name).write_bytes(path.read_bytes())
    app = google_first_app(store)
    get_state(app).audio.chain()._open_until.clear()  # the breaker is shared by apps with the same settings
    first = app.test_cli_runner().invoke(group, ["pregenerate", str(articles)])
    assert "made 3, already there 0, queued 0, failed 0; provisional 3" in first.output, first.output
    made = snapshot(store)
    audio = sorted(p for p in made if p.suffix == ".mp3")
    assert len(audio) == 3

    # Run again, in a new app as a new `flask readable pregenerate` would: the offline voice's audio is
    # younger than READABLE_FALLBACK_RETRY (600 s), so nothing is made and no file is written.
    second = google_first_app(store).test_cli_runner().invoke(group, ["pregenerate", str(articles)])
    assert second.exit_code == 0
    assert "made 0, already there 3, queued 0, failed 0; provisional 3" in second.output, second.output
    assert snapshot(store) == made

    # Once provisional audio is older than READABLE_FALLBACK_RETRY, it is due again (as for the audio route):
    # by the time its metadata records, whatever the file's own time says.
    old = time.time() - 700
    meta_path = audio[0].with_name(audio[0].name.removesuffix(".mp3") + ".meta.json")
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "made": old}))
    third = google_first_app(store).test_cli_runner().invoke(group, ["pregenerate", str(articles)])
    assert "made 1, already there 2, queued 0, failed 0; provisional 3" in third.output, third.output
    assert audio[0].stat().st_mtime > old + 600

    # Google answers again: --retry-provisional makes all of it final now; after that, nothing is provisional.
    get_state(app).audio.chain()._open_until.clear()
    responses.replace(responses.POST, GOOGLE, body=google_reply(mp3(0.3)))
    retry = ["pregenerate", "--retry-provisional", str(articles)]
    fourth = google_first_app(store).test_cli_runner().invoke(group, retry)
    assert "made 3, already there 0, queued 0, failed 0; provisional 0" in fourth.output, fourth.output
    final = snapshot(store)
    fifth = google_first_app(store).test_cli_runner().invoke(group, retry)
    assert "made 0, already there 3, queued 0, failed 0; provisional 0" in fifth.output, fifth.output
    assert snapshot(store) == final


def test_prepare_makes_the_audio_ahead_of_the_first_listener(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    store = get_state(app).audio.store
    assert store is not None
    with app.app_context():
        key = make_audio(SEED, title=None, date="2020-12-24")
        assert make_audio("<div> </div>") is None
    assert key is not None
    deadline = time.monotonic() + 30
    while store.audio(key) is None or store.meta(key) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert get_state(app).audio.metrics["generations"] == 1


def test_metrics_and_structured_log_lines(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(tmp_path / "store", READABLE_METRICS=True)
    client = app.test_client()
    assert make_app(tmp_path / "other").test_client().get("/readable/metrics").status_code == 404
    with caplog.at_level(logging.INFO, logger="readable"):
        key = made_keys(app, 1)[0]
    # One style: every record of the readable loggers is an event, its message one JSON line and its fields
    # also in ``record.readable`` for structured handlers; the generation is logged once.
    ours = [r for r in caplog.records if r.name.startswith("readable")]
    assert ours and all(json.loads(r.getMessage()) == r.readable for r in ours)  # type: ignore[attr-defined]
    lines = [json.loads(r.getMessage()) for r in ours]
    [line] = [x for x in lines if "generat" in x["event"]]
    assert line["event"] == "generation"
    assert line["key"] == key and line["voice"] == "espeak" and line["sentences"] == 2
    assert line["fallback"] is False and line["seconds"] > 0
    for _ in range(3):
        client.get(f"/readable/audio/{key}.mp3").close()
    text = client.get("/readable/metrics").text
    assert "readable_generations_total 1" in text and "readable_cache_hits_total 3" in text
    assert "# TYPE readable_failures_total counter" in text
