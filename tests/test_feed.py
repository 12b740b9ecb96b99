"""The podcast feed, parsed by feedparser as podcast apps read it, over real audio of the offline voice."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import responses
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from readable import Readable, get_state
from readable.demo import create_app as demo_app

GOOGLE = re.compile(r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute")
#: Three articles: (html, title, date, url, category).
ARTICLES = [
    (
        '<p class="sapo">Sáng 30/11, tỉnh khánh thành cầu mới qua sông.</p><p>Cầu dài 300 mét.</p>',
        "Khánh thành cầu mới",
        "2026-11-30T08:00:00+07:00",
        "https://portal.example.vn/tin/cau-moi",
        "thoi-su",
    ),
    (
        "<p>Bệnh viện tỉnh khám sức khỏe miễn phí cho người cao tuổi.</p>",
        "Khám sức khỏe miễn phí",
        "2026-11-28",
        "/tin/kham-suc-khoe",
        "suc-khoe",
    ),
    (
        '<p class="sapo">Trời rét đậm trong ba ngày tới.</p><p>Nhiệt độ thấp nhất 8 độ.</p>',
        "Thời tiết <cuối tuần> & rét",
        "2026-11-29",
        "",
        "thoi-su",
    ),
]


def make_app(store: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        {
            "TESTING": True,
            "READABLE_VOICES": ("espeak",),
            "READABLE_AUDIO_FOLDER": str(store),
            "READABLE_SITE_NAME": "Cổng thông tin tỉnh",
            **config,
        }
    )
    Readable(app)
    return app


def make(app: Flask, html: str, title: str, date: str, url: str = "", category: str = "") -> str:
    state = get_state(app)
    with app.test_request_context("/"):
        key = state.extension.register(html, title, date=date, url=url, category=category).audio_key
    assert key is not None and state.audio is not None
    state.audio.make(key)
    return key


def fetch(client: FlaskClient, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
    response = client.get(path, **kwargs)
    body = response.get_data()
    response.close()
    return response, body


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """One store with the three articles' audio (made once for the module: it takes a few seconds)."""
    folder = tmp_path_factory.mktemp("feed") / "store"
    app = make_app(folder)
    return folder, [make(app, *article) for article in ARTICLES]


def test_the_feed_lists_every_field_podcast_apps_read(store: tuple[Path, list[str]]) -> None:
    folder, keys = store
    app = make_app(folder)
    client = app.test_client()
    response, body = fetch(client, "/readable/feed.xml")
    assert response.status_code == 200 and response.mimetype == "application/rss+xml"
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert channel.title == "Cổng thông tin tỉnh"
    assert channel.subtitle == "Các bài viết của trang, đọc thành tiếng: bài mới nhất trước."
    assert channel.language == "vi"
    assert channel.link == "http://localhost/"
    assert channel.image.href == "http://localhost/readable/static/readable-feed.png"
    assert not channel.get("itunes_explicit")  # feedparser reads "no" as not explicit (None)
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    xml = ElementTree.fromstring(body).find("channel")
    assert xml is not None and xml.findtext(f"{itunes}explicit") == "no"
    assert xml.find(f"{itunes}image").get("href") == channel.image.href  # type: ignore[union-attr]
    assert xml.find(f"{itunes}category").get("text") == "News"  # type: ignore[union-attr]
    assert [t.term for t in channel.tags] == ["News"]
    assert any(
        link.rel == "self" and link.href == "http://localhost/readable/feed.xml" for link in channel.links
    )
    image, image_body = fetch(client, "/readable/static/readable-feed.png")
    assert image.status_code == 200 and image_body[:8] == b"\x89PNG\r\n\x1a\n"
    assert image_body[16:24] == (1400).to_bytes(4, "big") * 2  # 1400 × 1400, as podcast apps ask

    # Newest first: 30/11 (+07:00), 29/11, 28/11.
    entries = parsed.entries
    assert [e.id for e in entries] == [keys[0], keys[2], keys[1]]
    assert [e.title for e in entries] == [
        "Khánh thành cầu mới",
        "Thời tiết <cuối tuần> & rét",
        "Khám sức khỏe miễn phí",
    ]
    assert [e.get("link") for e in entries] == [
        "https://portal.example.vn/tin/cau-moi",
        None,
        "http://localhost/tin/kham-suc-khoe",
    ]
    assert [e.guidislink for e in entries] == [False, False, False]
    published = [e.published for e in entries]
    assert published == ["Mon, 30 Nov 2026 08:00:00 +0700", "Sun, 29 Nov 2026 00:00:00 +0000",
                         "Sat, 28 Nov 2026 00:00:00 +0000"]  # fmt: skip
    assert [e.summary for e in entries] == [
        "Sáng 30/11, tỉnh khánh thành cầu mới qua sông.",
        "Trời rét đậm trong ba ngày tới.",
        "Bệnh viện tỉnh khám sức khỏe miễn phí cho người cao tuổi.",
    ]
    assert [[t.term for t in e.tags] for e in entries] == [["thoi-su"], ["thoi-su"], ["suc-khoe"]]
    service = get_state(app).audio
    assert service is not None
    for entry, key in zip(entries, [keys[0], keys[2], keys[1]], strict=True):
        (enclosure,) = entry.enclosures
        assert enclosure.href == f"http://localhost/readable/audio/{key}.mp3"
        assert enclosure.type == "audio/mpeg"
        audio, audio_body = fetch(client, enclosure.href.removeprefix("http://localhost"))
        assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
        assert int(enclosure.length) == len(audio_body) > 1000
        meta = service.store.meta(key)
        assert meta is not None and meta["state"] == "ready"
        seconds = round(meta["duration"])
        assert entry.itunes_duration == f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        assert seconds >= 1


