"""Numbers that are codes, not quantities: phone numbers, hotlines, tax codes, document numbers, and
letters glued to digits ("U23", "Covid-19", "Quốc lộ 1A", "H5N1").

Phone numbers and anything after a cue word such as "hotline" or "mã số thuế" are read digit by digit,
the way an announcer reads them to be noted down. A document number keeps its number as a quantity and
reads its issuer codes from ``data/document_types.tsv``:
"Quyết định số 123/QĐ-UBND" → "... số một trăm hai mươi ba, quyết định Ủy ban nhân dân".
"""

from __future__ import annotations

import functools
import re

from . import letters, tables
from .numbers import Dialect, read_digits, read_int

# A Vietnamese phone number: 0 or +84, then 8 to 11 more digits in groups ("0912 345 678",
# "(024) 3825 1234" once brackets are gone, "028.3822.1234", "+84 912 345 678").
# (The boundary is checked after the first character, so the engine skips to "+", "(" and "0" quickly.)
_PHONE = re.compile(
    r"(\+(?<![\w.,]\+)84|\((?<![\w.,]\()0|0(?<![\w.,]0))"
    r"[ .-]?(\d{1,4}\)?(?:[ .-]?\d{2,4}){1,4})(?![\w]|[.,]\d)"
)
# Hotlines: 1800/1900 and four or six more digits ("1900 9095", "1800.1234").
_HOTLINE = re.compile(r"(?<![\w.,])(1[89]00)((?:[ .-]?\d{2,4}){1,2})(?![\w]|[.,]\d)")
_CODE_DIGITS = r"(\+?\d(?:[\d.-]|[ ](?=\d))*\d|\d)"
_DOCUMENT = re.compile(
    r"(?<![\w/])(\d{1,5})(?:/(\d{4}))?/((?:[A-ZĐ][\wĐđ]*)(?:[-–/&](?:[A-ZĐ][\wĐđ]*))*)(?![\w])"
)
# Party documents put the type first: "01-NQ/TU", "05-CT/TW".
_PARTY_DOCUMENT = re.compile(
    r"(?<![\w/])(\d{1,5})-([A-ZĐ][\wĐđ]*)/((?:[A-ZĐ][\wĐđ]*)(?:[-–/](?:[A-ZĐ][\wĐđ]*))*)(?![\w])"
)
_DIGIT = re.compile(r"\d")
# Vehicle plates: "43A-123.45", "30E-12345", "29LD-012.34", "51G1-234.56"; read digit by digit.
_PLATE = re.compile(r"(\d(?<![\w.,/-]\d)\d)([A-ZĐ]{1,2}\d?)[-. ]?(\d{3}\.\d{2}|\d{4,5})(?![\w]|[.,]\d)")
# "U.23", "U.19": an age group written with a dot.
_AGE_GROUP = re.compile(r"(?<![\w.])U\.(?=\d{2}(?!\d))")
# Web addresses and e-mail addresses: "www.danang.gov.vn", "https://dantri.com.vn/xa-hoi", "a.b@c.vn".
# Bounded repeats and no start inside a hyphenated or dotted run keep the scan linear on hostile text.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"{_LABEL}(?:\.{_LABEL}){{0,6}}\.[A-Za-z]{{2,6}}"
# After a protocol the host may also be a machine's name or an IP address ("http://localhost:8080").
_HOST = rf"(?:{_DOMAIN}|(?i:localhost)|\d{{1,3}}(?:\.\d{{1,3}}){{3}})"
_EMAIL = re.compile(rf"(?<![\w.@+-])([A-Za-z0-9][\w.+-]{{0,63}})@({_DOMAIN})(?![\w@-]|\.\w)")
_EMAIL_GUARD = re.compile(r"@(?<=[\w.+-]@)(?=[A-Za-z0-9])")
_URL = re.compile(
    rf"(?<![\w.@/-])(?:(?i:(?:https?|ftp)://)(?:www\.)?|(?i:www)\.)({_HOST}(?::\d{{1,5}})?)"
    rf"((?:/[\w%?=&.~+#-]{{0,200}}){{0,20}})"
    rf"(?<![.?])|(?<![\w.@/-])({_LABEL}(?:\.{_LABEL}){{0,6}}\.(?:{{tlds}}))(?![\w@-]|\.\w)"
    rf"((?:/[\w%?=&.~+#-]{{0,200}}){{0,20}})(?<![.?])"
)
# IPv6 addresses: "2001:0db8:85a3::8a2e:0370:7334", "fe80::1", found from a run of four colons or "::".
_IPV6_GUARD = re.compile(r":(?::|(?:[0-9A-Fa-f]{1,4}:){3})")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:]|\.\w)")
_HEX_RUN = re.compile(r"(\d+)|([A-Fa-f]+)|(:)")
# A digit glued to a letter (or after a letter and a hyphen): found from the digit, a quick guard.
_GLUED_DIGIT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_]-\d)|(?=[^\W\d_]))")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])-?(?=\d)|(?<=\d)(?=[^\W\d_])")


