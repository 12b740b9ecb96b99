"""The hostile corpus (``corpus.txt``) and the checks every cleaned body must pass without a browser.

The record format is described at the top of ``corpus.txt``. Each vector gets its position in the file as
its number; payloads refer to it as ``$ID`` so that whatever fires in the browser names its vector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

CORPUS = Path(__file__).resolve().parent / "corpus.txt"
#: The host every hostile request in the corpus goes to.
EVIL_HOST = "evil.example"

_HEADER = re.compile(r"@@ (?P<id>[a-z]+/[a-z0-9-]+)(?P<live> \[live\])?: (?P<description>.+)")
_ESCAPE = re.compile(r"\\x\{([0-9a-fA-F]{2})\}")

#: Elements the cleaned article may contain: the sanitizer's allowlist, and the div the table region is.
ALLOWED_TAGS = frozenset(
    "a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup data dd del"
    " details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main"
    " mark ol p pre q rp rt ruby s samp section small span strong sub summary sup table tbody td tfoot th"
    " thead time tr u ul var wbr".split()
)
#: Attributes the cleaned article may carry (on whatever element the sanitizer allows them).
ALLOWED_ATTRIBUTES = frozenset(
    "class title lang dir hidden aria-hidden data-readable-skip id href hreflang rel src alt width height"
    " loading decoding colspan rowspan headers scope start reversed type datetime value cite role tabindex"
    " aria-label referrerpolicy".split()
)
#: Attributes that hold a URL in some element of HTML, SVG or MathML (and some that used to).
URL_ATTRIBUTES = frozenset(
    "href src srcset action formaction poster background cite longdesc xlink:href data codebase dynsrc"
    " lowsrc ping manifest icon usemap archive classid profile itemtype".split()
)
#: Schemes a kept URL may have; no scheme at all (a relative URL) is fine too.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What the URL parser of a browser ignores: leading and trailing C0 controls and spaces, and every tab and
# newline anywhere (WHATWG URL, "basic URL parser").
_URL_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_STRIP = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True, slots=True)
class Vector:
    """One hostile article body."""

    number: int
    #: ``category/name``.
    id: str
    description: str
    #: Executes, opens a dialog or reaches another origin in Chromium when rendered unsanitized.
    live: bool
    body: str

    @property
    def category(self) -> str:
        return self.id.partition("/")[0]

    def __str__(self) -> str:
        return f"#{self.number} {self.id} ({self.description})"


def load(path: Path = CORPUS) -> list[Vector]:
    """Every vector of the corpus, numbered from 1 in file order; ``ValueError`` for a malformed file."""
    records: list[tuple[re.Match[str], list[str]]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("@@ "):
            header = _HEADER.fullmatch(line)
            if header is None:
                raise ValueError(f"malformed header in {path.name}: {line!r}")
            records.append((header, []))
        elif records:
            records[-1][1].append(line)
    vectors = []
    for number, (header, lines) in enumerate(records, 1):
        body = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), "\n".join(lines).strip("\n"))
        body = body.replace("$ID", str(number))
        vectors.append(Vector(number, header["id"], header["description"], bool(header["live"]), body))
    ids = [v.id for v in vectors]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate ids in {path.name}: {duplicates}")
    return vectors


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in ``value`` (lower case), or None for a relative URL."""
    match = _SCHEME.match(_URL_STRIP.sub("", _URL_TRIM.sub("", value)))
    return match.group(1).lower() if match else None


def url_host(value: str) -> str | None:
    """The host a browser would send a request for ``value`` to, None for a same-origin (relative) URL.

    Backslashes count as slashes, as they do for http(s) URLs in a browser.
    """
    url = _URL_STRIP.sub("", _URL_TRIM.sub("", value)).replace("\\", "/")
    if url_scheme(url) is None and not url.startswith("//"):
        return None
    return (urlsplit(url).hostname or "").lower() or None


def problems(html: str, *, hosts: bool = True) -> list[str]:
    """What is wrong with cleaned article markup from a security point of view; empty when it is safe.

    No script anywhere; only allowlisted elements and attributes (so no ``on*`` handler, no ``style``);
    every URL attribute has a safe scheme as the browser reads it; with ``hosts``, nothing but a link's
    ``href`` points at another origin (an image, for instance, would be fetched).
    """
    found = []
    if re.search(r"<\s*script", html, re.I):
        found.append("'<script' in the markup")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        if tag.name not in ALLOWED_TAGS:
            found.append(f"element <{tag.name}>")
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if re.match(r"on", name, re.I):
                found.append(f"handler {name}={text!r} on <{tag.name}>")
            elif name not in ALLOWED_ATTRIBUTES:
                found.append(f"attribute {name}={text!r} on <{tag.name}>")
            if name in URL_ATTRIBUTES:
                scheme = url_scheme(text)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    found.append(f"{scheme}: URL in {name} of <{tag.name}>: {text!r}")
                host = url_host(text) if hosts else None
                if host is not None and not (tag.name == "a" and name == "href"):
                    found.append(f"{name} of <{tag.name}> fetches from {host}: {text!r}")
    return found
