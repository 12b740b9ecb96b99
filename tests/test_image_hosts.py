"""READABLE_IMAGE_HOSTS: remote images only from the hosts the portal names, the others' alt text instead."""

from __future__ import annotations

from typing import Any

import pytest
from browser.support import ratio_of, set_prefs
from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from hostile.corpus import url_host
from serving import serving

from readable import Readable, get_state
from readable.article import IMAGE_ALT_CLASS, CleanOptions, clean
from readable.speech import build_script

CDN = "cdn.example.vn"
ONLY_CDN = CleanOptions(image_hosts=frozenset({CDN}))
NONE = CleanOptions(image_hosts=frozenset())


def make_app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, READABLE_AUDIO=False, **config)
    Readable(app)
    return app


def images(html: str) -> list[str]:
    return [str(img["src"]) for img in BeautifulSoup(html, "html.parser").find_all("img")]


def test_by_default_every_image_stays_and_remote_ones_send_no_referrer() -> None:
    html = clean('<p><img src="https://evil.example/a.jpg" alt="A"><img src="/b.jpg" alt="B"></p>').html
    remote, local = BeautifulSoup(html, "html.parser").find_all("img")
    assert remote["src"] == "https://evil.example/a.jpg"
    assert (remote["referrerpolicy"], remote["loading"]) == ("no-referrer", "lazy")
    assert local["loading"] == "lazy" and not local.has_attr("referrerpolicy")


def test_only_listed_hosts_and_relative_images_stay() -> None:
    article = clean(
        "<figure><img src='https://evil.example/a.jpg' alt='Thủ tướng phát biểu'>"
        "<figcaption>Thủ tướng phát biểu tại hội nghị.</figcaption></figure>"
        f"<p>Ảnh <img src='https://{CDN.upper()}:8443/b.jpg' alt='B'> <img src='c/d.jpg' alt='C'>"
        " <img src='/e.jpg'> <img src='//evil.example/f.jpg'> xong.</p>",
        options=ONLY_CDN,
    )
    soup = BeautifulSoup(article.html, "html.parser")
    assert images(article.html) == [f"https://{CDN.upper()}:8443/b.jpg", "c/d.jpg", "/e.jpg"]
    assert soup.find("img", src=f"https://{CDN.upper()}:8443/b.jpg")["referrerpolicy"] == "no-referrer"
    # The foreign image's alt text stands in the figure, before its caption; the one without alt is gone.
    figure = soup.find("figure")
    assert figure is not None
    alt = figure.find("span", class_=IMAGE_ALT_CLASS)
    assert alt is not None and alt.get_text() == "Thủ tướng phát biểu"
    assert alt.find_next_sibling("figcaption") is not None
    assert "evil.example" not in article.html
    assert len(soup.find_all("span", class_=IMAGE_ALT_CLASS)) == 1


def test_the_speech_script_skips_the_alt_text_as_it_skips_shown_images() -> None:
    body = (
        "<p>Mở đầu.</p><figure><img src='https://evil.example/a.jpg' alt='Ảnh nước ngoài'>"
        "<figcaption>Chú thích.</figcaption></figure>"
        "<p><img src='https://evil.example/b.jpg' alt='Chỉ ảnh'></p>"
    )
    shown, hidden = clean(body), clean(body, options=NONE)
    assert [b.text for b in hidden.blocks] == [b.text for b in shown.blocks] == ["Mở đầu.", "Chú thích."]
    spoken = " ".join(s.text for s in build_script(hidden))
    assert "nước ngoài" not in spoken and "Chỉ ảnh" not in spoken and "Chú thích" in spoken
    # An article that is only a left-out image still shows its alt text, not the "nothing to show" note.
    only = clean("<img src='https://evil.example/a.jpg' alt='Bản đồ'>", options=NONE)
    assert not only.blocks and not only.is_empty and "Bản đồ" in only.html
    assert clean("<img src='https://evil.example/a.jpg'>", options=NONE).is_empty


@pytest.mark.parametrize(
    "src",
    [
        "//evil.example/a.jpg",
        "///evil.example/a.jpg",
        "\\\\evil.example\\a.jpg",
        "/\\evil.example/a.jpg",
        "https:evil.example/a.jpg",
        "https:/evil.example/a.jpg",
        "https:\\\\evil.example/a.jpg",
        " \x01https://evil.example/a.jpg",
        "ht\ttps://evil.example/a.jpg",
        "HTTPS://EVIL.EXAMPLE/a.jpg",
        f"https://{CDN}@evil.example/a.jpg",
        f"https://{CDN}:443@evil.example/a.jpg",
        f"https://{CDN}.evil.example/a.jpg",
        f"https://evil.example\\@{CDN}/a.jpg",
        f"https://evil.example#@{CDN}/a.jpg",
        f"https://evil.example?@{CDN}/a.jpg",
        f"https://{CDN}%2eevil.example/a.jpg",
        "https://%65vil.example/a.jpg",
        "https://ｅvil.example/a.jpg",
        "https://[::1]/a.jpg",
        "https://2130706433/a.jpg",
        f"https://{CDN}/a.jpg",
        f"http://{CDN}/a.jpg",
        f"//{CDN}/a.jpg",
    ],
)
@pytest.mark.parametrize("options", [ONLY_CDN, NONE], ids=["cdn", "none"])
def test_an_image_is_kept_only_where_the_browser_would_fetch_it_from_a_listed_host(
    src: str, options: CleanOptions
) -> None:
    """Read as the browser reads the URL: when Python's parser and the browser's could disagree, it goes."""
    html = clean(f'<p>Ảnh: <img src="{src}" alt="ảnh"></p>', options=options).html
    for kept in images(html):
        assert url_host(kept) in options.image_hosts, html  # type: ignore[operator]
    if not images(html):
        assert "ảnh" in BeautifulSoup(html, "html.parser").get_text()
    if src.endswith(f"//{CDN}/a.jpg") and options is ONLY_CDN:
        assert images(html) == [src]


