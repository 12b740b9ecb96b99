"""The demo under a production WSGI server, driven from another process on loopback.

    python bench/load.py [--workers 4] [--seconds 30]

1. gunicorn (gthread workers) serves the demo portal with the offline voice and an empty audio store.
2. 200 concurrent first requests for one article's audio: one generation (counted from the generation log
   lines of every worker process), 200 complete responses with identical bytes.
3. A sustained mix for ``--seconds``: article pages (wrapped by readable) and the finished audio (whole file
   or a Range), zero errors allowed; then the same article as a plain Flask page (no readable) for the
   same time. Throughput and p50/p99 latency of both, and their ratio.
Only 127.0.0.1 is ever a target.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


def create_app():  # type: ignore[no-untyped-def]
    """The app gunicorn serves: the demo, plus each article as a plain page for the baseline."""
    import logging

    from flask import abort, render_template_string

    from readable.demo import create_app as demo_app
    from readable.demo import load_articles

    handler = logging.StreamHandler()
    logger = logging.getLogger("readable")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    app = demo_app({"READABLE_AUDIO_FOLDER": os.environ["BENCH_STORE"], "READABLE_VOICES": ("espeak",)})
    articles = {a.slug: a for a in load_articles()}

    @app.get("/plain/<slug>")
    def plain(slug: str) -> str:
        item = articles.get(slug) or abort(404)
        return render_template_string(
            "<!doctype html><html lang=vi><meta charset=utf-8><title>{{ a.title }}</title>"
            "<main>{{ a.html|safe }}</main></html>",
            a=item,
        )

    return app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def sustained(port: int, paths: list[str], seconds: float, clients: int) -> tuple[list[float], int, int]:
    """Each client keeps one connection and requests random paths until time is up."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            path = rng.choice(paths)
            headers = {}
            if path.endswith(".mp3") and rng.random() < 0.5:
                start = rng.randrange(0, 500_000)
                headers["Range"] = f"bytes={start}-{start + 65_535}"
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status in (200, 206)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], len(latencies)


def report(name: str, latencies: list[float], errors: int, seconds: float) -> float:
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    rate = len(latencies) / seconds
    print(
        f"{name:<34} {len(latencies):>7} requests {rate:>8.0f}/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
        f"errors {errors}"
    )
    return rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    port = free_port()
    ok = True
    with tempfile.TemporaryDirectory() as store:
        log_path = Path(store) / "gunicorn.log"
        env = {**os.environ, "BENCH_STORE": str(Path(store) / "audio")}
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--chdir", str(HERE), "-w", str(args.workers),
                 "-k", "gthread", "--threads", "64", "-b", f"127.0.0.1:{port}", "--timeout", "120",
                 "load:create_app()"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        status, index = get(port, "/")
                        break
                    except OSError:
                        assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
                        time.sleep(0.2)
                slugs = re.findall(r'href="/bai-viet/([^"]+)"', index.decode())
                page = get(port, f"/bai-viet/{slugs[0]}")[1].decode()
                audio = re.search(r"/readable/audio/[0-9a-f]{32}\.mp3", page).group(0)  # type: ignore[union-attr]

                start = time.perf_counter()
                with ThreadPoolExecutor(max_workers=200) as pool:
                    results = list(pool.map(lambda _: get(port, audio), range(200)))
                took = time.perf_counter() - start
                digests = {hashlib.sha256(body).hexdigest() for _, body in results}
                statuses = {status for status, _ in results}
                time.sleep(0.5)
                generations = log_path.read_text(errors="replace").count('"event": "generation"')
                size = len(results[0][1])
                print(
                    f"200 concurrent first requests: {took:.2f} s, statuses {sorted(statuses)}, "
                    f"{len(digests)} distinct bodies of {size:,} bytes, {generations} generation(s)"
                )
                ok &= statuses == {200} and len(digests) == 1 and generations == 1

                mix = [f"/bai-viet/{slug}" for slug in slugs] + [audio]
                latencies, errors, _ = sustained(port, mix, args.seconds, args.clients)
                mixed = report("readable: pages + cached audio", latencies, errors, args.seconds)
                ok &= errors == 0
                latencies, errors, _ = sustained(port, [f"/plain/{slugs[0]}"], args.seconds, args.clients)
                plain = report("plain Flask page (same article)", latencies, errors, args.seconds)
                ok &= errors == 0
                print(f"throughput ratio (readable mix / plain page): {mixed / plain:.2f}")
            finally:
                server.terminate()
                server.wait(30)
    print("all checks met" if ok else "CHECKS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
