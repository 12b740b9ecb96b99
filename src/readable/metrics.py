"""Counters and histograms, in the Prometheus text format (``/readable/metrics`` when ``READABLE_METRICS``).

Built on ``prometheus_client``. Each application has its own registry, so several applications in one process
(app factories, tests) never collide on metric names. Behind a server with several worker processes
(gunicorn), set ``PROMETHEUS_MULTIPROC_DIR`` to an empty folder before the server starts: every process then
writes its values into that folder, and a scrape answered by any worker sums them all
(``MultiProcessCollector``). In that mode the values belong to the process, not to one application.
"""

from __future__ import annotations

import functools
import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, values
from prometheus_client.multiprocess import MultiProcessCollector

#: Name (exposed as ``readable_<name>_total``), help text.
COUNTERS = {
    "generations": "Articles whose audio was made.",
    "cache_hits": "Requests answered with finished audio from the store.",
    "failures": "Generations that failed.",
    "fallbacks": "Generations that needed a fallback voice.",
    "queued": "Generations handed to the job queue.",
    "queue_unavailable": "Times the job queue could not be reached and audio was made by the web process.",
}

KIB = 1024
#: Name (exposed as ``readable_<name>``), help text, bucket bounds.
HISTOGRAMS = {
    "generation_seconds": (
        "Seconds to make one article's audio.",
        (0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600),
    ),
    "first_byte_seconds": (
        "Seconds from a request for audio being made to its first audio byte (after the tags).",
        (0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20),
    ),
    "audio_served_bytes": (
        "Bytes of audio in each response: a finished file, a range of it, or a stream while it is made.",
        tuple(KIB * n for n in (16, 64, 256, 512, 1024, 2048, 4096, 8192, 16384)),
    ),
}

Instruments = tuple[CollectorRegistry, dict[str, Counter], dict[str, Histogram]]


def multiprocess() -> bool:
    """Whether values go to ``PROMETHEUS_MULTIPROC_DIR``, shared by the processes of one server.

    Raises ``ValueError`` when that folder does not exist, or when it was set after ``prometheus_client`` was
    imported (which decides then where values are kept): scrapes would silently leave this process out.
    """
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return False
    if not os.path.isdir(folder):
        raise ValueError(f"PROMETHEUS_MULTIPROC_DIR must be an existing folder, not {folder!r}")
    if values.ValueClass is values.MutexValue:
        raise ValueError(
            "PROMETHEUS_MULTIPROC_DIR was set after prometheus_client was imported; set it in the server's "
            "environment before it starts"
        )
    return True


def _instruments() -> Instruments:
    registry = CollectorRegistry()
    counters = {name: Counter(f"readable_{name}", text, registry=registry) for name, text in COUNTERS.items()}
    histograms = {
        name: Histogram(f"readable_{name}", text, buckets=buckets, registry=registry)
        for name, (text, buckets) in HISTOGRAMS.items()
    }
    return registry, counters, histograms


#: In multiprocess mode a value is kept in this process's file under the metric's name: two instruments of
#: the same name in one process would overwrite each other's value there, so the process has one set.
_process_instruments = functools.cache(_instruments)


class Metrics:
    """The counters and histograms of one application (of the process, in multiprocess mode)."""

    def __init__(self) -> None:
        self.multiprocess = multiprocess()
        instruments = _process_instruments() if self.multiprocess else _instruments()
        self.registry, self._counters, self._histograms = instruments

    def inc(self, name: str, by: int = 1) -> None:
        if by:
            self._counters[name].inc(by)

    def observe(self, name: str, value: float) -> None:
        self._histograms[name].observe(value)

    def __getitem__(self, name: str) -> int:
        """A counter's value in this process."""
        return int(self.registry.get_sample_value(f"readable_{name}_total") or 0)

    def render(self) -> bytes:
        """The exposition: this application's values, or in multiprocess mode those of every process."""
        if not self.multiprocess:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
