"""Articles in other languages, unit by unit: which languages, which voices, how they are read, their keys."""

from __future__ import annotations

import unicodedata

import pytest
from gtts.lang import tts_langs
from hypothesis import given, settings
from hypothesis import strategies as st

from readable.article import clean
from readable.audio.mp3 import ARTICLE_FORMAT
from readable.audio.script import audio_key, manifest
from readable.audio.service import chain_spec, make_chain
from readable.intl import normalize, normalize_en, split_sentences
from readable.languages import canonical, check, resolve, supported
from readable.settings import load
from readable.tts.espeak import voices as espeak_voices

# languages and voices -------------------------------------------------------------------------------------


def test_supported_is_what_both_libraries_speak() -> None:
    langs = supported()
    assert {"vi", "en", "fr", "zh", "de", "ja"} <= set(langs)
    gtts = {code.lower() for code in tts_langs()}
    for tag in langs:
        language = resolve(tag)
        assert language.gtts.lower() in gtts
        assert language.espeak in espeak_voices()
    # gTTS speaks Galician and Khmer, espeak-ng has no voice for them: not supported.
    assert "gl" in gtts and "gl" not in langs and "km" not in langs


def test_the_english_voice_is_espeaks_first_english_voice() -> None:
    english = resolve("en")
    assert (english.tag, english.gtts, english.iso639_2) == ("en", "en", "eng")
    languages = dict((language, priority) for priority, language in espeak_voices()[english.espeak])
    assert "en" in languages
    # No other voice ranks English higher.
    assert all(
        priority >= languages["en"]
        for voice in espeak_voices().values()
        for priority, language in voice
        if language == "en"
    )


@pytest.mark.parametrize(
    ("given", "tag", "gtts", "voice_language"),
    [
        ("EN_us", "en-US", "en", "en-us"),
        ("zh-TW", "zh-TW", "zh-TW", "zh"),
        ("fr-CA", "fr-CA", "fr-CA", "fr"),
        ("he", "he", "iw", "he"),  # gTTS still calls Hebrew by its old code
    ],
)
def test_tags_resolve_to_both_voices(given: str, tag: str, gtts: str, voice_language: str) -> None:
    language = resolve(given)
    assert (language.tag, language.gtts) == (tag, gtts)
    assert voice_language in {language for _, language in espeak_voices()[language.espeak]}


@pytest.mark.parametrize("bad", ["gl", "xx", "", "en us", "english", None, 7, "vi;en"])
def test_an_unsupported_lang_is_a_clear_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match="lang"):
        check(bad)


def test_vietnamese_is_always_supported_in_any_case() -> None:
    assert check("vi") == "vi" and check("VI-vn") == "vi-VN"
    assert canonical("zh-hant-tw") == "zh-Hant-TW"


def test_the_chain_for_an_english_article_speaks_english() -> None:
    settings = load({})
    chain = make_chain(settings, "en")
    gtts, espeak = chain.voices
    assert getattr(gtts, "lang") == "en"  # noqa: B009
    assert getattr(espeak, "voice") == resolve("en").espeak  # noqa: B009
    assert chain_spec(settings, "en") == ("gtts:com:en", f"espeak:{resolve('en').espeak}")
    # Vietnamese keeps its chain, and its spec, as before.
    assert chain_spec(settings) == ("gtts:com", "espeak:vi")
    assert getattr(make_chain(settings).voices[1], "voice") == "vi"  # noqa: B009


# English reading -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("1,250 projects", "one thousand, two hundred and fifty projects"),
        ("up 3.05 points", "up three point zero five points"),
        ("the 1st and 23rd", "the first and twenty-third"),
        ("In 2021 the", "In twenty twenty-one the"),
        ("from 2019–2020", "from twenty nineteen to twenty twenty"),
        ("98.7% of them", "ninety-eight point seven percent of them"),
        ("10–12% more", "ten to twelve percent more"),
        ("$3.5 million", "three point five million dollars"),
        ("€20 each", "twenty euros each"),
        ("$1", "one dollar"),
        ("$12.50", "twelve dollars, fifty cents"),
        ("at 9:30 a.m.", "at nine thirty a m"),
        ("at 7:05", "at seven oh five"),
        ("at 14:00", "at fourteen hundred"),
        ("On December 23, 2020,", "On December twenty-third, twenty twenty,"),
        ("on 5 January 2021", "on the fifth of January twenty twenty-one"),
        ("down to 5 °C", "down to five degrees Celsius"),
        ("call 0912", "call zero nine one two"),
    ],
)
def test_english_numbers_are_said_in_words(written: str, said: str) -> None:
    assert normalize_en(written) == said


