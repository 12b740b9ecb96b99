"""Dates, times and ranges of them: "23/12", "24/12/2020", "tháng 4/2019", "15-17/3", "7h30", "8h".

Readings (Northern): "23/12" → "hai mươi ba tháng mười hai"; "tháng 4/2019" → "tháng tư năm hai nghìn
không trăm mười chín"; "15-17/3" → "mười lăm đến mười bảy tháng ba"; "7h30" → "bảy giờ ba mươi phút".
The fourth month is always "tư". A "dd/mm" is a date after a cue word ("ngày", "chiều", "từ" ...,
``data/cues.tsv`` group ``date``), a fraction before a counted noun ("14/63 tỉnh", group ``count``),
a rank or share after "thứ", "hạng", "đạt" (group ``rank``: "xếp thứ 4/10"), and otherwise a date
when it is a valid day and month ("18/19" never is). A "dd-mm" is a date only after a cue of group
``dashdate`` ("Sáng 5-1"). "a:b" is a ratio after group ``ratio`` or when it cannot be a time ("1:500"),
and a score after group ``score`` ("thắng 2:1"); "vòng 1/8" is read "một phần tám" (group ``part``).
"""

from __future__ import annotations

import functools
import re

from . import tables, units
from .numbers import Dialect, read_digits, read_int, read_number

MONTHS = (
    "",
    "một",
    "hai",
    "ba",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "tám",
    "chín",
    "mười",
    "mười một",
    "mười hai",
)

_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:1\d{3}|2\d{3})"
_HOUR = r"(?:[01]?\d|2[0-4])"
_MINUTE = r"(?:[0-5]\d)"
_DASH = r"\s*[-–—]\s*"
_BEFORE = r"(?<![\w/.,:-])"
_AFTER = r"(?![\w/]|[.,:]\d)"
# The first digit of a number with _BEFORE's boundary checked after it, so that the engine skips quickly
# from digit to digit; then the rest of a day, a month or an hour, by the first digit.
_FIRST = r"\d(?<![\w/.,:-]\d)"
_DAY_FROM_FIRST = rf"{_FIRST}(?:(?<=0)[1-9]|(?<=[12])\d?|(?<=3)[01]?|(?<=[4-9]))"
_MONTH_FROM_FIRST = rf"{_FIRST}(?:(?<=0)[1-9]|(?<=1)[0-2]?|(?<=[2-9]))"
_HOUR_FROM_FIRST = rf"{_FIRST}(?:(?<=[01])\d?|(?<=2)[0-4]?|(?<=[3-9]))"

