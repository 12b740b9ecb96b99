from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from readable import Readable, get_state
from readable.settings import DEFAULTS, Settings


def make_app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **config)
    return app


def test_every_setting_has_a_default_and_a_comment() -> None:
    import dataclasses
    import inspect

    import readable.settings as module

    source = inspect.getsource(module)
    for field in dataclasses.fields(Settings):
        assert re.search(rf"#: .+\n\s+{field.name}: ", source), f"{field.name} is not documented"
    app = make_app()
    Readable(app)
    assert all(app.config[key] == value for key, value in module.DEFAULTS.items())


def test_every_setting_is_in_the_readme_table() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    missing = [key for key in DEFAULTS if f"| `{key}` |" not in readme]
    assert not missing, missing


def test_init_app_and_app_factory() -> None:
    readable = Readable()

    def create_app(language: str) -> Flask:
        app = make_app(READABLE_LANGUAGE=language)
        readable.init_app(app)
        return app

    vi, en = create_app("vi"), create_app("en")
    assert get_state(vi).settings.language == "vi" and get_state(en).settings.language == "en"
    assert vi.extensions["readable"] is not en.extensions["readable"]
    assert not hasattr(readable, "app")
    with vi.test_request_context("/"):
        assert "Tăng cỡ chữ" in readable.article("<p>Một.</p>")
    with en.test_request_context("/"):
        html = readable.article("<p>One.</p>")
        assert "Larger text" in html and "Tăng cỡ chữ" not in html


def test_two_apps_in_one_process_keep_their_own_settings_and_caches() -> None:
    one, two = make_app(READABLE_URL_PREFIX="/doc"), make_app(READABLE_TEXT_SIZES=(100, 200))
    Readable(one)
    Readable(two)
    with one.test_request_context("/"):
        html = render_template_string("{{ readable_article('<p>Một</p>') }}")
        assert 'action="/doc/prefs"' in html and 'data-readable-sizes="90 100 115 130 150 175 200"' in html
    with two.test_request_context("/"):
        html = render_template_string("{{ readable_article('<p>Một</p>') }}")
        assert 'action="/readable/prefs"' in html and 'data-readable-sizes="100 200"' in html
    assert len(get_state(one).cache) == 1 and len(get_state(two).cache) == 1
    for client, url in ((one.test_client(), "/doc"), (two.test_client(), "/readable")):
        with client.get(url + "/static/readable.js") as response:
            assert response.status_code == 200 and b"readable:fontsize" in response.data


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("READABLE_LANGUAGE", "fr"),
        ("READABLE_TEXT_SIZES", (100,)),
        ("READABLE_TEXT_SIZES", (100, 133)),
        ("READABLE_TEXT_SIZES", "100,200"),
        ("READABLE_DEFAULT_SIZE", 120),
        ("READABLE_SCOPE", "body"),
        ("READABLE_URL_PREFIX", "readable/"),
        ("READABLE_MAX_ARTICLE_BYTES", 0),
        ("READABLE_MAX_ARTICLE_BYTES", "2MB"),
        ("READABLE_MAX_ARTICLE_ELEMENTS", -1),
    ],
)
def test_invalid_settings_fail_at_init_with_the_key_in_the_message(key: str, value: object) -> None:
    with pytest.raises(ValueError, match=key):
        Readable(make_app(**{key: value}))


def test_wrapper_output(client: FlaskClient) -> None:
    response = client.get("/article?title=T%E1%BB%95ng")
    soup = BeautifulSoup(response.text, "html.parser")
    root = soup.select_one("[data-readable]")
    assert root is not None and root["data-readable-size"] == "100"
    labels = [b.get_text(" ", strip=True) for b in soup.select(".readable-toolbar button")]
    assert labels == [
        "A− Giảm cỡ chữ", "A Cỡ chữ mặc định", "A+ Tăng cỡ chữ", "Áp dụng", "Khôi phục mặc định"
    ]  # fmt: skip
    assert soup.select_one(".readable-panel > summary").get_text(strip=True) == "Tùy chỉnh hiển thị"
    legends = [legend.get_text() for legend in soup.select(".readable-panel legend")]
    assert legends == ["Màu nền", "Giãn dòng", "Khoảng cách chữ", "Độ rộng cột chữ", "Phông chữ", "Thước đọc"]
    assert soup.select_one("input[name=next]")["value"] == "/article?title=T%E1%BB%95ng#readable-1"
    # No inline script or style anywhere, and the assets come from this site.
    assert not soup.select("[style]") and not soup.find("style")
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]  # data: no code
    assert scripts and all(s.get("src", "").startswith("/readable/static/") for s in scripts)
    assert not any(a.startswith("on") for tag in soup.find_all(True) for a in tag.attrs)


