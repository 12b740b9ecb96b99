"""Page chrome found in the raw markup, before the sanitizer flattens its structure, and removed there.

The sanitizer unwraps ``nav``, ``aside``, ``form`` and drops ``role`` and ``id``: what tells a portal's
navigation, related-article lists, share and rating widgets and comment boxes from the article is gone
after it. So one linear pass over the raw markup (the stack model of :mod:`readable.rawhtml`) measures
every element as it closes (its text, the part of it in links, a little of the text itself) and decides
then whether it is chrome:

* ``nav``, ARIA landmarks other than the article (navigation, complementary, contentinfo, banner, search),
  CMS classes and ids of share, related, comment, tag, rating, view-count, print and navigation blocks;
* a ``form`` without a heading or two paragraphs of prose (a search or comment form; a form that wraps
  the article, ASP.NET's aspnetForm, is kept and unwrapped by the sanitizer);
* ``aside``, ``header`` and ``footer`` made mostly of links or only of meta data;
* blocks made mostly of links; "Xem thêm:", "&gt;&gt;", "Từ khóa:", "Bài trước:" link paragraphs;
* a Vietnamese chrome heading ("Tin liên quan", "Ý kiến bạn đọc"…) and the blocks that follow it;
* short widgets of labels, counts and dates only ("Lượt xem: 1.234 | Bản in | Gửi email | Quay lại").

An element holding the article's ``h1``, ``main``, ``role=main``/``article``, ``itemprop=articleBody`` or
a body class (``entry-content``, ``fck_detail``…) is never chrome, nor are ``html`` and ``body``. The
decisions cost a bounded amount of work per element (texts are kept up to :data:`_CAP` characters, an
inline element without attributes is not even tracked), so the pass stays linear in the input. Chrome is
removed with everything inside it, from its start tag to the end tag that closes it; an element never
closed is kept (the model may be wrong about it: a removal may only ever fall short).
"""

from __future__ import annotations

import html
import re
from collections import Counter

from .rawhtml import _CLOSES_P, _P, _P_SCOPE, _RAW, _SEARCH, _SIBLINGS, _VOID, TagScanner