# "24/12/2020", "24-12-2020", "24.12.2020" (one separator throughout), or "23/12".
_DATE_TAIL = rf"(?:/{_MONTH}(?:/{_YEAR})?|-{_MONTH}-{_YEAR}|\.{_MONTH}\.{_YEAR})"
_DATE = rf"{_DAY}{_DATE_TAIL}"
_DATE_RANGE = re.compile(rf"({_DAY_FROM_FIRST}{_DATE_TAIL})(?:{_DASH}({_DATE}))?{_AFTER}")
# "15-17/3", "15 - 17/3/2021": a range of days in one month.
_DAY_RANGE = re.compile(rf"({_DAY_FROM_FIRST}){_DASH}({_DAY})/({_MONTH})(?:/({_YEAR}))?{_AFTER}")
# "tháng 4/2019", "4/2019", "quý 1/2020" (a quarter is read by the roman/ordinal step).
_MONTH_YEAR = re.compile(rf"({_MONTH_FROM_FIRST})/({_YEAR}){_AFTER}")
_MONTH_BEFORE = re.compile(r"(?i:(?<!\w)tháng)\s+$")
_QUARTER_YEAR = re.compile(rf"(?i:(?<!\w)(quý)\s+)(\d|[IV]{{1,3}})/({_YEAR}){_AFTER}")
# "tháng 4", "tháng 12": the month's name; "tháng 1 2024": a month and a year without a slash.
_MONTH_NAME = re.compile(rf"([tT](?<!\w[tT])(?i:háng))\s+({_MONTH})(?:\s+({_YEAR}))?(?![\w/]|[.,]\d)")
# "7h30", "7h30'", "8h", "7g30", "7:30", "14:25:30", "14h-16h30"; "h" alone after a number is an hour.
_TIME_TAIL = rf"(?:[hH](?:{_MINUTE}(?:'|p|ph)?)?|[g:]{_MINUTE}(?::{_MINUTE})?)"
_TIME = rf"{_HOUR}{_TIME_TAIL}"
_TIME_RANGE = re.compile(rf"({_HOUR_FROM_FIRST}{_TIME_TAIL})(?:{_DASH}({_TIME}))?(?![\w:])( phút| giây)?")
# "8g sáng", "6g chiều": "g" after an hour before a part of the day is "giờ", not grams.
_HOUR_G = re.compile(rf"{_BEFORE}({_HOUR})g(?=\s+(?:sáng|trưa|chiều|tối|đêm|khuya)(?!\w))")
# "3p20s", "45p", "12p03s": minutes and seconds.
_MINUTES_SECONDS = re.compile(rf"{_BEFORE}(\d{{1,3}})p(?:(\d{{1,2}})s)?(?![\w/])")
# "7-9h", "14 - 16 giờ": a range of hours.
_HOUR_RANGE_GUARD = re.compile(r"[-–—](?=\s*\d{1,2}\s?(?:h|giờ)(?!\w))")
# What the month-year, day-range and hour-range patterns need, found from a slash or from the hour's letter.
_SLASH_YEAR = re.compile(r"/[12]\d{3}")
_DASH_DAY_SLASH = re.compile(r"[-–—]\s*\d\d?/")
_HOUR_AFTER_DIGIT = re.compile(r"(?:h|giờ)(?:(?<=\dh)|(?<=\d\sh)|(?<=\dgiờ)|(?<=\d\sgiờ))(?!\w)")
_P_AFTER_DIGIT = re.compile(r"p(?<=\dp)")
# What _TIME_RANGE needs: "h", "g" or ":" after a digit.
_TIME_MARK = re.compile(r"[hHg:](?<=\d[hHg:])")
# "hoạt động 24/7": round the clock, not the 24th of July, after a word that says what is done.
_ROUND_THE_CLOCK = re.compile(
    r"(?i:(?<!\w)((?:hoạt động|trực|túc trực|phục vụ|mở cửa|làm việc|hỗ trợ|liên tục|vận hành|sẵn sàng"
    r"|tiếp nhận)[ \t]+))24/7(?![\w/]|[.,]\d)"
)
# "năm học 2024/2025", "mùa giải 2024/25": two years in a row, a span read as the dash's ("đến").
_YEAR_SPAN = re.compile(r"(?<![\w.,/])((?:19|20)\d\d)/((?:19|20)?\d\d)(?![\w/]|[.,]\d)")
_YEAR_SPAN_GUARD = re.compile(r"/(?<=\d\d\d\d/)(?:19|20)?\d\d")
# What _MIXED needs: a space and a numerator before a slash, a digit before them.
_MIXED_SLASH = re.compile(r"/(?:(?<=\d \d/)|(?<=\d \d\d/))")
_PARTS_OF_DAY = ("sáng", "trưa", "chiều", "tối", "đêm", "khuya")
_HOUR_RANGE = re.compile(rf"{_BEFORE}({_HOUR}){_DASH}({_HOUR})\s?(h|giờ)(?![\w])")
_NUMBERS = re.compile(r"\d+")
_YEAR_ONLY = re.compile(r"(?:19|20)\d\d")
# "1:500", "1:25.000", "2:1": a ratio, a scale or a score (a time "7:30" is left for _TIME).
_RATIO = re.compile(
    rf"({_FIRST}(?:\d{{0,2}}(?:\.\d{{3}})+|\d*+)):(\d{{1,3}}(?:\.\d{{3}})+|\d++)(?![\w:]|[.,]\d)"
)
# "Sáng 5-1", "ngày 30-4": a day and a month joined by a hyphen after a cue word.
_DASH_DATE = re.compile(rf"({_DAY_FROM_FIRST})-({_MONTH})(?![\w/-]|[.,:]\d)")
_FOLLOWED_BY_MONTH = re.compile(r"\s*(?i:tháng|/)")
_PER_DAY = re.compile(r"(?i:(?<!\w)(?:mỗi|hằng|hàng|trong|một|bình quân|trung bình)\s+ngày)\s*$")
# "T4, 19/02/2025", "CN - 23/2": a weekday written short before a date, as CMS date lines put it.
_WEEKDAYS = {"T2": "thứ hai", "T3": "thứ ba", "T4": "thứ tư", "T5": "thứ năm", "T6": "thứ sáu",
            "T7": "thứ bảy", "CN": "chủ nhật"}  # fmt: skip
