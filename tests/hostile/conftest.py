"""Fixtures shared by the hostile suites: the corpus, and an app that trusts one iframe host."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from readable import Readable

from .corpus import Vector, load

#: The one host whose iframes the hostile apps keep, so the iframe code path is attacked too.
TRUSTED_FRAME_HOST = "video.example"


@pytest.fixture(scope="session")
def vectors() -> list[Vector]:
    return load()


def make_app(audio_folder: Path, **config: Any) -> Flask:
    """A bare host application with readable, the offline voice only and one trusted iframe host; more
    ``READABLE_*`` settings from ``config``."""
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        SECRET_KEY="hostile",
        READABLE_VOICES=("espeak",),
        READABLE_AUDIO_FOLDER=str(audio_folder),
        READABLE_IFRAME_HOSTS=(TRUSTED_FRAME_HOST,),
        **config,
    )
    Readable(app)
    return app


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return make_app(tmp_path_factory.mktemp("audio"))
