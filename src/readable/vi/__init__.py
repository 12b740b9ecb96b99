"""Vietnamese for the ear: sentence splitting and the spoken form of news text."""

from __future__ import annotations

from .normalize import Processor, default_processors, normalize
from .numbers import read_int, read_number
from .sentences import split_sentences

__all__ = [
    "Processor",
    "default_processors",
    "normalize",
    "read_int",
    "read_number",
    "split_sentences",
]
