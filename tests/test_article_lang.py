"""Articles in other languages through the extension: the page, the registered script, real audio, Google's
request, and the interface language with READABLE_LANGUAGE = "auto"."""

from __future__ import annotations

import builtins
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import responses
from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from mp3_samples import mp3
from test_tts_gtts import URL, reply, sent

from readable import Readable
from readable.audio import id3
from readable.audio.service import _chain_for
from readable.demo import create_app, load_articles
from readable.languages import resolve
from readable.state import get_state
from readable.tts.espeak import EspeakVoice
from readable.tts.espeak import voices as espeak_voices

ENGLISH = (
    "<article><h1>Province opens 12 new schools</h1>"
    "<p>On September 5, 2021, 1,250 pupils started classes in the 12 schools, built for $3.5 million.</p>"
    "</article>"
)
PAGE = "<!doctype html><html lang=vi><title>t</title>{{ readable_article(html, title=title, lang=lang) }}"


def make_app(tmp_path: Path, **config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_AUDIO_FOLDER=str(tmp_path / "audio"), **config)
    Readable(app)

    @app.get("/article")
    def article() -> str:
        from flask import request

        return render_template_string(PAGE, html=ENGLISH, title=None, lang=request.args.get("lang"))

    return app


def manifest_of(app: Flask, key: str) -> dict[str, Any]:
    manifest = get_state(app).audio.store.manifest(key)  # type: ignore[union-attr]
    assert manifest is not None
    return dict(manifest)


# the page and the script -----------------------------------------------------------------------------------


def test_the_article_region_takes_the_lang_and_the_toolbar_keeps_its_language(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    page = client.get("/article?lang=en").text
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".readable")["lang"] == "vi"  # type: ignore[index]
    assert soup.select_one(".readable-article")["lang"] == "en"  # type: ignore[index]
    assert "Tăng cỡ chữ" in page and "Larger text" not in page
    assert soup.select_one("audio") is not None