def test_a_category_feed_the_size_cap_and_an_empty_store(
    store: tuple[Path, list[str]], tmp_path: Path
) -> None:
    folder, keys = store
    client = make_app(folder).test_client()
    parsed = feedparser.parse(fetch(client, "/readable/feed/thoi-su.xml")[1])
    assert [e.id for e in parsed.entries] == [keys[0], keys[2]]
    assert parsed.feed.title == "Cổng thông tin tỉnh – thoi-su"
    assert any(link.href == "http://localhost/readable/feed/thoi-su.xml" for link in parsed.feed.links)
    parsed = feedparser.parse(fetch(client, "/readable/feed/suc-khoe.xml")[1])
    assert [e.id for e in parsed.entries] == [keys[1]]
    response, body = fetch(client, "/readable/feed/kh%C3%B4ng-c%C3%B3.xml")
    assert response.status_code == 200 and feedparser.parse(body).entries == []

    capped = make_app(folder, READABLE_FEED_SIZE=2).test_client()
    assert [e.id for e in feedparser.parse(fetch(capped, "/readable/feed.xml")[1]).entries] == keys[0:3:2]

    empty = make_app(tmp_path / "empty").test_client()
    response, body = fetch(empty, "/readable/feed.xml")
    parsed = feedparser.parse(body)
    assert response.status_code == 200 and not parsed.bozo
    assert (
        parsed.entries == [] and parsed.feed.title == "Cổng thông tin tỉnh" and parsed.feed.language == "vi"
    )
    assert "Last-Modified" not in response.headers
    again = fetch(empty, "/readable/feed.xml", headers={"If-None-Match": response.headers["ETag"]})[0]
    assert again.status_code == 304
    english = make_app(tmp_path / "empty", READABLE_SITE_NAME="", READABLE_LANGUAGE="en").test_client()
    channel = feedparser.parse(fetch(english, "/readable/feed.xml")[1]).feed
    assert channel.title == "Articles read aloud"
    assert channel.subtitle == "This site's articles, read aloud: the newest first."


