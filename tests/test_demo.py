from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

from bs4 import BeautifulSoup
from serving import free_port

from readable.demo import CSP, create_app, load_articles


def test_demo_has_at_least_three_vietnamese_articles_seed_first() -> None:
    articles = load_articles()
    assert len(articles) >= 3
    assert articles[0].title.startswith("Tổng kết công tác tổ chức Đại hội đại biểu Đảng bộ tỉnh")


def test_index_and_articles_render_with_a_strict_policy() -> None:
    client = create_app({"TESTING": True}).test_client()
    index = client.get("/")
    assert index.status_code == 200 and index.headers["Content-Security-Policy"] == CSP
    assert "unsafe-inline" not in CSP
    links = [a["href"] for a in BeautifulSoup(index.text, "html.parser").select(".articles a")]
    assert len(links) >= 3
    for link in links:
        page = client.get(link)
        soup = BeautifulSoup(page.text, "html.parser")
        assert page.status_code == 200 and soup.html["lang"] == "vi"
        assert soup.select_one(".readable-toolbar") and soup.select_one(".readable-article h1")
        assert soup.find("link", href=lambda h: h and "readable.css" in h)
    assert client.get("/bai-viet/khong-co").status_code == 404
    with client.get("/Uploads/images/2020/12/24/cac-dai-bieu.jpg") as image:
        assert image.mimetype == "image/svg+xml"



def test_readable_demo_command_serves_on_loopback() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "readable.cli", "demo", "--port", str(port), "--no-audio-ahead"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "Tin tức" in body and "Tổng kết công tác" in body
    finally:
        proc.terminate()
        proc.wait(10)
        assert proc.stderr is not None
        proc.stderr.close()
