"""READABLE_SENDFILE: finished audio handed to the front server by a header; audio being made streamed."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from serving import free_port, serving

from readable import Readable, get_state
from readable.views import IMMUTABLE

ROOT = Path(__file__).resolve().parent.parent
SHORT = "<h1>Khánh thành cầu mới</h1><p>Sáng nay, tỉnh khánh thành cầu mới qua sông.</p>"


def make_app(store: Path, **config: object) -> Flask:
    app = Flask(__name__)
    app.config.update({"TESTING": True, "READABLE_VOICES": ("espeak",), "READABLE_AUDIO_FOLDER": str(store),
                       **config})  # fmt: skip
    Readable(app)
    return app


def register(app: Flask, html: str = SHORT) -> str:
    with app.test_request_context("/"):
        key = get_state(app).extension.register(html).audio_key
    assert key is not None
    return key


@pytest.fixture
def made(tmp_path: Path) -> tuple[Path, str, bytes]:
    """A store with one article's audio made; the bytes the application itself serves for it."""
    store = tmp_path / "store"
    app = make_app(store)
    key = register(app)
    assert get_state(app).audio.make(key) == "made"  # type: ignore[union-attr]
    response = app.test_client().get(f"/readable/audio/{key}.mp3")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body[:3] == b"ID3"
    return store, key, body


def test_nginx_gets_the_file_by_its_internal_location(made: tuple[Path, str, bytes]) -> None:
    store, key, body = made
    client = make_app(store, READABLE_SENDFILE="x-accel-redirect:/internal-audio/").test_client()
    for headers in ({}, {"Range": "bytes=100-199"}, {"If-None-Match": '"anything"'}):
        response = client.get(f"/readable/audio/{key}.mp3", headers=headers)
        assert response.status_code == 200 and response.get_data() == b""
        assert response.headers["X-Accel-Redirect"] == f"/internal-audio/{key[:2]}/{key}.mp3"
        assert response.mimetype == "audio/mpeg"
        assert response.headers["Cache-Control"] == IMMUTABLE
        # The front server answers Range and conditional requests with its own validators.
        assert "ETag" not in response.headers and "Content-Range" not in response.headers
        assert "X-Sendfile" not in response.headers
    # nginx's `alias` maps /internal-audio/ to the audio folder: that names exactly the file served.
    location = response.headers["X-Accel-Redirect"].removeprefix("/internal-audio/")
    assert (store / location).read_bytes() == body
    head = client.head(f"/readable/audio/{key}.mp3")
    assert head.headers["X-Accel-Redirect"] == response.headers["X-Accel-Redirect"]
    download = client.get(f"/readable/audio/{key}.mp3?download=1")
    assert download.headers["Content-Disposition"] == "attachment; filename=khanh-thanh-cau-moi.mp3"
    assert download.headers["X-Accel-Redirect"] == response.headers["X-Accel-Redirect"]


def test_apache_gets_the_files_path(made: tuple[Path, str, bytes]) -> None:
    store, key, body = made
    client = make_app(store, READABLE_SENDFILE="x-sendfile").test_client()
    response = client.get(f"/readable/audio/{key}.mp3", headers={"Range": "bytes=-500"})
    assert response.status_code == 200 and response.get_data() == b""
    path = Path(response.headers["X-Sendfile"])
    assert path.is_absolute() and path.read_bytes() == body
    assert path == (store / key[:2] / f"{key}.mp3").resolve()
    assert "X-Accel-Redirect" not in response.headers and response.mimetype == "audio/mpeg"


