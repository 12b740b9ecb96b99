"""One logging style: events of the ``readable`` logger.

Each event is one record whose message is a JSON object (``{"event": "generation", "key": …}``), so a plain
handler writes one JSON line per event, and whose fields are also given as ``extra={"readable": {...}}`` for
structured handlers (a JSON formatter, a log shipper) that read record attributes.
"""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger("readable")


def event(level: int, name: str, *, exc_info: bool = False, **fields: Any) -> None:
    """Log the event ``name`` with ``fields`` at ``level``."""
    record = {"event": name, **fields}
    log.log(level, json.dumps(record, ensure_ascii=False, default=str), extra={"readable": record},
            exc_info=exc_info)  # fmt: skip