def test_picture_sources_and_srcset_never_load_foreign_candidates() -> None:
    html = clean(
        "<picture><source srcset='https://evil.example/a.avif' type='image/avif'>"
        "<source media='(min-width: 1px)' srcset='https://evil.example/b.webp 1x'>"
        f"<img src='https://{CDN}/a.jpg' srcset='https://evil.example/c.jpg 2x' sizes='1px' alt='A'>"
        "</picture>"
        "<video poster='https://evil.example/p.jpg'><source src='https://evil.example/v.mp4'>"
        "<track src='https://evil.example/t.vtt'></video><audio src='https://evil.example/a.mp3'></audio>"
        "<input type=image src='https://evil.example/i.png'><object data='https://evil.example/o'></object>"
        "<link rel=stylesheet href='https://evil.example/s.css'><p style='background:url(https://evil.example/b)'>"
        "<style>p{background:url(https://evil.example/c)}</style>Chữ.</p>",
        options=ONLY_CDN,
    ).html
    assert "evil.example" not in html
    assert images(html) == [f"https://{CDN}/a.jpg"]


@pytest.mark.parametrize(
    "value",
    [CDN, (f"https://{CDN}",), (f"{CDN}/anh",), ("",), (1,), (f"{CDN}:443",), {"hosts": CDN}, 0],
)
def test_invalid_image_hosts_fail_at_init_naming_the_key(value: object) -> None:
    with pytest.raises(ValueError, match="READABLE_IMAGE_HOSTS"):
        make_app(READABLE_IMAGE_HOSTS=value)


@pytest.mark.parametrize("value", [None, (), [], (CDN.upper(),), frozenset({CDN, "anh.example.vn"})])
def test_valid_image_hosts(value: object) -> None:
    options = get_state(make_app(READABLE_IMAGE_HOSTS=value)).options
    assert options.image_hosts == (None if value is None else {h.lower() for h in value})  # type: ignore[attr-defined]


BODY = f"<p>Ảnh <img src='https://{CDN}/a.jpg' alt='CDN'> <img src='https://portal.vn/b.jpg' alt='Nhà'></p>"


def test_apps_with_different_hosts_do_not_share_cleaned_articles() -> None:
    everything, cdn, nothing = (make_app(READABLE_IMAGE_HOSTS=v) for v in (None, (CDN,), ()))
    found = []
    for app in (everything, cdn, nothing):
        with app.test_request_context("/", base_url="https://other.vn"):
            found.append(images(get_state().extension.register(BODY).article.html))
    assert found == [[f"https://{CDN}/a.jpg", "https://portal.vn/b.jpg"], [f"https://{CDN}/a.jpg"], []]
    keys = {get_state(app).options.fingerprint() for app in (everything, cdn, nothing)}
    assert len(keys) == 3


def test_same_origin_images_stay_and_each_origin_has_its_own_cache_entry() -> None:
    app = make_app(READABLE_IMAGE_HOSTS=())
    found = []
    for base in ("https://portal.vn", "https://PORTAL.vn:443", "http://portal.vn", "https://other.vn"):
        with app.test_request_context("/", base_url=base):
            found.append(images(get_state().extension.register(BODY).article.html))
    assert found == [["https://portal.vn/b.jpg"], ["https://portal.vn/b.jpg"], [], []]
    # Outside a request (a publish hook) no origin is known: only relative images stay.
    with app.app_context():
        assert images(get_state().extension.register(BODY).article.html) == []


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Ảnh</title>
{{ readable_head() }}</head><body>{{ readable_article(body, title="Ảnh") }}</body></html>"""


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["default", "contrast", "dark", "sepia"])
def test_in_chromium_the_alt_text_is_shown_readable_and_nothing_foreign_is_asked_for(
    browser: Any, theme: str
) -> None:
    app = make_app(READABLE_IMAGE_HOSTS=(CDN,))
    body = (
        "<p>Mở đầu.</p><figure><img src='https://evil.example/a.jpg' srcset='https://evil.example/b.jpg 2x'"
        " alt='Thủ tướng phát biểu'><figcaption>Hội nghị sáng nay.</figcaption></figure>"
    )
    app.add_url_rule("/", "page", lambda: render_template_string(PAGE, body=body))
    requests: list[str] = []
    with serving(app) as httpd:
        origin = f"http://127.0.0.1:{httpd.server_port}"
        context = browser.new_context()
        set_prefs(context, origin, theme=theme)
        context.on("request", lambda r: requests.append(r.url))
        try:
            page = context.new_page()
            page.goto(origin + "/", wait_until="load")
            alt = page.locator(f".{IMAGE_ALT_CLASS}")
            assert alt.inner_text() == "Thủ tướng phát biểu" and alt.is_visible()
            assert ratio_of(page, f".{IMAGE_ALT_CLASS}") >= 7
            assert page.locator("img").count() == 0
        finally:
            context.close()
    assert requests and all(url.startswith(origin + "/") for url in requests), requests