@functools.cache
def _cue_pattern() -> re.Pattern[str]:
    cues = tables.cues("digits")
    start = tables.starts(tables.group("cues.tsv", "digits"), ignorecase=True)
    # A list after the first code, "tổng đài 113, 114, 115": numbers of three digits or more, each a code.
    more = r"((?:[ \t]*(?:,|hoặc|và)[ \t]*\d{3,}(?:[ .-]\d+)*(?![\w]|[.,]\d))*)"
    return re.compile(rf"(?i:(?<!\w){start}({cues}))(\s*(?::|là|số)?\s*){_CODE_DIGITS}(?![\w]){more}")


# "0912-345-678-123", "12-34-56-78": three hyphens or more between groups of digits make a code, read
# digit by digit, group by group.
_DIGIT_CHAIN_GUARD = re.compile(r"-(?<=\d-)\d+-\d+-\d")
# (Found from its first digit, the boundary before it checked after it.)
_DIGIT_CHAIN = re.compile(r"\d(?<![\w.,-]\d)\d*(?:-\d+){3,}(?![\w-]|[.,]\d)")
# "4532 1234 5678 9012": three groups of four digits or more apart, a card or an account number, said
# digit by digit, group by group (not four numbers one after another).
_DIGIT_GROUPS_GUARD = re.compile(r" (?<=\d{4} )\d{4} \d{4}")  # found from the space
_DIGIT_GROUPS = re.compile(r"(?<![\w.,])\d{4}(?: \d{4}){2,}(?!\w|[.,]\d)")
# "RON 95-III", "RON92-II": a petrol's octane number and its emission level, said "rôn chín mươi lăm ba".
_FUEL_GRADE = re.compile(r"(?<![\w-])RON[ \t]?(\d{2,3})(?:-(II|III|IV|V)(?![\w-]))?")
_FUEL_LEVELS = {"II": "2", "III": "3", "IV": "4", "V": "5"}


def _fuel_grade(match: re.Match[str]) -> str:
    octane, level = match.group(1, 2)
    return f"RON {octane} {_FUEL_LEVELS[level]}" if level else f"RON {octane}"


# "01-01-2024", "05.06.2023": a date, not a phone number.
_DATE_SHAPE = re.compile(r"(?:0[1-9]|[12]\d|3[01])([-.])(?:0[1-9]|1[0-2])\1[12]\d{3}")


