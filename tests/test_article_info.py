"""An article's public address and category, kept with its audio (not in its key); old stores still read."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from readable import Readable, get_state, make_audio
from readable.audio.types import MANIFEST_SCHEMA
from readable.commands import group

HTML = (
    '<h1>Khánh thành cầu mới</h1><p class="sapo">Sáng nay, tỉnh khánh thành cầu mới qua sông.</p>'
    "<p>Cầu dài 300 mét, rộng 12 mét.</p>"
)
TITLE = "Khánh thành cầu mới"


def make_app(store: Path) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_VOICES=("espeak",), READABLE_AUDIO_FOLDER=str(store))
    Readable(app)

    @app.get("/page")
    def page() -> str:
        from flask import request

        return render_template_string(
            "{{ readable_article(html, title=title, url=url, category=category) }}",
            html=HTML,
            title=TITLE,
            url=request.args.get("url", ""),
            category=request.args.get("category", ""),
        )

    return app


def manifest_of(app: Flask, key: str) -> dict[str, object]:
    path = get_state(app).audio.store.path(key, ".json")  # type: ignore[union-attr]
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def test_url_and_category_are_kept_beside_the_audio_not_in_its_key(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    readable = get_state(app).extension
    with app.test_request_context():
        plain = readable.register(HTML, TITLE).audio_key
        described = readable.register(
            HTML, TITLE, url="https://portal.example.vn/tin/cau-moi", category="thoi-su"
        ).audio_key
    assert plain is not None and described == plain
    manifest = manifest_of(app, plain)
    assert manifest["schema"] == MANIFEST_SCHEMA == 2
    assert manifest["url"] == "https://portal.example.vn/tin/cau-moi"
    assert manifest["category"] == "thoi-su"
    assert manifest["lead"] == "Sáng nay, tỉnh khánh thành cầu mới qua sông."


def test_a_page_shown_without_them_keeps_them_and_new_ones_replace_them(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    client = app.test_client()
    readable = get_state(app).extension
    with app.test_request_context():
        key = readable.make_audio(HTML, TITLE, url="/tin/cau-moi", category="Thời sự")
    assert key is not None
    assert client.get("/page").status_code == 200  # no url, no category: what the manifest has stays
    assert (manifest_of(app, key)["url"], manifest_of(app, key)["category"]) == ("/tin/cau-moi", "Thời sự")
    # Another process (its own memory) gives a new address: the manifest gets it.
    other = make_app(tmp_path / "store")
    assert other.test_client().get("/page?url=/tin/cau-moi-2").status_code == 200
    assert (manifest_of(app, key)["url"], manifest_of(app, key)["category"]) == ("/tin/cau-moi-2", "Thời sự")
    with other.test_request_context():
        assert make_audio(HTML, TITLE, category="kinh-te") == key
    assert manifest_of(app, key)["category"] == "kinh-te"


@pytest.mark.parametrize(
    ("url", "category", "error"),
    [
        ("javascript:alert(1)", "", ValueError),
        ("//evil.example/x", "", ValueError),
        ("tin/cau-moi", "", ValueError),
        ("https://portal.example.vn/a b", "", ValueError),
        ("", "a/b", ValueError),
        ("", " thoi-su", ValueError),
        ("", "x" * 101, ValueError),
        ("", "dòng\nhai", ValueError),
        (5, "", TypeError),
        ("", None, TypeError),
    ],
)
def test_bad_url_or_category_is_refused_and_a_template_leaves_it_out(
    tmp_path: Path, url: object, category: object, error: type[Exception], caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(tmp_path / "store")
    readable = get_state(app).extension
    with app.test_request_context(), pytest.raises(error):
        readable.register(HTML, TITLE, url=url, category=category)  # type: ignore[arg-type]
    with app.test_request_context(), caplog.at_level(logging.WARNING, "readable"):
        html = render_template_string(
            "{{ readable_article(html, url=url, category=category) }}", html=HTML, url=url, category=category
        )
    assert "data-readable-player" in html
    assert "bad_article_info" in caplog.text
    with app.test_request_context():
        key = readable.register(HTML).audio_key
    assert key is not None and manifest_of(app, key)["url"] == manifest_of(app, key)["category"] == ""


def test_pregenerate_reads_url_and_category_from_json_lines(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    export = tmp_path / "export.jsonl"
    lines = [
        {"html": HTML, "title": TITLE, "date": "2026-11-30", "url": "https://portal.example.vn/a",
         "category": "xa-hoi"},
        {"html": "<p>Tin khác.</p>", "url": "javascript:x"},
        {"html": "<p>Tin thứ ba.</p>", "category": 7},
    ]
    export.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", "utf-8")
    result = app.test_cli_runner().invoke(group, ["pregenerate", str(export)])
    assert "made 1" in result.output and "failed 2" in result.output, result.output
    assert "export.jsonl:2: unreadable line" in result.output
    assert "export.jsonl:3: unreadable line" in result.output
    with app.test_request_context():
        key = get_state(app).extension.register(HTML, TITLE, date="2026-11-30").audio_key
    assert key is not None
    manifest = manifest_of(app, key)
    assert (manifest["url"], manifest["category"], manifest["date"]) == (
        "https://portal.example.vn/a", "xa-hoi", "2026-11-30"
    )
    assert get_state(app).audio.store.audio(key) is not None  # type: ignore[union-attr]


def test_a_store_written_in_the_first_shape_is_still_read(tmp_path: Path) -> None:
    """A manifest of shape 1 (no ``schema``, no url, category or lead), written by hand as older versions
    wrote it: it is this application's audio, and registering the article again upgrades it in place."""
    app = make_app(tmp_path / "store")
    with app.test_request_context():
        key = get_state(app).extension.register(HTML, TITLE).audio_key
    assert key is not None
    path = get_state(app).audio.store.path(key, ".json")  # type: ignore[union-attr]
    new = json.loads(path.read_text("utf-8"))
    old = {k: new[k] for k in ("title", "site", "date", "language", "sentences")}
    path.write_text(json.dumps(old, ensure_ascii=False), "utf-8")
    fresh = make_app(tmp_path / "store")
    service = get_state(fresh).audio
    assert service is not None and service.owns(key)
    assert service.store.manifest(key) == old
    with fresh.test_request_context():
        assert get_state(fresh).extension.register(HTML, TITLE, url="/tin/cau-moi").audio_key == key
    upgraded = json.loads(path.read_text("utf-8"))
    assert upgraded["schema"] == 2 and upgraded["url"] == "/tin/cau-moi" and upgraded["lead"]
    assert upgraded["sentences"] == old["sentences"]