_WEEKDAY = re.compile(
    r"(?<![\w.])(T[2-7]|CN)[ \t]*,?[ \t]*(?:[-–][ \t]*)?(?=(?:ngày[ \t]+)?\d{1,2}/\d{1,2}(?!\d))"
)
_WEEKDAY_GUARD = re.compile(r"T[2-7]|CN")
# "19/02/2025 - 10:24": the dash between a date and its time is a pause.
_DASH_BEFORE_TIME = re.compile(r"[-–][ \t]+\d{1,2}:\d\d")
_DATE_DASH_TIME = re.compile(r"(\d{1,2}/\d{1,2}/\d{4})[ \t]+[-–][ \t]+(?=\d{1,2}:\d{2}(?!\d))")
# "23 1/5", "-5 2/3": a whole number and a proper fraction ("hai mươi ba và một phần năm").
_MIXED = re.compile(r"(?<![\w.,/-])(-?)(\d{1,4}) (\d{1,2})/(\d{1,2})(?![\w/]|[.,]\d)")
# The same matches, found from their first character (read with _MIXED's groups).
_MIXED_FROM_FIRST = re.compile(
    r"[-\d](?:(?<=-)(?<![\w.,/-].)\d{1,4}|(?<=\d)(?<![\w.,/-].)\d{0,3}) \d{1,2}/\d{1,2}(?![\w/]|[.,]\d)"
)
# "vòng 1/8", "giảm 1/2": a fraction read with "phần" after a cue of group "part" or "share".
_PART = re.compile(r"(?<![\w.,/])(\d{1,3})/(\d{1,3})(?![\w/]|[.,]\d)")


def _any_part_of_day(text: str) -> bool:
    return any(word in text for word in _PARTS_OF_DAY)


def _any_cue(group: str, text: str) -> bool:
    """Whether a cue word of ``group`` is anywhere in ``text``: whether a pattern that needs one before
    its match is worth running (the quick test of :func:`_cue_before`, over the whole text)."""
    return tables.finder(group).search(text.lower()) is not None


@functools.cache
def _cues(group: str) -> re.Pattern[str]:
    words = tables.cues(group)
    if group != "count":
        # The cue stands right before the date: "Chiều 23/12", "ngày 5/1", "từ ngày 15/3".
        return re.compile(rf"(?i:(?<!\w)(?:{words}))\s*$")
    return re.compile(rf"(?i:\s*(?:{words}))(?!\w)")


def _day_month(day: int, month: int, dialect: Dialect) -> str:
    return f"{read_int(day, dialect)} tháng {MONTHS[month]}"


def _read_date(written: str, dialect: Dialect) -> str:
    day, month, *year = (int(part) for part in _NUMBERS.findall(written))
    words = _day_month(day, month, dialect)
    if year:
        words += " năm " + read_int(year[0], dialect)
    return words


def _cue_before(group: str, text: str, start: int) -> bool:
    """Whether a cue word of ``group`` stands right before ``start`` of ``text`` (a quick test for any of
    its words in the 24 characters before comes first)."""
    window = text[max(0, start - 24) : start].lower()
    if not tables.finder(group).search(window):
        return False
    return _cues(group).search(text, max(0, start - 24), start) is not None


def _after(group: str, match: re.Match[str]) -> bool:
    """Whether a cue word of ``group`` stands right before ``match``."""
    return _cue_before(group, match.string, match.start())


@functools.cache
def _score_pattern() -> re.Pattern[str]:
    # A score cue, then up to four words of the same clause ("thắng Thái Lan", "tỷ số chung cuộc").
    return re.compile(rf"(?i:(?<!\w)(?:{tables.cues('score')}))((?:\s+[^\W\d_]+){{0,4}})\s*$")


def after_score(text: str, start: int) -> bool:
    """Whether the number at ``start`` of ``text`` is a score: a cue of group ``score`` stands before it,
    with only names or the words of group ``scorefill`` between ("thắng Thái Lan 1-3", "tỷ số chung
    cuộc 2:1", but not "thắng lợi 10-15 người")."""
    window = text[max(0, start - 48) : start].lower()
    if not tables.finder("score").search(window):
        return False  # the quick test: no score word at all
    found = _score_pattern().search(text, max(0, start - 48), start)
    if found is None:
        return False
    fill = tables.group("cues.tsv", "scorefill")
    words = found.group(1).split()
    return all(word[0].isupper() or word.lower() in fill for word in words)