def _any_word(lower: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` (in lower case) is in ``lower``: a guard cheaper than a pattern that
    ignores case."""
    return any(word in lower for word in words)


def _phone(match: re.Match[str]) -> str:
    prefix, rest = match.group(1, 2)
    digits = sum(map(str.isdigit, rest))
    if not 7 <= digits <= 11 or _DATE_SHAPE.fullmatch(match.group()):
        return match.group()
    head = "cộng tám tư" if prefix.startswith("+") else "không"
    return f"{head} {read_digits(rest)}"


def _hotline(match: re.Match[str]) -> str:
    digits = match.group(1) + match.group(2)
    if sum(map(str.isdigit, digits)) not in (8, 10):
        return match.group()
    return read_digits(digits)


def _cued(match: re.Match[str]) -> str:
    code, more = match.group(3, 4)
    head = "cộng " if code.startswith("+") else ""
    return f"{match.group(1)}{match.group(2)}{head}{read_digits(code)}{_each_digit_by_digit(more)}"


# A number of a list ("113, 114", "111 và 1800 1567"), its spaces, dots and hyphens within.
_LISTED_CODE = re.compile(r"\d[\d .-]*\d|\d")


def _each_digit_by_digit(listed: str) -> str:
    """Every number of ``listed`` said digit by digit, what joins them kept."""
    return _LISTED_CODE.sub(lambda m: read_digits(m.group()), listed)


# "gọi 113", "đầu số 115": the emergency and public-service numbers are said digit by digit.
_SERVICE_NUMBER = re.compile(
    r"(?i:(?<!\w)((?:gọi(?: ngay)?(?: số)?|đầu số|số máy)[ \t]+))"
    r"(11[1-6](?:[ \t]*(?:,|hoặc|và)[ \t]*11[1-6])*)(?![\w]|[.,]\d)"
)


def _code_word(code: str) -> str:
    documents = tables.mapping("document_types.tsv")
    if code in documents:
        return documents[code]
    return tables.mapping("abbreviations.tsv").get(code, code)


def _document(match: re.Match[str], dialect: Dialect) -> str:
    number, year, codes = match.group(1, 2, 3)
    words = [_document_number(number, dialect)]
    if year:
        words.append("năm " + read_int(int(year), dialect))
    words.append(" ".join(_code_word(code) for code in re.split(r"[-–/&]", codes) if code))
    return ", ".join(words)


def _party_document(match: re.Match[str], dialect: Dialect) -> str:
    number, kind, issuer = match.group(1, 2, 3)
    codes = [kind, *re.split(r"[-–/]", issuer)]
    spoken = " ".join(_code_word(code) for code in codes if code)
    return f"{_document_number(number, dialect)}, {spoken}"


def _document_number(number: str, dialect: Dialect) -> str:
    return read_digits(number) if len(number) > 2 and number[0] == "0" else read_int(int(number), dialect)


@functools.cache
def _url_pattern() -> re.Pattern[str]:
    tlds = "|".join(re.escape(row[1]) for row in tables.columns("web.tsv") if row[0] == "tld")
    return re.compile(_URL.pattern.replace("{tlds}", tlds))


@functools.cache
def _tld_guard() -> re.Pattern[str]:
    """A known ending after a dot: whether the text may hold a bare address ("baodanang.vn")."""
    tlds = "|".join(re.escape(row[1]) for row in tables.columns("web.tsv") if row[0] == "tld")
    return re.compile(rf"\.(?:{tlds})(?![\w@-]|\.\w)")


@functools.cache
def _web_labels() -> dict[str, str]:
    return {row[0]: row[1] if len(row) > 1 else "" for row in tables.columns("web.tsv") if row[0] != "tld"}


#: Marks said in a host or a mailbox name ("example-domain.org", "admin_v2@..."); a path's slug is words.
_WEB_MARKS = {"-": "gạch ngang", "_": "gạch dưới", "+": "cộng", ":": "hai chấm"}
#: Marks said in a path: its query and its fragment ("?lang=vi#top").
_PATH_MARKS = {"?": "dấu hỏi", "#": "thăng"}
_WEB_PART = re.compile(r"([./])|(\d+)|([A-Za-z]+)|([^./\dA-Za-z]+)")
# A label that cannot be said as a word: no vowel, or three consonants that start it (but "ngh") or
# end it ("asdf", "fpt"); syllables run together inside ("thanhnien", "chinhphu") are fine.
_UNSAYABLE = re.compile(
    r"^[^aeiouy]*$|^(?!ngh)[b-df-hj-np-tv-xz]{3}|[b-df-hj-np-tv-xz]{3}$", re.IGNORECASE
)


# One unaccented Vietnamese syllable: "lan", "hoa", "nghe"; a short label that is not one is spelled.
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?",
    re.IGNORECASE,
)


# Two consonants that can open a syllable (Vietnamese or English); a label opening with another pair
# ("gmail", "nvidia") has its first letter said on its own: "gờ mail", "en nờ vidia".
_ONSETS = frozenset(
    "ch gh gi kh ng nh ph qu th tr bl br cl cr dr fl fr gl gr kl kr pl pr sc sk sl sm sn sp st sw tw wh wr "
    "kn ps sh dw".split()
)
_VOWELS = frozenset("aeiouy")


def _split_onset(label: str) -> tuple[str, str] | None:
    """ "nvidia" → ("n", "vidia"): a first consonant that cannot open a syllable with the next one, when
    what follows it opens one (a consonant and a vowel)."""
    low = label.lower()
    if len(low) < 4 or low[0] in _VOWELS or low[1] in _VOWELS or low[:2] in _ONSETS:
        return None
    if low[2] not in _VOWELS and low[1:3] not in _ONSETS:
        return None
    return label[0], label[1:]


def _unsayable(label: str, in_path: bool) -> bool:
    if len(label) <= 3 and not in_path and not _SYLLABLE.fullmatch(label):
        return True
    return len(label) <= 5 and _UNSAYABLE.search(label) is not None


def _web_words(address: str) -> str:
    """An address as it is read: its dots "chấm", slashes "gạch chéo", digits one by one ("abc123" is
    a name, not a quantity), "www" and the known labels from ``data/web.tsv``; a label that cannot be
    said as a word is spelled: three letters or fewer that are not a syllable ("abc", "fpt", but "lan"),
    five or fewer without a vowel or with three consonants at either end ("asdf"); in a path only the
    latter ("xa-hoi" is a slug of words); a longer label is a name."""
    words = []
    in_path = False
    for mark, digits, letters_, other in _WEB_PART.findall(address):
        in_path = in_path or mark == "/"
        if mark:
            words.append("chấm" if mark == "." else "gạch chéo")
        elif other:
            words.append((_PATH_MARKS if in_path else _WEB_MARKS).get(other, other))
        elif digits:
            words.append(read_digits(digits))
        elif letters_:
            words.append(_label(letters_, in_path))
    return " ".join(words)


def _label(word: str, in_path: bool) -> str:
    """A label of an address or a file name: its reading from ``data/web.tsv``, spelled when it cannot be
    said (see :func:`_web_words`), or the word."""
    known = _web_labels().get(word.lower())
    if known is not None:
        return known or word
    if _unsayable(word, in_path):
        return letters.spell(word.upper())
    if (split := _split_onset(word)) is not None:
        return f"{letters.spell(split[0].upper())} {split[1]}"
    return word


#: The endings that make a word with a dot a file's name ("report_2024.txt", "data.tar.gz").
_EXTENSIONS = (
    "txt log csv json xml html htm pdf doc docx xls xlsx ppt pptx odt zip rar gz tgz tar 7z bz2 xz jpg jpeg "
    "png gif svg webp bmp mp3 mp4 wav ogg avi mkv mov py js ts css sh bat exe msi dmg apk iso md yml yaml "
    "ini cfg conf sql db bak tmp"
).split()
# A file's name with its ending, after a folder path ("/home/user/", "C:\Users\dev\") or alone;
# possessive runs keep the scan linear.
_FILE = re.compile(
    r"(?<![\w./\\:-])((?:[A-Za-z]:)?[/\\]?(?:[\w-]++[/\\])*+)"
    rf"([\w-]++(?:\.[\w-]++)*?\.(?:{'|'.join(sorted(_EXTENSIONS, key=lambda e: (-len(e), e)))}))"
    r"(?![\w/\\-]|\.\w)"
)
# What _FILE needs, found from the dot: a known ending after a word.
_FILE_GUARD = re.compile(
    rf"\.(?<=\w\.)(?:{'|'.join(sorted(_EXTENSIONS, key=lambda e: (-len(e), e)))})(?![\w/\\-]|\.\w)"
)
_FILE_PART = re.compile(r"([/\\.:_-])|(\d+)|([^\W\d_]+)")
#: How the marks of a path and a file name are said.
_FILE_MARKS = {
    "/": "gạch chéo", "\\": "gạch chéo ngược", ".": "chấm", ":": "hai chấm", "_": "gạch dưới",
    "-": "gạch ngang",
}  # fmt: skip


def _file(match: re.Match[str]) -> str:
    """A path and a file name mark by mark, its numbers digit by digit, its words as in an address:
    "/home/user/data_v3.2.tar.gz" → "gạch chéo home gạch chéo user gạch chéo data gạch dưới v ba chấm hai
    chấm tar chấm gờ dét"."""
    words = []
    for mark, digits, word in _FILE_PART.findall(match.group()):
        if mark:
            words.append(_FILE_MARKS[mark])
        elif digits:
            words.append(read_digits(digits))
        else:
            words.append(_label(word, True))
    return " ".join(words)


def _url(match: re.Match[str]) -> str:
    if match.group(3):
        return _web_words(match.group(3) + match.group(4).rstrip("/"))
    domain, path = match.group(1, 2)
    head = "vê kép vê kép vê kép chấm " if re.search(r"(?i)www\.", match.group()) else ""
    return head + _web_words(domain + path.rstrip("/"))


def _ipv6(match: re.Match[str]) -> str:
    """An IPv6 address group by group, each character on its own, its colons "hai chấm"."""
    address = match.group()
    groups = address.split(":")
    full = len(groups) == 8 and all(groups)
    short = address.count("::") == 1 and ":::" not in address and any(ch.isalpha() for ch in address)
    if not (full or short):
        return address
    words = [
        read_digits(digits) if digits else letters.spell(hexes.upper()) if hexes else "hai chấm"
        for digits, hexes, _ in _HEX_RUN.findall(address)
    ]
    return " ".join(words)


def read_web(text: str, dialect: Dialect | None = None) -> str:
    """Read web and e-mail addresses: "www.danang.gov.vn" → "vê kép vê kép vê kép chấm danang chấm
    gov chấm vê nờ", "a@b.vn" → "a a còng b chấm vê nờ". Runs before codes and numbers."""
    if "@" in text and _EMAIL_GUARD.search(text):
        text = _EMAIL.sub(lambda m: f"{_web_words(m.group(1))} a còng {_web_words(m.group(2))}", text)
    if ":" in text and _IPV6_GUARD.search(text):
        text = _IPV6.sub(_ipv6, text)
    lower = text.lower()
    if "www." in lower or "://" in lower or _tld_guard().search(lower):
        text = _url_pattern().sub(_url, text)
    if "." in text and _FILE_GUARD.search(text):
        text = _FILE.sub(_file, text)
    return text


# "Đề án 06", "Chỉ thị 04": a document's number with a leading zero is said digit by digit.
_DOCUMENT_KINDS = (
    "đề án", "chỉ thị", "nghị quyết", "thông tư", "quyết định", "nghị định", "công văn", "kế hoạch",
    "thông báo",
)  # fmt: skip
_DOCUMENT_ZERO = re.compile(
    r"(?i:(?<!\w)(đề án|chỉ thị|nghị quyết|thông tư|quyết định|nghị định|công văn|kế hoạch|thông báo))"
    r"(\s+(?:số\s+)?)(0\d)(?![\w/-]|[.,]\d)"
)


# "123/4 đường Nguyễn Trãi", "số 15/3 phố Huế": a house number before a street, its slash said "xuyệt".
_HOUSE = re.compile(
    r"(?<![\w.,/])(\d{1,5})/(\d{1,4})(?=[ \t]+(?i:đường|phố|ngõ|ngách|hẻm|kiệt|quốc lộ|tỉnh lộ)(?!\w))"
)


# What the plate, house and document patterns need before they are worth running.
_PLATE_GUARD = re.compile(r"[A-ZĐ](?<=\d[A-ZĐ])")  # found from the capital: rarer than digits
_STREET = re.compile(r"đường|phố|ngõ|ngách|hẻm|kiệt|lộ")  # searched in the text in lower case
_CODE_AFTER_SLASH = re.compile(r"/[A-ZĐ]")


def _house(match: re.Match[str], dialect: Dialect) -> str:
    return f"{_document_number(match.group(1), dialect)} xuyệt {_document_number(match.group(2), dialect)}"


def _plate(match: re.Match[str]) -> str:
    province, series, serial = match.group(1, 2, 3)
    return f"{read_digits(province)} {_LETTER_DIGIT.sub(' ', series)} {read_digits(serial)}"


def read_codes(text: str, dialect: Dialect) -> str:
    """Read phone numbers, cued codes and document numbers; the step runs before dates and numbers."""
    if not _DIGIT.search(text):
        return text
    if "U." in text:
        text = _AGE_GROUP.sub("U ", text)
    if "RON" in text:
        text = _FUEL_GRADE.sub(_fuel_grade, text)
    if _PLATE_GUARD.search(text):
        text = _PLATE.sub(_plate, text)
    if tables.finder("digits").search(text.lower()):
        text = _cue_pattern().sub(_cued, text)
    if "-" in text and _DIGIT_CHAIN_GUARD.search(text):
        text = _DIGIT_CHAIN.sub(lambda m: ", ".join(read_digits(g) for g in m.group().split("-")), text)
    if _DIGIT_GROUPS_GUARD.search(text):
        text = _DIGIT_GROUPS.sub(lambda m: ", ".join(read_digits(g) for g in m.group().split()), text)
    text = _PHONE.sub(_phone, text)
    if " 0" in text and _any_word(text.lower(), _DOCUMENT_KINDS):
        text = _DOCUMENT_ZERO.sub(lambda m: f"{m.group(1)}{m.group(2)}{read_digits(m.group(3))}", text)
    if ("ọi " in text or "ố máy" in text or "ầu số" in text) and _SERVICE_NUMBER.search(text):
        text = _SERVICE_NUMBER.sub(lambda m: m.group(1) + _each_digit_by_digit(m.group(2)), text)
    if "1800" in text or "1900" in text:
        text = _HOTLINE.sub(_hotline, text)
    if "/" not in text:
        return text
    if _STREET.search(text.lower()):
        text = _HOUSE.sub(lambda m: _house(m, dialect), text)
    if _CODE_AFTER_SLASH.search(text):
        text = _DOCUMENT.sub(lambda m: _document(m, dialect), text)
        text = _PARTY_DOCUMENT.sub(lambda m: _party_document(m, dialect), text)
    return text


# A code: runs of ASCII letters and of digits, glued or joined by "-", "/", "_", "#" or "@" ("c325b",
# "abc-123-xyz", "iso/iec-27001", "user_2024_dev", "code#123"). Possessive runs keep the scan linear.
_CODE = re.compile(
    r"[A-Za-z\d](?<![\w.,/#@-][A-Za-z\d])(?:(?<=[A-Za-z])[A-Za-z]*+|(?<=\d)\d*+)"
    r"(?:[-/_#@]?(?:[A-Za-z]++|\d++))++(?![\w/#@-]|[.,]\d)"
)
_HUNDREDS = re.compile(r"[1-9]00")
# A letter and a digit side by side, or with a joiner between: what a code needs (found from its joiner
# or its digit, the letter before checked after it).
_CODE_GUARD = re.compile(r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z][-/_#@]\d)|[-/_#@]?[A-Za-z])")
_CODE_RUN = re.compile(r"([A-Za-z]+)|(\d+)|(.)")
# Any letter beside a digit, a joiner between or not: what both _CODE_GUARD and _GLUED_DIGIT need, in one
# scan for the many texts that have neither.
_LETTER_BESIDE_DIGIT = re.compile(r"\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_][-/_#@]\d)|[-/_#@]?[^\W\d_])")
#: How the joiners of a code are said: a hyphen or a slash inside a code is not read.
_CODE_JOINERS = {"-": " ", "/": " ", "_": " gạch dưới ", "#": " thăng ", "@": " a còng "}


def _model_number(runs: list[tuple[str, str, str]], index: int) -> bool:
    """ "DDR5-6400", "i9-14900K": after a family and its generation ("DDR5", "i9"), a dash and a model
    number or a speed, said as the number it is."""
    digits = runs[index][1]
    return (
        index >= 3
        and runs[index - 1][2] == "-"
        and bool(runs[index - 2][1])
        and bool(runs[index - 3][0])
        and digits[0] != "0"
        and len(digits) <= 5
    )


def _code(match: re.Match[str]) -> str:
    return _code_words(match.group())


@functools.lru_cache(maxsize=1024)
def _code_words(code: str) -> str:
    """A code with letters and digits: its letters and its short numbers are read on their own ("U23" →
    "U 23", "Covid-19", a whole hundred: "SP500"), a longer run digit by digit
    ("c325b" → "c ba hai năm b", "A321", "MH370"), as announcers read a model or a serial number. (Kept:
    a text repeats its codes.)"""
    runs = _CODE_RUN.findall(code)
    if not any(word for word, _, _ in runs) or not any(digits for _, digits, _ in runs):
        return code
    spoken = []
    for index, (word, digits, joiner) in enumerate(runs):
        if word:
            spoken.append(word)
        elif digits:
            long = len(digits) > 2 and not _HUNDREDS.fullmatch(digits) and not _model_number(runs, index)
            spoken.append(read_digits(digits) if long else digits)
        else:
            spoken.append(_CODE_JOINERS[joiner])
    return " ".join(spoken)


def split_letters_digits(text: str, dialect: Dialect | None = None) -> str:
    """Read codes of letters and digits ("c325b", "abc-123-xyz") and part letters from digits glued to
    them, so each is read on its own ("U23" → "U 23")."""
    if not _LETTER_BESIDE_DIGIT.search(text):
        return text
    if _CODE_GUARD.search(text):
        text = _CODE.sub(_code, text)
    if not _GLUED_DIGIT.search(text):
        return text
    return _LETTER_DIGIT.sub(" ", text)


# "upgrade/update", "P/E", "AN/ASQ": a slash between words written in ASCII letters.
_WORD_SLASH_GUARD = re.compile(r"/(?:(?<=[A-Za-z]/)|(?<=[A-Za-z][ \t]/))[ \t]?[A-Za-z]")
# (Found from its first letter, the boundary before it checked after it.)
_WORD_SLASH = re.compile(
    r"[A-Za-z](?<![\w/.@#-][A-Za-z])[A-Za-z]*+(?:[ \t]?/[ \t]?[A-Za-z]++)+(?![\w/@#]|\.\w)"
)


def _word_slash(match: re.Match[str]) -> str:
    parts = [part.strip() for part in match.group().split("/")]
    ratio = len(parts) == 2 and all(len(part) == 1 or part.isupper() for part in parts)
    return (" trên " if ratio else " gạch chéo ").join(parts)


def read_word_slashes(text: str, dialect: Dialect | None = None) -> str:
    """Say a slash between words in Latin letters: "trên" between capitals or single letters, a ratio
    ("P/E" → "P trên E"), "gạch chéo" between other words ("upgrade/update"); Vietnamese words joined
    by a slash ("nam/nữ") and the abbreviations ("đ/c", "V/v", read before) are left alone."""
    if "/" not in text or not _WORD_SLASH_GUARD.search(text):
        return text
    return _WORD_SLASH.sub(_word_slash, text)