def test_etag_and_last_modified_answer_304_until_the_feed_changes(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    client = app.test_client()
    make(app, *ARTICLES[1])
    first, body = fetch(client, "/readable/feed.xml")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert fetch(client, "/readable/feed.xml")[1] == body  # the same bytes every time
    assert fetch(client, "/readable/feed.xml", headers={"If-None-Match": etag})[0].status_code == 304
    assert fetch(client, "/readable/feed.xml", headers={"If-Modified-Since": modified})[0].status_code == 304
    time.sleep(1.1)  # Last-Modified has whole seconds
    make(app, *ARTICLES[0])
    changed, new_body = fetch(client, "/readable/feed.xml", headers={"If-None-Match": etag})
    assert (
        changed.status_code == 200
        and changed.headers["ETag"] != etag
        and len(feedparser.parse(new_body).entries) == 2
    )
    assert fetch(client, "/readable/feed.xml", headers={"If-Modified-Since": modified})[0].status_code == 200
    # A later address for an article is a new feed too (its manifest changed, not its audio).
    time.sleep(1.1)
    with app.test_request_context("/"):
        get_state(app).extension.register(*ARTICLES[1][:2], date=ARTICLES[1][2], url="/tin/moi")
    for validator in ({"If-None-Match": changed.headers["ETag"]},
                      {"If-Modified-Since": changed.headers["Last-Modified"]}):  # fmt: skip
        renamed, renamed_body = fetch(client, "/readable/feed.xml", headers=validator)
        assert renamed.status_code == 200, validator
        assert "http://localhost/tin/moi" in [e.get("link") for e in feedparser.parse(renamed_body).entries]


def test_public_url_and_the_feed_switched_off(store: tuple[Path, list[str]]) -> None:
    folder, keys = store
    client = make_app(
        folder, READABLE_PUBLIC_URL="https://portal.example.vn/", READABLE_FEED_IMAGE="/anh/podcast.jpg",
        READABLE_FEED_CATEGORY="News/Politics",
    ).test_client()  # fmt: skip
    parsed = feedparser.parse(fetch(client, "/readable/feed.xml")[1])
    assert parsed.feed.link == "https://portal.example.vn/"
    assert parsed.feed.image.href == "https://portal.example.vn/anh/podcast.jpg"
    audio = f"https://portal.example.vn/readable/audio/{keys[0]}.mp3"
    assert parsed.entries[0].enclosures[0].href == audio
    assert parsed.entries[2].link == "https://portal.example.vn/tin/kham-suc-khoe"
    assert parsed.entries[0].link == "https://portal.example.vn/tin/cau-moi"
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    category = ElementTree.fromstring(fetch(client, "/readable/feed.xml")[1]).find(
        f"channel/{itunes}category"
    )
    assert category is not None and category.get("text") == "News"
    assert [c.get("text") for c in category] == ["Politics"]
    off = make_app(folder, READABLE_FEED=False).test_client()
    assert fetch(off, "/readable/feed.xml")[0].status_code == 404
    assert fetch(off, "/readable/feed/thoi-su.xml")[0].status_code == 404


@responses.activate
def test_provisional_audio_is_left_out_unless_asked_for(tmp_path: Path) -> None:
    """Google fails (replayed 503s): the offline voice makes the audio, provisional."""
    responses.add(responses.POST, GOOGLE, status=503)
    settings = {"READABLE_VOICES": ("gtts", "espeak"), "READABLE_GTTS_TIMEOUT": (0.5, 0.5)}
    app = make_app(tmp_path / "store", **settings)
    get_state(app).audio.chain()._open_until.clear()  # type: ignore[union-attr]  # shared breaker
    for voice in get_state(app).audio.chain().voices:  # type: ignore[union-attr]
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]
    key = make(app, *ARTICLES[0])
    assert get_state(app).audio.store.meta(key)["state"] == "provisional"  # type: ignore[union-attr, index]
    assert feedparser.parse(fetch(app.test_client(), "/readable/feed.xml")[1]).entries == []
    listed = make_app(tmp_path / "store", READABLE_FEED_PROVISIONAL=True, **settings).test_client()
    assert [e.id for e in feedparser.parse(fetch(listed, "/readable/feed.xml")[1]).entries] == [key]


