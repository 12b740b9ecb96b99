"""A small portal that serves the demo articles through readable: what ``readable demo`` runs."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from flask import Flask, Response, abort, render_template, url_for

from ..extension import Readable

ARTICLES = Path(__file__).resolve().parent / "articles"
#: The demo's Content-Security-Policy: nothing inline, nothing from another origin.
CSP = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


#: Each demo article's date and category, as a portal's database would give them (for the feed).
ARTICLE_INFO = {
    "tong-ket-dai-hoi": ("2020-12-24T17:00:00+07:00", "thoi-su"),
    "kham-suc-khoe-dinh-ky": ("2021-01-12T09:30:00+07:00", "suc-khoe"),
    "thoi-tiet-tet": ("2021-02-08T07:00:00+07:00", "doi-song"),
    "online-public-services": ("2020-12-23T16:00:00+07:00", "english"),
}


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    html: str
    #: The article's language: the ``lang`` of its ``<article>`` element, Vietnamese when it has none.
    lang: str = "vi"
    date: str = ""
    category: str = ""


def load_articles(folder: Path = ARTICLES) -> list[DemoArticle]:
    """The demo's articles, in file-name order (the seed article first; an English one last)."""
    articles = []
    for path in sorted(folder.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        h1, root = soup.find("h1"), soup.find("article")
        title = " ".join(h1.get_text().split()) if h1 else path.stem
        slug = re.sub(r"^\d+-", "", path.stem)
        lang = root.get("lang") if root is not None else None
        lang = lang if isinstance(lang, str) else "vi"
        date, category = ARTICLE_INFO.get(slug, ("", ""))
        articles.append(
            DemoArticle(slug=slug, title=title, html=html, lang=lang, date=date, category=category)
        )
    return articles


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """The demo portal. ``config`` overrides settings (``READABLE_*`` included)."""
    app = Flask(__name__)
    app.config["READABLE_INCLUDE_ASSETS"] = False  # base.html calls readable_head()
    app.config["READABLE_SITE_NAME"] = "Cổng thông tin điện tử tỉnh (bản trình diễn)"
    app.config["READABLE_AUDIO_FOLDER"] = os.path.join(tempfile.gettempdir(), "readable-demo-audio")
    # It runs without internet: its audio is then the offline voice's, provisional, and still in its feed.
    app.config["READABLE_FEED_PROVISIONAL"] = True
    app.config.update(config or {})
    Readable(app)
    articles = {a.slug: a for a in load_articles()}

    @app.get("/")
    def index() -> str:
        return render_template("demo/index.html", articles=list(articles.values()))

    @app.get("/bai-viet/<slug>")
    def article(slug: str) -> str:
        item = articles.get(slug) or abort(404)
        return render_template("demo/article.html", article=item)

    @app.get("/Uploads/<path:name>")
    def upload(name: str) -> Response:
        # The seed article's photos are not part of the fixture: show a neutral placeholder instead.
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="427" viewBox="0 0 640 427">'
            '<rect width="640" height="427" fill="#d9dee4"/>'
            '<path d="M0 427 220 210l140 140 90-90 190 167z" fill="#9aa5b1"/>'
            '<circle cx="500" cy="110" r="50" fill="#f2c14e"/></svg>'
        )
        return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def make_audio(app: Flask) -> None:
    """Have every demo article's audio made (in threads of this process), so that its feed lists them."""
    from ..extension import make_audio as make

    for item in load_articles():
        with app.test_request_context("/"):
            url = url_for("article", slug=item.slug)
            make(item.html, item.title, date=item.date, url=url, category=item.category, lang=item.lang)
