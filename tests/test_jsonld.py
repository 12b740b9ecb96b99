"""The wrapped article's structured data: its audio as a schema.org AudioObject, and what is speakable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template_string, request

from readable import Readable, get_state
from readable.jsonld import iso_duration

HTML = (
    '<h1>Khánh thành cầu mới</h1><p class="sapo">Sáng 30/11, tỉnh khánh thành cầu mới qua sông.</p>'
    "<p>Cầu dài 300 mét, rộng 12 mét.</p>"
)
TITLE = "Khánh thành cầu mới"
HOSTILE_TITLE = 'Tin </script><script>alert(1)</script> <!-- "x" & y'


def make_app(store: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update({"TESTING": True, "READABLE_VOICES": ("espeak",), "READABLE_AUDIO_FOLDER": str(store),
                       **config})  # fmt: skip
    Readable(app)

    @app.get("/tin")
    def page() -> str:
        return render_template_string(
            "<!doctype html><title>t</title>{{ readable_article(html, title=title, date=date, url=url) }}",
            html=request.args.get("html", HTML),
            title=request.args.get("title", TITLE),
            date=request.args.get("date", ""),
            url=request.args.get("url", ""),
        )

    return app


def structured(html: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's JSON-LD: its AudioObject and its WebPage."""
    soup = BeautifulSoup(html, "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@context"] == "https://schema.org"
    audio, page = data["@graph"]
    assert audio["@type"] == "AudioObject" and page["@type"] == "WebPage"
    return audio, page


def test_every_field_before_and_after_the_audio_is_made(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    client = app.test_client()
    html = client.get("/tin", query_string={"date": "2026-11-30T08:00:00+07:00", "url": "/tin/cau-moi"}).text
    audio, page = structured(html)
    soup = BeautifulSoup(html, "html.parser")
    mp3 = soup.select_one("audio")["src"]  # type: ignore[index]
    key = mp3.rsplit("/", 1)[1].removesuffix(".mp3")
    assert audio["contentUrl"] == audio["@id"] == f"http://localhost/readable/audio/{key}.mp3"
    assert audio["encodingFormat"] == "audio/mpeg"
    assert audio["inLanguage"] == "vi"
    assert audio["name"] == TITLE
    assert audio["uploadDate"] == "2026-11-30T08:00:00+07:00"
    assert audio["description"] == "Sáng 30/11, tỉnh khánh thành cầu mới qua sông."
    assert "duration" not in audio  # not known before the audio is made
    assert page["url"] == "http://localhost/tin/cau-moi" and page["audio"] == {"@id": audio["@id"]}
    speakable = page["speakable"]
    assert speakable["@type"] == "SpeakableSpecification"
    assert [soup.select_one(s).get_text() for s in speakable["cssSelector"]] == [  # type: ignore[union-attr]
        TITLE,
        "Sáng 30/11, tỉnh khánh thành cầu mới qua sông.",
    ]

    # Without a date the key is another (the date is in the MP3's tags): its audio made, the page says when.
    html = client.get("/tin").text
    assert "uploadDate" not in structured(html)[0]
    key = BeautifulSoup(html, "html.parser").select_one("audio")["src"].rsplit("/", 1)[1][:32]  # type: ignore[index, union-attr]
    service = get_state(app).audio
    assert service is not None and service.make(key) == "made"
    meta = service.store.meta(key)
    assert meta is not None
    audio, _ = structured(client.get("/tin").text)
    assert audio["duration"] == iso_duration(meta["duration"]) and audio["duration"].startswith("PT")
    assert audio["uploadDate"].startswith("20") and audio["uploadDate"].endswith("+00:00")
    assert _page_url(client.get("/tin?x=1").text) == "http://localhost/tin"


def _page_url(html: str) -> str:
    return structured(html)[1]["url"]  # type: ignore[no-any-return]


def test_the_public_url_and_the_article_language(tmp_path: Path) -> None:
    client = make_app(tmp_path / "s", READABLE_PUBLIC_URL="https://portal.example.vn",
                      READABLE_ARTICLE_LANGUAGE="en").test_client()  # fmt: skip
    audio, page = structured(client.get("/tin", query_string={"url": "/tin/a"}).text)
    assert audio["contentUrl"].startswith("https://portal.example.vn/readable/audio/")
    assert audio["inLanguage"] == "en" and page["url"] == "https://portal.example.vn/tin/a"


@pytest.mark.parametrize(
    "title",
    [HOSTILE_TITLE, "</SCRIPT ><img src=x onerror=alert(1)>", "a\u2028b</script", "<!--<script>"],
)
def test_no_title_breaks_out_of_the_json(tmp_path: Path, title: str) -> None:
    client = make_app(tmp_path / "store").test_client()
    query = {"title": title, "html": f"<h1>{TITLE}</h1><p>Tin &lt;/script&gt;.</p>"}
    html = client.get("/tin", query_string=query).text
    audio, _ = structured(html)
    assert audio["name"] == " ".join(title.split())  # the title as the article shows it
    soup = BeautifulSoup(html, "html.parser")
    # Nothing but the data block and readable's own script file: no script made of the title.
    assert all(s.get("src") or s.get("type") == "application/ld+json" for s in soup.find_all("script"))
    assert len(soup.find_all("script")) == 2
    assert soup.find("img", onerror=True) is None
    (script,) = soup.find_all("script", type="application/ld+json")
    assert not any(c in script.string for c in "<>&")


def test_no_structured_data_without_audio(tmp_path: Path) -> None:
    off = make_app(tmp_path / "a", READABLE_AUDIO=False).test_client()
    assert "application/ld+json" not in off.get("/tin").text
    empty = make_app(tmp_path / "b").test_client()
    assert "application/ld+json" not in empty.get("/tin", query_string={"html": "<p></p>"}).text


def test_iso_durations() -> None:
    assert [iso_duration(s) for s in (0, 0.4, 65.4, 3600, 3725.6)] == [
        "PT0S",
        "PT0S",
        "PT1M5S",
        "PT1H",
        "PT1H2M6S",
    ]
