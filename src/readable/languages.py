"""Article languages: the languages both voices speak, and how each voice is asked for one.

Asked of the libraries themselves: gTTS's ``tts_langs()`` for Google's voice, and espeak-ng's own voice list
(``espeak_ListVoices``) for the offline voice. A language is supported when gTTS has it and espeak-ng has a
voice for it; the espeak-ng voice is the one espeak-ng ranks first for that language (``en``: British
English, ``zh``: Mandarin). Vietnamese (:data:`DEFAULT`) keeps ``READABLE_ESPEAK_VOICE``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

#: The language of an article that does not say (and of every article before ``lang=`` existed).
DEFAULT = "vi"

#: Tags gTTS knows under another (older) code.
_GTTS_ALIASES = {"he": "iw", "jv": "jw", "nb": "no"}

#: ISO 639-2 codes (the ID3 tag's language) of the languages both voices speak.
_ISO639_2 = dict(
    pair.split(":")
    for pair in (
        "af:afr am:amh ar:ara bg:bul bn:ben bs:bos ca:cat cs:ces cy:cym da:dan de:deu el:ell en:eng es:spa "
        "et:est eu:eus fi:fin fr:fra gu:guj he:heb hi:hin hr:hrv hu:hun id:ind is:isl it:ita ja:jpn kn:kan "
        "ko:kor la:lat lt:lit lv:lav ml:mal mr:mar ms:msa my:mya ne:nep nl:nld no:nor nb:nob pa:pan pl:pol "
        "pt:por ro:ron ru:rus si:sin sk:slk sq:sqi sr:srp sv:swe sw:swa ta:tam te:tel th:tha tr:tur uk:ukr "
        "ur:urd vi:vie yue:yue zh:zho"
    ).split()
)
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def is_vietnamese(tag: str) -> bool:
    """Whether ``tag`` is Vietnamese ("vi", "vi-VN"): read with the Vietnamese rules and voices."""
    return tag.split("-")[0].lower() == DEFAULT


def iso639_2(tag: str) -> str:
    """The ISO 639-2 code of ``tag``'s language (the ID3 tag's language): "en" → "eng"."""
    primary = tag.split("-")[0].lower()
    return _ISO639_2.get(primary, primary)


@dataclass(frozen=True, slots=True)
class Language:
    """One supported article language."""

    #: The tag as the page carries it (``lang="en"``), in its usual case: "en", "fr-CA", "zh-TW".
    tag: str
    #: The ``lang`` gTTS is given.
    gtts: str
    #: The espeak-ng voice (its identifier, such as "gmw/en").
    espeak: str
    #: ISO 639-2 code, for the audio's ID3 tag ("eng").
    iso639_2: str


def _espeak_voice(tag: str) -> str | None:
    """The voice espeak-ng ranks first for ``tag`` (or, failing that, for its primary language)."""
    from .tts import espeak

    for wanted in (tag.lower(), tag.split("-")[0].lower()):
        ranked = sorted(
            (priority, identifier)
            for identifier, languages in espeak.voices().items()
            for priority, language in languages
            if language == wanted
        )
        if ranked:
            return ranked[0][1]
    return None


def _gtts_lang(tag: str) -> str | None:
    from gtts.lang import tts_langs

    codes: dict[str, str] = {code.lower(): code for code in tts_langs()}
    primary = tag.split("-")[0].lower()
    for wanted in (tag.lower(), primary, _GTTS_ALIASES.get(primary, "")):
        if wanted in codes:
            return codes[wanted]
    return None


def is_tag(value: object) -> bool:
    """Whether ``value`` is shaped like a language tag ("en", "pt-BR"), spoken or not."""
    return isinstance(value, str) and bool(_TAG.fullmatch(value))


def canonical(tag: str) -> str:
    """``tag`` in the usual case of BCP 47: "EN_us" → "en-US", "zh-hant" → "zh-Hant"."""
    parts = re.split("[-_]", tag)
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def resolve(tag: str) -> Language:
    """The supported language ``tag`` names; ``ValueError`` saying why for any other."""
    if not isinstance(tag, str) or not _TAG.fullmatch(tag):
        raise ValueError(f'lang must be a language tag such as "vi" or "en", not {tag!r}')
    return _resolve(tag)


@functools.cache
def _resolve(tag: str) -> Language:
    tag = canonical(tag)
    gtts, voice = _gtts_lang(tag), _espeak_voice(tag)
    if gtts is None or voice is None:
        missing = " and ".join(name for name, found in (("gTTS", gtts), ("espeak-ng", voice)) if not found)
        raise ValueError(
            f"lang {tag!r} is not supported: {missing} cannot speak it (supported: {', '.join(supported())})"
        )
    return Language(tag, gtts, voice, iso639_2(tag))


def check(tag: object) -> str:
    """``tag`` in its usual case when both voices speak it (Vietnamese always); ``ValueError`` otherwise."""
    if isinstance(tag, str) and _TAG.fullmatch(tag) and is_vietnamese(tag):
        return canonical(tag)
    return resolve(tag).tag  # type: ignore[arg-type]  # resolve says what is wrong with anything else


@functools.cache
def supported() -> tuple[str, ...]:
    """Every language both voices speak, as gTTS names them (those with a region too: "fr-CA")."""
    from gtts.lang import tts_langs

    tags = set(tts_langs()) | {alias for alias, code in _GTTS_ALIASES.items() if code in tts_langs()}
    return tuple(sorted({canonical(tag) for tag in tags if _espeak_voice(tag) is not None}))
