"""Turn a portal's article HTML into safe markup with stable block ids.

The pipeline is: decode, remove the page chrome that only the raw structure shows (:mod:`readable.chrome`),
NFC-normalize, sanitize with an allowlist (nh3), then one
beautifulsoup4 pass that drops page chrome, drops content hidden by the portal, wraps loose text, and
gives every block that holds text a stable id. The result also lists those blocks with their own
text, which is what the speech script reads.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import nh3
import soupsieve
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag

from .chrome import drop_chrome
from .rawhtml import bound_nesting

#: Elements that own the text inside them: each one that holds text becomes a block with an id.
OWNER_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd figcaption caption blockquote pre td th div section article aside"
    " header footer main address summary details figure ul ol dl table tbody thead tfoot tr".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())

_ALLOWED_TAGS = frozenset(
    "a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup data dd del"
    " details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li main"
    " mark ol p pre q rp rt ruby s samp section small span strong sub summary sup table tbody td tfoot th"
    " thead time tr u ul var wbr".split()
)
# Elements removed together with everything inside them (the rest of the disallowed tags are unwrapped).
_DROPPED_WITH_CONTENT = frozenset(
    "script style noscript template select textarea button object embed applet svg math head"
    " title iframe frame frameset noembed noframes xmp plaintext dialog canvas audio video label".split()
)
_GENERIC_ATTRIBUTES = frozenset(
    {"class", "title", "lang", "dir", "hidden", "aria-hidden", "data-readable-skip", "style"}
)
_TAG_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "data": {"value"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
}
#: URL schemes a kept link, image or citation may have (a relative URL has none).
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The scheme of a URL as a browser reads it: C0 controls and spaces before it are ignored (tabs and
# newlines anywhere are removed before matching).
_URL_SCHEME = re.compile(r"[\x00-\x20]*([a-z][a-z0-9+.-]*):", re.I)
_URL_TABS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
# An iframe's src read strictly: https, a plain host name, an optional port, then the path. Anything else
# (user info, a backslash, a space) is refused: there Python's URL parser and the browser's disagree, and
# "https://evil.example\@trusted.example/" is evil.example to Chromium but trusted.example to urlsplit.
_IFRAME_SRC = re.compile(r"https://([a-z0-9.-]+)(?::[0-9]{1,5})?(?:[/?#]|$)", re.I)
#: A host name as the image setting gives it: ASCII letters, digits, hyphens and dots (IDN in punycode).
HOST_NAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*", re.I)
# The authority of an image URL read strictly, as for iframes: a host and an optional port, nothing else.
_AUTHORITY = re.compile(r"([a-z0-9.-]+)(?::([0-9]{1,5}))?", re.I)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_SURROGATES = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"\s+")
# C0 and C1 controls other than tab, newline and carriage return: never meaningful in an article.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A selector that can only match an element with a class: classes and [class…] attribute tests, no combinator.
_CLASS_ONLY = re.compile(
    r"""(?:\.[\w-]+|\[class\s*(?:[~|^$*]?=\s*(?:'[^']*'|"[^"]*"|[\w-]+)(?:\s+[is])?\s*)?\])+"""
)
_TABLE_LABEL = "data-readable-table"
# bs4 quotes a value holding '"' with "'" instead; either quoting is kept as it is.
_TABLE_START = re.compile(
    rf"""<table((?: [^\s"'>/=]+(?:="[^"]*"|='[^']*')?)*?) {_TABLE_LABEL}=("[^"]*"|'[^']*')"""
)
_LEAD_CLASS = re.compile(r"sapo|lead|summary|chapeau|tomtat|description", re.I)
_AUTHOR_CLASS = re.compile(r"author|byline|tacgia|tac-gia|signature|nguon", re.I)
#: The only classes in a cleaned article: its lead and its author, as the article's classes named them.
LEAD_CLASS = "readable-lead"
AUTHOR_CLASS = "readable-author"
#: Utility classes with which portals hide content: such elements are removed like ``display: none``.
_HIDING_CLASSES = frozenset("d-none hidden hide invisible display-none is-hidden ms-hidden".split())

#: Class of the text that stands in for an image from a host not in ``READABLE_IMAGE_HOSTS``.
IMAGE_ALT_CLASS = "readable-image-alt"

#: Page chrome that portals paste into article bodies; every selector is removed with its content.
DEFAULT_DROP_SELECTORS: tuple[str, ...] = (
    "[class*='toolbar' i]",
    ".block-name",
    "[class*='breadcrumb' i]",
    ".zoom-in",
    ".zoom-out",
    ".print",
    ".share",
    ".social",
)
#: Text that is chrome wherever it stands: an element (or loose text) consisting only of it is removed.
DEFAULT_DROP_TEXT: tuple[str, ...] = (
    r"PublishingPortal\s*-\s*Block_\w+",
    r"(Tăng|Giảm) cỡ chữ(\s*[/|]?\s*(Tăng|Giảm) cỡ chữ)?",
)


@dataclass(frozen=True, slots=True)
class Block:
    """One element of the cleaned article that holds text of its own."""

    #: Stable DOM id, derived from the text, so it survives edits elsewhere in the article.
    id: str
    tag: str
    #: title, heading, lead, paragraph, item, cell, header (a table's column header, read with each cell
    #: under it), caption, quote or author.
    kind: str
    #: The block's own text nodes concatenated: nested blocks and skipped elements excluded,
    #: ``<br>`` as "\n".
    text: str
    #: For the first block of a table cell: the text of the column header over the cell ("" for none).
    header: str = ""


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: safe markup and the blocks a listener hears."""

    html: str
    title: str
    blocks: tuple[Block, ...]
    #: Hash of the input and the options: the same article always gets the same key.
    key: str

    @property
    def is_empty(self) -> bool:
        """Nothing to read or look at: no text, no image (nor the alt text of one left out), no embed."""
        return not self.blocks and not any(s in self.html for s in ("<img", "<iframe", IMAGE_ALT_CLASS))


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """How articles are cleaned; built from the ``READABLE_*`` settings by the extension."""

    drop_selectors: tuple[str, ...] = DEFAULT_DROP_SELECTORS
    drop_text: tuple[str, ...] = DEFAULT_DROP_TEXT
    #: Hosts whose https iframes are kept (video players the portal trusts); every other iframe is removed.
    iframe_hosts: frozenset[str] = frozenset()
    #: Hosts remote images may come from; ``None`` keeps every image. Any other remote image is not
    #: requested: its alt text stands in its place. Relative URLs, and absolute ones of :attr:`origin`, stay.
    image_hosts: frozenset[str] | None = None
    #: The page's own origin ("https://portal.vn", see :func:`origin`), whose images count as relative.
    origin: str = ""
    #: Accessible name of the scrolling region each table is put in.
    table_label: str = "Bảng"
    #: Title given to a kept iframe that has none.
    embed_label: str = "Khung nhúng"
    _drop_text_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = "|".join(f"(?:{p})" for p in self.drop_text) or r"(?!)"
        object.__setattr__(self, "_drop_text_re", re.compile(rf"\s*(?:{pattern})\s*", re.I))

    def fingerprint(self) -> str:
        hosts = sorted(self.iframe_hosts)
        images = None if self.image_hosts is None else sorted(self.image_hosts)
        labels = (self.table_label, self.embed_label)
        return repr((self.drop_selectors, self.drop_text, hosts, labels, images, self.origin))


def to_text(data: str | bytes) -> str:
    """Decode and tidy input text: invalid UTF-8 and lone surrogates become U+FFFD, controls go, then NFC."""
    return unicodedata.normalize("NFC", _decode(data))


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        text = data.decode("utf-8", "replace")
    else:
        text = _SURROGATES.sub("\ufffd", data)
    return _CONTROLS.sub("", text)


def collapse(text: str) -> str:
    """Whitespace folded to single spaces, ends stripped."""
    return _SPACE.sub(" ", text).strip()


def article_key(html: str | bytes, title: str | None, options: CleanOptions) -> str:
    raw = html if isinstance(html, bytes) else html.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(raw)
    digest.update(b"\0" + (title or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\0" + options.fingerprint().encode())
    return digest.hexdigest()[:32]


def clean(html: str | bytes, *, title: str | None = None, options: CleanOptions | None = None) -> Article:
    """Clean one article. Never raises on bad markup; an article with no text has no blocks.

    ``TypeError`` when ``html`` is neither ``str`` nor ``bytes`` (``None`` included).
    """
    if not isinstance(html, str | bytes):
        raise TypeError(f"the article's HTML must be str or bytes, not {type(html).__name__}")
    options = options or CleanOptions()
    key = article_key(html, title, options)
    # Markup is normalized only once parsed: NFC on the raw string would join a combining mark at the start
    # of a text to the ">" before it (">" and U+0338 make "≯"), which breaks the tag and loses the text.
    safe = _sanitizer(bool(options.iframe_hosts)).clean(bound_nesting(drop_chrome(_decode(html))))
    if options.iframe_hosts:
        safe = _IFRAME_CONTENT.sub(r"\1</iframe>", safe)
    soup = _Soup(safe, "html.parser")
    _normalize(soup)
    _drop_chrome(soup, options)
    _tidy(soup, options)
    _wrap_loose_text(soup)
    clean_title = collapse(to_text(title)) if title else ""
    blocks = _annotate(soup, clean_title, _table_cells(soup))
    if not clean_title:
        clean_title = next((collapse(b.text) for b in blocks if b.kind == "title"), "")
    return Article(html=_wrap_tables(str(soup)), title=clean_title, blocks=tuple(blocks), key=key)


class _Soup(BeautifulSoup):
    """A parse of markup that is always markup: a short text that looks like a file name or a URL (".HTM")
    made bs4 warn that the caller might have meant to open a file."""

    @classmethod
    def _markup_is_url(cls, markup: object) -> bool:
        return False

    @classmethod
    def _markup_resembles_filename(cls, markup: object) -> bool:
        return False


def _wrap_tables(html: str) -> str:
    """Put every table in a labelled scrolling region (the label was left as an attribute of the table; the
    serializer may write other attributes before it, such as ``aria-*`` ones, which sort first).

    The sanitizer keeps no data-readable-* attribute but data-readable-skip, and serialized text and
    attribute values have "<" escaped, so the marker and "</table>" only ever come from real tables.
    """
    if "<table" not in html:
        return html
    html = _TABLE_START.sub(
        r'<div aria-label=\2 class="readable-table" role="region" tabindex="0"><table\1', html
    )
    return html.replace("</table>", "</table></div>")


# An iframe's content is raw text to the sanitizer (the HTML5 parser), which writes it back verbatim, but
# markup to html.parser, which would make elements of it: "<iframe></a><img onerror=…>" must not become an
# <img>. Browsers never show that content, so it goes. The sanitizer writes attributes double-quoted.
_IFRAME_CONTENT = re.compile(r"""(<iframe(?:\s+[^\s"'>/=]+(?:="[^"]*")?)*\s*>).*?</iframe>""", re.S | re.I)


@functools.cache
def _sanitizer(iframes: bool) -> nh3.Cleaner:
    tags = _ALLOWED_TAGS | {"iframe"} if iframes else _ALLOWED_TAGS
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=set(_DROPPED_WITH_CONTENT - tags),
        attributes={"*": set(_GENERIC_ATTRIBUTES)}
        | {tag: attrs for tag, attrs in _TAG_ATTRIBUTES.items() if tag in tags},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
        # Only what tells whether the portal hid an element survives; every style attribute goes later.
        filter_style_properties={"display", "visibility"},
    )


# Walking the descendants directly is several times faster than find_all's filters on large trees.
def _tags(soup: BeautifulSoup) -> list[Tag]:
    return [node for node in soup.descendants if isinstance(node, Tag)]


def _strings(soup: BeautifulSoup) -> list[NavigableString]:
    return [node for node in soup.descendants if isinstance(node, NavigableString)]


def _normalize(soup: BeautifulSoup) -> None:
    """NFC for every text and attribute value (old CMSs store decomposed Vietnamese)."""
    for string in _strings(soup):
        if not unicodedata.is_normalized("NFC", string):
            string.replace_with(unicodedata.normalize("NFC", string))
    for tag in _tags(soup):
        for name, value in tag.attrs.items():
            # class, rel and headers come as lists of words; they go back as one string.
            text = value if isinstance(value, str) else " ".join(value)
            if not unicodedata.is_normalized("NFC", text):
                tag[name] = unicodedata.normalize("NFC", text)


def _drop_chrome(soup: BeautifulSoup, options: CleanOptions) -> None:
    if options.drop_selectors:
        # One selector list: one walk over the tree, not one per selector. When every selector is about
        # classes only (the defaults are), only the elements that have a class are tried.
        selector = ", ".join(options.drop_selectors)
        if all(_CLASS_ONLY.fullmatch(s.strip()) for s in options.drop_selectors):
            compiled = soupsieve.compile(selector)
            found = [tag for tag in _tags(soup) if "class" in tag.attrs and compiled.match(tag)]
        else:
            found = soup.select(selector)
        for tag in found:
            tag.extract()
    chrome = options._drop_text_re
    for string in _strings(soup):
        if string.parent is None or not string.strip() or not chrome.fullmatch(string):
            continue
        # Remove the largest ancestor whose whole text is this chrome marker, else just the text.
        node: PageElement = string
        parent: Tag | None = string.parent
        while parent is not None and parent is not soup and chrome.fullmatch(parent.get_text()):
            node, parent = parent, parent.parent
        node.extract()


def _is_hidden(tag: Tag) -> bool:
    style = tag.get("style")
    if tag.has_attr("hidden") or (style and _HIDING_STYLE.search(str(style))):
        return True
    return not _HIDING_CLASSES.isdisjoint(tag.get_attribute_list("class"))


def origin(scheme: str, authority: str) -> str:
    """``scheme://host[:port]`` in lower case, without the scheme's default port."""
    scheme, authority = scheme.lower(), authority.lower()
    host, _, port = authority.partition(":")
    if port == _DEFAULT_PORTS.get(scheme):
        authority = host
    return f"{scheme}://{authority}"


def _remote(url: str) -> tuple[str, str] | None:
    """The scheme ("" when the URL is scheme-relative) and authority of a URL that reaches a host (http,
    https or ``//host``) as a browser reads it; None for a URL relative to the page or of another scheme.

    Read pessimistically: backslashes count as slashes and ``https:host`` as ``https://host``, as they do
    for the browser in some cases.
    """
    url = _URL_TABS.sub("", url).strip(_C0_AND_SPACE).replace("\\", "/")
    scheme = _URL_SCHEME.match(url)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name not in _DEFAULT_PORTS:
            return None
        rest = url[scheme.end() :]
    elif url.startswith("//"):
        name, rest = "", url
    else:
        return None
    return name, re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]


def _keeps_image(src: str, options: CleanOptions) -> bool:
    remote = _remote(src)
    if remote is None or options.image_hosts is None:
        return True
    scheme, authority = remote
    match = _AUTHORITY.fullmatch(authority)
    if match is None:
        return False
    if match.group(1).lower() in options.image_hosts:
        return True
    if not options.origin:
        return False
    page_scheme = options.origin.partition(":")[0]
    return origin(scheme or page_scheme, authority) == options.origin


def _safe_scheme(url: str) -> bool:
    scheme = _URL_SCHEME.match(_URL_TABS.sub("", url))
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def _tidy(soup: BeautifulSoup, options: CleanOptions) -> None:
    """Remove hidden content and inline styles; fix up images, iframes and tables."""
    # extract() rather than decompose(): a hidden element inside another one is then harmlessly
    # detached twice, and no element needs to be asked whether it is still alive.
    for tag in [tag for tag in _tags(soup) if _is_hidden(tag)]:
        tag.extract()
    for tag in _tags(soup):
        tag.attrs.pop("style", None)
        # nh3 checks the schemes of href and src only; cite (q, blockquote, del, ins) is a URL too.
        if tag.has_attr("cite") and not _safe_scheme(str(tag["cite"])):
            del tag["cite"]
        # The article's classes give way to readable's own: any of them could borrow the portal's
        # stylesheet (a modal backdrop over the page, a fixed fake notice, text hidden from sight but
        # read aloud). Only what readable understands in them, a lead or an author, is kept.
        role = _class_role(tag.get_attribute_list("class"))
        if role:
            tag["class"] = role
        else:
            tag.attrs.pop("class", None)
        if tag.name == "img":
            src = str(tag.get("src", ""))
            if not src:
                tag.extract()
                continue
            if not _keeps_image(src, options):
                _replace_with_alt(soup, tag)
                continue
            tag.attrs.setdefault("alt", "")
            tag["loading"] = "lazy"
            tag["decoding"] = "async"
            if _remote(src) is not None:
                tag["referrerpolicy"] = "no-referrer"
        elif tag.name == "iframe":
            frame = _IFRAME_SRC.match(str(tag.get("src", "")))
            if frame is None or frame.group(1).lower() not in options.iframe_hosts:
                tag.extract()
                continue
            tag["loading"] = "lazy"
            tag["sandbox"] = "allow-scripts allow-same-origin allow-presentation"
            tag["referrerpolicy"] = "strict-origin-when-cross-origin"
            tag.attrs.setdefault("title", options.embed_label)
        elif tag.name == "table":
            # The scrolling region is written around the table when the markup is serialized
            # (_wrap_tables): moving a table in the tree costs the size of everything inside it, which
            # made nested tables quadratic.
            caption = tag.find("caption", recursive=False)
            label = collapse(caption.get_text()) if caption else ""
            tag.attrs = {_TABLE_LABEL: label or options.table_label, **tag.attrs}


def _class_role(classes: list[str]) -> str:
    """readable's class for an element of the article with these classes: a lead, an author or none."""
    names = " ".join(c for c in classes if c and not c.lower().startswith("readable"))
    if not names:
        return ""
    if _LEAD_CLASS.search(names):
        return LEAD_CLASS
    return AUTHOR_CLASS if _AUTHOR_CLASS.search(names) else ""


def _replace_with_alt(soup: BeautifulSoup, img: Tag) -> None:
    """An image that must not be requested: its alt text, visible, in its place (nothing if it has none).

    The speech script skips it, as it skips the alt text of the images that are shown.
    """
    alt = collapse(str(img.get("alt", "")))
    if not alt:
        img.extract()
        return
    span = soup.new_tag("span", attrs={"class": IMAGE_ALT_CLASS, "data-readable-skip": ""})
    span.string = alt
    img.replace_with(span)


_CELLS = frozenset({"td", "th"})
# A column header is read before every cell under it: a longer one is cut.
_LONGEST_HEADER = 200
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


@dataclass(frozen=True, slots=True)
class _Cell:
    """How a table cell is read: its kind ("" to tell it by its tag) and its column header."""

    kind: str
    header: str = ""


def _children(tag: Tag, names: frozenset[str]) -> list[Tag]:
    return [child for child in tag.children if isinstance(child, Tag) and child.name in names]


def _span(cell: Tag) -> int:
    value = str(cell.get("colspan", "1")).strip()
    return min(int(value), 1000) if value.isdigit() and int(value) > 0 else 1


def _table_cells(soup: BeautifulSoup) -> dict[int, _Cell]:
    """How the cells of every table are read, by ``id()`` of the cell.

    A table whose rows all have one cell lays out the page: its cells are paragraphs. A table whose rows
    all open with a header cell names a value in each row: the cells after it are read after it. Otherwise
    a first row of header cells (``th``, or the row of a ``thead``) gives each column its header, which is
    read before every cell under it ("Địa bàn: Thành phố"); the header cells themselves are then not read
    on their own. Each table looks only at its own rows and cells, so nested tables cost no more.
    """
    cells: dict[int, _Cell] = {}
    for table in (tag for tag in _tags(soup) if tag.name == "table"):
        rows: list[tuple[Tag, bool]] = []
        for child in _children(table, _ROW_GROUPS | {"tr"}):
            if child.name == "tr":
                rows.append((child, False))
            else:
                rows += [(tr, child.name == "thead") for tr in _children(child, frozenset({"tr"}))]
        grid = [_children(tr, _CELLS) for tr, _ in rows]
        if grid and all(len(row) <= 1 for row in grid):
            for row in grid:
                for cell in row:
                    cells[id(cell)] = _Cell("heading" if cell.name == "th" else "paragraph")
            continue
        if grid and all(len(row) >= 2 and row[0].name == "th" and row[1].name == "td" for row in grid):
            # A header cell opening every row: a table of names and values ("Số hiệu: 15/2025/NĐ-CP").
            for row in grid:
                header = collapse(row[0].get_text())[:_LONGEST_HEADER]
                cells[id(row[0])] = _Cell("header")
                for cell in row[1:]:
                    cells[id(cell)] = _Cell("", header)
            continue
        if not grid or not grid[0] or not (rows[0][1] or all(c.name == "th" for c in grid[0])):
            continue
        headers: list[str] = []
        for cell in grid[0]:
            headers += [collapse(cell.get_text())[:_LONGEST_HEADER]] * _span(cell)
        used = False
        for row in grid[1:]:
            column = 0
            for cell in row:
                # A cell over several columns has a header only if they share it.
                over = set(headers[column : column + _span(cell)])
                header = over.pop() if len(over) == 1 else ""
                if header:
                    cells[id(cell)] = _Cell("", header)
                    used = True
                column += _span(cell)
        if used:
            for cell in grid[0]:
                cells[id(cell)] = _Cell("header")
    return cells


def _is_inline(node: object) -> bool:
    if isinstance(node, Tag):
        return node.name not in OWNER_TAGS and node.name != "hr"
    return isinstance(node, NavigableString)


def _wrap_loose_text(soup: BeautifulSoup) -> None:
    """Put runs of top-level inline content (text straight in the article) into paragraphs."""
    contents: list[PageElement] = []
    run: list[PageElement] = []

    def flush() -> None:
        if run and any(
            (n.strip() if isinstance(n, NavigableString) else isinstance(n, Tag) and n.get_text().strip())
            or (isinstance(n, Tag) and n.name == "img")
            for n in run
        ):
            contents.append(_enclose(soup, run))
        else:
            contents.extend(run)
        run.clear()

    for node in soup.contents:
        if _is_inline(node):
            run.append(node)
        else:
            flush()
            contents.append(node)
    flush()
    soup.contents = contents


def _enclose(soup: BeautifulSoup, run: list[PageElement]) -> Tag:
    """A new paragraph holding ``run``, consecutive children of ``soup``, linked in their place.

    Done on bs4's links directly: moving each node with extract() and append() costs several times the
    parse of the node, which made an article of loose text slow.
    """
    first, last = run[0], run[-1]
    paragraph = soup.new_tag("p")
    paragraph.parent = soup
    paragraph.contents = list(run)
    for node in run:
        node.parent = paragraph
    paragraph.previous_sibling, paragraph.next_sibling = first.previous_sibling, last.next_sibling
    if first.previous_sibling is not None:
        first.previous_sibling.next_sibling = paragraph
    if last.next_sibling is not None:
        last.next_sibling.previous_sibling = paragraph
    first.previous_sibling = last.next_sibling = None
    paragraph.previous_element, paragraph.next_element = first.previous_element, first
    if first.previous_element is not None:
        first.previous_element.next_element = paragraph
    first.previous_element = paragraph
    return paragraph


def _kind(tag: Tag, text: str, title: str, seen_title: bool, quoted: bool) -> str:
    name = tag.name
    if name in HEADINGS:
        if not seen_title and ((title and collapse(text) == title) or (not title and name == "h1")):
            return "title"
        return "heading"
    if name in ("figcaption", "caption"):
        return "caption"
    if name in ("li", "dt", "dd"):
        return "item"
    if name in ("td", "th"):
        return "cell"
    if quoted:
        return "quote"
    classes = tag.get_attribute_list("class")
    if LEAD_CLASS in classes:
        return "lead"
    if AUTHOR_CLASS in classes:
        return "author"
    return "paragraph"


def _skips(tag: Tag) -> bool:
    return str(tag.get("aria-hidden", "")).lower() == "true" or tag.has_attr("data-readable-skip")


@dataclass(slots=True)
class _Owner:
    tag: Tag
    quoted: bool
    #: The table cell the block stands in (itself, for a cell), if it has a column header.
    cell: Tag | None = None
    parts: list[str] = field(default_factory=list)


def _annotate(soup: BeautifulSoup, title: str, cells: dict[int, _Cell] | None = None) -> list[Block]:
    """Give every block that owns text a stable id; list the blocks in reading order.

    ``cells`` says how table cells are read (:func:`_table_cells`). The walk is iterative so that deeply
    nested input cannot exhaust the recursion limit.
    """
    cells = cells or {}
    owners: list[_Owner] = []
    # Each frame: the children still to visit, the block that owns their text, whether they are skipped
    # (aria-hidden, data-readable-skip), whether they stand in a quotation and the table cell with a
    # column header they stand in.
    stack: list[tuple[Iterator[PageElement], _Owner | None, bool, bool, Tag | None]] = [
        (iter(list(soup.contents)), None, False, False, None)
    ]
    while stack:
        children, owner, skipping, quoted, cell = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
        elif isinstance(node, Tag):
            child_owner = owner
            child_quoted = quoted or node.name == "blockquote"
            if node.name in _CELLS:
                cell = node if id(node) in cells and cells[id(node)].header else None
            elif node.name == "table":
                cell = None
            if node.name in OWNER_TAGS:
                child_owner = _Owner(node, child_quoted, cell)
                owners.append(child_owner)
            elif node.name == "br" and owner is not None and not skipping:
                owner.parts.append("\n")
            frame = (iter(list(node.contents)), child_owner, skipping or _skips(node), child_quoted, cell)
            stack.append(frame)
        elif isinstance(node, NavigableString) and owner is not None and not skipping:
            owner.parts.append(str(node))

    blocks: list[Block] = []
    used: dict[str, int] = {}
    seen_title = False
    announced: set[int] = set()  # cells whose header went with a block already
    for owner in owners:
        text = "".join(owner.parts)
        if not text.strip():
            continue
        kind = _kind(owner.tag, text, title, seen_title, owner.quoted)
        layout = cells.get(id(owner.tag))
        if layout is not None and layout.kind:
            kind = layout.kind
        header = ""
        if owner.cell is not None and id(owner.cell) not in announced:
            announced.add(id(owner.cell))
            header = cells[id(owner.cell)].header
        seen_title = seen_title or kind == "title"
        block_id = _unique_id(collapse(text), used)
        owner.tag["id"] = block_id
        blocks.append(Block(id=block_id, tag=owner.tag.name, kind=kind, text=text, header=header))
    return blocks


def _unique_id(text: str, used: dict[str, int]) -> str:
    """``rd-`` and a hash of the text; repeated texts get ``-2``, ``-3``... in order."""
    base = "rd-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    n = used.get(base, 0) + 1
    used[base] = n
    return base if n == 1 else f"{base}-{n}"


def split_selectors(value: str | Sequence[str]) -> tuple[str, ...]:
    """Accept selectors as a list or one comma-free string per line (config files are often strings)."""
    if isinstance(value, str):
        return tuple(s.strip() for s in value.splitlines() if s.strip())
    return tuple(value)
