"""The demo under a production WSGI server, driven from another process on loopback.

    python bench/load.py [--workers 4] [--seconds 30]

1. gunicorn (gthread workers) serves the demo portal with the offline voice and an empty audio store.
2. 200 concurrent first requests for one article's audio: one generation (counted from the generation log
   lines of every worker process), 200 complete responses with identical bytes.
3. A sustained mix for ``--seconds``: article pages (wrapped by readable) and the finished audio (whole file
   or a Range), zero errors allowed; then the same article as a plain Flask page (no readable) for the
   same time. Throughput and p50/p99 latency of both, and their ratio.

    python bench/load.py --sendfile x-accel-redirect:/internal-audio/ [--seconds 5]

Between 2 and 3, Range and ETag on the finished audio, asked of the application directly: a range, a suffix
range, If-None-Match and If-Range answered exactly; with ``--sendfile`` (READABLE_SENDFILE) each of them
gets the empty answer naming the very file that was streamed, for the front server to send.

    python bench/load.py --soak MINUTES [--workers 4] [--clients 8]

Soak: mixed traffic for MINUTES (article pages, the settings form, cached audio whole and in ranges, its
state, static files, plain pages, and one listener asking for new articles' audio, made by the offline voice)
with a gunicorn worker killed (SIGKILL) half-way. Prints throughput, p50/p99 and errors before and after the
fault, each worker's memory at start and end, and checks that no request failed outside the seconds right
after the kill and that the audio made after it is complete.
Only 127.0.0.1 is ever a target.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    app = demo_app(
        {
            "READABLE_AUDIO_FOLDER": os.environ["BENCH_STORE"],
            "READABLE_VOICES": ("espeak",),
            "READABLE_SENDFILE": os.environ.get("BENCH_SENDFILE") or None,
        }
    )
    articles = {a.slug: a for a in load_articles()}

    @app.get("/new/<int:number>")
    def new(number: int) -> str:
        # A new article each time (its own audio key), for the soak's listener who makes audio.
        html = f"<p>Bản tin số {number}. Chiều 23/12, HĐND tỉnh họp phiên thứ {number % 30 + 1}.</p>"
        return render_template_string(
            "{{ readable_article(html, title=title) }}", html=html, title=f"Tin {number}"
        )

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


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def check_serving(port: int, audio: str, whole: bytes, store: Path, sendfile: str | None) -> bool:
    """Range and ETag on the finished audio, asked of the application directly.

    Without ``READABLE_SENDFILE`` the application answers them: a range is its exact bytes (206), a suffix
    range the end of the file, ``If-None-Match`` a 304, ``If-Range`` a range only while the ETag holds.
    With it, every one of these requests gets the same empty answer naming the same file (the front server
    then applies the Range and validators to it), and that file is exactly the audio that was streamed.
    """
    etag = fetch(port, audio)[1].get("ETag", "")
    cases = {
        "range": ({"Range": "bytes=100-199"}, 206, whole[100:200]),
        "suffix range": ({"Range": "bytes=-500"}, 206, whole[-500:]),
        "if-none-match": ({"If-None-Match": etag}, 304, b""),
        "if-range (same)": ({"Range": "bytes=0-9", "If-Range": etag}, 206, whole[:10]),
        "if-range (other)": ({"Range": "bytes=0-9", "If-Range": '"other"'}, 200, whole),
    }
    ok = True
    for name, (headers, status, body) in cases.items():
        got_status, got_headers, got_body = fetch(port, audio, headers)
        if sendfile:
            prefix = sendfile.split(":", 1)[-1]
            named = store / got_headers.get("X-Accel-Redirect", "").removeprefix(prefix)
            if "X-Sendfile" in got_headers:
                named = Path(got_headers["X-Sendfile"])
            good = got_status == 200 and got_body == b"" and named.is_file() and named.read_bytes() == whole
        else:
            good = got_status == status and got_body == body and bool(etag)
        print(f"  {name:<18} {got_status} {len(got_body):>8,} bytes  {'ok' if good else 'WRONG'}")
        ok &= good
    return ok


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


@contextmanager
def gunicorn(workers: int) -> Iterator[tuple[int, subprocess.Popen[bytes], Path]]:
    """The demo under gunicorn (gthread workers) with an empty store: its port, process and log file."""
    port = free_port()
    with tempfile.TemporaryDirectory() as store:
        log_path = Path(store) / "gunicorn.log"
        env = {**os.environ, "BENCH_STORE": str(Path(store) / "audio")}
        with log_path.open("wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--chdir", str(HERE), "-w", str(workers),
                 "-k", "gthread", "--threads", "64", "-b", f"127.0.0.1:{port}", "--timeout", "120",
                 "load:create_app()"],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        get(port, "/")
                        break
                    except OSError:
                        assert time.monotonic() < deadline and server.poll() is None, log_path.read_text()
                        time.sleep(0.2)
                yield port, server, log_path
            finally:
                server.terminate()
                server.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--soak", type=float, metavar="MINUTES", help="mixed traffic with a worker killed")
    parser.add_argument(
        "--sendfile",
        metavar="HOW",
        help='READABLE_SENDFILE for the served app ("x-accel-redirect:/internal-audio/" or "x-sendfile")',
    )
    args = parser.parse_args()
    if args.sendfile:
        os.environ["BENCH_SENDFILE"] = args.sendfile
    if args.soak:
        ok = soak(args.workers, args.soak * 60, args.clients)
        print("all checks met" if ok else "CHECKS FAILED")
        return 0 if ok else 1
    ok = True
    with gunicorn(args.workers) as (port, _, log_path):
        index = get(port, "/")[1]
        slugs = re.findall(r'href="/bai-viet/([^"]+)"', index.decode())
        page = get(port, f"/bai-viet/{slugs[0]}")[1].decode()
        audio = re.search(r"/readable/audio/[0-9a-f]{32}\.mp3", page).group(0)  # type: ignore[union-attr]

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=200) as pool:
            results = list(pool.map(lambda _: get(port, audio), range(200)))
        took = time.perf_counter() - start
        # With READABLE_SENDFILE, a request that comes once the audio is made gets it handed over (no body).
        bodies = [body for _, body in results if body or not args.sendfile]
        digests = {hashlib.sha256(body).hexdigest() for body in bodies}
        statuses = {status for status, _ in results}
        time.sleep(0.5)
        generations = log_path.read_text(errors="replace").count('"event": "generation"')
        size = len(bodies[0])
        print(
            f"200 concurrent first requests: {took:.2f} s, statuses {sorted(statuses)}, "
            f"{len(digests)} distinct bodies of {size:,} bytes ({len(results) - len(bodies)} handed over), "
            f"{generations} generation(s)"
        )
        ok &= statuses == {200} and len(digests) == 1 and generations == 1
        print("Range and ETag on the finished audio" + (f" ({args.sendfile})" if args.sendfile else "") + ":")
        ok &= check_serving(port, audio, bodies[0], log_path.parent / "audio", args.sendfile)

        mix = [f"/bai-viet/{slug}" for slug in slugs] + [audio]
        latencies, errors, _ = sustained(port, mix, args.seconds, args.clients)
        mixed = report("readable: pages + cached audio", latencies, errors, args.seconds)
        ok &= errors == 0
        latencies, errors, _ = sustained(port, [f"/plain/{slugs[0]}"], args.seconds, args.clients)
        plain = report("plain Flask page (same article)", latencies, errors, args.seconds)
        ok &= errors == 0
        print(f"throughput ratio (readable mix / plain page): {mixed / plain:.2f}")
    print("all checks met" if ok else "CHECKS FAILED")
    return 0 if ok else 1


# Soak: mixed traffic for minutes with a worker killed half-way.

#: Seconds after the kill during which failed requests are the fault's (those in flight on the killed worker).
FAULT_WINDOW = 5.0


@dataclass
class Outcome:
    at: float  # seconds since the soak started
    latency: float
    kind: str
    result: str  # "ok", "refused" (429 or 503 with Retry-After: a clear answer), or what went wrong


def workers_of(master: int) -> list[int]:
    """The pids of gunicorn's workers (the master's children)."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                children.append(int(entry))
    return sorted(children)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def soak(workers: int, seconds: float, clients: int) -> bool:
    with gunicorn(workers) as (port, server, log_path):
        index = get(port, "/")[1].decode()
        slugs = re.findall(r'href="/bai-viet/([^"]+)"', index)
        page = get(port, f"/bai-viet/{slugs[0]}")[1].decode()
        audio = re.search(r"/readable/audio/[0-9a-f]{32}\.mp3", page).group(0)  # type: ignore[union-attr]
        assets = re.findall(r'(?:href|src)="(/readable/static/[^"]+)"', page)
        status, body = get(port, audio)  # made once, then served from the store
        assert status == 200 and body[:3] == b"ID3", status
        size = len(body)
        for _ in range(3 * workers):  # every worker has wrapped a page and served the audio once
            get(port, f"/bai-viet/{random.choice(slugs)}")
            get(port, audio)
        pids = workers_of(server.pid)
        start_memory = {pid: rss_mb(pid) for pid in pids}

        outcomes: list[Outcome] = []
        lock = threading.Lock()
        began = time.monotonic()
        stop = began + seconds
        killed: list[tuple[float, int]] = []

        def record(outcome: Outcome) -> None:
            with lock:
                outcomes.append(outcome)

        def request(conn: http.client.HTTPConnection, method: str, path: str, **kw: Any) -> tuple[int, Any]:
            conn.request(method, path, **kw)
            response = conn.getresponse()
            response.read()
            return response.status, response

        def client(seed: int) -> None:
            rng = random.Random(seed)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                kind = rng.choices(
                    ["page", "prefs", "audio", "range", "state", "static", "plain"],
                    [40, 8, 12, 12, 8, 10, 10],
                )[0]
                t = time.monotonic()
                try:
                    if kind == "page":
                        cookie = rng.choice(
                            ["", "readable=size=150&contrast=on&speed=1", "readable=a&a&a&a&a&a&a&a&a"]
                        )
                        status, _ = request(
                            conn, "GET", f"/bai-viet/{rng.choice(slugs)}", headers={"Cookie": cookie}
                        )
                        good = status == 200
                    elif kind == "prefs":
                        form = f"size=larger&next=/bai-viet/{rng.choice(slugs)}"
                        status, _ = request(
                            conn,
                            "POST",
                            "/readable/prefs",
                            body=form,
                            headers={
                                "Content-Type": "application/x-www-form-urlencoded",
                                "Sec-Fetch-Site": "same-origin",
                            },
                        )
                        good = status == 303
                    elif kind in ("audio", "range"):
                        headers = {}
                        if kind == "range":
                            first = rng.randrange(0, size - 1)
                            headers["Range"] = f"bytes={first}-{min(size - 1, first + 65_535)}"
                        status, _ = request(conn, "GET", audio, headers=headers)
                        good = status == (206 if kind == "range" else 200)
                    elif kind == "state":
                        status, _ = request(conn, "GET", audio.replace(".mp3", ".json"))
                        good = status == 200
                    elif kind == "static":
                        status, _ = request(conn, "GET", rng.choice(assets))
                        good = status == 200
                    else:
                        status, _ = request(conn, "GET", f"/plain/{rng.choice(slugs)}")
                        good = status == 200
                    result = "ok" if good else f"status {status}"
                except (OSError, http.client.HTTPException) as error:
                    result = type(error).__name__
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                record(Outcome(t - began, time.monotonic() - t, kind, result))
            conn.close()

        made: list[tuple[float, bool]] = []

        def listener() -> None:
            """One listener at a time asks for a new article's audio (a generation in some worker)."""
            number = 0
            while time.monotonic() < stop:
                number += 1
                t = time.monotonic()
                try:
                    status, body = get(port, f"/new/{number}")
                    key = re.search(rb"/readable/audio/[0-9a-f]{32}\.mp3", body).group(0).decode()  # type: ignore[union-attr]
                    status, body = get(port, key)
                    if status == 200:
                        whole = body[:3] == b"ID3" and len(body) > 4096
                        made.append((t - began, whole))
                        result = "ok" if whole else "truncated audio"
                    else:
                        result = "refused" if status in (429, 503) else f"status {status}"
                except (OSError, http.client.HTTPException, AttributeError) as error:
                    result = type(error).__name__
                record(Outcome(t - began, time.monotonic() - t, "new audio", result))
                time.sleep(0.5)

        def fault() -> None:
            time.sleep(seconds / 2)
            victim = workers_of(server.pid)[0]
            killed.append((time.monotonic() - began, victim))
            os.kill(victim, signal.SIGKILL)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        threads += [threading.Thread(target=listener), threading.Thread(target=fault)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(1)
        end_pids = workers_of(server.pid)
        end_memory = {pid: rss_mb(pid) for pid in end_pids}
        generations = log_path.read_text(errors="replace").count('"event": "generation"')

    kill_at, victim = killed[0]
    print(
        f"soak: {seconds / 60:.1f} min, {workers} gunicorn workers, {clients} clients + 1 listener making "
        f"new audio; worker {victim} killed (SIGKILL) at {kill_at:.0f} s"
    )
    columns = ("requests", "rate/s", "p50 ms", "p99 ms", "refused")
    print(f"{'phase':<30} " + " ".join(f"{c:>8}" for c in columns) + f" {'errors':>7}")

    def in_fault(o: Outcome) -> bool:
        # Started in the seconds after the kill, or in flight when the worker died (answered after it).
        return o.at + o.latency >= kill_at and o.at < kill_at + FAULT_WINDOW

    before = [o for o in outcomes if o.at + o.latency < kill_at]
    window = [o for o in outcomes if in_fault(o)]
    after = [o for o in outcomes if o.at >= kill_at + FAULT_WINDOW]
    phases = [
        ("before the kill", before, kill_at),  # answered before it
        (f"kill + {FAULT_WINDOW:.0f} s", window, FAULT_WINDOW),
        ("after", after, seconds - kill_at - FAULT_WINDOW),
        ("whole run", outcomes, seconds),
    ]
    for name, chosen, span in phases:
        summary(name, chosen, span)
    for kind in sorted({o.kind for o in outcomes}):
        summary(f"  {kind}", [o for o in outcomes if o.kind == kind], seconds)
    errors = [o for o in outcomes if o.result not in ("ok", "refused")]
    kinds: dict[str, int] = {}
    for o in errors:
        kinds[f"{o.kind}: {o.result}"] = kinds.get(f"{o.kind}: {o.result}", 0) + 1
    print(f"errors by kind: {kinds or 'none'}")
    after_kill = [whole for at, whole in made if at > kill_at + FAULT_WINDOW]
    print(
        f"new audio: {len(made)} complete answers ({len(after_kill)} after the fault), "
        f"{sum(not w for _, w in made)} truncated; {generations} generations logged"
    )
    print("worker memory (RSS, MB):")
    for pid in sorted(set(start_memory) | set(end_memory)):
        first, last = start_memory.get(pid), end_memory.get(pid)
        note = " (killed)" if pid == victim else " (replacement)" if pid not in start_memory else ""
        print(f"  {pid:>8} start {fmt_mb(first)} end {fmt_mb(last)}{note}")
    outside = [o for o in errors if not in_fault(o)]
    ok = not outside and len(end_pids) == workers and bool(after_kill) and all(after_kill)
    print(f"errors outside the fault window: {len(outside)}; workers at the end: {len(end_pids)}/{workers}")
    return ok


def fmt_mb(value: float | None) -> str:
    return f"{value:7.1f}" if value is not None else "      -"


def summary(name: str, outcomes: list[Outcome], span: float) -> None:
    latencies = sorted(o.latency for o in outcomes)
    if not latencies:
        print(f"{name:<30} {0:>8}")
        return
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    refused = sum(o.result == "refused" for o in outcomes)
    errors = sum(o.result not in ("ok", "refused") for o in outcomes)
    rate = len(latencies) / span if span > 0 else 0.0
    print(f"{name:<30} {len(latencies):>8} {rate:>8.1f} {p50:>8.1f} {p99:>8.1f} {refused:>8} {errors:>7}")


if __name__ == "__main__":
    sys.exit(main())