def _ratio(match: re.Match[str], dialect: Dialect) -> str:
    first, second = match.group(1, 2)
    if after_score(match.string, match.start()):
        return f"{read_number(first, dialect)} {read_number(second, dialect)}"
    if len(first) > 2 and _YEAR_ONLY.fullmatch(second) and not _after("ratio", match):
        # "ISO 9001:2015", "TCVN 5574:2018": a standard and its year, the colon said by its name
        return f"{read_number(first, dialect)} hai chấm {read_number(second, dialect)}"
    is_time = len(second) == 2 and len(first) <= 2 and int(first) <= 24 and int(second) <= 59
    if is_time and not _after("ratio", match):
        return match.group()
    if len(second) == 2 and int(second) <= 59 and len(first) <= 3 and _after("duration", match):
        # "chạy 10.000m trong 27:45": minutes and seconds.
        return f"{read_int(int(first), dialect)} phút {read_int(int(second), dialect)} giây"
    return f"{read_number(first, dialect)} trên {read_number(second, dialect)}"


def _dash_date(match: re.Match[str], dialect: Dialect) -> str:
    """ "Sáng 5-1" is a date; "ngày 5-6 tháng 10", "mỗi ngày 5-7 lượt", "ngày 10-12 người" are ranges."""
    text = match.string
    if (
        not _after("dashdate", match)
        or _cues("count").match(text, match.end())
        or _FOLLOWED_BY_MONTH.match(text, match.end())
        or _PER_DAY.search(text, max(0, match.start() - 24), match.start())
    ):
        return match.group()
    return _day_month(int(match.group(1)), int(match.group(2)), dialect)


def part(numerator: int, denominator: int, dialect: Dialect) -> str:
    """A fraction read with "phần": "ba phần tư", "hai phần ba"."""
    below = "tư" if denominator == 4 else read_int(denominator, dialect)
    return f"{read_int(numerator, dialect)} phần {below}"


def _mixed(match: re.Match[str], dialect: Dialect) -> str:
    minus, whole, numerator, denominator = match.group(1, 2, 3, 4)
    if not 0 < int(numerator) < int(denominator) or _after("date", match):
        return match.group()
    sign = "âm " if minus else ""
    return f"{sign}{read_int(int(whole), dialect)} và {part(int(numerator), int(denominator), dialect)}"


def _part(match: re.Match[str], dialect: Dialect) -> str:
    numerator, denominator = int(match.group(1)), int(match.group(2))
    if _after("part", match) or (0 < numerator < denominator <= 10 and _after("share", match)):
        return part(numerator, denominator, dialect)
    return match.group()


def _is_date(match: re.Match[str]) -> bool:
    """A bare "dd/mm" is a fraction after a rank cue, or before a counted noun unless a date cue
    stands before it."""
    text = match.string
    if _cue_before("rank", text, match.start()):
        return False
    if _cue_before("date", text, match.start()):
        return True
    return not _cues("count").match(text, match.end()) and not units.unit_follows(text, match.end())


def _date_range(match: re.Match[str], dialect: Dialect) -> str:
    first, second = match.group(1, 2)
    if second is None and first.count("/") == 1 and not _is_date(match):
        if units.unit_follows(match.string, match.end()):
            return match.group()  # "3/4 kg": read with its unit by the quantities step
        # "01/13": a number written with a leading zero is said with it; "32/01" is no share but a code
        # (see quantities._fraction)
        parts = first.split("/")
        numerator, denominator = (read_digits(n) if n[0] == "0" else read_int(int(n), dialect) for n in parts)
        joiner = "gạch chéo" if len(parts[1]) > 1 and parts[1][0] == "0" else "trên"
        return f"{numerator} {joiner} {denominator}"
    words = _read_date(first, dialect)
    if second is not None:
        words += " đến " + _read_date(second, dialect)
    return words


def _day_range(match: re.Match[str], dialect: Dialect) -> str:
    first, last, month, year = match.group(1, 2, 3, 4)
    words = f"{read_int(int(first), dialect)} đến {_day_month(int(last), int(month), dialect)}"
    if year:
        words += " năm " + read_int(int(year), dialect)
    return words


def _month_year(match: re.Match[str], dialect: Dialect) -> str:
    month, year = match.group(1, 2)
    if _MONTH_BEFORE.search(match.string, max(0, match.start() - 16), match.start()):
        return f"{MONTHS[int(month)]} năm {read_int(int(year), dialect)}"  # "tháng" is written before
    if _after("rank", match):
        # "tỷ lệ 1/2000", "đạt 5/2020" is a share, not a month.
        return f"{read_int(int(month), dialect)} trên {read_int(int(year), dialect)}"
    return f"tháng {MONTHS[int(month)]} năm {read_int(int(year), dialect)}"