def test_assets_are_emitted_once_per_page(app: Flask) -> None:
    with app.test_request_context("/"):
        html = render_template_string(
            "{{ readable_head() }}{{ readable_article('<p>a</p>') }}{{ readable_article('<p>b</p>') }}"
        )
    assert html.count("readable.js") == 1 and html.count("readable.css") == 1


def test_settings_from_the_cookie_are_rendered_server_side(client: FlaskClient) -> None:
    client.set_cookie("readable", "size=150&theme=dark&leading=loose&width=narrow&font=legible")
    soup = BeautifulSoup(client.get("/article").text, "html.parser")
    root = soup.select_one("[data-readable]")
    assert (root["data-readable-size"], root["data-readable-theme"]) == ("150", "dark")
    assert (root["data-readable-leading"], root["data-readable-spacing"]) == ("loose", "normal")
    assert (root["data-readable-width"], root["data-readable-font"], root["data-readable-mask"]) == (
        "narrow", "legible", "off"
    )  # fmt: skip
    assert soup.select_one("input[name=theme][value=dark]").has_attr("checked")
    assert soup.select_one("input[name=leading][value=loose]").has_attr("checked")
    assert len(soup.select("input[type=radio][checked]")) == 6
    # Status messages are transient: the script writes them, the server starts them empty.
    assert [s.get_text() for s in soup.select("[role=status]")] == ["", "", ""]  # the player's, the bar's two


@pytest.mark.parametrize(
    "cookie",
    ["size=133&contrast=on", "size=abc", "contrast=<script>", "x" * 3000, "%%%"],
    ids=["unknown-size", "not-a-number", "markup", "long", "percent"],
)
def test_a_bad_cookie_falls_back_to_defaults(client: FlaskClient, cookie: str) -> None:
    client.set_cookie("readable", cookie)
    response = client.get("/article")
    assert response.status_code == 200
    root = BeautifulSoup(response.text, "html.parser").select_one("[data-readable]")
    assert root["data-readable-size"] == "100"
    assert root["data-readable-theme"] in ("auto", "contrast")


def test_cleaning_is_cached_by_content(app: Flask, seed_html: str) -> None:
    state = get_state(app)
    with app.test_request_context("/"):
        state.extension.article(seed_html)
        state.extension.article(seed_html)
        state.extension.article(seed_html, title="Khác")
    assert (state.cache.misses, state.cache.hits, len(state.cache)) == (2, 1, 2)


def test_page_scope_gives_attributes_for_the_html_element() -> None:
    app = make_app(READABLE_SCOPE="page")
    Readable(app)
    with app.test_request_context("/", headers={"Cookie": "readable=size=175&contrast=off&spacing=wide"}):
        attrs = render_template_string("{{ readable_html_attrs() }}")
        wrapped = render_template_string("{{ readable_article('<p>a</p>') }}")
    assert attrs == (
        'data-readable-scope="page" data-readable-size="175" data-readable-theme="default" '
        'data-readable-leading="normal" data-readable-spacing="wide" data-readable-width="normal" '
        'data-readable-font="site" data-readable-mask="off"'
    )
    assert 'data-readable-scope="page"' in wrapped and "data-readable-size=" not in wrapped


def test_wrapper_outside_a_request() -> None:
    app = make_app()
    readable = Readable(app)
    with app.app_context():
        assert readable.register("<p>Một câu.</p>").article.blocks[0].text == "Một câu."


def test_a_second_init_app_on_the_same_app_is_refused() -> None:
    app = make_app()
    Readable(app)
    with pytest.raises(RuntimeError, match="already initialised"):
        Readable(app)


def test_old_names_still_work_with_a_deprecation_warning() -> None:
    import readable as package

    app = make_app(READABLE_VOICES=("espeak",))
    readable = Readable(app)
    with app.app_context():
        with pytest.warns(DeprecationWarning, match="register"):
            assert readable.clean("<p>Một câu.</p>").blocks[0].text == "Một câu."
        with pytest.warns(DeprecationWarning, match="make_audio"):
            key = readable.prepare("<p>Một câu.</p>")
        with pytest.warns(DeprecationWarning, match="make_audio"):
            assert package.prepare("<p>Một câu.</p>") == key
    assert key is not None and key == readable_key(app, "<p>Một câu.</p>")


def readable_key(app: Flask, html: str) -> str | None:
    with app.app_context():
        return get_state(app).extension.register(html).audio_key


def test_non_text_input_is_a_clear_type_error() -> None:
    app = make_app()
    readable = Readable(app)
    with app.app_context():
        for bad in (None, 5, ["<p>a</p>"]):
            with pytest.raises(TypeError, match="str or bytes"):
                readable.register(bad)  # type: ignore[arg-type]


def test_not_initialised_is_a_clear_error() -> None:
    with make_app().app_context(), pytest.raises(RuntimeError, match="init_app"):
        get_state()
