"""Every setting is checked once, when the extension starts (readable.settings)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType

import pytest
from flask import Flask

from readable import Readable, settings
from readable.settings import DEFAULTS, Settings

ROOT = Path(__file__).resolve().parent.parent

#: For every key, values that must be refused: wrong type, out of range, and the near misses that were
#: silently coerced before (a string for a flag, one string for a list, zero for a count).
WRONG: dict[str, list[object]] = {
    "READABLE_URL_PREFIX": ["readable", "/readable/", "", 5],
    "READABLE_LANGUAGE": ["fr", None, "", "Auto"],
    "READABLE_ARTICLE_LANGUAGE": ["", "vi vn", 7, "tiếng Việt", "gl", "xx"],
    "READABLE_TEXT_SIZES": [(100,), "100,200", (100, 101), (100, 400), (True, 100), [], None],
    "READABLE_DEFAULT_SIZE": [120, "100", None, 1000],
    "READABLE_DROP_SELECTORS": [5, ["div["], [""], None],
    "READABLE_DROP_TEXT": ["PublishingPortal", ["("], [3], None],
    "READABLE_IFRAME_HOSTS": ["www.youtube-nocookie.com", ["https://x.vn/"], [""], None, 3],
    "READABLE_IMAGE_HOSTS": ["cdn.example.vn", ["https://cdn.example.vn/"], ["cdn.example.vn:8080"], [""], 3],
    "READABLE_SCOPE": ["site", None],
    "READABLE_COOKIE_NAME": ["", "a b", "a;b", None],
    "READABLE_COOKIE_MAX_AGE": [0, -1, "3600", 1.5, True],
    "READABLE_CACHE_SIZE": [-1, "256", None, 2.0],
    "READABLE_INCLUDE_ASSETS": ["yes", 1, None],
    "READABLE_AUDIO": ["no", 0, None],
    "READABLE_AUDIO_FOLDER": [5, "", ["a"]],
    "READABLE_AUDIO_MAX_BYTES": [0, -5, "2G", 1.5],
    "READABLE_VOICES": ["gtts", [], ["google"], ["espeak", "espeak"], None],
    "READABLE_GTTS_TLD": ["", "translate.google.com", "COM", None],
    "READABLE_GTTS_TIMEOUT": [0, -1, (1, 2, 3), ("1", 2), "10", None],
    "READABLE_GTTS_CONCURRENCY": [0, -2, "4", 1000],
    "READABLE_GTTS_DEADLINE": [0, -1, "20", None, float("nan")],
    "READABLE_FIRST_AUDIO_DEADLINE": [0, -1, "2.5", None, float("nan")],
    "READABLE_VOICE_COOLDOWN": [-1, "60", None],
    "READABLE_ESPEAK_VOICE": ["en", "", None],
    "READABLE_DIALECT": ["central", None],
    "READABLE_ABBREVIATIONS": [[("A", "b")], {"": "x"}, {"UBKT": 5}, "UBKT=Ủy ban", None],
    "READABLE_LEXICON": [{"COVID": ""}, {"": "x"}, {"A": 5}, {"A\tB": "x"}, 5, "", "/no/such/lexicon.tsv"],
    "READABLE_PAUSES": [{"word": 0.1}, {"end": -1}, {"end": "1"}, {"end": 60}, 0.25, None],
    "READABLE_READ_CAPTIONS": ["false", 0],
    "READABLE_MAX_SPEECH_CHARS": [0, "1000", None],
    "READABLE_MAX_SENTENCES": [0, -1, 2.5],
    "READABLE_SITE_NAME": [None, 5, "a\nb"],
    "READABLE_FALLBACK_RETRY": [-1, "600", None],
    "READABLE_FAILURE_RETRY": [-1, "30"],
    "READABLE_REDIS_URL": ["localhost:6379", "", 6379],
    "READABLE_QUEUE_WAIT": [-1, "25"],
    "READABLE_MAX_ARTICLE_BYTES": [0, "10M", None],
    "READABLE_MAX_ARTICLE_ELEMENTS": [0, "100000", -1, None],
    "READABLE_MAX_GENERATIONS": [0, "8", None],
    "READABLE_MAX_GENERATIONS_PER_CLIENT": [0, 1.0],
    "READABLE_METRICS": ["on", 1],
    "READABLE_PUBLIC_URL": ["portal.example.vn", "", "https://portal.example.vn?x=1", "ftp://x.vn", 5],
    "READABLE_FEED": ["yes", 1, None],
    "READABLE_FEED_SIZE": [0, 1001, "50", 2.5, None],
    "READABLE_FEED_PROVISIONAL": ["True", 1],
    "READABLE_FEED_IMAGE": ["", "logo.gif", "/a.png?v=2", "/a.jpeg", "//x.vn/a.png", "javascript:a.png", 5],
    "READABLE_FEED_CATEGORY": ["", "news", "News/", "Tin tức", None],
    "READABLE_SENDFILE": ["", "nginx", "X-Accel-Redirect:/a/", "x-accel-redirect:/internal-audio", True],
}


def test_every_key_has_wrong_values() -> None:
    assert set(WRONG) == set(DEFAULTS)


@pytest.mark.parametrize(
    ("key", "value"), [(key, value) for key, values in WRONG.items() for value in values]
)
def test_a_wrong_value_is_refused_naming_the_key(key: str, value: object) -> None:
    app = Flask(__name__)
    app.config[key] = value
    with pytest.raises(ValueError, match=rf"^{key} must be .+, not "):
        Readable(app)
    assert "readable" not in app.extensions


def test_the_defaults_pass_and_are_read_only() -> None:
    # (conftest points every app's audio folder into the test's own folder)
    folder = settings.DEFAULTS["READABLE_AUDIO_FOLDER"]
    assert settings.load({}) == dataclasses.replace(Settings(), audio_folder=folder)
    assert isinstance(DEFAULTS, MappingProxyType)
    with pytest.raises(TypeError):
        DEFAULTS["READABLE_AUDIO"] = False  # type: ignore[index]
    with pytest.raises(TypeError):
        Settings().abbreviations["UBKT"] = "x"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().audio = False  # type: ignore[misc]


def test_an_edited_mapping_does_not_leak_between_apps() -> None:
    first, second = Flask("first"), Flask("second")
    mine = {"UBKT": "Ủy ban Kiểm tra"}
    first.config["READABLE_ABBREVIATIONS"] = mine
    Readable(first)
    Readable(second)
    mine["HĐND"] = "changed"
    assert dict(settings_of(first).abbreviations) == {"UBKT": "Ủy ban Kiểm tra"}
    assert dict(settings_of(second).abbreviations) == {}


def test_values_are_normalized() -> None:
    loaded = settings.load(
        {
            "READABLE_TEXT_SIZES": [200, 100, 100, 150],
            "READABLE_IFRAME_HOSTS": ["www.youtube-nocookie.com"],
            "READABLE_GTTS_TIMEOUT": [2, 8],
            "READABLE_DROP_SELECTORS": ".share\n.print\n",
            "READABLE_AUDIO_FOLDER": Path("/tmp/x"),
        }
    )
    assert loaded.text_sizes == (100, 150, 200)
    assert loaded.iframe_hosts == frozenset({"www.youtube-nocookie.com"})
    assert loaded.gtts_timeout == (2.0, 8.0)
    assert loaded.drop_selectors == (".share", ".print")
    assert loaded.audio_folder == "/tmp/x"


def test_an_unknown_key_is_a_typo() -> None:
    app = Flask(__name__)
    app.config["READABLE_VOICE"] = ("espeak",)
    with pytest.raises(ValueError, match="READABLE_VOICE is not a setting"):
        Readable(app)


def test_later_config_changes_have_no_effect() -> None:
    app = Flask(__name__)
    app.config["READABLE_GTTS_CONCURRENCY"] = 2
    Readable(app)
    app.config["READABLE_GTTS_CONCURRENCY"] = 0
    app.config["READABLE_LANGUAGE"] = "fr"
    assert settings_of(app).gtts_concurrency == 2 and settings_of(app).language == "vi"


def test_the_readme_table_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(READABLE_[A-Z_]+)` \| (.+?) \|", readme, re.M))
    assert set(rows) == set(DEFAULTS)


def settings_of(app: Flask) -> Settings:
    from readable.state import get_state

    return get_state(app).settings