def _month_name(match: re.Match[str], dialect: Dialect) -> str:
    cue, month, year = match.group(1, 2, 3)
    words = f"{cue} {MONTHS[int(month)]}"
    return f"{words} năm {read_int(int(year), dialect)}" if year else words


def _read_time(written: str, dialect: Dialect) -> str:
    hour, *rest = (int(part) for part in _NUMBERS.findall(written))
    words = f"{read_int(hour, dialect)} giờ"
    for value, unit in zip(rest, ("phút", "giây"), strict=False):
        if value:
            words += f" {read_int(value, dialect)} {unit}"
    return words


def _time_range(match: re.Match[str], dialect: Dialect) -> str:
    first, second, unit = match.group(1, 2, 3)
    words = _read_time(first, dialect)
    if second is not None:
        words += " đến " + _read_time(second, dialect)
    # "10:20 phút", "12:00:30 giây": the unit written after the time is already said.
    return words


def _minutes_seconds(match: re.Match[str], dialect: Dialect) -> str:
    minutes, seconds = match.group(1, 2)
    words = f"{read_int(int(minutes), dialect)} phút"
    if seconds and int(seconds):
        words += f" {read_int(int(seconds), dialect)} giây"
    return words


def _year_span(match: re.Match[str], dialect: Dialect) -> str:
    first, second = int(match.group(1)), match.group(2)
    following = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if following != first + 1:
        return match.group()
    return f"{read_int(first, dialect)} đến {read_int(following, dialect)}"


def read_dates(text: str, dialect: Dialect) -> str:
    """Read the dates, times and their ranges in ``text``; other numbers are left for later steps."""
    if not _NUMBERS.search(text):
        return text
    # Each pattern runs only when the mark it needs is in the text: most sentences have few of them.
    slash, dash, colon = "/" in text, "-" in text or "–" in text or "—" in text, ":" in text
    if slash and "24/7" in text:
        text = _ROUND_THE_CLOCK.sub(r"\1hai mươi tư trên bảy", text)
    if slash and _YEAR_SPAN_GUARD.search(text):
        text = _YEAR_SPAN.sub(lambda m: _year_span(m, dialect), text)
    if slash and _WEEKDAY_GUARD.search(text):
        text = _WEEKDAY.sub(lambda m: _WEEKDAYS[m.group(1)] + ", ", text)
    if slash and dash and colon and _DASH_BEFORE_TIME.search(text):
        text = _DATE_DASH_TIME.sub(r"\1, ", text)
    if slash and _MIXED_SLASH.search(text):
        text = _MIXED_FROM_FIRST.sub(lambda m: _mixed(_MIXED.match(m.string, m.start()) or m, dialect), text)
    if slash and (_any_cue("part", text) or _any_cue("share", text)):
        text = _PART.sub(lambda m: _part(m, dialect), text)
    if colon:
        text = _RATIO.sub(lambda m: _ratio(m, dialect), text)
    if slash:
        if dash and _DASH_DAY_SLASH.search(text):
            text = _DAY_RANGE.sub(lambda m: _day_range(m, dialect), text)
        if _SLASH_YEAR.search(text):
            if "quý" in text or "Quý" in text or "QUÝ" in text:
                text = _QUARTER_YEAR.sub(lambda m: f"{m.group(1)} {m.group(2)} năm {m.group(3)}", text)
            text = _MONTH_YEAR.sub(lambda m: _month_year(m, dialect), text)
    if slash or dash or "." in text:
        text = _DATE_RANGE.sub(lambda m: _date_range(m, dialect), text)
    if dash and _any_cue("dashdate", text):
        text = _DASH_DATE.sub(lambda m: _dash_date(m, dialect), text)
    if "háng" in text or "HÁNG" in text:
        text = _MONTH_NAME.sub(lambda m: _month_name(m, dialect), text)
    if "g" in text and _any_part_of_day(text):
        text = _HOUR_G.sub(lambda m: f"{read_int(int(m.group(1)), dialect)} giờ", text)
    if "p" in text and _P_AFTER_DIGIT.search(text):
        text = _MINUTES_SECONDS.sub(lambda m: _minutes_seconds(m, dialect), text)
    if dash and _HOUR_RANGE_GUARD.search(text) and _HOUR_AFTER_DIGIT.search(text):
        text = _HOUR_RANGE.sub(
        lambda m: f"{read_int(int(m.group(1)), dialect)} đến {read_int(int(m.group(2)), dialect)} giờ",
        text,
    )
    if not _TIME_MARK.search(text):
        return text
    return _TIME_RANGE.sub(lambda m: _time_range(m, dialect), text)
