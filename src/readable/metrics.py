"""Counters of this process, in the Prometheus text format (``/readable/metrics`` when enabled)."""

from __future__ import annotations

import threading

#: Name, help text.
COUNTERS = {
    "generations": "Articles whose audio this process made.",
    "cache_hits": "Requests answered with finished audio from the store.",
    "failures": "Generations that failed.",
    "fallbacks": "Generations that needed a fallback voice.",
    "queued": "Generations handed to the job queue.",
    "queue_unavailable": "Times the job queue could not be reached and audio was made in this process.",
}


class Metrics:
    def __init__(self) -> None:
        self._values = dict.fromkeys(COUNTERS, 0)
        self._lock = threading.Lock()

    def inc(self, name: str, by: int = 1) -> None:
        with self._lock:
            self._values[name] += by

    def __getitem__(self, name: str) -> int:
        return self._values[name]

    def render(self) -> str:
        lines = []
        with self._lock:
            for name, help_text in COUNTERS.items():
                metric = f"readable_{name}_total"
                lines += [
                    f"# HELP {metric} {help_text}",
                    f"# TYPE {metric} counter",
                    f"{metric} {self._values[name]}",
                ]
        return "\n".join(lines) + "\n"
