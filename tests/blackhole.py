"""Loopback servers that play an unreachable Google: a "black hole" that accepts connections and never
answers (as a firewall dropping packets does), and one that answers only after a delay. Point the gtts voice
at them as its HTTPS proxy (``HTTPS_PROXY``, or a session's ``proxies``): only loopback is ever contacted."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests


@contextmanager
def black_hole(delay: float | None = None) -> Iterator[str]:
    """The proxy URL of a loopback server that accepts every connection and never answers (or, with
    ``delay``, answers ``502 Bad Gateway`` after that many seconds); closed on exit."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def answer(conn: socket.socket, at: float) -> None:
        while delay is not None and not stop.wait(max(0.0, at - time.monotonic())):
            try:
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            if delay is not None:
                threading.Thread(target=answer, args=(conn, time.monotonic() + delay), daemon=True).start()

    thread = threading.Thread(target=accept, name="black-hole", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        server.close()
        for conn in held:
            conn.close()


def join_voice_threads(timeout: float = 20.0) -> None:
    """Wait for requests to a black hole left behind (the gtts voice's threads) to give up, so that none is
    retried once the proxy setting is gone."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread.name.startswith(("readable-tts", "readable-gtts", "readable-gen")):
            thread.join(max(0.0, deadline - time.monotonic()))


def proxied(url: str) -> requests.Session:
    """A session whose HTTPS requests go to the proxy ``url`` (a black hole)."""
    session = requests.Session()
    session.proxies = {"https": url, "http": url}
    return session