def test_audio_being_made_is_still_streamed_by_the_application(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store", READABLE_SENDFILE="x-accel-redirect:/internal-audio/")
    key = register(app)
    response = app.test_client().get(f"/readable/audio/{key}.mp3")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and body[:3] == b"ID3" and len(body) > 1000
    assert "X-Accel-Redirect" not in response.headers and response.headers["Cache-Control"] == "no-store"
    # Once made, it is handed over.
    again = app.test_client().get(f"/readable/audio/{key}.mp3")
    assert again.get_data() == b"" and again.headers["X-Accel-Redirect"].endswith(f"/{key}.mp3")
    # Unknown keys are still the application's 404: nothing is handed over.
    missing = app.test_client().get(f"/readable/audio/{'0' * 32}.mp3")
    assert missing.status_code == 404 and "X-Accel-Redirect" not in missing.headers


def test_without_sendfile_range_and_etag_are_the_applications(made: tuple[Path, str, bytes]) -> None:
    store, key, body = made
    client = make_app(store).test_client()
    whole = client.get(f"/readable/audio/{key}.mp3")
    whole.get_data()
    whole.close()
    assert "X-Accel-Redirect" not in whole.headers and "X-Sendfile" not in whole.headers
    part = client.get(f"/readable/audio/{key}.mp3", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.get_data() == body[100:200]
    part.close()
    same = client.get(f"/readable/audio/{key}.mp3", headers={"If-None-Match": whole.headers["ETag"]})
    assert same.status_code == 304
    same.close()


def _nginx() -> str | None:
    """An nginx binary: READABLE_NGINX, one on the path, or the one scripts/test unpacks into .tools/."""
    found = os.environ.get("READABLE_NGINX") or shutil.which("nginx")
    local = ROOT / ".tools" / "nginx" / "usr" / "sbin" / "nginx"
    return found or (str(local) if local.is_file() else None)


def readme_snippet() -> str:
    """The README's nginx location for READABLE_SENDFILE."""
    found = re.search(r"```nginx\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S)
    assert found, "the README shows no nginx snippet"
    return found.group(1)


@contextmanager
def nginx(app_port: int, store: Path, folder: Path) -> Iterator[int]:
    """nginx on a loopback port: the README's internal location, and everything else proxied to the app."""
    binary = _nginx()
    if binary is None:
        pytest.skip("no nginx here (scripts/test unpacks one into .tools/)")
    port = free_port()
    location = re.sub(r"alias [^;]+;", f"alias {store}/;", readme_snippet())
    config = folder / "nginx.conf"
    config.write_text(
        f"""
daemon off;
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
  access_log off;
  types {{ audio/mpeg mp3; }}
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location / {{ proxy_pass http://127.0.0.1:{app_port}; proxy_set_header Host $http_host; }}
    {location}
  }}
}}
""",
        "utf-8",
    )
    process = subprocess.Popen([binary, "-p", str(folder), "-c", str(config)], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()  # type: ignore[union-attr]
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)
        process.stderr.close()  # type: ignore[union-attr]


def http_get(
    port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_through_nginx_range_and_etag_behave_as_the_applications(
    made: tuple[Path, str, bytes], tmp_path: Path
) -> None:
    """The README's snippet in a real nginx: every answer about finished audio is what the application
    itself answers without READABLE_SENDFILE (statuses, bytes, validators honoured), and audio being made
    is streamed through the proxy."""
    store, key, body = made
    direct = make_app(store)
    handed = make_app(store, READABLE_SENDFILE="x-accel-redirect:/internal-audio/")
    fresh = register(handed, SHORT + "<p>Một đoạn nữa.</p>")
    path = f"/readable/audio/{key}.mp3"
    with serving(direct) as plain, serving(handed) as app, nginx(app.server_port, store, tmp_path) as port:
        whole = http_get(port, path)
        assert whole[0] == 200 and whole[2] == body
        assert whole[1]["Content-Type"] == "audio/mpeg" and whole[1]["Cache-Control"] == IMMUTABLE
        assert whole[1]["X-Content-Type-Options"] == "nosniff" and "X-Accel-Redirect" not in whole[1]
        assert whole[1]["Accept-Ranges"] == "bytes"
        etag, modified = whole[1]["ETag"], whole[1]["Last-Modified"]
        own = http_get(plain.server_port, path)[1]
        for theirs, ours in ((etag, own["ETag"]), (modified, own["Last-Modified"])):
            cases = {
                "range": {"Range": "bytes=100-199"},
                "suffix": {"Range": "bytes=-500"},
                "past the end": {"Range": f"bytes=-{len(body) + 10}"},
                "unsatisfiable": {"Range": f"bytes={len(body) + 10}-"},
                "if-range same": {"Range": "bytes=0-9", "If-Range": "{v}"},
                "if-range other": {"Range": "bytes=0-9", "If-Range": '"other"'},
                "not modified": {"If-None-Match" if theirs == etag else "If-Modified-Since": "{v}"},
            }
            for name, headers in cases.items():
                front = http_get(port, path, {k: v.format(v=theirs) for k, v in headers.items()})
                back = http_get(plain.server_port, path, {k: v.format(v=ours) for k, v in headers.items()})
                assert front[0] == back[0], name
                if front[0] != 416:
                    assert front[2] == back[2], name
                if front[0] == 206:
                    assert front[1]["Content-Range"] == back[1]["Content-Range"], name
        download = http_get(port, path + "?download=1")
        assert download[1]["Content-Disposition"] == "attachment; filename=khanh-thanh-cau-moi.mp3"
        assert download[2] == body
        streamed = http_get(port, f"/readable/audio/{fresh}.mp3")
        assert streamed[0] == 200 and streamed[2][:3] == b"ID3" and streamed[1]["Cache-Control"] == "no-store"