def test_register_reads_the_article_in_its_language(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.test_request_context():
        readable = get_state().extension
        english = readable.register(ENGLISH, lang="en")
        vietnamese = readable.register(ENGLISH)
    assert english.lang == "en" and vietnamese.lang == "vi"
    assert english.audio_key and vietnamese.audio_key and english.audio_key != vietnamese.audio_key
    script = manifest_of(app, english.audio_key)
    assert script["lang"] == "en" and script["language"] == "eng"
    assert script["sentences"][1]["spoken"] == (
        "On September fifth, twenty twenty-one, one thousand, two hundred and fifty pupils started classes "
        "in the twelve schools, built for three point five million dollars."
    )
    assert "lang" not in manifest_of(app, vietnamese.audio_key)


def test_an_unsupported_lang_is_a_value_error_at_register_time(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.test_request_context():
        readable = get_state().extension
        for bad in ("gl", "klingon", "", "en us"):
            with pytest.raises(ValueError, match="lang"):
                readable.register(ENGLISH, lang=bad)
            with pytest.raises(ValueError, match="lang"):
                readable.make_audio(ENGLISH, lang=bad)


def test_a_template_with_an_unsupported_lang_shows_the_article_without_a_player(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(tmp_path).test_client()
    with caplog.at_level(logging.WARNING, logger="readable"):
        galician = client.get("/article?lang=gl")
        garbage = client.get("/article?lang=" + "x" * 30)
    for response in (galician, garbage):
        assert response.status_code == 200
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.select_one(".readable-article h1") and soup.select_one(".readable-toolbar")
        assert soup.select_one("audio") is None
    # A well-formed tag still tells screen readers the language; a malformed one is not written out.
    assert BeautifulSoup(galician.text, "html.parser").select_one(".readable-article")["lang"] == "gl"  # type: ignore[index]
    assert BeautifulSoup(garbage.text, "html.parser").select_one(".readable-article")["lang"] == "vi"  # type: ignore[index]
    logged = [json.loads(r.getMessage()) for r in caplog.records if r.getMessage()[:1] == "{"]
    assert [e["event"] for e in logged].count("unsupported_lang") == 2


def test_the_article_language_setting_is_the_default_lang(tmp_path: Path) -> None:
    app = make_app(tmp_path, READABLE_ARTICLE_LANGUAGE="en")
    with app.test_request_context():
        key = get_state().extension.register(ENGLISH).audio_key
    assert key and manifest_of(app, key)["lang"] == "en"
    with pytest.raises(ValueError, match="READABLE_ARTICLE_LANGUAGE"):
        make_app(tmp_path, READABLE_ARTICLE_LANGUAGE="gl")


# real audio ------------------------------------------------------------------------------------------------


def test_an_english_article_is_made_by_espeaks_english_voice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[tuple[str, str]] = []
    timed_pcm = EspeakVoice.timed_pcm

    def recording(self: EspeakVoice, text: str) -> tuple[bytes, int, tuple[tuple[int, float], ...]]:
        used.append((self.voice, text))
        return timed_pcm(self, text)

    monkeypatch.setattr(EspeakVoice, "timed_pcm", recording)  # the real voice, its calls noted
    app = make_app(tmp_path, READABLE_VOICES=("espeak",))
    client = app.test_client()
    page = client.get("/article?lang=en").text
    found = re.search(r"/readable/audio/([0-9a-f]{32})\.mp3", page)
    assert found
    key = found.group(1)
    data = client.get(f"/readable/audio/{key}.mp3").get_data()
    tags = id3.read(data)
    assert tags["TXXX:voice"] == "espeak-ng" and tags["TLAN"] == "eng"
    meta = client.get(f"/readable/audio/{key}.json").get_json()
    assert meta["state"] == "ready" and meta["voice"] == "espeak" and meta["duration"] > 3
    # Every sentence was said by espeak-ng's English voice (British English, "gmw/en"), none by Vietnamese.
    said = [s["spoken"] for s in manifest_of(app, key)["sentences"]]
    assert sorted(used) == sorted((resolve("en").espeak, text) for text in said)
    assert {language for _, language in espeak_voices()[resolve("en").espeak]} >= {"en"}


def test_google_is_asked_for_english(tmp_path: Path) -> None:
    _chain_for.cache_clear()
    app = make_app(tmp_path, READABLE_VOICES=("gtts",))
    with app.test_request_context():
        key = get_state().extension.register(ENGLISH, lang="en").audio_key
    assert key
    good = mp3(0.3)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.post(URL, body=reply(good))
        assert get_state(app).audio.make(key) == "made"  # type: ignore[union-attr]
        asked = [sent(call.request)[:2] for call in mocked.calls]
    assert asked and {lang for _, lang in asked} == {"en"}
    assert asked[0][0] == "Province opens twelve new schools"
    data = get_state(app).audio.store.audio(key).read_bytes()  # type: ignore[union-attr]
    assert id3.read(data)["TXXX:voice"] == "gTTS (Google Translate)"
    _chain_for.cache_clear()


# the interface language ------------------------------------------------------------------------------------

ENGLISH_UI, VIETNAMESE_UI = "Larger text", "Tăng cỡ chữ"


def toolbar_language(client: Any, **headers: str) -> str:
    response = client.get("/article?lang=en", headers=headers)
    soup = BeautifulSoup(response.text, "html.parser")
    language = soup.select_one(".readable")["lang"]
    assert (ENGLISH_UI in response.text) == (language == "en")
    assert (VIETNAMESE_UI in response.text) == (language == "vi")
    assert soup.select_one(".readable-article")["lang"] == "en"
    return str(language)


def test_auto_follows_accept_language_among_the_shipped_catalogs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_flask_babel(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "flask_babel":
            raise ImportError("no flask-babel here")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "flask_babel", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_flask_babel)
    client = make_app(tmp_path, READABLE_LANGUAGE="auto").test_client()
    assert toolbar_language(client, **{"Accept-Language": "en-GB,en;q=0.9"}) == "en"
    assert toolbar_language(client, **{"Accept-Language": "fr-FR,fr;q=0.9,vi;q=0.5,en;q=0.3"}) == "vi"
    assert toolbar_language(client, **{"Accept-Language": "de"}) == "vi"
    assert toolbar_language(client) == "vi"
    response = client.get("/article", headers={"Accept-Language": "en"})
    assert "Accept-Language" in response.headers["Vary"]


def test_auto_follows_flask_babels_locale(tmp_path: Path) -> None:
    flask_babel = pytest.importorskip("flask_babel")
    locale = {"value": "en"}
    app = make_app(tmp_path, READABLE_LANGUAGE="auto")
    flask_babel.Babel(app, locale_selector=lambda: locale["value"])
    client = app.test_client()
    # flask-babel's locale wins over the header.
    assert toolbar_language(client, **{"Accept-Language": "vi"}) == "en"
    locale["value"] = "vi"
    assert toolbar_language(client, **{"Accept-Language": "en"}) == "vi"
    # A locale readable has no catalog for: the reader's next choice, else Vietnamese (the source language).
    locale["value"] = "ja"
    assert toolbar_language(client, **{"Accept-Language": "ja,en;q=0.8"}) == "en"
    assert toolbar_language(client, **{"Accept-Language": "ja"}) == "vi"


def test_auto_without_flask_babel_set_up_on_the_app_reads_the_header(tmp_path: Path) -> None:
    client = make_app(tmp_path, READABLE_LANGUAGE="auto").test_client()
    assert toolbar_language(client, **{"Accept-Language": "en"}) == "en"


def test_a_fixed_interface_language_ignores_the_header(tmp_path: Path) -> None:
    client = make_app(tmp_path).test_client()
    assert toolbar_language(client, **{"Accept-Language": "en"}) == "vi"
    client = make_app(tmp_path, READABLE_LANGUAGE="en").test_client()
    assert toolbar_language(client, **{"Accept-Language": "vi"}) == "en"


# the demo --------------------------------------------------------------------------------------------------


def test_the_demo_has_an_english_article_after_the_vietnamese_seed() -> None:
    articles = load_articles()
    assert articles[0].lang == "vi"
    english = [a for a in articles if a.lang == "en"]
    assert len(english) == 1
    client = create_app({"TESTING": True}).test_client()
    index = BeautifulSoup(client.get("/").text, "html.parser")
    link = index.find("a", string=english[0].title)
    assert link is not None and link["lang"] == "en"
    page = client.get(str(link["href"]))
    soup = BeautifulSoup(page.text, "html.parser")
    assert page.status_code == 200
    assert soup.select_one(".readable")["lang"] == "vi"  # type: ignore[index]
    assert soup.select_one(".readable-article")["lang"] == "en"  # type: ignore[index]
    assert VIETNAMESE_UI in page.text and soup.select_one("audio") is not None


def test_the_demos_english_article_is_heard_in_english_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    voices: set[str] = set()
    timed_pcm = EspeakVoice.timed_pcm

    def recording(self: EspeakVoice, text: str) -> tuple[bytes, int, tuple[tuple[int, float], ...]]:
        voices.add(self.voice)
        return timed_pcm(self, text)

    monkeypatch.setattr(EspeakVoice, "timed_pcm", recording)
    config = {"TESTING": True, "READABLE_VOICES": ("espeak",), "READABLE_AUDIO_FOLDER": str(tmp_path)}
    client = create_app(config).test_client()
    page = client.get("/bai-viet/online-public-services").text
    found = re.search(r"/readable/audio/[0-9a-f]{32}\.mp3", page)
    assert found
    data = client.get(found.group()).get_data()
    assert id3.read(data)["TLAN"] == "eng" and id3.read(data)["TXXX:voice"] == "espeak-ng"
    assert voices == {resolve("en").espeak}


def test_pregenerate_reads_lang_from_json_lines_and_from_a_files_own_element(tmp_path: Path) -> None:
    from readable.commands import group

    app = make_app(tmp_path, READABLE_VOICES=("espeak",))
    export = tmp_path / "export.jsonl"
    lines = [
        {"html": "<p>Rain on 3 days.</p>", "title": "Weather", "lang": "en"},
        {"html": "<p>Rain on 3 days.</p>", "title": "Weather"},  # the same words, read as Vietnamese
        {"html": "<p>Chuva em 3 dias.</p>", "lang": "gl"},
    ]
    export.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    own = tmp_path / "own.html"
    own.write_text("<!doctype html>\n<article lang='fr'><p>Il pleut 3 jours.</p></article>", encoding="utf-8")
    result = app.test_cli_runner().invoke(group, ["pregenerate", str(export), str(own)])
    assert "made 3, already there 0, queued 0, failed 1" in result.output, result.output
    assert "export.jsonl:3: ValueError: lang 'gl' is not supported" in result.output
    store = get_state(app).audio.store  # type: ignore[union-attr]
    said = {}
    for path in (tmp_path / "audio").rglob("*.json"):
        if not path.name.endswith(".meta.json"):
            manifest = store.manifest(path.stem)
            assert manifest is not None
            said[manifest.get("lang", "vi")] = manifest["sentences"][-1]["spoken"]
    assert said == {"en": "Rain on three days.", "vi": "Rain on ba days.", "fr": "Il pleut trois jours."}


def test_the_command_line_reads_and_speaks_an_english_file(tmp_path: Path) -> None:
    from readable.cli import main

    source = tmp_path / "news.html"
    source.write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "news.mp3"
    assert main(["speak", str(source), "--lang", "en", "--voice", "espeak", "-o", str(out)]) == 0
    assert id3.read(out.read_bytes())["TLAN"] == "eng"
    with pytest.raises(SystemExit) as refused:
        main(["script", str(source), "--lang", "gl"])
    assert refused.value.code == 2


def test_another_process_over_the_same_store_owns_the_english_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    with app.test_request_context():
        key = get_state().extension.register(ENGLISH, lang="en").audio_key
    assert key
    # A new application over the same folder (another worker process) derives the key again from the
    # manifest, with the English voices: it is its own to make and serve.
    assert get_state(make_app(tmp_path)).audio.owns(key)  # type: ignore[union-attr]
    # One with other voices would make other audio: not its key.
    assert not get_state(make_app(tmp_path, READABLE_VOICES=("espeak",))).audio.owns(key)  # type: ignore[union-attr]