# How much of an element's text is kept to match the text rules against; longer texts are never chrome
# by their words.
_CAP = 240
_COMMENT_END = re.compile(r"--!?>")
_ATTR = re.compile(r"""\s(class|id|role|itemprop|action)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""", re.I)
_INLINE = frozenset(
    "a abbr b bdi bdo cite code data dfn em font i kbd mark q s samp small span strong sub sup time u"
    " var".split()
)
_LANDMARKS = frozenset("navigation complementary contentinfo banner search".split())
_MAIN_ROLES = frozenset({"main", "article"})
# Words of CMS classes and ids (WordPress, Joomla, Drupal, SharePoint, Vietnamese portals) that name chrome.
_CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:breadcrumbs?|share|sharing|sharedaddy|social|addtoany|a2a_kit|related(?:[-_]?posts?)?"
    r"|relatedposts|yarpp|tin-?lien-?quan|lien-?quan|tin-?khac|other-?news|more-?news|same-?category"
    r"|comments?|comment-respond|binh-?luan|y-?kien|rating|ratings|star-rating|vote"
    r"|post-?views|luot-?xem|view-?count|tags|tag-?list|tagcloud|tu-?khoa|keywords"
    r"|entry-meta|entry-footer|post-meta|article-info|pagenav|pager|pagination"
    r"|post-navigation|nav-links|nav-previous|nav-next|navbar|print|email|sendmail|goback"
    r"|back-?to-?top|toolbar|fb-like|fb-comments|zalo|search"
    r"|node__links|duong-?dan|sitemap\w*|ngay-?dang|ngay-?cap-?nhat)(?:$|[-_]|v?\d)",
    re.I,
)
# Words that name chrome only at the start of a class ("widget_recent_entries", not Elementor's
# "elementor-widget-text-editor"), and only for an element without a heading or prose: page builders and
# themes also use them for the column that holds the article.
_WEAK_NAME = re.compile(
    r"(?:widget|sidebar|menu|tools|utility|icons|login|newsletter|respond)(?:$|[-_]|v?\d)", re.I
)
# Class and id words of the article's own body: an element holding one is never chrome.
_BODY_NAME = re.compile(
    r"(?:^|[-_])(?:entry-content|article-?body|post-?body|detail-?content|content-?detail|news-?content"
    r"|fck_detail|noi-?dung|the-?content|story-?body|main-?content|articlebody)(?:$|[-_]|\d)",
    re.I,
)
# Headings that announce a list of links to other pages, then headings that announce the readers' comments.
_LINK_HEADING = (
    r"tin liên quan|các tin khác|tin khác|có liên quan|bài liên quan|bài viết liên quan|tin cùng chuyên mục"
    r"|tin mới hơn|tin cũ hơn|tin đã đưa|các bài viết khác|bài viết khác|xem thêm|đọc thêm|từ khóa|từ khoá"
    r"|thẻ|tags?|chủ đề|related posts|related articles|có thể bạn quan tâm|tin nổi bật|tin xem nhiều"
    r"|đọc nhiều|xem nhiều|chia sẻ bài viết|chia sẻ|nhãn|tin đã đưa|các tin đã đưa"
)
_COMMENT_HEADING = (
    r"ý kiến bạn đọc|ý kiến của bạn|gửi ý kiến|gửi bình luận|viết bình luận|để lại bình luận"
    r"|đánh giá bài viết|leave a reply|leave a comment"
    # The bare words are the title of a comment box only with a count ("Ý kiến (24)", "3 bình luận").
    r"|(?:ý kiến|bình luận|nhận xét|comments?)\s*\(\d+\)|\d+\s*(?:ý kiến|bình luận|nhận xét|comments?)"
)
_HEADING = re.compile(rf"\W*(?:({_LINK_HEADING})|({_COMMENT_HEADING}))(?:\s*\(\d+\))?\s*[:：]?\W*", re.I)
# A paragraph that opens with one of these and is otherwise mostly a link.
_LINK_LABEL = re.compile(
    r"\s*(?:>>|»|››)|\W*(?:xem thêm|đọc thêm|mời xem|xem tiếp|tin liên quan|bài liên quan|từ khóa|từ khoá"
    r"|thẻ|tags?|bài trước|bài sau|bài tiếp theo|bài viết trước|bài viết sau|tin trước|tin sau|previous post"
    r"|next post|chủ đề|nhãn)(?!\w)\s*[:：]?",
    re.I,
)
# Labels of the widgets portals put around an article; a short element made only of them, the words that go
# with them, counts and dates (and at least one label) is chrome.
_META_LABEL = (
    r"lượt xem|số lượt xem|lượt đọc|lượt thích|đã xem|đánh giá bài viết|bình chọn|bản in|in bài viết|in bài"
    r"|in trang|print|gửi email|gửi e-mail|gửi bài viết|gửi cho bạn bè|gửi tin|quay lại|trở về|trở lại"
    r"|về đầu trang|lên đầu trang|đầu trang|chia sẻ|share|tweet|thích|like|lưu bài|lưu tin|bình luận"
    r"|comments?|đăng ngày|ngày đăng|đăng lúc|được đăng|posted on|posted|zalo|facebook|twitter"
    r"|cỡ chữ|tăng cỡ chữ|giảm cỡ chữ|font chữ|nghe đọc bài|nghe bài viết|cập nhật lúc|ngày cập nhật"
)
_META_FILLER = (
    r"lượt|views?|đánh giá|điểm|sao|e-?mail|back|top|cập nhật|bởi|by|admin"
    r"|trang chủ|tải về|lúc|ngày|tháng|giờ|gmt|am|pm|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy|chủ nhật"
)
_META = re.compile(rf"(?i)\s*(?:(?>(?:{_META_LABEL}|{_META_FILLER})(?!\w)|\d[\d.,:/-]*|[^\w\s])\s*)++")
_META_WORD = re.compile(rf"(?i)(?<!\w)(?:{_META_LABEL})(?!\w)")
_CONTAINERS = frozenset("ul ol dl div section table tbody form article".split())
_HEADING_TAGS = frozenset("h2 h3 h4 h5 h6 p div dt header li".split())
_TEXT_RULES = frozenset("p div li dt dd section span aside header footer ul ol dl".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# A paragraph this long (characters other than spaces) is prose: a form holding two of them is the article's.
_PROSE = 60
_LINKS = "links"
_COMMENTS = "comments"


class _Frame:
    __slots__ = (
        "name",
        "start",
        "names",
        "role",
        "text",
        "size",
        "linked",
        "links",
        "protected",
        "headed",
        "prose",
        "pending",
        "follows",
    )

    def __init__(self, name: str, start: int, names: str, role: str) -> None:
        self.name = name
        self.start = start
        #: The element's class and id words (lower case).
        self.names = names
        self.role = role
        #: The first characters of its text (its kept children's text included).
        self.text = ""
        #: Characters of text (whitespace excluded), and how many of them stand in links.
        self.size = 0
        self.linked = 0
        self.links = 0
        #: Holds the article's h1 or main: never chrome.
        self.protected = False
        #: Holds a heading.
        self.headed = False
        #: How many paragraphs of prose (:data:`_PROSE` characters or more) it holds.
        self.prose = 0
        #: The last child was a chrome heading of this kind (nothing since).
        self.pending = ""
        #: The element follows a chrome heading of this kind.
        self.follows = ""

    def add_text(self, piece: str) -> None:
        if len(self.text) < _CAP:
            self.text += piece[: _CAP - len(self.text)]


def _attributes(tag: str) -> tuple[str, str, bool]:
    names, role, main = [], "", False
    for match in _ATTR.finditer(tag):
        key, value = match.group(1).lower(), match.group(2).strip("\"'").lower()
        if key == "role":
            role = value.strip()
            main = main or role in _MAIN_ROLES
        elif key == "itemprop":
            main = main or "articlebody" in value
        else:
            names.append(value)
            main = main or any(_BODY_NAME.search(word) for word in value.split())
    return " ".join(names), role, main


def _dense(frame: _Frame, share: float) -> bool:
    return frame.links > 0 and frame.linked >= share * frame.size


def _heading(frame: _Frame) -> str:
    """The kind of chrome heading ``frame`` is: links, comments or "" for none."""
    if frame.size == 0:  # nothing left in it but a chrome heading, if anything
        return frame.pending
    if frame.name not in _HEADING_TAGS or frame.size > _CAP:
        return ""
    heading = _HEADING.fullmatch(html.unescape(frame.text))
    if heading is None:
        return ""
    return _LINKS if heading.group(1) else _COMMENTS


def _is_chrome(frame: _Frame) -> tuple[bool, str]:
    """Whether ``frame`` is chrome; and the kind of chrome heading it is ("" for none)."""
    if frame.protected:
        return False, ""
    heading = _heading(frame)
    if heading:
        return True, heading
    name = frame.name
    if name in ("html", "body"):
        return False, ""
    if name == "form":  # a search or comment form; not one that wraps the article (ASP.NET's aspnetForm)
        return frame.prose < 2 and not frame.headed, ""
    if name == "nav" or frame.role in _LANDMARKS:
        return True, ""
    if frame.names:
        words = frame.names.split()
        if any(_CHROME_NAME.search(word) for word in words):
            return True, ""
        if frame.prose < 2 and not frame.headed and any(_WEAK_NAME.match(word) for word in words):
            return True, ""
    if name in ("aside", "header", "footer") and frame.links >= 2 and _dense(frame, 0.5):
        return True, ""
    if name in _CONTAINERS and frame.links >= 3 and _dense(frame, 0.75):
        return True, ""
    if frame.follows == _COMMENTS and name in _CONTAINERS:
        return True, ""
    if frame.follows == _LINKS and name in _CONTAINERS and _dense(frame, 0.5):
        return True, ""
    if frame.size > _CAP or name not in _TEXT_RULES:
        return False, ""
    text = html.unescape(frame.text)
    label = _LINK_LABEL.match(text)
    if label and frame.links and frame.linked * 2 >= len("".join(text[label.end() :].split())):
        return True, ""
    return bool(_META.fullmatch(text) and _META_WORD.search(text)), ""


def drop_chrome(text: str) -> str:
    """``text`` without the elements that are page chrome (see the module's description); linear time."""
    if "<" not in text:
        return text
    root = _Frame("", 0, "", "")
    stack = [root]
    spans: list[tuple[int, int]] = []
    in_link = 0
    open_count: Counter[str] = Counter()

    def close(frame: _Frame, end: int) -> None:
        nonlocal in_link
        if frame.name == "a":
            in_link -= 1
            frame.links += 1
        open_count[frame.name] -= 1
        parent = stack[-1]
        chrome, heading = _is_chrome(frame)
        if chrome:
            spans.append((frame.start, end))
            # The blocks after a chrome heading go while they are chrome: a list of related articles
            # may be one element per article.
            parent.pending = heading or frame.follows
            return
        parent.size += frame.size
        parent.linked += frame.linked
        parent.links += frame.links
        parent.protected = parent.protected or frame.protected
        parent.headed = parent.headed or frame.headed or frame.name in _HEADINGS
        parent.prose += frame.prose + (frame.name == "p" and frame.size >= _PROSE)
        parent.add_text(frame.text)
        if frame.name not in _INLINE:
            parent.add_text(" ")

    def pop_to(index: int, at: int, end: int) -> None:
        while len(stack) > index:
            frame = stack.pop()
            close(frame, end if len(stack) == index else at)

    def find_open(names: frozenset[str], boundary: frozenset[str]) -> int:
        for i in range(len(stack) - 1, max(0, len(stack) - 1 - _SEARCH), -1):
            if stack[i].name in names:
                return i
            if stack[i].name in boundary:
                break
        return -1

    def add_text(piece: str) -> None:
        size = len(piece) - sum(piece.count(c) for c in " \t\n\r\f")
        if not size:
            return
        top = stack[-1]
        top.size += size
        top.pending = ""
        if in_link:
            top.linked += size
        top.add_text(piece)

    scanner = TagScanner(text)
    for text_from, start, end, match in scanner:
        add_text(text[text_from:start])
        if match.group(1) or match.group(3) is None:  # a comment, doctype, processing instruction
            continue
        name = match.group(3).lower()
        if match.group(2):  # an end tag
            if open_count[name]:
                index = len(stack) - 1
                while stack[index].name != name:
                    index -= 1
                pop_to(index, start, end)
            continue
        if name in _VOID:
            if name == "br":
                stack[-1].add_text(" ")
            continue
        if name in _SIBLINGS:
            index = find_open(*_SIBLINGS[name])
            if index > 0:
                pop_to(index, start, start)
        if name in _CLOSES_P:
            index = find_open(_P, _P_SCOPE)
            if index > 0:
                pop_to(index, start, start)
        attributes = text[match.end() : end]
        names, role, main = _attributes(attributes) if "=" in attributes else ("", "", False)
        if name in _INLINE and name != "a" and not names and not role:
            # Nothing to decide about it: its text counts in its parent's (its end tag, if another
            # element of its name is open, closes that one early: a removal is only ever cut short).
            continue
        frame = _Frame(name, start, names, role)
        frame.protected = main or name in ("h1", "main")
        parent = stack[-1]
        frame.follows, parent.pending = parent.pending, ""
        if name in _RAW:
            scanner.skip_raw_text(name, end)
        if name == "a":
            in_link += 1
        elif name not in _INLINE:
            parent.add_text(" ")
        stack.append(frame)
        open_count[name] += 1
    if not spans:
        return text
    pieces = []
    position = 0
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < position:
            continue
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