def test_other_languages_read_whole_numbers_in_their_own_words_when_num2words_knows_them() -> None:
    assert normalize("Il y a 21 communes.", "fr") == "Il y a vingt et un communes."
    assert normalize("Es gibt 3 Kreise.", "de") == "Es gibt drei Kreise."
    # num2words has no Malay: the voice reads the digits itself.
    assert normalize("Ada 21 daerah.", "ms") == "Ada 21 daerah."
    # Numbers with separators are left alone (3,5 is three and a half in French, not a list).
    assert normalize("3,5 km", "fr") == "3,5 km"


def test_text_is_nfc_on_the_way_in() -> None:
    decomposed = unicodedata.normalize("NFD", "Café 2 résumé")
    assert normalize(decomposed, "fr") == "Café deux résumé"
    assert normalize_en(decomposed) == "Café two résumé"


def test_english_sentences() -> None:
    text = "Mr. Smith met U.S. officials at 9 a.m. on Monday. They agreed! Did they? Yes… “Good.” 再见。好"
    spans = [text[a:b] for a, b in split_sentences(text)]
    assert spans == [
        "Mr. Smith met U.S. officials at 9 a.m. on Monday.",
        "They agreed!",
        "Did they?",
        "Yes…",
        "“Good.”",
        "再见。",
        "好",
    ]
    assert split_sentences("") == [] and split_sentences("  ") == []


# the script and its key ------------------------------------------------------------------------------------

ENGLISH = "<h1>Floods in 2020</h1><p>HĐND approved 23/12 a plan for 1,200 homes. Work starts in May.</p>"


def test_no_vietnamese_rule_reads_an_english_article() -> None:
    script = manifest(clean(ENGLISH), lang="en")
    spoken = [s["spoken"] for s in script["sentences"]]
    # The Vietnamese rules would expand HĐND and read 23/12 as a date in Vietnamese.
    assert spoken == [
        "Floods in twenty twenty",
        "HĐND approved twenty-three/twelve a plan for one thousand, two hundred homes.",
        "Work starts in May.",
    ]
    assert script["language"] == "eng" and script["lang"] == "en"
    vietnamese = manifest(clean(ENGLISH))
    assert "lang" not in vietnamese and vietnamese["language"] == "vie"
    assert "Hội đồng nhân dân" in vietnamese["sentences"][1]["spoken"]


def test_captions_are_announced_in_english_or_not_at_all() -> None:
    html = "<p>Text.</p><figure><img src='a.png' alt=''><figcaption>The new bridge.</figcaption></figure>"
    said = [s["spoken"] for s in manifest(clean(html), lang="en")["sentences"]]
    assert said[-1] == "Photo caption: The new bridge."
    said = [s["spoken"] for s in manifest(clean(html), lang="fr")["sentences"]]
    assert said[-1] == "The new bridge."


def test_a_cut_english_article_ends_with_an_english_note() -> None:
    html = "".join(f"<p>Sentence number {n}.</p>" for n in range(10))
    said = manifest(clean(html), lang="en", max_sentences=3)["sentences"]
    assert [s["spoken"] for s in said][-1] == "This article is long; the rest is not read in this recording."
    said = manifest(clean(html), lang="de", max_sentences=3)["sentences"]
    assert len(said) == 3  # no note in a language readable has no catalog for


def test_the_audio_key_includes_the_language() -> None:
    html = "<p>Hanoi 2020.</p>"  # the same text
    settings = load({})
    keys = {
        lang: audio_key(manifest(clean(html), lang=lang), chain_spec(settings, lang), ARTICLE_FORMAT)
        for lang in ("vi", "en", "en-US", "fr")
    }
    assert len(set(keys.values())) == 4
    # Even with the same spoken words and voices, the language alone changes the key.
    english = manifest(clean("<p>Hanoi.</p>"), lang="en")
    french = {**english, "lang": "fr"}
    spec = ("espeak:x",)
    assert audio_key(english, spec, ARTICLE_FORMAT) != audio_key(french, spec, ARTICLE_FORMAT)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 .,:%$€£°C–-/stndrhJanuary")), max_size=60),
    st.sampled_from(["en", "fr", "de", "ja", "ru", "ms"]),
)
def test_the_reading_never_raises(text: str, lang: str) -> None:
    said = normalize(text, lang)
    assert isinstance(said, str)
    for start, end in split_sentences(text):
        assert text[start:end] == text[start:end].strip() != ""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_numbers_too_long_to_say_are_left_to_the_voice(lang: str) -> None:
    for written in ("1" * 5000, "$" + "9" * 400 + " million", "5" * 30 + "th", "1" * 16 + "%"):
        assert any(c.isdigit() for c in normalize(written, lang))
    assert normalize("1" * 15, lang)[:3] in ("one", "cen")
