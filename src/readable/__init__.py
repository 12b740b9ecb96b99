"""readable: a Flask extension that makes articles easier to read and to listen to."""

from __future__ import annotations

from .article import Article, Block, CleanOptions, clean
from .extension import Readable, make_audio, prepare
from .state import get_state

__all__ = ["Article", "Block", "CleanOptions", "Readable", "clean", "get_state", "make_audio", "prepare"]