def test_a_store_of_the_first_shape_and_another_apps_audio(
    store: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Manifests written by hand in the first shape (no schema, lead, url or category) are listed, their
    lead taken from their first block; audio of an application with other voices is not."""
    folder, keys = store
    copy = tmp_path / "old"
    for path in folder.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for key in keys:
        path = copy / key[:2] / f"{key}.json"
        manifest = json.loads(path.read_text("utf-8"))
        old = {k: manifest[k] for k in ("title", "site", "date", "language", "sentences")}
        path.write_text(json.dumps(old, ensure_ascii=False), "utf-8")
    parsed = feedparser.parse(fetch(make_app(copy).test_client(), "/readable/feed.xml")[1])
    assert [e.id for e in parsed.entries] == [keys[0], keys[2], keys[1]]
    assert parsed.entries[0].summary == "Sáng 30/11, tỉnh khánh thành cầu mới qua sông."
    assert [e.get("link") for e in parsed.entries] == [None, None, None]
    other = make_app(copy, READABLE_ESPEAK_VOICE="vi-VN-x-south").test_client()
    assert feedparser.parse(fetch(other, "/readable/feed.xml")[1]).entries == []


@responses.activate
def test_the_demo_links_its_feed_and_lists_the_offline_voices_audio(tmp_path: Path) -> None:
    responses.add(responses.POST, GOOGLE, status=503)
    app = demo_app({"TESTING": True, "READABLE_AUDIO_FOLDER": str(tmp_path / "demo"),
                    "READABLE_GTTS_TIMEOUT": (0.5, 0.5)})  # fmt: skip
    service = get_state(app).audio
    assert service is not None
    service.chain()._open_until.clear()
    for voice in service.chain().voices:
        if voice.name == "gtts":
            voice._sleep = lambda seconds: None  # type: ignore[attr-defined]
    client = app.test_client()
    page = fetch(client, "/bai-viet/thoi-tiet-tet")[1].decode()
    link = BeautifulSoup(page, "html.parser").find("link", rel="alternate", type="application/rss+xml")
    assert link is not None and link["href"] == "/readable/feed.xml"
    key = re.search(r"/readable/audio/([0-9a-f]{32})\.mp3", page).group(1)  # type: ignore[union-attr]
    assert fetch(client, f"/readable/audio/{key}.mp3")[0].status_code == 200  # made while streamed
    assert service.store.meta(key)["state"] == "provisional"  # type: ignore[index]
    parsed = feedparser.parse(fetch(client, link["href"])[1])
    (entry,) = parsed.entries
    assert entry.id == key and entry.link == "http://localhost/bai-viet/thoi-tiet-tet"
    assert [t.term for t in entry.tags] == ["doi-song"] and entry.published.startswith("Mon, 08 Feb 2021")
    assert [e.id for e in feedparser.parse(fetch(client, "/readable/feed/doi-song.xml")[1]).entries] == [key]


def test_rfc_822_dates_from_the_article_or_the_audio() -> None:
    from datetime import UTC, datetime

    from readable.feed import parse_date

    assert parse_date("2026-11-30T08:00:00+07:00") == datetime(2026, 11, 30, 1, tzinfo=UTC)
    assert parse_date("2026-11-30") == datetime(2026, 11, 30, tzinfo=UTC)
    assert parse_date("30/11/2026") is None and parse_date("") is None


def test_readable_demo_makes_its_articles_audio_for_its_feed(tmp_path: Path) -> None:
    """What `readable demo` does at start (with the offline voice here, so nothing leaves the machine)."""
    from readable.demo import load_articles, make_audio

    app = demo_app(
        {"TESTING": True, "READABLE_AUDIO_FOLDER": str(tmp_path / "demo"), "READABLE_VOICES": ("espeak",)}
    )
    make_audio(app)
    service = get_state(app).audio
    assert service is not None
    articles = load_articles()
    deadline = time.monotonic() + 120
    # Made in threads: wait until all are published, metadata included (it comes last).
    while sum(service.store.ready(key) for key in service.store.audio_keys()) < len(articles):
        assert time.monotonic() < deadline, "the demo's audio was not made"
        time.sleep(0.2)
    parsed = feedparser.parse(fetch(app.test_client(), "/readable/feed.xml")[1])
    newest = sorted(articles, key=lambda a: a.date, reverse=True)
    assert [e.title for e in parsed.entries] == [a.title for a in newest]
    assert [e.link for e in parsed.entries] == [f"http://localhost/bai-viet/{a.slug}" for a in newest]
    # The pages register the same audio (same key): their players play what the feed lists.
    page = fetch(app.test_client(), f"/bai-viet/{newest[-1].slug}")[1].decode()
    assert parsed.entries[-1].id in page


def test_no_text_or_category_makes_the_feed_fail(tmp_path: Path) -> None:
    """Characters XML cannot hold (U+FFFE survives the cleaning) are left out; a category no article can
    have is a 404, never a 500."""
    app = make_app(tmp_path / "store")
    make(app, "<h1>Tin \ufffe lạ</h1><p>Nội dung \ufffe có ký tự lạ.</p>", "", "2026-11-30", category="lạ")
    client = app.test_client()
    for path in ("/readable/feed.xml", "/readable/feed/l%E1%BA%A1.xml"):
        response, body = fetch(client, path)
        parsed = feedparser.parse(body)
        assert response.status_code == 200 and not parsed.bozo, path
        (entry,) = parsed.entries
        assert entry.title == "Tin lạ" and entry.summary == "Nội dung có ký tự lạ."
    for category in ("%00", "a%0Ab", "%EF%BF%BE", "x" * 101, "%20x"):
        assert fetch(client, f"/readable/feed/{category}.xml")[0].status_code == 404, category


def test_listen_next_follows_the_feeds_order_without_next_url(store: tuple[Path, list[str]]) -> None:
    """Without next_url, the offer is the next older article of the feed (one with an address); the oldest
    offers nothing, a next_url given wins, and without the feed there is no order to follow."""
    folder, _ = store
    with_url = sorted((a for a in ARTICLES if a[3]), key=lambda a: a[2], reverse=True)  # newest first
    assert len(with_url) >= 2

    def offer(app: Flask, article: tuple[str, ...], **kwargs: object) -> str | None:
        html, title, date, url, category = article
        with app.test_request_context("/"):
            wrapped = get_state(app).extension.article
            page = str(wrapped(html, title, date=date, url=url, category=category, **kwargs))  # type: ignore[arg-type]
        link = BeautifulSoup(page, "html.parser").select_one("[data-readable-next] a")
        return None if link is None else f"{link['href']} {link.get_text()}"

    app = make_app(folder)
    for newer, older in zip(with_url, with_url[1:], strict=False):
        assert offer(app, newer) == f"{older[3]} Bài tiếp theo: {older[1]}"
    assert offer(app, with_url[-1]) is None
    assert offer(app, with_url[0], next_url="/khac", next_title="Bài khác") == "/khac Bài tiếp theo: Bài khác"
    assert offer(make_app(folder, READABLE_FEED=False), with_url[0]) is None
